package sim

import (
	"strings"
	"testing"
)

// TestSynapsesBlowUp: a synaptic variable that becomes infinite stops the
// run at the next scan (every 64 steps) with an error naming the synapses,
// the variable, the synapse (Brian2's index, which is the order of
// creation, not that of storage) and the time; what was recorded stays.
func TestSynapsesBlowUp(t *testing.T) {
	tests := []struct {
		name  string
		model string
		onPre string
		want  string
	}{
		{"per synapse", "w : 1", "w = w*(1 + 1e308*int(j == 1)*10)",
			"variable w of Synapses S, synapse 2, is +Inf at t = 12.8 ms"},
		{"shared", "w : 1\nu : 1 (shared)", "u = log(0*u)",
			"variable u of Synapses S (shared) is -Inf at t = 12.8 ms"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			net := synNet(t, 1e-4)
			// neuron 2 crosses the threshold at 8 ms, the others never spike
			g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 3, Model: "dv/dt = 1/(10*ms) : 1",
				Threshold: "v > 1 and i == 2", Reset: "v = -100"})
			if err := g.Set("v", "0.1*i"); err != nil {
				t.Fatal(err)
			}
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(g), Model: tc.model, OnPre: tc.onPre})
			// created in another order than Brian2 stores them: 2→1 is synapse 2
			if err := s.Connect(ConnectSpec{I: []int{2, 0, 2, 1}, J: []int{0, 1, 1, 2}}); err != nil {
				t.Fatal(err)
			}
			if err := s.Set("w", "1"); err != nil {
				t.Fatal(err)
			}
			m, err := net.NewSpikeMonitor("spikes", All(g))
			if err != nil {
				t.Fatal(err)
			}
			_, err = net.Run(0.05)
			if err == nil {
				t.Fatal("the run went on")
			}
			if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q, want one line with %q", msg, tc.want)
			}
			if net.Step() != 128 {
				t.Errorf("stopped at step %d, want 128 (the first scan after the blow-up)", net.Step())
			}
			if m.Len() != 1 || m.I[0] != 2 {
				t.Errorf("recorded spikes %v, want neuron 2's", m.I)
			}
			if _, err2 := net.Run(0.01); err2 == nil || err2.Error() != err.Error() {
				t.Errorf("a second run: %v, want the same error", err2)
			}
		})
	}
}
