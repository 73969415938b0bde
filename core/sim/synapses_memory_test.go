package sim_test

import (
	"runtime"
	"testing"

	"github.com/myelin-sim/myelin/core/sim"
)

// Issue 12's memory budget: a synapse with no variables of its own costs at
// most 16 bytes, and each synaptic variable 8 more. The heap is measured
// before connecting and after a run has built the spike pathways, so that
// every per-synapse structure (indices, pathways, the variables) counts.
func TestSynapseMemory(t *testing.T) {
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	for _, c := range []struct {
		model, onPre string
		vars         int
	}{
		{"", "v_post += 0.1", 0},
		{"w : 1", "v_post += w", 1},
		{"w : 1\nu : 1", "v_post += w\nu += 1", 2},
	} {
		net, err := sim.NewNetwork(0.1e-3, 1)
		if err != nil {
			t.Fatal(err)
		}
		g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "g", N: 2000,
			Model: "dv/dt = (1.2 - v)/(10*ms) : 1", Threshold: "v > 1", Reset: "v = 0"})
		if err != nil {
			t.Fatal(err)
		}
		s, err := net.NewSynapses(sim.SynapsesSpec{Name: "S", Source: sim.All(g), Target: sim.All(g),
			Model: c.model, OnPre: c.onPre})
		if err != nil {
			t.Fatal(err)
		}
		h0 := heap()
		if err := s.Connect(sim.ConnectSpec{P: "0.05"}); err != nil {
			t.Fatal(err)
		}
		if _, err := net.Run(20e-3); err != nil {
			t.Fatal(err)
		}
		h1 := heap()
		n := s.Count()
		if n < 150000 {
			t.Fatalf("%d synapses, want about 200 000", n)
		}
		per := float64(h1-h0) / float64(n)
		budget := 16 + 8*float64(c.vars)
		t.Logf("%d variables: %d synapses, %.2f bytes each (budget %.0f)", c.vars, n, per, budget)
		if per > budget+0.5 {
			t.Errorf("%d synaptic variables: %.2f bytes per synapse, over issue 12's budget of %.0f", c.vars, per, budget)
		}
		runtime.KeepAlive(s)
	}
}
