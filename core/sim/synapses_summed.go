package sim

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/fmath"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
)

// summedTarget is a variable of a group that summed variables set: every
// step (in groups, before the group's state update), it is set to zero on
// the neurons of each contributing Synapses' target slice, then every
// contribution adds the value of its expression for each of its synapses.
// Several Synapses may contribute (Brian2 allows only one).
type summedTarget struct {
	col    *kernel.Column
	kind   expr.Kind // the variable's: an integer or boolean total is made one after summing
	runner string
	parts  []*summedPart
}

type summedPart struct {
	s      *Synapses
	k      *kernel.Kernel
	lo, hi int // the slice of the target group it sets
}

// buildSummed compiles the summed variables: x_post = expr (summed) adds
// expr over the synapses of each target neuron into its parameter x (x_pre
// over those of each source neuron).
func (s *Synapses) buildSummed() error {
	for _, eq := range s.eqs.All() {
		if !eq.Has(eqs.FlagSummed) {
			continue
		}
		codeErr := func(format string, args ...any) error {
			return &CodeError{Object: s.name, Field: "model", Err: expr.ErrorList{{Pos: eq.Pos, Msg: fmt.Sprintf(format, args...)}}}
		}
		side, base, pre, _ := s.remote(eq.Name)
		g := side.Group
		teq := g.eqs.Get(base)
		v := g.vars[base]
		if teq == nil {
			return codeErr("the summed variable %s does not refer to any variable of %s", eq.Name, side.Name())
		}
		if v == nil || teq.Kind != eqs.Parameter || v.Via != nil || v.Shared {
			return codeErr("the summed variable %s needs a parameter %s in %s (a variable declared '%s : unit', not shared or linked), but %s is a %s there",
				eq.Name, base, g.name, base, base, describeEq(teq))
		}
		x, err := s.expand(eq.RHS)
		if err != nil {
			return &CodeError{Object: s.name, Field: "model", Err: err}
		}
		via := s.post
		if pre {
			via = s.preIndex()
		}
		// The synapses' values are summed as floats and the total made an
		// integer or boolean afterwards (summedTarget.schedule), as Brian2
		// sums into a float array and then assigns: w = 0.4 from three
		// synapses gives an integer 1, not 0 from truncating each.
		target := lower.Binding{Dim: v.Dim, Kind: expr.Float, Col: v.Col, Via: via}
		st := &expr.Stmt{Target: name("_summed_target"), Op: expr.OpAddAssign, Value: x}
		ks, err := lower.Stmts([]*expr.Stmt{st}, func(n string) (lower.Binding, bool) {
			if n == "_summed_target" {
				return target, true
			}
			return s.lookup(n, nil)
		})
		if err != nil {
			return &CodeError{Object: s.name, Field: "model", Err: err}
		}
		k, err := kernel.Compile(ks)
		if err != nil {
			return &CodeError{Object: s.name, Field: "model", Err: expr.ErrorList{{Pos: eq.Pos, Msg: err.Error()}}}
		}
		for _, q := range s.pendingSummed {
			if q.col == v.Col {
				return codeErr("the variable %s of %s is already set by another summed variable", base, g.name)
			}
		}
		s.pendingSummed = append(s.pendingSummed, pendingSummed{col: v.Col, kind: v.Kind, runner: s.name + "_summed_variable_" + eq.Name,
			part: &summedPart{s: s, k: k, lo: side.Start, hi: side.End}})
	}
	return nil
}

func describeEq(eq *eqs.Equation) string {
	if eq.Has(eqs.FlagShared) {
		return "shared " + eq.Kind.String()
	}
	if eq.Has(eqs.FlagLinked) {
		return "linked parameter"
	}
	return eq.Kind.String()
}

// pendingSummed is a summed variable of a Synapses being built.
type pendingSummed struct {
	col    *kernel.Column
	kind   expr.Kind
	runner string
	part   *summedPart
}

// attachSummed joins the summed variables to the targets that earlier
// Synapses set, or makes and schedules new ones, once the Synapses is
// registered.
func (s *Synapses) attachSummed() {
	for _, q := range s.pendingSummed {
		st := s.net.summedTargetOf(q.col)
		if st == nil {
			st = &summedTarget{col: q.col, kind: q.kind, runner: q.runner}
			st.schedule(s.net)
		}
		st.parts = append(st.parts, q.part)
		s.summed = append(s.summed, st)
	}
	s.pendingSummed = nil
}

// summedTargetOf returns the summed target that an earlier Synapses made
// for col, or nil.
func (n *Network) summedTargetOf(col *kernel.Column) *summedTarget {
	for _, obj := range n.objects {
		if s, ok := obj.(*Synapses); ok {
			for _, st := range s.summed {
				if st.col == col {
					return st
				}
			}
		}
	}
	return nil
}

// schedule adds the summed target's step: with order -1 in groups, before
// the target's state update, as Brian2's SummedVariableUpdater.
func (st *summedTarget) schedule(n *Network) {
	n.schedule(Groups, -1, st.runner, 1, func(int64) {
		d := st.col.Data
		for _, p := range st.parts {
			clear(d[p.lo:p.hi])
		}
		for _, p := range st.parts {
			if p.s.n > 0 {
				p.k.RunFlush(0, p.s.n, n.rng, n.flush)
			}
		}
		if st.kind == expr.Float {
			return
		}
		for _, p := range st.parts {
			for i, x := range d[p.lo:p.hi] {
				if st.kind == expr.Integer {
					d[p.lo+i] = fmath.Trunc(x)
				} else if x != 0 {
					d[p.lo+i] = 1
				}
			}
		}
	})
}
