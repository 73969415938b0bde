package sim

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/integ"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// SynapsesSpec describes a Synapses object with Brian2's arguments.
type SynapsesSpec struct {
	Name   string
	Source Source
	// Target is where the synapses go; the zero Source means Source.
	Target Source
	// Model is the equations: parameters and differential equations per
	// synapse (clock-driven, integrated every step, or event-driven,
	// updated when a spike arrives), subexpressions, and summed variables
	// ("I_post = w*v_pre : amp (summed)").
	Model string
	// OnPre is the code of the pathway "pre", run for the synapses of
	// every presynaptic spike; OnPost that of "post", run for the synapses
	// of every postsynaptic spike.
	OnPre, OnPost string
	// PrePathways and PostPathways are more pathways, by name, as when
	// Brian2's on_pre and on_post are dictionaries. Each has its own delay.
	PrePathways, PostPathways map[string]string
	// Delay is the delay of the pathway "pre" for every synapse: a
	// constant time such as "2*ms". Empty means a delay variable per
	// synapse (zero until set with Set("delay", ...)).
	Delay string
	// Delays gives the constant delay of other pathways by name ("post",
	// or a named pathway; "pre" is the same as Delay).
	Delays map[string]string
	// OnEvent gives the event that triggers a pathway, by pathway name
	// ("spike" by default), as Brian2's on_event.
	OnEvent map[string]string
	// Method is the integration method of the clock-driven equations;
	// empty means Brian2's default choice (exact, then euler, then heun).
	Method string
	// MultisynapticIndex, when set, names an integer variable of the
	// synapses, Brian2's multisynaptic_index: it numbers the synapses
	// between the same pair of neurons (0, 1, ... in the order they were
	// created), as made by connect(n=...), so that code can tell them
	// apart (delay = "(k+1)*ms"). Every Connect recomputes it for all
	// synapses.
	MultisynapticIndex string
	// Externals resolves the names the code uses that nothing else
	// defines: constants and TimedArrays.
	Externals lower.Scope
}

// Synapses is Brian2's Synapses: connections from a source group (or a
// slice of one) to a target group, with per-synapse variables (the model),
// code run when spikes arrive (pathways) and variables summed into the
// target. NewSynapses builds one, Connect makes its synapses, Set gives
// them values.
//
// # Storage
//
// Synapses are stored grouped by presynaptic neuron, as in a CSR matrix:
// the synapses of source neuron k are the indices [ptr[k], ptr[k+1]), and
// every per-synapse variable is a []float64 column in that order, with the
// postsynaptic neuron of each synapse in an int32 index (and the
// presynaptic one too, once some code reads a presynaptic variable or i).
// Within a source neuron, synapses keep the order in which they were
// created, so the numbering is Brian2's whenever Brian2 creates synapses in
// that order (one connect with a condition, p or generator syntax for j;
// arrays sorted by i); otherwise (several connect calls, unsorted arrays,
// generators for i) it is Brian2's numbering sorted by presynaptic neuron,
// and CreationOrder gives Brian2's index of each synapse.
//
// # Names in code
//
// In the model, pathway code, Set and summed variables, a name is looked up
// as in Brian2: the synapse's own variables (and lastupdate when there are
// event-driven equations), then t, dt, N (the number of synapses), N_pre,
// N_post, i and j (the pre- and postsynaptic neuron of the synapse, counted
// from the first neuron of the source and target slices), N_incoming and
// N_outgoing, delay (in pathway code and Set), then x_pre and x_post (the
// variable x of the pre- or postsynaptic neuron: v_post reads the target's
// v through the post index, ge_post += w writes through it), then a
// variable of the target group without suffix (Brian2 adds every
// postsynaptic variable under its own name too), then the externals (the
// Synapses' own, then the target's and the source's). Subexpressions of the
// source and target groups can be used the same ways (I_post). A synaptic
// variable may not have the name of a variable of the source or target.
//
// # Equations
//
// Differential equations are clock-driven (integrated every step, with the
// method given or Brian2's default choice) or event-driven: those are
// integrated exactly, as Brian2 does, at each spike that reaches the
// synapse, over the time since its last update (lastupdate), before the
// pathway's code; they must be linear with coefficients constant in time
// (Brian2's 'linear'), or the error says to make them clock-driven.
// "x_post = expr : unit (summed)" sets the target's parameter x, every step,
// to the sum of expr over the synapses of each target neuron (x_pre: over
// those of each source neuron).
//
// # Schedule
//
// As in Brian2: the clock-driven state update runs in groups (order 0,
// "S_stateupdater"); summed variables in groups with order -1, before the
// target's state update ("S_summed_variable_I_post"); each pathway in
// synapses, pre pathways with order -1 and post pathways with order 1
// ("S_pre", "S_post", "S_name"): it first queues the events of its source
// in this step, then runs its code for the synapses whose spikes arrive
// now, so a spike with no delay is delivered in the step it happens.
//
// # Spike queue
//
// Each pathway has a circular queue of per-step buckets. When all its
// delays are equal (a constant delay, or a delay variable with one value)
// a bucket holds the spiking neurons, and delivery runs the pathway's
// kernel over each neuron's synapse range (Kernel.Run over [lo, hi), with
// adjacent ranges merged; post pathways run over the lists of synapses of
// each target neuron); otherwise a bucket holds synapse indices, in
// Brian2's order (spiking neurons in order, each neuron's synapses in
// order of creation), and delivery runs the kernel over them
// (Kernel.RunIndices). Delays are rounded to whole steps as Brian2's C++
// and Cython queues do, int(delay/dt + 0.5) (its numpy queue rounds halves
// to even). Delivering allocates nothing once the buckets have grown.
//
// # Where myelin differs from Brian2
//
//   - Two Synapses objects may write the same summed variable: the target
//     gets the sum of both (Brian2 raises NotImplementedError, issue #766).
//   - Linked variables of the source or target group can be used in
//     synapse code however they are linked (Brian2 accepts only those
//     linked to a shared variable or, without an index, to a group of the
//     same size; see linkedVar).
//   - Connect also reads a lone sample(...) as k for k in sample(...).
//   - Random connectivity draws from the network's generator with other
//     algorithms than numpy's: the same statistics, not the same synapses.
type Synapses struct {
	name     string
	net      *Network
	src, tgt Source
	eqs      *eqs.Equations
	ext      lower.Scope

	// Method is the integration method of the clock-driven equations
	// ("" when there are none); Rejected says why the methods tried
	// before it could not be used.
	Method   string
	Rejected []error

	vars   map[string]*Variable
	order  []string         // variable names, in the order of the equations
	perSyn []*kernel.Column // every column with a value per synapse

	n         int
	ptr       []int32       // synapses of source neuron k: [ptr[k], ptr[k+1])
	post      *kernel.Index // the target neuron of each synapse (absolute)
	pre       *kernel.Index // the source neuron of each synapse (absolute), when code needs it
	preUsed   bool
	seq       []int32 // Brian2's index of each synapse; nil when it is the synapse's own
	nCol      *kernel.Column
	iCol      *kernel.Column // i of each source neuron (absolute index → index in the slice)
	jCol      *kernel.Column
	nIn, nOut *kernel.Column // N_incoming of target neurons, N_outgoing of source neurons
	connected bool

	eventDriven   bool
	eventStmts    []*expr.Stmt // the event-driven update, in terms of _event_dt
	update        *kernel.Kernel
	updateSplit   *split // update's split runs (parallel.go)
	pathways      []*pathway
	summed        []*summedTarget
	pendingSummed []pendingSummed
	subexprs      map[string]*synSubexpr
	linked        []*linkedRef // linked variables of the source or target that code reads
	multiIndex    *Variable    // the multisynaptic index, or nil
}

// Name returns the object's name.
func (s *Synapses) Name() string { return s.name }

// Equations returns the parsed model.
func (s *Synapses) Equations() *eqs.Equations { return s.eqs }

// Source returns the presynaptic group (or slice).
func (s *Synapses) Source() Source { return s.src }

// Target returns the postsynaptic group (or slice).
func (s *Synapses) Target() Source { return s.tgt }

// Count returns the number of synapses.
func (s *Synapses) Count() int { return s.n }

// NewSynapses builds a Synapses object and schedules it in the network.
// It has no synapses until Connect creates them.
func (n *Network) NewSynapses(spec SynapsesSpec) (*Synapses, error) {
	if spec.Target.Group == nil {
		spec.Target = spec.Source
	}
	for _, x := range []struct {
		what string
		src  Source
	}{{"source", spec.Source}, {"target", spec.Target}} {
		if x.src.Group == nil {
			return nil, fmt.Errorf("Synapses %s needs a %s group", spec.Name, x.what)
		}
		if x.src.Group.net != n {
			return nil, fmt.Errorf("Synapses %s: the %s group %s belongs to another network", spec.Name, x.what, x.src.Group.name)
		}
		if err := x.src.check(); err != nil {
			return nil, fmt.Errorf("Synapses %s: %v", spec.Name, err)
		}
	}
	s := &Synapses{name: spec.Name, net: n, src: spec.Source, tgt: spec.Target, ext: spec.Externals,
		vars: map[string]*Variable{}, subexprs: map[string]*synSubexpr{}}
	if s.ext == nil {
		s.ext = func(string) (lower.Binding, bool) { return lower.Binding{}, false }
	}
	codeErr := func(field string, err error) error { return &CodeError{Object: spec.Name, Field: field, Err: err} }

	e, err := eqs.Parse(spec.Model, eqs.Synapses)
	if err != nil {
		return nil, codeErr("model", err)
	}
	s.eqs = e
	if err := s.checkNameClashes(); err != nil {
		return nil, err
	}
	s.post = &kernel.Index{Name: "_synaptic_post"}
	s.pre = &kernel.Index{Name: "_synaptic_pre"}
	s.ptr = make([]int32, s.src.N()+1)
	s.nCol = &kernel.Column{Name: "N", Data: []float64{0}, Scalar: true}
	s.iCol = indexColumn("i", s.src)
	s.jCol = indexColumn("j", s.tgt)
	s.nIn = &kernel.Column{Name: "N_incoming", Data: make([]float64, s.tgt.Group.N)}
	s.nOut = &kernel.Column{Name: "N_outgoing", Data: make([]float64, s.src.Group.N)}
	for _, eq := range e.All() {
		if eq.Kind == eqs.Differential && eq.Has(eqs.FlagEventDriven) {
			s.eventDriven = true
		}
		if eq.Kind == eqs.Subexpression {
			continue
		}
		v := &Variable{Name: eq.Name, Dim: eq.Dim, Kind: eq.Type, Shared: eq.Has(eqs.FlagShared),
			ReadOnly: eq.Has(eqs.FlagConstant)}
		s.addVar(v)
	}
	if s.eventDriven {
		s.addVar(&Variable{Name: "lastupdate", Dim: units.DimTime})
	}
	if err := s.addMultisynapticIndex(spec.MultisynapticIndex); err != nil {
		return nil, err
	}
	if err := e.Check(s.namespace(nil)); err != nil {
		return nil, codeErr("model", err)
	}
	if err := s.buildUpdate(spec.Method); err != nil {
		return nil, err
	}
	if err := s.buildEventDriven(); err != nil {
		return nil, err
	}
	if err := s.buildPathways(spec); err != nil {
		return nil, err
	}
	if err := s.buildSummed(); err != nil {
		return nil, err
	}
	if err := n.register(spec.Name, s); err != nil {
		return nil, err
	}
	if s.update != nil {
		n.schedule(Groups, 0, spec.Name+"_stateupdater", 1, func(int64) {
			if s.n > 0 {
				s.updateSplit.run(s.n, n.rng)
			}
		})
	}
	s.attachSummed()
	for _, p := range s.pathways {
		order := -1
		if p.post {
			order = 1
		}
		n.schedule(SynapsesSlot, order, p.runner, 1, p.run)
	}
	if len(s.pathways) > 0 {
		n.beforeRun = append(n.beforeRun, s.beforeRun)
	}
	if len(s.linked) > 0 {
		n.beforeRun = append(n.beforeRun, s.syncLinks)
	}
	return s, nil
}

// indexColumn holds, for every neuron of src's group, its index within
// src (what i or j is for a synapse from or to it).
func indexColumn(name string, src Source) *kernel.Column {
	c := &kernel.Column{Name: name, Data: make([]float64, src.Group.N)}
	for k := range c.Data {
		c.Data[k] = float64(k - src.Start)
	}
	return c
}

func (s *Synapses) addVar(v *Variable) {
	if v.Shared {
		v.Col = &kernel.Column{Name: v.Name, Data: []float64{0}, Scalar: true}
	} else {
		v.Col = &kernel.Column{Name: v.Name}
		s.perSyn = append(s.perSyn, v.Col)
	}
	s.vars[v.Name] = v
	s.order = append(s.order, v.Name)
}

// checkNameClashes refuses synaptic variables named like a variable of the
// source or target group, as Brian2 does (v_pre and v_post would be
// ambiguous with v).
func (s *Synapses) checkNameClashes() error {
	for _, side := range []struct {
		what string
		g    *NeuronGroup
	}{{"pre", s.src.Group}, {"post", s.tgt.Group}} {
		names := make([]string, 0, len(side.g.vars))
		for name := range side.g.vars {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			eq := s.eqs.Get(name)
			if eq == nil || name == "lastupdate" || eq.Has(eqs.FlagSummed) {
				continue
			}
			return &CodeError{Object: s.name, Field: "model", Err: expr.ErrorList{{Pos: eq.Pos, Msg: fmt.Sprintf(
				"the %s-synaptic variable %s has the same name as a synaptic variable: rename the synaptic variable (for example to '%s_syn') to avoid confusion",
				side.what, name, name)}}}
		}
	}
	return nil
}

// preIndex returns the index of presynaptic neurons, which is only kept up
// to date once some code uses it.
func (s *Synapses) preIndex() *kernel.Index {
	if !s.preUsed {
		s.preUsed = true
		s.syncPre()
	}
	return s.pre
}

// syncPre fills the presynaptic index from ptr.
func (s *Synapses) syncPre() {
	if !s.preUsed {
		return
	}
	if cap(s.pre.Data) < s.n {
		s.pre.Data = make([]int32, s.n)
	}
	s.pre.Data = s.pre.Data[:s.n]
	for k := 0; k+1 < len(s.ptr); k++ {
		abs := int32(k + s.src.Start)
		for j := s.ptr[k]; j < s.ptr[k+1]; j++ {
			s.pre.Data[j] = abs
		}
	}
}

// lookup resolves a name in code of the synapses (see the package notes on
// Synapses). pw is the pathway whose code it is, nil for other code.
func (s *Synapses) lookup(name string, pw *pathway) (lower.Binding, bool) {
	if v, ok := s.vars[name]; ok {
		return lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: v.Col, ReadOnly: v.ReadOnly}, true
	}
	switch name {
	case "t":
		return lower.Binding{Dim: units.DimTime, Col: s.net.t, ReadOnly: true}, true
	case "t_in_timesteps":
		return lower.Binding{Kind: expr.Integer, Col: s.net.steps, ReadOnly: true}, true
	case "dt":
		return lower.Binding{Dim: units.DimTime, Const: true, Value: s.net.DT, ReadOnly: true}, true
	case "N":
		return lower.Binding{Kind: expr.Integer, Col: s.nCol, ReadOnly: true}, true
	case "N_pre":
		return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(s.src.N()), ReadOnly: true}, true
	case "N_post":
		return lower.Binding{Kind: expr.Integer, Const: true, Value: float64(s.tgt.N()), ReadOnly: true}, true
	case "i":
		return lower.Binding{Kind: expr.Integer, Col: s.iCol, Via: s.preIndex(), ReadOnly: true}, true
	case "j":
		return lower.Binding{Kind: expr.Integer, Col: s.jCol, Via: s.post, ReadOnly: true}, true
	case "N_incoming":
		return lower.Binding{Kind: expr.Integer, Col: s.nIn, Via: s.post, ReadOnly: true}, true
	case "N_outgoing":
		return lower.Binding{Kind: expr.Integer, Col: s.nOut, Via: s.preIndex(), ReadOnly: true}, true
	case "delay":
		if pw == nil {
			pw = s.pathway("pre")
		}
		if pw != nil {
			if pw.delay == nil {
				return lower.Binding{Dim: units.DimTime, Const: true, Value: pw.delayVal, ReadOnly: true}, true
			}
			return lower.Binding{Dim: units.DimTime, Col: pw.delay, ReadOnly: true}, true
		}
	}
	if eq := s.eqs.Get(name); eq != nil && eq.Kind == eqs.Subexpression && !eq.Has(eqs.FlagSummed) {
		return lower.Binding{}, false // expanded before lowering
	}
	if b, ok := s.remoteVar(name); ok {
		return b, true
	}
	return s.external(name)
}

// external resolves a name that no variable defines: the externals, then
// those of the target and source groups (whose subexpressions may be used
// here).
func (s *Synapses) external(name string) (lower.Binding, bool) {
	if b, ok := s.ext(name); ok {
		return b, true
	}
	if b, ok := s.tgt.Group.ext(name); ok {
		return b, true
	}
	return s.src.Group.ext(name)
}

// remote splits a name into the group it refers to and the variable there:
// v_pre, v_post, or v (the target's v).
func (s *Synapses) remote(name string) (side Source, base string, pre bool, ok bool) {
	if b, cut := strings.CutSuffix(name, "_pre"); cut && b != "" {
		return s.src, b, true, true
	}
	if b, cut := strings.CutSuffix(name, "_post"); cut && b != "" {
		return s.tgt, b, false, true
	}
	return s.tgt, name, false, true
}

// remoteVar resolves v_pre, v_post and v to a variable of the source or
// target group, read through the pre or post index.
func (s *Synapses) remoteVar(name string) (lower.Binding, bool) {
	side, base, pre, _ := s.remote(name)
	v, ok := side.Group.vars[base]
	if !ok {
		return lower.Binding{}, false
	}
	if v.Via != nil {
		return s.linkedVar(side.Group, base, v, pre), true
	}
	b := lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: v.Col, ReadOnly: v.ReadOnly}
	if !v.Shared {
		if pre {
			b.Via = s.preIndex()
		} else {
			b.Via = s.post
		}
	}
	return b, true
}

// remoteSubexpr returns the group and subexpression a name refers to when
// it is a subexpression of the source or target group (I_post, or I for
// the target's I).
func (s *Synapses) remoteSubexpr(name string) (*NeuronGroup, *eqs.Equation, string) {
	if _, ok := s.vars[name]; ok || s.eqs.Get(name) != nil {
		return nil, nil, ""
	}
	switch name {
	case "t", "dt", "N", "N_pre", "N_post", "i", "j", "N_incoming", "N_outgoing", "delay":
		return nil, nil, ""
	}
	side, base, pre, _ := s.remote(name)
	eq := side.Group.eqs.Get(base)
	if eq == nil || eq.Kind != eqs.Subexpression {
		return nil, nil, ""
	}
	if _, ok := side.Group.vars[base]; ok {
		return nil, nil, ""
	}
	suffix := "_post"
	if pre {
		suffix = "_pre"
	}
	return side.Group, eq, suffix
}

// namespace is the scope the unit checker and the integrators see:
// subexpressions (of the synapses and of the source and target groups) as
// symbols, everything else as lookup resolves it.
func (s *Synapses) namespace(pw *pathway) expr.Namespace {
	return func(name string) (expr.Symbol, bool) {
		if eq := s.eqs.Get(name); eq != nil && eq.Kind == eqs.Subexpression && !eq.Has(eqs.FlagSummed) {
			return expr.Symbol{Dim: eq.Dim, Kind: eq.Type, Scalar: eq.Has(eqs.FlagShared)}, true
		}
		if _, eq, _ := s.remoteSubexpr(name); eq != nil {
			return expr.Symbol{Dim: eq.Dim, Kind: eq.Type}, true
		}
		b, ok := s.lookup(name, pw)
		if !ok {
			return expr.Symbol{}, false
		}
		return b.Symbol(), true
	}
}

// expand substitutes the synapses' subexpressions and those of the source
// and target groups (renaming their variables v to v_pre or v_post).
func (s *Synapses) expand(x expr.Expr) (expr.Expr, error) {
	x, err := s.eqs.Expand(x)
	if err != nil {
		return nil, err
	}
	var ferr error
	y := rewriteNames(x, func(n *expr.Name) expr.Expr {
		g, eq, suffix := s.remoteSubexpr(n.Name)
		if eq == nil {
			return nil
		}
		sub, err := g.eqs.Expand(&expr.Name{NamePos: n.NamePos, Name: eq.Name})
		if err != nil {
			ferr = err
			return nil
		}
		sub = rewriteNames(sub, func(m *expr.Name) expr.Expr {
			switch {
			case g.vars[m.Name] != nil:
				return &expr.Name{NamePos: m.NamePos, Name: m.Name + suffix}
			case m.Name == "i" && suffix == "_pre":
				return &expr.Name{NamePos: m.NamePos, Name: "i"}
			case m.Name == "i":
				return &expr.Name{NamePos: m.NamePos, Name: "j"}
			case m.Name == "N":
				return &expr.Name{NamePos: m.NamePos, Name: "N" + suffix}
			}
			return nil
		})
		return &expr.Paren{Lparen: n.NamePos, X: sub, Rparen: n.End() - 1}
	})
	return y, ferr
}

// rewriteNames returns a copy of x in which every name used as a value for
// which f returns a non-nil expression is replaced by it.
func rewriteNames(x expr.Expr, f func(*expr.Name) expr.Expr) expr.Expr {
	switch x := x.(type) {
	case *expr.Name:
		if y := f(x); y != nil {
			return y
		}
		c := *x
		return &c
	case *expr.Num:
		c := *x
		return &c
	case *expr.Paren:
		return &expr.Paren{Lparen: x.Lparen, X: rewriteNames(x.X, f), Rparen: x.Rparen}
	case *expr.Unary:
		return &expr.Unary{OpPos: x.OpPos, Op: x.Op, X: rewriteNames(x.X, f)}
	case *expr.Binary:
		return &expr.Binary{X: rewriteNames(x.X, f), OpPos: x.OpPos, Op: x.Op, Y: rewriteNames(x.Y, f)}
	case *expr.Call:
		fun := *x.Fun
		c := &expr.Call{Fun: &fun, Lparen: x.Lparen, Rparen: x.Rparen, Args: make([]expr.Expr, len(x.Args))}
		for i, a := range x.Args {
			c.Args[i] = rewriteNames(a, f)
		}
		return c
	}
	return x
}

func name(s string) *expr.Name { return &expr.Name{NamePos: expr.NoPos, Name: s} }

// buildUpdate integrates the clock-driven equations.
func (s *Synapses) buildUpdate(method string) error {
	codeErr := func(err error) error { return &CodeError{Object: s.name, Field: "model", Err: err} }
	defs, err := s.eqs.Substituted()
	if err != nil {
		return codeErr(err)
	}
	var diff []integ.DiffEq
	for _, d := range defs {
		if !s.eqs.Get(d.Name).Has(eqs.FlagEventDriven) {
			diff = append(diff, integ.DiffEq{Name: d.Name, RHS: d.RHS})
		}
	}
	if len(diff) == 0 {
		return nil
	}
	var stmts []*expr.Stmt
	before, err := s.eqs.ConstantOverDt()
	if err != nil {
		return codeErr(err)
	}
	for _, d := range before {
		x, err := s.expand(d.RHS)
		if err != nil {
			return codeErr(err)
		}
		stmts = append(stmts, &expr.Stmt{Target: name(d.Name), Op: expr.OpAssign, Value: x})
	}
	for i := range diff {
		if diff[i].RHS, err = s.expand(diff[i].RHS); err != nil {
			return codeErr(err)
		}
	}
	var methods []string
	if method != "" {
		methods = []string{method}
	}
	res, err := integ.Integrate(diff, integ.EnvFromNamespace(s.namespace(nil)), methods...)
	if err != nil {
		return &CodeError{Object: s.name, Field: "method", Err: err}
	}
	s.Method, s.Rejected = res.Method, res.Rejected
	stmts = append(stmts, res.Stmts...)
	ks, err := lower.Stmts(stmts, s.scope(nil))
	if err != nil {
		return codeErr(err)
	}
	if s.update, err = kernel.Compile(ks); err != nil {
		return codeErr(err)
	}
	s.updateSplit = s.net.newSplit(s.update, ks, nil)
	return nil
}

// eventDT is the temporary that stands for dt in the event-driven update:
// the time since the synapse's last update.
const eventDT = "_event_dt"

// buildEventDriven integrates the event-driven equations exactly, as
// Brian2 does, with dt the time since the last update of the synapse.
func (s *Synapses) buildEventDriven() error {
	if !s.eventDriven {
		return nil
	}
	codeErr := func(err error) error { return &CodeError{Object: s.name, Field: "model", Err: err} }
	defs, err := s.eqs.Substituted()
	if err != nil {
		return codeErr(err)
	}
	var diff []integ.DiffEq
	for _, d := range defs {
		if s.eqs.Get(d.Name).Has(eqs.FlagEventDriven) {
			x, err := s.expand(d.RHS)
			if err != nil {
				return codeErr(err)
			}
			diff = append(diff, integ.DiffEq{Name: d.Name, RHS: x})
		}
	}
	ns := s.namespace(nil)
	env := integ.EnvFromNamespace(func(n string) (expr.Symbol, bool) {
		if n == "dt" {
			return expr.Symbol{Dim: units.DimTime}, true
		}
		return ns(n)
	})
	res, err := integ.Integrate(diff, env, "exact")
	if err != nil {
		return codeErr(fmt.Errorf("cannot solve the differential equations as event-driven (%v): use (clock-driven) instead", err))
	}
	s.eventStmts = []*expr.Stmt{{Target: name(eventDT), Op: expr.OpAssign,
		Value: &expr.Binary{X: name("t"), OpPos: expr.NoPos, Op: expr.OpSub, Y: name("lastupdate")}}}
	toEventDT := func(n *expr.Name) expr.Expr {
		if n.Name == "dt" {
			return &expr.Name{NamePos: n.NamePos, Name: eventDT}
		}
		return nil
	}
	for _, st := range res.Stmts {
		s.eventStmts = append(s.eventStmts, &expr.Stmt{Target: st.Target, OpPos: st.OpPos, Op: st.Op,
			Value: rewriteNames(st.Value, toEventDT)})
	}
	return nil
}

// scope is lookup for the code of pathway pw (nil for other code).
func (s *Synapses) scope(pw *pathway) lower.Scope {
	return func(name string) (lower.Binding, bool) { return s.lookup(name, pw) }
}

// compileCode parses, expands and lowers user statements in pathway pw's
// scope (nil: no pathway), with pre before and post after them.
func (s *Synapses) compileCode(src string, pw *pathway, pre, post []*expr.Stmt, extra lower.Scope) (*kernel.Kernel, error) {
	stmts, err := expr.ParseStmts(src)
	if err != nil {
		return nil, err
	}
	for _, st := range stmts {
		if eq := s.eqs.Get(st.Target.Name); eq != nil && eq.Kind == eqs.Subexpression && !eq.Has(eqs.FlagSummed) {
			return nil, expr.ErrorList{{Pos: st.Target.Pos(), Msg: fmt.Sprintf("'%s' is a subexpression and cannot be assigned to", st.Target.Name)}}
		}
		if st.Value, err = s.expand(st.Value); err != nil {
			return nil, err
		}
	}
	all := append(append(append([]*expr.Stmt(nil), pre...), stmts...), post...)
	scope := s.scope(pw)
	if extra != nil {
		scope = func(name string) (lower.Binding, bool) {
			if b, ok := extra(name); ok {
				return b, true
			}
			return s.lookup(name, pw)
		}
	}
	ks, err := lower.Stmts(all, scope)
	if err != nil {
		return nil, err
	}
	k, err := kernel.Compile(ks)
	if err != nil {
		return nil, expr.ErrorList{{Pos: 0, Msg: err.Error()}}
	}
	return k, nil
}

// Variable returns the synaptic variable called name (lastupdate
// included), or nil.
func (s *Synapses) Variable(name string) *Variable { return s.vars[name] }

// VariableNames returns the names of the synaptic variables in the order of
// the equations, lastupdate last when there are event-driven equations.
func (s *Synapses) VariableNames() []string { return append([]string(nil), s.order...) }

// I returns the presynaptic neuron of every synapse, counted from the
// first neuron of the source (Brian2's S.i).
func (s *Synapses) I() []int32 {
	out := make([]int32, s.n)
	for k := 0; k+1 < len(s.ptr); k++ {
		for j := s.ptr[k]; j < s.ptr[k+1]; j++ {
			out[j] = int32(k)
		}
	}
	return out
}

// J returns the postsynaptic neuron of every synapse, counted from the
// first neuron of the target (Brian2's S.j).
func (s *Synapses) J() []int32 {
	out := make([]int32, s.n)
	off := int32(s.tgt.Start)
	for k, p := range s.post.Data[:s.n] {
		out[k] = p - off
	}
	return out
}

// CreationOrder returns, for every synapse, its index in Brian2's
// numbering: the order in which the synapses were created.
func (s *Synapses) CreationOrder() []int32 {
	out := make([]int32, s.n)
	if s.seq != nil {
		copy(out, s.seq)
		return out
	}
	for k := range out {
		out[k] = int32(k)
	}
	return out
}

// NIncoming returns the number of synapses onto each neuron of the target
// (Brian2's N_incoming_post).
func (s *Synapses) NIncoming() []int {
	out := make([]int, s.tgt.N())
	for k := range out {
		out[k] = int(s.nIn.Data[s.tgt.Start+k])
	}
	return out
}

// NOutgoing returns the number of synapses from each neuron of the source
// (Brian2's N_outgoing_pre).
func (s *Synapses) NOutgoing() []int {
	out := make([]int, s.src.N())
	for k := range out {
		out[k] = int(s.ptr[k+1] - s.ptr[k])
	}
	return out
}

// Pathways returns the names of the pathways: "pre", "post" and the named
// ones, in the order they run.
func (s *Synapses) Pathways() []string {
	out := make([]string, len(s.pathways))
	for i, p := range s.pathways {
		out[i] = p.name
	}
	return out
}

func (s *Synapses) pathway(name string) *pathway {
	for _, p := range s.pathways {
		if p.name == name {
			return p
		}
	}
	return nil
}

// delayTarget resolves "delay" (the pre pathway's) and "name.delay".
func (s *Synapses) delayTarget(varName string) (*pathway, bool, error) {
	pwName := ""
	switch {
	case varName == "delay":
		pwName = "pre"
	case strings.HasSuffix(varName, ".delay"):
		pwName = strings.TrimSuffix(varName, ".delay")
	default:
		return nil, false, nil
	}
	p := s.pathway(pwName)
	if p == nil {
		if varName == "delay" {
			return nil, true, fmt.Errorf("%s has no 'pre' pathway, so 'delay' means nothing (set '<pathway>.delay')", s.name)
		}
		return nil, true, fmt.Errorf("%s has no pathway '%s'%s", s.name, pwName, suggest(pwName, s.Pathways()))
	}
	return p, true, nil
}

// Set evaluates code for every synapse and assigns it to the variable name,
// as Brian2's S.w = 'rand()*w_max': code may use i, j, N_incoming,
// N_outgoing, pre- and postsynaptic variables, constants, rand() and
// randn(). name "delay" sets the delays of the pathway "pre" ("post.delay"
// those of "post", and so on); a pathway with a constant delay takes only
// a constant. Synapses must exist first (Connect), as in Brian2.
func (s *Synapses) Set(name, code string) error { return s.SetWhere(name, "", code) }

// SetWhere is Set for the synapses where cond is true (Brian2's
// S.w['i > j'] = code); an empty cond means every synapse.
func (s *Synapses) SetWhere(varName, cond, code string) error {
	col, v, p, err := s.settable(varName)
	if err != nil {
		return err
	}
	if p != nil && col == nil { // a constant delay: a constant only
		if cond != "" {
			return fmt.Errorf("%s: the pathway %s has one delay for all synapses; it cannot be set for some of them", s.name, p.name)
		}
		val, err := s.constantTime(code)
		if err != nil {
			return &CodeError{Object: s.name, Field: varName, Err: err}
		}
		if err := checkDelay(val); err != nil {
			return fmt.Errorf("%s.%s: %v", s.name, varName, err)
		}
		p.delayVal = val
		p.dirty = true
		return nil
	}
	var b lower.Binding
	if v != nil {
		b = lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: col}
	} else {
		b = lower.Binding{Dim: units.DimTime, Col: col}
	}
	target := "_set_target"
	prefix := target + " = "
	k, err := s.compileCode(prefix+code, p, nil, nil, func(n string) (lower.Binding, bool) {
		if n == target {
			return b, true
		}
		return lower.Binding{}, false
	})
	if err != nil {
		return &CodeError{Object: s.name, Field: varName, Err: shiftErr(err, -len(prefix))}
	}
	if err := s.syncLinks(); err != nil {
		return err
	}
	var idx []int32
	if cond != "" {
		c, err := s.condition(cond, p)
		if err != nil {
			return &CodeError{Object: s.name, Field: varName + "[" + cond + "]", Err: err}
		}
		s.syncPre()
		idx = c.Select(0, s.n, s.net.rng, nil)
	}
	s.syncPre()
	var old []float64
	if p != nil {
		old = append(old, col.Data...)
	}
	switch {
	case col.Scalar:
		k.Run(0, 1, s.net.rng)
	case cond != "":
		if len(idx) > 0 {
			k.RunIndices(idx, s.net.rng)
		}
	default:
		k.Run(0, s.n, s.net.rng)
	}
	if p != nil {
		for _, d := range col.Data {
			if err := checkDelay(d); err != nil {
				copy(col.Data, old)
				return fmt.Errorf("%s.%s: %v", s.name, varName, err)
			}
		}
		p.dirty = true
	}
	return nil
}

func checkDelay(d float64) error {
	if d < 0 || math.IsNaN(d) || math.IsInf(d, 0) {
		return fmt.Errorf("a delay must be a positive time or zero, not %v s", d)
	}
	return nil
}

// condition compiles a condition on synapses.
func (s *Synapses) condition(src string, pw *pathway) (*kernel.Kernel, error) {
	x, err := expr.ParseExpr(src)
	if err != nil {
		return nil, err
	}
	if x, err = s.expand(x); err != nil {
		return nil, err
	}
	k, in, err := lower.Expr(x, s.scope(pw))
	if err != nil {
		return nil, err
	}
	if in.Kind != expr.Boolean {
		return nil, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("the condition must be true or false, but it is %s", dimOrKind(in))}}
	}
	return kernel.CompileCondition(k)
}

// constantTime evaluates code that must be a constant time.
func (s *Synapses) constantTime(code string) (float64, error) {
	x, err := expr.ParseExpr(code)
	if err != nil {
		return 0, err
	}
	c, err := expr.Check(x, func(n string) (expr.Symbol, bool) {
		b, ok := s.external(n)
		if !ok {
			return expr.Symbol{}, false
		}
		return b.Symbol(), true
	})
	if err != nil {
		return 0, err
	}
	in := c.Info()
	if !in.Const {
		return 0, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("%s must be a constant time, such as 2*ms", code)}}
	}
	if in.Dim != units.DimTime {
		return 0, expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf("a delay is a time, but %s is %s", code, dimOrKind(in))}}
	}
	return in.Value, nil
}

// settable returns the column Set writes for varName: a synaptic variable,
// or a pathway's delays (col nil for a constant delay).
func (s *Synapses) settable(varName string) (*kernel.Column, *Variable, *pathway, error) {
	p, isDelay, err := s.delayTarget(varName)
	if err != nil {
		return nil, nil, nil, err
	}
	if isDelay {
		if !s.connected && p.delay != nil {
			return nil, nil, nil, fmt.Errorf("cannot write to synaptic variable '%s' of %s, you need to call Connect first", varName, s.name)
		}
		return p.delay, nil, p, nil
	}
	v, ok := s.vars[varName]
	if !ok {
		if eq := s.eqs.Get(varName); eq != nil {
			return nil, nil, nil, fmt.Errorf("%s is a subexpression of %s and cannot be set", varName, s.name)
		}
		return nil, nil, nil, fmt.Errorf("%s has no variable '%s'%s", s.name, varName, suggest(varName, s.order))
	}
	if !s.connected && !v.Shared {
		return nil, nil, nil, fmt.Errorf("cannot write to synaptic variable '%s' of %s, you need to call Connect first", varName, s.name)
	}
	return v.Col, v, nil, nil
}

// SetValue assigns value (SI) to synapse index of the variable name ("delay"
// and "pathway.delay" included), or to every synapse when index is
// negative.
func (s *Synapses) SetValue(varName string, index int, value float64) error {
	col, _, p, err := s.settable(varName)
	if err != nil {
		return err
	}
	if p != nil {
		if err := checkDelay(value); err != nil {
			return fmt.Errorf("%s.%s: %v", s.name, varName, err)
		}
		p.dirty = true
		if col == nil {
			if index >= 0 {
				return fmt.Errorf("%s: the pathway %s has one delay for all synapses; set it with index -1", s.name, p.name)
			}
			p.delayVal = value
			return nil
		}
	}
	if index >= len(col.Data) {
		return fmt.Errorf("%s.%s has %d elements; index %d is out of range", s.name, varName, len(col.Data), index)
	}
	if index < 0 {
		for k := range col.Data {
			col.Data[k] = value
		}
		return nil
	}
	col.Data[index] = value
	return nil
}

// Values returns the values (SI) of a synaptic variable, one per synapse
// (one for a shared variable), without copying; "delay" and
// "pathway.delay" give a pathway's delays (a copy; one value for a
// constant delay); a subexpression is computed into a buffer.
func (s *Synapses) Values(varName string) ([]float64, error) {
	if v, ok := s.vars[varName]; ok {
		if v.Shared {
			return v.Col.Data, nil
		}
		return v.Col.Data[:s.n:s.n], nil
	}
	p, isDelay, err := s.delayTarget(varName)
	if err != nil {
		return nil, err
	}
	if isDelay {
		if p.delay == nil {
			return []float64{p.delayVal}, nil
		}
		return append([]float64(nil), p.delay.Data[:s.n]...), nil
	}
	sc, ok := s.subexprs[varName]
	if !ok {
		eq := s.eqs.Get(varName)
		if eq == nil || eq.Kind != eqs.Subexpression || eq.Has(eqs.FlagSummed) {
			return nil, fmt.Errorf("%s has no variable '%s'%s", s.name, varName, suggest(varName, append(s.VariableNames(), s.eqs.Subexpressions()...)))
		}
		x, err := s.expand(name(varName))
		if err != nil {
			return nil, err
		}
		col := &kernel.Column{Name: varName}
		if eq.Has(eqs.FlagShared) {
			col.Scalar, col.Data = true, []float64{0}
		}
		kx, _, err := lower.Expr(x, s.scope(nil))
		if err != nil {
			return nil, &CodeError{Object: s.name, Field: "model", Err: err}
		}
		k, err := kernel.Compile([]kernel.Stmt{kernel.Set(col, kx)})
		if err != nil {
			return nil, err
		}
		sc = &synSubexpr{col: col, k: k}
		s.subexprs[varName] = sc
	}
	s.syncPre()
	if err := s.syncLinks(); err != nil {
		return nil, err
	}
	if sc.col.Scalar {
		sc.k.Run(0, 1, s.net.rng)
		return sc.col.Data, nil
	}
	if len(sc.col.Data) < s.n {
		sc.col.Data = make([]float64, s.n)
	}
	sc.k.Run(0, s.n, s.net.rng)
	return sc.col.Data[:s.n:s.n], nil
}

// synSubexpr computes a subexpression of the synapses into a column.
type synSubexpr struct {
	col *kernel.Column
	k   *kernel.Kernel
}

// Dim returns the dimension of a variable or subexpression.
func (s *Synapses) Dim(varName string) (units.Dim, bool) {
	if v, ok := s.vars[varName]; ok {
		return v.Dim, true
	}
	if eq := s.eqs.Get(varName); eq != nil {
		return eq.Dim, true
	}
	if _, isDelay, err := s.delayTarget(varName); isDelay && err == nil {
		return units.DimTime, true
	}
	return units.Dimensionless, false
}

// beforeRun checks, as Brian2 does when a run starts, that a Synapses
// with pathways has been connected, and prepares the spike queues.
func (s *Synapses) beforeRun() error {
	if !s.connected {
		return fmt.Errorf("Synapses %s does not do anything, since it has not created synapses with Connect", s.name)
	}
	for _, p := range s.pathways {
		if p.dirty {
			p.prepare(s.net.step)
		}
	}
	return nil
}

// sortedKeys returns the keys of m, sorted.
func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
