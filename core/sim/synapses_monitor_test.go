package sim

import (
	"math"
	"testing"
)

// TestSynapseStateMonitor records a plastic weight: w grows by 1 on every
// presynaptic spike of a neuron that fires every step.
func TestSynapseStateMonitor(t *testing.T) {
	net, _ := NewNetwork(1e-4, 1)
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 2, Model: "v : 1", Threshold: "i == 0"})
	if err != nil {
		t.Fatal(err)
	}
	s, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: All(g), Model: "w : 1", OnPre: "w += 1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Connect(ConnectSpec{I: []int{0, 1}, J: []int{1, 0}}); err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSynapseStateMonitor("w", s, []string{"w"}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.NewSynapseStateMonitor("bad", s, []string{"q"}, nil, 0); err == nil {
		t.Error("recording an unknown variable: no error")
	}
	if _, err := net.Run(5e-4); err != nil {
		t.Fatal(err)
	}
	// Recorded at the start of each step: before that step's spike.
	want0 := []float64{0, 1, 2, 3, 4}
	if len(m.T) != 5 || len(m.Values[0]) != 2 {
		t.Fatalf("%d times, %d synapses", len(m.T), len(m.Values[0]))
	}
	I := s.I()
	for r := range m.Record {
		for k, w := range m.Values[0][r] {
			want := 0.0
			if I[r] == 0 {
				want = want0[k]
			}
			if math.Abs(w-want) > 0 {
				t.Errorf("synapse %d (from %d) at step %d: w = %v, want %v", r, I[r], k, w, want)
			}
		}
	}
}
