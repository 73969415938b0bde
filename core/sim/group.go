package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/integ"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// Variable is a state variable of a group: one float64 per element (or one
// for the group when shared), in SI units.
type Variable struct {
	Name     string
	Dim      units.Dim
	Kind     expr.Kind
	Col      *kernel.Column
	Shared   bool
	ReadOnly bool // not assignable from code run during a simulation
	// Via is set for a linked variable ("x : volt (linked)"): neuron k reads
	// Col.Data[Via.Data[k]], Col being the linked target's column (nil until
	// the variable is linked, see [NeuronGroup.Link]).
	Via *kernel.Index
}

// CodeError is an error in one of an object's code strings. Err is an
// expr.ErrorList whose positions are byte offsets into that string, so a
// model file can point at the line and column.
type CodeError struct {
	Object string // the group's name
	Field  string // "model", "threshold", "reset", "refractory", or "init.v"
	Err    error
}

func (e *CodeError) Error() string { return fmt.Sprintf("%s %s: %v", e.Object, e.Field, e.Err) }

func (e *CodeError) Unwrap() error { return e.Err }

// NeuronGroupSpec describes a NeuronGroup with Brian2's arguments.
type NeuronGroupSpec struct {
	Name       string
	N          int
	Model      string // the equations
	Threshold  string // a condition, or "" for none
	Reset      string // statements run for the neurons that spiked
	Refractory string // a time, a per-neuron expression of time, or a condition; "" for none
	// Method is the integration method; empty means Brian2's default
	// choice (exact, then euler, then heun).
	Method string
	// Externals resolves the names the code uses that the group does not
	// define: constants and TimedArrays (see [TimedArrayBinding]).
	Externals lower.Scope
	// Events are custom events, Brian2's events={'burst': 'v > -40*mV'}:
	// a name and a condition. Their thresholders run in after_thresholds
	// (see [NeuronGroup.SetEventSchedule]), without refractoriness; code
	// runs on them with [NeuronGroup.RunOnEvent], an [EventMonitor] records
	// them. An event called "spike" is the threshold (give one or the
	// other).
	Events map[string]string
}

// NeuronGroup is Brian2's NeuronGroup: N neurons sharing equations,
// threshold and reset.
type NeuronGroup struct {
	name string
	N    int
	net  *Network
	eqs  *eqs.Equations
	ext  lower.Scope

	vars  map[string]*Variable
	order []string // variable names in the order of the equations
	// mayBeNaN names variables whose NaN is a value rather than a blow-up,
	// which checkFinite passes over: the coordinates of a SpatialNeuron's
	// sections that have none, as in Brian2.
	mayBeNaN map[string]bool

	Method   string  // the integration method used
	Rejected []error // why the methods tried before it could not be used

	update    *kernel.Kernel
	threshold *kernel.Kernel
	reset     *kernel.Kernel
	// the split runs (parallel.go) of update and threshold
	updateSplit, thresholdSplit *split

	refractory   bool
	refrMask     *refrMask // the fast path of a constant refractory period, or nil
	lastspike    *kernel.Column
	notRefrac    *kernel.Column
	spikes       []int32 // the neurons that spiked in the current step
	spikeStep    int64   // the step spikes belong to
	subexprCache map[string]*subexprColumn
	subexprSrc   map[string]expr.Expr // the expanded subexpressions of the cache

	kind    string            // "NeuronGroup", "PoissonGroup", "SpikeGeneratorGroup"
	events  map[string]*event // every event, "spike" included
	links   map[string]*link  // the linked variables
	special map[string]lower.Binding
}

// event is an event a group emits: its spikes, or a custom event.
type event struct {
	name   string
	cond   *kernel.Kernel // the condition (nil for a SpikeGeneratorGroup's spikes)
	runner string         // the thresholder's name in the schedule
	slot   Slot           // where the thresholder runs, for monitors' defaults
	order  int
	code   bool    // code runs on it (a reset, run_on_event)
	idx    []int32 // custom events: the neurons where it happened in step
	step   int64
}

type subexprColumn struct {
	col *kernel.Column
	k   *kernel.Kernel
}

// Name returns the group's name.
func (g *NeuronGroup) Name() string { return g.name }

// Equations returns the group's parsed equations.
func (g *NeuronGroup) Equations() *eqs.Equations { return g.eqs }

// newGroup makes a group with no code, registered in no schedule yet.
func (n *Network) newGroup(name string, size int, kind string) *NeuronGroup {
	g := &NeuronGroup{name: name, N: size, net: n, kind: kind,
		vars: map[string]*Variable{}, subexprCache: map[string]*subexprColumn{}, subexprSrc: map[string]expr.Expr{},
		events: map[string]*event{}, links: map[string]*link{}, special: map[string]lower.Binding{}}
	g.ext = func(string) (lower.Binding, bool) { return lower.Binding{}, false }
	g.eqs, _ = eqs.Parse("", eqs.NeuronGroup)
	return g
}

// NewNeuronGroup builds a NeuronGroup and schedules it in the network.
func (n *Network) NewNeuronGroup(spec NeuronGroupSpec) (*NeuronGroup, error) {
	if spec.N < 1 {
		return nil, fmt.Errorf("NeuronGroup %s: N must be at least 1, not %d", spec.Name, spec.N)
	}
	if cond, ok := spec.Events["spike"]; ok {
		if spec.Threshold != "" {
			return nil, fmt.Errorf("NeuronGroup %s defines both a threshold and a 'spike' event", spec.Name)
		}
		spec.Threshold = cond
	}
	g := n.newGroup(spec.Name, spec.N, "NeuronGroup")
	if spec.Externals != nil {
		g.ext = spec.Externals
	}
	codeErr := func(field string, err error) error { return &CodeError{Object: spec.Name, Field: field, Err: err} }

	e, err := eqs.Parse(spec.Model, eqs.NeuronGroup)
	if err != nil {
		return nil, codeErr("model", err)
	}
	g.eqs = e
	g.refractory = spec.Refractory != ""
	for _, eq := range e.All() {
		if eq.Kind == eqs.Subexpression {
			continue
		}
		v := &Variable{Name: eq.Name, Dim: eq.Dim, Kind: eq.Type, Shared: eq.Has(eqs.FlagShared),
			ReadOnly: eq.Has(eqs.FlagConstant)}
		if eq.Has(eqs.FlagLinked) {
			l := &link{col: &kernel.Column{Name: eq.Name}, idx: &kernel.Index{Name: "_" + eq.Name + "_indices"}}
			v.Col, v.Via = l.col, l.idx
			g.links[eq.Name] = l
		} else {
			size := g.N
			if v.Shared {
				size = 1
			}
			v.Col = &kernel.Column{Name: eq.Name, Data: make([]float64, size), Scalar: v.Shared}
		}
		g.vars[eq.Name] = v
		g.order = append(g.order, eq.Name)
	}
	if g.refractory {
		g.lastspike = &kernel.Column{Name: "lastspike", Data: make([]float64, g.N)}
		g.notRefrac = &kernel.Column{Name: "not_refractory", Data: make([]float64, g.N)}
		for i := range g.lastspike.Data {
			g.lastspike.Data[i] = -1e4 // Brian2's initial lastspike: -10000 s
			g.notRefrac.Data[i] = 1
		}
		g.vars["lastspike"] = &Variable{Name: "lastspike", Dim: units.DimTime, Col: g.lastspike, ReadOnly: true}
		g.vars["not_refractory"] = &Variable{Name: "not_refractory", Kind: expr.Boolean, Col: g.notRefrac}
	}
	if err := e.Check(g.namespace()); err != nil {
		return nil, codeErr("model", err)
	}
	if err := g.buildUpdate(spec); err != nil {
		return nil, err
	}
	if spec.Threshold != "" {
		if err := g.buildThreshold(spec.Threshold); err != nil {
			return nil, codeErr("threshold", err)
		}
	}
	if spec.Reset != "" {
		if spec.Threshold == "" {
			return nil, codeErr("reset", fmt.Errorf("a reset needs a threshold"))
		}
		k, err := g.compileStmts(spec.Reset, nil)
		if err != nil {
			return nil, codeErr("reset", err)
		}
		g.reset = k
	}
	custom := make([]string, 0, len(spec.Events))
	for name := range spec.Events {
		if name != "spike" {
			custom = append(custom, name)
		}
	}
	sort.Strings(custom)
	conds := make([]*kernel.Kernel, len(custom))
	splits := make([]*split, len(custom))
	for i, name := range custom {
		if !validIdentifier(name) {
			return nil, fmt.Errorf("NeuronGroup %s: the name '%s' cannot be used as an event name", spec.Name, name)
		}
		if conds[i], splits[i], err = g.buildCondition(spec.Events[name], "the condition of an event", false); err != nil {
			return nil, codeErr("events."+name, err)
		}
	}
	if err := n.register(spec.Name, g); err != nil {
		return nil, err
	}
	n.groups = append(n.groups, g)
	if len(g.links) > 0 {
		n.beforeRun = append(n.beforeRun, g.checkLinks)
	}
	if g.update != nil || g.refrMask != nil {
		n.schedule(Groups, 0, spec.Name+"_stateupdater", 1, g.runUpdate)
	}
	if g.threshold != nil {
		ev := g.addEvent("spike", g.threshold, Thresholds)
		n.schedule(ev.slot, ev.order, ev.runner, 1, g.runThreshold)
	}
	if g.reset != nil {
		g.events["spike"].code = true
		n.schedule(Resets, 0, spec.Name+"_spike_resetter", 1, func(int64) {
			if len(g.spikes) > 0 && g.spikeStep == n.step {
				g.reset.RunIndices(g.spikes, n.rng)
			}
		})
	}
	for i, name := range custom {
		ev := g.addEvent(name, conds[i], AfterThresholds)
		sp := splits[i]
		n.schedule(ev.slot, ev.order, ev.runner, 1, func(step int64) {
			ev.idx = sp.sel(g.N, n.rng, ev.idx[:0])
			ev.step = step
		})
	}
	return g, nil
}

// addEvent registers an event whose thresholder (Brian2's
// "G_burst_thresholder") runs in slot; the caller schedules it.
func (g *NeuronGroup) addEvent(name string, cond *kernel.Kernel, slot Slot) *event {
	ev := &event{name: name, cond: cond, runner: g.name + "_" + name + "_thresholder", slot: slot, step: -1}
	g.events[name] = ev
	return ev
}

// validIdentifier reports whether name is a Python identifier, as Brian2
// requires of event names.
func validIdentifier(name string) bool {
	if name == "" {
		return false
	}
	for i, c := range name {
		letter := c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// scope resolves names in the group's code: its variables, the specials
// (t, dt, i, N), subexpressions are expanded before lowering, then the
// externals.
func (g *NeuronGroup) scope(name string) (lower.Binding, bool) {
	if v, ok := g.vars[name]; ok {
		return lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: v.Col, Via: v.Via, ReadOnly: v.ReadOnly}, true
	}
	if b, ok := g.special[name]; ok {
		return b, true
	}
	switch name {
	case "t":
		return lower.Binding{Dim: units.DimTime, Col: g.net.t, ReadOnly: true}, true
	case "t_in_timesteps":
		return lower.Binding{Kind: expr.Integer, Col: g.net.steps, ReadOnly: true}, true
	case "dt":
		return lower.Binding{Dim: units.DimTime, Const: true, Value: g.net.DT, ReadOnly: true}, true
	case "i":
		return lower.Binding{Kind: expr.Integer, Elem: true, ReadOnly: true}, true
	case "N":
		return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(g.N), ReadOnly: true}, true
	}
	if eq := g.eqs.Get(name); eq != nil && eq.Kind == eqs.Subexpression {
		return lower.Binding{}, false // expanded before lowering
	}
	return g.ext(name)
}

// namespace is the scope seen by the unit checker, subexpressions included.
func (g *NeuronGroup) namespace() expr.Namespace {
	return func(name string) (expr.Symbol, bool) {
		if eq := g.eqs.Get(name); eq != nil && eq.Kind == eqs.Subexpression {
			return expr.Symbol{Dim: eq.Dim, Kind: eq.Type}, true
		}
		b, ok := g.scope(name)
		if !ok {
			return expr.Symbol{}, false
		}
		return b.Symbol(), true
	}
}

// buildUpdate integrates the differential equations and compiles the state
// update, with Brian2's refractoriness: the state updater first works out
// which neurons are still refractory, and equations flagged
// (unless refractory) have their derivative multiplied by int(not_refractory).
func (g *NeuronGroup) buildUpdate(spec NeuronGroupSpec) error {
	codeErr := func(field string, err error) error { return &CodeError{Object: g.name, Field: field, Err: err} }
	var stmts []*expr.Stmt
	if g.refractory {
		ref, err := g.refractoryCode(spec.Refractory)
		if err != nil {
			return codeErr("refractory", err)
		}
		if ks, err := lower.Stmts(ref, g.scope); err == nil && len(ks) == 1 {
			g.refrMask = matchRefrMask(ks[0], g.net.t, g.lastspike, g.notRefrac)
		}
		if g.refrMask == nil {
			stmts = append(stmts, ref...)
		}
	}
	defs, err := g.eqs.Substituted()
	if err != nil {
		return codeErr("model", err)
	}
	if len(defs) == 0 {
		if len(stmts) > 0 {
			k, ks, err := g.lowerAndCompile(stmts)
			if err != nil {
				return codeErr("refractory", err)
			}
			g.update, g.updateSplit = k, g.net.newSplit(k, ks, nil)
			g.updateSplit.withRefr(g.refrMask)
		}
		return nil
	}
	before, err := g.eqs.ConstantOverDt()
	if err != nil {
		return codeErr("model", err)
	}
	for _, d := range before {
		stmts = append(stmts, &expr.Stmt{Target: &expr.Name{NamePos: expr.NoPos, Name: d.Name}, Op: expr.OpAssign, Value: d.RHS})
	}
	// Refractoriness as Brian2 defines it multiplies the derivative of
	// every (unless refractory) variable by int(not_refractory), which
	// makes an exact update's propagators differ per neuron (an exp per
	// neuron and step). When no other equation reads those variables, the
	// same result comes from integrating without the factor and keeping
	// the old value of the refractory neurons (Brian2's conditional write),
	// with propagators that are loop invariants.
	held := map[string]bool{}
	if g.refractory {
		for _, name := range g.eqs.UnlessRefractory() {
			held[name] = true
		}
	}
	separable := len(held) > 0
	for _, d := range defs {
		if held[d.Name] {
			continue
		}
		for _, n := range expr.Names(d.RHS) {
			if held[n] {
				separable = false
			}
		}
	}
	diff := make([]integ.DiffEq, len(defs))
	for i, d := range defs {
		rhs := d.RHS
		if held[d.Name] && !separable {
			rhs = &expr.Binary{X: intNotRefractory(), OpPos: expr.NoPos, Op: expr.OpMul, Y: &expr.Paren{Lparen: expr.NoPos, X: rhs, Rparen: expr.NoPos}}
		}
		diff[i] = integ.DiffEq{Name: d.Name, RHS: rhs}
	}
	env := integ.EnvFromNamespace(g.namespace())
	var methods []string
	if spec.Method != "" {
		methods = []string{spec.Method}
	}
	res, err := integ.Integrate(diff, env, methods...)
	if err != nil {
		return codeErr("method", err)
	}
	g.Method, g.Rejected = res.Method, res.Rejected
	for _, st := range res.Stmts {
		if separable && held[st.Target.Name] && st.Op == expr.OpAssign {
			// x = new*int(not_refractory) + x*(1 - int(not_refractory)):
			// exactly new or x, since the factor is 0 or 1.
			keep := &expr.Binary{X: &expr.Name{NamePos: expr.NoPos, Name: st.Target.Name}, OpPos: expr.NoPos, Op: expr.OpMul,
				Y: &expr.Paren{Lparen: expr.NoPos, X: &expr.Binary{X: &expr.Num{ValuePos: expr.NoPos, Lit: "1", Value: 1, IsInt: true},
					OpPos: expr.NoPos, Op: expr.OpSub, Y: intNotRefractory()}, Rparen: expr.NoPos}}
			st = &expr.Stmt{Target: st.Target, OpPos: st.OpPos, Op: st.Op, Value: &expr.Binary{
				X:  &expr.Binary{X: &expr.Paren{Lparen: expr.NoPos, X: st.Value, Rparen: expr.NoPos}, OpPos: expr.NoPos, Op: expr.OpMul, Y: intNotRefractory()},
				Op: expr.OpAdd, OpPos: expr.NoPos, Y: keep}}
		}
		stmts = append(stmts, st)
	}
	k, ks, err := g.lowerAndCompile(stmts)
	if err != nil {
		return codeErr("model", err)
	}
	g.update, g.updateSplit = k, g.net.newSplit(k, ks, nil)
	g.updateSplit.withRefr(g.refrMask)
	return nil
}

// runUpdate is the state updater: refractoriness, then the update. Both
// are elementwise, so a split run (parallel.go) does both chunk by chunk.
func (g *NeuronGroup) runUpdate(int64) {
	if g.update == nil {
		g.refrMask.run(0, g.N)
		return
	}
	g.updateSplit.run(g.N, g.net.rng) // with refrMask first, if any
}

// intNotRefractory is the expression int(not_refractory).
func intNotRefractory() expr.Expr {
	return &expr.Call{Fun: &expr.Name{NamePos: expr.NoPos, Name: "int"}, Lparen: expr.NoPos,
		Args: []expr.Expr{&expr.Name{NamePos: expr.NoPos, Name: "not_refractory"}}, Rparen: expr.NoPos}
}

// refractoryCode is the statement Brian2 runs before the state update.
func (g *NeuronGroup) refractoryCode(src string) ([]*expr.Stmt, error) {
	x, err := expr.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	x, err = g.eqs.Expand(x)
	if err != nil {
		return nil, err
	}
	c, err := expr.Check(x, g.namespace())
	if err != nil {
		return nil, err
	}
	in := c.Info()
	var code string
	switch {
	case in.Dim == units.DimTime:
		code = fmt.Sprintf("not_refractory = timestep(t - lastspike, dt) >= timestep(%s, dt)", expr.String(x))
	case in.Kind == expr.Boolean:
		code = fmt.Sprintf("not_refractory = not_refractory or not (%s)", expr.String(x))
	default:
		return nil, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("refractory must be a time or a condition, but %s is %s", src, dimOrKind(in))}}
	}
	return expr.ParseStmts(code)
}

func dimOrKind(in expr.Info) string {
	if in.Dim.IsDimensionless() {
		return "a dimensionless " + in.Kind.String()
	}
	return "in " + in.Dim.String()
}

// lowerAndCompile lowers and compiles stmts; it returns the lowered
// statements too, for the split runs (parallel.go).
func (g *NeuronGroup) lowerAndCompile(stmts []*expr.Stmt) (*kernel.Kernel, []kernel.Stmt, error) {
	ks, err := lower.Stmts(stmts, g.scope)
	if err != nil {
		return nil, nil, err
	}
	k, err := kernel.Compile(ks)
	return k, ks, err
}

// codeCtx is where code runs: the whole group, or a subgroup, with names
// of its own (a PoissonInput's draws).
type codeCtx struct {
	extra  lower.Scope // resolved before the group's names
	offset int         // the subgroup's first neuron: i counts from it
	size   int         // the subgroup's N (0: the group's)
}

// sub reports whether the code runs on a subgroup, where i and N differ.
func (c codeCtx) sub(g *NeuronGroup) bool { return c.size > 0 && (c.offset != 0 || c.size != g.N) }

func (g *NeuronGroup) scopeIn(ctx codeCtx) lower.Scope {
	if ctx.extra == nil {
		return g.scope
	}
	return func(name string) (lower.Binding, bool) {
		if b, ok := ctx.extra(name); ok {
			return b, true
		}
		return g.scope(name)
	}
}

// compileStmts parses, expands subexpressions in, checks and compiles a
// block of statements such as a reset.
func (g *NeuronGroup) compileStmts(src string, extra lower.Scope) (*kernel.Kernel, error) {
	stmts, err := expr.ParseStmts(src)
	if err != nil {
		return nil, err
	}
	return g.compileIn(stmts, codeCtx{extra: extra})
}

// compileIn compiles parsed statements (which it may modify) to run in ctx.
func (g *NeuronGroup) compileIn(stmts []*expr.Stmt, ctx codeCtx) (*kernel.Kernel, error) {
	var err error
	for _, s := range stmts {
		// In a subgroup, i in the code counts from its first neuron, but
		// i in the group's subexpressions is the group's (as in Brian2).
		if ctx.sub(g) {
			s.Value = inSubgroup(s.Value, ctx.offset, ctx.size)
		}
		if s.Value, err = g.eqs.Expand(s.Value); err != nil {
			return nil, err
		}
		if eq := g.eqs.Get(s.Target.Name); eq != nil && eq.Kind == eqs.Subexpression {
			return nil, expr.ErrorList{{Pos: s.Target.Pos(), Msg: fmt.Sprintf("'%s' is a subexpression and cannot be assigned to", s.Target.Name)}}
		}
	}
	ks, err := lower.Stmts(stmts, g.scopeIn(ctx))
	if err != nil {
		return nil, err
	}
	return kernel.Compile(ks)
}

func (g *NeuronGroup) buildThreshold(src string) error {
	k, sp, err := g.buildCondition(src, "the threshold", g.refractory)
	g.threshold, g.thresholdSplit = k, sp
	return err
}

// buildCondition compiles the condition of an event; the spike event of a
// refractory group also needs not_refractory (Brian2's
// "_cond = (threshold) and not_refractory").
func (g *NeuronGroup) buildCondition(src, what string, refractory bool) (*kernel.Kernel, *split, error) {
	x, err := expr.ParseExpr(src)
	if err != nil {
		return nil, nil, err
	}
	if x, err = g.eqs.Expand(x); err != nil {
		return nil, nil, err
	}
	k, in, err := lower.Expr(x, g.scope)
	if err != nil {
		return nil, nil, err
	}
	if in.Kind != expr.Boolean {
		return nil, nil, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("%s must be a condition such as v > -50*mV, but it is %s", what, dimOrKind(in))}}
	}
	if refractory {
		k = kernel.Bin(kernel.OpAnd, k, kernel.Var(g.notRefrac))
	}
	c, err := kernel.CompileCondition(k)
	if err != nil {
		return nil, nil, err
	}
	return c, g.net.newSplit(c, nil, k), nil
}

// runThreshold finds the neurons that spike in this step and, with
// refractoriness, marks them refractory from now.
func (g *NeuronGroup) runThreshold(step int64) {
	g.spikes = g.thresholdSplit.sel(g.N, g.net.rng, g.spikes[:0])
	g.spikeStep = step
	if g.refractory {
		t := float64(step) * g.net.DT
		for _, i := range g.spikes {
			g.notRefrac.Data[i] = 0
			g.lastspike.Data[i] = t
		}
	}
}

// Spikes returns the neurons that spiked in the current step (valid from
// the thresholds slot to the end of the step).
func (g *NeuronGroup) Spikes() []int32 {
	if g.spikeStep != g.net.step {
		return nil
	}
	return g.spikes
}

// Variable returns the state variable called name, or nil.
func (g *NeuronGroup) Variable(name string) *Variable { return g.vars[name] }

// VariableNames returns the names of the state variables in the order of
// the equations.
func (g *NeuronGroup) VariableNames() []string { return append([]string(nil), g.order...) }

// Set evaluates code (an expression of i, N, constants, other variables,
// rand() and randn()) for every neuron and assigns it to the variable name,
// as Brian2's G.v = 'expr'.
func (g *NeuronGroup) Set(name, code string) error { return All(g).Set(name, code) }

// set assigns code to name for the neurons [lo, hi), whose first is i = 0.
func (g *NeuronGroup) set(name, code string, lo, hi int) error {
	v, ok := g.vars[name]
	if !ok {
		if eq := g.eqs.Get(name); eq != nil {
			return fmt.Errorf("%s is a subexpression of %s and cannot be set", name, g.name)
		}
		return fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, g.order))
	}
	if v.Via != nil {
		return fmt.Errorf("%s.%s is a linked variable: it cannot be set directly, link it to another variable (Link, Brian2's linked_var)", g.name, name)
	}
	prefix := name + " = "
	stmts, err := expr.ParseStmts(prefix + code)
	if err != nil {
		return shiftErr(err, -len(prefix))
	}
	if len(stmts) != 1 {
		return expr.ErrorList{{Pos: 0, Msg: "a value must be one expression"}}
	}
	k, err := g.compileIn(stmts, codeCtx{offset: lo, size: hi - lo, extra: func(n string) (lower.Binding, bool) {
		if n == name && v.ReadOnly {
			b, _ := g.scope(n)
			b.ReadOnly = false
			return b, true
		}
		return lower.Binding{}, false
	}})
	if err != nil {
		return shiftErr(err, -len(prefix))
	}
	if err := g.unlinkedIn(stmts[0].Value); err != nil {
		return err
	}
	if v.Shared {
		lo, hi = 0, 1
	}
	k.Run(lo, hi, g.net.rng)
	return nil
}

// shiftErr moves the positions of an ErrorList by delta, so that errors in
// "v = code" point into code.
func shiftErr(err error, delta int) error {
	list, ok := err.(expr.ErrorList)
	if !ok {
		return err
	}
	out := make(expr.ErrorList, len(list))
	for i, e := range list {
		p := e.Pos + expr.Pos(delta)
		if p < 0 {
			p = 0
		}
		out[i] = &expr.Error{Pos: p, Msg: e.Msg}
	}
	return out
}

// SetValue assigns value (SI) to element index of the variable name, or to
// all elements when index is negative.
func (g *NeuronGroup) SetValue(name string, index int, value float64) error {
	v, ok := g.vars[name]
	if !ok {
		return fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, g.order))
	}
	if v.Via != nil {
		return fmt.Errorf("%s.%s is a linked variable: it cannot be set directly, link it to another variable (Link, Brian2's linked_var)", g.name, name)
	}
	if index >= len(v.Col.Data) {
		return fmt.Errorf("%s.%s has %d elements; index %d is out of range", g.name, name, len(v.Col.Data), index)
	}
	if index < 0 {
		for i := range v.Col.Data {
			v.Col.Data[i] = value
		}
		return nil
	}
	v.Col.Data[index] = value
	return nil
}

// Values returns the variable's values (SI units): one per neuron, or one
// for a shared variable. A state variable's slice is the group's own (not a
// copy); a subexpression is computed into a buffer first, and a linked
// variable gathered from its target.
func (g *NeuronGroup) Values(name string) ([]float64, error) {
	if v, ok := g.vars[name]; ok {
		if v.Via == nil {
			return v.Col.Data, nil
		}
		l := g.links[name]
		if !l.set {
			return nil, l.unset(g, name)
		}
		if l.buf == nil {
			l.buf = make([]float64, g.N)
		}
		for k, j := range l.idx.Data {
			l.buf[k] = l.col.Data[j]
		}
		return l.buf, nil
	}
	col, err := g.subexpr(name)
	if err != nil {
		return nil, err
	}
	if err := g.unlinkedIn(g.subexprSrc[name]); err != nil {
		return nil, err
	}
	col.k.Run(0, g.N, g.net.rng)
	return col.col.Data, nil
}

// subexpr returns the (cached) kernel that computes the subexpression name
// into a column.
func (g *NeuronGroup) subexpr(name string) (*subexprColumn, error) {
	s, ok := g.subexprCache[name]
	if !ok {
		eq := g.eqs.Get(name)
		if eq == nil || eq.Kind != eqs.Subexpression {
			return nil, fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, append(g.VariableNames(), g.eqs.Subexpressions()...)))
		}
		x, err := g.eqs.Expand(&expr.Name{NamePos: expr.NoPos, Name: name})
		if err != nil {
			return nil, err
		}
		col := &kernel.Column{Name: name, Data: make([]float64, g.N)}
		kx, _, err := lower.Expr(x, g.scope)
		if err != nil {
			return nil, err
		}
		k, err := kernel.Compile([]kernel.Stmt{kernel.Set(col, kx)})
		if err != nil {
			return nil, err
		}
		s = &subexprColumn{col, k}
		g.subexprSrc[name] = x
		g.subexprCache[name] = s
	}
	return s, nil
}

// Dim returns the dimension of a variable or subexpression.
func (g *NeuronGroup) Dim(name string) (units.Dim, bool) {
	if v, ok := g.vars[name]; ok {
		return v.Dim, true
	}
	if eq := g.eqs.Get(name); eq != nil {
		return eq.Dim, true
	}
	return units.Dimensionless, false
}

func (g *NeuronGroup) checkFinite(t float64) error {
	for _, name := range g.order {
		v := g.vars[name]
		if v.Via != nil || g.mayBeNaN[name] {
			continue // checked in its own group, or NaN by design
		}
		for i, x := range v.Col.Data {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("the simulation blew up: %s.%s[%d] is %v at t = %s (try a smaller dt or another method)",
					g.name, name, i, x, units.Q(t, units.Second))
			}
		}
	}
	return nil
}

func dimWords(d units.Dim) string {
	if d.IsDimensionless() {
		return "dimensionless"
	}
	return d.String()
}

// suggest returns a "did you mean" hint for name among candidates.
func suggest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := units.EditDistance(name, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" {
		if len(candidates) > 0 {
			sorted := append([]string(nil), candidates...)
			sort.Strings(sorted)
			return fmt.Sprintf(" (it has %v)", sorted)
		}
		return ""
	}
	return fmt.Sprintf(" — did you mean '%s'?", best)
}

// RunRegularly runs code (statements in the group's namespace) every dt
// seconds (0: every step of the group), in the start slot with order 0, as
// Brian2's G.run_regularly(code, dt). dt must be a whole multiple of the
// network's dt; t and dt in the code are the group's, as in Brian2.
// It returns the name of the operation in the schedule (Brian2's
// "G_run_regularly", then "G_run_regularly_1" ...), which
// [Network.Reschedule] moves to another slot.
func (g *NeuronGroup) RunRegularly(code string, dt float64) (string, error) {
	return All(g).RunRegularly(code, dt)
}
