package sim_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/sim"
)

// Synapses from five neurons that fire one after the other onto two
// targets, with a delay per synapse and an STDP rule.
func ExampleSynapses() {
	net, _ := sim.NewNetwork(0.1e-3, 1)
	pre, _ := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "pre", N: 5,
		Model:     "dv/dt = (1 + 0.2*i)/(10*ms) : 1",
		Threshold: "v > 1", Reset: "v = 0", Method: "euler"})
	post, _ := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "post", N: 2,
		Model:     "dv/dt = -v/(10*ms) : 1",
		Threshold: "v > 1", Reset: "v = 0"})
	s, err := net.NewSynapses(sim.SynapsesSpec{Name: "S", Source: sim.All(pre), Target: sim.All(post),
		Model: `w : 1
			dApre/dt = -Apre/(20*ms) : 1 (event-driven)
			dApost/dt = -Apost/(20*ms) : 1 (event-driven)`,
		OnPre: `v_post += w
			Apre += 0.01
			w = clip(w + Apost, 0, 1)`,
		OnPost: `Apost -= 0.0105
			w = clip(w + Apre, 0, 1)`,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	// every source neuron to the targets whose index has its parity
	if err := s.Connect(sim.ConnectSpec{JGen: "k for k in range(N_post) if (k + i) % 2 == 0"}); err != nil {
		fmt.Println(err)
		return
	}
	_ = s.Set("w", "0.4")
	_ = s.Set("delay", "i*0.5*ms")
	if _, err := net.Run(0.1); err != nil {
		fmt.Println(err)
		return
	}
	w, _ := s.Values("w")
	fmt.Println(s.Count(), "synapses:", s.I(), "→", s.J())
	for k := range w {
		fmt.Printf("%.4f ", w[k])
	}
	fmt.Println()
	// Output:
	// 5 synapses: [0 1 2 3 4] → [0 1 0 1 0]
	// 0.4336 0.4651 0.4872 0.4331 0.4203
}
