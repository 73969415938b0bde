package sim

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/integ"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/core/spatial"
	"github.com/myelin-sim/myelin/units"
)

// SpatialNeuronSpec describes a SpatialNeuron with Brian2's arguments.
type SpatialNeuronSpec struct {
	Name string
	// Morphology is the neuron's tree (its root section); Flat may be given
	// instead (or as well, then it must be Morphology.Flatten()).
	Morphology *morph.Section
	Flat       *morph.Flat
	// Model holds the equations: the membrane current density
	// Im (amp/meter**2), the channels' gating variables, per-compartment
	// parameters and point currents ("I : amp (point current)").
	Model string
	// Cm (farad/meter**2) and Ri (ohm*meter); 0 means Brian2's defaults,
	// 0.9 uF/cm² and 150 ohm*cm.
	Cm, Ri float64
	// Method integrates the equations other than v's (with v fixed); empty
	// means Brian2's choice for a SpatialNeuron (exact, exponential_euler,
	// rk2, heun: the first that applies).
	Method     string
	Threshold  string
	Reset      string
	Refractory string
	Events     map[string]string
	Externals  lower.Scope
}

// SpatialNeuron is Brian2's SpatialNeuron: a NeuronGroup with one element
// per compartment, holding v, the model's variables and the morphology's
// constants (length, distance, area, volume, diameter, r_length_1,
// r_length_2, Cm, Ri, Ic and x, y, z for a morphology with coordinates),
// plus the cable equation. Each step, as in Brian2, the group's state
// updater integrates the model's differential equations with v held fixed,
// then the spatial state updater linearises Im around v (Im = I0 - gtot*v,
// point currents added as I/area), solves the cable equation for the new
// v with package spatial, and computes Ic.
//
// Im may be any expression with a derivative in v (as Brian2, which
// differentiates it with sympy): gtot = -dIm/dv and I0 = Im + gtot*v are
// then taken at the present v each step. Subexpressions flagged "constant
// over dt" count as constants in the derivative and are computed at the
// start of the step, as Brian2 does.
//
// Synapses reach single compartments by index: a Synapses whose Target is
// All(sn.NeuronGroup) with connect j = the compartment, updating a
// variable behind a point current (gs_post += w with
// Is = gs*(Es - v) : amp (point current)).
//
// The embedded NeuronGroup is what monitors, Set and Values work on:
// All(sn.NeuronGroup) is a Source of all compartments.
type SpatialNeuron struct {
	*NeuronGroup
	Morphology *morph.Section // nil when built from a Flat only
	Flat       *morph.Flat
	Cable      *spatial.Cable

	v, cm, ic  *kernel.Column
	i0, gtot   *kernel.Column
	linearised *kernel.Kernel
	// linearisedSplit runs linearised in chunks (parallel.go)
	linearisedSplit *split
	// Gtot and I0 are the expressions of gtot = -dIm/dv and
	// I0 = Im + gtot*v in the model's variables: without v when Im is
	// linear in v, with it (evaluated at the present v) otherwise.
	Gtot, I0 expr.Expr
}

// Brian2's defaults for a SpatialNeuron.
const (
	DefaultCm = 0.9e-2 // 0.9 uF/cm² in F/m²
	DefaultRi = 1.5    // 150 ohm*cm in ohm*m
)

// spatialConst are the per-compartment constants every SpatialNeuron
// defines, with their units in the equations.
var spatialConst = []struct{ name, unit string }{
	{"length", "meter (constant)"},
	{"distance", "meter (constant)"},
	{"area", "meter**2 (constant)"},
	{"volume", "meter**3"},
	{"Ic", "amp/meter**2"},
	{"diameter", "meter (constant)"},
	{"Cm", "farad/meter**2 (constant)"},
	{"Ri", "ohm*meter (constant, shared)"},
	{"r_length_1", "meter (constant)"},
	{"r_length_2", "meter (constant)"},
}

// NewSpatialNeuron builds a SpatialNeuron and schedules it: its state
// updater as a NeuronGroup's (groups, order 0), the cable equation after it
// (groups, order 1, "<name>_spatialstateupdater").
func (n *Network) NewSpatialNeuron(spec SpatialNeuronSpec) (*SpatialNeuron, error) {
	flat := spec.Flat
	if flat == nil {
		if spec.Morphology == nil {
			return nil, fmt.Errorf("SpatialNeuron %s needs a morphology", spec.Name)
		}
		flat = spec.Morphology.Flatten()
	}
	if flat.N < 1 {
		return nil, fmt.Errorf("SpatialNeuron %s: the morphology has no compartments", spec.Name)
	}
	cm, ri := spec.Cm, spec.Ri
	if cm == 0 {
		cm = DefaultCm
	}
	if ri == 0 {
		ri = DefaultRi
	}
	if !(cm > 0) || math.IsInf(cm, 0) || !(ri > 0) || math.IsInf(ri, 0) {
		return nil, fmt.Errorf("SpatialNeuron %s: Cm and Ri must be positive, not %g F/m² and %g ohm*m", spec.Name, cm, ri)
	}
	codeErr := func(field string, err error) error { return &CodeError{Object: spec.Name, Field: field, Err: err} }
	user, err := eqs.Parse(spec.Model, eqs.SpatialNeuron)
	if err != nil {
		return nil, codeErr("model", err)
	}
	ext := spec.Externals
	if ext == nil {
		ext = func(string) (lower.Binding, bool) { return lower.Binding{}, false }
	}
	// Check the user's equations where they were written, so that errors
	// point into them.
	own := map[string]expr.Symbol{"v": {Dim: units.DimVoltage}}
	for _, c := range spatialConst {
		d, _, perr := parseUnitOf(c.name, c.unit)
		if perr != nil {
			return nil, perr
		}
		own[c.name] = expr.Symbol{Dim: d, Scalar: c.name == "Ri"}
	}
	if flat.HasCoordinates {
		for _, c := range []string{"x", "y", "z"} {
			if user.Get(c) != nil {
				return nil, codeErr("model", expr.ErrorList{{Pos: user.Get(c).Pos, Msg: fmt.Sprintf("'%s' is a variable of a SpatialNeuron whose morphology has coordinates and cannot be defined again", c)}})
			}
			own[c] = expr.Symbol{Dim: units.DimLength}
		}
	}
	ns := func(name string) (expr.Symbol, bool) {
		if s, ok := own[name]; ok {
			return s, true
		}
		switch name {
		case "t":
			return expr.Symbol{Dim: units.DimTime, Scalar: true}, true
		case "dt":
			return expr.Symbol{Dim: units.DimTime, Scalar: true, Const: true, Value: n.DT}, true
		case "i", "N":
			return expr.Symbol{Kind: expr.Integer}, true
		}
		b, ok := ext(name)
		if !ok {
			return expr.Symbol{}, false
		}
		return b.Symbol(), true
	}
	if err := user.Check(ns); err != nil {
		return nil, codeErr("model", err)
	}
	if err := checkDifferentiable(user); err != nil {
		return nil, codeErr("model", err)
	}

	// The NeuronGroup's equations, as Brian2 writes them: point currents
	// divided by the area and added to Im, v a parameter, the constants.
	var lines []string
	var point []string
	for _, eq := range user.All() {
		if eq.Has(eqs.FlagPointCurrent) {
			point = append(point, eq.Name)
		}
	}
	for _, eq := range user.All() {
		if eq.Name == "Im" {
			rhs := "(" + expr.String(eq.RHS) + ")"
			for _, p := range point {
				rhs += " + " + p + "/area"
			}
			lines = append(lines, "Im = "+rhs+" : amp/meter**2")
			continue
		}
		c := *eq
		c.Flags = nil
		for _, f := range eq.Flags {
			if f != eqs.FlagPointCurrent {
				c.Flags = append(c.Flags, f)
			}
		}
		lines = append(lines, c.String())
	}
	lines = append(lines, "v : volt")
	for _, c := range spatialConst {
		lines = append(lines, c.name+" : "+c.unit)
	}
	if flat.HasCoordinates {
		lines = append(lines, "x : meter (constant)", "y : meter (constant)", "z : meter (constant)")
	}
	gspec := NeuronGroupSpec{Name: spec.Name, N: flat.N, Model: strings.Join(lines, "\n"),
		Threshold: spec.Threshold, Reset: spec.Reset, Refractory: spec.Refractory,
		Events: spec.Events, Externals: ext}
	methods := []string{spec.Method}
	if spec.Method == "" {
		methods = integ.DefaultSpatialMethods
	}
	var g *NeuronGroup
	var rejected []error
	for k, m := range methods {
		gspec.Method = m
		g, err = n.NewNeuronGroup(gspec)
		var ce *CodeError
		if err == nil {
			break
		}
		if errors.As(err, &ce) && ce.Field == "method" && k < len(methods)-1 {
			rejected = append(rejected, ce.Err)
			continue
		}
		if spec.Method == "" && errors.As(err, &ce) && ce.Field == "method" {
			return nil, codeErr("method", fmt.Errorf("no integration method applies (tried %s): %v", strings.Join(methods, ", "), errors.Join(append(rejected, ce.Err)...)))
		}
		return nil, err
	}
	g.Rejected = append(rejected, g.Rejected...)
	g.kind = "SpatialNeuron"

	s := &SpatialNeuron{NeuronGroup: g, Morphology: spec.Morphology, Flat: flat}
	n.objects[spatialKey+spec.Name] = s
	fill := func(name string, data []float64) {
		copy(g.vars[name].Col.Data, data)
	}
	fill("length", flat.Length)
	fill("distance", flat.Distance)
	fill("area", flat.Area)
	fill("volume", flat.Volume)
	fill("diameter", flat.Diameter)
	fill("r_length_1", flat.RLength1)
	fill("r_length_2", flat.RLength2)
	if flat.HasCoordinates {
		fill("x", flat.X)
		fill("y", flat.Y)
		fill("z", flat.Z)
		// Sections without coordinates have NaN ones when others have
		// some: a value, not a blow-up.
		g.mayBeNaN = map[string]bool{"x": true, "y": true, "z": true}
	}
	g.vars["Ri"].Col.Data[0] = ri
	s.cm = g.vars["Cm"].Col
	for k := range s.cm.Data {
		s.cm.Data[k] = cm
	}
	s.v = g.vars["v"].Col
	s.ic = g.vars["Ic"].Col
	if s.Cable, err = spatial.New(flat, s.cm.Data, ri); err != nil {
		return nil, fmt.Errorf("SpatialNeuron %s: %v", spec.Name, err)
	}

	// gtot = -dIm/dv, I0 = Im + gtot*v, as Brian2 splits Im. For Im affine
	// in v, neither uses v; otherwise (Brian2 differentiates any Im with
	// sympy) both are evaluated at the current v each step, a linearisation
	// of Im around it.
	im, err := g.eqs.Expand(&expr.Name{NamePos: expr.NoPos, Name: "Im"})
	if err != nil {
		return nil, codeErr("model", err)
	}
	a, b, err := integ.Affine(im, "v")
	if err != nil {
		var nl *integ.NonlinearError
		if !errors.As(err, &nl) {
			return nil, codeErr("model", err)
		}
		d, derr := derivative(im, "v")
		if derr != nil {
			return nil, codeErr("model", fmt.Errorf("Im: %v (gtot = -dIm/dv must exist, as in Brian2)", derr))
		}
		a = d
		b = dsub(im, dmul(d, &expr.Name{NamePos: expr.NoPos, Name: "v"}))
	}
	s.Gtot = dneg(a)
	s.I0 = b
	s.gtot = &kernel.Column{Name: "gtot__private", Data: make([]float64, flat.N)}
	s.i0 = &kernel.Column{Name: "I0__private", Data: make([]float64, flat.N)}
	scope, err := s.constantOverDt(g, flat.N)
	if err != nil {
		return nil, codeErr("model", err)
	}
	kg, _, err := lower.Expr(s.Gtot, scope)
	if err != nil {
		return nil, codeErr("model", err)
	}
	ki, _, err := lower.Expr(s.I0, scope)
	if err != nil {
		return nil, codeErr("model", err)
	}
	lin := []kernel.Stmt{kernel.Set(s.gtot, kg), kernel.Set(s.i0, ki)}
	if s.linearised, err = kernel.Compile(lin); err != nil {
		return nil, codeErr("model", err)
	}
	s.linearisedSplit = n.newSplit(s.linearised, lin, nil)
	n.beforeRun = append(n.beforeRun, func() error {
		if err := s.Cable.SetCm(s.cm.Data); err != nil {
			return fmt.Errorf("SpatialNeuron %s: %v", spec.Name, err)
		}
		return nil
	})
	n.schedule(Groups, 1, spec.Name+"_spatialstateupdater", 1, func(int64) { s.step() })
	return s, nil
}

// checkDifferentiable refuses, where it is written, a use of v in Im or in
// a point current (which Brian2 adds to Im) that has no derivative with
// respect to v, as Brian2 does when it splits Im.
func checkDifferentiable(user *eqs.Equations) error {
	for _, eq := range user.All() {
		if eq.Name != "Im" && !eq.Has(eqs.FlagPointCurrent) {
			continue
		}
		x, err := user.Expand(&expr.Name{NamePos: expr.NoPos, Name: eq.Name})
		if err != nil {
			return err
		}
		if _, err := derivative(x, "v"); err != nil {
			var de *derivError
			if errors.As(err, &de) {
				return expr.ErrorList{{Pos: de.Term.Pos(), Msg: fmt.Sprintf("%s: %v, which a SpatialNeuron needs (gtot = -dIm/dv, as in Brian2)", eq.Name, err)}}
			}
			return err
		}
	}
	return nil
}

// constantOverDt gives the spatial state updater the model's subexpressions
// flagged "constant over dt", which gtot and I0 may use (Brian2 takes them
// out of Im before it differentiates, as constants): as in Brian2, they are
// computed once per step at its start (slot before_start, with the state
// of the end of the previous step) and stored, here in private columns that
// the returned scope binds their names to. Without such subexpressions it
// returns the group's scope.
func (s *SpatialNeuron) constantOverDt(g *NeuronGroup, n int) (lower.Scope, error) {
	defs, err := g.eqs.ConstantOverDt()
	if err != nil || len(defs) == 0 {
		return g.scope, err
	}
	cols := map[string]lower.Binding{}
	scope := func(name string) (lower.Binding, bool) {
		if b, ok := cols[name]; ok {
			return b, true
		}
		return g.scope(name)
	}
	var stmts []kernel.Stmt
	for _, d := range defs {
		k, info, err := lower.Expr(d.RHS, scope)
		if err != nil {
			return nil, err
		}
		col := &kernel.Column{Name: d.Name + "__constant_over_dt", Data: make([]float64, n)}
		stmts = append(stmts, kernel.Set(col, k))
		cols[d.Name] = lower.Binding{Dim: info.Dim, Kind: info.Kind, Col: col, ReadOnly: true}
	}
	k, err := kernel.Compile(stmts)
	if err != nil {
		return nil, err
	}
	sp := s.net.newSplit(k, stmts, nil)
	s.net.schedule(BeforeStart, 0, g.name+"_spatial_subexpression_updater", 1, func(int64) {
		sp.run(n, s.net.rng)
	})
	return scope, nil
}

// spatialKey prefixes the name under which a network keeps its
// SpatialNeurons beside their NeuronGroups (no object name has a space).
const spatialKey = "spatial "

// SpatialNeuron returns the SpatialNeuron called name, or nil. (Object
// returns its NeuronGroup.)
func (n *Network) SpatialNeuron(name string) *SpatialNeuron {
	s, _ := n.objects[spatialKey+name].(*SpatialNeuron)
	return s
}

// step is Brian2's spatial state updater.
func (s *SpatialNeuron) step() {
	s.linearisedSplit.run(s.NeuronGroup.N, s.net.rng)
	s.Cable.Step(s.v.Data, s.i0.Data, s.gtot.Data, nil, s.net.DT)
	s.Cable.CapacitiveCurrent(s.v.Data, s.ic.Data)
}

// parseUnitOf returns the dimension of a unit as written in spatialConst.
func parseUnitOf(name, unit string) (units.Dim, expr.Kind, error) {
	e, err := eqs.Parse(name+" : "+unit, eqs.NeuronGroup)
	if err != nil {
		return units.Dimensionless, expr.Float, err
	}
	eq := e.Get(name)
	return eq.Dim, eq.Type, nil
}

// Section returns the compartments [lo, hi) of the section at path (Brian2's
// morphology path: "dend", "dend.L", "1"), relative to the neuron.
func (s *SpatialNeuron) Section(path string) (lo, hi int, err error) {
	if s.Morphology == nil {
		return 0, 0, fmt.Errorf("%s has no morphology tree to find section '%s' in", s.name, path)
	}
	sec, err := s.Morphology.Get(path)
	if err != nil {
		return 0, 0, err
	}
	lo = sec.StartIndex()
	return lo, lo + sec.N(), nil
}

// SetAt assigns code (an expression, as in [NeuronGroup.Set]) to the
// variable name for the compartments indices (all when nil) that satisfy
// where (a condition; "" for all), as Brian2's
// neuron.gL['distance > 100*um'] = value or neuron.dend.gL = value.
func (s *SpatialNeuron) SetAt(name, code string, indices []int, where string) error {
	g := s.NeuronGroup
	v, ok := g.vars[name]
	if !ok {
		if eq := g.eqs.Get(name); eq != nil {
			return fmt.Errorf("%s is a subexpression of %s and cannot be set", name, g.name)
		}
		return fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, g.order))
	}
	if indices == nil && where == "" {
		return g.Set(name, code)
	}
	var idx []int32
	if indices == nil {
		idx = make([]int32, g.N)
		for k := range idx {
			idx[k] = int32(k)
		}
	} else {
		for _, k := range indices {
			if k < 0 || k >= g.N {
				return fmt.Errorf("%s has %d compartments; index %d is out of range", g.name, g.N, k)
			}
			idx = append(idx, int32(k))
		}
	}
	if where != "" {
		cond, _, err := g.buildCondition(where, "the condition", false)
		if err != nil {
			return &CodeError{Object: g.name, Field: "where", Err: err}
		}
		idx = cond.SelectIndices(idx, g.net.rng, nil)
	}
	if v.Shared {
		return fmt.Errorf("%s.%s is shared: set it for the whole neuron", g.name, name)
	}
	prefix := name + " = "
	stmts, err := expr.ParseStmts(prefix + code)
	if err != nil {
		return shiftErr(err, -len(prefix))
	}
	if len(stmts) != 1 {
		return expr.ErrorList{{Pos: 0, Msg: "a value must be one expression"}}
	}
	k, err := g.compileIn(stmts, codeCtx{extra: func(n string) (lower.Binding, bool) {
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
	if len(idx) > 0 {
		k.RunIndices(idx, g.net.rng)
	}
	return nil
}
