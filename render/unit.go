package render

import (
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/myelin-sim/myelin/units"
)

// DisplayUnit is the unit an axis shows its values in: a value v in SI
// base units is shown as v/Scale, and the axis label ends in "(Symbol)".
type DisplayUnit struct {
	Symbol string  // as printed: "mV", "ms", "µm²", "Hz"; "" for pure numbers
	Scale  float64 // the value of one Symbol in SI base units
}

// unitSet is the display units of one dimension, with Brian2's own
// spelling of each symbol ("um^2") beside the printed one ("µm²").
type unitSet struct {
	units []DisplayUnit
	raw   []string
}

// candidates caches the unitSet of each dimension.
var candidates sync.Map // units.Dim → *unitSet

// displayUnits returns the units Brian2 chooses among when it prints a
// quantity of dimension d (its standard display register: every SI prefix
// but c, d, da and h), smallest first. A dimension with no registered unit
// has one, its coherent SI unit, shown as units.Dim.String writes it
// ("amp/meter**2"; Brian2 would print "m^-2 A").
//
// The units package keeps the register private; this reads it through
// Quantity.String, which prints 10 units of u as "10. u" exactly when u is
// in the register. (It could move into units as an exported
// DisplayUnits(d).)
func displayUnits(d units.Dim) *unitSet {
	if c, ok := candidates.Load(d); ok {
		return c.(*unitSet)
	}
	set := &unitSet{}
	if d.IsDimensionless() {
		set.units, set.raw = []DisplayUnit{{Symbol: "", Scale: 1}}, []string{""}
	} else {
		for e := -30; e <= 30; e++ {
			scale := pow10(e)
			s := units.Quantity{Value: 10 * scale, Dim: d}.String()
			num, sym, ok := strings.Cut(s, " ")
			if !ok {
				continue
			}
			v, err := strconv.ParseFloat(num, 64)
			if err != nil || math.Abs(v-10) > 1e-6 {
				continue
			}
			set.units = append(set.units, DisplayUnit{Symbol: sym, Scale: scale})
			set.raw = append(set.raw, sym)
		}
		if len(set.units) <= 1 {
			// No registered unit: Brian2 prints base units ("m^-4 kg^-1 s^3
			// A^2"); a label reads better in the form users write
			// ("siemens/meter**2").
			set.units, set.raw = []DisplayUnit{{Symbol: d.String(), Scale: 1}}, []string{d.Basic()}
		} else {
			for k := range set.units {
				set.units[k].Symbol = prettySymbol(set.raw[k], set.raw)
			}
		}
	}
	candidates.Store(d, set)
	return set
}

// prettySymbol writes Brian2's display symbol sym of a unit for a label:
// the micro prefix as µ rather than u ("µm" for "um", because "m" is
// another of the units in all), and squares and cubes as superscripts
// ("µm²").
func prettySymbol(sym string, all []string) string {
	if rest, ok := strings.CutPrefix(sym, "u"); ok {
		for _, a := range all {
			if a == rest {
				sym = "µ" + rest
				break
			}
		}
	}
	if !strings.Contains(sym, " ") {
		sym = strings.Replace(sym, "^2", "²", 1)
		sym = strings.Replace(sym, "^3", "³", 1)
	}
	return sym
}

// pow10 returns 10**e correctly rounded.
func pow10(e int) float64 {
	v, _ := strconv.ParseFloat("1e"+strconv.Itoa(e), 64)
	return v
}

// BestUnit returns the unit Brian2's Quantity.get_best_unit picks for the
// values of dimension d (in SI base units): among the units Brian2 prints
// that dimension in, the one that makes the values closest to 10 on a
// logarithmic scale, minimising the sum over the values of
// (log10(|v|/unit) − 1)². Zeros, NaNs and infinities are ignored; when
// nothing is left the unprefixed unit is chosen. Pure numbers have no unit
// (Symbol "", Scale 1).
//
// The sum is a quadratic in log10(unit), so its minimum lies at the unit
// nearest to the mean of log10|v| minus one: BestUnit takes one logarithm
// per value and no more.
func BestUnit(d units.Dim, values ...float64) DisplayUnit {
	cands := displayUnits(d).units
	if len(cands) == 1 {
		return cands[0]
	}
	sum, n := 0.0, 0
	for _, v := range values {
		a := math.Abs(v)
		if a == 0 || math.IsNaN(a) || math.IsInf(a, 0) {
			continue
		}
		sum += math.Log10(a)
		n++
	}
	if n == 0 {
		for _, c := range cands {
			if c.Scale == 1 {
				return c
			}
		}
		return cands[0]
	}
	target := sum/float64(n) - 1
	best, bestDev := cands[0], math.Inf(1)
	for _, c := range cands {
		dev := math.Abs(math.Log10(c.Scale) - target)
		if dev < bestDev-1e-12 {
			best, bestDev = c, dev
		}
	}
	return best
}

// axisUnit chooses the display unit of an axis of dimension d that shows
// lo to hi. It follows brian2tools' plotting functions: time in ms and
// rates in Hz (their fixed defaults), everything else in
// Quantity.get_best_unit of the values shown (here: the two limits). Two
// departures keep labels short: time axes that reach 10 s or more are in
// seconds, and those within 1 ms take the best unit (µs).
func axisUnit(d units.Dim, lo, hi float64) DisplayUnit {
	m := math.Max(math.Abs(lo), math.Abs(hi))
	switch d {
	case units.DimTime:
		switch {
		case m >= 10:
			return DisplayUnit{Symbol: "s", Scale: 1}
		case m >= 1e-3 || m == 0 || math.IsNaN(m):
			return DisplayUnit{Symbol: "ms", Scale: 1e-3}
		}
	case units.DimFrequency:
		if m < 1e4 || math.IsNaN(m) {
			return DisplayUnit{Symbol: "Hz", Scale: 1}
		}
	}
	return BestUnit(d, lo, hi)
}

// LookupUnit finds the display unit named sym for dimension d: a symbol
// Brian2 prints ("mV", "pA", "um^2", also written "µm²"), or any unit name
// units.Lookup knows ("mvolt", "msecond"). It reports false when there is
// no such unit or its dimension is not d.
func LookupUnit(d units.Dim, sym string) (DisplayUnit, bool) {
	if d.IsDimensionless() {
		return DisplayUnit{Scale: 1}, sym == ""
	}
	raw := strings.NewReplacer("µ", "u", "μ", "u", "²", "^2", "³", "^3").Replace(sym)
	set := displayUnits(d)
	for k, r := range set.raw {
		if r == raw {
			return set.units[k], true
		}
	}
	if q, ok := units.Lookup(strings.ReplaceAll(raw, "^", "")); ok && q.Dim == d {
		return DisplayUnit{Symbol: sym, Scale: q.Value}, true
	}
	return DisplayUnit{}, false
}
