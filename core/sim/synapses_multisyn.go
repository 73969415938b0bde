package sim

import (
	"errors"
	"fmt"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
)

// addMultisynapticIndex declares the multisynaptic index variable name
// (none when empty): an integer per synapse, as Brian2 adds
// "name : integer" to the model when Synapses gets multisynaptic_index.
func (s *Synapses) addMultisynapticIndex(name string) error {
	if name == "" {
		return nil
	}
	fieldErr := func(format string, args ...any) error {
		return &CodeError{Object: s.name, Field: "multisynaptic_index", Err: expr.ErrorList{{Pos: 0, Msg: fmt.Sprintf(format, args...)}}}
	}
	// The same checks as a variable declared in the model: a name, not a
	// reserved one.
	if _, err := eqs.Parse(name+" : integer", eqs.Synapses); err != nil {
		var list expr.ErrorList
		msg := err.Error()
		if errors.As(err, &list) && len(list) > 0 {
			msg = list[0].Msg
		}
		return fieldErr("the multisynaptic index '%s' is not a valid variable name: %s", name, msg)
	}
	if s.eqs.Get(name) != nil || s.vars[name] != nil {
		return fieldErr("the multisynaptic index '%s' has the name of a variable of the model: choose another name", name)
	}
	for _, g := range []*NeuronGroup{s.src.Group, s.tgt.Group} {
		if _, ok := g.vars[name]; ok {
			return fieldErr("the multisynaptic index '%s' has the same name as a variable of %s: rename it (for example to '%s_syn') to avoid confusion", name, g.name, name)
		}
	}
	v := &Variable{Name: name, Kind: expr.Integer}
	s.addVar(v)
	s.multiIndex = v
	return nil
}

// numberMultisynapses sets the multisynaptic index of every synapse: how
// many synapses between the same pair of neurons were created before it.
// Brian2 counts the earlier occurrences of each (i, j) pair in its
// creation order; the synapses of a pair share their source neuron, and
// within a source neuron myelin keeps the order of creation, so counting
// within each source neuron's range gives the same numbers.
func (s *Synapses) numberMultisynapses() {
	if s.multiIndex == nil {
		return
	}
	k := s.multiIndex.Col.Data[:s.n]
	nt := s.tgt.Group.N
	stamp := make([]int32, nt) // source neuron + 1 that last counted this target
	count := make([]int32, nt)
	post := s.post.Data[:s.n]
	for src := 0; src+1 < len(s.ptr); src++ {
		mark := int32(src + 1)
		for syn := s.ptr[src]; syn < s.ptr[src+1]; syn++ {
			j := post[syn]
			if stamp[j] != mark {
				stamp[j], count[j] = mark, 0
			}
			k[syn] = float64(count[j])
			count[j]++
		}
	}
}
