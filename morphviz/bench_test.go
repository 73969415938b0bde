package morphviz

import (
	"image"
	"math"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
)

// largestSWC returns the reconstruction with the most compartments in
// ../shared/morphologies, or skips.
func largestSWC(b *testing.B) *morph.Section {
	files, _ := filepath.Glob(filepath.Join(shared, "*.swc"))
	var best *morph.Section
	for _, f := range files {
		root, err := morph.LoadSWC(f, morph.SWCOptions{})
		if err == nil && (best == nil || root.TotalCompartments() > best.TotalCompartments()) {
			best = root
		}
	}
	if best == nil {
		b.Skipf("no SWC files in %s", shared)
	}
	return best
}

// binaryTree returns a soma with a full binary tree of depth levels below
// it, each section of n compartments, with coordinates generated: a
// stand-in for a big reconstruction ((2^levels - 1)*n + 1 compartments).
func binaryTree(levels, n int) *morph.Section {
	soma := morph.Must(morph.NewSoma(20 * um))
	var grow func(parent *morph.Section, name string, depth int)
	grow = func(parent *morph.Section, name string, depth int) {
		if depth == levels {
			return
		}
		d := 4 * um * math.Pow(0.7, float64(depth))
		s := morph.Must(morph.NewCylinder(n, 60*um, d))
		mustAdd(parent, name, s)
		grow(s, "L", depth+1)
		grow(s, "R", depth+1)
	}
	grow(soma, "dend", 0)
	root, err := soma.GenerateCoordinates(morph.CoordOptions{SectionRandomness: 25, Seed: 1})
	if err != nil {
		panic(err)
	}
	return root
}

// BenchmarkDraw measures one frame of a morphology coloured by a value,
// turned in 3-D with perspective, against projecting its points alone
// (project): on a canvas that paints nothing (the projection and the
// geometry: what a frame costs before the back-end), on a Recorder, and
// painted into an 800×600 image by the PNG back-end.
func BenchmarkDraw(b *testing.B) {
	for _, m := range []struct {
		name string
		root func(b *testing.B) *morph.Section
	}{
		{"swc", largestSWC},
		{"tree8k", func(*testing.B) *morph.Section { return binaryTree(10, 8) }},
	} {
		root := m.root(b)
		v, d := distanceView(root)
		v.SetProjection(Perspective)
		r := render.R(0, 0, 800, 600)
		img := image.NewRGBA(image.Rect(0, 0, 800, 600))
		var rec render.Recorder
		// The baseline: only projecting every compartment's two ends,
		// the least any drawing of the shape must do.
		b.Run(m.name+"/project", func(b *testing.B) {
			g := v.g
			sink := 0.0
			for b.Loop() {
				v.Rotate(0.01, 0)
				for i := 0; i < g.n; i++ {
					ax, ay, _, _ := v.project(g.a[i])
					bx, by, _, _ := v.project(g.b[i])
					sink += ax + ay + bx + by
				}
			}
			if sink == 42 {
				b.Log(sink)
			}
		})
		for _, c := range []struct {
			name   string
			canvas render.Canvas
		}{{"geometry", nullCanvas{}}, {"recorder", &rec}, {"image", render.NewImageCanvas(img, 1)}} {
			b.Run(m.name+"/"+c.name, func(b *testing.B) {
				b.ReportAllocs()
				b.ReportMetric(float64(v.Compartments()), "compartments")
				for b.Loop() {
					rec.Reset()
					v.Rotate(0.01, 0)
					v.Draw(c.canvas, r, d)
				}
			})
		}
	}
}

// BenchmarkPick measures picking in the largest reconstruction.
func BenchmarkPick(b *testing.B) {
	v, d := distanceView(largestSWC(b))
	v.Draw(nullCanvas{}, render.R(0, 0, 800, 600), d)
	for b.Loop() {
		v.Pick(400, 300)
	}
}
