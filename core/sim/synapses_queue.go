package sim

import (
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
)

// pathway is one of Brian2's SynapticPathways: code run for the synapses
// of the spikes of one side, after a delay, through a spike queue.
type pathway struct {
	s      *Synapses
	name   string // "pre", "post", or the name given
	field  string // "on_pre", "on_post.name" ... for errors
	post   bool   // triggered by the target's events
	src    Source // the group whose events trigger it
	event  string
	k      *kernel.Kernel
	runner string // the name in the schedule: S_pre

	delay    *kernel.Column // per-synapse delays (seconds); nil for one delay for all
	delayVal float64        // the delay for all synapses

	// The queue: ring[a % len(ring)] holds what arrives at step a.
	dirty   bool
	homog   bool    // every synapse has the delay hsteps: buckets hold neurons
	hsteps  int     // the common delay in steps
	dsteps  []int32 // the delay in steps of each synapse, when not homogeneous
	ring    []bucket
	scratch []int32

	// The synapses of each target neuron (post pathways), in creation
	// order: csyn[cptr[k]:cptr[k+1]].
	cptr, csyn []int32
}

// bucket is what arrives in one step. syns are synapse indices; neurons
// are source neurons (relative to the pathway's source) whose every synapse
// is delivered, in order, after syns.
type bucket struct {
	syns    []int32
	neurons []int32
}

// buildPathways compiles the code of every pathway, with the event-driven
// update before it and lastupdate = t after it, as Brian2 does.
func (s *Synapses) buildPathways(spec SynapsesSpec) error {
	type def struct {
		name, code, field string
		post              bool
	}
	var defs []def
	if spec.OnPre != "" {
		defs = append(defs, def{"pre", spec.OnPre, "on_pre", false})
	}
	if spec.OnPost != "" {
		defs = append(defs, def{"post", spec.OnPost, "on_post", true})
	}
	for _, k := range sortedKeys(spec.PrePathways) {
		defs = append(defs, def{k, spec.PrePathways[k], "on_pre." + k, false})
	}
	for _, k := range sortedKeys(spec.PostPathways) {
		defs = append(defs, def{k, spec.PostPathways[k], "on_post." + k, true})
	}
	delays := map[string]string{}
	for k, v := range spec.Delays {
		delays[k] = v
	}
	if spec.Delay != "" {
		if d, ok := delays["pre"]; ok && d != spec.Delay {
			return fmt.Errorf("Synapses %s: the delay of the pathway pre is given twice (Delay and Delays[\"pre\"])", s.name)
		}
		delays["pre"] = spec.Delay
	}
	seen := map[string]bool{}
	for _, d := range defs {
		if seen[d.name] {
			return fmt.Errorf("Synapses %s: there are two pathways called '%s'", s.name, d.name)
		}
		seen[d.name] = true
		if !validIdentifier(d.name) {
			return fmt.Errorf("Synapses %s: '%s' cannot be the name of a pathway", s.name, d.name)
		}
	}
	names := make([]string, len(defs))
	for i, d := range defs {
		names[i] = d.name
	}
	for _, k := range sortedKeys(delays) {
		if !seen[k] {
			return fmt.Errorf("Synapses %s: cannot set the delay for pathway '%s': unknown pathway%s", s.name, k, suggest(k, names))
		}
	}
	for _, k := range sortedKeys(spec.OnEvent) {
		if !seen[k] {
			return fmt.Errorf("Synapses %s: cannot set the event for pathway '%s': unknown pathway", s.name, k)
		}
	}
	var post []*expr.Stmt
	if s.eventDriven {
		post = []*expr.Stmt{{Target: name("lastupdate"), Op: expr.OpAssign, Value: name("t")}}
	}
	for _, d := range defs {
		p := &pathway{s: s, name: d.name, field: d.field, post: d.post, src: s.src, event: "spike",
			runner: s.name + "_" + d.name, dirty: true, homog: true}
		if d.post {
			p.src = s.tgt
		}
		if ev, ok := spec.OnEvent[d.name]; ok {
			p.event = ev
		}
		if !p.src.Group.HasEvent(p.event) {
			what := "source"
			if d.post {
				what = "target"
			}
			msg := fmt.Sprintf("Synapses %s: the %s group %s has no event '%s'", s.name, what, p.src.Group.name, p.event)
			if p.event == "spike" {
				msg += ": did you forget to set a threshold?"
			}
			return fmt.Errorf("%s", msg)
		}
		if code, ok := delays[d.name]; ok {
			v, err := s.constantTime(code)
			if err != nil {
				return &CodeError{Object: s.name, Field: "delay." + d.name, Err: err}
			}
			if err := checkDelay(v); err != nil {
				return fmt.Errorf("Synapses %s: the delay of pathway %s: %v", s.name, d.name, err)
			}
			p.delayVal = v
		} else {
			p.delay = &kernel.Column{Name: "delay"}
			s.perSyn = append(s.perSyn, p.delay)
		}
		s.pathways = append(s.pathways, p)
		k, err := s.compileCode(d.code, p, s.eventStmts, post, nil)
		if err != nil {
			return &CodeError{Object: s.name, Field: d.field, Err: err}
		}
		p.k = k
	}
	return nil
}

// delaySteps rounds a delay to whole steps, as Brian2's C++ and Cython
// spike queues do.
func (p *pathway) delaySteps(d float64) int {
	return int(math.Floor(d/p.s.net.DT + 0.5))
}

// prepare works out the delays in steps, whether they are all equal, and
// the size of the ring, at step now (before anything of that step is
// queued). Spikes already queued keep their arrival steps.
func (p *pathway) prepare(now int64) {
	s := p.s
	p.dirty = false
	wasHomog := p.homog
	maxD := 0
	if p.delay == nil || s.n == 0 {
		p.homog = true
		p.hsteps = 0
		if p.delay == nil {
			p.hsteps = p.delaySteps(p.delayVal)
		}
		maxD = p.hsteps
	} else {
		if cap(p.dsteps) < s.n {
			p.dsteps = make([]int32, s.n)
		}
		p.dsteps = p.dsteps[:s.n]
		lo, hi := math.MaxInt32, 0
		for k, d := range p.delay.Data[:s.n] {
			st := p.delaySteps(d)
			p.dsteps[k] = int32(st)
			lo, hi = min(lo, st), max(hi, st)
		}
		p.homog = lo == hi
		p.hsteps = lo
		maxD = hi
		if p.homog {
			p.dsteps = p.dsteps[:0]
		}
	}
	if wasHomog && !p.homog {
		p.neuronsToSyns()
	}
	if maxD+1 > len(p.ring) {
		p.resize(maxD+1, now)
	}
}

// resize moves the queued spikes into a ring of size l.
func (p *pathway) resize(l int, now int64) {
	ring := make([]bucket, l)
	if old := len(p.ring); old > 0 {
		for a := now; a < now+int64(old); a++ {
			ring[a%int64(l)] = p.ring[a%int64(old)]
		}
	}
	p.ring = ring
}

// neuronsToSyns turns the neurons queued in every bucket into their
// synapses (with the synapse ranges of now), after the synapses the bucket
// already holds, which were queued before them.
func (p *pathway) neuronsToSyns() {
	for b := range p.ring {
		bk := &p.ring[b]
		for _, k := range bk.neurons {
			bk.syns = p.appendSynapses(bk.syns, k)
		}
		bk.neurons = bk.neurons[:0]
	}
}

// remap renumbers the queued synapses after new synapses were inserted.
func (p *pathway) remap(oldToNew []int32) {
	for b := range p.ring {
		for k, x := range p.ring[b].syns {
			p.ring[b].syns[k] = oldToNew[x]
		}
	}
}

// appendSynapses appends the synapses of source neuron k (relative).
func (p *pathway) appendSynapses(out []int32, k int32) []int32 {
	if p.post {
		return append(out, p.csyn[p.cptr[k]:p.cptr[k+1]]...)
	}
	for j := p.s.ptr[k]; j < p.s.ptr[k+1]; j++ {
		out = append(out, j)
	}
	return out
}

// buildTargetIndex makes the lists of synapses of every target neuron, in
// creation order, for post pathways.
func (p *pathway) buildTargetIndex() {
	s := p.s
	nt := s.tgt.N()
	if cap(p.cptr) < nt+1 {
		p.cptr = make([]int32, nt+1)
	}
	p.cptr = p.cptr[:nt+1]
	clear(p.cptr)
	off := int32(s.tgt.Start)
	post := s.post.Data[:s.n]
	for _, x := range post {
		p.cptr[x-off+1]++
	}
	for k := 0; k < nt; k++ {
		p.cptr[k+1] += p.cptr[k]
	}
	if cap(p.csyn) < s.n {
		p.csyn = make([]int32, s.n)
	}
	p.csyn = p.csyn[:s.n]
	fill := append([]int32(nil), p.cptr[:nt]...)
	put := func(syn int32) {
		t := post[syn] - off
		p.csyn[fill[t]] = syn
		fill[t]++
	}
	if s.seq == nil {
		for k := range post {
			put(int32(k))
		}
		return
	}
	inv := make([]int32, s.n)
	for k, c := range s.seq {
		inv[c] = int32(k)
	}
	for _, k := range inv {
		put(k)
	}
}

// run is the pathway's step in the synapses slot: queue the events of its
// source in this step, then deliver what arrives now.
func (p *pathway) run(step int64) {
	if p.dirty {
		p.prepare(step)
	}
	if len(p.ring) == 0 {
		return
	}
	s := p.s
	l := int64(len(p.ring))
	if ev := p.src.Group.Events(p.event); len(ev) > 0 && s.n > 0 {
		lo, hi := int32(p.src.Start), int32(p.src.End)
		if p.homog {
			b := &p.ring[(step+int64(p.hsteps))%l]
			for _, x := range ev {
				if x >= lo && x < hi {
					b.neurons = append(b.neurons, x-lo)
				}
			}
		} else {
			base := int32(step % l) // delays are below len(ring): no modulo per synapse
			ring, ds := p.ring, p.dsteps
			put := func(syn int32) {
				at := base + ds[syn]
				if at >= int32(len(ring)) {
					at -= int32(len(ring))
				}
				b := &ring[at]
				b.syns = append(b.syns, syn)
			}
			for _, x := range ev {
				if x < lo || x >= hi {
					continue
				}
				k := x - lo
				if p.post {
					for _, syn := range p.csyn[p.cptr[k]:p.cptr[k+1]] {
						put(syn)
					}
					continue
				}
				for syn := s.ptr[k]; syn < s.ptr[k+1]; syn++ {
					put(syn)
				}
			}
		}
	}
	b := &p.ring[step%l]
	rng := s.net.rng
	if len(b.syns) > 0 {
		p.k.RunIndices(b.syns, rng)
		b.syns = b.syns[:0]
	}
	if len(b.neurons) == 0 {
		return
	}
	if p.post {
		p.scratch = p.scratch[:0]
		for _, k := range b.neurons {
			p.scratch = append(p.scratch, p.csyn[p.cptr[k]:p.cptr[k+1]]...)
		}
		if len(p.scratch) > 0 {
			p.k.RunIndices(p.scratch, rng)
		}
	} else {
		// the synapses of each neuron are a range; neighbours' ranges merge
		var lo, hi int32
		for _, k := range b.neurons {
			a, z := s.ptr[k], s.ptr[k+1]
			if a == z {
				continue
			}
			if a == hi && hi > lo {
				hi = z
				continue
			}
			if hi > lo {
				p.k.Run(int(lo), int(hi), rng)
			}
			lo, hi = a, z
		}
		if hi > lo {
			p.k.Run(int(lo), int(hi), rng)
		}
	}
	b.neurons = b.neurons[:0]
}
