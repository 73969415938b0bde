package morphviz

import (
	"math"
	"sort"

	"github.com/myelin-sim/myelin/core/morph"
)

// vec3 is a point in space, in metres.
type vec3 struct{ x, y, z float64 }

func (a vec3) sub(b vec3) vec3 { return vec3{a.x - b.x, a.y - b.y, a.z - b.z} }

func (a vec3) finite() bool { return finite(a.x) && finite(a.y) && finite(a.z) }

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// geometry is a morphology prepared for drawing: for every compartment,
// in Brian2's order, the points where it starts and ends and its radius
// there. It is computed once, when a View is made.
type geometry struct {
	flat   *morph.Flat // the morphology as given (names, distances)
	n      int
	a, b   []vec3    // start and end of each compartment
	ra, rb []float64 // radii at a and b
	soma   []bool    // the compartment is a soma: a sphere of radius ra at a
	// lo and hi bound every drawn point, radii included; centre and radius
	// are the middle of that box and half its diagonal.
	lo, hi vec3
	centre vec3
	radius float64

	// The dendrogram: each section's x (in terminal positions) and the
	// number of terminals.
	dendroX    []float64
	dendroTerm int
}

// newGeometry prepares root (and the tree below it) for drawing. Sections
// without coordinates get them as Brian2's generate_coordinates places
// them, without randomness.
func newGeometry(root *morph.Section) *geometry {
	g := &geometry{}
	if root == nil || root.TotalCompartments() == 0 {
		g.flat = &morph.Flat{}
		return g
	}
	f := root.Flatten()
	g.flat, g.n = f, f.N
	cf := f
	turn := false
	if !complete(f) {
		if gen, err := root.GenerateCoordinates(morph.CoordOptions{}); err == nil {
			if gf := gen.Flatten(); gf.N == f.N && gf.HasCoordinates {
				cf = gf
				// Brian2 sends a soma's first child along -y; a quarter
				// turn sends it right, along +x, which suits wide screens.
				turn = !f.HasCoordinates
			}
		}
	}
	n := f.N
	g.a, g.b = make([]vec3, n), make([]vec3, n)
	g.ra, g.rb = make([]float64, n), make([]float64, n)
	g.soma = make([]bool, n)
	nan := vec3{math.NaN(), math.NaN(), math.NaN()}
	inf := math.Inf(1)
	g.lo, g.hi = vec3{inf, inf, inf}, vec3{-inf, -inf, -inf}
	for i := 0; i < n; i++ {
		g.a[i], g.b[i] = nan, nan
		if cf.HasCoordinates {
			g.a[i] = vec3{cf.StartX[i], cf.StartY[i], cf.StartZ[i]}
			g.b[i] = vec3{cf.EndX[i], cf.EndY[i], cf.EndZ[i]}
		}
		g.ra[i], g.rb[i] = f.StartDiameter[i]/2, f.EndDiameter[i]/2
		if f.Sections[f.SectionOf[i]].Kind() == morph.KindSoma {
			g.soma[i] = true
			g.a[i] = vec3{cf.X[i], cf.Y[i], cf.Z[i]}
			if !cf.HasCoordinates {
				g.a[i] = nan
			}
			g.b[i] = g.a[i]
			g.ra[i] = f.Diameter[i] / 2
			g.rb[i] = g.ra[i]
		}
		for _, r := range []*float64{&g.ra[i], &g.rb[i]} {
			if !(*r >= 0) || math.IsInf(*r, 0) {
				*r = 0
			}
		}
		if turn {
			g.a[i] = vec3{-g.a[i].y, g.a[i].x, g.a[i].z}
			g.b[i] = vec3{-g.b[i].y, g.b[i].x, g.b[i].z}
		}
		g.grow(g.a[i], g.ra[i])
		g.grow(g.b[i], g.rb[i])
	}
	if g.lo.x > g.hi.x { // nothing has coordinates
		g.lo, g.hi = vec3{}, vec3{}
	}
	g.centre = vec3{(g.lo.x + g.hi.x) / 2, (g.lo.y + g.hi.y) / 2, (g.lo.z + g.hi.z) / 2}
	// The radius of the smallest sphere about the centre holding every
	// point: a 3-D view that fits it keeps its scale as it turns.
	for i := 0; i < n; i++ {
		for k, p := range [2]vec3{g.a[i], g.b[i]} {
			if p.finite() {
				d := p.sub(g.centre)
				r := g.ra[i]
				if k == 1 {
					r = g.rb[i]
				}
				g.radius = math.Max(g.radius, math.Sqrt(dot(d, d))+r)
			}
		}
	}
	if !(g.radius > 0) {
		g.radius = math.Max(maxOf(g.ra), 1e-6)
	}
	g.layoutDendrogram()
	return g
}

func maxOf(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = math.Max(m, x)
	}
	return m
}

// grow widens the bounding box by a sphere of radius r around p.
func (g *geometry) grow(p vec3, r float64) {
	if !p.finite() {
		return
	}
	g.lo = vec3{math.Min(g.lo.x, p.x-r), math.Min(g.lo.y, p.y-r), math.Min(g.lo.z, p.z-r)}
	g.hi = vec3{math.Max(g.hi.x, p.x+r), math.Max(g.hi.y, p.y+r), math.Max(g.hi.z, p.z+r)}
}

// complete reports whether every compartment of f has coordinates.
func complete(f *morph.Flat) bool {
	if !f.HasCoordinates {
		return false
	}
	for i := 0; i < f.N; i++ {
		if !finite(f.StartX[i]) || !finite(f.EndX[i]) || !finite(f.X[i]) {
			return false
		}
	}
	return true
}

// layoutDendrogram places the sections of a dendrogram as brian2tools'
// plot_dendrogram does: the terminal sections side by side, one unit
// apart, and every other section above the middle of the outermost
// terminals below it. Where a section branches, the subtree whose first
// section ends nearer the root goes left (brian2tools orders the terminals
// by the sections above them sorted by their distance from the root, which
// comes to the same).
func (g *geometry) layoutDendrogram() {
	f := g.flat
	ns := len(f.Sections)
	g.dendroX = make([]float64, ns)
	if ns == 0 {
		return
	}
	lo := make([]float64, ns)
	hi := make([]float64, ns)
	term := 0
	// An explicit stack: deep trees stay off the Go stack. Each section is
	// pushed twice: to visit its children, then to place it after them.
	type item struct {
		s    int
		done bool
	}
	stack := []item{{0, false}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		kids := f.Children[it.s]
		if it.done {
			lo[it.s], hi[it.s] = math.Inf(1), math.Inf(-1)
			for _, k := range kids {
				lo[it.s] = math.Min(lo[it.s], lo[k])
				hi[it.s] = math.Max(hi[it.s], hi[k])
			}
			g.dendroX[it.s] = (lo[it.s] + hi[it.s]) / 2
			continue
		}
		if len(kids) == 0 {
			lo[it.s], hi[it.s] = float64(term), float64(term)
			g.dendroX[it.s] = float64(term)
			term++
			continue
		}
		order := append([]int(nil), kids...)
		sort.SliceStable(order, func(i, j int) bool { return f.EndDistance[order[i]] < f.EndDistance[order[j]] })
		stack = append(stack, item{it.s, true})
		for k := len(order) - 1; k >= 0; k-- {
			stack = append(stack, item{order[k], false})
		}
	}
	g.dendroTerm = term
}
