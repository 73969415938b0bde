// Package session runs one loaded model in pieces, for a front end that
// must yield between them: the browser's JavaScript API (wasm/), which
// calls Advance between animation frames, and the app (app/), which runs a
// budget of steps per frame. It has no syscall/js and no Ebiten, so its
// semantics are tested natively.
//
// A Session is one loaded model. Runs go in pieces: the caller asks for up
// to n steps at a time (Advance) and yields in between. Splitting is exact
// because time is an integer step count and every piece is a whole number
// of steps; splitting never changes where the run checks for a blow-up
// either, because pieces are multiples of CheckAlign steps counted from the
// start of each Network.Run of the unsplit run (see Advance). A run split
// into pieces of any size gives the results of `myelin run`
// (TestSplitRunsLikeOneRun).
//
// A Session is not safe for concurrent use.
package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/units"
)

// CheckAlign must equal core/sim's checkEvery: Network.Run scans for NaN and
// infinities every checkEvery steps counted from the start of the call, and
// at its end. Pieces that are multiples of it (except the last piece of a
// stretch) make a split run scan at exactly the steps an unsplit run scans,
// so even a run that blows up stops at the same step with the same
// recording. TestBlowUpSplitsLikeOneRun fails if the two drift apart.
const CheckAlign = 64

// setting is one Set of the front end, kept for rebuilds.
type setting struct{ name, value string }

// op is one piece of the work of a run: a change of values (a [[schedule]]
// set), or a stretch of steps that the unsplit run does in one Network.Run.
type op struct {
	set   *model.Setting
	steps int64
}

// job is a run in progress: what remains of it and how far it has come.
type job struct {
	ops   []op
	k     int   // the next op
	done  int64 // steps done of ops[k]
	total int64 // steps of all the runs of the job
	ran   int64 // steps done of the whole job
}

func (j *job) finished() bool { return j.k >= len(j.ops) }

// Session is a model loaded by a front end, with its run in progress.
type Session struct {
	name string
	src  []byte
	seed *uint64
	sets []setting // the set() calls, the latest for each name, in order
	// live are the constants the session builds as live columns
	// (model.Options.Live): the [[controls]] constants that allow it, and
	// those a SetLive has changed during a run since.
	live map[string]bool
	// uses caches File.ConstantUse, which depends on the file's text only.
	uses map[string]constantUse

	b      *model.Built
	job    *job          // the run in progress or paused, or nil
	wall   time.Duration // simulation loop time since the last (re)build
	runErr error         // the run blew up; kept until a rebuild
	seen   map[string]int
	resets int // how many times install put the session back at t = 0
}

// Error is an error for the front end: a message with its place in the
// file (line and col are 0 when it has none) and, for a model, every error.
type Error struct {
	Message string  `json:"message"`
	Line    int     `json:"line"`
	Col     int     `json:"col"`
	Errors  []Error `json:"errors,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// Built returns the network that runs now; it changes on Reset, on Set of
// a constant, and on a SetLive that rebuilds (a constant that is not live
// yet, or one that fixes the structure).
func (s *Session) Built() *model.Built { return s.b }

// Resets counts the times the session went back to t = 0 with a new
// network, nothing recorded and no run pending: Reset, Set of a constant,
// a SetLive that rebuilds at t = 0 or restarts. A front end compares it
// before and after a change to learn whether a pending run was dropped; a
// SetLive that makes a constant live keeps the run (and the count) even
// when it rebuilds at t = 0, before the first step.
func (s *Session) Resets() int { return s.resets }

// Name returns the file name the session was loaded with.
func (s *Session) Name() string { return s.name }

// Source returns the model file's text.
func (s *Session) Source() []byte { return s.src }

// T returns the simulated time, in seconds.
func (s *Session) T() float64 { return s.b.Net.T() }

// Wall returns the time spent in the simulation loop since the last
// (re)build.
func (s *Session) Wall() time.Duration { return s.wall }

// Pending reports whether a run is in progress or paused (Start was called
// and Advance has not finished it).
func (s *Session) Pending() bool { return s.job != nil }

// RunError returns the error that stopped the run, or nil.
func (s *Session) RunError() error { return s.runErr }

// Abort stops the run with err, as a blow-up does: the session refuses to
// run again until it is reset. A front end calls it when a call into the
// session panicked, since the network may be half-way through a step.
func (s *Session) Abort(err error) { s.job, s.runErr = nil, err }

// AsError converts an error of the core into an *Error with every
// error of a list.
func AsError(err error) *Error {
	var me *Error
	if errors.As(err, &me) {
		return me
	}
	var list model.ErrorList
	if !errors.As(err, &list) {
		var one *model.Error
		if errors.As(err, &one) {
			list = model.ErrorList{one}
		}
	}
	if len(list) == 0 {
		msg := strings.ReplaceAll(err.Error(), "\n", " ")
		return &Error{Message: msg, Errors: []Error{{Message: msg}}}
	}
	out := &Error{}
	for _, e := range list {
		line, col := 0, 0
		if e.Pos.IsValid() {
			line, col = e.Pos.Line, e.Pos.Col
		}
		out.Errors = append(out.Errors, Error{Message: e.Msg, Line: line, Col: col})
	}
	out.Message, out.Line, out.Col = out.Errors[0].Message, out.Errors[0].Line, out.Errors[0].Col
	return out
}

// New loads and builds a model. name is the file name that errors
// mention; seed, when not nil, replaces the file's seed.
func New(name string, src []byte, seed *uint64) (*Session, error) {
	if name == "" {
		name = "model.toml"
	}
	s := &Session{name: name, src: src, seed: seed}
	b, err := s.build(nil)
	if err != nil {
		return nil, err
	}
	s.install(b)
	return s, nil
}

// build loads the file again and builds it with the sets so far and extra.
func (s *Session) build(extra *setting) (*model.Built, error) {
	f, err := model.Load(s.name, s.src)
	if err != nil {
		return nil, AsError(err)
	}
	sets := s.sets
	if extra != nil {
		sets = append(append([]setting(nil), sets...), *extra)
	}
	for _, st := range sets {
		if err := f.Override(st.name, st.value); err != nil {
			return nil, AsError(err)
		}
	}
	if s.live == nil {
		s.live = map[string]bool{}
		for _, n := range f.LiveControls() {
			s.live[n] = true
		}
	}
	opts := model.Options{Live: s.liveNames()}
	if s.seed != nil {
		opts.Seed = s.seed
	}
	b, err := model.BuildWith(f, opts)
	if err != nil {
		return nil, AsError(err)
	}
	b.Net.Progress = nil
	return b, nil
}

// liveNames returns the names of s.live, sorted.
func (s *Session) liveNames() []string {
	out := make([]string, 0, len(s.live))
	for n := range s.live {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// install makes b the session's network, at t = 0 with nothing recorded.
func (s *Session) install(b *model.Built) {
	s.b, s.job, s.wall, s.runErr = b, nil, 0, nil
	s.seen = map[string]int{}
	s.resets++
}

// remember records a set() for rebuilds: the latest value of each name, in
// the order of the latest sets, which leaves the same state as applying
// every set in turn when each gives a value (rather than changing one).
func (s *Session) remember(st setting) {
	out := s.sets[:0:0]
	for _, o := range s.sets {
		if o.name != st.name {
			out = append(out, o)
		}
	}
	s.sets = append(out, st)
}

// Reset rebuilds the model from its file with the sets so far: back to
// t = 0, nothing recorded, no run in progress.
func (s *Session) Reset() error {
	b, err := s.build(nil)
	if err != nil {
		return err
	}
	s.install(b)
	return nil
}

// Set changes a constant (by rebuilding the model with it, back to t = 0) or
// a group's variable ("G.v" or "G.v[3]", now, for the rest of the run). It
// reports whether the model was rebuilt.
func (s *Session) Set(name, value string) (rebuilt bool, err error) {
	name = strings.TrimSpace(name)
	st := setting{name, value}
	if _, err := expr.ParseExpr(value); err != nil {
		return false, valueError(err, value)
	}
	if !strings.ContainsAny(name, ".[") {
		b, err := s.build(&st)
		if err != nil {
			return false, err
		}
		s.remember(st)
		s.install(b)
		return true, nil
	}
	// The file parses the name (group.var or group.var[index]) and checks the
	// group, as for --set; the setting is taken back off its list.
	f := s.b.File
	n := len(f.Overrides)
	if err := f.Override(name, value); err != nil {
		return false, AsError(err)
	}
	ov := f.Overrides[n]
	f.Overrides = f.Overrides[:n]
	if err := apply(s.b, ov); err != nil {
		return false, valueError(err, value)
	}
	s.remember(st)
	return false, nil
}

// SetLive is Set, except that a constant changed after the run has begun
// takes effect from now on, the run going on, as a Python variable
// assigned between two run() calls of a Brian2 script (or a [[schedule]]
// set) does, rather than back at t = 0: the app's sliders and the
// JavaScript API's set() use it.
//
// A constant that only code run during the simulation uses (and, once the
// run has begun, initial values: those were applied already) is a live
// column (model.Built.SetConstant): the change is a write, nothing is
// rebuilt, and the next step sees the new value. The session builds the
// [[controls]] constants that allow it live from the start; another such
// constant becomes live at its first change during a run, by one rebuild
// that takes over the running state (model.Built.AdoptState). A constant
// that fixes the network's structure (a group's size, connections, delays:
// model.UseStructure) cannot change in a running network: SetLive then
// restarts at t = 0, rebuilt with the new value as Set does, and returns
// restarted true with the reason in why. So does a change after the run
// has failed. Before the run begins, a constant that initial values or
// the structure use rebuilds the model at t = 0, as Set does, dropping a
// pending run (restarted is false: nothing had run); one that only the
// simulation's code uses becomes live as during a run, by a rebuild at
// t = 0 that keeps the pending run (Start was called, no step done), so
// that run goes on with the new value as it would after a change during
// the run (Resets tells the two rebuilds apart).
func (s *Session) SetLive(name, value string) (restarted bool, why error, err error) {
	name = strings.TrimSpace(name)
	if strings.ContainsAny(name, ".[") {
		_, err := s.Set(name, value)
		return false, nil, err
	}
	if _, err := expr.ParseExpr(value); err != nil {
		return false, nil, valueError(err, value)
	}
	begun := s.b.Net.Step() > 0
	if s.runErr != nil && begun {
		failed := s.runErr
		if _, err := s.Set(name, value); err != nil {
			return false, nil, err
		}
		return true, fmt.Errorf("the run had stopped: %v", failed), nil
	}
	if _, ok := s.b.File.Constant(name); !ok || s.runErr != nil {
		_, err := s.Set(name, value) // its error names the unknown constant
		return false, nil, err
	}
	st := setting{name, value}
	use, where := s.constantUse(name)
	switch {
	case use == model.UseRuntime || begun && use == model.UseInit:
		if s.b.IsLive(name) {
			if err := s.b.SetConstant(name, value); err != nil {
				return false, nil, valueError(err, value)
			}
			v, _ := s.b.ConstantValue(name)
			s.remember(setting{name, s.literal(name, v, value)})
			return false, nil, nil
		}
		// Made live once, taking over the running state; later changes
		// are writes. The value is evaluated now, with the values the
		// constants have, as a write would.
		v, err := s.b.EvalConstant(name, value)
		if err != nil {
			return false, nil, valueError(err, value)
		}
		st = setting{name, s.literal(name, v, value)}
		s.live[name] = true
		b, err := s.build(&st)
		if err != nil {
			delete(s.live, name)
			return false, nil, err
		}
		if !begun {
			// Nothing has run: the new network, at t = 0 with the new
			// value, is what the old one would be after a write, and the
			// pending run (if any) still fits it: its steps and
			// [[schedule]] sets come from the same file text, and dt,
			// which fixes the structure, is the same.
			s.remember(st)
			s.b = b
			return false, nil, nil
		}
		if why := b.AdoptState(s.b); why != nil {
			s.remember(st)
			s.install(b)
			return true, why, nil
		}
		// What the build set from the constant once (a PoissonGroup's
		// constant rates), adopted from the old network, takes the new
		// value.
		if err := b.FollowConstant(name); err != nil {
			delete(s.live, name)
			return false, nil, AsError(err)
		}
		s.remember(st)
		s.b = b
		return false, nil, nil
	case !begun:
		_, err := s.Set(name, value)
		return false, nil, err
	}
	b, err := s.build(&st)
	if err != nil {
		return false, nil, err
	}
	s.remember(st)
	s.install(b)
	return true, model.StructureError(name, where), nil
}

// constantUse is a constant's File.ConstantUse, cached.
type constantUse struct {
	use   model.ConstantUse
	where string
}

func (s *Session) constantUse(name string) (model.ConstantUse, string) {
	u, ok := s.uses[name]
	if !ok {
		if s.uses == nil {
			s.uses = map[string]constantUse{}
		}
		u.use, u.where = s.b.File.ConstantUse(name)
		s.uses[name] = u
	}
	return u.use, u.where
}

// literal returns v, the value of the constant name that given gave it,
// as a quantity that reads back exactly ("0.00262*volt"), to remember for
// rebuilds in place of given, which may refer to the constant's old value
// ("0.5*we + 1*mV"); when no such text reads back exactly, given.
func (s *Session) literal(name string, v float64, given string) string {
	c, ok := s.b.File.Constant(name)
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return given
	}
	text := strconv.FormatFloat(v, 'g', -1, 64)
	if !c.Value.Dim.IsDimensionless() {
		text += "*" + c.Value.Dim.String()
	}
	if q, err := units.Parse(text); err != nil || q.Value != v || q.Dim != c.Value.Dim {
		return given
	}
	return text
}

// valueError converts the errors of a set() value: those of its code (an
// expr.ErrorList or *expr.Error) have col, the column within the value.
func valueError(err error, value string) *Error {
	var list expr.ErrorList
	if !errors.As(err, &list) {
		var one *expr.Error
		if errors.As(err, &one) {
			list = expr.ErrorList{one}
		}
	}
	if len(list) == 0 {
		return AsError(err)
	}
	out := &Error{}
	for _, e := range list {
		col := 0
		if p := int(e.Pos); p >= 0 && p <= len(value) {
			col = utf8.RuneCountInString(value[:p]) + 1
		}
		out.Errors = append(out.Errors, Error{Message: e.Msg, Col: col})
	}
	out.Message, out.Col = out.Errors[0].Message, out.Errors[0].Col
	return out
}

// apply performs a [[schedule]] set on the built network, as Built.Run
// does: of a group's variable, or of a constant; errors in the value are
// expr errors with offsets in setting.Value.Text.
func apply(b *model.Built, st model.Setting) error {
	if st.Group == "" {
		// A constant, live since a [[schedule]] sets it: the code that
		// runs from now on sees the new value, as in Built.Run.
		return b.SetConstant(st.Var, st.Value.Text)
	}
	g, ok := b.Groups[st.Group]
	if !ok {
		return model.Errorf(st.KeyPos, "%s is not a neuron group", st.Group)
	}
	if st.Index < 0 {
		return g.Set(st.Var, st.Value.Text)
	}
	x, err := expr.ParseExpr(st.Value.Text)
	if err != nil {
		return err
	}
	c, err := expr.Check(x, b.Namespace())
	if err != nil {
		return err
	}
	in := c.Info()
	d, _ := g.Dim(st.Var)
	if !in.Const {
		return fmt.Errorf("a value for one element must be a constant expression")
	}
	if in.Dim != d {
		what := "dimensionless"
		if !in.Dim.IsDimensionless() {
			what = "in " + in.Dim.String()
		}
		return fmt.Errorf("%s.%s is in %s, but %s is %s", st.Group, st.Var, d, st.Value.Text, what)
	}
	if err := g.SetValue(st.Var, st.Index, in.Value); err != nil {
		return keyError{err}
	}
	return nil
}

// keyError is an error of apply about the name being set rather than the
// value (an index out of range).
type keyError struct{ error }

func (e keyError) Unwrap() error { return e.error }

// placeSetError puts an error of apply at its place in the file, as
// Built.Run does for the sets of a [[schedule]].
func placeSetError(st *model.Setting, err error) error {
	var ke keyError
	if errors.As(err, &ke) {
		return model.Errorf(st.KeyPos, "%v", ke.error)
	}
	var list expr.ErrorList
	var one *expr.Error
	if errors.As(err, &list) || errors.As(err, &one) || st.Index < 0 {
		return st.Value.Errors(err)
	}
	return model.Errorf(st.Value.Pos, "%v", err)
}

// program is the work of Built.Run(0): the [[schedule]], or [run] duration.
func (s *Session) program() *job {
	f, dt := s.b.File, s.b.Net.DT
	j := &job{}
	if len(f.Schedule) == 0 {
		j.ops = []op{{steps: int64(expr.Timestep(f.Run.Duration.Value.Value, dt))}}
	} else {
		for _, step := range f.Schedule {
			for k := range step.Set {
				j.ops = append(j.ops, op{set: &step.Set[k]})
			}
			if step.Run.IsSet() {
				j.ops = append(j.ops, op{steps: int64(expr.Timestep(step.Run.Value.Value, dt))})
			}
		}
	}
	for _, o := range j.ops {
		j.total += o.steps
	}
	return j
}

// ParseDuration reads run()'s argument: a time with units, not negative.
func ParseDuration(text string) (float64, error) {
	q, err := units.Parse(text)
	if err != nil {
		return 0, fmt.Errorf("run(%q): %v", text, err)
	}
	if q.Dim != units.DimTime || q.Value < 0 || math.IsInf(q.Value, 0) || math.IsNaN(q.Value) {
		return 0, fmt.Errorf("run(%q): give a time that is not negative, as in '100*ms'", text)
	}
	return q.Value, nil
}

// Start prepares a run: of duration seconds when explicit, else what is
// left of a paused run, else the model's own program (Built.Run(0)).
func (s *Session) Start(duration float64, explicit bool) error {
	if s.runErr != nil {
		return s.runErr
	}
	if explicit {
		steps := int64(expr.Timestep(duration, s.b.Net.DT))
		s.job = &job{ops: []op{{steps: steps}}, total: steps}
		return nil
	}
	if s.job == nil {
		s.job = s.program()
	}
	return nil
}

// Advance runs up to about max steps of the job (at least CheckAlign of a
// stretch when any remain; pieces are multiples of CheckAlign), applying
// the job's changes of values as it reaches them. It returns the steps run
// and whether the job is finished; a run that blows up ends the job with
// the error, and everything recorded so far is kept.
func (s *Session) Advance(max int64) (ran int64, finished bool, err error) {
	j := s.job
	if j == nil {
		return 0, true, s.runErr
	}
	fail := func(e error) (int64, bool, error) {
		s.job, s.runErr = nil, e
		return ran, true, e
	}
	for !j.finished() {
		o := &j.ops[j.k]
		if o.set != nil {
			if err := apply(s.b, *o.set); err != nil {
				return fail(placeSetError(o.set, err))
			}
			j.k++
			continue
		}
		left := o.steps - j.done
		if left <= 0 {
			j.k, j.done = j.k+1, 0
			continue
		}
		if ran >= max {
			break
		}
		n := (max - ran) / CheckAlign * CheckAlign
		if n < CheckAlign {
			n = CheckAlign
		}
		n = min(n, left)
		before := s.b.Net.Step()
		w, err := s.b.Net.Run(float64(n) * s.b.Net.DT)
		s.wall += w
		got := s.b.Net.Step() - before
		ran += got
		j.done += got
		j.ran += got
		if err != nil {
			return fail(err)
		}
		if got != n {
			return fail(fmt.Errorf("internal error: a piece of %d steps ran %d", n, got))
		}
	}
	if j.finished() {
		s.job = nil
		return ran, true, nil
	}
	return ran, false, nil
}

// Fraction is how much of the job is done, 1 when there is none.
func (s *Session) Fraction() float64 {
	if s.job == nil || s.job.total == 0 {
		return 1
	}
	return float64(s.job.ran) / float64(s.job.total)
}

// Results returns the results as the command line writes them.
func (s *Session) Results(finalState bool) *model.Results {
	r := s.b.Results(s.wall.Seconds(), finalState)
	if s.runErr != nil {
		r.Error = s.runErr.Error()
	}
	return r
}

// ResultsJSON is Results as the command line's JSON text.
func (s *Session) ResultsJSON(finalState bool) ([]byte, error) {
	return json.Marshal(s.Results(finalState))
}

// SpikeBatch is the spikes of one monitor recorded since the last batch.
type SpikeBatch struct {
	Monitor, Source string
	I               []int32
	T               []float64
}

// NewSpikes returns the spikes recorded since the last call (or since
// markSpikes), one batch per spike monitor that has new ones.
func (s *Session) NewSpikes() []SpikeBatch {
	var out []SpikeBatch
	for _, m := range s.b.Monitors {
		if m.Spike == nil {
			continue
		}
		from, to := s.seen[m.Name], len(m.Spike.I)
		if to > from {
			out = append(out, SpikeBatch{m.Name, m.Source, m.Spike.I[from:to], m.Spike.T[from:to]})
		}
		s.seen[m.Name] = to
	}
	return out
}

// MarkSpikes forgets the spikes recorded so far, for a listener that
// arrives during a run.
func (s *Session) MarkSpikes() {
	for _, m := range s.b.Monitors {
		if m.Spike != nil {
			s.seen[m.Name] = len(m.Spike.I)
		}
	}
}

// Info describes the model for the page (the JavaScript API's info()).
type Info struct {
	Name        string        `json:"name"`
	Description string        `json:"description"`
	Dt          float64       `json:"dt"`
	Duration    float64       `json:"duration"`
	Seed        uint64        `json:"seed"`
	Groups      []GroupInfo   `json:"groups"`
	Monitors    []MonitorInfo `json:"monitors"`
	Controls    []ControlInfo `json:"controls"`
}

// GroupInfo describes a neuron group.
type GroupInfo struct {
	Name      string   `json:"name"`
	N         int      `json:"N"`
	Variables []string `json:"variables"`
}

// MonitorInfo describes a monitor.
type MonitorInfo struct {
	Name   string `json:"name"`
	Type   string `json:"type"`
	Source string `json:"source"`
}

// ControlInfo describes a [[controls]] slider: min, max and step are in
// SI base units, Unit is the symbol of its dimension.
type ControlInfo struct {
	Param string   `json:"param"`
	Label string   `json:"label"`
	Unit  string   `json:"unit"`
	Min   float64  `json:"min"`
	Max   float64  `json:"max"`
	Step  *float64 `json:"step"`
	Value *float64 `json:"value"` // the constant's value now; null for a group variable
}

// Info returns the description of the model.
func (s *Session) Info() Info {
	b := s.b
	f := b.File
	in := Info{Name: f.Model.Name.Text, Description: f.Model.Description.Text, Dt: b.Net.DT,
		Duration: b.Duration, Seed: b.Seed, Groups: []GroupInfo{}, Monitors: []MonitorInfo{}, Controls: []ControlInfo{}}
	for _, n := range f.Neurons {
		if g, ok := b.Groups[n.Name.Text]; ok {
			in.Groups = append(in.Groups, GroupInfo{n.Name.Text, g.N, g.VariableNames()})
		}
	}
	for _, m := range b.Monitors {
		in.Monitors = append(in.Monitors, MonitorInfo{m.Name, m.Type, m.Source})
	}
	for _, c := range f.Controls {
		ci := ControlInfo{Param: c.Param.Text, Label: c.Label.Text, Unit: model.UnitSymbol(c.Min.Value.Dim),
			Min: c.Min.Value.Value, Max: c.Max.Value.Value}
		if ci.Label == "" {
			ci.Label = ci.Param
		}
		if c.Step.IsSet() {
			v := c.Step.Value.Value
			ci.Step = &v
		}
		if c.Group == "" {
			if v, ok := b.ConstantValue(c.Var); ok {
				ci.Value = &v
			}
		}
		in.Controls = append(in.Controls, ci)
	}
	return in
}

// InternalError turns a recovered panic into an error that names it as a
// bug, with the place it happened, on one line.
func InternalError(p any) error {
	stack := string(debug.Stack())
	where := ""
	for _, line := range strings.Split(stack, "\n") {
		line = strings.TrimSpace(line)
		if strings.Contains(line, "myelin/core/") && strings.Contains(line, ".go:") {
			where = " at " + line[strings.LastIndex(line, "/")+1:]
			if i := strings.Index(where, " +0x"); i >= 0 {
				where = where[:i]
			}
			break
		}
	}
	return fmt.Errorf("internal error (please report it): %v%s", p, where)
}

// An Array is one numeric array of the results, moved to JavaScript as a
// typed array rather than as JSON text: path is where it goes in the results
// object (keys, and an index for a row of a state monitor).
type Array struct {
	Path      []any
	F64       []float64
	I32       []int32
	NonFinite bool // f64 holds NaN or infinities, which the JSON writes as null
}

// ResultsParts returns the results as the command line's JSON text with its
// numeric arrays left empty, and those arrays with their places. Putting
// the arrays in their places gives exactly the JSON of the command line
// (TestResultsParts), only much faster in WebAssembly: formatting and
// parsing a few hundred thousand numbers as text takes about a second.
func (s *Session) ResultsParts(finalState bool) (string, []Array, error) {
	r := s.Results(finalState)
	var arrays []Array
	skel := *r
	skel.Monitors = make(map[string]model.MonitorResults, len(r.Monitors))
	for name, m := range r.Monitors {
		sm := make(model.MonitorResults, len(m))
		for key, v := range m {
			sm[key] = extract(v, &arrays, "monitors", name, key)
		}
		skel.Monitors[name] = sm
	}
	if r.Synapses != nil {
		skel.Synapses = make(map[string]model.SynapseResults, len(r.Synapses))
		for name, sr := range r.Synapses {
			sr.Variables = extract(sr.Variables, &arrays, "synapses", name, "variables").(map[string]model.Recorded)
			skel.Synapses[name] = sr
		}
	}
	if r.Groups != nil {
		skel.Groups = make(map[string]model.GroupResults, len(r.Groups))
		for name, g := range r.Groups {
			g.Variables = extract(g.Variables, &arrays, "groups", name, "variables").(map[string]model.Recorded)
			skel.Groups[name] = g
		}
	}
	data, err := json.Marshal(skel)
	return string(data), arrays, err
}

// extract returns v with its numeric arrays replaced by empty ones, which
// it adds to arrays with their paths. Values of other types stay in the
// JSON text.
func extract(v any, arrays *[]Array, path ...any) any {
	at := func(more ...any) []any { return append(append([]any(nil), path...), more...) }
	f64 := func(x []float64) {
		a := Array{Path: path, F64: x}
		for _, f := range x {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				a.NonFinite = true
				break
			}
		}
		*arrays = append(*arrays, a)
	}
	switch x := v.(type) {
	case model.Floats:
		if len(x) > 0 {
			f64(x)
			return model.Floats{}
		}
	case []float64:
		if len(x) > 0 {
			f64(x)
			return []float64{}
		}
	case []int32:
		if len(x) > 0 {
			*arrays = append(*arrays, Array{Path: path, I32: x})
			return []int32{}
		}
	case []int:
		if len(x) > 0 {
			c := make([]int32, len(x))
			for k, n := range x {
				if int(int32(n)) != n {
					return v // does not fit: leave it to the text
				}
				c[k] = int32(n)
			}
			*arrays = append(*arrays, Array{Path: path, I32: c})
			return []int{}
		}
	case []model.Floats:
		rows := make([]model.Floats, len(x))
		for k, row := range x {
			rows[k] = extract(row, arrays, at(k)...).(model.Floats)
		}
		return rows
	case [][]float64:
		rows := make([][]float64, len(x))
		for k, row := range x {
			rows[k] = extract(row, arrays, at(k)...).([]float64)
		}
		return rows
	case map[string]model.Recorded:
		if x == nil {
			return x
		}
		out := make(map[string]model.Recorded, len(x))
		for name, rec := range x {
			rec.Values = extract(rec.Values, arrays, at(name, "values")...)
			out[name] = rec
		}
		return out
	}
	return v
}
