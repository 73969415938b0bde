package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/myelin-sim/myelin/units"
)

// finiteScan is what the NaN and infinity scan of a run covers beyond the
// groups: the synapses, by name, kept until objects are added.
type finiteScan struct {
	objects  int // len(n.objects) when synapses was made
	synapses []*Synapses
}

// scannedSynapses returns the network's synapses in order of their names,
// made again only when objects were added (the scan runs within the step
// loop, which allocates nothing).
func (n *Network) scannedSynapses() []*Synapses {
	if n.finite.objects == len(n.objects) && n.finite.synapses != nil {
		return n.finite.synapses
	}
	list := []*Synapses{}
	for _, obj := range n.objects {
		if s, ok := obj.(*Synapses); ok {
			list = append(list, s)
		}
	}
	sort.Slice(list, func(a, b int) bool { return list[a].name < list[b].name })
	n.finite = finiteScan{objects: len(n.objects), synapses: list}
	return list
}

// checkFinite returns an error naming the first variable of the synapses
// that is NaN or infinite: the synapses, the variable, the synapse's index
// (Brian2's) and the time.
func (s *Synapses) checkFinite(t float64) error {
	for _, name := range s.order {
		v := s.vars[name]
		if v == nil || v.Via != nil || v.Col == nil {
			continue
		}
		data := v.Col.Data
		if !v.Shared {
			data = data[:min(s.n, len(data))]
		}
		for k, x := range data {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				what := fmt.Sprintf("variable %s of Synapses %s (shared)", name, s.name)
				if !v.Shared {
					idx := k
					if s.seq != nil {
						idx = int(s.seq[k]) // Brian2's index of the synapse
					}
					what = fmt.Sprintf("variable %s of Synapses %s, synapse %d,", name, s.name, idx)
				}
				return fmt.Errorf("the simulation blew up: %s is %v at t = %s (try a smaller dt or another method)",
					what, x, units.Q(t, units.Second))
			}
		}
	}
	return nil
}
