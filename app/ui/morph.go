package ui

import (
	"math"
	"strconv"
	"time"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// morphPanel is what the app keeps of a morphology panel of the figure
// ([[plots]] type = "morphology") between frames, while the figure itself
// is rebuilt as the simulation moves: the view the user turned, zoomed or
// panned, and the compartment pinned by a click.
//
// Untouched, the panel is drawn by the figure (morphviz.Plot, with its
// axes in µm) and picked there. Once the user drags, zooms or changes the
// projection, the app draws its own morphviz.View over the panel's data
// area, which can turn in 3-D, zoom and pan, after painting over what the
// figure drew of the panel (its plot is hidden for that frame:
// Plot.Hidden); a reset of the view (C or a double click) goes back to the
// figure's drawing.
type morphPanel struct {
	root  *morph.Section
	flat  *morph.Flat         // root's compartments, for the pinned one
	view  *morphviz.View      // the app's own view, drawn once touched
	proj0 morphviz.Projection // the projection the file asks for
	// touched says the app's view is drawn instead of the figure's.
	touched bool
	// plot is this frame's Plot of the panel (its Values read the
	// simulation) and area its data area in the last frame.
	plot *morphviz.Plot
	area render.Rect
	tr   render.Transform
	// pinned is the compartment a click pinned, -1 for none.
	pinned int
}

// shown returns the view that was last drawn in the panel, for picking.
func (m *morphPanel) shown() *morphviz.View {
	if m.touched || m.plot == nil {
		return m.view
	}
	return m.plot.View
}

// morphHover is the compartment under the pointer.
type morphHover struct {
	panel int
	hit   morphviz.Hit
	x, y  float64
}

// Drag and double-click constants.
const (
	// rotatePerPixel is the turn, in radians, of a pixel of drag.
	rotatePerPixel = 0.01
	// dragSlop is how far a press may move and still be a click.
	dragSlop = 4.0
	// doubleClick is the longest time between the clicks of a double
	// click.
	doubleClick = 400 * time.Millisecond
	// wheelZoom is the magnification of a wheel notch.
	wheelZoom = 1.15
)

// projections is the cycle KeyProjection steps through.
var projections = []morphviz.Projection{morphviz.XY, morphviz.XZ, morphviz.YZ, morphviz.Orthographic,
	morphviz.Perspective, morphviz.Dendrogram}

// syncMorph matches the figure's morphology panels with the app's state,
// in order: the k-th morphology panel is the k-th morphology plot of the
// file. A panel keeps its state while its neuron has as many compartments
// (a reset or a changed constant rebuilds the neuron, not its shape). The
// controller is held.
func (v *View) syncMorph(fig *render.Figure) {
	var roots []*morph.Section
	if b := v.C.Built(); b != nil {
		for _, p := range b.File.Plots {
			if p.Type.Text != "morphology" {
				continue
			}
			var root *morph.Section
			if sn := b.Net.SpatialNeuron(p.Source.Text); sn != nil {
				root = sn.Morphology
			}
			roots = append(roots, root)
		}
	}
	k := 0
	for _, p := range fig.Panels {
		if len(p.Plots) != 1 {
			continue
		}
		pl, ok := p.Plots[0].(*morphviz.Plot)
		if !ok || pl.View == nil {
			continue
		}
		var root *morph.Section
		if k < len(roots) {
			root = roots[k]
		}
		if k == len(v.morph) {
			v.morph = append(v.morph, &morphPanel{pinned: -1})
		}
		m := v.morph[k]
		if m.view == nil || m.root != root && (m.view.Compartments() != pl.View.Compartments() || m.proj0 != pl.View.Projection()) {
			*m = morphPanel{root: root, view: morphviz.New(root), proj0: pl.View.Projection(), pinned: -1}
			m.view.SetProjection(m.proj0)
		}
		if m.root != root || m.flat == nil {
			m.flat = nil
			if root != nil {
				m.flat = root.Flatten()
			}
		}
		m.root = root
		m.view.Name, m.view.Dim, m.view.Unit = pl.View.Name, pl.View.Dim, pl.View.Unit
		m.plot = pl
		// The figure need not draw what the app's view covers; drawMorph
		// makes the plot drawable again (for an export) once the frame is
		// drawn.
		pl.Hidden = m.touched
		k++
	}
	v.morph = v.morph[:k]
	if v.hover != nil && v.hover.panel >= k {
		v.hover = nil
	}
}

// highlighted is the compartment of panel k to outline: the one under the
// pointer, else the pinned one.
func (v *View) highlighted(k int) int {
	if v.hover != nil && v.hover.panel == k {
		return v.hover.hit.Compartment
	}
	return v.morph[k].pinned
}

// drawMorph draws the touched morphology panels over the figure and the
// pinned compartments' markers, then picks the compartment under the
// pointer in what was drawn. trs are the figure's panels' transforms; the
// controller is held.
func (v *View) drawMorph(c render.Canvas, fig *render.Figure, trs []render.Transform) {
	k := 0
	for i, p := range fig.Panels {
		if len(p.Plots) != 1 || k >= len(v.morph) {
			continue
		}
		pl, ok := p.Plots[0].(*morphviz.Plot)
		if !ok {
			continue
		}
		pl.Hidden = false
		m := v.morph[k]
		if i < len(trs) {
			m.tr = trs[i]
			m.area = trs[i].Area
		}
		if m.touched && !m.area.Empty() {
			v.coverAxes(c, fig, trs, i)
			var vals []float64
			if m.plot.Values != nil {
				vals = m.plot.Values()
			}
			m.view.Highlight(v.highlighted(k))
			m.view.Draw(c, m.area, vals)
		}
		if m.pinned >= 0 {
			if x, y, ok := m.shown().ScreenPoint(m.pinned); ok {
				v.pt.c = c
				v.pt.disc(x, y, 4, colAccent)
			}
		}
		k++
	}
	if v.hover != nil || v.hovering {
		v.pickHover()
	}
}

// morphAt returns the morphology panel whose data area holds (x, y), or -1.
func (v *View) morphAt(x, y float64) int {
	for k, m := range v.morph {
		if inside(m.area, x, y) {
			return k
		}
	}
	return -1
}

// pickHover finds the compartment under the pointer in the last frame.
// The controller is held (the hit reads the simulation's values).
func (v *View) pickHover() {
	v.hover = nil
	if !v.hovering || len(v.press) > 0 && !v.pressOnMorph() {
		return
	}
	k := v.morphAt(v.hx, v.hy)
	if k < 0 {
		return
	}
	if h, ok := v.morph[k].shown().Pick(v.hx, v.hy); ok {
		v.hover = &morphHover{panel: k, hit: h, x: v.hx, y: v.hy}
	}
}

func (v *View) pressOnMorph() bool {
	for _, t := range v.press {
		if t.kind == kindMorph {
			return true
		}
	}
	return false
}

// Hover tells the view where the mouse pointer is (logical pixels), pressed
// or not: over a morphology panel it shows the compartment there.
func (v *View) Hover(x, y float64) {
	if v.hovering && x == v.hx && y == v.hy {
		return
	}
	v.hovering, v.hx, v.hy = true, x, y
	v.dirty = true
	v.C.Lock()
	v.pickHover()
	v.C.Unlock()
}

// Leave tells the view the mouse pointer left the window.
func (v *View) Leave() {
	if v.hovering {
		v.hovering, v.hover, v.dirty = false, nil, true
	}
}

// Hovered returns the compartment under the pointer and the morphology
// panel (0 for the first) it lies in; ok is false when there is none.
func (v *View) Hovered() (h morphviz.Hit, panel int, ok bool) {
	if v.hover == nil {
		return morphviz.Hit{}, -1, false
	}
	return v.hover.hit, v.hover.panel, true
}

// Pinned returns the compartment pinned in morphology panel k, -1 for none.
func (v *View) Pinned(k int) int {
	if k < 0 || k >= len(v.morph) {
		return -1
	}
	return v.morph[k].pinned
}

// MorphView returns the view of morphology panel k the app draws once the
// user turned, zoomed or panned it (nil when there is no such panel), and
// whether it is drawn now in place of the figure's.
func (v *View) MorphView(k int) (*morphviz.View, bool) {
	if k < 0 || k >= len(v.morph) {
		return nil, false
	}
	return v.morph[k].view, v.morph[k].touched
}

// pressMorph starts a drag (or a click, or a pinch with a second finger)
// on morphology panel k.
func (v *View) pressMorph(id, k int, x, y float64) {
	v.press[id] = target{kind: kindMorph, index: k, x0: x, y0: y, lx: x, ly: y}
	v.hovering, v.hx, v.hy = true, x, y
}

// touch makes the app's view of panel k the one drawn, starting from
// what the figure showed.
func (v *View) touch(k int) *morphviz.View {
	m := v.morph[k]
	if !m.touched {
		m.view.SetProjection(m.proj0)
		m.touched = true
	}
	return m.view
}

// moveMorph follows a pointer pressed on a morphology panel: one pointer
// turns a 3-D view or pans a 2-D one, two pointers on the same panel
// zoom by the change of their distance (a pinch).
func (v *View) moveMorph(id int, t target, x, y float64) {
	if !t.moved && math.Hypot(x-t.x0, y-t.y0) < dragSlop {
		return
	}
	t.moved = true
	view := v.touch(t.index)
	other := -1
	for oid, o := range v.press {
		if oid != id && o.kind == kindMorph && o.index == t.index {
			other = oid
			break
		}
	}
	if other >= 0 {
		o := v.press[other]
		d0 := math.Hypot(t.lx-o.lx, t.ly-o.ly)
		d1 := math.Hypot(x-o.lx, y-o.ly)
		if d0 > 1 && d1 > 1 {
			view.Zoom(d1/d0, (x+o.lx)/2, (y+o.ly)/2)
		}
		o.moved = true
		v.press[other] = o
	} else {
		dx, dy := x-t.lx, y-t.ly
		if view.Projection() >= morphviz.Orthographic && view.Projection() != morphviz.Dendrogram {
			view.Rotate(dx*rotatePerPixel, dy*rotatePerPixel)
		} else {
			view.Pan(dx, dy)
		}
	}
	t.lx, t.ly = x, y
	v.press[id] = t
	v.hovering, v.hx, v.hy = true, x, y
}

// releaseMorph ends a pointer on a morphology panel: a click pins the
// compartment under it (a click on the pinned one, or beside the neuron,
// unpins); a double click resets the view.
func (v *View) releaseMorph(t target, x, y float64) {
	if t.moved || t.index >= len(v.morph) {
		return
	}
	m := v.morph[t.index]
	now := time.Now()
	if now.Sub(v.lastClick) < doubleClick && math.Hypot(x-v.lastX, y-v.lastY) < 2*dragSlop {
		v.resetMorph(t.index)
		v.lastClick = time.Time{}
		return
	}
	v.lastClick, v.lastX, v.lastY = now, x, y
	v.C.Lock()
	h, ok := m.shown().Pick(x, y)
	v.C.Unlock()
	switch {
	case !ok || h.Compartment == m.pinned:
		m.pinned = -1
	default:
		m.pinned = h.Compartment
	}
}

// resetMorph gives panel k back to the figure's own drawing.
func (v *View) resetMorph(k int) {
	m := v.morph[k]
	m.touched = false
	m.view.SetProjection(m.proj0)
}

// keyPanel is the morphology panel a key acts on: the one under the
// pointer, else the first; -1 when there is none.
func (v *View) keyPanel() int {
	if v.hovering {
		if k := v.morphAt(v.hx, v.hy); k >= 0 {
			return k
		}
	}
	if len(v.morph) > 0 {
		return 0
	}
	return -1
}

// cycleProjection shows panel k in the next of xy, xz, yz, 3-D
// (orthographic, then in perspective from the same direction) and the
// dendrogram.
func (v *View) cycleProjection(k int) {
	m := v.morph[k]
	cur := m.proj0
	if m.touched {
		cur = m.view.Projection()
	}
	next := projections[0]
	for i, p := range projections {
		if p == cur {
			next = projections[(i+1)%len(projections)]
		}
	}
	m.touched = true
	if next == morphviz.Orthographic {
		// Turned a little from the plane it showed, so that it looks 3-D
		// at once.
		m.view.SetProjection(cur)
		m.view.Rotate(-0.5, 0.4)
		return
	}
	m.view.SetProjection(next)
}

// drawMorphInfo draws the tooltip of the compartment under the pointer
// and, at the top left of each panel, the pinned compartment with its
// value now.
func (v *View) drawMorphInfo() {
	pt := &v.pt
	for _, m := range v.morph {
		if m.pinned < 0 || m.area.Empty() {
			continue
		}
		v.C.Lock()
		h, ok := pinnedHit(m)
		v.C.Unlock()
		if ok {
			s := "pinned: " + hitText(h, m)
			w := math.Min(render.TextWidth(s, smallSize)+16, m.area.Dx())
			r := render.R(m.area.Min.X+4, m.area.Min.Y+4, m.area.Min.X+4+w, m.area.Min.Y+26)
			pt.fillRound(r, 4, colWhite)
			pt.strokeRound(r, 4, 1, colBorder)
			pt.text(r.Min.X+8, (r.Min.Y+r.Max.Y)/2, fit(s, smallSize, r.Dx()-16), smallSize, colText, render.Left)
		}
	}
	if v.hover == nil || v.hover.panel >= len(v.morph) {
		return
	}
	m := v.morph[v.hover.panel]
	s := hitText(v.hover.hit, m)
	w := math.Min(render.TextWidth(s, smallSize)+16, math.Max(v.lay.W-2*pad, 40))
	x, y := v.hover.x+14, v.hover.y+18
	x = math.Max(pad, math.Min(x, v.lay.W-pad-w))
	if y+24 > v.lay.H-pad {
		y = v.hover.y - 34
	}
	r := render.R(x, y, x+w, y+24)
	pt.fillRound(r, 4, colWhite)
	pt.strokeRound(r, 4, 1, colBorder)
	pt.text(r.Min.X+8, (r.Min.Y+r.Max.Y)/2, fit(s, smallSize, r.Dx()-16), smallSize, colText, render.Left)
}

// pinnedHit describes panel m's pinned compartment as a Hit, with the
// value now. The controller is held.
func pinnedHit(m *morphPanel) (morphviz.Hit, bool) {
	f, k := m.flat, m.pinned
	if f == nil || k < 0 || k >= len(f.SectionOf) || k >= len(f.Distance) {
		return morphviz.Hit{}, false
	}
	j := f.SectionOf[k]
	if j < 0 || j >= len(f.Sections) || j >= len(f.Start) {
		return morphviz.Hit{}, false
	}
	h := morphviz.Hit{Compartment: k, Section: f.Sections[j], Path: f.Sections[j].Path(),
		Index: k - f.Start[j], Distance: f.Distance[k], Value: math.NaN()}
	if m.plot != nil && m.plot.Values != nil {
		if vals := m.plot.Values(); k < len(vals) {
			h.Value = vals[k]
		}
	}
	return h, true
}

// coverAxes paints over what the figure drew of panel i (trs: the
// figure's transforms) outside its title before the app draws its own
// turned, zoomed or panned view there: the figure's axes show the file's
// projection, not what the app draws. It paints the rectangles axesCover
// gives, in the figure's background.
func (v *View) coverAxes(c render.Canvas, fig *render.Figure, trs []render.Transform, i int) {
	l := v.lay.Plot
	// The rectangle drawFigure gives the figure.
	fr := render.R(l.Min.X+2, l.Min.Y+2, l.Max.X-2, l.Max.Y-2)
	bg := fig.Theme.Background
	if bg.A == 0 {
		bg = colWhite
	}
	v.pt.c = c
	for _, r := range axesCover(fig, i, len(trs), fr, trs[i].Area) {
		if !r.Empty() {
			v.pt.fillRect(r, bg)
		}
	}
}

// axesCover returns where panel i (of n) of fig, drawn into fr with its
// data area at a, may have drawn anything but its title and its data:
// the area itself widened by the margin its plots are clipped to, the
// column to its left (axis line, ticks, tick labels and the axis name,
// from the figure's left edge) and the band below it across the figure
// (axis line, ticks, tick labels and the axis name). The sizes are the
// ones render's Figure draws those with (its theme's, defaults filled
// in); TestMorphCoverAxes checks the rectangles against every shape and
// text a figure draws, and that they touch nothing of another panel or
// of the title.
func axesCover(fig *render.Figure, i, n int, fr, a render.Rect) [3]render.Rect {
	th := fig.Theme
	d := render.DefaultTheme()
	for _, p := range []struct{ v, d *float64 }{{&th.FontSize, &d.FontSize}, {&th.LabelSize, &d.LabelSize},
		{&th.AxisWidth, &d.AxisWidth}, {&th.TickLength, &d.TickLength}, {&th.LineWidth, &d.LineWidth}, {&th.MarkerSize, &d.MarkerSize}} {
		if !(*p.v > 0) {
			*p.v = *p.d
		}
	}
	const aa = 1 // a pixel for anti-aliasing and rounding
	// The data area and the margin around it that plots are clipped to.
	m := math.Max(th.MarkerSize, th.LineWidth)/2 + aa
	data := render.R(a.Min.X-m, a.Min.Y-m, a.Max.X+m, a.Max.Y+m)
	// The left column: y tick labels centred on ticks in the area, and
	// the axis name, vertical, centred on the area.
	half := render.TextHeight(th.FontSize) / 2
	top, bottom := a.Min.Y-half, a.Max.Y+half
	if i < len(fig.Panels) && fig.Panels[i] != nil {
		if y := fig.Panels[i].Y; y.Label != "" {
			name := y.Label
			if y.Unit != "" {
				name += " (" + y.Unit + ")"
			}
			w := render.TextWidth(name, th.LabelSize) / 2
			mid := (a.Min.Y + a.Max.Y) / 2
			top, bottom = math.Min(top, mid-w), math.Max(bottom, mid+w)
		}
	}
	left := render.R(fr.Min.X, top-aa, a.Min.X, bottom+aa)
	// The band below: ticks, and, unless the panels share an x axis that
	// only the last one labels, tick labels and the axis name.
	depth := th.AxisWidth + th.TickLength
	if fig.SharedX == nil || i == n-1 {
		depth += 4 + render.TextHeight(th.FontSize) + 6 + render.TextHeight(th.LabelSize)
	}
	below := render.R(fr.Min.X, a.Max.Y, fr.Max.X, a.Max.Y+depth+aa)
	return [3]render.Rect{data, left, below}
}

// hitText describes a compartment of m: "dend[3] · 120 µm from the soma
// · v = −64.2 mV" (the distance is from the root section, named by its
// type: the soma, where there is one).
func hitText(h morphviz.Hit, m *morphPanel) string {
	root := "root"
	if m.root != nil && m.root.Type != "" {
		root = m.root.Type
	}
	name := h.Path
	if name == "" {
		name = root
	}
	view := m.view
	s := name + "[" + strconv.Itoa(h.Index) + "] · " + quantity(h.Distance, units.DimLength) + " from the " + root
	if !math.IsNaN(h.Value) {
		vn := view.Name
		if vn == "" {
			vn = "value"
		}
		s += " · " + vn + " = " + quantity(h.Value, view.Dim)
	}
	return s
}

// quantity prints x (SI units of dimension d) with three significant
// digits in the unit render would choose for it: "120 µm", "-64.2 mV".
func quantity(x float64, d units.Dim) string {
	u := render.BestUnit(d, x)
	t := strconv.FormatFloat(x/u.Scale, 'g', 3, 64)
	if u.Symbol != "" {
		t += " " + u.Symbol
	}
	return t
}
