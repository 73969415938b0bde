package stats

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// twins is testdata/brian2/stats/twins.json, written by
// scripts/brian2/stats/twins.py: what common.py's statistics give for fixed
// synthetic inputs.
type twins struct {
	Spikes struct {
		N        int       `json:"n"`
		Duration float64   `json:"duration"`
		I        []int32   `json:"i"`
		T        []float64 `json:"t"`
		Stats    struct {
			Rate      float64 `json:"rate"`
			CV        float64 `json:"cv"`
			CVNeurons int     `json:"cv_neurons"`
			Silent    float64 `json:"silent"`
		} `json:"stats"`
		RateSum float64 `json:"rate_sum"`
		RateMax float64 `json:"rate_max"`
	} `json:"spikes"`
	Oscillation struct {
		Dt       float64  `json:"dt"`
		Duration float64  `json:"duration"`
		Spectrum Spectrum `json:"spectrum"`
		Freq     float64  `json:"freq"`
		Peak     float64  `json:"peak"`
	} `json:"oscillation"`
	Weights struct {
		N     int     `json:"n"`
		Gmax  float64 `json:"gmax"`
		Stats struct {
			Hist  []float64 `json:"hist"`
			Low   float64   `json:"low"`
			High  float64   `json:"high"`
			MeanW float64   `json:"mean_w"`
		} `json:"stats"`
	} `json:"weights"`
}

// rateFormula and weightsFormula are twins.py's synthetic inputs.
func rateFormula(steps int, dt float64) []float64 {
	r := make([]float64, steps)
	for k := range r {
		x := float64(k) * dt
		r[k] = 100 + 40*math.Sin(2*math.Pi*147*x) + 25*math.Sin(2*math.Pi*60*x) + float64((k*7919)%101-50)*0.8
	}
	return r
}

func weightsFormula(n int, gmax float64) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = gmax * math.Min(math.Max(float64((k*37)%113)/100-0.05, 0), 1)
	}
	return w
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// TestTwins holds the Go statistics to the definitions of
// scripts/brian2/stats/common.py, on the same inputs.
func TestTwins(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(refDir(t), "twins.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tw twins
	if err := json.Unmarshal(b, &tw); err != nil {
		t.Fatal(err)
	}

	sp := tw.Spikes
	got := Spikes(sp.I, sp.T, sp.N, sp.Duration)
	want := sp.Stats
	if !near(got.Rate, want.Rate) || !near(got.CV, want.CV) || got.CVNeurons != want.CVNeurons || !near(got.Silent, want.Silent) {
		t.Errorf("Spikes = %+v, common.spike_stats = %+v", got, want)
	}
	rate := PopulationRate(sp.T, sp.N, 1e-4, sp.Duration)
	sum, max := 0.0, 0.0
	for _, r := range rate {
		sum += r
		max = math.Max(max, r)
	}
	if !near(sum, sp.RateSum) || !near(max, sp.RateMax) {
		t.Errorf("PopulationRate: sum %g max %g, common.population_rate: sum %g max %g", sum, max, sp.RateSum, sp.RateMax)
	}

	osc := tw.Oscillation
	r := rateFormula(int(math.Round(osc.Duration/osc.Dt)), osc.Dt)
	freq, peak := Oscillation(r, osc.Dt, osc.Spectrum)
	// The DFTs are summed in different orders (numpy's FFT, a direct sum
	// here): equal to rounding.
	if math.Abs(freq-osc.Freq) > 1e-6 || math.Abs(peak-osc.Peak) > 1e-6*osc.Peak {
		t.Errorf("Oscillation = %.9g Hz (peak %.9g), common.oscillation = %.9g Hz (peak %.9g)", freq, peak, osc.Freq, osc.Peak)
	}
	if math.Abs(freq-147) > 1 {
		t.Errorf("Oscillation found %g Hz in a 147 Hz sine", freq)
	}

	ws := tw.Weights
	wst := Weights(weightsFormula(ws.N, ws.Gmax), ws.Gmax)
	if !near(wst.Low, ws.Stats.Low) || !near(wst.High, ws.Stats.High) || !near(wst.MeanW, ws.Stats.MeanW) {
		t.Errorf("Weights = %+v, common.weight_stats = %+v", wst, ws.Stats)
	}
	if len(wst.Hist) != len(ws.Stats.Hist) {
		t.Fatalf("Weights: %d bins, common.weight_stats: %d", len(wst.Hist), len(ws.Stats.Hist))
	}
	for k := range wst.Hist {
		if !near(wst.Hist[k], ws.Stats.Hist[k]) {
			t.Errorf("Weights bin %d = %g, common.weight_stats: %g", k, wst.Hist[k], ws.Stats.Hist[k])
		}
	}
}
