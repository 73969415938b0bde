package sim_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/sim"
)

// An EventMonitor records a custom event of a NeuronGroup with the value
// of a variable at each event (times are those of the step in which the
// event was found, after the state update), and code runs on the event.
func ExampleNetwork_NewEventMonitor() {
	net, _ := sim.NewNetwork(1e-4, 1)
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{
		Name: "G", N: 2,
		Model:  "dv/dt = (I - v)/(10*ms) : volt\nI : volt\nn : 1",
		Events: map[string]string{"high": "v > 10*mV and n < 1"},
		Method: "exact",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = g.Set("I", "(12 + 10*i)*mV")
	_, _ = g.RunOnEvent("high", "n += 1")
	m, _ := net.NewEventMonitor("high", sim.All(g), "high", "v")
	_, _ = net.Run(50e-3)
	for k := range m.I {
		fmt.Printf("neuron %d at %.1f ms, v = %.2f mV\n", m.I[k], m.T[k]*1e3, m.Values[0][k]*1e3)
	}
	// Output:
	// neuron 1 at 6.0 ms, v = 10.05 mV
	// neuron 0 at 17.9 ms, v = 10.02 mV
}

// A subgroup shares its group's state; i and N in its code are its own.
func ExampleSource_Set() {
	net, _ := sim.NewNetwork(1e-4, 1)
	g, _ := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: 6, Model: "x : 1"})
	tail, _ := g.Sub(3, 6)
	_ = g.Set("x", "i")
	_ = tail.Set("x", "100*N + i")
	fmt.Println(g.Variable("x").Col.Data)
	// Output: [0 1 2 300 301 302]
}
