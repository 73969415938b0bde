package stats

import (
	"fmt"
	"testing"
)

// TestSTDP: examples/stdp.toml against Brian2's examples/synapses/STDP.py
// (scripts/brian2/stats/stdp.py): the final weights and the output rate
// after 100 s, as Brian2's example runs (the weights need that long to
// part). It is the slowest of these tests (some 70 s of CPU for five seeds,
// 10^6 steps each), so -short skips it; make test runs it.
func TestSTDP(t *testing.T) {
	if testing.Short() {
		t.Skip("100 s of simulated time for five seeds; run without -short")
	}
	t.Parallel()
	ref := reference(t, "stdp")
	const gmax = 0.01
	got, hists := perSeed(t, seeds(5), func(t *testing.T, seed uint64) record {
		b := runExample(t, "stdp.toml", seed, ref.Duration)
		w, err := b.Synapses["S"].Values("w")
		if err != nil {
			t.Fatal(err)
		}
		ws := Weights(w, gmax)
		_, tt := spikeMonitor(t, b, "out")
		last := 0
		for _, x := range tt {
			if x >= 0.8*ref.Duration {
				last++
			}
		}
		return record{hist: ws.Hist, vals: map[string]float64{
			"low": ws.Low, "high": ws.High, "mean_w": ws.MeanW,
			"out_rate":      float64(len(tt)) / ref.Duration,
			"out_rate_last": float64(last) / (0.2 * ref.Duration),
		}}
	})
	check(t, ref, got, "low", "high", "mean_w", "out_rate", "out_rate_last")

	// The histograms: a myelin seed should be as close to Brian2's mean
	// histogram as a Brian2 seed is to the mean of the other Brian2 seeds.
	refHists, err := ref.Hists("hist")
	if err != nil {
		t.Fatal(err)
	}
	var loo []float64
	for k := range refHists {
		others := append(append([][]float64{}, refHists[:k]...), refHists[k+1:]...)
		loo = append(loo, HistDistance(refHists[k], MeanHist(others)))
	}
	mean := MeanHist(refHists)
	var dist []float64
	for _, h := range hists {
		dist = append(dist, HistDistance(h, mean))
	}
	v := Compare(loo, dist)
	// Only a distance larger than Brian2's own is a failure.
	if v.Got.Mean > v.Hi {
		t.Errorf("stdp weight histograms: L1 distance to Brian2's mean histogram %v", v)
	} else {
		t.Logf("stdp weight histograms: L1 distance to Brian2's mean histogram %v", v)
	}
	t.Logf("stdp w/gmax histogram, Brian2 mean: %s", fmtHist(mean))
	t.Logf("stdp w/gmax histogram, myelin mean: %s", fmtHist(MeanHist(hists)))
	// Bimodal: both end bins hold more than the mean of the middle ones,
	// in Brian2 (else the reference is not the expected outcome) and in
	// myelin.
	for who, h := range map[string][]float64{"Brian2": mean, "myelin": MeanHist(hists)} {
		mid := 0.0
		for _, x := range h[1 : len(h)-1] {
			mid += x / float64(len(h)-2)
		}
		if h[0] <= 2*mid || h[len(h)-1] <= 2*mid {
			t.Errorf("%s's final weights are not bimodal: end bins %.3g and %.3g, middle bins %.3g on average", who, h[0], h[len(h)-1], mid)
		}
	}
}

func fmtHist(h []float64) string {
	s := ""
	for _, x := range h {
		s += fmt.Sprintf(" %.3f", x)
	}
	return s
}
