package sim

import (
	"strings"
	"testing"
)

// TestMisuse: every misuse of events, subgroups, linked variables, inputs
// and the schedule is refused with one clear line.
func TestMisuse(t *testing.T) {
	lif := "dv/dt = (I - v)/(10*ms) : volt\nI : volt\nx : volt (linked)\nn : 1\nu = v*2 : volt"
	setup := func(t *testing.T) (*Network, *NeuronGroup) {
		net := newNet(t, 1e-4)
		g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 5, Model: lif,
			Threshold: "v > 10*mV", Reset: "v = 0*mV", Events: map[string]string{"burst": "v > 5*mV"}}))
		return net, g
	}
	tests := []struct {
		name string
		do   func(t *testing.T) error
		want string
	}{
		{"two spikes in a step", func(t *testing.T) error {
			net := newNet(t, 1e-4)
			must[*SpikeGeneratorGroup](t)(net.NewSpikeGeneratorGroup("S", 3, []int{0, 1, 0}, []float64{1e-5, 2e-5, 5e-5}, 0))
			_, err := net.Run(1e-3)
			return err
		}, "some neurons of SpikeGeneratorGroup 'S' spike more than once during a time step (neuron 0 at"},
		{"period not a multiple of dt", func(t *testing.T) error {
			net := newNet(t, 1e-4)
			must[*SpikeGeneratorGroup](t)(net.NewSpikeGeneratorGroup("S", 2, []int{0}, []float64{1e-5}, 2.5e-4))
			_, err := net.Run(1e-3)
			return err
		}, "the period of 'S' is 250. us, which is not an integer multiple of its dt of 100. us"},
		{"period shorter than dt", func(t *testing.T) error {
			net := newNet(t, 1e-4)
			must[*SpikeGeneratorGroup](t)(net.NewSpikeGeneratorGroup("S", 2, nil, nil, 5e-5))
			_, err := net.Run(1e-3)
			return err
		}, "smaller than its dt"},
		{"period before the last spike", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewSpikeGeneratorGroup("S", 2, []int{0, 1}, []float64{0, 1e-3}, 1e-3)
			return err
		}, "the period has to be greater than the maximum of the spike times"},
		{"negative spike time", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewSpikeGeneratorGroup("S", 2, []int{0}, []float64{-1e-3}, 0)
			return err
		}, "spike times cannot be negative"},
		{"spike of no neuron", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewSpikeGeneratorGroup("S", 2, []int{2}, []float64{1e-3}, 0)
			return err
		}, "indices have to lie in the interval [0, 2["},
		{"indices and times", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewSpikeGeneratorGroup("S", 2, []int{0, 1}, []float64{1e-3}, 0)
			return err
		}, "must match, but 2 != 1"},
		{"run_regularly dt", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.RunRegularly("n += 1", 2.5e-4)
			return err
		}, "must be a whole multiple of the network's dt"},
		{"run_regularly code", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.RunRegularly("v += 1", 0)
			return err
		}, "G run_regularly: "},
		{"unknown event", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.RunOnEvent("bursts", "n += 1")
			return err
		}, "G has no event 'bursts' — did you mean 'burst'?"},
		{"code twice for an event", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.RunOnEvent("spike", "n += 1")
			return err
		}, "cannot add code for event 'spike', code for this event has already been added"},
		{"no threshold", func(t *testing.T) error {
			net := newNet(t, 1e-4)
			g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 2, Model: "v : volt"}))
			_, err := g.RunOnEvent("spike", "v = 0*mV")
			return err
		}, "did you forget to define a threshold?"},
		{"monitor of an unknown event", func(t *testing.T) error {
			net, g := setup(t)
			_, err := net.NewEventMonitor("m", All(g), "brust")
			return err
		}, "G does not define an event 'brust' — did you mean 'burst'?"},
		{"monitor of an unknown variable", func(t *testing.T) error {
			net, g := setup(t)
			_, err := net.NewSpikeMonitor("m", All(g), "vv")
			return err
		}, "G has no variable 'vv' — did you mean 'v'?"},
		{"bad event name", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 2, Model: "v : volt", Events: map[string]string{"3up": "v > 0*mV"}})
			return err
		}, "the name '3up' cannot be used as an event name"},
		{"threshold and spike event", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 2, Model: "v : volt", Threshold: "v > 0*mV", Events: map[string]string{"spike": "v > 0*mV"}})
			return err
		}, "defines both a threshold and a 'spike' event"},
		{"event condition", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 2, Model: "v : volt", Events: map[string]string{"up": "v + 1*mV"}})
			return err
		}, "H events.up: "},
		{"unknown schedule entry", func(t *testing.T) error {
			net, _ := setup(t)
			return net.Reschedule("G_thresholder", End, 0)
		}, "the network schedules nothing called 'G_thresholder'"},
		{"unknown slot", func(t *testing.T) error {
			_, err := ParseSlot("after_reset")
			return err
		}, "unknown scheduling slot 'after_reset' — did you mean 'after_resets'?"},
		{"empty subgroup", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.Sub(3, 3)
			return err
		}, "illegal start/end values for subgroup, 3>=3"},
		{"subgroup too long", func(t *testing.T) error {
			_, g := setup(t)
			_, err := g.Sub(1, 6)
			return err
		}, "illegal stop value for subgroup, 6>5"},
		{"subgroup of a subgroup", func(t *testing.T) error {
			_, g := setup(t)
			s := must[Source](t)(g.Sub(1, 4))
			_, err := s.Sub(1, 4)
			return err
		}, "illegal stop value for subgroup, 4>3"},
		{"unlinked", func(t *testing.T) error {
			net, _ := setup(t)
			_, err := net.Run(1e-3)
			return err
		}, "the linked variable G.x has no target"},
		{"link sizes", func(t *testing.T) error {
			net, g := setup(t)
			h := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 3, Model: "y : volt"}))
			return g.Link("x", All(h), "y", nil)
		}, "cannot link variable 'x' to 'y': the size of the target group does not match (5 != 3)"},
		{"link index length", func(t *testing.T) error {
			net, g := setup(t)
			h := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 3, Model: "y : volt"}))
			return g.Link("x", All(h), "y", []int{0, 1})
		}, "must have one entry per neuron of G (5), but has 2"},
		{"link index range", func(t *testing.T) error {
			net, g := setup(t)
			h := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 3, Model: "y : volt"}))
			return g.Link("x", All(h), "y", []int{0, 1, 2, 3, 0})
		}, "contains values outside of the valid range [0, 3[: 3"},
		{"link units", func(t *testing.T) error {
			net, g := setup(t)
			h := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 5, Model: "y : amp"}))
			return g.Link("x", All(h), "y", nil)
		}, "the unit of variable 'x' (volt) does not match its link target 'y' (amp)"},
		{"link a variable that is not linked", func(t *testing.T) error {
			_, g := setup(t)
			return g.Link("I", All(g), "v", nil)
		}, "it has to be marked as a linked variable with '(linked)'"},
		{"link to a subexpression", func(t *testing.T) error {
			_, g := setup(t)
			return g.Link("x", All(g), "u", nil)
		}, "myelin links to state variables only"},
		{"read a linked variable before linking it", func(t *testing.T) error {
			_, g := setup(t)
			return g.Set("I", "x + 1*mV")
		}, "the linked variable G.x has no target"},
		{"set a linked variable", func(t *testing.T) error {
			_, g := setup(t)
			return g.Set("x", "3*mV")
		}, "G.x is a linked variable: it cannot be set directly"},
		{"PoissonInput variable", func(t *testing.T) error {
			net, g := setup(t)
			_, err := net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "vv", N: 10, Rate: 5, Weight: "1*mV"})
			return err
		}, "PoissonInput poissoninput: vv is not a variable of G — did you mean 'v'?"},
		{"PoissonInput weight", func(t *testing.T) error {
			net, g := setup(t)
			_, err := net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: 10, Rate: 5, Weight: "1*nA"})
			return err
		}, "the weight 1*nA is in amp, but the target variable 'v' is in volt: they must have the same unit"},
		{"PoissonInput rate", func(t *testing.T) error {
			net, g := setup(t)
			_, err := net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: 10, Rate: 2e4, Weight: "1*mV"})
			return err
		}, "rate*dt = 2 is more than 1"},
		{"PoissonGroup rates", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewPoissonGroup(PoissonGroupSpec{Name: "P", N: 3, Rates: "5*mV"})
			return err
		}, "P rates: "},
		{"PoissonGroup rate values", func(t *testing.T) error {
			_, err := newNet(t, 1e-4).NewPoissonGroup(PoissonGroupSpec{Name: "P", N: 3, RateValues: []float64{1, 2}})
			return err
		}, "2 rates for 3 neurons"},
		{"rate monitor of a group that never spikes", func(t *testing.T) error {
			net := newNet(t, 1e-4)
			g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 2, Model: "v : volt"}))
			_, err := net.NewPopulationRateMonitor("r", All(g))
			return err
		}, "H has no threshold, so it never spikes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do(t)
			if err == nil {
				t.Fatalf("no error; want %q", tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q\ndoes not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
		})
	}
}

// TestRunOnEventSubgroupCode: a PoissonInput on a subgroup with a weight
// that uses i (relative to it) and N (its size).
func TestPoissonInputSubgroup(t *testing.T) {
	net := newNet(t, 1e-4)
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 6, Model: "v : 1"}))
	sub := must[Source](t)(g.Sub(2, 5))
	pi := must[*PoissonInput](t)(net.NewPoissonInput(PoissonInputSpec{Target: sub, Var: "v", N: 1, Rate: 1e4, Weight: "i + 10*N"}))
	if pi.P != 1 {
		t.Fatalf("p = %v", pi.P)
	}
	must[any](t)(net.Run(2e-4))
	want := []float64{0, 0, 60, 62, 64, 0}
	sameValues(t, "v", g.Variable("v").Col.Data, want, 0)
}
