package model

import (
	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/integ"
)

// A live constant is not known when the network is built, and the exact
// integrator (core/integ) uses the numbers of the constants it knows: a
// system of coupled or chained linear equations gets a numeric propagator
// from the numeric coefficient matrix, and without the numbers it takes
// the symbolic solution, another method (euler when the method is left to
// the builder), or fails (method = "exact" on a coupled system). Building
// such a constant live would then integrate the group differently from
// `myelin run`, or not at all. integrationUse finds those uses: it
// integrates each group's differential equations as the builder does, once
// with the constants known (those a [[schedule]] sets excepted, as in the
// non-live build) and once with the constant and those computed from it
// unknown as well, and reports a group whose method or statements differ
// or whose integration then fails. The constant is then structural
// ([UseStructure]): a change rebuilds the network with the new value, and
// the method stays the one `myelin run` uses.
//
// The check sees the equations as written (subexpressions substituted),
// without the factor int(not_refractory) that refractoriness may add;
// that factor only makes the numeric propagator impossible, so the check
// errs on the side of rebuilding. Event-driven equations are integrated
// with dt unknown, so their integration never uses the numbers of the
// constants (the symbolic solution or nothing): they are not checked.

// integrationUse returns where the differential equations of a group are
// integrated with the value of one of names when known ("[[neurons]] 'G'
// model"), or "" when there is no such group.
func (f *File) integrationUse(names map[string]bool) string {
	dt := DefaultDt
	if f.Run.Dt.IsSet() {
		dt = f.Run.Dt.Value.Value
	}
	sched := f.ScheduledConstants()
	check := func(model string, owner eqs.Owner, method string, defaults []string, n int) bool {
		if !mentionsAny(model, names) {
			return false
		}
		e, err := eqs.Parse(model, owner)
		if err != nil {
			return false // the build reports it
		}
		defs, err := e.Substituted()
		if err != nil {
			return false
		}
		var diff []integ.DiffEq
		for _, d := range defs {
			if eq := e.Get(d.Name); eq != nil && eq.Has(eqs.FlagEventDriven) {
				continue
			}
			diff = append(diff, integ.DiffEq{Name: d.Name, RHS: d.RHS})
		}
		if len(diff) == 0 {
			return false
		}
		methods := defaults
		if method != "" {
			methods = []string{method}
		}
		env := func(unknown map[string]bool) integ.Env {
			return integ.Env{Value: func(name string) (float64, bool) {
				switch {
				case name == "dt":
					return dt, true
				case name == "N":
					return float64(n), n >= 0
				case sched[name] || unknown[name]:
					return 0, false
				}
				if c, ok := f.Constant(name); ok {
					return c.Value.Value, true
				}
				return 0, false
			}}
		}
		want, err := integ.Integrate(diff, env(nil), methods...)
		if err != nil {
			return false // the build reports it
		}
		got, err := integ.Integrate(diff, env(names), methods...)
		if err != nil || got.Method != want.Method || len(got.Stmts) != len(want.Stmts) {
			return true
		}
		for k := range got.Stmts {
			if expr.String(got.Stmts[k]) != expr.String(want.Stmts[k]) {
				return true
			}
		}
		return false
	}
	for _, g := range f.Neurons {
		if check(g.Model.Text, eqs.NeuronGroup, g.Method.Text, integ.DefaultMethods, g.N.Value) {
			return tableWord("Neurons") + " '" + g.Name.Text + "' model (its integration needs the value when the network is built)"
		}
	}
	for _, s := range f.Synapses {
		if check(s.Model.Text, eqs.Synapses, s.Method.Text, integ.DefaultMethods, -1) {
			return tableWord("Synapses") + " '" + s.Name.Text + "' model (its integration needs the value when the network is built)"
		}
	}
	for _, s := range f.Spatial {
		if check(s.Model.Text, eqs.SpatialNeuron, s.Method.Text, integ.DefaultSpatialMethods, -1) {
			return tableWord("Spatial") + " '" + s.Name.Text + "' model (its integration needs the value when the network is built)"
		}
	}
	return ""
}
