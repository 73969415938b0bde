package sim_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/units"
)

// TestHHSweepBrian2 drives Hodgkin-Huxley neurons with COBAHH's neuron
// parameters by constant currents from 0 to 1 nA (exponential Euler, dt
// 0.01 ms, threshold and refractory v > -20*mV) for 200 ms, as
// scripts/brian2/hh_sweep.py does in Brian2: every neuron must fire as many
// spikes as in Brian2, each within 0.1 ms of Brian2's.
func TestHHSweepBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "hh_sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		N          int
		Duration   float64
		Dt         float64
		Model      string
		Params     map[string]float64
		Threshold  string
		Refractory string
		Method     string
		I          []float64
		SpikeTimes [][]float64 `json:"spike_times"`
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	dims := map[string]units.Quantity{"Cm": units.Farad, "gl": units.Siemens, "g_na": units.Siemens, "g_kd": units.Siemens,
		"El": units.Volt, "EK": units.Volt, "ENa": units.Volt, "VT": units.Volt}
	qs := map[string]units.Quantity{}
	for name, v := range ref.Params {
		u, ok := dims[name]
		if !ok {
			t.Fatalf("parameter %s has no unit in this test", name)
		}
		qs[name] = units.Q(v, u)
	}
	net, err := sim.NewNetwork(ref.Dt, 1)
	if err != nil {
		t.Fatal(err)
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: ref.N, Model: ref.Model,
		Threshold: ref.Threshold, Refractory: ref.Refractory, Method: ref.Method,
		Externals: func(name string) (lower.Binding, bool) {
			q, ok := qs[name]
			return lower.Binding{Dim: q.Dim, Const: true, Value: q.Value, ReadOnly: true}, ok
		}})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Set("v", "El"); err != nil {
		t.Fatal(err)
	}
	if err := g.Set("I", "i*1*nA/(N-1)"); err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(ref.Duration); err != nil {
		t.Fatal(err)
	}
	input, _ := g.Values("I")
	trains := m.Trains()
	worst, total := 0.0, 0
	for i, want := range ref.SpikeTimes {
		if math.Abs(input[i]-ref.I[i]) > 1e-15*ref.I[len(ref.I)-1] {
			t.Errorf("I[%d] = %v, Brian2 %v", i, input[i], ref.I[i])
		}
		got := trains[i]
		if len(got) != len(want) {
			t.Errorf("neuron %d (I = %.2f nA) fired %d spikes, Brian2 %d", i, input[i]*1e9, len(got), len(want))
			continue
		}
		total += len(want)
		for k := range want {
			d := math.Abs(got[k] - want[k])
			worst = math.Max(worst, d)
			if d > 1e-4 {
				t.Errorf("neuron %d (I = %.2f nA): spike %d at %v s, Brian2 %v s", i, input[i]*1e9, k, got[k], want[k])
			}
		}
	}
	if total == 0 {
		t.Fatal("Brian2's reference has no spikes")
	}
	t.Logf("%d spikes; largest difference of a spike time from Brian2: %g s", total, worst)
}
