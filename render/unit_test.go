package render

import (
	"math"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

func TestBestUnit(t *testing.T) {
	// The expected units are what Brian2 2.5.1's Quantity.get_best_unit()
	// returns for these arrays (printed with /usr/bin/python3), in the
	// symbols a label shows (µ for u, ² for ^2).
	nan, inf := math.NaN(), math.Inf(1)
	molar := units.Dim{units.Length: -6, units.Amount: 2}
	tests := []struct {
		d      units.Dim
		values []float64
		sym    string
		scale  float64
	}{
		{units.DimVoltage, []float64{-0.07}, "mV", 1e-3},
		{units.DimTime, []float64{0.02}, "ms", 1e-3},
		{units.DimCurrent, []float64{2e-10}, "pA", 1e-12},
		{units.DimVoltage, []float64{-0.08, 0.04}, "mV", 1e-3},
		{units.DimConductance, []float64{0, 5e-9}, "nS", 1e-9},
		{units.DimFrequency, []float64{500}, "kHz", 1e3},
		{units.DimFrequency, []float64{0.5}, "Hz", 1},
		{units.DimCurrent, []float64{1e-12, 1e-6}, "nA", 1e-9},
		{units.DimVoltage, []float64{0, 0}, "V", 1},
		{units.DimVoltage, nil, "V", 1},
		{units.DimVoltage, []float64{nan, inf, -0.07}, "mV", 1e-3},
		{units.DimLength, []float64{3e-6}, "µm", 1e-6},
		{units.DimLength.Mul(units.DimLength), []float64{1e-10}, "µm²", 1e-12},
		{units.DimMass, []float64{2.5e-3}, "g", 1e-3},
		{units.DimCapacitance, []float64{1e-11}, "pF", 1e-12},
		{units.DimResistance, []float64{1e8}, "Mohm", 1e6},
		{molar, []float64{1e-3}, "µM", 1e-3},
		{units.Dimensionless, []float64{1e6}, "", 1},
	}
	for _, tc := range tests {
		u := BestUnit(tc.d, tc.values...)
		if u.Symbol != tc.sym || math.Abs(u.Scale-tc.scale) > 1e-9*tc.scale {
			t.Errorf("BestUnit(%v, %v) = %+v, want %s (%g)", tc.d, tc.values, u, tc.sym, tc.scale)
		}
	}
}

func TestAxisUnit(t *testing.T) {
	// brian2tools plots time in ms and rates in Hz whatever the data; the
	// rest follows get_best_unit of the two limits.
	tests := []struct {
		d      units.Dim
		lo, hi float64
		sym    string
	}{
		{units.DimTime, 0, 0.02, "ms"},
		{units.DimTime, 0, 1, "ms"},
		{units.DimTime, 0, 9.99, "ms"},
		{units.DimTime, 0, 10, "s"},
		{units.DimTime, 99, 100, "s"},
		{units.DimTime, 0, 5e-4, "ms"}, // get_best_unit: 0.5 ms
		{units.DimTime, 0, 5e-5, "µs"},
		{units.DimTime, 0, 0, "ms"},
		{units.DimFrequency, 0, 500, "Hz"},
		{units.DimFrequency, 0, 0.5, "Hz"},
		{units.DimFrequency, 0, 2e4, "kHz"},
		{units.DimVoltage, -0.08, 0.04, "mV"},
		{units.DimCurrent, 0, 2e-10, "pA"},
	}
	for _, tc := range tests {
		if u := axisUnit(tc.d, tc.lo, tc.hi); u.Symbol != tc.sym {
			t.Errorf("axisUnit(%v, %g, %g) = %q, want %q", tc.d, tc.lo, tc.hi, u.Symbol, tc.sym)
		}
	}
}

func TestLookupUnit(t *testing.T) {
	area := units.DimLength.Mul(units.DimLength)
	tests := []struct {
		d     units.Dim
		sym   string
		ok    bool
		scale float64
	}{
		{units.DimVoltage, "mV", true, 1e-3},
		{units.DimVoltage, "mvolt", true, 1e-3},
		{units.DimTime, "us", true, 1e-6},
		{units.DimTime, "µs", true, 1e-6},
		{units.DimCurrent, "fA", true, 1e-15},
		{area, "um^2", true, 1e-12},
		{area, "µm²", true, 1e-12},
		{area, "um2", true, 1e-12},
		{units.DimVoltage, "ms", false, 0},
		{units.DimVoltage, "", false, 0},
		{units.DimVoltage, "furlong", false, 0},
		{units.Dimensionless, "", true, 1},
	}
	for _, tc := range tests {
		u, ok := LookupUnit(tc.d, tc.sym)
		if ok != tc.ok || ok && math.Abs(u.Scale-tc.scale) > 1e-9*tc.scale {
			t.Errorf("LookupUnit(%v, %q) = %+v, %v; want scale %g, %v", tc.d, tc.sym, u, ok, tc.scale, tc.ok)
		}
	}
}

func TestAxisLabel(t *testing.T) {
	tests := []struct {
		name, unit string
		mult       int
		want       string
	}{
		{"v", "mV", 0, "v (mV)"},
		{"neuron index", "", 0, "neuron index"},
		{"count", "", 6, "count (×10^6)"},
		{"j", "amp/meter**2", -6, "j (×10^-6 amp/meter**2)"},
		{"", "ms", 0, "ms"},
	}
	for _, tc := range tests {
		if got := axisLabel(tc.name, tc.unit, tc.mult); got != tc.want {
			t.Errorf("axisLabel(%q, %q, %d) = %q, want %q", tc.name, tc.unit, tc.mult, got, tc.want)
		}
	}
}
