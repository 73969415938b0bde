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
	lines  []render.Path // thin compartments, stroked
	run    lineRun
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

// neurites draws the compartments that are not somata and whose depth
// in passes (all when in is nil), one path per colour: those of about
// the same width at both ends as lines, the others filled.
//
// A line is what a GPU draws best: two triangles a segment, smoothed by
// the Ebiten back-end's shader, where a filled quadrilateral is ten (a
// fan, and a fringe a pixel wide along each edge). So a compartment no wider than lineMax pixels whose two ends
// differ by less than lineStep (most of a reconstruction seen whole) is
// a segment of a stroke, its width rounded to lineStep, one stroke per
// width and colour; a run of such compartments of one colour in a
// section that lie within lineTol of a straight line is one segment.
// Where the section bends, each segment reaches on past its ends by
// half its width times the tangent of half the turn (at most half its
// width), so that the corners outside the bend are filled as a mitre
// fills them. In a generated tree of 8 000 compartments, each in a colour
// of its own, the lines are a sixth of the quadrilaterals' triangles, and
// a frame with Ebiten on a GPU in software is four times faster
// (docs/performance.md).
func (v *View) neurites(c render.Canvas, values []float64, th *render.Theme, in func(float64) bool) {
	g, s, f := v.g, &v.scratch, v.g.flat
	paths := v.paths()
	lines := v.linePaths()
	nl := v.levels() + 1
	for sec := range f.Sections {
		lo, hi := f.Start[sec], f.End[sec]
		for i := lo; i < hi; i++ {
			if g.soma[i] || !(in == nil || in(s.depth[i])) {
				v.endLine(lo, hi)
				continue
			}
			if k, ok := v.lineWidth(i); ok {
				v.line(v.pathFor(lines[k*nl:(k+1)*nl], values, i), i, k, lo, hi)
				continue
			}
			v.endLine(lo, hi)
			v.compartment(v.pathFor(paths, values, i), i, lo, hi)
		}
		v.endLine(lo, hi)
		// A disc where a wide section leaves its parent hides the notch
		// between them (under a line up to 3 pixels wide the notch is
		// under a pixel, and the line's reach covers most of it).
		_, isLine := v.lineWidth(lo)
		if p := f.Parent[sec]; p >= 0 && hi > lo && !g.soma[lo] && s.hwa[lo] > 1 && !(isLine && s.hwa[lo] <= 1.5) && !g.soma[f.Start[p]] && (in == nil || in(s.depth[lo])) {
			if pt := s.sa[lo]; finite(pt.X) && finite(pt.Y) {
				disc(v.pathFor(paths, values, lo), pt.X, pt.Y, s.hwa[lo])
			}
		}
	}
	v.fillLevels(c, paths, values, th)
	v.strokeLevels(c, lines, values, th)
}

// Compartments drawn as lines: at most lineMax pixels wide, of the same
// width at both ends within lineStep, their width rounded to a multiple
// of lineStep above MinWidth (lineWidths widths in all); a run of them
// is one segment where its ends lie within lineTol pixels of the
// segment.
const (
	lineMax    = 8.0
	lineStep   = 0.25
	lineWidths = 27 // (lineMax-1.5)/lineStep + 1: the widths from the default MinWidth
	lineTol    = 0.25
	lineRunMax = 32 // the most compartments one segment stands for
)

// lineWidth reports whether compartment i is drawn as a line, and in
// which width: MinWidth + k*lineStep.
func (v *View) lineWidth(i int) (int, bool) {
	s := &v.scratch
	if i < 0 || i >= len(s.hwa) || !s.nok[i] || v.g.soma[i] {
		return 0, false
	}
	wa, wb := s.hwa[i], s.hwb[i]
	if math.Abs(wa-wb) > lineStep/2 {
		return 0, false
	}
	mw := v.minWidth()
	k := int(math.Round((wa + wb - mw) / lineStep))
	if k < 0 || k >= lineWidths || mw+float64(k)*lineStep > math.Max(lineMax, mw) {
		return 0, false
	}
	return k, true
}

// lineRun is the segment a section's line compartments are gathered into.
type lineRun struct {
	p           *render.Path // nil: none
	first, last int          // the compartments it stands for
	width       int          // their lineWidth
	ends        []render.Point
}

// line adds compartment i (of the section [lo, hi), drawn in width k)
// to p: to the segment being gathered when it continues it in the same
// colour and width and the whole stays within lineTol of one straight
// segment, else as the start of a new one.
func (v *View) line(p *render.Path, i, k, lo, hi int) {
	s := &v.scratch
	r := &s.run
	if r.p == p && r.last == i-1 && r.last-r.first < lineRunMax && s.sb[i-1] == s.sa[i] {
		r.ends = append(r.ends, s.sa[i])
		if near(s.sa[r.first], s.sb[i], r.ends) {
			r.last = i
			return
		}
		r.ends = r.ends[:len(r.ends)-1]
	}
	v.endLine(lo, hi)
	r.p, r.first, r.last, r.width = p, i, i, k
}

// endLine adds the segment being gathered, if any, to its path, reaching
// on past its ends into the bends of the section [lo, hi).
func (v *View) endLine(lo, hi int) {
	s := &v.scratch
	r := &s.run
	if r.p == nil {
		return
	}
	a, b := s.sa[r.first], s.sb[r.last]
	p := r.p
	r.p, r.ends = nil, r.ends[:0]
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Sqrt(float64(dx*dx) + float64(dy*dy))
	if !(l > 1e-9) || math.IsInf(l, 0) {
		return
	}
	dx, dy = dx/l, dy/l
	hw := (v.minWidth() + float64(r.width)*lineStep) / 2
	e0 := v.reach(r.first-1, lo, hi, a, dx, dy, hw, true)
	e1 := v.reach(r.last+1, lo, hi, b, dx, dy, hw, false)
	p.MoveTo(a.X-float64(e0*dx), a.Y-float64(e0*dy))
	p.LineTo(b.X+float64(e1*dx), b.Y+float64(e1*dy))
}

// reach returns how far a segment of half width hw in the direction
// (dx, dy) reaches on past its end at q towards compartment j (the one
// before it when before): hw times the tangent of half the turn between
// them, at least a quarter of a pixel (neighbours overlap, so that no
// background shows between their smoothed ends) and at most hw; none
// when j is not the section's compartment joined at q.
func (v *View) reach(j, lo, hi int, q render.Point, dx, dy, hw float64, before bool) float64 {
	s := &v.scratch
	if j < lo || j >= hi || v.g.soma[j] || !s.nok[j] {
		return 0
	}
	if before && s.sb[j] != q || !before && s.sa[j] != q {
		return 0
	}
	// The direction of j is its normal turned back a quarter.
	cos := float64(dx*s.ny[j]) - float64(dy*s.nx[j])
	if cos <= 0 {
		return hw
	}
	t := math.Sqrt(math.Max(0, (1-cos)/(1+cos)))
	return math.Min(math.Max(hw*t, 0.25), hw)
}

// near reports whether every point of pts lies within lineTol of the
// segment from o to b.
func near(o, b render.Point, pts []render.Point) bool {
	dx, dy := b.X-o.X, b.Y-o.Y
	l2 := float64(dx*dx) + float64(dy*dy)
	for _, q := range pts {
		qx, qy := q.X-o.X, q.Y-o.Y
		t := 0.0
		if l2 > 0 {
			t = math.Max(0, math.Min(1, (float64(qx*dx)+float64(qy*dy))/l2))
		}
		ex, ey := qx-float64(t*dx), qy-float64(t*dy)
		if float64(ex*ex)+float64(ey*ey) > lineTol*lineTol {
			return false
		}
	}
	return true
}

// linePaths returns the scratch paths of compartments drawn as lines,
// one per width and level plus one per width for NaN, emptied.
func (v *View) linePaths() []render.Path {
	s := &v.scratch
	n := lineWidths * (v.levels() + 1)
	if len(s.lines) < n {
		s.lines = append(s.lines, make([]render.Path, n-len(s.lines))...)
	}
	for k := range s.lines {
		s.lines[k].Reset()
	}
	return s.lines[:n]
}

// strokeLevels strokes each non-empty path of linePaths in its width and
// colour, as fillLevels fills.
func (v *View) strokeLevels(c render.Canvas, paths []render.Path, values []float64, th *render.Theme) {
	n := v.levels()
	for w := 0; w < lineWidths; w++ {
		st := render.LineStyle{Width: v.minWidth() + float64(w)*lineStep}
		for k := 0; k <= n; k++ {
			p := &paths[w*(n+1)+k]
			if p.Empty() {
				continue
			}
			switch {
			case k == n:
				st.Color = missing
			case values == nil:
				st.Color = th.Palette[0]
			default:
				st.Color = v.levelColor(k)
			}
			c.Stroke(p, st)
		}
	}
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
	// convex polygon best: the Ebiten back-end fills it as a fan of
	// triangles with a fringe along its edges, while a single concave
	// one sends the whole path through the nonzero rule (a stencil,
	// without the fringe), several times slower on a GPU in software
	// (docs/performance.md). So the
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
	// All polygons turn the same way as the discs: a canvas fills a path
	// by the nonzero rule, where a quadrilateral turning the other way
	// over a disc of its colour would cut a hole in it.
	if area(q[:]) < 0 {
		q[1], q[3] = q[3], q[1]
	}
	p.MoveTo(q[0].X, q[0].Y)
	p.LineTo(q[1].X, q[1].Y)
	p.LineTo(q[2].X, q[2].Y)
	p.LineTo(q[3].X, q[3].Y)
	p.Close()
}

// area returns twice the signed area of the polygon pts, positive when
// it turns as the discs do (clockwise on the screen, whose y axis points
// down).
func area(pts []render.Point) float64 {
	a := 0.0
	for k := range pts {
		p, q := pts[k], pts[(k+1)%len(pts)]
		a += float64(p.X*q.Y) - float64(q.X*p.Y)
	}
	return a
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
