package render

import (
	"image/color"
	"math"

	"github.com/myelin-sim/myelin/units"
)

// Figure is a stack of panels, one above the other, that may share an x
// axis (time): a raster above a membrane potential above a population rate.
// Draw lays it out in any rectangle of a canvas; it keeps its paths and
// layout between calls, so redrawing a live figure every frame allocates
// little (the tick labels). A Figure is not safe for concurrent use.
type Figure struct {
	Title  string
	Panels []*Panel
	// SharedX, when set, is the x axis of every panel: one range (fitting
	// all panels' data when Auto), one unit, ticks on every panel and tick
	// labels only under the bottom one. Each panel's own X is then unused.
	SharedX *Axis
	Theme   Theme

	scratch figureScratch
}

// Panel is one plot area with its axes, its plots and their legend.
type Panel struct {
	Title  string
	X, Y   Axis
	Plots  []Plotter
	Legend LegendPos
	// Weight is the panel's share of the figure's height, relative to the
	// other panels' (zero counts as 1).
	Weight float64
}

// LegendPos says where a panel shows its legend.
type LegendPos uint8

// The legend positions. A panel shows a legend only when some plot has a
// label.
const (
	// LegendAbove puts the entries in a row above the data area, at its
	// right (beside the panel's title), where they cover no data.
	LegendAbove LegendPos = iota
	// LegendInside puts them in a framed box at the top right inside the
	// data area, as matplotlib does.
	LegendInside
	// LegendNone shows no legend.
	LegendNone
)

// NewFigure returns a figure of the given panels with the default theme.
func NewFigure(panels ...*Panel) *Figure {
	return &Figure{Panels: panels, Theme: DefaultTheme()}
}

// NewTimeFigure returns a figure whose panels share one time axis.
func NewTimeFigure(panels ...*Panel) *Figure {
	f := NewFigure(panels...)
	f.SharedX = TimeAxis()
	return f
}

// Add appends panels to f and returns f.
func (f *Figure) Add(panels ...*Panel) *Figure {
	f.Panels = append(f.Panels, panels...)
	return f
}

// SetNow moves the current time of every Scroll or Grow x axis of f to t
// (seconds): call it before each frame of a live figure.
func (f *Figure) SetNow(t float64) {
	if f.SharedX != nil {
		f.SharedX.Limits.Now = t
	}
	for _, p := range f.Panels {
		if p != nil {
			p.X.Limits.Now = t
		}
	}
}

// TimeAxis returns an x axis of the run's time in seconds, labelled
// "time" and marked Time.
func TimeAxis() *Axis { return &Axis{Label: "time", Dim: units.DimTime, Time: true} }

// NewPanel returns a panel with the given axes and plots.
func NewPanel(x, y Axis, plots ...Plotter) *Panel {
	return &Panel{X: x, Y: y, Plots: plots}
}

// Add appends plots to p and returns p.
func (p *Panel) Add(plots ...Plotter) *Panel {
	p.Plots = append(p.Plots, plots...)
	return p
}

// RasterPanel returns a panel of neuron index against time showing the
// given rasters, as brian2tools' plot_raster labels it.
func RasterPanel(rasters ...*Raster) *Panel {
	p := &Panel{
		X: *TimeAxis(),
		Y: Axis{Label: "neuron index", Integer: true, Tight: true},
	}
	for _, r := range rasters {
		p.Plots = append(p.Plots, r)
	}
	return p
}

// TracePanel returns a panel of a state variable against time, such as
// TracePanel("v", units.DimVoltage, lines...), labelled "v (mV)".
func TracePanel(name string, d units.Dim, lines ...*Line) *Panel {
	p := &Panel{X: *TimeAxis(), Y: Axis{Label: name, Dim: d}}
	for _, l := range lines {
		p.Plots = append(p.Plots, l)
	}
	return p
}

// RatePanel returns a panel of population rates against time, labelled
// "rate (Hz)". Smooth the rates first (SmoothRate) if they are raw.
func RatePanel(lines ...*Line) *Panel {
	p := TracePanel("rate", units.DimFrequency, lines...)
	return p
}

// figureScratch holds what Draw reuses between calls.
type figureScratch struct {
	theme      Theme // f.Theme with defaults filled in
	panels     []panelLayout
	transforms []Transform
	path       Path
	entries    []LegendEntry
}

// panelLayout is one panel resolved for drawing.
type panelLayout struct {
	p       *Panel
	x       *Axis // the axis in force: p.X or the figure's SharedX
	xs, ys  scale
	box     Box  // the data range, where an axis needs it
	area    Rect // the data area
	header  float64
	footer  float64 // room below the data area for x tick labels and label
	xLabels bool
	legend  []LegendEntry
	rows    int // rows of an above-legend
	style   []Style
}

// Draw draws f into r of c and returns the transform of each panel's data
// area, for pointing at data (the slice is f's, valid until the next Draw).
// It never fails: missing or odd data draw as an empty panel.
func (f *Figure) Draw(c Canvas, r Rect) []Transform {
	s := &f.scratch
	s.theme = f.Theme.withDefaults()
	th := &s.theme
	if th.Background.A != 0 {
		s.path.Reset()
		s.path.Rect(r)
		c.Fill(&s.path, th.Background)
	}
	top := r.Min.Y + th.Pad
	if validText(f.Title) {
		c.Text((r.Min.X+r.Max.X)/2, top, f.Title, TextStyle{Size: th.FigTitleSize, Color: th.Foreground, HAlign: Center, VAlign: Top})
		top += TextHeight(th.FigTitleSize) + th.Pad
	}
	n := 0
	for _, p := range f.Panels {
		if p != nil {
			n++
		}
	}
	if cap(s.panels) < n {
		s.panels = append(s.panels[:cap(s.panels)], make([]panelLayout, n-cap(s.panels))...)
	}
	s.panels = s.panels[:0]
	for _, p := range f.Panels {
		if p != nil {
			s.panels = s.panels[:len(s.panels)+1]
			s.panels[len(s.panels)-1].p = p
		}
	}
	s.transforms = s.transforms[:0]
	if len(s.panels) == 0 {
		return s.transforms
	}
	pls := s.panels

	// The data ranges, read once per Draw and only where an axis fits them.
	for k := range pls {
		p := pls[k].p
		pls[k].box = emptyBox
		x := p.X.Limits.Mode == Auto
		if f.SharedX != nil {
			x = f.SharedX.Limits.Mode == Auto
		}
		if x || p.Y.Limits.Mode == Auto {
			pls[k].box = dataRange(p)
		}
	}

	// The x range: shared across panels, or each panel's own.
	if f.SharedX != nil {
		box := emptyBox
		for k := range pls {
			box.union(pls[k].box)
		}
		lo, hi := f.SharedX.resolve(box.XMin, box.XMax)
		for k := range pls {
			pls[k].x = f.SharedX
			pls[k].xs.init(f.SharedX, lo, hi)
		}
	} else {
		for k := range pls {
			p := pls[k].p
			lo, hi := p.X.resolve(pls[k].box.XMin, pls[k].box.XMax)
			pls[k].x = &p.X
			pls[k].xs.init(&p.X, lo, hi)
		}
	}
	for k := range pls {
		p := pls[k].p
		lo, hi := p.Y.resolve(pls[k].box.YMin, pls[k].box.YMax)
		pls[k].ys.init(&p.Y, lo, hi)
		pls[k].style = pls[k].style[:0]
		pls[k].legend = pls[k].legend[:0]
		for j, pl := range p.Plots {
			pls[k].style = append(pls[k].style, Style{Theme: th, Index: j})
			if pl != nil && p.Legend != LegendNone {
				pls[k].legend = append(pls[k].legend, pl.Legend(&pls[k].style[j])...)
			}
		}
		pls[k].rows = 1
		pls[k].xLabels = f.SharedX == nil || k == len(pls)-1
	}

	// Lay out twice: the width of the y tick labels sets the left margin,
	// which sets how many legend rows fit, which moves the panels.
	for pass := 0; pass < 2; pass++ {
		f.layoutVertical(pls, r, top, th)
		left := f.layoutLeft(pls, r, th)
		f.layoutHorizontal(pls, r, left, th)
		changed := false
		for k := range pls {
			if rows := legendRows(&pls[k], th); rows != pls[k].rows {
				pls[k].rows, changed = rows, true
			}
		}
		if !changed {
			break
		}
	}

	for k := range pls {
		f.drawPanel(c, &pls[k], th, r)
		pl := &pls[k]
		s.transforms = append(s.transforms, Transform{Area: pl.area, XMin: pl.xs.lo, XMax: pl.xs.hi, YMin: pl.ys.lo, YMax: pl.ys.hi})
	}
	return s.transforms
}

// dataRange is the union of the data ranges of p's plots.
func dataRange(p *Panel) Box {
	box := emptyBox
	for _, pl := range p.Plots {
		if pl != nil {
			box.union(pl.DataRange())
		}
	}
	return box
}

// hasHeader reports whether a panel needs a row above its data area.
func (pl *panelLayout) hasHeader() bool {
	return validText(pl.p.Title) || (pl.p.Legend == LegendAbove && len(pl.legend) > 0)
}

// layoutVertical sets each panel's header, footer and the top and bottom
// of its data area.
func (f *Figure) layoutVertical(pls []panelLayout, r Rect, top float64, th *Theme) {
	tickRoom := th.TickLength + 3 + TextHeight(th.FontSize)
	total := r.Max.Y - th.Pad - top
	weights := 0.0
	for k := range pls {
		pl := &pls[k]
		pl.header = 0
		if pl.hasHeader() {
			rowH := math.Max(TextHeight(th.TitleSize), TextHeight(th.FontSize)) + 4
			rows := 1
			if pl.p.Legend == LegendAbove && len(pl.legend) > 0 {
				rows = max(1, pl.rows)
			}
			pl.header = float64(float64(rows)*rowH) + 4
		}
		pl.footer = th.TickLength
		if pl.xLabels {
			pl.footer = tickRoom
			if pl.xs.label != "" {
				pl.footer += 6 + TextHeight(th.LabelSize)
			}
		}
		if k > 0 && f.SharedX != nil {
			total -= th.PanelGap
		} else if k > 0 {
			total -= float64(2 * th.PanelGap)
		}
		total -= pl.header + pl.footer
		w := pl.p.Weight
		if !(w > 0) || !finite(w) {
			w = 1
		}
		weights += w
	}
	y := top
	for k := range pls {
		pl := &pls[k]
		if k > 0 {
			y += th.PanelGap
			if f.SharedX == nil {
				y += th.PanelGap
			}
		}
		w := pl.p.Weight
		if !(w > 0) || !finite(w) {
			w = 1
		}
		h := math.Max(total*w/weights, 1)
		y += pl.header
		pl.area.Min.Y = math.Round(y)
		y += h
		pl.area.Max.Y = math.Max(math.Round(y), pl.area.Min.Y+1)
		y += pl.footer
	}
}

// layoutLeft chooses the y ticks of every panel and returns the left edge
// of the data areas, the same for all so that they line up.
func (f *Figure) layoutLeft(pls []panelLayout, r Rect, th *Theme) float64 {
	tickW, anyLabel := 0.0, false
	for k := range pls {
		pl := &pls[k]
		pl.ys.fitTicks(&pl.p.Y, pl.area.Dy(), th.TickSpacingY, th.MinTickGap, th.FontSize, false)
		for _, l := range pl.ys.labels {
			tickW = math.Max(tickW, TextWidth(l, th.FontSize))
		}
		if pl.ys.label != "" {
			anyLabel = true
		}
	}
	left := r.Min.X + th.Pad + tickW + 4 + th.TickLength
	if anyLabel {
		left += TextHeight(th.LabelSize) + 8
	}
	return math.Round(left)
}

// layoutHorizontal sets the left and right of the data areas and chooses
// the x ticks, leaving room on the right for the last tick label.
func (f *Figure) layoutHorizontal(pls []panelLayout, r Rect, left float64, th *Theme) {
	right := r.Max.X - th.Pad
	for pass := 0; pass < 2; pass++ {
		over := 0.0
		for k := range pls {
			pl := &pls[k]
			pl.area.Min.X = left
			pl.area.Max.X = math.Max(math.Round(right), left+1)
			pl.xs.fitTicks(pl.x, pl.area.Dx(), th.TickSpacingX, th.MinTickGap, th.FontSize, true)
			if !pl.xLabels || len(pl.xs.ticks) == 0 {
				continue
			}
			t := Transform{Area: pl.area, XMin: pl.xs.lo, XMax: pl.xs.hi, YMin: 0, YMax: 1}
			last := len(pl.xs.ticks) - 1
			end := t.X(pl.xs.ticks[last]) + TextWidth(pl.xs.labels[last], th.FontSize)/2
			over = math.Max(over, end-(r.Max.X-th.Pad/2))
		}
		if over <= 0 {
			return
		}
		right -= math.Ceil(over)
	}
}

// legendRows returns how many rows an above-legend needs.
func legendRows(pl *panelLayout, th *Theme) int {
	if pl.p.Legend != LegendAbove || len(pl.legend) == 0 {
		return 1
	}
	avail := pl.area.Dx()
	if validText(pl.p.Title) {
		avail -= TextWidth(pl.p.Title, th.TitleSize) + 16
	}
	rows, x := 1, 0.0
	for _, e := range pl.legend {
		w := entryWidth(e, th)
		if x > 0 && x+w > avail {
			rows++
			x = 0
		}
		x += w
	}
	return rows
}

// entryWidth is the room a legend entry takes in a row, with the gap after.
func entryWidth(e LegendEntry, th *Theme) float64 {
	return swatchWidth(e, th) + 5 + TextWidth(e.Label, th.FontSize) + 14
}

func swatchWidth(e LegendEntry, th *Theme) float64 {
	if e.Marker {
		return 0.6 * th.FontSize
	}
	return th.LegendSwatch
}

// crisp moves a coordinate to the middle of a pixel, so a line one pixel
// wide along it covers whole pixels.
func crisp(v float64) float64 { return math.Floor(v) + 0.5 }

// drawPanel draws one laid-out panel.
func (f *Figure) drawPanel(c Canvas, pl *panelLayout, th *Theme, fr Rect) {
	p := pl.p
	a := pl.area
	s := &f.scratch
	fg := th.Foreground
	tickStyle := TextStyle{Size: th.FontSize, Color: fg}
	line := LineStyle{Width: th.AxisWidth, Color: fg}
	xt := Transform{Area: a, XMin: pl.xs.lo, XMax: pl.xs.hi, YMin: pl.ys.lo, YMax: pl.ys.hi}

	if th.Grid {
		s.path.Reset()
		for _, v := range pl.xs.ticks {
			x := crisp(xt.X(v))
			s.path.MoveTo(x, a.Min.Y)
			s.path.LineTo(x, a.Max.Y)
		}
		for _, v := range pl.ys.ticks {
			y := crisp(xt.Y(v))
			s.path.MoveTo(a.Min.X, y)
			s.path.LineTo(a.Max.X, y)
		}
		if !s.path.Empty() {
			c.Stroke(&s.path, LineStyle{Width: 1, Color: th.GridColor})
		}
	}

	// The data, clipped to the area and a margin for dots on its edges.
	m := math.Max(th.MarkerSize, th.LineWidth) / 2
	c.PushClip(Rect{Point{a.Min.X - m, a.Min.Y - m}, Point{a.Max.X + m, a.Max.Y + m}})
	for j, plot := range p.Plots {
		if plot != nil {
			plot.Plot(c, xt, &pl.style[j])
		}
	}
	c.PopClip()

	// Axis lines along the left and bottom edges, just outside the area,
	// and ticks pointing out.
	s.path.Reset()
	h := th.AxisWidth / 2
	s.path.MoveTo(a.Min.X-h, a.Min.Y)
	s.path.LineTo(a.Min.X-h, a.Max.Y+th.AxisWidth)
	s.path.MoveTo(a.Min.X-th.AxisWidth, a.Max.Y+h)
	s.path.LineTo(a.Max.X, a.Max.Y+h)
	for _, v := range pl.xs.ticks {
		x := crisp(xt.X(v))
		s.path.MoveTo(x, a.Max.Y+th.AxisWidth)
		s.path.LineTo(x, a.Max.Y+th.AxisWidth+th.TickLength)
	}
	for _, v := range pl.ys.ticks {
		y := crisp(xt.Y(v))
		s.path.MoveTo(a.Min.X-th.AxisWidth, y)
		s.path.LineTo(a.Min.X-th.AxisWidth-th.TickLength, y)
	}
	c.Stroke(&s.path, line)

	// Tick labels.
	if pl.xLabels {
		st := tickStyle
		st.HAlign, st.VAlign = Center, Top
		y := a.Max.Y + th.AxisWidth + th.TickLength + 4
		for k, v := range pl.xs.ticks {
			c.Text(crisp(xt.X(v)), y, pl.xs.labels[k], st)
		}
		if pl.xs.label != "" {
			ls := TextStyle{Size: th.LabelSize, Color: fg, HAlign: Center, VAlign: Top}
			c.Text((a.Min.X+a.Max.X)/2, y+TextHeight(th.FontSize)+6, pl.xs.label, ls)
		}
	}
	st := tickStyle
	st.HAlign, st.VAlign = Right, Middle
	for k, v := range pl.ys.ticks {
		c.Text(a.Min.X-th.AxisWidth-th.TickLength-4, crisp(xt.Y(v)), pl.ys.labels[k], st)
	}
	if pl.ys.label != "" {
		ls := TextStyle{Size: th.LabelSize, Color: fg, HAlign: Center, VAlign: Top, Vertical: true}
		c.Text(fr.Min.X+th.Pad, (a.Min.Y+a.Max.Y)/2, pl.ys.label, ls)
	}

	// Title and legend.
	if validText(p.Title) {
		c.Text(a.Min.X, a.Min.Y-pl.header+4, p.Title, TextStyle{Size: th.TitleSize, Color: fg, VAlign: Top})
	}
	if len(pl.legend) > 0 {
		switch p.Legend {
		case LegendAbove:
			f.legendAbove(c, pl, th)
		case LegendInside:
			f.legendInside(c, pl, th)
		}
	}
}

// legendAbove draws the entries in right-aligned rows above the area.
func (f *Figure) legendAbove(c Canvas, pl *panelLayout, th *Theme) {
	a := pl.area
	rowH := math.Max(TextHeight(th.TitleSize), TextHeight(th.FontSize)) + 4
	avail := a.Dx()
	if validText(pl.p.Title) {
		avail -= TextWidth(pl.p.Title, th.TitleSize) + 16
	}
	// Split into rows as legendRows did, then draw each right-aligned.
	y := a.Min.Y - pl.header + 4 + TextHeight(th.FontSize)/2
	start := 0
	for start < len(pl.legend) {
		end, w := start, 0.0
		for end < len(pl.legend) {
			ew := entryWidth(pl.legend[end], th)
			if end > start && w+ew > avail {
				break
			}
			w += ew
			end++
		}
		x := a.Max.X - w + 14
		for _, e := range pl.legend[start:end] {
			x = f.legendEntry(c, e, x, y, th)
		}
		y += rowH
		start = end
	}
}

// legendEntry draws one entry with its sample starting at x, centred on y,
// and returns where the next entry starts.
func (f *Figure) legendEntry(c Canvas, e LegendEntry, x, y float64, th *Theme) float64 {
	p := &f.scratch.path
	p.Reset()
	sw := swatchWidth(e, th)
	if e.Marker {
		p.Rect(R(x, y-sw/2, x+sw, y+sw/2))
		c.Fill(p, e.Color)
	} else {
		p.MoveTo(x, y)
		p.LineTo(x+sw, y)
		c.Stroke(p, LineStyle{Width: 2 * th.LineWidth, Color: e.Color})
	}
	x += sw + 5
	c.Text(x, y, e.Label, TextStyle{Size: th.FontSize, Color: th.Foreground, VAlign: Middle})
	return x + TextWidth(e.Label, th.FontSize) + 14
}

// legendInside draws the entries in a framed box at the top right of the
// data area.
func (f *Figure) legendInside(c Canvas, pl *panelLayout, th *Theme) {
	a := pl.area
	pad := th.LegendPadding
	rowH := TextHeight(th.FontSize) + 5
	w := 0.0
	for _, e := range pl.legend {
		w = math.Max(w, entryWidth(e, th)-14)
	}
	h := float64(float64(len(pl.legend))*rowH) - 5
	box := R(a.Max.X-pad-w-float64(2*pad), a.Min.Y+pad, a.Max.X-pad, a.Min.Y+pad+h+float64(2*pad))
	p := &f.scratch.path
	p.Reset()
	p.Rect(box)
	bg := th.Background
	if bg.A == 0 {
		bg = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	}
	bg.A = 0xd8
	c.Fill(p, bg)
	p.Reset()
	p.Rect(Rect{Point{crisp(box.Min.X), crisp(box.Min.Y)}, Point{crisp(box.Max.X), crisp(box.Max.Y)}})
	c.Stroke(p, LineStyle{Width: 1, Color: th.GridColor})
	y := box.Min.Y + pad + TextHeight(th.FontSize)/2
	for _, e := range pl.legend {
		f.legendEntry(c, e, box.Min.X+pad, y, th)
		y += rowH
	}
}
