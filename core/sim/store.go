package sim

import (
	"fmt"
	"sort"
)

// snapshotter is an object whose state Network.Store saves: save returns
// what restore needs to put the object back as it was.
type snapshotter interface {
	save() (restore func() error)
}

// snapshot is the state of a network at a Store.
type snapshot struct {
	step    int64
	dt      float64
	rng     []byte
	stop    error
	objects map[string]func() error // restorers, by object name
}

// Store saves the state of the network under name (Brian2's
// store(name)): the time step and dt, the random generator, and every
// object's state — the variables of groups and synapses, the spikes of the
// current step and those in flight in the synapses' queues, the monitors'
// recordings and the spike generators' positions. [Network.Restore] puts
// it back, so that a run, a restore and the same run again give
// bit-identical results. Storing under a name used before replaces that
// snapshot.
//
// Network operations keep their own state: a snapshot does not hold what
// their functions capture. PoissonInputs have none (their draws come from
// the network's generator).
//
// Monitors keep what they recorded before the store (not copies: their
// recordings only grow, and a restore makes them record into new arrays),
// so a snapshot costs the size of the state variables, not that of the
// recordings.
func (n *Network) Store(name string) {
	s := &snapshot{step: n.step, dt: n.DT, stop: n.stop, objects: map[string]func() error{}}
	b, err := n.pcg.MarshalBinary()
	if err != nil {
		panic(err) // a PCG always marshals
	}
	s.rng = b
	for objName, obj := range n.objects {
		if sn, ok := obj.(snapshotter); ok {
			s.objects[objName] = sn.save()
		}
	}
	if n.stored == nil {
		n.stored = map[string]*snapshot{}
	}
	n.stored[name] = s
}

// Restore puts back the state stored under name (Brian2's restore(name)):
// the time, the random generator, every object's variables and queued
// spikes, and the monitors' recordings, truncated to what they held then.
// It fails, changing nothing, if nothing was stored under that name or
// objects were added to the network since; if synapses were created since,
// it fails with the state partly restored.
func (n *Network) Restore(name string) error {
	s, ok := n.stored[name]
	if !ok {
		names := make([]string, 0, len(n.stored))
		for k := range n.stored {
			names = append(names, k)
		}
		sort.Strings(names)
		return fmt.Errorf("no state has been stored under the name '%s'%s", name, suggest(name, names))
	}
	var added []string
	for objName, obj := range n.objects {
		if _, ok := obj.(snapshotter); ok {
			if _, was := s.objects[objName]; !was {
				added = append(added, objName)
			}
		}
	}
	if len(added) > 0 {
		sort.Strings(added)
		return fmt.Errorf("cannot restore the state '%s': %v did not exist when it was stored", name, added)
	}
	if err := n.pcg.UnmarshalBinary(s.rng); err != nil {
		return fmt.Errorf("cannot restore the state '%s': %v", name, err)
	}
	names := make([]string, 0, len(s.objects))
	for k := range s.objects {
		names = append(names, k)
	}
	sort.Strings(names)
	var firstErr error
	for _, k := range names {
		if err := s.objects[k](); err != nil && firstErr == nil {
			firstErr = fmt.Errorf("cannot restore the state '%s': %v", name, err)
		}
	}
	n.step = s.step
	n.DT = s.dt
	n.dt.Data[0] = s.dt
	n.t.Data[0] = n.T()
	n.stop = s.stop
	n.halt = nil
	return firstErr
}

// Stored returns the names of the stored states, sorted.
func (n *Network) Stored() []string {
	names := make([]string, 0, len(n.stored))
	for k := range n.stored {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// copyOf returns a copy of x (nil for nil).
func copyOf[T any](x []T) []T {
	if x == nil {
		return nil
	}
	return append(make([]T, 0, len(x)), x...)
}

// clip returns x with no room to grow: appending to it copies, so what a
// snapshot holds is never overwritten.
func clip[T any](x []T) []T { return x[:len(x):len(x)] }

// save saves the group's own variables (not linked ones: their targets
// save them), the spikes and events of the current step.
func (g *NeuronGroup) save() func() error {
	type colState struct {
		data []float64
		dst  *[]float64
	}
	var cols []colState
	for _, name := range sortedVarNames(g.vars) {
		v := g.vars[name]
		if v.Via != nil {
			continue
		}
		cols = append(cols, colState{copyOf(v.Col.Data), &v.Col.Data})
	}
	spikes, spikeStep := copyOf(g.spikes), g.spikeStep
	type evState struct {
		ev   *event
		idx  []int32
		step int64
	}
	var evs []evState
	for _, ev := range g.events {
		evs = append(evs, evState{ev, copyOf(ev.idx), ev.step})
	}
	gen := g.kind == "SpikeGeneratorGroup"
	var genRestore func() error
	if gen {
		if sg, ok := g.net.objects[generatorKey+g.name].(*SpikeGeneratorGroup); ok {
			genRestore = sg.saveGenerator()
		}
	}
	return func() error {
		for _, c := range cols {
			if len(*c.dst) != len(c.data) {
				return fmt.Errorf("%s changed size", g.name)
			}
			copy(*c.dst, c.data)
		}
		if gen {
			if genRestore == nil {
				return fmt.Errorf("the position of SpikeGeneratorGroup %s in its spikes cannot be restored", g.name)
			}
			if err := genRestore(); err != nil {
				return err
			}
		}
		g.spikes = append(g.spikes[:0], spikes...)
		g.spikeStep = spikeStep
		for _, e := range evs {
			e.ev.idx = append(e.ev.idx[:0], e.idx...)
			e.ev.step = e.step
		}
		return nil
	}
}

// generatorKey prefixes the name under which a network may keep a
// SpikeGeneratorGroup beside its NeuronGroup, for Store.
const generatorKey = "spikegenerator "

// save is the NeuronGroup's (promoted, it would be run twice): the group
// restores the generator's position with its own state.
func (sg *SpikeGeneratorGroup) save() func() error { return func() error { return nil } }

// save is the NeuronGroup's (promoted, it would be run twice): a
// SpatialNeuron's state is its group's variables.
func (s *SpatialNeuron) save() func() error { return func() error { return nil } }

// saveGenerator saves where a SpikeGeneratorGroup is in its spikes.
func (sg *SpikeGeneratorGroup) saveGenerator() func() error {
	indices, times, period := sg.indices, sg.times, sg.period.Data[0]
	timebins, periodBins := sg.timebins, sg.periodBins
	lastIndex, changed, prevDT := sg.lastIndex, sg.changed, sg.prevDT
	return func() error {
		sg.indices, sg.times, sg.period.Data[0] = indices, times, period
		sg.timebins, sg.periodBins = timebins, periodBins
		sg.lastIndex, sg.changed, sg.prevDT = lastIndex, changed, prevDT
		return nil
	}
}

func sortedVarNames(vars map[string]*Variable) []string {
	names := make([]string, 0, len(vars))
	for k := range vars {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// save saves the synapses' variables (per synapse and shared) and the
// spikes queued in every pathway.
func (s *Synapses) save() func() error {
	n := s.n
	type colState struct {
		data []float64
		dst  *[]float64
	}
	seen := map[*[]float64]bool{}
	var cols []colState
	add := func(dst *[]float64) {
		if !seen[dst] {
			seen[dst] = true
			cols = append(cols, colState{copyOf(*dst), dst})
		}
	}
	for _, name := range sortedVarNames(s.vars) {
		if v := s.vars[name]; v.Via == nil && v.Col != nil {
			add(&v.Col.Data)
		}
	}
	for _, c := range s.perSyn {
		add(&c.Data)
	}
	type pwState struct {
		p      *pathway
		dirty  bool
		homog  bool
		hsteps int
		dsteps []int32
		ring   []bucket
	}
	pws := make([]pwState, len(s.pathways))
	for k, p := range s.pathways {
		ring := make([]bucket, len(p.ring))
		for b, bk := range p.ring {
			ring[b] = bucket{syns: copyOf(bk.syns), neurons: copyOf(bk.neurons)}
		}
		pws[k] = pwState{p, p.dirty, p.homog, p.hsteps, copyOf(p.dsteps), ring}
	}
	return func() error {
		if s.n != n {
			return fmt.Errorf("Synapses %s had %d synapses, it has %d now", s.name, n, s.n)
		}
		for _, c := range cols {
			if len(*c.dst) < len(c.data) {
				return fmt.Errorf("Synapses %s changed size", s.name)
			}
			copy(*c.dst, c.data)
		}
		for _, st := range pws {
			p := st.p
			p.dirty, p.homog, p.hsteps = st.dirty, st.homog, st.hsteps
			p.dsteps = append(p.dsteps[:0], st.dsteps...)
			p.ring = make([]bucket, len(st.ring))
			for b, bk := range st.ring {
				p.ring[b] = bucket{syns: copyOf(bk.syns), neurons: copyOf(bk.neurons)}
			}
		}
		return nil
	}
}

// save saves what the monitor recorded: later events are dropped at a
// restore, as Brian2 does.
func (m *EventMonitor) save() func() error {
	i, t, count := clip(m.I), clip(m.T), copyOf(m.Count)
	values := make([][]float64, len(m.Values))
	for v, x := range m.Values {
		values[v] = clip(x)
	}
	return func() error {
		m.I, m.T = i, t
		copy(m.Count, count)
		for v, x := range values {
			m.Values[v] = x
		}
		return nil
	}
}

// save saves what the monitor recorded.
func (m *StateMonitor) save() func() error {
	t := clip(m.T)
	values := make([][][]float64, len(m.Values))
	for v, rows := range m.Values {
		values[v] = make([][]float64, len(rows))
		for r, x := range rows {
			values[v][r] = clip(x)
		}
	}
	return func() error {
		m.T = t
		for v, rows := range values {
			copy(m.Values[v], rows)
		}
		return nil
	}
}

// save saves what the monitor recorded.
func (m *PopulationRateMonitor) save() func() error {
	t, rate := clip(m.T), clip(m.Rate)
	return func() error {
		m.T, m.Rate = t, rate
		return nil
	}
}
