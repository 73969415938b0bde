package sim

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// brian2Run is a run Brian2 made (scripts/brian2/sim_reference.py).
type brian2Run struct {
	Model  string                 `json:"model"`
	SpikeI []int                  `json:"spike_i"`
	SpikeT []float64              `json:"spike_t"`
	T      []float64              `json:"t"`
	Traces map[string][][]float64 `json:"traces"`
	Record []int                  `json:"record"`
}

func loadRun(t *testing.T, name string) *brian2Run {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "sim", name))
	if err != nil {
		t.Fatal(err)
	}
	var r brian2Run
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// constants makes an Externals scope of named quantities.
func constants(qs map[string]units.Quantity) lower.Scope {
	return func(name string) (lower.Binding, bool) {
		q, ok := qs[name]
		if !ok {
			return lower.Binding{}, false
		}
		return lower.Binding{Dim: q.Dim, Const: true, Value: q.Value, ReadOnly: true}, true
	}
}

// compareRun checks spikes (same neurons, same steps) and traces.
func compareRun(t *testing.T, ref *brian2Run, dt float64, sm *SpikeMonitor, st *StateMonitor, tol float64) {
	t.Helper()
	if len(sm.I) != len(ref.SpikeI) {
		t.Fatalf("%d spikes, Brian2 has %d", len(sm.I), len(ref.SpikeI))
	}
	for k := range sm.I {
		if int(sm.I[k]) != ref.SpikeI[k] || math.Round(sm.T[k]/dt) != math.Round(ref.SpikeT[k]/dt) {
			t.Fatalf("spike %d: neuron %d at %v s, Brian2: neuron %d at %v s", k, sm.I[k], sm.T[k], ref.SpikeI[k], ref.SpikeT[k])
		}
	}
	if len(st.T) != len(ref.T) {
		t.Fatalf("%d recording times, Brian2 has %d", len(st.T), len(ref.T))
	}
	for vi, v := range st.Variables {
		want := ref.Traces[v]
		worst := 0.0
		for r := range st.Record {
			for k, x := range st.Values[vi][r] {
				worst = math.Max(worst, math.Abs(x-want[r][k]))
			}
		}
		if worst > tol {
			t.Errorf("%s differs from Brian2 by up to %g", v, worst)
		}
		t.Logf("%s: largest difference from Brian2 %g", v, worst)
	}
}

// TestBrian2LIF runs Brian2's LIF population with refractoriness and the
// (unless refractory) flag: every spike in the same step, traces to
// rounding.
func TestBrian2LIF(t *testing.T) {
	ref := loadRun(t, "lif.json")
	net, err := NewNetwork(1e-4, 1)
	if err != nil {
		t.Fatal(err)
	}
	g, err := net.NewNeuronGroup(NeuronGroupSpec{
		Name: "G", N: 20, Model: ref.Model,
		Threshold: "v > -50*mV", Reset: "v = -65*mV", Refractory: "5*ms", Method: "exact",
		Externals: constants(map[string]units.Quantity{
			"El": units.Q(-70, units.MilliVolt), "R": units.Q(100, units.MegaOhm), "tau": units.Q(10, units.MilliSecond),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Set("v", "El"); err != nil {
		t.Fatal(err)
	}
	if err := g.Set("I", "0.15*nA + i*0.02*nA"); err != nil {
		t.Fatal(err)
	}
	sm, err := net.NewSpikeMonitor("spikes", All(g))
	if err != nil {
		t.Fatal(err)
	}
	st, err := net.NewStateMonitor("trace", All(g), []string{"v"}, ref.Record, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.1); err != nil {
		t.Fatal(err)
	}
	compareRun(t, ref, net.DT, sm, st, 1e-12)
}

// TestBrian2HH runs Brian2's Hodgkin-Huxley neuron with exponential Euler
// and a refractory condition.
func TestBrian2HH(t *testing.T) {
	ref := loadRun(t, "hh.json")
	net, err := NewNetwork(1e-5, 1)
	if err != nil {
		t.Fatal(err)
	}
	area := 20000e-12
	g, err := net.NewNeuronGroup(NeuronGroupSpec{
		Name: "G", N: 5, Model: ref.Model,
		Threshold: "v > -40*mV", Refractory: "v > -40*mV", Method: "exponential_euler",
		Externals: constants(map[string]units.Quantity{
			"Cm":   units.Q(1e-6/1e-4*area, units.Farad),
			"gl":   units.Q(5e-5/1e-4*area, units.Siemens),
			"El":   units.Q(-65, units.MilliVolt),
			"EK":   units.Q(-90, units.MilliVolt),
			"ENa":  units.Q(50, units.MilliVolt),
			"g_na": units.Q(100e-3/1e-4*area, units.Siemens),
			"g_kd": units.Q(30e-3/1e-4*area, units.Siemens),
			"VT":   units.Q(-63, units.MilliVolt),
		}),
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, code := range map[string]string{"v": "El", "I": "0.1*nA + i*0.2*nA"} {
		if err := g.Set(name, code); err != nil {
			t.Fatal(err)
		}
	}
	sm, _ := net.NewSpikeMonitor("spikes", All(g))
	st, err := net.NewStateMonitor("trace", All(g), []string{"v", "m"}, ref.Record, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.05); err != nil {
		t.Fatal(err)
	}
	compareRun(t, ref, net.DT, sm, st, 1e-9)
}
