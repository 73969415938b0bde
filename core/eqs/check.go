package eqs

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// Check checks the units of every right-hand side, as Brian2's check_units:
// the right-hand side of dx/dt = f : u must be in u/second, that of
// x = f : u in u. Inside the equations, their own variables have their
// declared units (a subexpression is not expanded: its declared unit
// stands for it) and the noise symbols xi, xi_* have the unit second**-0.5,
// so that in dv/dt = -v/tau + sigma*xi/sqrt(tau) : volt the noise term is
// in volt/second as it must be. Every other name goes to ns, which resolves
// the model's constants, the group's special variables (t, dt, i, N,
// lastspike, not_refractory ...; for synapses v_pre, v_post ...; for a
// SpatialNeuron v, area, diameter ...) and functions; names it does not know
// fall back to units and Brian2's constants (mV, pi). ns may be nil.
//
// Check also refuses a shared subexpression that uses a variable that is not
// shared, and, in Synapses, a summed variable whose unit differs from that
// of the variable it sets (when ns knows that variable).
//
// All errors are returned together as an [expr.ErrorList] sorted by
// position, each pointing into the equations string.
func (e *Equations) Check(ns expr.Namespace) error {
	lookup := e.namespace(ns)
	var errs expr.ErrorList
	for _, eq := range e.list {
		if eq.RHS == nil {
			continue
		}
		c, err := expr.Check(eq.RHS, lookup)
		if err != nil {
			if l, ok := err.(expr.ErrorList); ok {
				for _, x := range l {
					errs = append(errs, &expr.Error{Pos: x.Pos, Msg: x.Msg + noiseHint(eq, x.Pos)})
				}
			} else {
				errs = append(errs, &expr.Error{Pos: eq.RHS.Pos(), Msg: err.Error()})
			}
			continue
		}
		got := c.Info().Dim
		want, what, per := eq.Dim, eq.Name, ""
		if eq.Kind == Differential {
			want, what, per = eq.Dim.Div(units.DimTime), "d"+eq.Name+"/dt", " per second"
		}
		if got != want {
			errs = append(errs, &expr.Error{Pos: eq.RHS.Pos(), Msg: fmt.Sprintf(
				"the right-hand side of %s is %s, but it must be %s (the unit of %s%s)",
				what, inUnit(got), inUnit(want), eq.Name, per)})
		}
		if eq.Has(FlagShared) {
			errs = append(errs, e.checkShared(eq, ns)...)
		}
		if eq.Has(FlagSummed) && ns != nil {
			if s, ok := ns(eq.Name); ok && s.Func == nil && s.Dim != eq.Dim {
				errs = append(errs, &expr.Error{Pos: eq.UnitPos, Msg: fmt.Sprintf(
					"the summed variable %s is in %s, but the variable it sets is %s: they must have the same unit",
					eq.Name, eq.UnitString(), inUnit(s.Dim))})
			}
		}
	}
	if len(errs) > 0 {
		return tidy(errs)
	}
	return nil
}

// namespace resolves names inside the equations: their own variables first,
// then the noise symbols, then ns.
func (e *Equations) namespace(ns expr.Namespace) expr.Namespace {
	return func(name string) (expr.Symbol, bool) {
		if eq := e.own(name); eq != nil {
			return expr.Symbol{Dim: eq.Dim, Kind: eq.Type, Scalar: eq.Has(FlagShared)}, true
		}
		if isNoise(name) {
			return expr.Symbol{Dim: noiseDim}, true
		}
		if ns != nil {
			return ns(name)
		}
		return expr.Symbol{}, false
	}
}

// checkShared refuses, in a shared subexpression, variables that have a
// value per element.
func (e *Equations) checkShared(eq *Equation, ns expr.Namespace) expr.ErrorList {
	var errs expr.ErrorList
	seen := map[string]bool{}
	var visit func(n expr.Node) bool
	visit = func(n expr.Node) bool {
		switch n := n.(type) {
		case *expr.Call:
			for _, a := range n.Args {
				expr.Inspect(a, visit)
			}
			return false
		case *expr.Name:
			if seen[n.Name] {
				return true
			}
			seen[n.Name] = true
			perElement := false
			if d := e.own(n.Name); d != nil {
				perElement = !d.Has(FlagShared) && !d.Has(FlagLinked)
			} else if isNoise(n.Name) {
				perElement = true
			} else if ns != nil {
				if s, ok := ns(n.Name); ok {
					perElement = !s.Scalar && !s.Const && s.Func == nil
				}
			}
			if perElement {
				errs = append(errs, &expr.Error{Pos: n.Pos(), Msg: fmt.Sprintf(
					"the shared subexpression %s uses %s, which is not shared: it has a value for every element", eq.Name, n.Name)})
			}
		}
		return true
	}
	expr.Inspect(eq.RHS, visit)
	return errs
}

// noiseHint explains how a noise term is written, for an error at pos in
// the right-hand side of eq that adds or subtracts a term with a noise
// symbol.
func noiseHint(eq *Equation, pos expr.Pos) string {
	if eq.Kind != Differential {
		return ""
	}
	hint := ""
	expr.Inspect(eq.RHS, func(n expr.Node) bool {
		b, ok := n.(*expr.Binary)
		if ok && b.OpPos == pos && (b.Op == expr.OpAdd || b.Op == expr.OpSub) && (hasNoise(b.X) || hasNoise(b.Y)) {
			hint = fmt.Sprintf(" (xi is white noise in second**-0.5: a noise term of d%s/dt is written like sigma*xi/sqrt(tau), with sigma %s)",
				eq.Name, inUnit(eq.Dim))
		}
		return hint == ""
	})
	return hint
}

// hasNoise reports whether x uses a noise symbol.
func hasNoise(x expr.Expr) bool {
	for _, n := range expr.Names(x) {
		if isNoise(n) {
			return true
		}
	}
	return false
}
