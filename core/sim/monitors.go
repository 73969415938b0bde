package sim

import (
	"fmt"

	"github.com/myelin-sim/myelin/units"
)

// Source is a group, or a contiguous slice of one (Brian2's G[a:b]), that a
// monitor watches.
type Source struct {
	Group      *NeuronGroup
	Start, End int // the slice [Start, End) of the group's neurons
}

// All returns a Source for the whole group.
func All(g *NeuronGroup) Source { return Source{g, 0, g.N} }

// N returns the number of neurons in the source.
func (s Source) N() int { return s.End - s.Start }

func (s Source) check() error {
	if s.Group == nil {
		return fmt.Errorf("a monitor needs a source group")
	}
	if s.Start < 0 || s.End > s.Group.N || s.Start >= s.End {
		return fmt.Errorf("the slice [%d:%d] of %s (N=%d) is empty or out of range", s.Start, s.End, s.Group.name, s.Group.N)
	}
	return nil
}

// SpikeMonitor records the spikes of a source: neuron index (relative to
// the source) and time, and a count per neuron.
type SpikeMonitor struct {
	Name   string
	Source Source
	I      []int32
	T      []float64
	Count  []int
}

// NewSpikeMonitor records the spikes of src, in the thresholds slot after
// the threshold (Brian2's order 1).
func (n *Network) NewSpikeMonitor(name string, src Source) (*SpikeMonitor, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	if src.Group.threshold == nil {
		return nil, fmt.Errorf("spike monitor %s: %s has no threshold, so it never spikes", name, src.Group.name)
	}
	m := &SpikeMonitor{Name: name, Source: src, Count: make([]int, src.N())}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	n.schedule(Thresholds, 1, name, 1, func(step int64) {
		t := float64(step) * n.DT
		for _, i := range src.Group.spikes {
			if int(i) < src.Start || int(i) >= src.End {
				continue
			}
			k := i - int32(src.Start)
			m.I = append(m.I, k)
			m.T = append(m.T, t)
			m.Count[k]++
		}
	})
	return m, nil
}

// Len returns the number of spikes recorded.
func (m *SpikeMonitor) Len() int { return len(m.I) }

// Spike returns the k-th spike, for plotting.
func (m *SpikeMonitor) Spike(k int) (int, float64) { return int(m.I[k]), m.T[k] }

// StateMonitor records variables of some neurons of a source at its own
// clock, in the start slot (the values at the beginning of each step, as
// Brian2 records them).
type StateMonitor struct {
	Name      string
	Source    Source
	Variables []string
	Units     []units.Dim
	Record    []int         // neuron indices, relative to the source
	T         []float64     // recording times
	Values    [][][]float64 // Values[v][r] is the trace of variable v for neuron Record[r]
}

// NewStateMonitor records variables of the neurons record (indices relative
// to src; nil records every neuron) every period seconds (0: every step).
func (n *Network) NewStateMonitor(name string, src Source, variables []string, record []int, period float64) (*StateMonitor, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	every, err := n.stepsOf(period, "state monitor "+name)
	if err != nil {
		return nil, err
	}
	if record == nil {
		record = make([]int, src.N())
		for i := range record {
			record[i] = i
		}
	}
	for _, r := range record {
		if r < 0 || r >= src.N() {
			return nil, fmt.Errorf("state monitor %s: cannot record neuron %d of %s, which has %d", name, r, src.Group.name, src.N())
		}
	}
	m := &StateMonitor{Name: name, Source: src, Variables: variables, Record: record}
	g := src.Group
	for _, v := range variables {
		d, ok := g.Dim(v)
		if !ok {
			return nil, fmt.Errorf("state monitor %s: %s has no variable '%s'%s", name, g.name, v, suggest(v, append(g.VariableNames(), g.eqs.Subexpressions()...)))
		}
		m.Units = append(m.Units, d)
		rows := make([][]float64, len(record))
		m.Values = append(m.Values, rows)
	}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	n.schedule(Start, 0, name, every, func(step int64) {
		m.T = append(m.T, float64(step)*n.DT)
		for vi, v := range m.Variables {
			data, _ := g.Values(v)
			rows := m.Values[vi]
			if len(data) == 1 { // shared variable
				for r := range rows {
					rows[r] = append(rows[r], data[0])
				}
				continue
			}
			for r, idx := range m.Record {
				rows[r] = append(rows[r], data[src.Start+idx])
			}
		}
	})
	return m, nil
}

// PopulationRateMonitor records the instantaneous firing rate of a source
// (spikes per neuron per second) every step, in the end slot.
type PopulationRateMonitor struct {
	Name   string
	Source Source
	T      []float64
	Rate   []float64
}

// NewPopulationRateMonitor records the rate of src.
func (n *Network) NewPopulationRateMonitor(name string, src Source) (*PopulationRateMonitor, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	if src.Group.threshold == nil {
		return nil, fmt.Errorf("rate monitor %s: %s has no threshold, so it never spikes", name, src.Group.name)
	}
	m := &PopulationRateMonitor{Name: name, Source: src}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	norm := 1 / (float64(src.N()) * n.DT)
	n.schedule(End, 0, name, 1, func(step int64) {
		count := 0
		for _, i := range src.Group.Spikes() {
			if int(i) >= src.Start && int(i) < src.End {
				count++
			}
		}
		m.T = append(m.T, float64(step)*n.DT)
		m.Rate = append(m.Rate, float64(count)*norm)
	})
	return m, nil
}
