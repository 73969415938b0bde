package morphviz

import (
	"math"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// Colour-bar sizes, in logical pixels.
const (
	barGap   = 10 // between the drawing and the bar
	barWidth = 14
)

// ticks chooses the ticks of an axis that shows lo..hi (SI) of dimension
// d along px pixels, in unit (or the unit render's axes would choose),
// about one per 38 pixels as render's y axes; it returns the unit, the
// ticks in SI units and their labels, and the axis label "name (unit)".
func ticks(lo, hi float64, d units.Dim, unit, name string, px float64) (render.DisplayUnit, []float64, []string, string) {
	u, ok := render.LookupUnit(d, unit)
	if !ok {
		u = render.BestUnit(d, lo, hi)
	}
	// Values far from 1 in the unit (a density with no prefixed unit)
	// take a power of ten into the label, as render's axes do:
	// "g (×10^-9 siemens/meter**2)".
	f, sym := u.Scale, u.Symbol
	if m := math.Max(math.Abs(lo), math.Abs(hi)) / u.Scale; m >= 1e6 || (m > 0 && m < 1e-3) {
		p := 3 * int(math.Floor(math.Log10(m)/3))
		pow, _ := strconv.ParseFloat("1e"+strconv.Itoa(p), 64) // correctly rounded
		f = u.Scale * pow
		sym = strings.TrimSpace("×10^" + strconv.Itoa(p) + " " + sym)
	}
	n := min(max(int(px/38)+1, 2), 12)
	t, step := render.NiceTicks(lo/f, hi/f, n, false)
	labels := render.FormatTicks(t, step)
	for k := range t {
		t[k] *= f
	}
	label := name
	switch {
	case sym != "" && name != "":
		label = name + " (" + sym + ")"
	case sym != "":
		label = sym
	}
	return u, t, labels, label
}

// barSpan returns the top and bottom of the colour bar in r.
func barSpan(r render.Rect, th *render.Theme) (float64, float64) {
	h := render.TextHeight(th.FontSize) / 2
	return r.Min.Y + th.Pad + h, r.Max.Y - th.Pad - h
}

// colorbarWidth chooses the colour bar's ticks for a Draw into r and
// returns the width it needs.
func (v *View) colorbarWidth(r render.Rect, th *render.Theme) float64 {
	s := &v.scratch
	y0, y1 := barSpan(r, th)
	_, s.ticks, s.tickLabels, s.label = ticks(s.vlo, s.vhi, v.Dim, v.Unit, v.Name, y1-y0)
	w := 0.0
	for _, l := range s.tickLabels {
		w = math.Max(w, render.TextWidth(l, th.FontSize))
	}
	total := barGap + barWidth + th.TickLength + 4 + w + th.Pad
	if s.label != "" {
		total += 8 + render.TextHeight(th.LabelSize)
	}
	return math.Ceil(total)
}

// drawColorbar draws the colour bar into r: one band per colour level
// from the lowest value at the bottom to the highest at the top, ticks in
// the variable's unit and its label.
func (v *View) drawColorbar(c render.Canvas, r render.Rect, th *render.Theme) {
	s := &v.scratch
	x0 := r.Min.X + barGap
	x1 := x0 + barWidth
	y0, y1 := barSpan(r, th)
	if !(y1 > y0) {
		return
	}
	n := v.levels()
	h := (y1 - y0) / float64(n)
	for k := 0; k < n; k++ {
		s.path.Reset()
		// Each band reaches a pixel into the next, which covers it: no
		// seams of background between them.
		top := math.Max(y1-float64(float64(k+1)*h)-1, y0)
		if k == n-1 {
			top = y0
		}
		s.path.Rect(render.R(x0, top, x1, y1-float64(float64(k)*h)))
		c.Fill(&s.path, v.levelColor(k))
	}
	fg := th.Foreground
	s.path.Reset()
	s.path.Rect(render.R(x0-0.5, y0-0.5, x1+0.5, y1+0.5))
	c.Stroke(&s.path, render.LineStyle{Width: 1, Color: fg})
	s.path.Reset()
	span := s.vhi - s.vlo
	lw := 0.0
	ys := make([]float64, 0, len(s.ticks))
	for k, t := range s.ticks {
		y := y1 - float64((t-s.vlo)/span*(y1-y0))
		if y < y0-0.5 || y > y1+0.5 {
			ys = append(ys, math.NaN())
			continue
		}
		y = math.Floor(y) + 0.5
		ys = append(ys, y)
		s.path.MoveTo(x1+0.5, y)
		s.path.LineTo(x1+0.5+th.TickLength, y)
		lw = math.Max(lw, render.TextWidth(s.tickLabels[k], th.FontSize))
	}
	if !s.path.Empty() {
		c.Stroke(&s.path, render.LineStyle{Width: th.AxisWidth, Color: fg})
	}
	st := render.TextStyle{Size: th.FontSize, Color: fg, HAlign: render.Left, VAlign: render.Middle}
	for k, y := range ys {
		if !math.IsNaN(y) {
			c.Text(x1+th.TickLength+4, y, s.tickLabels[k], st)
		}
	}
	if s.label != "" {
		ls := render.TextStyle{Size: th.LabelSize, Color: fg, HAlign: render.Center, VAlign: render.Top, Vertical: true}
		c.Text(x1+th.TickLength+4+lw+8, (y0+y1)/2, s.label, ls)
	}
}
