package sim

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
)

// linkedRef is a linked variable of the source or target group read (or
// written) by synapse code: x_pre, x_post or x. Neuron k of that group
// reads element link.idx[k] of the link's column, so synapse s reads
// element link.idx[pre[s]] (or link.idx[post[s]]): idx holds that composed
// index, one entry per synapse, rebuilt whenever the synapses or the link
// may have changed (syncLinks).
type linkedRef struct {
	g    *NeuronGroup
	name string // the variable's name in g
	l    *link
	pre  bool // read through the presynaptic index
	idx  *kernel.Index
}

// linkedVar is the binding of the linked variable name of g (the source
// when pre, else the target) in synapse code. Brian2 2.5.1 makes such a
// variable available only when its link uses the group's own indexing (a
// link without index to a group of the same size) or reads a shared
// variable; a link with an index, or to a group of one neuron, leaves it
// out ("non-standard indexing"), and code using it fails with an unknown
// identifier. myelin reads every linked variable through its link, which
// gives Brian2's values wherever Brian2 runs the code. As in Brian2, a
// variable linked to a shared variable cannot be written by synapse code.
func (s *Synapses) linkedVar(g *NeuronGroup, name string, v *Variable, pre bool) lower.Binding {
	l := g.links[name]
	var r *linkedRef
	for _, x := range s.linked {
		if x.l == l && x.pre == pre {
			r = x
			break
		}
	}
	if r == nil {
		suffix := "_post"
		if pre {
			suffix = "_pre"
		}
		r = &linkedRef{g: g, name: name, l: l, pre: pre, idx: &kernel.Index{Name: "_" + name + suffix + "_linked"}}
		s.linked = append(s.linked, r)
		s.syncLink(r)
	}
	return lower.Binding{Dim: v.Dim, Kind: v.Kind, Col: l.col, Via: r.idx, ReadOnly: v.ReadOnly || l.shared}
}

// syncLink rebuilds r's composed index from the synapses and the link as
// they are now; an unset link leaves it empty.
func (s *Synapses) syncLink(r *linkedRef) {
	if !r.l.set {
		r.idx.Data = r.idx.Data[:0]
		return
	}
	via := s.post
	if r.pre {
		via = s.preIndex()
	}
	if cap(r.idx.Data) < s.n {
		r.idx.Data = make([]int32, s.n)
	}
	r.idx.Data = r.idx.Data[:s.n]
	for k, n := range via.Data[:s.n] {
		r.idx.Data[k] = r.l.idx.Data[n]
	}
}

// syncLinks rebuilds the composed indices of the linked variables that
// synapse code reads, and fails when one of them has no target yet (a
// link set or changed after the code was compiled shows through from
// here on).
func (s *Synapses) syncLinks() error {
	for _, r := range s.linked {
		if !r.l.set {
			return fmt.Errorf("Synapses %s: %v", s.name, r.l.unset(r.g, r.name))
		}
		s.syncLink(r)
	}
	return nil
}

// syncLinksQuiet is syncLinks for when the synapses change (Connect):
// links still unset are checked later, when code runs.
func (s *Synapses) syncLinksQuiet() {
	for _, r := range s.linked {
		s.syncLink(r)
	}
}

// linkedSnapshot stands for the linked variable name of g in Connect's
// code (condition = "x_pre > 0" with x linked): a variable of g's size
// holding the values the link reads now, which do not change while
// Connect runs. ok is false for a link without a target yet (the name is
// then unknown to Connect).
func (c *connCtx) linkedSnapshot(g *NeuronGroup, name string, v *Variable) (*Variable, bool) {
	if snap, ok := c.linked[v]; ok {
		return snap, true
	}
	vals, err := g.Values(name)
	if err != nil {
		return nil, false
	}
	snap := &Variable{Name: v.Name, Dim: v.Dim, Kind: v.Kind, ReadOnly: true,
		Col: &kernel.Column{Name: v.Name, Data: append([]float64(nil), vals...)}}
	if c.linked == nil {
		c.linked = map[*Variable]*Variable{}
	}
	c.linked[v] = snap
	return snap, true
}
