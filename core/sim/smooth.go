package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/core/fmath"
)

// Window is a predefined window of Brian2's
// PopulationRateMonitor.smooth_rate.
type Window uint8

const (
	// FlatWindow is a rectangle of int(width/2/dt)*2 + 1 samples: width
	// rounded down to an odd number of steps.
	FlatWindow Window = iota
	// GaussianWindow is exp(-k²/(2(width/dt)²)) for k = -m … m, with
	// m = round(2*width/dt) (half to even): width is the standard
	// deviation, the window spans about 4*width + dt.
	GaussianWindow
)

func (w Window) String() string {
	switch w {
	case FlatWindow:
		return "flat"
	case GaussianWindow:
		return "gaussian"
	}
	return fmt.Sprintf("Window(%d)", uint8(w))
}

// ParseWindow returns the window Brian2 calls name ("flat", "gaussian").
func ParseWindow(name string) (Window, error) {
	switch name {
	case "flat":
		return FlatWindow, nil
	case "gaussian":
		return GaussianWindow, nil
	}
	return 0, fmt.Errorf("unknown pre-defined window \"%s\" (flat or gaussian)", name)
}

// maxWindow bounds a window's length, so that a mistyped width cannot
// allocate gigabytes.
const maxWindow = 1 << 26

// SmoothingWindow returns the window smooth_rate builds, before it is
// normalised, for a rate recorded every dt seconds; width is in seconds.
func SmoothingWindow(w Window, width, dt float64) ([]float64, error) {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("smoothing needs a positive time step, not %v s", dt)
	}
	if !(width > 0) || math.IsInf(width, 0) {
		return nil, fmt.Errorf("smoothing needs a positive window width, not %v s", width)
	}
	switch w {
	case FlatWindow:
		half := math.Trunc(width / 2 / dt)
		if half > maxWindow/2 {
			return nil, fmt.Errorf("a flat window of %v s is %.3g steps of %v s: too long", width, 2*half, dt)
		}
		out := make([]float64, int(half)*2+1)
		for k := range out {
			out[k] = 1
		}
		return out, nil
	case GaussianWindow:
		m := math.RoundToEven(2 * width / dt)
		if m > maxWindow/2 {
			return nil, fmt.Errorf("a Gaussian window of %v s is %.3g steps of %v s: too long", width, 2*m, dt)
		}
		q := width / dt
		den := 2 * (q * q)
		mi := int(m)
		out := make([]float64, 2*mi+1)
		for k := range out {
			j := k - mi
			// -arange(-m, m+1)**2 * 1. / (2*(width/dt)**2), as Brian2 writes it.
			out[k] = fmath.Exp(float64(-(j * j)) * 1 / den)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unknown smoothing window %v", w)
}

// SmoothRate returns rate (a population rate recorded every dt seconds)
// smoothed as Brian2's smooth_rate(window, width): convolved, with numpy's
// convolve in 'same' mode, with the window normalised to a sum of one. The
// result is centred on the rate's samples, with zeros beyond the ends of
// the recording (so it dips there). Like numpy, it has max(len(rate),
// len(window)) values: more than the rate when the window is longer than
// the recording.
func SmoothRate(rate []float64, dt float64, w Window, width float64) ([]float64, error) {
	win, err := SmoothingWindow(w, width, dt)
	if err != nil {
		return nil, err
	}
	return SmoothRateWith(rate, win)
}

// SmoothRateWith is SmoothRate with a window of one's own (smooth_rate with
// an array): an odd number of values, normalised to a sum of one.
func SmoothRateWith(rate, window []float64) ([]float64, error) {
	if len(window)%2 != 1 {
		return nil, errors.New("a smoothing window needs an odd number of values")
	}
	sum := 0.0
	for _, v := range window {
		sum += v
	}
	if sum == 0 || math.IsNaN(sum) || math.IsInf(sum, 0) {
		return nil, fmt.Errorf("a smoothing window must have a finite, non-zero sum, not %v", sum)
	}
	norm := make([]float64, len(window))
	for k, v := range window {
		norm[k] = v * 1 / sum
	}
	return convolveSame(rate, norm), nil
}

// convolveSame is numpy.convolve(a, v, mode='same'): the full convolution
// c[m] = Σ_j a[j]·v[m-j], from index (min(len a, len v) - 1)/2 on, as many
// values as the longer of the two.
func convolveSame(a, v []float64) []float64 {
	na, nv := len(a), len(v)
	if na == 0 || nv == 0 {
		return nil
	}
	off := (min(na, nv) - 1) / 2
	out := make([]float64, max(na, nv))
	for k := range out {
		m := off + k
		j0, j1 := max(0, m-nv+1), min(na-1, m)
		acc := 0.0
		for j := j0; j <= j1; j++ {
			acc += float64(a[j] * v[m-j])
		}
		out[k] = acc
	}
	return out
}

// SmoothRate returns the recorded rate smoothed as Brian2's
// smooth_rate(window, width) (see [SmoothRate]).
func (m *PopulationRateMonitor) SmoothRate(w Window, width float64) ([]float64, error) {
	return SmoothRate(m.Rate, m.dt, w, width)
}
