package render

import (
	"errors"
	"fmt"
	"math"
)

// Window is a predefined smoothing window of SmoothRate.
type Window uint8

// The predefined windows of Brian2's PopulationRateMonitor.smooth_rate.
const (
	// Flat is a rectangular window: width rounded down to an odd number of
	// time steps, int(width/2/dt)*2 + 1.
	Flat Window = iota
	// Gaussian is a Gaussian of standard deviation width, cut at ±2·width
	// rounded to the nearest step (half to even, as numpy rounds): the
	// window has 2·round(2·width/dt) + 1 points.
	Gaussian
)

func (w Window) String() string {
	switch w {
	case Flat:
		return "flat"
	case Gaussian:
		return "gaussian"
	}
	return fmt.Sprintf("Window(%d)", uint8(w))
}

// SmoothingWindow returns the window Brian2's smooth_rate builds for a
// rate recorded every dt seconds, before normalisation: ones for Flat, the
// Gaussian exp(−k²/(2(width/dt)²)) for k = −m…m for Gaussian. width is in
// seconds.
func SmoothingWindow(kind Window, width, dt float64) ([]float64, error) {
	if !(dt > 0) || !finite(dt) {
		return nil, fmt.Errorf("render: smoothing needs a positive time step, not %v", dt)
	}
	if !(width > 0) || !finite(width) {
		return nil, fmt.Errorf("render: smoothing needs a positive window width, not %v", width)
	}
	switch kind {
	case Flat:
		n := width / 2 / dt
		if n > 1e8 {
			return nil, fmt.Errorf("render: a flat window of %v s is %.3g steps of %v s: too long", width, 2*n, dt)
		}
		w := make([]float64, int(n)*2+1)
		for k := range w {
			w[k] = 1
		}
		return w, nil
	case Gaussian:
		m := math.RoundToEven(2 * width / dt)
		if m > 1e8 {
			return nil, fmt.Errorf("render: a Gaussian window of %v s is %.3g steps of %v s: too long", width, 2*m, dt)
		}
		q := width / dt
		den := 2 * (q * q)
		w := make([]float64, 2*int(m)+1)
		for k := range w {
			j := k - int(m)
			w[k] = math.Exp(float64(-(j * j)) / den)
		}
		return w, nil
	}
	return nil, fmt.Errorf("render: unknown smoothing window %v", kind)
}

// SmoothRate returns rate (a population rate recorded every dt seconds)
// smoothed as Brian2's PopulationRateMonitor.smooth_rate(window, width)
// does: convolved with the window normalised to a sum of one, in numpy's
// 'same' mode (centred, the same length as rate, zeros beyond its ends, so
// the rate dips at both ends). Plot the result against the rate's own
// times.
//
// One difference: where the window is longer than the rate, numpy returns
// as many values as the window has; SmoothRate still returns len(rate),
// the values centred on the rate's samples (the middle of numpy's result).
func SmoothRate(rate []float64, dt float64, kind Window, width float64) ([]float64, error) {
	w, err := SmoothingWindow(kind, width, dt)
	if err != nil {
		return nil, err
	}
	return SmoothWith(nil, rate, w)
}

// SmoothWith is SmoothRate with a window of one's own, as smooth_rate
// accepts an array: it must have an odd number of values, and is
// normalised to a sum of one. The result is appended to dst[:0] (pass a
// previous result to reuse its memory; dst must not overlap rate).
func SmoothWith(dst, rate, window []float64) ([]float64, error) {
	if len(window)%2 != 1 {
		return nil, errors.New("render: a smoothing window needs an odd number of values")
	}
	sum := 0.0
	for _, v := range window {
		sum += v
	}
	if sum == 0 || !finite(sum) {
		return nil, fmt.Errorf("render: a smoothing window must have a finite, non-zero sum, not %v", sum)
	}
	// window * 1. / sum(window), as Brian2 writes it.
	norm := make([]float64, len(window))
	for k, v := range window {
		norm[k] = v * 1 / sum
	}
	h := len(window) / 2
	n := len(rate)
	dst = dst[:0]
	for i := 0; i < n; i++ {
		// out[i] = Σ_j rate[j]·norm[i−j+h], over the j where both exist.
		j0, j1 := max(0, i-h), min(n-1, i+h)
		acc := 0.0
		for j := j0; j <= j1; j++ {
			acc += rate[j] * norm[i-j+h]
		}
		dst = append(dst, acc)
	}
	return dst, nil
}
