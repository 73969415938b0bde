package sim

import (
	"fmt"
	"slices"
	"sort"
)

// Adopt makes n, a network freshly built from the same model as old
// (typically with a constant changed), continue old's run: it copies into n
// everything that is the state of the run — the time step, the random
// generator, every group's variables (lastspike and not_refractory
// included; subgroups share their parent's), the spikes and events of the
// current step, the synapses' variables and delays, the spikes queued in
// their pathways, what the monitors recorded, where the spike generators
// are in their spikes — so that n.Run continues seamlessly with n's code.
// An unchanged model continues bit-identically to an unbroken run.
//
// What n's code holds is kept: constants compiled into equations, delays
// given as constants, spike generators' times (a generator whose spikes
// changed resumes at the current time, skipping the past ones, as after
// SpikeGeneratorGroup.SetSpikes). Run-regular operations need no copying:
// they run on steps that are multiples of their period; nor does the
// flushing of subnormal numbers, which depends on the step alone
// (kernel.FlushStep). Network
// operations' Go functions keep what they capture, and snapshots of
// [Network.Store] stay with old. A run that stopped with an error (a
// variable that blew up) stays stopped: its state is what blew up.
//
// The two networks must have the same structure: the same objects under
// the same names, groups of the same sizes and variables, the same
// synapses (the same connections, in the same order), the same monitors
// and the same schedule. Otherwise Adopt returns a one-line error saying
// what differs and leaves n unchanged. old is not changed; the recordings
// n takes over share memory with old's until either records more.
func (n *Network) Adopt(old *Network) error {
	if old == nil || old == n {
		return fmt.Errorf("cannot adopt the state of the same or no network")
	}
	if err := n.adoptable(old); err != nil {
		return fmt.Errorf("cannot continue the run with the rebuilt model: %v (restart the run instead)", err)
	}
	rng, err := old.pcg.MarshalBinary()
	if err != nil {
		return fmt.Errorf("cannot continue the run with the rebuilt model: %v", err)
	}
	if err := n.pcg.UnmarshalBinary(rng); err != nil {
		return fmt.Errorf("cannot continue the run with the rebuilt model: %v", err)
	}
	n.step = old.step
	n.t.Data[0] = old.t.Data[0]
	n.steps.Data[0] = old.steps.Data[0]
	n.stop = old.stop
	n.halt = nil
	for _, name := range sortedObjectNames(n.objects) {
		switch x := n.objects[name].(type) {
		case *NeuronGroup:
			x.adopt(old.objects[name].(*NeuronGroup))
		case *SpikeGeneratorGroup:
			x.adoptGenerator(old.objects[name].(*SpikeGeneratorGroup))
		case *Synapses:
			x.adopt(old.objects[name].(*Synapses))
		case *EventMonitor:
			o := old.objects[name].(*EventMonitor)
			x.I, x.T = clip(o.I), clip(o.T)
			copy(x.Count, o.Count)
			for v := range x.Values {
				x.Values[v] = clip(o.Values[v])
			}
		case *StateMonitor:
			o := old.objects[name].(*StateMonitor)
			x.T = clip(o.T)
			for v, rows := range x.Values {
				for r := range rows {
					rows[r] = clip(o.Values[v][r])
				}
			}
		case *PopulationRateMonitor:
			o := old.objects[name].(*PopulationRateMonitor)
			x.T, x.Rate = clip(o.T), clip(o.Rate)
		}
	}
	return nil
}

func sortedObjectNames(m map[string]any) []string {
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// adoptable reports the first difference of structure between n and old
// that stops n from taking over old's state.
func (n *Network) adoptable(old *Network) error {
	if n.DT != old.DT {
		return fmt.Errorf("dt changed from %g s to %g s", old.DT, n.DT)
	}
	for _, name := range sortedObjectNames(old.objects) {
		if _, ok := n.objects[name]; !ok {
			return fmt.Errorf("%s is no longer in the model", name)
		}
	}
	// groups first: a group of another size is the cause of other changes
	names := sortedObjectNames(n.objects)
	sort.SliceStable(names, func(a, b int) bool {
		_, ga := n.objects[names[a]].(*NeuronGroup)
		_, gb := n.objects[names[b]].(*NeuronGroup)
		return ga && !gb
	})
	for _, name := range names {
		o, ok := old.objects[name]
		if !ok {
			return fmt.Errorf("%s is new in the model", name)
		}
		x := n.objects[name]
		if fmt.Sprintf("%T", x) != fmt.Sprintf("%T", o) {
			return fmt.Errorf("%s changed kind", name)
		}
		var err error
		switch x := x.(type) {
		case *NeuronGroup:
			err = x.adoptable(o.(*NeuronGroup))
		case *Synapses:
			err = x.adoptable(o.(*Synapses))
		case *EventMonitor:
			o := o.(*EventMonitor)
			switch {
			case x.Event != o.Event || !sameSource(x.Source, o.Source):
				err = fmt.Errorf("monitor %s records something else", name)
			case !slices.Equal(x.Variables, o.Variables):
				err = fmt.Errorf("monitor %s records other variables", name)
			}
		case *StateMonitor:
			o := o.(*StateMonitor)
			switch {
			case !sameSource(x.Source, o.Source) || !slices.Equal(x.Record, o.Record):
				err = fmt.Errorf("monitor %s records other elements", name)
			case !slices.Equal(x.Variables, o.Variables):
				err = fmt.Errorf("monitor %s records other variables", name)
			}
		case *PopulationRateMonitor:
			if !sameSource(x.Source, o.(*PopulationRateMonitor).Source) {
				err = fmt.Errorf("monitor %s records something else", name)
			}
		}
		if err != nil {
			return err
		}
	}
	n.sortRunners()
	old.sortRunners()
	if a, b := n.Schedule(), old.Schedule(); !slices.Equal(a, b) {
		for k := range min(len(a), len(b)) {
			if a[k] != b[k] {
				return fmt.Errorf("the schedule changed: %q instead of %q", a[k], b[k])
			}
		}
		return fmt.Errorf("the schedule changed: %d operations instead of %d", len(a), len(b))
	}
	return nil
}

// sameSource reports whether two sources are the same slice of groups of
// the same name (in two networks).
func sameSource(a, b Source) bool {
	if (a.Group == nil) != (b.Group == nil) {
		return false
	}
	if a.Group == nil {
		return true
	}
	return a.Group.name == b.Group.name && a.Start == b.Start && a.End == b.End
}

// ownVars returns the names of the group's variables that hold their own
// values (not linked ones), sorted.
func ownVars(vars map[string]*Variable) []string {
	var names []string
	for _, name := range sortedVarNames(vars) {
		if v := vars[name]; v.Via == nil && v.Col != nil {
			names = append(names, name)
		}
	}
	return names
}

func (g *NeuronGroup) adoptable(old *NeuronGroup) error {
	if g.N != old.N {
		return fmt.Errorf("%s has %d neurons instead of %d", g.name, g.N, old.N)
	}
	a, b := ownVars(g.vars), ownVars(old.vars)
	if !slices.Equal(a, b) {
		return fmt.Errorf("the variables of %s changed", g.name)
	}
	for _, name := range a {
		if len(g.vars[name].Col.Data) != len(old.vars[name].Col.Data) {
			return fmt.Errorf("%s.%s changed size", g.name, name)
		}
	}
	if !slices.Equal(g.EventNames(), old.EventNames()) {
		return fmt.Errorf("the events of %s changed", g.name)
	}
	return nil
}

func (g *NeuronGroup) adopt(old *NeuronGroup) {
	for _, name := range ownVars(g.vars) {
		copy(g.vars[name].Col.Data, old.vars[name].Col.Data)
	}
	g.spikes = append(g.spikes[:0], old.spikes...)
	g.spikeStep = old.spikeStep
	for name, ev := range g.events {
		o := old.events[name]
		ev.idx = append(ev.idx[:0], o.idx...)
		ev.step = o.step
	}
}

// adoptGenerator takes over where old is in its spikes; if the rebuilt
// generator has other spikes, it starts at the current time instead.
func (sg *SpikeGeneratorGroup) adoptGenerator(old *SpikeGeneratorGroup) {
	if !slices.Equal(sg.indices, old.indices) || !slices.Equal(sg.times, old.times) ||
		sg.period.Data[0] != old.period.Data[0] {
		sg.changed = true
		return
	}
	sg.timebins, sg.periodBins = copyOf(old.timebins), old.periodBins
	sg.lastIndex, sg.changed, sg.prevDT = old.lastIndex, old.changed, old.prevDT
}

func (s *Synapses) adoptable(old *Synapses) error {
	if s.n != old.n {
		return fmt.Errorf("Synapses %s has %d synapses instead of %d", s.name, s.n, old.n)
	}
	if s.connected != old.connected || !slices.Equal(s.ptr, old.ptr) || !slices.Equal(s.seq, old.seq) ||
		!slices.Equal(s.post.Data[:s.n], old.post.Data[:old.n]) {
		return fmt.Errorf("Synapses %s connects other neurons", s.name)
	}
	if len(s.perSyn) != len(old.perSyn) {
		return fmt.Errorf("the variables of Synapses %s changed", s.name)
	}
	for k, c := range s.perSyn {
		if c.Name != old.perSyn[k].Name || len(c.Data) < s.n || len(old.perSyn[k].Data) < s.n {
			return fmt.Errorf("the variables of Synapses %s changed", s.name)
		}
	}
	a, b := ownVars(s.vars), ownVars(old.vars)
	if !slices.Equal(a, b) {
		return fmt.Errorf("the variables of Synapses %s changed", s.name)
	}
	for _, name := range a {
		if s.vars[name].Shared != old.vars[name].Shared {
			return fmt.Errorf("the variables of Synapses %s changed", s.name)
		}
	}
	if len(s.pathways) != len(old.pathways) {
		return fmt.Errorf("the pathways of Synapses %s changed", s.name)
	}
	for k, p := range s.pathways {
		if p.name != old.pathways[k].name {
			return fmt.Errorf("the pathways of Synapses %s changed", s.name)
		}
	}
	return nil
}

// adopt copies old's variables (per synapse and shared) and queued spikes.
// Every pathway prepares its delays again before the next step, from the
// rebuilt synapses' delays; spikes already queued keep their arrival steps.
func (s *Synapses) adopt(old *Synapses) {
	for k, c := range s.perSyn {
		copy(c.Data[:s.n], old.perSyn[k].Data[:s.n])
	}
	for _, name := range ownVars(s.vars) {
		if v := s.vars[name]; v.Shared {
			copy(v.Col.Data, old.vars[name].Col.Data)
		}
	}
	for k, p := range s.pathways {
		o := old.pathways[k]
		p.homog, p.hsteps = o.homog, o.hsteps
		p.dsteps = append(p.dsteps[:0], o.dsteps...)
		p.ring = make([]bucket, len(o.ring))
		for b, bk := range o.ring {
			p.ring[b] = bucket{syns: copyOf(bk.syns), neurons: copyOf(bk.neurons)}
		}
		p.dirty = true
	}
}
