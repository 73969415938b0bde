package render

import (
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

func TestNiceTicks(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		lo, hi   float64
		max      int
		integer  bool
		want     string // labels joined by spaces
		wantStep float64
	}{
		{0, 1, 6, false, "0.0 0.2 0.4 0.6 0.8 1.0", 0.2},
		{0, 1, 5, false, "0.00 0.25 0.50 0.75 1.00", 0.25},
		{0, 1, 3, false, "0.0 0.5 1.0", 0.5},
		{0, 1, 2, false, "0 1", 1},
		{0, 1, 1, false, "0 1", 1}, // fewer than 2 counts as 2
		{0, 200, 9, false, "0 25 50 75 100 125 150 175 200", 25},
		{0, 200, 8, false, "0 50 100 150 200", 50},
		{-72.5, -47.5, 5, false, "−70 −65 −60 −55 −50", 5},
		{-72.5, -47.5, 4, false, "−70 −60 −50", 10},
		{-80, 40, 7, false, "−80 −60 −40 −20 0 20 40", 20},
		{-0.5, 99.5, 5, true, "0 20 40 60 80", 20},
		{-0.5, 99.5, 4, true, "0 25 50 75", 25},
		{-0.5, 9.5, 20, true, "0 1 2 3 4 5 6 7 8 9", 1},
		{-0.5, 0.5, 5, true, "0", 1}, // one neuron: whole steps only
		// Ticks that fall well allow a step below range/(max-1).
		{0.5, 4.5, 4, false, "1 2 3 4", 1},
		// Tiny and huge ranges.
		{1e-12, 5e-12, 5, false, "0.000000000001 0.000000000002 0.000000000003 0.000000000004 0.000000000005", 1e-12},
		{0, 3e15, 4, false, "0 1000000000000000 2000000000000000 3000000000000000", 1e15},
		{-1e308, 1e308, 3, false, "", 0}, // checked separately: no overflow
		// Narrow ranges far from zero.
		{1000, 1000.001, 3, false, "1000.0000 1000.0005 1000.0010", 0.0005},
		// Nothing to tick.
		{1, 1, 5, false, "", 0},
		{2, 1, 5, false, "", 0},
		{nan, 1, 5, false, "", 0},
		{0, inf, 5, false, "", 0},
		{1, 1 + 1e-15, 5, false, "", 0}, // below float64's resolution
	}
	for _, tc := range tests {
		ticks, step := NiceTicks(tc.lo, tc.hi, tc.max, tc.integer)
		if tc.lo == -1e308 {
			if len(ticks) < 2 || math.IsInf(step, 0) || ticks[0] < tc.lo || ticks[len(ticks)-1] > tc.hi {
				t.Errorf("NiceTicks(%g, %g) = %v, step %g", tc.lo, tc.hi, ticks, step)
			}
			continue
		}
		got := strings.Join(FormatTicks(ticks, step), " ")
		if got != tc.want || math.Abs(step-tc.wantStep) > 1e-9*tc.wantStep {
			t.Errorf("NiceTicks(%g, %g, %d, %v) = %q step %g, want %q step %g", tc.lo, tc.hi, tc.max, tc.integer, got, step, tc.want, tc.wantStep)
		}
		if len(ticks) > max(tc.max, 2) {
			t.Errorf("NiceTicks(%g, %g, %d) gave %d ticks", tc.lo, tc.hi, tc.max, len(ticks))
		}
		for _, v := range ticks {
			if v < tc.lo-1e-9*math.Abs(tc.lo) || v > tc.hi+1e-9*math.Abs(tc.hi) {
				t.Errorf("NiceTicks(%g, %g): tick %g outside the range", tc.lo, tc.hi, v)
			}
		}
	}
}

func TestFormatFixed(t *testing.T) {
	tests := []struct {
		v    float64
		d    int
		want string
	}{
		{0, 0, "0"},
		{math.Copysign(0, -1), 1, "0.0"},
		{-0.001, 2, "0.00"}, // rounds to zero: no minus sign
		{-70, 0, "−70"},
		{0.30000000000000004, 1, "0.3"},
		{2.5, 1, "2.5"},
	}
	for _, tc := range tests {
		if got := formatFixed(tc.v, tc.d); got != tc.want {
			t.Errorf("formatFixed(%v, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}

// TestAxisTicks runs whole axes: data range to limits, unit, label and
// tick labels, including data with NaN and Inf in it.
func TestAxisTicks(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name  string
		axis  Axis
		data  []float64
		px    float64 // axis length
		label string
		ticks string
	}{
		{"membrane potential", Axis{Label: "v", Dim: units.DimVoltage},
			[]float64{-0.07, -0.05, nan, 0.02}, 200, "v (mV)", "−60 −40 −20 0 20"},
		{"NaN and Inf ignored", Axis{Label: "v", Dim: units.DimVoltage},
			[]float64{nan, -0.07, inf, -0.05, -inf}, 200, "v (mV)", "−70 −65 −60 −55 −50"},
		{"time in ms", Axis{Label: "time", Dim: units.DimTime, Limits: FixedLimits(0, 0.1)},
			nil, 500, "time (ms)", "0 20 40 60 80 100"},
		{"long time in s", Axis{Label: "time", Dim: units.DimTime, Limits: FixedLimits(0, 100)},
			nil, 500, "time (s)", "0 20 40 60 80 100"},
		{"short time in µs", Axis{Label: "time", Dim: units.DimTime, Limits: FixedLimits(0, 50e-6)},
			nil, 500, "time (µs)", "0 10 20 30 40 50"},
		{"current in pA", Axis{Label: "I", Dim: units.DimCurrent},
			[]float64{0, 2e-10}, 200, "I (pA)", "0 50 100 150 200"},
		{"rate in Hz from zero", Axis{Label: "rate", Dim: units.DimFrequency},
			[]float64{0, 500}, 200, "rate (Hz)", "0 100 200 300 400 500"},
		{"explicit unit", Axis{Label: "I", Dim: units.DimCurrent, Unit: "nA"},
			[]float64{0, 2e-10}, 200, "I (nA)", "0.00 0.05 0.10 0.15 0.20"},
		{"unit of another dimension is ignored", Axis{Label: "I", Dim: units.DimCurrent, Unit: "mV"},
			[]float64{0, 2e-10}, 200, "I (pA)", "0 50 100 150 200"},
		{"conductance density", Axis{Label: "g", Dim: units.DimConductance.Div(units.DimLength.Mul(units.DimLength))},
			[]float64{0, 5}, 200, "g (siemens/meter**2)", "0 1 2 3 4 5"},
		{"count with a power of ten", Axis{Label: "count", Integer: true},
			[]float64{0, 3e7}, 200, "count (×10^6)", "0 10 20 30"},
		{"single value", Axis{Label: "v", Dim: units.DimVoltage},
			[]float64{-0.065, -0.065}, 200, "v (mV)", "−68 −66 −64 −62"},
		{"zero-width at zero", Axis{Label: "x"},
			[]float64{0, 0}, 200, "x", "−1.0 −0.5 0.0 0.5 1.0"},
		{"no data", Axis{Label: "x"}, nil, 200, "x", "0.0 0.2 0.4 0.6 0.8 1.0"},
		{"inverted fixed limits", Axis{Label: "x", Limits: FixedLimits(1, 0)}, nil, 200, "x", "0.0 0.2 0.4 0.6 0.8 1.0"},
		{"scrolling", Axis{Label: "time", Dim: units.DimTime, Limits: Limits{Mode: Scroll, Window: 0.5, Now: 12.25}},
			nil, 500, "time (s)", "11.8 11.9 12.0 12.1 12.2"},
		{"scrolling before the window fills", Axis{Label: "time", Dim: units.DimTime, Limits: Limits{Mode: Scroll, Window: 0.5, Now: 0.1}},
			nil, 500, "time (ms)", "0 100 200 300 400 500"},
		{"growing", Axis{Label: "time", Dim: units.DimTime, Limits: Limits{Mode: Grow, Window: 0.1, Now: 0.35}},
			nil, 500, "time (ms)", "0 100 200 300"},
	}
	for _, tc := range tests {
		box := emptyBox
		for _, v := range tc.data {
			box.addY(v)
		}
		lo, hi := tc.axis.resolve(box.YMin, box.YMax)
		var s scale
		s.init(&tc.axis, lo, hi)
		horizontal := tc.px > 300
		spacing := 38.0
		if horizontal {
			spacing = 90
		}
		s.fitTicks(&tc.axis, tc.px, spacing, 12, 12, horizontal)
		if s.label != tc.label {
			t.Errorf("%s: label %q, want %q", tc.name, s.label, tc.label)
		}
		if tc.ticks == "" {
			continue
		}
		if got := strings.Join(s.labels, " "); got != tc.ticks {
			t.Errorf("%s: limits %g…%g, ticks %q, want %q", tc.name, lo, hi, got, tc.ticks)
		}
	}
}
