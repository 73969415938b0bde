package morphviz

import (
	"image/color"
	"math"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// Projection is how a View shows the morphology.
type Projection uint8

// The projections. XY, XZ and YZ look along the z, y and x axis (the
// first named axis points right, the second up); Orthographic and
// Perspective show the morphology turned by Rotate, without and with
// perspective; Dendrogram draws the tree as brian2tools' plot_dendrogram
// does, each section a vertical line as long as it is, at its distance
// from the root.
const (
	XY Projection = iota
	XZ
	YZ
	Orthographic
	Perspective
	Dendrogram
)

var projectionNames = [...]string{"xy", "xz", "yz", "orthographic", "perspective", "dendrogram"}

// String returns the projection's name: "xy", "perspective", ...
func (p Projection) String() string {
	if int(p) < len(projectionNames) {
		return projectionNames[p]
	}
	return "projection?"
}

// View draws one morphology: its shape in a projection, or its
// dendrogram, coloured by a value per compartment, with a colour bar. It
// keeps what it needs between frames (paths, projected points), so drawing
// a live view every frame allocates little once it has run (the colour
// bar's tick labels); Pick answers for the last Draw. A View is not safe
// for concurrent use.
type View struct {
	// Name and Dim are the coloured variable's name and dimension ("v",
	// units.DimVoltage): the colour bar reads "v (mV)".
	Name string
	Dim  units.Dim
	// Unit, when set, is the unit the colour bar shows values in ("mV");
	// empty lets it choose as render's axes do (render.BestUnit).
	Unit string
	// Colormap colours the values; nil means Viridis.
	Colormap *Colormap
	// Levels is the number of colours values are drawn in (each one
	// Canvas.Fill); zero means 64, which looks continuous.
	Levels int
	// MinWidth is the least width, in logical pixels, that a compartment
	// is drawn with however thin it is; zero means 1.5.
	MinWidth float64
	// Colorbar draws the colour bar to the right when there are values;
	// ScaleBar draws a bar of a round length (say 100 µm) at the bottom
	// left of orthographic views. New sets both.
	Colorbar, ScaleBar bool
	// Theme gives the background, the colour of text and lines and the
	// font sizes; New sets render.DefaultTheme().
	Theme render.Theme

	g    *geometry
	proj Projection
	rot  [3]vec3 // rows: screen right, screen up, towards the viewer
	zoom float64
	panX float64
	panY float64
	// lo, hi fix the range of the colours; NaN: the values' own.
	lo, hi float64
	// hl is the highlighted compartment, -1 for none.
	hl int

	scratch scratch
}

// New returns a view of the morphology below root (usually a neuron's
// root section), in the XY projection, coloured by nothing until Draw is
// given values. Sections without coordinates are placed as Brian2's
// generate_coordinates places them. A nil root draws nothing.
func New(root *morph.Section) *View {
	v := &View{
		Colorbar: true, ScaleBar: true,
		Theme: render.DefaultTheme(),
		g:     newGeometry(root),
		lo:    math.NaN(), hi: math.NaN(),
		hl: -1,
	}
	v.SetProjection(XY)
	return v
}

// Compartments returns the number of compartments the view draws.
func (v *View) Compartments() int { return v.g.n }

// Projection returns the current projection.
func (v *View) Projection() Projection { return v.proj }

// SetProjection shows the morphology as p and resets zoom and pan. XY, XZ
// and YZ also reset the rotation; Orthographic and Perspective keep it.
func (v *View) SetProjection(p Projection) {
	if p > Dendrogram {
		p = XY
	}
	v.proj = p
	switch p {
	case XY:
		v.rot = [3]vec3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	case XZ:
		v.rot = [3]vec3{{1, 0, 0}, {0, 0, 1}, {0, -1, 0}}
	case YZ:
		v.rot = [3]vec3{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}
	}
	v.zoom, v.panX, v.panY = 1, 0, 0
}

// Rotate turns the morphology by yaw radians about the screen's vertical
// axis (a drag to the right turns the front to the right) and pitch
// radians about its horizontal axis (a drag down tilts the top towards
// the viewer). A view in XY, XZ or YZ becomes Orthographic, starting from
// what it showed; a dendrogram does not turn.
func (v *View) Rotate(yaw, pitch float64) {
	if v.proj == Dendrogram || !finite(yaw) || !finite(pitch) {
		return
	}
	if v.proj < Orthographic {
		v.proj = Orthographic
	}
	cy, sy := math.Cos(yaw), math.Sin(yaw)
	cp, sp := math.Cos(pitch), math.Sin(pitch)
	r := v.rot
	// Turn about screen up (rows 0 and 2 mix), then about screen right
	// (rows 1 and 2 mix).
	r0 := add(scale(r[0], cy), scale(r[2], -sy))
	r2 := add(scale(r[0], sy), scale(r[2], cy))
	r1 := add(scale(r[1], cp), scale(r2, -sp))
	r2 = add(scale(r[1], sp), scale(r2, cp))
	v.rot = orthonormal(r0, r1, r2)
}

func add(a, b vec3) vec3 { return vec3{a.x + b.x, a.y + b.y, a.z + b.z} }

func scale(a vec3, f float64) vec3 { return vec3{float64(a.x * f), float64(a.y * f), float64(a.z * f)} }

func dot(a, b vec3) float64 { return float64(a.x*b.x) + float64(a.y*b.y) + float64(a.z*b.z) }

func norm(a vec3) vec3 {
	l := math.Sqrt(dot(a, a))
	if !(l > 0) {
		return a
	}
	return scale(a, 1/l)
}

func cross(a, b vec3) vec3 {
	return vec3{float64(a.y*b.z) - float64(a.z*b.y), float64(a.z*b.x) - float64(a.x*b.z), float64(a.x*b.y) - float64(a.y*b.x)}
}

// orthonormal keeps many small rotations from drifting away from a
// rotation (Gram–Schmidt).
func orthonormal(r0, r1, _ vec3) [3]vec3 {
	r0 = norm(r0)
	r1 = norm(add(r1, scale(r0, -dot(r0, r1))))
	return [3]vec3{r0, r1, cross(r0, r1)}
}

// Zoom magnifies the view by factor about the point (x, y) of the last
// Draw's rectangle, which stays where it is (a mouse wheel zooms about the
// pointer).
func (v *View) Zoom(factor, x, y float64) {
	if !(factor > 0) || math.IsInf(factor, 0) || !finite(x) || !finite(y) {
		return
	}
	nz := v.zoom * factor
	if nz < 1e-3 || nz > 1e6 {
		return
	}
	c := v.scratch.centre
	v.panX = x - c.X - float64(factor*(x-c.X-v.panX))
	v.panY = y - c.Y - float64(factor*(y-c.Y-v.panY))
	v.zoom = nz
}

// Pan moves the drawing by (dx, dy) logical pixels.
func (v *View) Pan(dx, dy float64) {
	if finite(dx) && finite(dy) {
		v.panX += dx
		v.panY += dy
	}
}

// ResetView undoes zoom and pan (and, in XY, XZ and YZ, rotation).
func (v *View) ResetView() { v.SetProjection(v.proj) }

// SetRange fixes the values shown by the colours to min..max (SI units):
// a live view keeps its colours steady this way (for v, say −80 to 50
// mV). NaN for either lets each Draw take the range of its values.
func (v *View) SetRange(min, max float64) {
	if min > max {
		min, max = max, min
	}
	v.lo, v.hi = min, max
}

// Highlight outlines compartment k (an index into values) in the
// theme's foreground colour from the next Draw on, as the app marks the
// compartment under the pointer; -1 (or any index out of range) marks
// none.
func (v *View) Highlight(k int) { v.hl = k }

// ScreenPoint returns where the middle of compartment k was drawn in the
// last Draw, to put a marker there (an electrode, a recorded
// compartment); ok is false when it was not drawn.
func (v *View) ScreenPoint(k int) (x, y float64, ok bool) {
	s := &v.scratch
	if !s.valid || k < 0 || k >= len(s.sa) {
		return 0, 0, false
	}
	x, y = (s.sa[k].X+s.sb[k].X)/2, (s.sa[k].Y+s.sb[k].Y)/2
	return x, y, finite(x) && finite(y)
}

// Range returns the values of the lowest and highest colour in the last
// Draw.
func (v *View) Range() (min, max float64) { return v.scratch.vlo, v.scratch.vhi }

// screenMap maps projected coordinates (metres, y up) to the canvas.
type screenMap struct {
	ox, oy, kx, ky float64
}

func (m screenMap) X(q float64) float64 { return m.ox + float64(m.kx*q) }
func (m screenMap) Y(q float64) float64 { return m.oy - float64(m.ky*q) }

// project returns the projected coordinates of p (metres, before the
// screen map), its depth towards the viewer and the perspective
// magnification there.
func (v *View) project(p vec3) (qx, qy, depth, mag float64) {
	d := p.sub(v.g.centre)
	qx, qy, depth = dot(v.rot[0], d), dot(v.rot[1], d), dot(v.rot[2], d)
	mag = 1
	if v.proj == Perspective {
		eye := 4 * v.g.radius
		mag = eye / math.Max(eye-depth, 1e-3*eye)
		qx, qy = float64(qx*mag), float64(qy*mag)
	}
	return qx, qy, depth, mag
}

// bounds returns the extent of the projection (radii included).
func (v *View) bounds() (x0, x1, y0, y1 float64) {
	g := v.g
	if v.proj >= Orthographic {
		r := g.radius
		if v.proj == Perspective {
			r *= 4.0 / math.Sqrt(15) // the silhouette of the bounding sphere
		}
		return -r, r, -r, r
	}
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for i := 0; i < g.n; i++ {
		for k, p := range [2]vec3{g.a[i], g.b[i]} {
			if !p.finite() {
				continue
			}
			r := g.ra[i]
			if k == 1 {
				r = g.rb[i]
			}
			qx, qy, _, _ := v.project(p)
			x0, x1 = math.Min(x0, qx-r), math.Max(x1, qx+r)
			y0, y1 = math.Min(y0, qy-r), math.Max(y1, qy+r)
		}
	}
	if x0 > x1 {
		return -1e-6, 1e-6, -1e-6, 1e-6
	}
	return x0, x1, y0, y1
}

// theme returns the view's theme with unset sizes filled in.
func (v *View) theme() *render.Theme {
	th := &v.scratch.theme
	*th = v.Theme
	d := render.DefaultTheme()
	if th.Foreground.A == 0 {
		th.Foreground = d.Foreground
	}
	for _, p := range []struct{ v, d *float64 }{{&th.FontSize, &d.FontSize}, {&th.LabelSize, &d.LabelSize}, {&th.Pad, &d.Pad}, {&th.TickLength, &d.TickLength}, {&th.AxisWidth, &d.AxisWidth}, {&th.LineWidth, &d.LineWidth}} {
		if !(*p.v > 0) {
			*p.v = *p.d
		}
	}
	if len(th.Palette) == 0 {
		th.Palette = d.Palette
	}
	return th
}

// Draw draws the morphology into r of c, each compartment k coloured by
// values[k] (SI units; nil or too short a slice: one plain colour, NaN:
// grey), with the colour bar at the right. values may be a live
// simulation's own slice: Draw only reads it.
func (v *View) Draw(c render.Canvas, r render.Rect, values []float64) {
	s := &v.scratch
	th := v.theme()
	s.rect = r
	s.centre = render.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
	s.valid = false
	if r.Empty() || !finite(r.Dx()) || !finite(r.Dy()) {
		return
	}
	if th.Background.A != 0 {
		s.path.Reset()
		s.path.Rect(r)
		c.Fill(&s.path, th.Background)
	}
	if len(values) < v.g.n {
		values = nil
	}
	v.valueRange(values)
	area := r
	if values != nil && v.Colorbar && v.g.n > 0 {
		w := v.colorbarWidth(r, th)
		if w < r.Dx()/2 {
			v.drawColorbar(c, render.R(r.Max.X-w, r.Min.Y, r.Max.X, r.Max.Y), th)
			area.Max.X -= w
		}
	}
	c.PushClip(area)
	defer c.PopClip()
	if v.proj == Dendrogram {
		v.drawDendrogram(c, area, values, th)
		return
	}
	pad := th.Pad
	inner := render.R(area.Min.X+pad, area.Min.Y+pad, area.Max.X-pad, area.Max.Y-pad)
	if inner.Empty() {
		return
	}
	x0, x1, y0, y1 := v.bounds()
	fit := math.Min(inner.Dx()/(x1-x0), inner.Dy()/(y1-y0))
	if !(fit > 0) || math.IsInf(fit, 0) {
		return
	}
	k := float64(fit * v.zoom)
	cx, cy := (inner.Min.X+inner.Max.X)/2+v.panX, (inner.Min.Y+inner.Max.Y)/2+v.panY
	s.centre = render.Point{X: (inner.Min.X + inner.Max.X) / 2, Y: (inner.Min.Y + inner.Max.Y) / 2}
	m := screenMap{ox: cx - float64(k*(x0+x1)/2), oy: cy + float64(k*(y0+y1)/2), kx: k, ky: k}
	v.drawShape(c, m, values, th)
	if v.ScaleBar && v.proj != Perspective {
		v.drawScaleBar(c, area, k, th)
	}
	if v.proj >= Orthographic {
		v.drawAxes(c, area, th)
	}
}

// drawAxes draws the directions of x, y and z at the bottom right of
// area, so that a turned view says which way it looks.
func (v *View) drawAxes(c render.Canvas, area render.Rect, th *render.Theme) {
	const l = 18
	ox, oy := area.Max.X-th.Pad-l-8, area.Max.Y-th.Pad-l-8
	if ox < area.Min.X || oy < area.Min.Y {
		return
	}
	s := &v.scratch
	s.path.Reset()
	axes := [3]vec3{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}
	for _, a := range axes {
		s.path.MoveTo(ox, oy)
		s.path.LineTo(ox+float64(l*dot(v.rot[0], a)), oy-float64(l*dot(v.rot[1], a)))
	}
	c.Stroke(&s.path, render.LineStyle{Width: 1, Color: th.Foreground})
	st := render.TextStyle{Size: th.FontSize * 0.85, Color: th.Foreground, HAlign: render.Center, VAlign: render.Middle}
	for k, a := range axes {
		x, y := dot(v.rot[0], a), dot(v.rot[1], a)
		c.Text(ox+float64((l+7)*x), oy-float64((l+7)*y), "xyz"[k:k+1], st)
	}
}

// valueRange sets the range the colours span.
func (v *View) valueRange(values []float64) {
	s := &v.scratch
	lo, hi := v.lo, v.hi
	if values != nil && (math.IsNaN(lo) || math.IsNaN(hi)) {
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, x := range values[:v.g.n] {
			if finite(x) {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
		}
	}
	if !finite(lo) || !finite(hi) {
		lo, hi = 0, 1
	}
	if hi-lo <= 1e-12*math.Max(math.Abs(lo), math.Abs(hi)) {
		if lo == 0 && hi == 0 {
			lo, hi = -1, 1
		} else {
			lo, hi = lo-0.05*math.Abs(lo), hi+0.05*math.Abs(hi)
		}
	}
	s.vlo, s.vhi = lo, hi
}

// levels returns the number of colours.
func (v *View) levels() int {
	if v.Levels > 0 {
		return min(v.Levels, 256)
	}
	return 64
}

func (v *View) cmap() *Colormap {
	if v.Colormap != nil {
		return v.Colormap
	}
	return Viridis
}

// level returns the colour level of value x: 0 to levels-1, or -1 for
// NaN (grey).
func (v *View) level(x float64) int {
	if math.IsNaN(x) {
		return -1
	}
	s := &v.scratch
	n := v.levels()
	t := (x - s.vlo) / (s.vhi - s.vlo)
	switch {
	case !(t > 0): // −Inf too
		return 0
	case t >= 1: // +Inf too
		return n - 1
	}
	return min(int(t*float64(n)), n-1)
}

// levelColor returns the colour of level k.
func (v *View) levelColor(k int) color.NRGBA {
	return v.cmap().At((float64(k) + 0.5) / float64(v.levels()))
}

// missing is the colour of compartments whose value is NaN.
var missing = color.NRGBA{0xa0, 0xa0, 0xa0, 0xff}

// paths returns the scratch paths, one per level plus one for NaN (the
// last), emptied.
func (v *View) paths() []render.Path {
	s := &v.scratch
	n := v.levels() + 1
	if len(s.paths) < n {
		s.paths = append(s.paths, make([]render.Path, n-len(s.paths))...)
	}
	for k := range s.paths {
		s.paths[k].Reset()
	}
	return s.paths[:n]
}

// fillLevels fills each non-empty level path in its colour; with no
// values everything is in path 0 and takes the plain colour.
func (v *View) fillLevels(c render.Canvas, paths []render.Path, values []float64, th *render.Theme) {
	n := len(paths) - 1
	for k := 0; k < n; k++ {
		if paths[k].Empty() {
			continue
		}
		col := v.levelColor(k)
		if values == nil {
			col = th.Palette[0]
		}
		c.Fill(&paths[k], col)
	}
	if !paths[n].Empty() {
		c.Fill(&paths[n], missing)
	}
}

// pathFor returns the path compartment i is drawn into.
func (v *View) pathFor(paths []render.Path, values []float64, i int) *render.Path {
	if values == nil {
		return &paths[0]
	}
	k := v.level(values[i])
	if k < 0 {
		return &paths[len(paths)-1]
	}
	return &paths[k]
}

// circles holds the unit circle with 8, 16, 32 and 64 sides, computed
// once: discs are drawn every frame.
var circles = func() [4][]render.Point {
	var c [4][]render.Point
	for k := range c {
		n := 8 << k
		c[k] = make([]render.Point, n)
		for j := range c[k] {
			a := (float64(j) + 0.5) * 2 * math.Pi / float64(n)
			c[k][j] = render.Point{X: math.Cos(a), Y: math.Sin(a)}
		}
	}
	return c
}()

// disc adds a circle of radius r around (x, y), with enough sides to
// look round at that size.
func disc(p *render.Path, x, y, r float64) {
	k := 0
	switch {
	case r > 80:
		k = 3
	case r > 20:
		k = 2
	case r > 6:
		k = 1
	}
	for j, q := range circles[k] {
		px, py := x+float64(r*q.X), y+float64(r*q.Y)
		if j == 0 {
			p.MoveTo(px, py)
		} else {
			p.LineTo(px, py)
		}
	}
	p.Close()
}
