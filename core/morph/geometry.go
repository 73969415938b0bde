package morph

import "math"

// The geometry of the compartments, with Brian2's formulas evaluated in
// Brian2's order of operations, so that the values agree with Brian2's to
// the last bit. Every product that takes part in a sum is rounded on its own
// (float64(a*b) + c), so that no platform fuses it into a multiply-add and
// the results are the same natively and in WebAssembly.

// Length returns the length of each compartment. For a soma it is the
// diameter, as in Brian2.
func (s *Section) Length() []float64 { return append([]float64(nil), s.length...) }

// StartDiameter returns the diameter at the start of each compartment.
// Brian2 defines it for cylinders and sections only; for a soma it is the
// diameter here.
func (s *Section) StartDiameter() []float64 {
	switch s.kind {
	case KindSection:
		return append([]float64(nil), s.diam[:s.n]...)
	case KindSoma:
		return []float64{s.diam[0]}
	}
	return append([]float64(nil), s.diam...)
}

// EndDiameter returns the diameter at the end of each compartment. Brian2
// defines it for cylinders and sections only; for a soma it is the diameter
// here.
func (s *Section) EndDiameter() []float64 {
	switch s.kind {
	case KindSection:
		return append([]float64(nil), s.diam[1:]...)
	case KindSoma:
		return []float64{s.diam[0]}
	}
	return append([]float64(nil), s.diam...)
}

// Diameter returns the diameter at the midpoint of each compartment: the
// mean of the diameters at its two ends, (d1+d2)/2, for a section.
func (s *Section) Diameter() []float64 {
	if s.kind != KindSection {
		return append([]float64(nil), s.diam...)
	}
	out := make([]float64, s.n)
	for i := range out {
		out[i] = 0.5 * (s.diam[i] + s.diam[i+1])
	}
	return out
}

// Area returns the membrane area of each compartment: pi*d² for a soma (the
// sphere), pi*d*l for a cylinder, and for a truncated cone of diameters d1,
// d2 and length l its lateral surface pi/2*(d1+d2)*sqrt((d1-d2)²/4 + l²).
// The discs at the ends of cylinders and cones are not counted.
func (s *Section) Area() []float64 {
	out := make([]float64, s.n)
	for i := range out {
		out[i] = s.area(i)
	}
	return out
}

func (s *Section) area(i int) float64 {
	switch s.kind {
	case KindSoma:
		d := s.diam[0]
		return math.Pi * (d * d)
	case KindCylinder:
		return math.Pi * s.diam[i] * s.length[i]
	}
	d1, d2, l := s.diam[i], s.diam[i+1], s.length[i]
	dd := d1 - d2
	return math.Pi / 2 * (d1 + d2) * math.Sqrt(float64(dd*dd)/4+float64(l*l))
}

// Volume returns the volume of each compartment: pi*d³/6 for a soma,
// pi*(d/2)²*l for a cylinder and pi*l*(d1² + d1*d2 + d2²)/12 for a
// truncated cone.
func (s *Section) Volume() []float64 {
	out := make([]float64, s.n)
	for i := range out {
		out[i] = s.volume(i)
	}
	return out
}

func (s *Section) volume(i int) float64 {
	switch s.kind {
	case KindSoma:
		return math.Pi * cube(s.diam[0]) / 6
	case KindCylinder:
		r := s.diam[i] / 2
		return math.Pi * (r * r) * s.length[i]
	}
	d1, d2, l := s.diam[i], s.diam[i+1], s.length[i]
	return math.Pi * l * (float64(d1*d1) + float64(d1*d2) + float64(d2*d2)) / 12
}

// RLength1 returns Brian2's r_length_1, in metres: the geometric factor of
// the axial conductance between the start and the midpoint of each
// compartment (divided by the intracellular resistivity it gives the
// conductance). For a cone it is pi/2*d1*dm/l with dm the diameter at the
// midpoint; pi/2*d²/l for a cylinder. For a soma Brian2 returns a fixed 1 m,
// standing for a negligible resistance.
func (s *Section) RLength1() []float64 {
	out := make([]float64, s.n)
	for i := range out {
		out[i] = s.rLength(i, true)
	}
	return out
}

// RLength2 returns Brian2's r_length_2, in metres: as RLength1, between the
// midpoint and the end of each compartment (pi/2*dm*d2/l for a cone).
func (s *Section) RLength2() []float64 {
	out := make([]float64, s.n)
	for i := range out {
		out[i] = s.rLength(i, false)
	}
	return out
}

func (s *Section) rLength(i int, first bool) float64 {
	switch s.kind {
	case KindSoma:
		return 1
	case KindCylinder:
		d := s.diam[i]
		return math.Pi / 2 * (d * d) / s.length[i]
	}
	d1, d2 := s.diam[i], s.diam[i+1]
	dm := (d1 + d2) * 0.5
	if first {
		return math.Pi / 2 * (d1 * dm) / s.length[i]
	}
	return math.Pi / 2 * (dm * d2) / s.length[i]
}

// cube returns d³ rounded once (nearly always; numpy's d**3 calls pow,
// which rounds once), where d*d*d rounds twice. d*d = hi + lo exactly, and
// hi*d = p + e exactly, so d³ = p + (e + lo*d) up to the tiny error of lo*d.
func cube(d float64) float64 {
	hi := d * d
	lo := math.FMA(d, d, -hi)
	p := hi * d
	e := math.FMA(hi, d, -p)
	return p + float64(e+float64(lo*d))
}

// distState is what a section passes to its children to compute distances:
// the distance of its last compartment's midpoint and of its end.
type distState struct{ last, end float64 }

// distances computes the distance of each compartment's midpoint from the
// root, given the parent's state (nil for the root), and this section's state.
func (s *Section) distances(p *distState) ([]float64, distState) {
	if s.kind == KindSoma {
		// Brian2: a soma is a point; it sits at the parent's last midpoint
		// and adds nothing to the distance of what follows.
		if p == nil {
			return []float64{0}, distState{}
		}
		return []float64{p.last}, distState{p.last, p.end}
	}
	base := 0.0
	if p != nil {
		base = p.end
	}
	if s.n == 0 { // a zero Section, not made by a constructor
		return nil, distState{base, base}
	}
	out := make([]float64, s.n)
	cum := 0.0
	for i, l := range s.length {
		cum += l
		out[i] = (base + cum) - float64(0.5*l)
	}
	last := out[s.n-1]
	return out, distState{last, last + float64(0.5*s.length[s.n-1])}
}

// ancestors returns the sections from the root down to s.
func (s *Section) ancestors() []*Section {
	var chain []*Section
	for c := s; c != nil; c = c.parent {
		chain = append(chain, c)
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain
}

func (s *Section) distState() ([]float64, distState) {
	var p *distState
	var d []float64
	var st distState
	for _, c := range s.ancestors() {
		d, st = c.distances(p)
		p = &st
	}
	return d, st
}

// Distance returns the distance from the root of the tree to the midpoint
// of each compartment, along the tree: the parent's end distance plus the
// lengths of the compartments before, plus half this one's. As in Brian2, a
// soma counts as a point: the root soma is at distance 0 and adds nothing to
// the distances below it, and a soma below a section has the distance of
// the parent's last midpoint.
func (s *Section) Distance() []float64 {
	d, _ := s.distState()
	return d
}

// EndDistance returns the distance from the root to the end of the section
// (Brian2's end_distance); for a soma, its parent's end distance, or 0.
func (s *Section) EndDistance() float64 {
	_, st := s.distState()
	return st.end
}

// HasCoordinates reports whether the section was given coordinates (points
// in space); without them, Brian2's x, y, z are None and Coordinates returns
// nil. GenerateCoordinates fills them in.
func (s *Section) HasCoordinates() bool { return s.x != nil }

// Coords are the coordinates of the compartments of a section, in metres:
// where each compartment starts, its midpoint, and where it ends (Brian2's
// start_x, x, end_x and so on). For a soma the three are its centre.
type Coords struct {
	StartX, StartY, StartZ []float64
	X, Y, Z                []float64
	EndX, EndY, EndZ       []float64
}

// endPoint returns the absolute end point of s (where its children's
// coordinates are relative to), ok false when s has no coordinates.
func (s *Section) endPoint(base *Point) (Point, bool) {
	if s.x == nil {
		return Point{}, false
	}
	if s.kind == KindSoma {
		return Point{s.x[0], s.y[0], s.z[0]}, true
	}
	n := s.n
	if base == nil {
		return Point{s.x[n], s.y[n], s.z[n]}, true
	}
	return Point{base.X + s.x[n], base.Y + s.y[n], base.Z + s.z[n]}, true
}

// coords computes the coordinates of s given the absolute end point of its
// parent (nil if the parent has none, or for the root).
func (s *Section) coords(base *Point) *Coords {
	if s.x == nil {
		return nil
	}
	c := &Coords{}
	if s.kind == KindSoma {
		x, y, z := []float64{s.x[0]}, []float64{s.y[0]}, []float64{s.z[0]}
		c.StartX, c.StartY, c.StartZ = x, y, z
		c.X, c.Y, c.Z = append([]float64(nil), x...), append([]float64(nil), y...), append([]float64(nil), z...)
		c.EndX, c.EndY, c.EndZ = append([]float64(nil), x...), append([]float64(nil), y...), append([]float64(nil), z...)
		return c
	}
	n := s.n
	abs := func(v []float64, b float64) []float64 {
		out := make([]float64, n+1)
		for i := range out {
			if base == nil {
				out[i] = v[i]
			} else {
				out[i] = b + v[i]
			}
		}
		return out
	}
	var bx, by, bz float64
	if base != nil {
		bx, by, bz = base.X, base.Y, base.Z
	}
	px, py, pz := abs(s.x, bx), abs(s.y, by), abs(s.z, bz)
	mid := func(p []float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = p[i] + float64(0.5*(p[i+1]-p[i]))
		}
		return out
	}
	c.StartX, c.StartY, c.StartZ = px[:n:n], py[:n:n], pz[:n:n]
	c.EndX, c.EndY, c.EndZ = append([]float64(nil), px[1:]...), append([]float64(nil), py[1:]...), append([]float64(nil), pz[1:]...)
	c.X, c.Y, c.Z = mid(px), mid(py), mid(pz)
	return c
}

// parentBase returns the absolute end point of the parent of s, computed
// from the root down as Brian2 does, or nil.
func (s *Section) parentBase() *Point {
	var base *Point
	chain := s.ancestors()
	for _, c := range chain[:len(chain)-1] {
		if p, ok := c.endPoint(base); ok {
			base = &p
		} else {
			base = nil
		}
	}
	return base
}

// Coordinates returns the absolute coordinates of the compartments, or nil
// for a section without coordinates. The points of a cylinder or section
// are relative to the end of the parent section; where the parent has no
// coordinates, Brian2 takes them as they are, and so does this.
func (s *Section) Coordinates() *Coords { return s.coords(s.parentBase()) }

// Points returns the n+1 absolute points of the section (the start of the
// first compartment and the end of every compartment; Brian2's
// coordinates), or nil without coordinates. For a soma it is its centre,
// twice.
func (s *Section) Points() []Point {
	c := s.Coordinates()
	if c == nil {
		return nil
	}
	out := []Point{{c.StartX[0], c.StartY[0], c.StartZ[0]}}
	for i := range c.EndX {
		out = append(out, Point{c.EndX[i], c.EndY[i], c.EndZ[i]})
	}
	return out
}
