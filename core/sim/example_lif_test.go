package sim_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/units"
)

// constScope makes the Externals of a group from constants written as
// quantities ("10*ms"), as Brian2 takes them from the namespace.
func constScope(defs map[string]string) lower.Scope {
	qs := map[string]units.Quantity{}
	for name, src := range defs {
		qs[name] = units.MustParse(src)
	}
	return func(name string) (lower.Binding, bool) {
		q, ok := qs[name]
		if !ok {
			return lower.Binding{}, false
		}
		return lower.Binding{Dim: q.Dim, Const: true, Value: q.Value, ReadOnly: true}, true
	}
}

// The first model of the README: ten leaky integrate-and-fire neurons
// driven by constant inputs from 0 to 2 (the threshold is 1), refractory
// for 5 ms after a spike, for 200 ms.
func ExampleNetwork_lif() {
	net, err := sim.NewNetwork(0.1e-3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: 10,
		Model: `dv/dt = (v0 - v)/tau : 1 (unless refractory)
			v0 : 1`,
		Threshold: "v > 1", Reset: "v = 0", Refractory: "5*ms", Method: "exact",
		Externals: constScope(map[string]string{"tau": "10*ms"})})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := g.Set("v0", "i/(N - 1)*2"); err != nil {
		fmt.Println(err)
		return
	}
	spikes, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := net.Run(0.2); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("spikes per neuron:", spikes.Count)
	fmt.Printf("first spike: neuron %d at %.1f ms\n", spikes.I[0], spikes.T[0]*1e3)
	// Output:
	// spikes per neuron: [0 0 0 0 0 7 10 13 15 17]
	// first spike: neuron 9 at 6.9 ms
}

// A Hodgkin–Huxley neuron (Brian2's examples, after Traub and Miles) at
// rest, then given a current step of 1 nA from 50 ms on by a network
// operation; it fires regularly while the current is on.
func ExampleNetwork_hh() {
	net, err := sim.NewNetwork(0.01e-3, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "neuron", N: 1,
		Model: `dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
			dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
			dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
			dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
			I : amp`,
		Threshold: "v > -40*mV", Refractory: "v > -40*mV", Method: "exponential_euler",
		Externals: constScope(map[string]string{
			"Cm":   "1*ufarad*cm**-2 * 20000*umetre**2",
			"gl":   "5e-5*siemens*cm**-2 * 20000*umetre**2",
			"g_na": "100*msiemens*cm**-2 * 20000*umetre**2",
			"g_kd": "30*msiemens*cm**-2 * 20000*umetre**2",
			"El":   "-65*mV", "EK": "-90*mV", "ENa": "50*mV", "VT": "-63*mV",
		})})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := g.Set("v", "-65*mV"); err != nil {
		fmt.Println(err)
		return
	}
	spikes, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		fmt.Println(err)
		return
	}
	// the current step, at the start of the step at 50 ms
	if _, err := net.NetworkOperation("step", 0, sim.Start, func(t float64) error {
		if t >= 50e-3 {
			return g.SetValue("I", 0, 1e-9)
		}
		return nil
	}); err != nil {
		fmt.Println(err)
		return
	}
	if _, err := net.Run(0.25); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("method:", g.Method)
	fmt.Println("spikes:", spikes.Len())
	fmt.Printf("first spike at %.2f ms\n", spikes.T[0]*1e3)
	// Output:
	// method: exponential_euler
	// spikes: 26
	// first spike at 52.60 ms
}
