package render

import (
	"math"
	"strconv"
	"strings"
)

// niceSteps are the mantissas of tick steps, as in matplotlib's
// MaxNLocator: 1, 2, 2.5 and 5 times a power of ten.
var niceSteps = []float64{1, 2, 2.5, 5, 10}

// NiceTicks returns the ticks between lo and hi, both included when they
// fall on a tick, spaced by the smallest "nice" step (1, 2, 2.5 or 5 times
// a power of ten; 1, 2 or 5 and at least 1 when integer is set) that gives
// at most maxTicks of them (maxTicks below 2 counts as 2; integer steps
// are whole numbers: 1, 2, 5, 10, 20, 25, 50 …). Each tick is an
// integer multiple of the step. It returns no ticks when lo and hi are not
// finite, hi ≤ lo, or the range is too narrow for float64 to resolve steps
// in (below 1e-12 of its magnitude).
func NiceTicks(lo, hi float64, maxTicks int, integer bool) (ticks []float64, step float64) {
	if !finite(lo) || !finite(hi) || !(hi > lo) {
		return nil, 0
	}
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	if hi/2-lo/2 < 0.5e-12*mag {
		return nil, 0
	}
	if maxTicks < 2 {
		maxTicks = 2
	}
	// hi/n - lo/n rather than (hi-lo)/n: hi-lo may overflow.
	raw := hi/float64(maxTicks-1) - lo/float64(maxTicks-1)
	if integer && raw < 1 {
		raw = 1
	}
	// A step a little below raw may still fit when the ticks fall well, so
	// the search starts a decade lower.
	e := int(math.Floor(math.Log10(raw))) - 1
	for try := 0; try < 4 && step == 0; try++ {
		base := pow10(e)
		for _, m := range niceSteps {
			s := m * base
			if integer && (s < 1 || s != math.Trunc(s)) {
				continue
			}
			if n := math.Floor(hi/s+1e-9) - math.Ceil(lo/s-1e-9) + 1; n <= float64(maxTicks) {
				step = s
				break
			}
		}
		e++
	}
	if step == 0 || math.IsInf(step, 0) {
		return nil, 0
	}
	k0, k1 := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	for k := k0; k <= k1; k++ {
		v := k * step
		if v == 0 {
			v = 0 // no -0
		}
		ticks = append(ticks, v)
	}
	return ticks, step
}

// FormatTicks writes tick values spaced by step with as many decimals as
// the step needs, the same for all ("0.0", "0.5", "1.0"; "−70", "−60"),
// with a true minus sign (U+2212).
func FormatTicks(ticks []float64, step float64) []string {
	d := decimals(step)
	out := make([]string, len(ticks))
	for k, v := range ticks {
		out[k] = formatFixed(v, d)
	}
	return out
}

// decimals returns how many decimals show multiples of step exactly.
func decimals(step float64) int {
	step = math.Abs(step)
	if !(step > 0) || math.IsInf(step, 0) {
		return 0
	}
	for d := 0; d < 15; d++ {
		s := step * math.Pow(10, float64(d))
		if math.Abs(s-math.Round(s)) < 1e-6*s {
			return d
		}
	}
	return 15
}

// formatFixed writes v with d decimals and a true minus sign, never "−0".
func formatFixed(v float64, d int) string {
	s := strconv.FormatFloat(v, 'f', d, 64)
	if strings.HasPrefix(s, "-") {
		if strings.Trim(s[1:], "0.") == "" {
			return s[1:]
		}
		return "−" + s[1:]
	}
	return s
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
