package sim

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
)

// link is the state of a linked variable: a column whose Data is the
// target's (the same backing array, so the target's updates show through)
// read through an index with one element per neuron of the group.
type link struct {
	col    *kernel.Column
	idx    *kernel.Index
	set    bool
	target string    // "H.v", for messages
	shared bool      // the target is a shared variable (read-only in synapse code)
	buf    []float64 // Values' gather buffer
}

func (l *link) unset(g *NeuronGroup, name string) error {
	return fmt.Errorf("the linked variable %s.%s has no target: link it with Link (Brian2: %s.%s = linked_var(group, 'variable'))", g.name, name, g.name, name)
}

// unlinkedIn refuses code (expanded) that reads a linked variable with no
// target yet, which has nothing to read.
func (g *NeuronGroup) unlinkedIn(x expr.Expr) error {
	if len(g.links) == 0 {
		return nil
	}
	for _, name := range expr.Names(x) {
		if l, ok := g.links[name]; ok && !l.set {
			return l.unset(g, name)
		}
	}
	return nil
}

// checkLinks refuses to run a group whose linked variables have no target.
func (g *NeuronGroup) checkLinks() error {
	for _, name := range g.order {
		if l, ok := g.links[name]; ok && !l.set {
			return l.unset(g, name)
		}
	}
	return nil
}

// Link sets the target of the linked variable name (declared
// "x : volt (linked)"): the variable of target, a group or a slice of one,
// as Brian2's G.x = linked_var(target, variable, index=index). Without an
// index, target must have as many neurons as the group, and neuron k reads
// the target's neuron k (a shared target, or a group of one neuron, is read
// by every neuron, as in Brian2); with
// one, index has an entry per neuron of the group: the target's neuron it
// reads, relative to target. The linked variable reads (and code writes)
// the target's values as they are at that moment, so whatever updated the
// target earlier in the step shows through.
func (g *NeuronGroup) Link(name string, target Source, variable string, index []int) error {
	l, ok := g.links[name]
	if !ok {
		if _, isVar := g.vars[name]; isVar || g.eqs.Get(name) != nil {
			return fmt.Errorf("cannot link variable '%s' of %s: it has to be marked as a linked variable with '(linked)' in the model equations", name, g.name)
		}
		return fmt.Errorf("%s has no variable '%s'%s", g.name, name, suggest(name, g.order))
	}
	if err := target.check(); err != nil {
		return fmt.Errorf("cannot link %s.%s: %v", g.name, name, err)
	}
	h := target.Group
	tv, ok := h.vars[variable]
	if !ok {
		if eq := h.eqs.Get(variable); eq != nil && eq.Kind == eqs.Subexpression {
			return fmt.Errorf("cannot link %s.%s to the subexpression %s.%s: myelin links to state variables only (declare it as a variable, or repeat the expression)", g.name, name, h.name, variable)
		}
		return fmt.Errorf("cannot link %s.%s: %s has no variable '%s'%s", g.name, name, h.name, variable, suggest(variable, h.order))
	}
	if g.vars[name].Dim != tv.Dim {
		return fmt.Errorf("the unit of variable '%s' (%s) does not match its link target '%s' (%s)", name, dimWords(g.vars[name].Dim), variable, dimWords(tv.Dim))
	}
	// The target's own column and the map from its neurons to that
	// column's elements (through a link of the target itself).
	col, via := tv.Col, tv.Via
	if via != nil {
		tl := h.links[variable]
		if !tl.set {
			return fmt.Errorf("cannot link %s.%s to %s.%s, which is itself a linked variable with no target yet", g.name, name, h.name, variable)
		}
		col = tl.col
	}
	elem := func(k int) int32 { // the element of col that target neuron k reads
		k += target.Start
		switch {
		case tv.Shared:
			return 0
		case via != nil:
			return via.Data[k]
		}
		return int32(k)
	}
	idx := make([]int32, g.N)
	switch {
	case index != nil:
		if len(index) != g.N {
			return fmt.Errorf("the index for linked variable '%s' must have one entry per neuron of %s (%d), but has %d", name, g.name, g.N, len(index))
		}
		for k, j := range index {
			if j < 0 || j >= target.N() {
				return fmt.Errorf("the index for linked variable '%s' contains values outside of the valid range [0, %d[: %d", name, target.N(), j)
			}
			idx[k] = elem(j)
		}
	case tv.Shared, len(col.Data) == 1:
		// every neuron reads the shared value, or the one neuron of a
		// group of size 1 (Brian2 links with the index '0' then)
	default:
		if target.N() != g.N {
			return fmt.Errorf("cannot link variable '%s' to '%s': the size of the target group does not match (%d != %d); give an index to link groups of different sizes", name, variable, g.N, target.N())
		}
		for k := range idx {
			idx[k] = elem(k)
		}
	}
	l.col.Data = col.Data
	l.col.Scalar = false
	l.idx.Data = idx
	l.set = true
	l.target = h.name + "." + variable
	l.shared = tv.Shared || (via != nil && h.links[variable].shared)
	return nil
}
