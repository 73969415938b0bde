package ui

import (
	"math"
	"strconv"
	"time"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// Slider is a [[controls]] table as a slider: a value between Min and Max
// (SI base units) of a constant or of a group's variable.
type Slider struct {
	Param string // "g_na", or "HH.I"
	Label string
	Min   float64
	Max   float64
	Step  float64 // 0: continuous
	Dim   units.Dim
	// Unit is the unit the value is shown in, chosen for the range as
	// Brian2's get_best_unit does.
	Unit render.DisplayUnit
	// Value is the value now, in SI base units.
	Value float64
	// Live is true when a change is cheap enough to follow the pointer
	// while the slider is dragged: a group's variable, or a constant the
	// model reads from a live column (session.Session.SetLive writes it,
	// nothing is rebuilt). A slider of any other constant rebuilds the
	// model at each change, and the view applies it less often (see
	// ApplyEvery, SlowApply).
	Live bool
	// ref is the quantity of the file (Max, or Min when Max is zero) whose
	// text Expr scales, so that the value given to the model is an
	// expression in the file's own units.
	ref model.Quantity
}

// NewSlider returns the slider of control c with value v.
func NewSlider(c *model.Control, v float64) Slider {
	s := Slider{Param: c.Param.Text, Label: c.Label.Text, Min: c.Min.Value.Value, Max: c.Max.Value.Value,
		Dim: c.Min.Value.Dim, ref: c.Max}
	if s.Label == "" {
		s.Label = s.Param
	}
	if c.Step.IsSet() {
		s.Step = c.Step.Value.Value
	}
	if s.Max == 0 {
		s.ref = c.Min
	}
	s.Unit = render.BestUnit(s.Dim, s.Min, s.Max)
	s.Value = s.clamp(v)
	return s
}

// DragApply reports whether a dragged slider should change the model
// now, to value v: when v differs from the value applied last, and the
// drag has ended (final), or the slider is live (a change costs a write of
// one number: it follows the pointer continuously), or, for a slider
// whose change rebuilds the model, when the last change was at least
// ApplyEvery ago and did not take longer than SlowApply (lastCost).
func (s *Slider) DragApply(v, applied float64, final bool, sinceLast, lastCost time.Duration) bool {
	if v == applied {
		return false
	}
	return final || s.Live || lastCost <= SlowApply && sinceLast >= ApplyEvery
}

// clamp puts v within the range and on a step.
func (s *Slider) clamp(v float64) float64 {
	lo, hi := math.Min(s.Min, s.Max), math.Max(s.Min, s.Max)
	if math.IsNaN(v) {
		v = lo
	}
	if s.Step > 0 {
		v = s.Min + math.Round((v-s.Min)/s.Step)*s.Step
	}
	return math.Max(lo, math.Min(hi, v))
}

// Fraction returns where the value is along the slider, 0 to 1.
func (s *Slider) Fraction() float64 {
	if s.Max == s.Min {
		return 0
	}
	return math.Max(0, math.Min(1, (s.Value-s.Min)/(s.Max-s.Min)))
}

// AtFraction returns the value at fraction f (0 to 1) along the slider,
// snapped to the step.
func (s *Slider) AtFraction(f float64) float64 {
	f = math.Max(0, math.Min(1, f))
	return s.clamp(s.Min + f*(s.Max-s.Min))
}

// Expr returns v as an expression for session.Set in the units of the file:
// "0.25*(40*usiemens)" for 10 µS on a slider whose max is "40*usiemens".
// Going through the file's own text means no unit has to be spelled here,
// and the model checks the dimension as it does for the file.
func (s *Slider) Expr(v float64) string {
	if s.ref.Value.Value == 0 {
		return "0*(" + s.ref.Src.Text + ")"
	}
	// Twelve digits: the ratio of two values in SI units is not exact in
	// binary, and "0.25" reads better in an error than "0.25000000000000006".
	return strconv.FormatFloat(v/s.ref.Value.Value, 'g', 12, 64) + "*(" + s.ref.Src.Text + ")"
}

// Text returns v in the slider's unit, with as many digits as the range
// needs: "12.5 µS".
func (s *Slider) Text(v float64) string {
	x := v / s.Unit.Scale
	span := math.Abs(s.Max-s.Min) / s.Unit.Scale
	digits := 0
	if span > 0 {
		// Three significant digits of the span.
		digits = max(0, 2-int(math.Floor(math.Log10(span))))
	}
	if s.Step > 0 {
		// As many decimals as the step needs: 0.25 nA shows as 0.50 nA.
		st := s.Step / s.Unit.Scale
		for digits = 0; digits < 6; digits++ {
			p := math.Pow(10, float64(digits))
			if math.Abs(st*p-math.Round(st*p)) < 1e-6*st*p {
				break
			}
		}
	}
	t := strconv.FormatFloat(x, 'f', min(digits, 6), 64)
	if t == "-0" || (x == 0 && digits > 0 && t[0] == '-') {
		t = t[1:]
	}
	if s.Unit.Symbol != "" {
		t += " " + s.Unit.Symbol
	}
	return t
}
