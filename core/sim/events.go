package sim

import (
	"fmt"
	"sort"

	"github.com/myelin-sim/myelin/core/expr"
)

// Events. A group emits events: "spike" when it has a threshold (or is a
// PoissonGroup or SpikeGeneratorGroup), and the custom events of
// NeuronGroupSpec.Events. As in Brian2, the spike thresholder runs in the
// thresholds slot and custom ones in after_thresholds (order 0, named
// "G_spike_thresholder", "G_burst_thresholder"); the reset runs in resets
// ("G_spike_resetter") and code attached with RunOnEvent in after_resets
// ("G_burst_resetter"). Only the spike event knows refractoriness.

// HasEvent reports whether the group emits the event name.
func (g *NeuronGroup) HasEvent(name string) bool { _, ok := g.events[name]; return ok }

// EventNames returns the names of the group's events, sorted.
func (g *NeuronGroup) EventNames() []string {
	names := make([]string, 0, len(g.events))
	for name := range g.events {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Events returns the neurons where the event name happened in the current
// step (valid from its thresholder's slot to the end of the step), in the
// order the thresholder found them: increasing, except for a
// SpikeGeneratorGroup, whose spikes come in the order of their times.
func (g *NeuronGroup) Events(name string) []int32 {
	if name == "spike" {
		return g.Spikes()
	}
	ev := g.events[name]
	if ev == nil || ev.step != g.net.step {
		return nil
	}
	return ev.idx
}

// EventSchedule returns where the thresholder of the event name runs.
func (g *NeuronGroup) EventSchedule(name string) (when Slot, order int, err error) {
	ev, err := g.event(name)
	if err != nil {
		return 0, 0, err
	}
	return ev.slot, ev.order, nil
}

// event returns the event name, or Brian2's error.
func (g *NeuronGroup) event(name string) (*event, error) {
	if ev, ok := g.events[name]; ok {
		return ev, nil
	}
	msg := fmt.Sprintf("%s has no event '%s'", g.name, name)
	if name == "spike" {
		return nil, fmt.Errorf("%s: did you forget to define a threshold?", msg)
	}
	return nil, fmt.Errorf("%s%s", msg, suggest(name, g.EventNames()))
}

// SetEventSchedule moves the thresholder of the event name to another slot
// and order, as Brian2's G.set_event_schedule(event, when, order). Monitors
// made afterwards record the event right after it (order+1 in its slot).
func (g *NeuronGroup) SetEventSchedule(name string, when Slot, order int) error {
	ev, err := g.event(name)
	if err != nil {
		return err
	}
	if err := g.net.Reschedule(ev.runner, when, order); err != nil {
		return err
	}
	ev.slot, ev.order = when, order
	return nil
}

// RunOnEvent runs code (statements in the group's namespace) for the
// neurons where the event happened, in the after_resets slot with order 0,
// as Brian2's G.run_on_event(event, code). Each event takes one block of
// code (the spike event's is the reset). It returns the operation's name
// in the schedule ("G_burst_resetter"), which [Network.Reschedule] moves.
func (g *NeuronGroup) RunOnEvent(name, code string) (string, error) {
	if g.kind != "NeuronGroup" {
		return "", fmt.Errorf("%s is a %s: code runs on the events of a NeuronGroup only", g.name, g.kind)
	}
	ev, err := g.event(name)
	if err != nil {
		return "", err
	}
	if ev.code {
		return "", fmt.Errorf("%s: cannot add code for event '%s', code for this event has already been added", g.name, name)
	}
	stmts, err := expr.ParseStmts(code)
	if err != nil {
		return "", &CodeError{Object: g.name, Field: "run_on_event." + name, Err: err}
	}
	k, err := g.compileIn(stmts, codeCtx{})
	if err != nil {
		return "", &CodeError{Object: g.name, Field: "run_on_event." + name, Err: err}
	}
	ev.code = true
	runner := g.name + "_" + name + "_resetter"
	n := g.net
	n.schedule(AfterResets, 0, runner, 1, func(int64) {
		if idx := g.Events(name); len(idx) > 0 {
			k.RunIndices(idx, n.rng)
		}
	})
	return runner, nil
}
