package morphviz

import (
	"math"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// DendrogramWidth is the width, in logical pixels, of a section's line in
// a dendrogram.
const DendrogramWidth = 4.0

// drawDendrogram draws the tree into area as brian2tools' plot_dendrogram
// does: the distance from the root upwards on a y axis, each section a
// vertical line from its parent's end to its own, at the middle of the
// terminals below it, and a horizontal line joining the children of each
// branch point. The lines are made of their compartments, coloured by
// their values; a soma is a dot.
func (v *View) drawDendrogram(c render.Canvas, area render.Rect, values []float64, th *render.Theme) {
	g := v.g
	s := &v.scratch
	f := g.flat
	s.ensure(g.n)
	s.values = values
	if g.n == 0 {
		return
	}
	maxD := 0.0
	for _, d := range f.EndDistance {
		maxD = math.Max(maxD, d)
	}
	for i := 0; i < g.n; i++ {
		maxD = math.Max(maxD, f.Distance[i]+f.Length[i]/2)
	}
	if !(maxD > 0) || math.IsInf(maxD, 0) {
		maxD = 1e-6
	}
	fg := th.Foreground
	// The y axis.
	top := area.Min.Y + th.Pad + render.TextHeight(th.FontSize)/2
	bottom := area.Max.Y - th.Pad - render.TextHeight(th.FontSize)/2
	_, tks, labels, label := ticks(0, maxD, units.DimLength, "", "distance from root", bottom-top)
	tw := 0.0
	for _, l := range labels {
		tw = math.Max(tw, render.TextWidth(l, th.FontSize))
	}
	left := math.Round(area.Min.X + th.Pad + render.TextHeight(th.LabelSize) + 8 + tw + 4 + th.TickLength)
	right := area.Max.X - th.Pad
	if !(right > left+2*DendrogramWidth) || !(bottom > top) {
		s.valid = false
		return
	}
	Y := func(d float64) float64 { return bottom - float64(d/maxD*(bottom-top)) }
	X := func(x float64) float64 {
		return left + float64((x+1)/float64(g.dendroTerm+1)*(right-left))
	}
	s.path.Reset()
	s.path.MoveTo(left-0.5, top)
	s.path.LineTo(left-0.5, bottom)
	for _, t := range tks {
		y := math.Floor(Y(t)) + 0.5
		s.path.MoveTo(left-1, y)
		s.path.LineTo(left-1-th.TickLength, y)
	}
	c.Stroke(&s.path, render.LineStyle{Width: th.AxisWidth, Color: fg})
	st := render.TextStyle{Size: th.FontSize, Color: fg, HAlign: render.Right, VAlign: render.Middle}
	for k, t := range tks {
		c.Text(left-1-th.TickLength-4, math.Floor(Y(t))+0.5, labels[k], st)
	}
	c.Text(area.Min.X+th.Pad, (top+bottom)/2, label, render.TextStyle{Size: th.LabelSize, Color: fg, HAlign: render.Center, VAlign: render.Top, Vertical: true})

	// The horizontal lines at branch points.
	s.path.Reset()
	for sec, kids := range f.Children {
		if len(kids) < 2 {
			continue
		}
		x0, x1 := math.Inf(1), math.Inf(-1)
		for _, k := range kids {
			x0, x1 = math.Min(x0, g.dendroX[k]), math.Max(x1, g.dendroX[k])
		}
		y := Y(f.EndDistance[sec])
		s.path.MoveTo(X(x0), y)
		s.path.LineTo(X(x1), y)
	}
	if !s.path.Empty() {
		c.Stroke(&s.path, render.LineStyle{Width: 1.5, Color: fg})
	}

	// The compartments: the consecutive ones of a section in one colour
	// as one bar, so that a frame sends few rectangles however many
	// compartments there are.
	paths := v.paths()
	hw := DendrogramWidth / 2
	var bar *render.Path // the path of the bar being gathered
	var bx, by0, by1 float64
	endBar := func() {
		if bar != nil {
			bar.Rect(render.R(bx-hw, by1, bx+hw, by0))
			bar = nil
		}
	}
	for i := 0; i < g.n; i++ {
		sec := f.SectionOf[i]
		x := X(g.dendroX[sec])
		if bar != nil && (f.Start[sec] == i || g.soma[i]) {
			endBar()
		}
		if g.soma[i] && f.Parent[sec] < 0 {
			y := Y(f.Distance[i])
			s.sa[i], s.sb[i] = render.Point{X: x, Y: y}, render.Point{X: x, Y: y}
			s.hwa[i], s.hwb[i] = 2*hw, 2*hw
			s.depth[i] = 0
			continue
		}
		y0, y1 := Y(f.Distance[i]-f.Length[i]/2), Y(f.Distance[i]+f.Length[i]/2)
		if g.soma[i] { // a soma below a section: a point on the tree
			y0, y1 = Y(f.EndDistance[f.Parent[sec]]), Y(f.EndDistance[sec])
		}
		s.sa[i], s.sb[i] = render.Point{X: x, Y: y0}, render.Point{X: x, Y: y1}
		s.hwa[i], s.hwb[i] = hw, hw
		s.depth[i] = 0
		if !finite(y0) || !finite(y1) {
			continue
		}
		if y0-y1 < 1 { // keep very short compartments visible
			m := (y0 + y1) / 2
			y0, y1 = m+0.5, m-0.5
		}
		// Neighbours overlap by half a pixel: no seams between them.
		p := v.pathFor(paths, values, i)
		if p == bar && y0+0.25 >= by1 {
			by1 = math.Min(by1, y1-0.25)
			continue
		}
		endBar()
		bar, bx, by0, by1 = p, x, y0+0.25, y1-0.25
	}
	endBar()
	s.valid = true
	v.fillLevels(c, paths, values, th)
	paths = v.paths()
	for i := 0; i < g.n; i++ {
		if g.soma[i] && f.Parent[f.SectionOf[i]] < 0 {
			disc(v.pathFor(paths, values, i), s.sa[i].X, s.sa[i].Y, s.hwa[i])
		}
	}
	v.fillLevels(c, paths, values, th)
	v.drawHighlight(c, th)
}
