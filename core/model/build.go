package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/units"
)

// DefaultDt is Brian2's default time step, used when [run] sets none.
const DefaultDt = 1e-4

// Built is a model file turned into a network ready to run.
type Built struct {
	File     *File
	Net      *sim.Network
	Groups   map[string]*sim.NeuronGroup
	Synapses map[string]*sim.Synapses
	Monitors []*BuiltMonitor // in file order
	Seed     uint64
	Duration float64 // the total simulated time of the schedule, in seconds
	Build    time.Duration
	// Estimate is what the file said the model would take, worked out
	// before anything was allocated.
	Estimate *Estimate
	// Connected is false when the build skipped the connect calls
	// ([Options.SkipConnect]).
	Connected bool

	tables map[string]*kernel.TimedArray
	// live are the constants that [[schedule]] steps change (live.go).
	live map[string]*kernel.Column
}

// BuiltMonitor is a monitor of the file with the object recording it.
type BuiltMonitor struct {
	Name   string
	Type   string // spike, state, rate or event
	Event  string // the event of an event monitor
	Source string
	Spike  *sim.EventMonitor // spike and event monitors
	State  *sim.StateMonitor
	Rate   *sim.PopulationRateMonitor
}

// unsupported lists the sections of the format that the simulator cannot
// build yet, with the table that holds them.
func (f *File) unsupported() ErrorList {
	var errs ErrorList
	for _, m := range f.Monitors {
		if m.Type.Text == "state" && !m.Record.IsSet() {
			errs = append(errs, Errorf(m.Pos, "state monitor %s needs record: true for every neuron, or a list of indices such as [0, 10] (as Brian2's StateMonitor)", m.Name.Text))
		}
	}
	return errs
}

// Options change how a file is built.
type Options struct {
	// Seed, when not nil, replaces [run] seed.
	Seed *uint64
	// MaxMemory is the memory, in bytes, that the model may take: a model
	// whose [Estimate] needs more is refused before anything is allocated.
	// 0 means the memory available ([AvailableMemory]); a negative value
	// means no limit.
	MaxMemory float64
	// SkipConnect builds every group, synapses and monitor but makes no
	// synapse: myelin check does so when connecting would take long.
	SkipConnect bool
	// Live names constants to bind to live columns, as those a
	// [[schedule]] sets (live.go), so that [Built.SetConstant] can change
	// them during a run without a rebuild; the constants computed from them
	// are live too. A front end passes those it may change (see
	// [File.ConstantUse]).
	Live []string
}

// Build constructs the network of a loaded file. Every error, however deep
// in a code string, points at its line and column in the file; all errors
// found are returned together.
func Build(f *File) (*Built, error) { return BuildWith(f, Options{}) }

// BuildWith is [Build] with options.
func BuildWith(f *File, opts Options) (*Built, error) {
	start := time.Now()
	if errs := f.unsupported(); len(errs) > 0 {
		return nil, errs.Err()
	}
	est := f.Estimate()
	if err := est.Check(opts.MaxMemory); err != nil {
		return nil, ErrorList{asList(err)[0]}
	}
	dt := DefaultDt
	if f.Run.Dt.IsSet() {
		dt = f.Run.Dt.Value.Value
	}
	seed := uint64(1)
	if f.Run.Seed.IsSet() {
		seed = uint64(f.Run.Seed.Value)
	}
	if opts.Seed != nil {
		seed = *opts.Seed
	}
	net, err := sim.NewNetwork(dt, seed)
	if err != nil {
		return nil, ErrorList{Errorf(f.Run.Dt.Src.Pos, "%v", err)}
	}
	b := &Built{File: f, Net: net, Groups: map[string]*sim.NeuronGroup{}, Synapses: map[string]*sim.Synapses{}, Seed: seed,
		tables: map[string]*kernel.TimedArray{}, live: liveConstants(f, opts.Live), Estimate: est, Connected: !opts.SkipConnect}
	var errs ErrorList
	for _, ta := range f.TimedArrays {
		if err := b.timedArray(ta, dt); err != nil {
			errs = append(errs, Errorf(ta.Pos, "%v", err))
		}
	}
	errs = append(errs, b.checkScheduledConstants()...)
	for _, n := range f.Neurons {
		errs = append(errs, b.neurons(n)...)
	}
	for _, s := range f.Spatial {
		errs = append(errs, b.spatial(s)...)
	}
	for _, p := range f.Poisson {
		errs = append(errs, b.poisson(p)...)
	}
	for _, sg := range f.SpikeGens {
		errs = append(errs, b.spikegen(sg)...)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	// Links and operations refer to other groups, so they come once all
	// groups exist; then the neurons' initial values (which may read linked
	// variables); then inputs and synapses, whose initial values may read
	// the neurons' (w = 'x_pre').
	for _, n := range f.Neurons {
		errs = append(errs, b.neuronExtras(n)...)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	for _, n := range f.Neurons {
		errs = append(errs, b.neuronInit(n)...)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	for _, p := range f.PoissonInputs {
		errs = append(errs, b.poissonInput(p)...)
	}
	for _, syn := range f.Synapses {
		errs = append(errs, b.synapses(syn)...)
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	for _, m := range f.Monitors {
		if err := b.monitor(m); err != nil {
			errs = append(errs, Errorf(m.Pos, "%v", err))
		}
	}
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	b.Duration = b.scheduledDuration()
	b.Build = time.Since(start)
	return b, nil
}

func (b *Built) timedArray(ta *TimedArray, clockDt float64) error {
	scale := 1.0
	if ta.Unit.IsSet() {
		scale = ta.Unit.Value.Value
	}
	var flat []float64
	cols := 0
	for _, row := range ta.Values {
		cols = len(row)
		for _, v := range row {
			flat = append(flat, v*scale)
		}
	}
	var k *kernel.TimedArray
	var err error
	if ta.TwoD {
		k, err = kernel.NewTimedArray2D(ta.Name.Text, flat, len(ta.Values), cols, ta.Dt.Value.Value, clockDt)
	} else {
		k, err = kernel.NewTimedArray(ta.Name.Text, flat, ta.Dt.Value.Value, clockDt)
	}
	if err != nil {
		return err
	}
	b.tables[ta.Name.Text] = k
	return nil
}

// externals resolves the constants and TimedArrays of the file.
func (b *Built) externals(name string) (lower.Binding, bool) {
	if c, ok := b.File.Constant(name); ok {
		if col := b.live[name]; col != nil {
			// A live constant may be given any number while the model
			// runs (SetConstant), so one written as an integer is read
			// as a float: what code stores into an integer variable is
			// then truncated as it must be (k = 3, then 2.5, in m = i % k).
			kind := c.Kind
			if kind == expr.Integer {
				kind = expr.Float
			}
			return lower.Binding{Dim: c.Value.Dim, Kind: kind, Col: col, ReadOnly: true}, true
		}
		return lower.Binding{Dim: c.Value.Dim, Kind: c.Kind, Const: true, Value: c.Value.Value, ReadOnly: true}, true
	}
	for _, ta := range b.File.TimedArrays {
		if ta.Name.Text == name {
			sig := ta.Sig()
			return lower.Binding{Dim: sig.Result, Table: b.tables[name], Args: sig.Args}, true
		}
	}
	return lower.Binding{}, false
}

func (b *Built) neurons(n *Neurons) ErrorList {
	g, err := b.Net.NewNeuronGroup(sim.NeuronGroupSpec{
		Name:       n.Name.Text,
		N:          n.N.Value,
		Model:      n.Model.Text,
		Threshold:  n.Threshold.Text,
		Reset:      n.Reset.Text,
		Refractory: n.Refractory.Src.Text,
		Method:     n.Method.Text,
		Events:     events(n.Events),
		Externals:  b.externals,
	})
	if err != nil {
		var ce *sim.CodeError
		if errors.As(err, &ce) {
			switch ce.Field {
			case "model", "method":
				if ce.Field == "method" && n.Method.IsSet() {
					return ErrorList{Errorf(n.Method.Pos, "%v", ce.Err)}
				}
				return n.Model.Errors(ce.Err)
			case "threshold":
				return n.Threshold.Errors(ce.Err)
			case "reset":
				return n.Reset.Errors(ce.Err)
			case "refractory":
				return n.Refractory.Src.Errors(ce.Err)
			}
		}
		return ErrorList{Errorf(n.Pos, "%v", err)}
	}
	b.Groups[n.Name.Text] = g
	return nil
}

func events(entries []Entry) map[string]string {
	if len(entries) == 0 {
		return nil
	}
	m := make(map[string]string, len(entries))
	for _, e := range entries {
		m[e.Name] = e.Value.Text
	}
	return m
}

// codeErrors maps an error of a code string to file positions.
func codeErrors(s String, err error) ErrorList { return codeErrorsAt(s, err, s.Pos) }

// codeErrorsAt maps an error inside the code string s to its positions in
// the file; any other error is reported at pos (the key, say, when the name
// is what is wrong).
func codeErrorsAt(s String, err error, pos Position) ErrorList {
	var list expr.ErrorList
	if errors.As(err, &list) {
		return s.Errors(err)
	}
	return ErrorList{Errorf(pos, "%s", oneLine(err.Error()))}
}

// neuronExtras adds a group's links, run_regularly operations and
// run_on_event code.
func (b *Built) neuronExtras(n *Neurons) ErrorList {
	g := b.Groups[n.Name.Text]
	var errs ErrorList
	for _, l := range n.Linked {
		target, ok := b.Groups[l.Group]
		if !ok {
			errs = append(errs, Errorf(l.Value.Pos, "%s is not a group", l.Group))
			continue
		}
		if err := g.Link(l.Name, sim.All(target), l.Var, nil); err != nil {
			errs = append(errs, Errorf(l.Value.Pos, "%s", oneLine(err.Error())))
		}
	}
	for _, r := range n.RunRegularly {
		period := 0.0
		if r.Dt.IsSet() {
			period = r.Dt.Value.Value
		}
		if _, err := g.RunRegularly(r.Code.Text, period); err != nil {
			errs = append(errs, codeErrors(r.Code, err)...)
		}
	}
	for _, o := range n.OnEvent {
		if _, err := g.RunOnEvent(o.Event.Text, o.Code.Text); err != nil {
			errs = append(errs, codeErrorsAt(o.Code, err, o.Event.Pos)...)
		}
	}
	return errs
}

// neuronInit sets a group's initial values, then applies --set overrides.
func (b *Built) neuronInit(n *Neurons) ErrorList {
	g := b.Groups[n.Name.Text]
	var errs ErrorList
	for _, e := range n.Init {
		if err := g.Set(e.Name, e.Value.Text); err != nil {
			errs = append(errs, codeErrorsAt(e.Value, err, e.KeyPos)...)
		}
	}
	for _, o := range b.File.Overrides {
		if o.Group == n.Name.Text {
			if err := b.apply(o); err != nil {
				errs = append(errs, Errorf(o.Value.Pos, "--set %s=%s: %s", o.Key, o.Value.Text, plainMsg(err)))
			}
		}
	}
	return errs
}

func (b *Built) poisson(p *Poisson) ErrorList {
	spec := sim.PoissonGroupSpec{Name: p.Name.Text, N: p.N.Value, Externals: b.externals}
	if p.Rates.Const && !usesLive(p.Rates.Src.Text, b.scheduledLive()) {
		spec.RateValues = []float64{p.Rates.Value.Value}
	} else {
		spec.Rates = p.Rates.Src.Text
	}
	g, err := b.Net.NewPoissonGroup(spec)
	if err != nil {
		return codeErrors(p.Rates.Src, err)
	}
	b.Groups[p.Name.Text] = g
	return nil
}

func (b *Built) spikegen(s *SpikeGen) ErrorList {
	unit := 1.0
	if s.TimeUnit.IsSet() {
		unit = s.TimeUnit.Value.Value
	}
	times := make([]float64, len(s.Times))
	for i, t := range s.Times {
		times[i] = t * unit
	}
	period := 0.0
	if s.Period.IsSet() {
		period = s.Period.Value.Value
	}
	sg, err := b.Net.NewSpikeGeneratorGroup(s.Name.Text, s.N.Value, s.Indices, times, period)
	if err != nil {
		return ErrorList{Errorf(s.Pos, "%s", oneLine(err.Error()))}
	}
	b.Groups[s.Name.Text] = sg.NeuronGroup
	return nil
}

func (b *Built) poissonInput(p *PoissonInput) ErrorList {
	src, err := b.source(p.Target)
	if err != nil {
		return ErrorList{Errorf(p.Target.Src.Pos, "%s", oneLine(err.Error()))}
	}
	_, err = b.Net.NewPoissonInput(sim.PoissonInputSpec{
		Name: p.Name.Text, Target: src, Var: p.TargetVar.Text, N: p.N.Value,
		Rate: p.Rate.Value.Value, Weight: p.Weight.Src.Text,
	})
	if err != nil {
		return codeErrors(p.Weight.Src, err)
	}
	return nil
}

// synapses builds a [[synapses]] table: the object, its connect() calls
// in order, then its initial values.
func (b *Built) synapses(syn *Synapses) ErrorList {
	src, err := b.source(syn.Source)
	if err != nil {
		return ErrorList{Errorf(syn.Source.Src.Pos, "%s", oneLine(err.Error()))}
	}
	tgt := src
	if syn.Target.IsSet() {
		if tgt, err = b.source(syn.Target); err != nil {
			return ErrorList{Errorf(syn.Target.Src.Pos, "%s", oneLine(err.Error()))}
		}
	}
	spec := sim.SynapsesSpec{Name: syn.Name.Text, Source: src, Target: tgt, Model: syn.Model.Text,
		Method: syn.Method.Text, MultisynapticIndex: syn.MultisynapticIndex.Text, Externals: b.externals}
	code := map[string]String{"model": syn.Model, "multisynaptic_index": syn.MultisynapticIndex}
	for _, e := range syn.OnPre {
		if e.Name == "pre" {
			spec.OnPre, code["on_pre"] = e.Value.Text, e.Value
			continue
		}
		if spec.PrePathways == nil {
			spec.PrePathways = map[string]string{}
		}
		spec.PrePathways[e.Name], code["on_pre."+e.Name] = e.Value.Text, e.Value
	}
	for _, e := range syn.OnPost {
		if e.Name == "post" {
			spec.OnPost, code["on_post"] = e.Value.Text, e.Value
			continue
		}
		if spec.PostPathways == nil {
			spec.PostPathways = map[string]string{}
		}
		spec.PostPathways[e.Name], code["on_post."+e.Name] = e.Value.Text, e.Value
	}
	if syn.Delay.IsSet() {
		spec.Delay = b.frozenDelay(syn.Delay.Src.Text)
		code["delay.pre"] = syn.Delay.Src
	}
	for _, e := range syn.Delays {
		if e.Name == "pre" {
			spec.Delay, code["delay.pre"] = b.frozenDelay(e.Value.Text), e.Value
			continue
		}
		if spec.Delays == nil {
			spec.Delays = map[string]string{}
		}
		spec.Delays[e.Name], code["delay."+e.Name] = b.frozenDelay(e.Value.Text), e.Value
	}
	s, err := b.Net.NewSynapses(spec)
	if err != nil {
		return b.codeError(err, code, syn.Pos)
	}
	b.Synapses[syn.Name.Text] = s
	var errs ErrorList
	for _, c := range syn.Connect {
		if !b.Connected {
			break
		}
		cs := sim.ConnectSpec{Condition: c.Condition.Text, SkipIfInvalid: c.SkipIfInvalid}
		code := map[string]String{"connect.condition": c.Condition}
		if c.P.IsSet() {
			cs.P, code["connect.p"] = c.P.Src.Text, c.P.Src
		}
		if c.N.IsSet() {
			cs.N, code["connect.n"] = c.N.Src.Text, c.N.Src
		}
		if c.I.IsSet() {
			if c.I.Code.IsSet() {
				cs.IGen, code["connect.i"] = c.I.Code.Text, c.I.Code
			} else {
				cs.I = c.I.List
			}
		}
		if c.J.IsSet() {
			if c.J.Code.IsSet() {
				cs.JGen, code["connect.j"] = c.J.Code.Text, c.J.Code
			} else {
				cs.J = c.J.List
			}
		}
		if err := s.Connect(cs); err != nil {
			errs = append(errs, b.codeError(err, code, c.Pos)...)
		}
	}
	for _, e := range syn.Init {
		if err := s.Set(e.Name, e.Value.Text); err != nil {
			errs = append(errs, codeErrorsAt(e.Value, err, e.KeyPos)...)
		}
	}
	return errs
}

// codeError maps an error of the simulator to the code string it is about
// (by the CodeError's field), or to the table's position.
func (b *Built) codeError(err error, code map[string]String, at Position) ErrorList {
	var ce *sim.CodeError
	if errors.As(err, &ce) {
		if str, ok := code[ce.Field]; ok && str.IsSet() {
			return codeErrors(str, ce.Err)
		}
		// A field this file does not have as a string (the j generator
		// given as an array, say): report at the table.
		return ErrorList{Errorf(at, "%s: %s", ce.Field, oneLine(ce.Err.Error()))}
	}
	return ErrorList{Errorf(at, "%s", oneLine(err.Error()))}
}

// source resolves a reference to a group or a slice of one.
func (b *Built) source(r Ref) (sim.Source, error) {
	g, ok := b.Groups[r.Name]
	if !ok {
		return sim.Source{}, fmt.Errorf("%s is not a group of neurons", r.Name)
	}
	if r.Slice {
		return g.Sub(r.Start, r.Stop)
	}
	return sim.All(g), nil
}

func (b *Built) monitor(m *Monitor) error {
	if syn, ok := b.Synapses[m.Source.Name]; ok {
		return b.synapseMonitor(m, syn)
	}
	src, err := b.source(m.Source)
	if err != nil {
		return fmt.Errorf("monitor %s: %v", m.Name.Text, err)
	}
	bm := &BuiltMonitor{Name: m.Name.Text, Type: m.Type.Text, Source: m.Source.Src.Text}
	vars := make([]string, len(m.Variables))
	for i, v := range m.Variables {
		vars[i] = v.Text
	}
	switch m.Type.Text {
	case "spike":
		bm.Spike, err = b.Net.NewSpikeMonitor(m.Name.Text, src, vars...)
	case "event":
		bm.Event = m.Event.Text
		bm.Spike, err = b.Net.NewEventMonitor(m.Name.Text, src, m.Event.Text, vars...)
	case "rate":
		bm.Rate, err = b.Net.NewPopulationRateMonitor(m.Name.Text, src)
	case "state":
		var record []int
		if !m.Record.All {
			record = m.Record.Indices
			if record == nil {
				record = []int{}
			}
		}
		period := 0.0
		if m.Dt.IsSet() {
			period = m.Dt.Value.Value
		}
		bm.State, err = b.Net.NewStateMonitor(m.Name.Text, src, vars, record, period)
	default:
		err = fmt.Errorf("unknown monitor type %q", m.Type.Text)
	}
	if err != nil {
		return err
	}
	b.Monitors = append(b.Monitors, bm)
	return nil
}

// synapseMonitor records variables of a Synapses object: a state monitor
// (Brian2's StateMonitor(S, 'w', record=...)); record indices, and a slice
// such as "Ce[0:5]", count synapses in the order the results list them.
func (b *Built) synapseMonitor(m *Monitor, syn *sim.Synapses) error {
	if m.Type.Text != "state" {
		return fmt.Errorf("monitor %s: a %s monitor needs neurons, but %s is a [[synapses]]; use type = \"state\"", m.Name.Text, m.Type.Text, m.Source.Name)
	}
	vars := make([]string, len(m.Variables))
	for i, v := range m.Variables {
		vars[i] = v.Text
	}
	var record []int
	switch {
	case m.Source.Slice:
		for k := m.Source.Start; k < m.Source.Stop; k++ {
			record = append(record, k)
		}
	case !m.Record.All:
		record = m.Record.Indices
		if record == nil {
			record = []int{}
		}
	}
	period := 0.0
	if m.Dt.IsSet() {
		period = m.Dt.Value.Value
	}
	st, err := b.Net.NewSynapseStateMonitor(m.Name.Text, syn, vars, record, period)
	if err != nil {
		return err
	}
	b.Monitors = append(b.Monitors, &BuiltMonitor{Name: m.Name.Text, Type: m.Type.Text, Source: m.Source.Src.Text, State: st})
	return nil
}

// scheduledDuration is the simulated time of the schedule, or of [run].
func (b *Built) scheduledDuration() float64 {
	if len(b.File.Schedule) == 0 {
		return b.File.Run.Duration.Value.Value
	}
	total := 0.0
	for _, s := range b.File.Schedule {
		if s.Run.IsSet() {
			total += s.Run.Value.Value
		}
	}
	return total
}

// Run executes the model: the [[schedule]] if there is one, otherwise
// [run] duration (or override, when positive). It returns the wall-clock
// time of the simulation loop.
func (b *Built) Run(override float64) (time.Duration, error) {
	if override > 0 || len(b.File.Schedule) == 0 {
		d := b.File.Run.Duration.Value.Value
		if override > 0 {
			d = override
		}
		b.Duration = d
		return b.Net.Run(d)
	}
	var wall time.Duration
	for _, s := range b.File.Schedule {
		for _, set := range s.Set {
			if err := b.apply(set); err != nil {
				return wall, err
			}
		}
		if s.Run.IsSet() {
			w, err := b.Net.Run(s.Run.Value.Value)
			wall += w
			if err != nil {
				return wall, err
			}
		}
	}
	return wall, nil
}

// PlaceRunError places an error of [Built.Run] at the model of the group
// it is about ("the simulation blew up: G.v[0] is NaN ..."), when it names
// one, for a FILE:LINE:COL message; other errors it returns as they are.
func (b *Built) PlaceRunError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	rest, ok := strings.CutPrefix(msg, "the simulation blew up: ")
	if !ok {
		return err
	}
	group, _, _ := strings.Cut(rest, ".")
	for _, n := range b.File.Neurons {
		if n.Name.Text == group {
			return ErrorList{Errorf(n.Model.Pos, "%s", oneLine(msg))}
		}
	}
	for _, s := range b.File.Spatial {
		if s.Name.Text == group {
			return ErrorList{Errorf(s.Model.Pos, "%s", oneLine(msg))}
		}
	}
	return err
}

// apply performs one assignment of a [[schedule]] step (or a --set of a
// group's variable).
func (b *Built) apply(s Setting) error {
	if s.Group == "" {
		return b.setConstant(s)
	}
	g, ok := b.Groups[s.Group]
	if !ok {
		return Errorf(s.KeyPos, "%s is not a neuron group", s.Group)
	}
	if s.Index < 0 {
		if err := g.Set(s.Var, s.Value.Text); err != nil {
			return s.Value.Errors(err)
		}
		return nil
	}
	x, err := expr.ParseExpr(s.Value.Text)
	if err != nil {
		return s.Value.Errors(err)
	}
	c, err := expr.Check(x, b.namespace())
	if err != nil {
		return s.Value.Errors(err)
	}
	in := c.Info()
	d, _ := g.Dim(s.Var)
	if !in.Const {
		return Errorf(s.Value.Pos, "a value for one element must be a constant expression")
	}
	if in.Dim != d {
		return Errorf(s.Value.Pos, "%s.%s is in %s, but %s is %s", s.Group, s.Var, d, s.Value.Text, dimText(in.Dim))
	}
	if err := g.SetValue(s.Var, s.Index, in.Value); err != nil {
		return Errorf(s.KeyPos, "%v", err)
	}
	return nil
}

// plainMsg is an error's message without the position its Error method
// prefixes.
func plainMsg(err error) string {
	var list ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Msg
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Msg
	}
	return err.Error()
}

func dimText(d units.Dim) string {
	if d.IsDimensionless() {
		return "dimensionless"
	}
	return "in " + d.String()
}

// Summary describes the built model for `myelin check`: every group with
// its size, variables and integration method, every synapses with its
// count (the actual count when the build connected them, with the estimate
// made before connecting), the monitors, and the memory estimate.
func (b *Built) Summary() string {
	name := b.File.Model.Name.Text
	if name == "" {
		name = b.File.Name
	}
	s := fmt.Sprintf("model %s: dt = %s, duration = %s, seed %d\n", name,
		units.Q(b.Net.DT, units.Second), units.Q(b.Duration, units.Second), b.Seed)
	names := make([]string, 0, len(b.Groups))
	for n := range b.Groups {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		g := b.Groups[n]
		vars := g.VariableNames()
		method := g.Method
		if method == "" {
			method = "none (no differential equations)"
		}
		if sn := b.Net.SpatialNeuron(n); sn != nil {
			if g.Method == "" {
				method = "none for the channels; the cable equation is implicit"
			}
			s += fmt.Sprintf("  SpatialNeuron %s: %d compartments, variables %v, method %s\n", n, g.N, vars, method)
		} else {
			s += fmt.Sprintf("  NeuronGroup %s: N = %d, variables %v, method %s\n", n, g.N, vars, method)
		}
		for _, r := range g.Rejected {
			s += fmt.Sprintf("    (not %v)\n", r)
		}
	}
	estimates := map[string]SynapseEstimate{}
	if b.Estimate != nil {
		for _, e := range b.Estimate.Synapses {
			estimates[e.Name] = e
		}
	}
	synNames := make([]string, 0, len(b.Synapses))
	for n := range b.Synapses {
		synNames = append(synNames, n)
	}
	sort.Strings(synNames)
	for _, n := range synNames {
		syn := b.Synapses[n]
		method := syn.Method
		if method == "" {
			method = "none"
		}
		count := countSynapses(syn.Count())
		if e, ok := estimates[n]; ok {
			switch {
			case !b.Connected:
				count = e.Text() + " (estimated; not connected by check, which would take long)"
			case !e.Exact:
				count += " (" + e.Text() + " estimated before connecting)"
			}
		}
		s += fmt.Sprintf("  Synapses %s: %s, variables %v, method %s\n", n, count, syn.VariableNames(), method)
	}
	for _, m := range b.Monitors {
		s += fmt.Sprintf("  %s monitor %s on %s\n", m.Type, m.Name, m.Source)
	}
	if b.Estimate != nil {
		avail, from := AvailableMemory()
		s += fmt.Sprintf("  memory: about %s for state, synapses and recordings (recorded spikes extra); %s %s\n",
			bytesText(b.Estimate.Bytes), bytesText(avail), from)
	}
	return s
}

// Text writes the estimated count: "about 102400 synapses", "1000
// synapses" when exact, "up to 1e+10 synapses" for a bound.
func (e SynapseEstimate) Text() string {
	noun := " synapses"
	if e.Count == 1 {
		noun = " synapse"
	}
	switch {
	case e.Bound:
		return "up to " + countText(e.Count) + noun
	case e.Exact:
		return countText(e.Count) + noun
	}
	return "about " + countText(e.Count) + noun
}
