package morphviz

import (
	"math"
	"strconv"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// scratch is what a View keeps between frames.
type scratch struct {
	theme  render.Theme
	rect   render.Rect  // the last Draw's rectangle
	centre render.Point // the point Zoom and Pan are relative to
	paths  []render.Path
	path   render.Path
	// For picking, per compartment on screen: the ends of its axis, the
	// half widths there and its depth towards the viewer (a soma: its
	// centre twice and its radius).
	sa, sb     []render.Point
	hwa, hwb   []float64
	depth      []float64
	nx, ny     []float64 // the unit normal of each axis on screen
	nok        []bool    // the axis is long enough to have a normal
	valid      bool      // the arrays describe the last Draw
	values     []float64
	vlo, vhi   float64
	ticks      []float64
	tickLabels []string
	label      string
}

// ensure sizes the per-compartment scratch arrays.
func (s *scratch) ensure(n int) {
	if len(s.sa) != n {
		s.sa, s.sb = make([]render.Point, n), make([]render.Point, n)
		s.hwa, s.hwb, s.depth = make([]float64, n), make([]float64, n), make([]float64, n)
		s.nx, s.ny, s.nok = make([]float64, n), make([]float64, n), make([]bool, n)
	}
}

func (v *View) minWidth() float64 {
	if v.MinWidth > 0 && finite(v.MinWidth) {
		return v.MinWidth
	}
	return 1.5
}

// drawShape draws the compartments through m: each one a quadrilateral
// as wide as its diameters at its two ends (at least MinWidth), mitred to
// its neighbours in the section so that bends show no cracks, and each
// soma a disc. Compartments are gathered into one path per colour, so the
// canvas sees at most Levels+1 fills for the neurites and as many for the
// somata (twice as many for neurites in a 3-D view, drawn behind the soma
// and in front of it), however many compartments there are. Neurites are
// not otherwise sorted by depth: where branches cross, the colour drawn
// later wins.
func (v *View) drawShape(c render.Canvas, m screenMap, values []float64, th *render.Theme) {
	g := v.g
	s := &v.scratch
	n := g.n
	s.ensure(n)
	s.values = values
	minHW := v.minWidth() / 2
	kw := math.Min(m.kx, m.ky)
	for i := 0; i < n; i++ {
		ax, ay, da, ma := v.project(g.a[i])
		bx, by, db, mb := v.project(g.b[i])
		s.sa[i] = render.Point{X: m.X(ax), Y: m.Y(ay)}
		s.sb[i] = render.Point{X: m.X(bx), Y: m.Y(by)}
		s.hwa[i] = math.Max(float64(g.ra[i]*kw)*ma, minHW)
		s.hwb[i] = math.Max(float64(g.rb[i]*kw)*mb, minHW)
		s.depth[i] = (da + db) / 2
		s.nx[i], s.ny[i], s.nok[i] = normal(s.sa[i], s.sb[i])
	}
	s.valid = true
	// Where the neurites go relative to the somata: in a 3-D view, those
	// behind the (first) soma's centre go under it and the others over
	// it; in XY, XZ and YZ all go over it, as brian2tools draws them, so
	// that one sees where they leave it.
	split, three := math.Inf(-1), v.proj >= Orthographic
	if three {
		for i := 0; i < n; i++ {
			if g.soma[i] {
				split = s.depth[i]
				break
			}
		}
	}
	if three && !math.IsInf(split, -1) {
		v.neurites(c, values, th, func(d float64) bool { return d <= split })
		v.somata(c, values, th)
		v.neurites(c, values, th, func(d float64) bool { return !(d <= split) })
	} else {
		v.somata(c, values, th)
		v.neurites(c, values, th, nil)
	}
	v.drawHighlight(c, th)
}

// neurites fills the compartments that are not somata and whose depth
// in passes (all when in is nil), one path per colour.
func (v *View) neurites(c render.Canvas, values []float64, th *render.Theme, in func(float64) bool) {
	g, s, f := v.g, &v.scratch, v.g.flat
	paths := v.paths()
	for sec := range f.Sections {
		lo, hi := f.Start[sec], f.End[sec]
		for i := lo; i < hi; i++ {
			if !g.soma[i] && (in == nil || in(s.depth[i])) {
				v.compartment(v.pathFor(paths, values, i), i, lo, hi)
			}
		}
		// A disc where a wide section leaves its parent hides the notch
		// between them.
		if p := f.Parent[sec]; p >= 0 && hi > lo && !g.soma[lo] && s.hwa[lo] > 1 && !g.soma[f.Start[p]] && (in == nil || in(s.depth[lo])) {
			if pt := s.sa[lo]; finite(pt.X) && finite(pt.Y) {
				disc(v.pathFor(paths, values, lo), pt.X, pt.Y, s.hwa[lo])
			}
		}
	}
	v.fillLevels(c, paths, values, th)
}

// somata fills the somata, discs, one path per colour.
func (v *View) somata(c render.Canvas, values []float64, th *render.Theme) {
	g, s := v.g, &v.scratch
	paths := v.paths()
	for i := 0; i < g.n; i++ {
		if g.soma[i] {
			if pt := s.sa[i]; finite(pt.X) && finite(pt.Y) && finite(s.hwa[i]) {
				disc(v.pathFor(paths, values, i), pt.X, pt.Y, s.hwa[i])
			}
		}
	}
	v.fillLevels(c, paths, values, th)
}

// drawHighlight outlines the highlighted compartment as it was drawn.
func (v *View) drawHighlight(c render.Canvas, th *render.Theme) {
	g, s := v.g, &v.scratch
	k := v.hl
	if k < 0 || k >= g.n || !s.valid {
		return
	}
	a, b := s.sa[k], s.sb[k]
	if !finite(a.X) || !finite(a.Y) || !finite(b.X) || !finite(b.Y) {
		return
	}
	s.path.Reset()
	switch {
	case v.proj == Dendrogram && !(g.soma[k] && a == b):
		s.path.Rect(render.R(a.X-s.hwa[k]-1, a.Y+1, b.X+s.hwb[k]+1, b.Y-1))
	case g.soma[k] || !s.nok[k]:
		disc(&s.path, a.X, a.Y, math.Max(s.hwa[k], s.hwb[k])+1)
	default:
		f := g.flat
		sec := f.SectionOf[k]
		wa, wb := s.hwa[k], s.hwb[k]
		s.hwa[k], s.hwb[k] = wa+1, wb+1
		v.compartment(&s.path, k, f.Start[sec], f.End[sec])
		s.hwa[k], s.hwb[k] = wa, wb
	}
	c.Stroke(&s.path, render.LineStyle{Width: 2, Color: th.Foreground})
}

// normal returns the unit normal of the screen segment a→b, ok false
// when it is too short to have a direction.
func normal(a, b render.Point) (nx, ny float64, ok bool) {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Sqrt(float64(dx*dx) + float64(dy*dy))
	if !(l > 1e-9) || math.IsInf(l, 0) {
		return 0, 0, false
	}
	return -dy / l, dx / l, true
}

// joint returns the offset direction at the point shared by compartments
// i and j (j may be out of [lo, hi)): the bisector of their normals,
// lengthened so the edges meet (at most twice), or i's own normal.
func (v *View) joint(i, j, lo, hi int, nx, ny float64, start bool) (float64, float64) {
	s := &v.scratch
	if j < lo || j >= hi || v.g.soma[j] {
		return nx, ny
	}
	if start && s.sb[j] != s.sa[i] || !start && s.sa[j] != s.sb[i] {
		return nx, ny
	}
	if !s.nok[j] {
		return nx, ny
	}
	bx, by := nx+s.nx[j], ny+s.ny[j]
	l := math.Sqrt(float64(bx*bx) + float64(by*by))
	if l < 1e-6 {
		return nx, ny
	}
	bx, by = bx/l, by/l
	cos := float64(bx*nx) + float64(by*ny)
	f := 1 / math.Max(cos, 0.5)
	return float64(bx * f), float64(by * f)
}

// compartment adds compartment i (of the section [lo, hi)) to p.
func (v *View) compartment(p *render.Path, i, lo, hi int) {
	s := &v.scratch
	a, b := s.sa[i], s.sb[i]
	if !finite(a.X) || !finite(a.Y) || !finite(b.X) || !finite(b.Y) {
		return
	}
	nx, ny, ok := s.nx[i], s.ny[i], s.nok[i]
	if !ok {
		// Seen end-on, or of no length: a disc.
		disc(p, a.X, a.Y, math.Max(s.hwa[i], s.hwb[i]))
		return
	}
	ax, ay := v.joint(i, i-1, lo, hi, nx, ny, true)
	bx, by := v.joint(i, i+1, lo, hi, nx, ny, false)
	wa, wb := s.hwa[i], s.hwb[i]
	// Neighbours overlap by half a pixel, so that hardly any background
	// shows between their anti-aliased edges, and their edges, drawn
	// twice there, hardly darken.
	ux, uy := float64(ny*0.25), float64(-nx*0.25)
	if i > lo {
		a.X, a.Y = a.X-ux, a.Y-uy
	}
	if i < hi-1 {
		b.X, b.Y = b.X+ux, b.Y+uy
	}
	// A mitre can make the quadrilateral concave or twisted (a sharp
	// bend, a short compartment beside a wide one). Canvases fill a
	// convex polygon best: the Ebiten back-end anti-aliases it, while a
	// single concave one sends the whole path through the nonzero rule,
	// unsmoothed and several times slower on a GPU in software. So the
	// mitre is given up at one end, then at both, until the quadrilateral
	// is convex; without mitres it is a trapezoid, always convex.
	var q [4]render.Point
	for try := 0; ; try++ {
		switch try {
		case 1:
			bx, by = nx, ny
		case 2:
			ax, ay = nx, ny
			bx, by = v.joint(i, i+1, lo, hi, nx, ny, false)
		case 3:
			bx, by = nx, ny
		}
		q = [4]render.Point{
			{X: a.X + float64(ax*wa), Y: a.Y + float64(ay*wa)},
			{X: b.X + float64(bx*wb), Y: b.Y + float64(by*wb)},
			{X: b.X - float64(bx*wb), Y: b.Y - float64(by*wb)},
			{X: a.X - float64(ax*wa), Y: a.Y - float64(ay*wa)},
		}
		if try == 3 || convex(q[:]) {
			break
		}
	}
	p.MoveTo(q[0].X, q[0].Y)
	p.LineTo(q[1].X, q[1].Y)
	p.LineTo(q[2].X, q[2].Y)
	p.LineTo(q[3].X, q[3].Y)
	p.Close()
}

// convex reports whether the polygon pts turns the same way at every
// corner (straight corners allowed): the rule render's Ebiten back-end
// uses to choose how it fills a polygon.
func convex(pts []render.Point) bool {
	n := len(pts)
	sign := 0
	for k := 0; k < n; k++ {
		a, b, d := pts[k], pts[(k+1)%n], pts[(k+2)%n]
		cr := float64((b.X-a.X)*(d.Y-b.Y)) - float64((b.Y-a.Y)*(d.X-b.X))
		s := 0
		if cr > 0 {
			s = 1
		} else if cr < 0 {
			s = -1
		}
		if s != 0 {
			if sign != 0 && s != sign {
				return false
			}
			sign = s
		}
	}
	return true
}

// drawScaleBar draws a bar of a round length at the bottom left of area,
// k pixels per metre, labelled with its length ("100 µm").
func (v *View) drawScaleBar(c render.Canvas, area render.Rect, k float64, th *render.Theme) {
	target := area.Dx() / 5 / k
	if !(target > 0) || math.IsInf(target, 0) {
		return
	}
	u := render.BestUnit(units.DimLength, target)
	val := target / u.Scale
	p := math.Pow(10, math.Floor(math.Log10(val)))
	nice := p
	for _, m := range []float64{2, 5, 10} {
		if m*p <= val {
			nice = m * p
		}
	}
	px := float64(nice*u.Scale) * k
	if !(px >= 4) {
		return
	}
	x0 := area.Min.X + th.Pad + 2
	y := area.Max.Y - th.Pad - 2
	s := &v.scratch
	s.path.Reset()
	s.path.Rect(render.R(x0, y-2, x0+px, y))
	c.Fill(&s.path, th.Foreground)
	label := strconv.FormatFloat(nice, 'f', -1, 64)
	if u.Symbol != "" {
		label += " " + u.Symbol
	}
	c.Text(x0+px/2, y-5, label, render.TextStyle{Size: th.FontSize, Color: th.Foreground, HAlign: render.Center, VAlign: render.Bottom})
}
