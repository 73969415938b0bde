package spatial

import (
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/core/morph"
)

// Cable is the cable equation on one neuron's morphology: the axial
// conductances between its compartments, their membrane areas and specific
// capacitances, and the working memory of the tree solver. Build it once
// with New; Step then advances the membrane potential by one time step,
// with no allocation.
//
// A Cable is not safe for concurrent use: Step, CapacitiveCurrent and
// AxialCurrent use its working memory.
type Cable struct {
	n    int
	ri   float64
	area []float64 // m², per compartment
	cm   []float64 // F/m², per compartment

	// The section table, in Brian2's depth-first order: section k holds the
	// compartments start[k] to end[k]-1, and its parent section comes
	// before it (parent[k] < k; -1 for the root).
	start, end, parent []int
	// hasNode[k] reports whether section k has children, which meet its
	// last compartment at its end node (a branch point, or the joint with
	// the next section).
	hasNode []bool
	// firstChild/nextSibling list each section's children, for AxialCurrent.
	firstChild, nextSibling []int

	// gIn[i] is the axial conductance (S) between compartment i and its
	// neighbour on the root side: the previous compartment of its section
	// (Brian2's _invr[i]), or the end node of the parent section for the
	// first compartment of a section (Brian2's _invr0); 0 for the first
	// compartment of the root section, whose start is a sealed end.
	gIn []float64
	// gOut[k] is the axial conductance (S) between the last compartment of
	// section k and its end node (Brian2's _invrn); only used when the
	// section has children (a leaf's end is sealed).
	gOut []float64
	// gNode[k] is the sum of the conductances that meet at the end node of
	// section k.
	gNode []float64

	// Working memory of Step.
	cmdtDt float64   // the dt cmdt was computed for (0: not computed)
	lastDt float64   // the dt of the last Step (0: no step yet)
	cmdt   []float64 // cm/dt
	e      []float64 // per compartment: v[i] = q[i] + e[i]*v[proximal]
	vPrev  []float64 // v as Step found it
	zero   []float64 // point currents when none are given
	nodeS  []float64 // per section: what the children pass to the end node
	nodeB  []float64
	nodeE  []float64 // per section: V_node = nodeQ + nodeE*v[last]
	nodeQ  []float64
	nodeV  []float64
}

// New builds the cable equation for the morphology flat (as returned by
// morph.Section.Flatten; compartments and sections in Brian2's order), with
// the specific membrane capacitance cm in F/m² (one value for the whole
// neuron, or one per compartment) and the intracellular resistivity ri in
// ohm·m (Brian2's Ri, uniform over the neuron). The axial conductances are
// computed from Brian2's r_length_1 and r_length_2 as Brian2 does (see the
// package documentation).
//
// New refuses a morphology in which two compartments, or a compartment and
// a branch point, would be joined with no axial resistance (an infinite
// conductance): that happens where a compartment of length zero, whose
// r_length terms are infinite, ends a section that has children, starts a
// section that has a parent, or follows another compartment of length
// zero; Brian2 fails there (its solver meets infinite coefficients). A
// compartment of length zero anywhere else (in the middle of a section, at
// the start of the root section or at a sealed end) is simulated; if its
// area is zero too, it has no membrane and its potential is the weighted
// mean of its neighbours'.
func New(flat *morph.Flat, cm []float64, ri float64) (*Cable, error) {
	if flat == nil {
		return nil, fmt.Errorf("spatial: no morphology")
	}
	n := flat.N
	if n < 1 {
		return nil, fmt.Errorf("spatial: the morphology has no compartments")
	}
	if !(ri > 0) || math.IsInf(ri, 0) {
		return nil, fmt.Errorf("spatial: the intracellular resistivity Ri must be positive and finite, not %g ohm·m", ri)
	}
	for _, a := range []struct {
		name string
		v    []float64
	}{{"Area", flat.Area}, {"RLength1", flat.RLength1}, {"RLength2", flat.RLength2}} {
		if len(a.v) != n {
			return nil, fmt.Errorf("spatial: the morphology has %d compartments but %d values of %s", n, len(a.v), a.name)
		}
	}
	if err := checkSections(flat); err != nil {
		return nil, err
	}
	ns := len(flat.Start)
	c := &Cable{
		n:           n,
		ri:          ri,
		area:        make([]float64, n),
		start:       append([]int(nil), flat.Start...),
		end:         append([]int(nil), flat.End...),
		parent:      append([]int(nil), flat.Parent...),
		hasNode:     make([]bool, ns),
		firstChild:  make([]int, ns),
		nextSibling: make([]int, ns),
		gIn:         make([]float64, n),
		gOut:        make([]float64, ns),
		gNode:       make([]float64, ns),
		cmdt:        make([]float64, n),
		e:           make([]float64, n),
		vPrev:       make([]float64, n),
		zero:        make([]float64, n),
		nodeS:       make([]float64, ns),
		nodeB:       make([]float64, ns),
		nodeE:       make([]float64, ns),
		nodeQ:       make([]float64, ns),
		nodeV:       make([]float64, ns),
	}
	total := 0.0
	for i, a := range flat.Area {
		if !(a >= 0) || math.IsInf(a, 0) {
			return nil, fmt.Errorf("spatial: %s has the area %g m²; it must be finite and not negative", where(flat, i), a)
		}
		c.area[i] = a
		total += a
	}
	if total == 0 {
		return nil, fmt.Errorf("spatial: the morphology has no membrane: every compartment has the area 0")
	}
	for i := range n {
		r1, r2 := flat.RLength1[i], flat.RLength2[i]
		if !(r1 > 0) || !(r2 > 0) {
			return nil, fmt.Errorf("spatial: %s has r_length_1 = %g m and r_length_2 = %g m; both must be positive", where(flat, i), r1, r2)
		}
	}
	for k := range ns {
		c.firstChild[k], c.nextSibling[k] = -1, -1
	}
	for k := ns - 1; k >= 1; k-- {
		p := c.parent[k]
		c.nextSibling[k] = c.firstChild[p]
		c.firstChild[p] = k
		c.hasNode[p] = true
	}
	for k := range ns {
		first, last := c.start[k], c.end[k]-1
		// Within a section, as Brian2's _invr: the two halves in series.
		for i := first + 1; i <= last; i++ {
			g := 1.0 / (ri * (1/flat.RLength2[i-1] + 1/flat.RLength1[i]))
			if math.IsInf(g, 0) || !(g > 0) {
				return nil, fmt.Errorf("spatial: %s and the compartment before it are joined with no axial resistance (both have length zero, so infinite r_length); remove one of the equal points", where(flat, i))
			}
			c.gIn[i] = g
		}
		if p := c.parent[k]; p >= 0 {
			g := flat.RLength1[first] / ri // Brian2's _invr0
			if math.IsInf(g, 0) {
				return nil, fmt.Errorf("spatial: %s has length zero at the start of its section, so no axial resistance to the parent section (infinite r_length_1); remove the point equal to its parent's", where(flat, first))
			}
			c.gIn[first] = g
		}
		if c.hasNode[k] {
			g := flat.RLength2[last] / ri // Brian2's _invrn
			if math.IsInf(g, 0) {
				return nil, fmt.Errorf("spatial: %s has length zero at the end of a section that has children, so no axial resistance to the branch point (infinite r_length_2); remove one of the equal points", where(flat, last))
			}
			c.gOut[k] = g
		}
	}
	for k := range ns {
		if !c.hasNode[k] {
			continue
		}
		g := c.gOut[k]
		for ch := c.firstChild[k]; ch >= 0; ch = c.nextSibling[ch] {
			g += c.gIn[c.start[ch]]
		}
		c.gNode[k] = g
	}
	if err := c.SetCm(cm); err != nil {
		return nil, err
	}
	return c, nil
}

// checkSections checks that the section table describes a tree in Brian2's
// depth-first order that covers the compartments once.
func checkSections(f *morph.Flat) error {
	ns := len(f.Start)
	if ns == 0 {
		return fmt.Errorf("spatial: the morphology has no sections")
	}
	if len(f.End) != ns || len(f.Parent) != ns {
		return fmt.Errorf("spatial: the section table is inconsistent (%d starts, %d ends, %d parents)", ns, len(f.End), len(f.Parent))
	}
	next := 0
	for k := range ns {
		if f.Start[k] != next || f.End[k] <= f.Start[k] {
			return fmt.Errorf("spatial: section %d holds compartments %d to %d; sections must be consecutive and not empty", k, f.Start[k], f.End[k]-1)
		}
		next = f.End[k]
		p := f.Parent[k]
		if k == 0 && p != -1 || k > 0 && (p < 0 || p >= k) {
			return fmt.Errorf("spatial: section %d has the parent %d; the first section must be the root and every other one come after its parent", k, p)
		}
	}
	if next != f.N {
		return fmt.Errorf("spatial: the sections hold %d compartments, the morphology %d", next, f.N)
	}
	return nil
}

// where names compartment i for an error.
func where(f *morph.Flat, i int) string {
	if f.SectionOf != nil && i < len(f.SectionOf) && f.Sections != nil {
		k := f.SectionOf[i]
		if k >= 0 && k < len(f.Sections) && k < len(f.Start) && f.Sections[k] != nil {
			path := f.Sections[k].Path()
			if path == "" {
				path = "the root section"
			} else {
				path = "section " + path
			}
			return fmt.Sprintf("compartment %d (%s, its compartment %d)", i, path, i-f.Start[k])
		}
	}
	return fmt.Sprintf("compartment %d", i)
}

// N returns the number of compartments.
func (c *Cable) N() int { return c.n }

// Ri returns the intracellular resistivity, in ohm·m.
func (c *Cable) Ri() float64 { return c.ri }

// Cm returns a copy of the specific membrane capacitance of each
// compartment, in F/m².
func (c *Cable) Cm() []float64 { return append([]float64(nil), c.cm...) }

// SetCm changes the specific membrane capacitance (F/m²): one value for the
// whole neuron, or one per compartment. Every value must be positive and
// finite. Brian2 allows changing Cm between runs; so does this, between
// steps.
func (c *Cable) SetCm(cm []float64) error {
	switch len(cm) {
	case 1, c.n:
	default:
		return fmt.Errorf("spatial: Cm has %d values; give one, or one per compartment (%d)", len(cm), c.n)
	}
	for i, v := range cm {
		if !(v > 0) || math.IsInf(v, 0) {
			return fmt.Errorf("spatial: Cm must be positive and finite, not %g F/m² (value %d)", v, i)
		}
	}
	if c.cm == nil {
		c.cm = make([]float64, c.n)
	}
	for i := range c.cm {
		c.cm[i] = cm[min(i, len(cm)-1)]
	}
	c.cmdtDt = 0 // recompute cm/dt at the next step
	return nil
}

// Step advances the membrane potential v (volts, one per compartment,
// updated in place) by one time step dt (seconds) with Brian2's implicit
// (backward Euler) scheme for the cable equation on the whole tree:
//
//	Cm*(v' - v)/dt = I0 - gtot*v' + point/area + (axial currents at v')/area
//
// where v' is the new potential. The membrane current density is given
// linearised around the present state, Im = I0 - gtot*v (i0 in A/m²,
// gtot in S/m², one per compartment), as Brian2's SpatialNeuron computes
// _I0 and _gtot from the model's Im expression at the start of the step.
// point holds point currents in amperes (Brian2's "(point current)"
// variables, which Brian2 divides by the area and adds to Im), or is nil;
// they may as well be folded into i0 beforehand. Step does not allocate.
//
// Step panics if a slice does not have one value per compartment or dt is
// not positive and finite: those are programming errors of the caller.
// Nothing checks v for NaN or Inf; the caller does, to stop a run that blew
// up (for instance because gtot was so negative that Cm/dt + gtot < 0).
func (c *Cable) Step(v, i0, gtot, point []float64, dt float64) {
	n := c.n
	if len(v) != n || len(i0) != n || len(gtot) != n || point != nil && len(point) != n {
		panic(fmt.Sprintf("spatial: Step needs %d values of v, I0, gtot (and point, unless nil), not %d, %d, %d, %d",
			n, len(v), len(i0), len(gtot), len(point)))
	}
	if !(dt > 0) || math.IsInf(dt, 0) {
		panic(fmt.Sprintf("spatial: Step needs a positive finite dt, not %g", dt))
	}
	if dt != c.cmdtDt {
		for i, cm := range c.cm {
			c.cmdt[i] = cm / dt
		}
		c.cmdtDt = dt
	}
	if point == nil {
		point = c.zero
	}

	// Elimination from the leaves to the root. Each unknown is, when its
	// turn comes, joined only to its neighbour on the root side (by g), all
	// its other neighbours being eliminated already; what they left is in
	// its conductance to ground s and its right-hand side b. Its row
	// (s+g)*x - g*xp = b gives x = q + e*xp with e = g/(s+g), q = b/(s+g),
	// and leaves its neighbour s*e (s and g in series) and b*e.
	for k := len(c.start) - 1; k >= 0; k-- {
		first, last := c.start[k], c.end[k]
		accS, accB := 0.0, 0.0
		if c.hasNode[k] {
			// The end node: no membrane, joined to the children (already
			// in nodeS, nodeB) and to this section's last compartment.
			s, b, g := c.nodeS[k], c.nodeB[k], c.gOut[k]
			r := 1 / (s + g)
			e := g * r
			c.nodeE[k] = e
			c.nodeQ[k] = b * r
			accS, accB = float64(s*e), float64(b*e)
			c.nodeS[k], c.nodeB[k] = 0, 0
		}
		// The section's compartments, from its last to its first; the
		// slices let the compiler drop the bounds checks.
		vs := v[first:last]
		m := len(vs)
		i0s, gts, pts := i0[first:last][:m], gtot[first:last][:m], point[first:last][:m]
		ar, cd, gi := c.area[first:last][:m], c.cmdt[first:last][:m], c.gIn[first:last][:m]
		es, vp := c.e[first:last][:m], c.vPrev[first:last][:m]
		for j := m - 1; j >= 0; j-- {
			x := vs[j]
			vp[j] = x
			a, g := ar[j], gi[j]
			own := float64(a * (cd[j] + gts[j]))
			// s + g summed as (own + g) + accS, so that the chain of
			// dependencies from one compartment to the next is one
			// addition, the division and one multiplication.
			s := own + accS
			r := 1 / ((own + g) + accS)
			e := g * r
			es[j] = e
			b := float64(a*(float64(cd[j]*x)+i0s[j])) + pts[j] + accB
			vs[j] = b * r
			accS, accB = float64(float64(s*g)*r), float64(b*e)
		}
		if p := c.parent[k]; p >= 0 {
			c.nodeS[p] += accS
			c.nodeB[p] += accB
		}
	}

	// Substitution from the root to the leaves.
	for k := range c.start {
		first, last := c.start[k], c.end[k]
		xp := 0.0 // the root's first compartment has e = 0
		if p := c.parent[k]; p >= 0 {
			xp = c.nodeV[p]
		}
		vs := v[first:last]
		es := c.e[first:last][:len(vs)]
		for j := range vs {
			xp = vs[j] + float64(es[j]*xp)
			vs[j] = xp
		}
		if c.hasNode[k] {
			c.nodeV[k] = c.nodeQ[k] + float64(c.nodeE[k]*xp)
		}
	}
	c.lastDt = dt
}

// CapacitiveCurrent writes Brian2's Ic, the capacitive current density
// Cm*(v - vBefore)/dt in A/m², into out (one value per compartment), where
// vBefore is v as the last Step found it and dt that step's. Call it after
// Step and before anything else changes v (a reset) or Cm, as Brian2
// computes Ic at the end of its step; before the first Step it writes
// zeros (Brian2's initial Ic).
func (c *Cable) CapacitiveCurrent(v, out []float64) {
	if len(v) != c.n || len(out) != c.n {
		panic(fmt.Sprintf("spatial: CapacitiveCurrent needs %d values of v and out, not %d and %d", c.n, len(v), len(out)))
	}
	if c.lastDt == 0 {
		clear(out)
		return
	}
	for i := range out {
		out[i] = c.cm[i] * (v[i] - c.vPrev[i]) / c.lastDt
	}
}

// AxialCurrent writes into out, for each compartment, the axial current in
// amperes that flows into it along the neurite from the side of the root:
// from the previous compartment of its section, or, for the first
// compartment of a section, from the branch point at the end of its parent
// section (whose potential is the conductance-weighted mean of the
// compartments that meet there, since no current leaves the tree at a
// branch point). It is 0 for the first compartment of the root section,
// whose start is sealed. The net axial current into compartment i is
// out[i] minus the out of the compartments on its other side: the next one
// in its section, or the first compartments of the child sections at its
// section's end (none at a sealed end).
func (c *Cable) AxialCurrent(v, out []float64) {
	if len(v) != c.n || len(out) != c.n {
		panic(fmt.Sprintf("spatial: AxialCurrent needs %d values of v and out, not %d and %d", c.n, len(v), len(out)))
	}
	for k := range c.start {
		if !c.hasNode[k] {
			continue
		}
		sum := float64(c.gOut[k] * v[c.end[k]-1])
		for ch := c.firstChild[k]; ch >= 0; ch = c.nextSibling[ch] {
			f := c.start[ch]
			sum += float64(c.gIn[f] * v[f])
		}
		c.nodeV[k] = sum / c.gNode[k]
	}
	for k := range c.start {
		first, last := c.start[k], c.end[k]
		if p := c.parent[k]; p >= 0 {
			out[first] = c.gIn[first] * (c.nodeV[p] - v[first])
		} else {
			out[first] = 0
		}
		for i := first + 1; i < last; i++ {
			out[i] = c.gIn[i] * (v[i-1] - v[i])
		}
	}
}
