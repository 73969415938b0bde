package sim

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/kernel"
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

// EventMonitor records the events of a source (Brian2's EventMonitor):
// for each event the neuron (relative to the source) and time, optionally
// the values of variables at that moment, and a count per neuron. Memory
// grows with the events recorded, nothing else.
type EventMonitor struct {
	Name   string
	Source Source
	Event  string
	I      []int32
	T      []float64
	Count  []int
	// Variables are the recorded variables, Units their dimensions and
	// Values[v][k] the value of variable v at event k (SI units).
	Variables []string
	Units     []units.Dim
	Values    [][]float64
}

// SpikeMonitor records spikes: an EventMonitor of the event "spike", as in
// Brian2.
type SpikeMonitor = EventMonitor

// NewSpikeMonitor records the spikes of src, and the values of variables
// (state variables, subexpressions, lastspike ...) at each spike, right
// after the threshold: in the thresholds slot with order 1 (before the
// reset), as Brian2's SpikeMonitor(G, variables=[...]).
func (n *Network) NewSpikeMonitor(name string, src Source, variables ...string) (*SpikeMonitor, error) {
	return n.NewEventMonitor(name, src, "spike", variables...)
}

// NewEventMonitor records the event of src, with the values of variables
// at each event, in the slot of the event's thresholder with its order + 1
// (right after it), as Brian2's EventMonitor(G, event, variables).
func (n *Network) NewEventMonitor(name string, src Source, event string, variables ...string) (*EventMonitor, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	g := src.Group
	ev, ok := g.events[event]
	if !ok {
		what := "event monitor"
		if event == "spike" {
			what = "spike monitor"
		}
		hint := suggest(event, g.EventNames())
		if event == "spike" {
			hint = ": it has no threshold, so it never spikes"
		}
		return nil, fmt.Errorf("%s %s: %s does not define an event '%s'%s", what, name, g.name, event, hint)
	}
	m := &EventMonitor{Name: name, Source: src, Event: event, Count: make([]int, src.N())}
	readers := make([]*reader, len(variables))
	for k, v := range variables {
		r, d, err := src.reader(v)
		if err != nil {
			return nil, fmt.Errorf("event monitor %s: %v", name, err)
		}
		readers[k] = r
		m.Variables = append(m.Variables, v)
		m.Units = append(m.Units, d)
	}
	m.Values = make([][]float64, len(variables))
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	whole := src.Start == 0 && src.End == g.N
	var scratch []int32
	n.schedule(ev.slot, ev.order+1, name, 1, func(step int64) {
		idx := g.Events(event)
		if len(idx) == 0 {
			return
		}
		if !whole {
			scratch = scratch[:0]
			for _, i := range idx {
				if int(i) >= src.Start && int(i) < src.End {
					scratch = append(scratch, i)
				}
			}
			idx = scratch
		}
		t := float64(step) * n.DT
		for _, i := range idx {
			k := i - int32(src.Start)
			m.I = append(m.I, k)
			m.T = append(m.T, t)
			m.Count[k]++
		}
		for v, r := range readers {
			r.prepare(idx)
			for _, i := range idx {
				m.Values[v] = append(m.Values[v], r.at(i))
			}
		}
	})
	return m, nil
}

// Len returns the number of events recorded.
func (m *EventMonitor) Len() int { return len(m.I) }

// Spike returns the k-th event, for plotting.
func (m *EventMonitor) Spike(k int) (int, float64) { return int(m.I[k]), m.T[k] }

// Trains returns the times of the events of every neuron of the source, in
// order (Brian2's spike_trains() and event_trains()).
func (m *EventMonitor) Trains() [][]float64 {
	out := make([][]float64, len(m.Count))
	for i, c := range m.Count {
		out[i] = make([]float64, 0, c)
	}
	for k, i := range m.I {
		out[i] = append(out[i], m.T[k])
	}
	return out
}

// Of returns the values of the recorded variable name at the events of
// neuron i, in time order (Brian2's values(name)[i]).
func (m *EventMonitor) Of(name string, i int) ([]float64, error) {
	for v, vn := range m.Variables {
		if vn != name {
			continue
		}
		var out []float64
		for k, j := range m.I {
			if int(j) == i {
				out = append(out, m.Values[v][k])
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s records no variable '%s'%s", m.Name, name, suggest(name, m.Variables))
}

// reader reads a variable of a group for some neurons: a state variable,
// a linked variable through its index, a subexpression computed for those
// neurons, or the specials i (relative to a subgroup) and t.
type reader struct {
	g      *NeuronGroup
	col    *kernel.Column
	via    *kernel.Index
	sub    *subexprColumn
	shared bool
	index  bool // i: the neuron's index in the source
	offset int32
	time   bool // t
}

// reader returns how to read the variable name of the source's group,
// and its dimension.
func (s Source) reader(name string) (*reader, units.Dim, error) {
	g := s.Group
	r := &reader{g: g, offset: int32(s.Start)}
	if v, ok := g.vars[name]; ok {
		r.col, r.via, r.shared = v.Col, v.Via, v.Shared
		return r, v.Dim, nil
	}
	switch name {
	case "i":
		r.index = true
		return r, units.Dimensionless, nil
	case "t":
		r.time = true
		return r, units.DimTime, nil
	}
	sub, err := g.subexpr(name)
	if err != nil {
		return nil, units.Dimensionless, err
	}
	r.sub = sub
	d, _ := g.Dim(name)
	return r, d, nil
}

// prepare computes a subexpression for the neurons idx.
func (r *reader) prepare(idx []int32) {
	if r.sub != nil && len(idx) > 0 {
		r.sub.k.RunIndices(idx, r.g.net.rng)
	}
}

// at is the value for neuron k (prepared).
func (r *reader) at(k int32) float64 {
	switch {
	case r.sub != nil:
		return r.sub.col.Data[k]
	case r.index:
		return float64(k - r.offset)
	case r.time:
		return r.g.net.t.Data[0]
	case r.shared:
		return r.col.Data[0]
	case r.via != nil:
		return r.col.Data[r.via.Data[k]]
	}
	return r.col.Data[k]
}

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
	readers := make([]*reader, len(variables))
	for k, v := range variables {
		r, d, err := src.reader(v)
		if err != nil {
			return nil, fmt.Errorf("state monitor %s: %v", name, err)
		}
		readers[k] = r
		m.Units = append(m.Units, d)
		m.Values = append(m.Values, make([][]float64, len(record)))
	}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	idx := make([]int32, len(record))
	for r, i := range record {
		idx[r] = int32(src.Start + i)
	}
	n.schedule(Start, 0, name, every, func(step int64) {
		m.T = append(m.T, n.clockTime(step, every, period))
		for vi, rd := range readers {
			rd.prepare(idx)
			rows := m.Values[vi]
			for r, i := range idx {
				rows[r] = append(rows[r], rd.at(i))
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
	dt     float64
}

// NewPopulationRateMonitor records the rate of src.
func (n *Network) NewPopulationRateMonitor(name string, src Source) (*PopulationRateMonitor, error) {
	if err := src.check(); err != nil {
		return nil, err
	}
	if !src.Group.HasEvent("spike") {
		return nil, fmt.Errorf("rate monitor %s: %s has no threshold, so it never spikes", name, src.Group.name)
	}
	m := &PopulationRateMonitor{Name: name, Source: src, dt: n.DT}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	size := float64(src.N())
	n.schedule(End, 0, name, 1, func(step int64) {
		count := 0
		for _, i := range src.Group.Spikes() {
			if int(i) >= src.Start && int(i) < src.End {
				count++
			}
		}
		m.T = append(m.T, float64(step)*n.DT)
		m.Rate = append(m.Rate, float64(count)/n.DT/size) // as Brian2 computes it
	})
	return m, nil
}
