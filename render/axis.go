package render

import (
	"math"
	"strconv"

	"github.com/myelin-sim/myelin/units"
)

// Axis describes one axis of a panel: what it measures and which stretch
// of it is shown. Values are in SI base units throughout; the axis chooses
// the unit it shows them in.
type Axis struct {
	// Label names the quantity: "time", "v", "neuron index". The unit is
	// appended as brian2tools does: "v (mV)".
	Label string
	// Dim is the dimension of the values (units.DimTime, units.DimVoltage);
	// the zero value is a pure number, shown without a unit.
	Dim units.Dim
	// Unit, when set, is the unit to show values in ("mV", "us", "nA"; see
	// LookupUnit). Empty, or a unit that does not fit Dim, lets the axis
	// choose (see BestUnit for the rule).
	Unit string
	// Limits says which range is shown; the zero value fits the data.
	Limits Limits
	// Integer puts ticks only at whole numbers, for counts and indices.
	Integer bool
	// Tight fits the data without the 5% margin on either side.
	Tight bool
	// Time marks the time axis of a run (TimeAxis), along which recordings
	// grow to the right; a recorded variable that happens to be named
	// "time" is not one.
	Time bool
}

// LimitMode says how an axis chooses the range it shows.
type LimitMode uint8

// The limit modes.
const (
	// Auto fits the data, with a margin of 5% on either side as matplotlib
	// leaves. A data limit at exactly zero stays at zero (rates, counts and
	// times start there), and data of a single value are widened by 5% of
	// it, or to ±1 around zero.
	Auto LimitMode = iota
	// Fixed shows Min to Max.
	Fixed
	// Scroll shows the last Window of the axis up to Now, [Now−Window,
	// Now], but never starts before Min: while Now < Min+Window it shows
	// [Min, Min+Window]. It is the live view of a running simulation.
	Scroll
	// Grow shows Min to Now, and at least Min to Min+Window: the live view
	// that keeps the whole run in sight.
	Grow
)

// Limits is the range an axis shows. For Scroll and Grow the caller moves
// Now forward (Figure.SetNow) before each frame.
type Limits struct {
	Mode     LimitMode
	Min, Max float64
	Window   float64
	Now      float64
}

// FixedLimits shows min to max.
func FixedLimits(min, max float64) Limits { return Limits{Mode: Fixed, Min: min, Max: max} }

// ScrollLimits shows the last window up to the current time, from 0 on.
func ScrollLimits(window float64) Limits { return Limits{Mode: Scroll, Window: window} }

// GrowLimits shows everything from start up to the current time, at least
// start to start+window.
func GrowLimits(start, window float64) Limits {
	return Limits{Mode: Grow, Min: start, Window: window}
}

// resolve returns the range to show given the data range lo..hi (lo > hi
// when there are no data).
func (a *Axis) resolve(lo, hi float64) (float64, float64) {
	l := a.Limits
	switch l.Mode {
	case Fixed:
		return nonsingular(l.Min, l.Max)
	case Scroll:
		w := l.Window
		if !(w > 0) || !finite(w) {
			w = 1
		}
		start := l.Now - w
		if !finite(l.Min) {
			l.Min = 0
		}
		if !(start >= l.Min) { // also when Now is NaN
			start = l.Min
		}
		return nonsingular(start, start+w)
	case Grow:
		end := l.Min + math.Max(0, l.Window)
		if l.Now > end {
			end = l.Now
		}
		return nonsingular(l.Min, end)
	}
	if !(lo <= hi) || !finite(lo) || !finite(hi) {
		return 0, 1
	}
	if lo == hi {
		return nonsingular(lo, hi)
	}
	if a.Tight {
		return lo, hi
	}
	m := float64(0.05 * (hi/2 - lo/2) * 2)
	nlo, nhi := lo-m, hi+m
	if lo == 0 {
		nlo = 0
	}
	if hi == 0 {
		nhi = 0
	}
	if !finite(nlo) || !finite(nhi) {
		return lo, hi
	}
	return nlo, nhi
}

// nonsingular returns lo..hi in order, widened when it has no width (as
// matplotlib's nonsingular does) and replaced by 0..1 when not finite.
func nonsingular(lo, hi float64) (float64, float64) {
	if !finite(lo) || !finite(hi) {
		return 0, 1
	}
	if lo > hi {
		lo, hi = hi, lo
	}
	mag := math.Max(math.Abs(lo), math.Abs(hi))
	if hi/2-lo/2 <= 0.5e-12*mag || hi == lo {
		if mag == 0 {
			return -1, 1
		}
		return lo - float64(0.05*math.Abs(lo)), hi + float64(0.05*math.Abs(hi))
	}
	return lo, hi
}

// scale is an axis resolved for drawing: its range, unit, ticks and label.
type scale struct {
	lo, hi float64 // shown range, SI
	unit   DisplayUnit
	mult   int       // a power of ten (multiple of 3) folded into the label
	ticks  []float64 // SI
	labels []string
	label  string // "v (mV)"
}

// init resolves the unit of an axis showing lo..hi, keeping the tick
// buffers of s.
func (s *scale) init(a *Axis, lo, hi float64) {
	s.lo, s.hi = lo, hi
	u, ok := LookupUnit(a.Dim, a.Unit)
	if !ok {
		u = axisUnit(a.Dim, lo, hi)
	}
	s.unit = u
	s.mult = 0
	m := math.Max(math.Abs(lo), math.Abs(hi)) / u.Scale
	if m >= 1e6 || (m > 0 && m < 1e-3) {
		s.mult = 3 * int(math.Floor(math.Log10(m)/3))
	}
	s.label = axisLabel(a.Label, u.Symbol, s.mult)
	s.ticks = s.ticks[:0]
	s.labels = s.labels[:0]
}

// axisLabel joins a quantity's name and unit as brian2tools does,
// "v (mV)", with a power of ten where values need one: "count (×10^6)".
func axisLabel(name, unit string, mult int) string {
	if mult != 0 {
		p := "×10^" + strconv.Itoa(mult)
		if unit != "" {
			unit = p + " " + unit
		} else {
			unit = p
		}
	}
	switch {
	case unit == "":
		return name
	case name == "":
		return unit
	}
	return name + " (" + unit + ")"
}

// factor is the SI value of one unit on the tick labels.
func (s *scale) factor() float64 { return s.unit.Scale * pow10(s.mult) }

// makeTicks chooses at most maxTicks ticks.
func (s *scale) makeTicks(maxTicks int, integer bool) {
	f := s.factor()
	ticks, step := NiceTicks(s.lo/f, s.hi/f, maxTicks, integer && s.mult == 0)
	s.labels = FormatTicks(ticks, step)
	s.ticks = s.ticks[:0]
	for _, t := range ticks {
		s.ticks = append(s.ticks, t*f)
	}
}

// fitTicks chooses as many ticks as fit a length of px logical pixels,
// about one per spacing, and fewer if their labels would touch: labels side
// by side (horizontal) need their widths and gap between them, stacked
// ones their height and gap.
func (s *scale) fitTicks(a *Axis, px, spacing, gap, size float64, horizontal bool) {
	n := int(math.Round(px/spacing)) + 1
	if n < 2 {
		n = 2
	}
	if n > 50 {
		n = 50
	}
	for ; ; n-- {
		s.makeTicks(n, a.Integer)
		if n <= 2 || len(s.ticks) < 2 || s.labelsFit(px, gap, size, horizontal) {
			return
		}
	}
}

// labelsFit reports whether neighbouring tick labels keep gap apart.
func (s *scale) labelsFit(px, gap, size float64, horizontal bool) bool {
	span := s.hi - s.lo
	for k := 1; k < len(s.ticks); k++ {
		d := (s.ticks[k] - s.ticks[k-1]) / span * px
		need := TextHeight(size) + gap/2
		if horizontal {
			need = (TextWidth(s.labels[k-1], size)+TextWidth(s.labels[k], size))/2 + gap
		}
		if d < need {
			return false
		}
	}
	return true
}

// Transform maps data (SI base units) to canvas coordinates inside a
// panel's data area.
//
// Geometry writes products that are added as float64(a*b) + c, which
// keeps compilers from fusing them into one multiply-add (arm64 would):
// layout is then the same bit for bit on every platform Go runs on, and
// golden files hold everywhere.
type Transform struct {
	Area                   Rect // the data area, in logical pixels
	XMin, XMax, YMin, YMax float64
}

// X returns the canvas x of data x.
func (t Transform) X(x float64) float64 {
	return t.Area.Min.X + float64((x-t.XMin)/(t.XMax-t.XMin)*t.Area.Dx())
}

// Y returns the canvas y of data y (y grows upwards in data, downwards on
// the canvas).
func (t Transform) Y(y float64) float64 {
	return t.Area.Max.Y - float64((y-t.YMin)/(t.YMax-t.YMin)*t.Area.Dy())
}

// Data returns the data point at canvas point (px, py), for pointing with
// a mouse.
func (t Transform) Data(px, py float64) (x, y float64) {
	x = t.XMin + float64((px-t.Area.Min.X)/t.Area.Dx()*(t.XMax-t.XMin))
	y = t.YMin + float64((t.Area.Max.Y-py)/t.Area.Dy()*(t.YMax-t.YMin))
	return x, y
}
