// Package stats computes the statistics by which myelin's random network
// models are compared with Brian2's: a network driven by random numbers
// cannot match Brian2 spike for spike (the two draw different streams), so
// it must match in distribution, over several seeds.
//
// Each function has a twin of the same definition in
// scripts/brian2/stats/common.py, which computes the same numbers from
// Brian2's recordings and writes them, per seed, to testdata/brian2/stats/:
//
//   - [Spikes]: mean rate, mean coefficient of variation of the inter-spike
//     intervals, fraction of silent neurons;
//   - [PopulationRate] and [Oscillation]: the frequency of the spectral peak
//     of the population rate (Welch's method);
//   - [Weights]: the histogram of final synaptic weights over gmax and its
//     tails.
//
// [Compare] decides whether myelin's values over its seeds lie within
// Brian2's spread. The tests of this package run the example models
// (examples/cuba.toml, cobahh.toml, brunel_hakim.toml, stdp.toml) and hold
// them to Brian2's statistics; TestTwins holds these functions to the
// Python ones on the same synthetic inputs.
package stats

import (
	"math"
	"sort"
)

// CVMinSpikes is the number of spikes a neuron needs (two intervals) for
// its ISIs to contribute a coefficient of variation.
const CVMinSpikes = 3

// SpikeStats are the statistics of one run's spikes.
type SpikeStats struct {
	Rate      float64 // mean firing rate over neurons and time, Hz
	CV        float64 // mean over neurons of std(ISI)/mean(ISI), std with ddof=0
	CVNeurons int     // neurons that contributed a CV (at least CVMinSpikes spikes)
	Silent    float64 // fraction of neurons that never fired
}

// Spikes computes [SpikeStats] from a spike monitor's indices and times
// (seconds) for n neurons recorded for duration seconds. Indices out of
// [0, n) are ignored.
func Spikes(i []int32, t []float64, n int, duration float64) SpikeStats {
	times := make([][]float64, n)
	total := 0
	for k, idx := range i {
		if idx < 0 || int(idx) >= n {
			continue
		}
		times[idx] = append(times[idx], t[k])
		total++
	}
	var s SpikeStats
	if n == 0 || duration <= 0 {
		return s
	}
	s.Rate = float64(total) / (float64(n) * duration)
	silent := 0
	cvSum := 0.0
	for _, ts := range times {
		if len(ts) == 0 {
			silent++
		}
		if len(ts) < CVMinSpikes {
			continue
		}
		sort.Float64s(ts)
		cvSum += cv(ts)
		s.CVNeurons++
	}
	s.Silent = float64(silent) / float64(n)
	if s.CVNeurons > 0 {
		s.CV = cvSum / float64(s.CVNeurons)
	}
	return s
}

// cv is the coefficient of variation of the intervals between sorted
// times: population standard deviation over mean.
func cv(ts []float64) float64 {
	m := len(ts) - 1
	mean := 0.0
	for k := 1; k < len(ts); k++ {
		mean += ts[k] - ts[k-1]
	}
	mean /= float64(m)
	v := 0.0
	for k := 1; k < len(ts); k++ {
		d := ts[k] - ts[k-1] - mean
		v += d * d
	}
	return math.Sqrt(v/float64(m)) / mean
}

// PopulationRate is the rate of n neurons per time step of dt (Hz) over
// duration, from spike times, as a PopulationRateMonitor records it.
func PopulationRate(t []float64, n int, dt, duration float64) []float64 {
	steps := int(math.Round(duration / dt))
	rate := make([]float64, steps)
	for _, x := range t {
		k := int(math.Round(x / dt))
		if k >= 0 && k < steps {
			rate[k] += 1 / (float64(n) * dt)
		}
	}
	return rate
}

// Spectrum says how [Oscillation] analyses a population rate. Its JSON
// names are those of the references' "spectrum" field.
type Spectrum struct {
	T0      float64 `json:"t0"`      // seconds skipped at the start (the transient)
	Segment float64 `json:"segment"` // length of Welch's segments, seconds
	FMin    float64 `json:"fmin"`    // the band searched for the peak, Hz
	FMax    float64 `json:"fmax"`
}

// Oscillation finds the frequency (Hz) of the spectral peak of a
// population rate sampled every dt seconds, by Welch's method: the rate
// from sp.T0 on is cut into segments of sp.Segment seconds overlapping by
// half; each has its mean removed and is multiplied by a symmetric Hann
// window; the squared magnitudes of their discrete Fourier transforms are
// summed. The peak is the largest bin between sp.FMin and sp.FMax, refined
// by the parabola through it and its two neighbours. peak is the power of
// that bin over the band's mean power. It returns zeros when the rate is
// too short for one segment.
func Oscillation(rate []float64, dt float64, sp Spectrum) (freq, peak float64) {
	start := int(math.Round(sp.T0 / dt))
	if start > len(rate) {
		return 0, 0
	}
	x := rate[start:]
	L := int(math.Round(sp.Segment / dt))
	if L < 4 || len(x) < L {
		return 0, 0
	}
	df := 1 / (float64(L) * dt)
	lo := int(math.Ceil(sp.FMin/df - 1e-9))
	hi := int(math.Floor(sp.FMax/df + 1e-9))
	if lo < 1 {
		lo = 1
	}
	if hi > L/2-1 {
		hi = L/2 - 1
	}
	if hi < lo {
		return 0, 0
	}
	// The bins lo-1 .. hi+1 are needed (the parabola's neighbours).
	psd := make([]float64, hi+2)
	w := make([]float64, L)
	for k := range w {
		w[k] = 0.5 - 0.5*math.Cos(2*math.Pi*float64(k)/float64(L-1))
	}
	seg := make([]float64, L)
	cos := make([]float64, L)
	sin := make([]float64, L)
	for k := range cos {
		sin[k], cos[k] = math.Sincos(2 * math.Pi * float64(k) / float64(L))
	}
	for s := 0; s+L <= len(x); s += L / 2 {
		mean := 0.0
		for _, v := range x[s : s+L] {
			mean += v
		}
		mean /= float64(L)
		for k := range seg {
			seg[k] = (x[s+k] - mean) * w[k]
		}
		for f := lo - 1; f <= hi+1; f++ {
			re, im := 0.0, 0.0
			idx := 0
			for _, v := range seg {
				re += v * cos[idx]
				im -= v * sin[idx]
				idx += f
				if idx >= L {
					idx -= L
				}
			}
			psd[f] += re*re + im*im
		}
	}
	best, sum := lo, 0.0
	for f := lo; f <= hi; f++ {
		sum += psd[f]
		if psd[f] > psd[best] {
			best = f
		}
	}
	a, b, c := psd[best-1], psd[best], psd[best+1]
	delta := 0.0
	if den := a - 2*b + c; den != 0 {
		delta = 0.5 * (a - c) / den
	}
	return (float64(best) + delta) * df, b / (sum / float64(hi-lo+1))
}

// Weight histogram: HistBins equal bins of w/gmax over [0, 1]; Low and High
// bound the tails.
const (
	HistBins = 20
	Low      = 0.1
	High     = 0.9
)

// WeightStats describe a distribution of synaptic weights.
type WeightStats struct {
	Hist  []float64 // fraction of the weights in each of HistBins bins of w/gmax
	Low   float64   // fraction with w/gmax < Low
	High  float64   // fraction with w/gmax >= High
	MeanW float64   // mean of w/gmax
}

// Weights computes [WeightStats] of weights w bounded by gmax. Like
// numpy.histogram, the last bin is closed, and values outside [0, 1] are
// left out of the histogram.
func Weights(w []float64, gmax float64) WeightStats {
	s := WeightStats{Hist: make([]float64, HistBins)}
	if len(w) == 0 {
		return s
	}
	n := float64(len(w))
	for _, v := range w {
		x := v / gmax
		s.MeanW += x
		if x < Low {
			s.Low++
		}
		if x >= High {
			s.High++
		}
		if x < 0 || x > 1 {
			continue
		}
		s.Hist[histBin(x)]++
	}
	for k := range s.Hist {
		s.Hist[k] /= n
	}
	s.Low /= n
	s.High /= n
	s.MeanW /= n
	return s
}

// histBin is the bin of x in [0, 1] as numpy.histogram(bins=HistBins,
// range=(0, 1)) computes it: from x*HistBins, then corrected against the
// edges of numpy.linspace(0, 1, HistBins+1) (k*(1/HistBins), the last one
// exactly 1), so that a value on an edge lands where numpy puts it.
func histBin(x float64) int {
	edge := func(k int) float64 {
		if k == HistBins {
			return 1
		}
		return float64(k) * (1.0 / HistBins)
	}
	k := int(x * HistBins)
	if k == HistBins {
		k--
	}
	if x < edge(k) {
		k--
	}
	if k != HistBins-1 && x >= edge(k+1) {
		k++
	}
	return k
}

// HistDistance is the L1 distance between two histograms of fractions
// (0 for equal ones, 2 for disjoint ones).
func HistDistance(a, b []float64) float64 {
	d := 0.0
	for k := range a {
		d += math.Abs(a[k] - b[k])
	}
	return d
}

// MeanHist is the bin-wise mean of histograms.
func MeanHist(hs [][]float64) []float64 {
	if len(hs) == 0 {
		return nil
	}
	m := make([]float64, len(hs[0]))
	for _, h := range hs {
		for k, v := range h {
			m[k] += v / float64(len(hs))
		}
	}
	return m
}
