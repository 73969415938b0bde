// Package morphbench draws a morphviz.View into an Ebiten image as the app
// does (through render/ebitenr), so that its benchmarks can measure what a
// frame of a morphology view costs with Ebiten: the view's geometry, the
// canvas cutting it into triangles, and the GPU drawing them (on this
// project's machines a GPU in software: Mesa's llvmpipe under Xvfb, or
// the browser's SwiftShader).
//
// It lives under app/, apart from morphviz, because only the app's side
// of the project may import Ebiten (internal/layering): morphviz builds and
// is tested natively and in WebAssembly without a display, while this
// package, which imports Ebiten, is among the packages whose tests `make
// test-gui` runs under Xvfb.
package morphbench

import (
	"image"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/units"
)

// Draw draws view into the whole of dst (scale image pixels per logical
// pixel), each compartment coloured by values, as a frame of the app
// does: the view drawn on c (reset to dst; nil makes a new canvas), over
// its theme's background (dst is cleared first when that is
// transparent), and flushed. It returns the
// canvas, to be given back next frame so that its memory is reused.
func Draw(dst *ebiten.Image, c *ebitenr.Canvas, view *morphviz.View, values []float64, scale float64) *ebitenr.Canvas {
	if c == nil {
		c = ebitenr.New(dst, scale)
	} else {
		c.Reset(dst, scale)
	}
	if !(scale > 0) {
		scale = 1
	}
	b := dst.Bounds()
	if view.Theme.Background.A == 0 {
		dst.Clear()
	}
	view.Draw(c, render.R(0, 0, float64(b.Dx())/scale, float64(b.Dy())/scale), values)
	c.Flush()
	return c
}

// BinaryTree returns a soma with a full binary tree of depth levels below
// it, each section of n compartments 60 µm long, with coordinates
// generated (as morphviz's own benchmark builds it): a stand-in for a big
// reconstruction ((2^levels - 1)*n + 1 compartments).
func BinaryTree(levels, n int) *morph.Section {
	soma := morph.Must(morph.NewSoma(20 * um))
	var grow func(parent *morph.Section, name string, depth int)
	grow = func(parent *morph.Section, name string, depth int) {
		if depth == levels {
			return
		}
		d := 4 * um * math.Pow(0.7, float64(depth))
		s := morph.Must(morph.NewCylinder(n, 60*um, d))
		if err := parent.Add(name, s); err != nil {
			panic(err)
		}
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

// Wave is a membrane potential that changes every frame: a spike (−65 mV
// at rest, +40 mV at its peak, 50 µm wide) travelling out from the root
// at 10 µm a frame, so that most compartments change colour as it passes,
// as during a run.
type Wave struct {
	dist []float64
	v    []float64
	maxD float64
	at   float64
}

// NewWave returns the spike about to leave root.
func NewWave(root *morph.Section) *Wave {
	d := root.Flatten().Distance
	w := &Wave{dist: d, v: make([]float64, len(d))}
	for _, x := range d {
		w.maxD = math.Max(w.maxD, x)
	}
	return w
}

// Next moves the spike on by a frame and returns the values (one slice,
// rewritten each time).
func (w *Wave) Next() []float64 {
	w.at += 10 * um
	if w.at > w.maxD+100*um {
		w.at = 0
	}
	for k, x := range w.dist {
		u := (x - w.at) / (50 * um)
		w.v[k] = -65e-3 + 105e-3*math.Exp(-u*u)
	}
	return w.v
}

// VView returns a view of root coloured by v, fixed to −80..50 mV as a
// live view should be, in projection p.
func VView(root *morph.Section, p morphviz.Projection) *morphviz.View {
	v := morphviz.New(root)
	v.Name, v.Dim = "v", units.DimVoltage
	v.SetRange(-80e-3, 50e-3)
	v.SetProjection(p)
	if p == morphviz.Perspective {
		v.Rotate(0.6, 0.4)
	}
	return v
}

// WaitGPU waits until the GPU has drawn everything sent to img: it copies
// one pixel of img to a tiny image and reads that back, which cannot
// finish before img is drawn (as render/ebitenr's benchmarks wait).
func WaitGPU(img *ebiten.Image, px []byte) {
	tinyOnce.Do(func() { tiny = ebiten.NewImage(1, 1) })
	tiny.DrawImage(img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image), nil)
	tiny.ReadPixels(px)
}

var (
	tinyOnce sync.Once
	tiny     *ebiten.Image
)

const um = morph.Micrometre
