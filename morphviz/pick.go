package morphviz

import (
	"math"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
)

// Hit is the compartment under a point of the screen.
type Hit struct {
	// Compartment is its index in the neuron (Brian2's order, as in
	// values and a SpatialNeuron's variables).
	Compartment int
	// Section is the section holding it and Path that section's name from
	// the root ("dend.branch1"; "" for the root); Index is the
	// compartment's number within the section.
	Section *morph.Section
	Path    string
	Index   int
	// Distance is from the root to the compartment's midpoint, along the
	// tree, in metres.
	Distance float64
	// Value is the compartment's value in the last Draw's values, read
	// now (so a live simulation's current value), or NaN without values.
	Value float64
}

// PickTolerance is how far, in logical pixels, a point may lie outside a
// compartment and still pick it: thin dendrites are hard to hit exactly.
const PickTolerance = 3.0

// Pick returns the compartment drawn at (x, y) in the last Draw, the one
// nearest to the viewer where several overlap (a soma before the
// neurites on it), or the nearest within PickTolerance; ok is false where
// there is none.
func (v *View) Pick(x, y float64) (Hit, bool) {
	s := &v.scratch
	g := v.g
	if !s.valid || len(s.sa) != g.n || !finite(x) || !finite(y) {
		return Hit{}, false
	}
	best, inside, bestKey := -1, false, math.Inf(1)
	for i := 0; i < g.n; i++ {
		d := segmentDistance(render.Point{X: x, Y: y}, s.sa[i], s.sb[i], s.hwa[i], s.hwb[i])
		if !(d <= PickTolerance) {
			continue
		}
		if d <= 0 {
			// Nearest the viewer first, as drawn: in XY, XZ and YZ the
			// neurites lie over the somata.
			key := -s.depth[i]
			if g.soma[i] && v.proj < Orthographic {
				key = math.Inf(1)
			}
			if !inside || key < bestKey {
				best, inside, bestKey = i, true, key
			}
			continue
		}
		if !inside && d < bestKey {
			best, bestKey = i, d
		}
	}
	if best < 0 {
		return Hit{}, false
	}
	f := g.flat
	k := f.SectionOf[best]
	h := Hit{
		Compartment: best,
		Section:     f.Sections[k],
		Path:        f.Sections[k].Path(),
		Index:       best - f.Start[k],
		Distance:    f.Distance[best],
		Value:       math.NaN(),
	}
	if best < len(s.values) {
		h.Value = s.values[best]
	}
	return h, true
}

// segmentDistance returns how far p lies outside the stroke from a to b
// whose half width goes from wa to wb (negative inside).
func segmentDistance(p, a, b render.Point, wa, wb float64) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l2 := float64(dx*dx) + float64(dy*dy)
	t := 0.0
	if l2 > 0 {
		t = (float64((p.X-a.X)*dx) + float64((p.Y-a.Y)*dy)) / l2
		t = math.Min(math.Max(t, 0), 1)
	}
	qx, qy := a.X+float64(t*dx), a.Y+float64(t*dy)
	w := wa + float64(t*(wb-wa))
	return math.Hypot(p.X-qx, p.Y-qy) - w
}
