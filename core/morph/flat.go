package morph

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// Flat is a morphology as flat arrays, one value per compartment, in
// Brian2's compartment order (Section.Sections), plus a table of its
// sections: what a cable solver needs, as Brian2's FlatMorphology is what
// its SpatialNeuron uses. All lengths are in metres, areas in m², volumes in
// m³.
type Flat struct {
	// N is the number of compartments.
	N int

	Length        []float64
	Area          []float64
	Volume        []float64
	Distance      []float64 // from the root to the midpoint, along the tree
	Diameter      []float64 // at the midpoint
	StartDiameter []float64
	EndDiameter   []float64
	RLength1      []float64 // Brian2's r_length_1, see Section.RLength1
	RLength2      []float64 // Brian2's r_length_2

	// HasCoordinates reports whether any section has coordinates. If none
	// has, the coordinate arrays are nil; otherwise the compartments of the
	// sections without coordinates hold NaN, as in Brian2.
	HasCoordinates                                    bool
	StartX, StartY, StartZ, X, Y, Z, EndX, EndY, EndZ []float64

	// Depth is, for each compartment, the depth of its section in the tree
	// (0 for the root section).
	Depth []int
	// SectionOf is, for each compartment, the index of its section in
	// Sections.
	SectionOf []int

	// Sections lists the sections in order; section k holds the
	// compartments Start[k] to End[k]-1.
	Sections []*Section
	Start    []int
	End      []int
	// Parent is, for each section, the index of its parent section, -1 for
	// the root. (Brian2's morph_parent_i stores this plus one, with 0 for
	// the root.)
	Parent []int
	// ChildIndex is each section's position among its parent's children
	// (Brian2's morph_idxchild); Children lists each section's children.
	ChildIndex []int
	Children   [][]int
	// EndDistance is each section's distance from the root at its end.
	EndDistance []float64
}

// Flatten returns the tree below s (including s) as flat arrays. For the
// root, the compartment indices are the neuron's (Brian2's morpho.indices);
// for another section they start at 0 with its first compartment (add
// s.StartIndex() to get the neuron's). Distances and coordinates are those
// in the whole tree.
func (s *Section) Flatten() *Flat {
	n := s.TotalCompartments()
	ns := s.TotalSections()
	f := &Flat{N: n}
	mk := func() []float64 { return make([]float64, 0, n) }
	f.Length, f.Area, f.Volume, f.Distance = mk(), mk(), mk(), mk()
	f.Diameter, f.StartDiameter, f.EndDiameter = mk(), mk(), mk()
	f.RLength1, f.RLength2 = mk(), mk()
	f.StartX, f.StartY, f.StartZ, f.X, f.Y, f.Z = mk(), mk(), mk(), mk(), mk(), mk()
	f.EndX, f.EndY, f.EndZ = mk(), mk(), mk()
	f.Depth, f.SectionOf = make([]int, 0, n), make([]int, 0, n)
	f.Sections = make([]*Section, 0, ns)
	f.Start, f.End, f.Parent, f.ChildIndex = make([]int, 0, ns), make([]int, 0, ns), make([]int, 0, ns), make([]int, 0, ns)
	f.Children = make([][]int, ns)
	f.EndDistance = make([]float64, 0, ns)

	type item struct {
		sec    *Section
		parent int
		depth  int
		dist   *distState
		base   *Point
	}
	var rootDist *distState
	if s.parent != nil {
		_, st := s.parent.distState()
		rootDist = &st
	}
	stack := []item{{s, -1, 0, rootDist, s.parentBase()}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		c := it.sec
		k := len(f.Sections)
		f.Sections = append(f.Sections, c)
		start := len(f.Length)
		f.Start = append(f.Start, start)
		f.End = append(f.End, start+c.n)
		f.Parent = append(f.Parent, it.parent)
		if it.parent >= 0 {
			f.ChildIndex = append(f.ChildIndex, len(f.Children[it.parent]))
			f.Children[it.parent] = append(f.Children[it.parent], k)
		} else {
			f.ChildIndex = append(f.ChildIndex, 0)
		}
		dist, st := c.distances(it.dist)
		f.EndDistance = append(f.EndDistance, st.end)
		f.Length = append(f.Length, c.length...)
		f.Distance = append(f.Distance, dist...)
		f.Area = append(f.Area, c.Area()...)
		f.Volume = append(f.Volume, c.Volume()...)
		f.Diameter = append(f.Diameter, c.Diameter()...)
		f.StartDiameter = append(f.StartDiameter, c.StartDiameter()...)
		f.EndDiameter = append(f.EndDiameter, c.EndDiameter()...)
		f.RLength1 = append(f.RLength1, c.RLength1()...)
		f.RLength2 = append(f.RLength2, c.RLength2()...)
		for range c.n {
			f.Depth = append(f.Depth, it.depth)
			f.SectionOf = append(f.SectionOf, k)
		}
		if co := c.coords(it.base); co != nil {
			f.HasCoordinates = true
			f.StartX, f.StartY, f.StartZ = append(f.StartX, co.StartX...), append(f.StartY, co.StartY...), append(f.StartZ, co.StartZ...)
			f.X, f.Y, f.Z = append(f.X, co.X...), append(f.Y, co.Y...), append(f.Z, co.Z...)
			f.EndX, f.EndY, f.EndZ = append(f.EndX, co.EndX...), append(f.EndY, co.EndY...), append(f.EndZ, co.EndZ...)
		} else {
			for _, p := range []*[]float64{&f.StartX, &f.StartY, &f.StartZ, &f.X, &f.Y, &f.Z, &f.EndX, &f.EndY, &f.EndZ} {
				for range c.n {
					*p = append(*p, math.NaN())
				}
			}
		}
		var base *Point
		if p, ok := c.endPoint(it.base); ok {
			base = &p
		}
		for i := len(c.children) - 1; i >= 0; i-- {
			stack = append(stack, item{c.children[i], k, it.depth + 1, &st, base})
		}
	}
	if !f.HasCoordinates {
		f.StartX, f.StartY, f.StartZ, f.X, f.Y, f.Z, f.EndX, f.EndY, f.EndZ = nil, nil, nil, nil, nil, nil, nil, nil, nil
	}
	return f
}

// WithinDistance returns the indices of the compartments whose distance from
// the root (at their midpoint, see Section.Distance) lies in [from, to], in
// increasing order.
func (f *Flat) WithinDistance(from, to float64) []int {
	var out []int
	for i, d := range f.Distance {
		if d >= from && d <= to {
			out = append(out, i)
		}
	}
	return out
}

// Compartment returns the section holding compartment i and the index of
// the compartment within it.
func (f *Flat) Compartment(i int) (*Section, int, error) {
	if i < 0 || i >= f.N {
		return nil, 0, fmt.Errorf("no compartment %d: there are %d", i, f.N)
	}
	k := f.SectionOf[i]
	return f.Sections[k], i - f.Start[k], nil
}

var errEmpty = errors.New("the section has no compartments (make sections with the New functions)")

// StartIndex returns the index of the section's first compartment in the
// whole neuron (the tree of s.Root()), in Brian2's order.
func (s *Section) StartIndex() int {
	idx := 0
	found := false
	s.Root().walk(func(c *Section) {
		if found {
			return
		}
		if c == s {
			found = true
			return
		}
		idx += c.n
	})
	return idx
}

// Indices returns the indices in the whole neuron of the section's
// compartments (Brian2's morpho.indices[:]).
func (s *Section) Indices() []int {
	start := s.StartIndex()
	out := make([]int, s.n)
	for i := range out {
		out[i] = start + i
	}
	return out
}

// Index returns the index in the whole neuron of compartment i of the
// section (Brian2's morpho.indices[i]); as in Python, a negative i counts
// from the end, -1 being the last compartment.
func (s *Section) Index(i int) (int, error) {
	j := i
	if j < 0 {
		j += s.n
	}
	if j < 0 || j >= s.n {
		return 0, fmt.Errorf("no compartment %d in a section of %d", i, s.n)
	}
	return s.StartIndex() + j, nil
}

// cumLengths returns the running sum of the compartment lengths, as
// numpy.cumsum computes it.
func (s *Section) cumLengths() []float64 {
	l := make([]float64, s.n)
	sum := 0.0
	for i, v := range s.length {
		sum += v
		l[i] = sum
	}
	return l
}

// searchSorted returns the first index i with l[i] >= v (numpy's
// searchsorted, side="left").
func searchSorted(l []float64, v float64) int {
	return sort.Search(len(l), func(i int) bool { return l[i] >= v })
}

// nearest returns the index of the first element of l closest to v and the
// distance to it.
func nearest(l []float64, v float64) (int, float64) {
	best, d := 0, math.Inf(1)
	for i, x := range l {
		if e := math.Abs(v - x); e < d {
			best, d = i, e
		}
	}
	return best, d
}

// Slice returns the compartments of the section between the positions from
// and to along it (in metres from its start), as the range [lo, hi) of
// compartment numbers within the section: Brian2's morpho[from:to]. A
// compartment is included if part of it lies in the range; a position within
// 1e-12 of the section's length of a boundary between compartments counts
// as that boundary, so morpho[10*um:20*um] of a cylinder of 10 µm
// compartments is the one compartment between 10 and 20 µm. Use
// math.Inf(1) for "to the end". Unlike Brian2, which returns one index past
// the section when to reaches beyond its end, hi is at most N().
func (s *Section) Slice(from, to float64) (lo, hi int, err error) {
	if math.IsNaN(from) || math.IsNaN(to) {
		return 0, 0, fmt.Errorf("cannot slice a section at NaN")
	}
	if s.n == 0 {
		return 0, 0, errEmpty
	}
	l := s.cumLengths()
	total := l[len(l)-1]
	if k, d := nearest(l, from); d < 1e-12*total {
		lo = k + 1
	} else {
		lo = searchSorted(l, from)
	}
	if k, d := nearest(l, to); d < 1e-12*total {
		hi = k + 1
	} else {
		hi = searchSorted(l, to) + 1
	}
	hi = min(hi, s.n)
	lo = min(lo, hi)
	return lo, hi, nil
}

// IndicesBetween returns the indices in the whole neuron of the compartments
// Slice(from, to) selects (Brian2's morpho.indices[from:to]).
func (s *Section) IndicesBetween(from, to float64) ([]int, error) {
	lo, hi, err := s.Slice(from, to)
	if err != nil {
		return nil, err
	}
	start := s.StartIndex()
	out := make([]int, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, start+i)
	}
	return out, nil
}

// At returns the number within the section of the compartment at position
// pos along it (in metres from its start): Brian2's morpho[pos]. A position
// on a boundary between two compartments (within 1e-12 of the section's
// length) belongs to the second one. pos must lie between 0 and the
// section's length; at its very end, At returns the last compartment
// (Brian2 returns the index after it).
func (s *Section) At(pos float64) (int, error) {
	if s.n == 0 {
		return 0, errEmpty
	}
	l := append([]float64{0}, s.cumLengths()...)
	total := l[len(l)-1]
	if !(pos >= 0 && pos <= (1+1e-12)*total) {
		return 0, fmt.Errorf("position %g m is outside the section, which is %g m long", pos, total)
	}
	var i int
	if k, d := nearest(l, pos); d < 1e-12*total {
		i = k
	} else {
		i = searchSorted(l, pos) - 1
	}
	return min(max(i, 0), s.n-1), nil
}

// IndexAt returns the index in the whole neuron of the compartment At(pos).
func (s *Section) IndexAt(pos float64) (int, error) {
	i, err := s.At(pos)
	if err != nil {
		return 0, err
	}
	return s.StartIndex() + i, nil
}
