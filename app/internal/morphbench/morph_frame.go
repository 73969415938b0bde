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
	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
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
