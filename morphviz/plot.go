package morphviz

import (
	"math"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// Plot is a render.Plotter that draws a View's projection (XY, XZ or YZ;
// any other counts as XY) in a panel of a render.Figure, with its colour
// bar at the right of the panel, the way brian2tools' plot_morphology
// draws a morphology on matplotlib axes. NewPanel makes the panel.
//
// The panel's axes show the projection's coordinates in µm at one scale
// for both, so the neuron keeps its shape. A Plotter cannot see the size
// of its panel before the figure fixes the axes' ranges, so Plot fits the
// ranges to the panel it was last drawn in (or to Aspect before its first
// draw): a live figure is right from its second frame on, and a figure
// drawn once should be laid out first at its final size (internal/figure
// does so with a draw on a canvas that paints nothing).
type Plot struct {
	View *View
	// Values returns the values to colour the compartments by, one per
	// compartment in SI units, read on every draw (a SpatialNeuron's
	// variable); nil draws the morphology in one colour.
	Values func() []float64
	// Aspect is the width over the height of the panel's data area
	// expected before the first draw; zero means 3.
	Aspect float64
	// Hidden keeps the panel (its axes, its ranges, its place in the
	// figure) but draws nothing in it: the app sets it for the frames in
	// which it draws its own view over the panel, so that the morphology
	// is not drawn twice.
	Hidden bool

	area render.Rect
	th   render.Theme
}

// NewPanel returns a panel of p with axes named after the projection's
// axes ("x (µm)", "y (µm)"), both in one unit of length. A nil p.View
// becomes an empty one.
func NewPanel(p *Plot) *render.Panel {
	if p.View == nil {
		p.View = New(nil)
	}
	p.flat()
	x, y := "x", "y"
	switch p.View.proj {
	case XZ:
		y = "z"
	case YZ:
		x, y = "y", "z"
	}
	// Both axes in one unit: the one render would choose for a tenth of
	// the larger extent, about a tick's step (µm for a neuron of a few
	// hundred µm, as brian2tools shows it; mm for a 4 cm axon).
	x0, x1, y0, y1 := p.View.bounds()
	u := render.BestUnit(units.DimLength, math.Max(x1-x0, y1-y0)/10).Symbol
	return &render.Panel{
		X:      render.Axis{Label: x, Dim: units.DimLength, Unit: u, Tight: true},
		Y:      render.Axis{Label: y, Dim: units.DimLength, Unit: u, Tight: true},
		Plots:  []render.Plotter{p},
		Legend: render.LegendNone,
	}
}

// values returns the values to draw, nil when there are none for every
// compartment.
func (p *Plot) values() []float64 {
	if p.Values == nil {
		return nil
	}
	vals := p.Values()
	if len(vals) < p.View.g.n {
		return nil
	}
	return vals
}

func (p *Plot) flat() {
	if p.View.proj > YZ {
		p.View.SetProjection(XY)
	}
}

// DataRange returns the range of the projection widened to the shape of
// the panel, with room on the right for the colour bar.
func (p *Plot) DataRange() render.Box {
	v := p.View
	if v == nil || v.g.n == 0 {
		return render.Box{XMin: 1, XMax: -1, YMin: 1, YMax: -1}
	}
	p.flat()
	th := &p.th
	if th.FontSize == 0 {
		*th = render.DefaultTheme()
	}
	W, H := p.area.Dx(), p.area.Dy()
	if p.area.Empty() {
		a := p.Aspect
		if !(a > 0) || math.IsInf(a, 0) {
			a = 3
		}
		H = 300
		W = a * H
	}
	wc := 0.0
	if vals := p.values(); vals != nil && v.Colorbar {
		v.valueRange(vals)
		wc = v.colorbarWidth(render.R(0, 0, W, H), th)
		if wc > W/2 {
			wc = 0
		}
	}
	pad := th.Pad
	aw, ah := math.Max(W-wc-2*pad, 1), math.Max(H-2*pad, 1)
	x0, x1, y0, y1 := v.bounds()
	mpp := math.Max((x1-x0)/aw, (y1-y0)/ah) // metres per pixel
	xmin := (x0+x1)/2 - float64((aw/2+pad)*mpp)
	ymid := (y0 + y1) / 2
	// bounds is relative to the morphology's centre; the axes show
	// absolute coordinates.
	cx, cy := p.centre()
	return render.Box{XMin: cx + xmin, XMax: cx + xmin + float64(W*mpp), YMin: cy + ymid - float64(H/2*mpp), YMax: cy + ymid + float64(H/2*mpp)}
}

// centre returns where the projection puts the morphology's centre, in
// the axes' absolute coordinates.
func (p *Plot) centre() (float64, float64) {
	v := p.View
	c := v.g.centre
	return dot(v.rot[0], c), dot(v.rot[1], c)
}

// Plot draws the morphology and its colour bar.
func (p *Plot) Plot(c render.Canvas, t render.Transform, st *render.Style) {
	v := p.View
	if v == nil || v.g.n == 0 || t.Area.Empty() {
		return
	}
	p.flat()
	p.area = t.Area
	if p.Hidden {
		return
	}
	th := &p.th
	if st != nil && st.Theme != nil {
		*th = *st.Theme
	} else {
		*th = render.DefaultTheme()
	}
	vals := p.values()
	v.valueRange(vals)
	cx, cy := p.centre()
	kx := t.Area.Dx() / (t.XMax - t.XMin)
	ky := t.Area.Dy() / (t.YMax - t.YMin)
	m := screenMap{
		kx: kx, ox: t.Area.Min.X + float64(kx*(cx-t.XMin)),
		ky: ky, oy: t.Area.Max.Y - float64(ky*(cy-t.YMin)),
	}
	if !finite(m.kx) || !finite(m.ky) || !finite(m.ox) || !finite(m.oy) {
		return
	}
	v.scratch.rect = t.Area
	v.drawShape(c, m, vals, th)
	if vals != nil && v.Colorbar {
		w := v.colorbarWidth(t.Area, th)
		if w <= t.Area.Dx()/2 {
			v.drawColorbar(c, render.R(t.Area.Max.X-w, t.Area.Min.Y, t.Area.Max.X, t.Area.Max.Y), th)
		}
	}
}

// Legend returns nothing: the colour bar says what the colours mean.
func (p *Plot) Legend(*render.Style) []render.LegendEntry { return nil }
