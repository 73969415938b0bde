package sim

import "testing"

// TestProgress checks the progress reports of a run: about one per percent,
// fractions that only grow and end at 1, simulated time in step with them,
// and wall time that never runs backwards.
func TestProgress(t *testing.T) {
	net, _ := NewNetwork(1e-4, 1)
	if _, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 10, Model: "dv/dt = -v/(10*ms) : 1"}); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.01); err != nil { // 100 steps, nothing to report
		t.Fatal(err)
	}
	var got []Progress
	net.Progress = func(p Progress) { got = append(got, p) }
	if _, err := net.Run(0.05); err != nil { // 500 steps: every 5
		t.Fatal(err)
	}
	if len(got) != 100 {
		t.Fatalf("%d reports for a run of 500 steps, want 100 (one per 1%%)", len(got))
	}
	for k, p := range got {
		want := float64(k+1) / 100
		if p.Fraction != want {
			t.Errorf("report %d: fraction %v, want %v", k, p.Fraction, want)
		}
		if wantT := 0.01 + float64(5*(k+1))*1e-4; p.T < wantT-1e-12 || p.T > wantT+1e-12 {
			t.Errorf("report %d: t = %v, want %v", k, p.T, wantT)
		}
		if p.Wall < 0 || (k > 0 && p.Wall < got[k-1].Wall) {
			t.Errorf("report %d: wall time %v after %v", k, p.Wall, got[max(k-1, 0)].Wall)
		}
	}
}
