package sim_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
)

// The reference comes from scripts/brian2/smooth_pursuit_reference.py:
// the same model in Brian2 2.5.1, over ten seeds.
type pursuitRef struct {
	Duration float64        `json:"duration"`
	DT       float64        `json:"dt"`
	RecordDT float64        `json:"record_dt"`
	Runs     []pursuitStats `json:"runs"`
}

// pursuitStats are the statistics of one run.
type pursuitStats struct {
	Seed            int     `json:"seed"`
	Corr            float64 `json:"corr"`             // correlation of eye and object position
	StdEye          float64 `json:"std_eye"`          // standard deviation of the eye's position
	StdObject       float64 `json:"std_object"`       // ... and of the object's
	RateRetina      float64 `json:"rate_retina"`      // mean firing rate of a retinal neuron (Hz)
	RateMotoneurons float64 `json:"rate_motoneurons"` // ... and of a motoneuron
	Synapses        int     `json:"synapses"`         // retina → motoneurons
}

// runPursuit runs examples/smooth_pursuit.toml with a seed.
func runPursuit(t *testing.T, seed uint64, duration float64) pursuitStats {
	t.Helper()
	f, err := model.LoadFile(filepath.Join("..", "..", "examples", "smooth_pursuit.toml"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := model.BuildWith(f, model.Options{Seed: &seed})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(duration); err != nil {
		t.Fatal(err)
	}
	st := pursuitStats{Seed: int(seed), Synapses: b.Synapses["sensorimotor"].Count()}
	for _, m := range b.Monitors {
		switch m.Name {
		case "position":
			trace := map[string][]float64{}
			for v, name := range m.State.Variables {
				trace[name] = m.State.Values[v][0]
			}
			x, xo := trace["x"], trace["x_object"]
			st.Corr = correlation(x, xo)
			st.StdEye, st.StdObject = stddev(x), stddev(xo)
		case "retina_spikes":
			st.RateRetina = float64(len(m.Spike.I)) / float64(m.Spike.Source.N()) / duration
		case "motor_spikes":
			st.RateMotoneurons = float64(len(m.Spike.I)) / float64(m.Spike.Source.N()) / duration
		}
	}
	return st
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

// stddev is numpy's std (the population standard deviation).
func stddev(x []float64) float64 {
	m, s := mean(x), 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)))
}

// correlation is Pearson's correlation coefficient (numpy's corrcoef).
func correlation(x, y []float64) float64 {
	mx, my := mean(x), mean(y)
	var sxy, sxx, syy float64
	for k := range x {
		sxy += (x[k] - mx) * (y[k] - my)
		sxx += (x[k] - mx) * (x[k] - mx)
		syy += (y[k] - my) * (y[k] - my)
	}
	return sxy / math.Sqrt(sxx*syy)
}

// TestSmoothPursuitAgainstBrian2 runs the smooth pursuit example with five
// seeds and checks that the eye follows the object as it does in Brian2:
// the correlation of eye and object position, and the other statistics,
// lie within Brian2's spread over its seeds (the random numbers differ, so
// single runs differ; their distribution must not). For each statistic,
// myelin's mean must lie within three standard errors of Brian2's mean,
// and every myelin run within Brian2's range widened by one standard
// deviation on each side.
func TestSmoothPursuitAgainstBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "smooth_pursuit", "reference.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref pursuitRef
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if len(ref.Runs) < 5 {
		t.Fatalf("the reference has %d runs; it needs at least 5 seeds", len(ref.Runs))
	}
	var runs []pursuitStats
	for seed := uint64(1); seed <= 5; seed++ {
		runs = append(runs, runPursuit(t, seed, ref.Duration))
	}
	for _, stat := range []struct {
		name string
		get  func(pursuitStats) float64
	}{
		{"correlation of eye and object", func(s pursuitStats) float64 { return s.Corr }},
		{"std of the eye's position", func(s pursuitStats) float64 { return s.StdEye }},
		{"std of the object's position", func(s pursuitStats) float64 { return s.StdObject }},
		{"retina rate (Hz)", func(s pursuitStats) float64 { return s.RateRetina }},
		{"motoneuron rate (Hz)", func(s pursuitStats) float64 { return s.RateMotoneurons }},
	} {
		var b2, my []float64
		for _, r := range ref.Runs {
			b2 = append(b2, stat.get(r))
		}
		for _, r := range runs {
			my = append(my, stat.get(r))
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, v := range b2 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		sb, sm := stddev(b2), stddev(my)
		se := math.Sqrt(sb*sb/float64(len(b2)) + sm*sm/float64(len(my)))
		t.Logf("%s: myelin %.3f ± %.3f %v, Brian2 %.3f ± %.3f in [%.3f, %.3f]", stat.name, mean(my), sm, rounded(my), mean(b2), sb, lo, hi)
		if d := math.Abs(mean(my) - mean(b2)); d > 3*se {
			t.Errorf("%s: myelin's mean %.4g is %.2g from Brian2's %.4g, more than three standard errors (%.2g)", stat.name, mean(my), d, mean(b2), 3*se)
		}
		for k, v := range my {
			if v < lo-sb || v > hi+sb {
				t.Errorf("%s: seed %d gives %.4g, outside Brian2's spread [%.4g, %.4g] widened by %.2g", stat.name, runs[k].Seed, v, lo, hi, sb)
			}
		}
	}
	for _, r := range append(append([]pursuitStats(nil), runs...), ref.Runs...) {
		if r.Synapses != 20 {
			t.Errorf("seed %d: %d synapses from the retina, want 20 (one per retinal neuron)", r.Seed, r.Synapses)
		}
	}
}

func rounded(x []float64) []float64 {
	out := make([]float64, len(x))
	for k, v := range x {
		out[k] = math.Round(v*1000) / 1000
	}
	return out
}
