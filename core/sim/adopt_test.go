package sim

import (
	"slices"
	"strings"
	"testing"
)

// genNet is a network with a SpikeGeneratorGroup of the spikes given (in
// ms) and a monitor of them.
func genNet(t *testing.T, dt float64, times ...float64) (*Network, *SpikeMonitor) {
	t.Helper()
	net, err := NewNetwork(dt, 1)
	if err != nil {
		t.Fatal(err)
	}
	idx := make([]int, len(times))
	secs := make([]float64, len(times))
	for k, x := range times {
		secs[k] = x * 1e-3
	}
	sg, err := net.NewSpikeGeneratorGroup("S", 1, idx, secs, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("spikes", All(sg.NeuronGroup))
	if err != nil {
		t.Fatal(err)
	}
	return net, m
}

// TestAdoptSpikeGenerator: a rebuilt generator with the same spikes goes
// on where the old one was; one with other spikes starts at the current
// time, skipping its spikes in the past.
func TestAdoptSpikeGenerator(t *testing.T) {
	tests := []struct {
		name  string
		times []float64
		want  []float64 // ms, recorded over the whole run
	}{
		{"same", []float64{1, 3, 5, 7}, []float64{1, 3, 5, 7}},
		{"other", []float64{2, 4, 6, 8}, []float64{1, 3, 6, 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old, _ := genNet(t, 1e-4, 1, 3, 5, 7)
			if _, err := old.Run(0.0045); err != nil {
				t.Fatal(err)
			}
			n, m := genNet(t, 1e-4, tc.times...)
			if err := n.Adopt(old); err != nil {
				t.Fatal(err)
			}
			if _, err := n.Run(0.0055); err != nil {
				t.Fatal(err)
			}
			var got []float64
			for _, x := range m.T {
				got = append(got, float64(int(x*1e4+0.5))/10)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("spikes at %v ms, want %v", got, tc.want)
			}
		})
	}
}

// TestAdoptRefused: networks of another dt or other objects are refused
// with a one-line error, and the new network is left as it was.
func TestAdoptRefused(t *testing.T) {
	old, _ := genNet(t, 1e-4, 1)
	if _, err := old.Run(0.002); err != nil {
		t.Fatal(err)
	}
	other, _ := genNet(t, 2e-4, 1)
	extra, _ := genNet(t, 1e-4, 1)
	if _, err := extra.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 1, Model: "v : 1"}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		n    *Network
		want string
	}{
		{other, "dt changed"},
		{extra, "G is new in the model"},
		{old, "same or no network"},
	} {
		err := tc.n.Adopt(old)
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("error %v, want one line with %q", err, tc.want)
		}
		if tc.n != old && tc.n.Step() != 0 {
			t.Errorf("the network moved to step %d", tc.n.Step())
		}
	}
}
