package ebitenr

import (
	"sync"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
)

// canvases keeps Canvases between calls of Draw, so that their vertex
// slices are reused from frame to frame. (A sync.Pool would lose them at
// every garbage collection.)
var canvases struct {
	sync.Mutex
	free []*Canvas
}

func getCanvas() *Canvas {
	canvases.Lock()
	defer canvases.Unlock()
	if n := len(canvases.free); n > 0 {
		c := canvases.free[n-1]
		canvases.free = canvases.free[:n-1]
		return c
	}
	return &Canvas{}
}

func putCanvas(c *Canvas) {
	canvases.Lock()
	defer canvases.Unlock()
	if len(canvases.free) < 4 {
		canvases.free = append(canvases.free, c)
	}
}

// Draw draws f over the whole of dst and returns the transform of each of
// f's panels (f's slice, valid until f is drawn again), for pointing at
// data. scale is the number of dst's pixels per logical pixel of the
// figure's layout: pass ebiten.Monitor().DeviceScaleFactor() when dst has
// device pixels, so that text and lines keep their size on a high-density
// screen; ≤ 0 counts as 1.
//
// The figure occupies the logical rectangle dst.Bounds()/scale: a point
// (x, y) of a transform is at (x·scale, y·scale) of dst. Draw a figure into
// part of a screen by passing a sub-image.
func Draw(dst *ebiten.Image, f *render.Figure, scale float64) []render.Transform {
	if dst == nil || f == nil {
		return nil
	}
	c := getCanvas()
	c.Reset(dst, scale)
	b := dst.Bounds()
	s := c.scale
	tr := f.Draw(c, render.R(float64(b.Min.X)/s, float64(b.Min.Y)/s, float64(b.Max.X)/s, float64(b.Max.Y)/s))
	c.Flush()
	c.Reset(nil, 1) // hold no image while kept
	putCanvas(c)
	return tr
}
