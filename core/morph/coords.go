package morph

import (
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/core/fmath"
)

// CoordOptions are the settings of GenerateCoordinates, those of Brian2's
// Morphology.generate_coordinates.
type CoordOptions struct {
	// SectionRandomness is the mean, in degrees, of the exponentially
	// distributed angle by which each section's direction deviates from its
	// parent's. 0 (the default) places sections deterministically.
	SectionRandomness float64
	// CompartmentRandomness is the same for each compartment's direction
	// within its section. 0 (the default) makes each section straight.
	CompartmentRandomness float64
	// Overwrite replaces the coordinates of sections that have some, too.
	// By default only sections without coordinates get new ones.
	Overwrite bool
	// Seed seeds the random directions. The generator is numpy's legacy
	// Mersenne Twister, so that a seed gives the morphology Brian2 gives
	// after numpy.random.seed(Seed) (to rounding).
	Seed uint32
}

// vec3 is a direction or displacement without units, as Brian2's numpy
// arrays of three values.
type vec3 [3]float64

func (v vec3) scale(f float64) vec3 { return vec3{v[0] * f, v[1] * f, v[2] * f} }

// norm2 is numpy.sum(v**2).
func (v vec3) norm2() float64 { return float64(v[0]*v[0]) + float64(v[1]*v[1]) + float64(v[2]*v[2]) }

// rotate is Brian2's _rotate: Rodrigues' formula with the sign of the cross
// product as Brian2 writes it (a rotation by -angle about a unit axis);
// axis need not be a unit vector (Brian2 does not normalise it either).
func rotate(vec, axis vec3, angle float64) vec3 {
	c, s := fmath.Cos(angle), fmath.Sin(angle)
	cross := vec3{
		float64(axis[1]*vec[2]) - float64(axis[2]*vec[1]),
		float64(axis[2]*vec[0]) - float64(axis[0]*vec[2]),
		float64(axis[0]*vec[1]) - float64(axis[1]*vec[0]),
	}
	dot := float64(axis[0]*vec[0]) + float64(axis[1]*vec[1]) + float64(axis[2]*vec[2])
	var out vec3
	for k := range out {
		out[k] = float64(vec[k]*c) - float64(cross[k]*s) + float64(axis[k]*dot*(1-c))
	}
	return out
}

// perturb is Brian2's _perturb: it tilts vec by an exponentially distributed
// angle of mean sigma (radians) in a random plane.
func perturb(vec vec3, sigma float64, rng *mt19937) vec3 {
	if sigma == 0 {
		return vec
	}
	var orthogonal vec3
	if vec[1] != 0 || vec[0] != 0 {
		orthogonal = vec3{vec[1], vec[0], 0}
	} else {
		orthogonal = vec3{1, 0, 0}
	}
	orthogonal = rotate(orthogonal, vec, rng.float64()*math.Pi*2)
	return rotate(vec, orthogonal, rng.exponential(sigma))
}

// GenerateCoordinates returns a copy of the tree below s (with s as its
// root) in which every section has coordinates: Brian2's
// generate_coordinates, which exists to draw morphologies and changes
// nothing electrical (only rounding in the lengths of the compartments,
// which are recomputed from the new points, as in Brian2).
//
// As in Brian2, a section continues in its parent's direction, its
// children fanned out over a half circle around it (deterministically, or
// tilted at random with SectionRandomness); the children of a soma, which
// has no direction, are spread over a full circle in the x-y plane and
// start on its surface. With CompartmentRandomness each compartment is
// tilted at random from its section's direction.
//
// Where Brian2 fails or is clearly wrong, this differs: a root that is not a
// soma points along -y, as the only child of a soma would (Brian2 divides by
// zero); a soma below a section is placed at the end of its parent (Brian2
// puts it at the parent's unit direction vector taken as metres); a
// cylinder with coordinates is copied (Brian2 2.5.1 raises an error); and
// the copy keeps the soma's type and every name of every section (Brian2
// keeps given names only, so "L" and "R" of SWC files are lost).
func (s *Section) GenerateCoordinates(opt CoordOptions) (*Section, error) {
	for _, v := range []float64{opt.SectionRandomness, opt.CompartmentRandomness} {
		if !(v >= 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("randomness must be a non-negative number of degrees, not %g", v)
		}
	}
	g := &generator{
		sr:        opt.SectionRandomness * math.Pi / 180,
		cr:        opt.CompartmentRandomness * math.Pi / 180,
		overwrite: opt.Overwrite,
		rng:       newMT19937(opt.Seed),
	}
	// Brian2 recurses, making each section just before the tree below it
	// (which matters for the order of the random draws); an explicit stack
	// keeps deep trees off the Go stack.
	type item struct {
		orig, parent *Section // parent is the new parent
		nth, total   int
	}
	var root *Section
	stack := []item{{s, nil, 0, 1}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		var pa *absPoints
		if it.parent != nil {
			pa = g.abs[it.parent]
		}
		nc, err := g.section(it.orig, it.parent, pa, it.nth, it.total)
		if err != nil {
			return nil, err
		}
		if it.parent == nil {
			root = nc
		} else {
			c := it.orig
			if err := it.parent.attach(c.given, c.hasGiven, nc, false); err != nil {
				return nil, err
			}
			for _, k := range c.Names() {
				if _, used := it.parent.named[k]; !used {
					it.parent.named[k] = nc
				}
			}
		}
		kids := it.orig.children
		for i := len(kids) - 1; i >= 0; i-- {
			stack = append(stack, item{kids[i], nc, i, len(kids)})
		}
	}
	return root, nil
}

type generator struct {
	sr, cr    float64
	overwrite bool
	rng       *mt19937
	// abs holds the absolute start and end points of the new sections.
	abs map[*Section]*absPoints
}

type absPoints struct{ start, end Point }

// section makes the new section for orig, whose new parent is parent (nil
// for the root), the nth of total children; pa are the parent's absolute
// points.
func (g *generator) section(orig, parent *Section, pa *absPoints, nth, total int) (*Section, error) {
	if g.abs == nil {
		g.abs = map[*Section]*absPoints{}
	}
	if orig.n == 0 || len(orig.diam) == 0 {
		return nil, errEmpty
	}
	var dir vec3
	if pa != nil {
		dir = vec3{pa.end.X - pa.start.X, pa.end.Y - pa.start.Y, pa.end.Z - pa.start.Z}
		if norm := math.Sqrt(dir.norm2()); norm != 0 {
			dir = vec3{dir[0] / norm, dir[1] / norm, dir[2] / norm}
		} else {
			dir = vec3{}
		}
	}
	var sec *Section
	var err error
	switch {
	case !g.overwrite && orig.x != nil:
		sec = orig.copySection()
	case orig.kind == KindSoma:
		at := Point{}
		if pa != nil {
			at = pa.end // Brian2: Point{dir[0], dir[1], dir[2]}, see above
		}
		sec, err = NewSomaAt(orig.diam[0], at)
		if err != nil {
			return nil, err
		}
		sec.Type = orig.Type
	default:
		if dir.norm2() == 0 {
			inc := 2 * math.Pi / float64(total)
			dir = rotate(vec3{1, 0, 0}, vec3{0, 0, 1}, math.Pi/2+float64(inc*float64(nth)))
		} else {
			var axis vec3
			if g.sr == 0 && dir[2] == 0 {
				axis = vec3{0, 0, 1}
			} else {
				axis = vec3{-dir[1], dir[2], 0}
			}
			if g.sr == 0 {
				inc := math.Pi / float64(total+1)
				dir = rotate(dir, axis, -math.Pi/2+float64(inc*float64(nth+1)))
			}
		}
		if g.sr > 0 {
			dir = perturb(dir, g.sr, g.rng)
		}
		norm := math.Sqrt(dir.norm2())
		dir = vec3{dir[0] / norm, dir[1] / norm, dir[2] / norm}
		var origin vec3
		if parent != nil && parent.kind == KindSoma {
			origin = dir.scale(parent.diam[0] / 2)
		}
		pts := make([]Point, orig.n+1)
		pts[0] = Point{origin[0], origin[1], origin[2]}
		cur := origin
		for i, l := range orig.length {
			cd := perturb(dir, g.cr, g.rng)
			cn := math.Sqrt(cd.norm2())
			cd = vec3{cd[0] / cn, cd[1] / cn, cd[2] / cn}
			cur = vec3{cur[0] + float64(l*cd[0]), cur[1] + float64(l*cd[1]), cur[2] + float64(l*cd[2])}
			pts[i+1] = Point{cur[0], cur[1], cur[2]}
		}
		if orig.kind == KindCylinder && g.cr == 0 {
			sec, err = NewCylinderBetween(orig.n, orig.diam[0], pts[0], pts[orig.n])
		} else {
			d := append([]float64{orig.StartDiameter()[0]}, orig.EndDiameter()...)
			sec, err = NewSectionPoints(d, pts)
		}
		if err != nil {
			return nil, err
		}
		sec.Type = orig.Type
	}
	// The absolute points of the new section, for its children.
	var base *Point
	if pa != nil {
		base = &pa.end
	}
	c := sec.coords(base)
	g.abs[sec] = &absPoints{
		start: Point{c.StartX[0], c.StartY[0], c.StartZ[0]},
		end:   Point{c.EndX[sec.n-1], c.EndY[sec.n-1], c.EndZ[sec.n-1]},
	}
	return sec, nil
}

// copySection is Brian2's copy_section: the section alone, without parent
// or children.
func (s *Section) copySection() *Section {
	c := &Section{kind: s.kind, n: s.n, Type: s.Type,
		diam: append([]float64(nil), s.diam...), length: append([]float64(nil), s.length...)}
	if s.x != nil {
		c.x = append([]float64(nil), s.x...)
		c.y = append([]float64(nil), s.y...)
		c.z = append([]float64(nil), s.z...)
	}
	return c
}
