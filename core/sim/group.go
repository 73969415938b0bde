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
	// define: constants and TimedArrays.
	Externals lower.Scope
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

	Method   string  // the integration method used
	Rejected []error // why the methods tried before it could not be used

	update    *kernel.Kernel
	threshold *kernel.Kernel
	reset     *kernel.Kernel

	refractory   bool
	lastspike    *kernel.Column
	notRefrac    *kernel.Column
	spikes       []int32 // the neurons that spiked in the current step
	spikeStep    int64   // the step spikes belong to
	subexprCache map[string]*subexprColumn
}

type subexprColumn struct {
	col *kernel.Column
	k   *kernel.Kernel
}

// Name returns the group's name.
func (g *NeuronGroup) Name() string { return g.name }

// Equations returns the group's parsed equations.
func (g *NeuronGroup) Equations() *eqs.Equations { return g.eqs }

// NewNeuronGroup builds a NeuronGroup and schedules it in the network.
func (n *Network) NewNeuronGroup(spec NeuronGroupSpec) (*NeuronGroup, error) {
	if spec.N < 1 {
		return nil, fmt.Errorf("NeuronGroup %s: N must be at least 1, not %d", spec.Name, spec.N)
	}
	g := &NeuronGroup{name: spec.Name, N: spec.N, net: n, ext: spec.Externals,
		vars: map[string]*Variable{}, subexprCache: map[string]*subexprColumn{}}
	if g.ext == nil {
		g.ext = func(string) (lower.Binding, bool) { return lower.Binding{}, false }
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
		size := g.N
		if v.Shared {
			size = 1
		}
		v.Col = &kernel.Column{Name: eq.Name, Data: make([]float64, size), Scalar: v.Shared}
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
	if err := n.register(spec.Name, g); err != nil {
		return nil, err
	}
	n.groups = append(n.groups, g)
	if g.update != nil {
		n.schedule(Groups, 0, spec.Name+"_stateupdater", 1, func(int64) { g.update.Run(0, g.N, n.rng) })
	}
	if g.threshold != nil {
		n.schedule(Thresholds, 0, spec.Name+"_thresholder", 1, g.runThreshold)
	}
	if g.reset != nil {
		n.schedule(Resets, 0, spec.Name+"_resetter", 1, func(int64) {
			if len(g.spikes) > 0 {
				g.reset.RunIndices(g.spikes, n.rng)
			}
		})
	}
	return g, nil
}

// scope resolves names in the group's code: its variables, the specials
// (t, dt, i, N), subexpressions are expanded before lowering, then the
// externals.
func (g *NeuronGroup) scope(name string) (lower.Binding, bool) {
	if v, ok := g.vars[name]; ok {
		return lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: v.Col, ReadOnly: v.ReadOnly}, true
	}
	switch name {
	case "t":
		return lower.Binding{Dim: units.DimTime, Col: g.net.t, ReadOnly: true}, true
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
		return symbolOf(b), true
	}
}

func symbolOf(b lower.Binding) expr.Symbol {
	s := expr.Symbol{Dim: b.Dim, Kind: b.Kind}
	switch {
	case b.Const:
		s.Const, s.Scalar, s.Value = true, true, b.Value
	case b.Table != nil:
		s.Func = &expr.FuncSig{Args: b.Args, Result: b.Dim, Kind: expr.Float}
	case b.Col != nil:
		s.Scalar = b.Col.Scalar && b.Via == nil
	}
	return s
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
		stmts = append(stmts, ref...)
	}
	defs, err := g.eqs.Substituted()
	if err != nil {
		return codeErr("model", err)
	}
	if len(defs) == 0 {
		if len(stmts) > 0 {
			k, err := g.lowerAndCompile(stmts)
			if err != nil {
				return codeErr("refractory", err)
			}
			g.update = k
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
	diff := make([]integ.DiffEq, len(defs))
	for i, d := range defs {
		rhs := d.RHS
		if g.refractory && g.eqs.Get(d.Name).Has(eqs.FlagUnlessRefractory) {
			notRef := &expr.Call{Fun: &expr.Name{NamePos: expr.NoPos, Name: "int"}, Lparen: expr.NoPos,
				Args: []expr.Expr{&expr.Name{NamePos: expr.NoPos, Name: "not_refractory"}}, Rparen: expr.NoPos}
			rhs = &expr.Binary{X: notRef, OpPos: expr.NoPos, Op: expr.OpMul, Y: &expr.Paren{Lparen: expr.NoPos, X: rhs, Rparen: expr.NoPos}}
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
	stmts = append(stmts, res.Stmts...)
	k, err := g.lowerAndCompile(stmts)
	if err != nil {
		return codeErr("model", err)
	}
	g.update = k
	return nil
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

func (g *NeuronGroup) lowerAndCompile(stmts []*expr.Stmt) (*kernel.Kernel, error) {
	ks, err := lower.Stmts(stmts, g.scope)
	if err != nil {
		return nil, err
	}
	return kernel.Compile(ks)
}

// compileStmts parses, expands subexpressions in, checks and compiles a
// block of statements such as a reset.
func (g *NeuronGroup) compileStmts(src string, extra lower.Scope) (*kernel.Kernel, error) {
	stmts, err := expr.ParseStmts(src)
	if err != nil {
		return nil, err
	}
	for _, s := range stmts {
		if s.Value, err = g.eqs.Expand(s.Value); err != nil {
			return nil, err
		}
		if eq := g.eqs.Get(s.Target.Name); eq != nil && eq.Kind == eqs.Subexpression {
			return nil, expr.ErrorList{{Pos: s.Target.Pos(), Msg: fmt.Sprintf("'%s' is a subexpression and cannot be assigned to", s.Target.Name)}}
		}
	}
	scope := g.scope
	if extra != nil {
		scope = func(name string) (lower.Binding, bool) {
			if b, ok := extra(name); ok {
				return b, true
			}
			return g.scope(name)
		}
	}
	ks, err := lower.Stmts(stmts, scope)
	if err != nil {
		return nil, err
	}
	return kernel.Compile(ks)
}

func (g *NeuronGroup) buildThreshold(src string) error {
	x, err := expr.ParseExpr(src)
	if err != nil {
		return err
	}
	if x, err = g.eqs.Expand(x); err != nil {
		return err
	}
	k, in, err := lower.Expr(x, g.scope)
	if err != nil {
		return err
	}
	if in.Kind != expr.Boolean {
		return expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("the threshold must be a condition such as v > -50*mV, but it is %s", dimOrKind(in))}}
	}
	if g.refractory {
		k = kernel.Bin(kernel.OpAnd, k, kernel.Var(g.notRefrac))
	}
	g.threshold, err = kernel.CompileCondition(k)
	return err
}

// runThreshold finds the neurons that spike in this step and, with
// refractoriness, marks them refractory from now.
func (g *NeuronGroup) runThreshold(step int64) {
	g.spikes = g.threshold.Select(0, g.N, g.net.rng, g.spikes[:0])
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
func (g *NeuronGroup) Set(name, code string) error {
	v, ok := g.vars[name]
	if !ok {
		if eq := g.eqs.Get(name); eq != nil {
			return fmt.Errorf("%s is a subexpression of %s and cannot be set", name, g.name)
		}
		return fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, g.order))
	}
	k, err := g.compileStmts(name+" = "+code, func(n string) (lower.Binding, bool) {
		if n == name && v.ReadOnly {
			b, _ := g.scope(n)
			b.ReadOnly = false
			return b, true
		}
		return lower.Binding{}, false
	})
	if err != nil {
		return shiftErr(err, -len(name+" = "))
	}
	size := g.N
	if v.Shared {
		size = 1
	}
	k.Run(0, size, g.net.rng)
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

// Values returns the variable's values (SI units), without copying: a
// subexpression is computed into a buffer first.
func (g *NeuronGroup) Values(name string) ([]float64, error) {
	if v, ok := g.vars[name]; ok {
		return v.Col.Data, nil
	}
	col, err := g.subexpr(name)
	if err != nil {
		return nil, err
	}
	return col.Data, nil
}

// subexpr returns a column holding the subexpression name, computed now.
func (g *NeuronGroup) subexpr(name string) (*kernel.Column, error) {
	s, ok := g.subexprCache[name]
	if !ok {
		eq := g.eqs.Get(name)
		if eq == nil || eq.Kind != eqs.Subexpression {
			return nil, fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, append(g.order, g.eqs.Subexpressions()...)))
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
		g.subexprCache[name] = s
	}
	s.k.Run(0, g.N, g.net.rng)
	return s.col, nil
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
		for i, x := range v.Col.Data {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("the simulation blew up: %s.%s[%d] is %v at t = %s (try a smaller dt or another method)",
					g.name, name, i, x, units.Q(t, units.Second))
			}
		}
	}
	return nil
}

// suggest returns a "did you mean" hint for name among candidates.
func suggest(name string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := distance(name, c); d < bestD {
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

func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
