package units

import (
	"math"
	"strconv"
	"strings"
)

// String returns q as Brian2's str() prints it: the value in the best display
// unit for its dimension, formatted as numpy formats a float ("-65. mV",
// "20. ms", "0.5 mM", "1.e-06 yV"). The best unit is the one that brings the
// value closest to 10 on a logarithmic scale, among the prefixed units Brian2
// registers for display (no c, d, da or h prefixes). A dimension without a
// registered unit prints in SI base units with Brian2's plain dimension
// display ("1. m^-2 A").
//
// Brian2 prints infinities in the largest unit of their dimension ("inf
// YV"); myelin prints them in the unprefixed unit ("inf V").
func (q Quantity) String() string {
	if q.Dim.IsDimensionless() {
		return FormatFloat(q.Value)
	}
	u, ok := bestUnit(q)
	if !ok {
		return FormatFloat(q.Value) + " " + q.Dim.Basic()
	}
	return FormatFloat(q.Value/u.value) + " " + u.disp
}

// bestUnit picks the display unit for q, as Brian2's UnitRegistry does.
func bestUnit(q Quantity) (displayUnit, bool) {
	units := display[q.Dim]
	if len(units) == 0 {
		return displayUnit{}, false
	}
	x := math.Abs(q.Value)
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		for _, u := range units {
			if u.value == 1 {
				return u, true
			}
		}
		return units[0], true
	}
	best, bestDev := units[0], math.Inf(1)
	for _, u := range units {
		dev := math.Log10(x/u.value) - 1
		dev *= dev
		if dev < bestDev {
			best, bestDev = u, dev
		}
	}
	return best, true
}

// FormatFloat formats v as numpy prints a float in an array with its default
// print options (precision 8): positional ("65.", "0.33333333", "123.456")
// unless |v| is at least 1e8 or below 1e-4, then scientific ("1.e-05",
// "1.5e+08"). Trailing zeros are trimmed but the point stays.
func FormatFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	a := math.Abs(v)
	if a != 0 && (a >= 1e8 || a < 1e-4) {
		return formatScientific(v)
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if dot := strings.IndexByte(s, '.'); dot >= 0 && len(s)-dot-1 > 8 {
		s = strings.TrimRight(strconv.FormatFloat(v, 'f', 8, 64), "0")
	}
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

func formatScientific(v float64) string {
	s := strconv.FormatFloat(v, 'e', -1, 64)
	e := strings.IndexByte(s, 'e')
	mant, exp := s[:e], s[e:]
	if dot := strings.IndexByte(mant, '.'); dot >= 0 && len(mant)-dot-1 > 8 {
		s = strconv.FormatFloat(v, 'e', 8, 64)
		e = strings.IndexByte(s, 'e')
		mant, exp = strings.TrimRight(s[:e], "0"), s[e:]
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	return mant + exp
}
