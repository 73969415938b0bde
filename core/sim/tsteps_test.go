package sim

import "testing"

// TestTInTimesteps checks Brian2's t_in_timesteps: the current step as a
// number, in any code.
func TestTInTimesteps(t *testing.T) {
	net, _ := NewNetwork(1e-4, 1)
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 1, Model: "x : 1\ny : second"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := g.RunRegularly("x = t_in_timesteps\ny = t", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.0105); err != nil {
		t.Fatal(err)
	}
	x, _ := g.Values("x")
	y, _ := g.Values("y")
	if x[0] != 104 || y[0] != float64(104)*1e-4 {
		t.Errorf("after 105 steps the last step seen is %v (t = %v), want 104", x[0], y[0])
	}
}
