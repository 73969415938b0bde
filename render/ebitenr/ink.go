package ebitenr

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
)

// Many small rectangles (the dots of a raster plot) are cheaper to paint
// on the CPU than to send as triangles: GPUs in software (Mesa's llvmpipe,
// the browser's SwiftShader) pay per triangle, and a raster of 100 000
// spikes is 200 000 of them. So a Fill of at least splatMin rectangles in
// an opaque colour is painted into an RGBA buffer the size of the clip
// rectangle, with the exact area each pixel has under each rectangle as
// its coverage (as render's image back-end computes it), and the buffer
// is laid over the image as one texture when something else is drawn.
const splatMin = 256

// ink is the CPU-painted layer.
type ink struct {
	active bool
	region image.Rectangle // in image pixels; the buffer covers it
	pix    []byte          // premultiplied RGBA, region.Dx() wide
	img    *ebiten.Image   // the texture it is uploaded to
}

// rectsOnly reports whether p holds nothing but rectangles, and how many.
func rectsOnly(p *render.Path) (int, bool) {
	for _, op := range p.Ops {
		if op != render.OpRect {
			return 0, false
		}
	}
	return len(p.Ops), true
}

// startInk makes the ink layer ready to paint under the current clip,
// drawing what came before it first.
func (c *Canvas) startInk() bool {
	clip := c.currentClip()
	if clip.Empty() || c.dst == nil {
		return false
	}
	if c.ink.active && c.ink.region == clip {
		return true
	}
	c.send()
	c.flushInk()
	k := &c.ink
	k.active, k.region = true, clip
	n := 4 * clip.Dx() * clip.Dy()
	if cap(k.pix) < n {
		k.pix = make([]byte, n)
	}
	k.pix = k.pix[:n]
	clear(k.pix)
	return true
}

// flushInk lays the ink layer over the image.
func (c *Canvas) flushInk() {
	k := &c.ink
	if !k.active {
		return
	}
	k.active = false
	r := k.region
	if k.img == nil || !image.Rect(0, 0, r.Max.X, r.Max.Y).In(k.img.Bounds()) {
		if k.img != nil {
			k.img.Deallocate()
		}
		b := c.bounds
		k.img = ebiten.NewImage(max(b.Max.X, r.Max.X), max(b.Max.Y, r.Max.Y))
	}
	sub := k.img.SubImage(r).(*ebiten.Image)
	sub.WritePixels(k.pix)
	op := &c.drawOpts
	*op = ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	c.dst.DrawImage(sub, op)
	c.calls++
}

// splatRects paints the rectangles of p in col (opaque) on the ink layer.
func (c *Canvas) splatRects(p *render.Path, col color.NRGBA) {
	if !c.startInk() {
		return
	}
	k := &c.ink
	r := k.region
	s := c.scale
	stride := 4 * r.Dx()
	var cx, cy [8]float32
	rx0, ry0, rx1, ry1 := float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)
	cr, cg, cb := float32(col.R), float32(col.G), float32(col.B)
	for j := 0; j+1 < len(p.Pts); j += 2 {
		a, b := p.Pts[j], p.Pts[j+1]
		x0, y0 := math.Max(a.X*s, rx0), math.Max(a.Y*s, ry0)
		x1, y1 := math.Min(b.X*s, rx1), math.Min(b.Y*s, ry1)
		if !(x0 < x1 && y0 < y1) { // also NaN
			continue
		}
		ix0, iy0 := int(x0), int(y0) // x0, y0 ≥ 0 here when the image starts at 0
		if float64(ix0) > x0 {
			ix0--
		}
		if float64(iy0) > y0 {
			iy0--
		}
		ix1, iy1 := int(math.Ceil(x1)), int(math.Ceil(y1))
		if ix1-ix0 > len(cx) || iy1-iy0 > len(cy) {
			c.splatBig(x0, y0, x1, y1, cr, cg, cb)
			continue
		}
		// The coverage is separable: the overlap of each column times
		// that of each row.
		for i := ix0; i < ix1; i++ {
			cx[i-ix0] = float32(math.Min(x1, float64(i+1)) - math.Max(x0, float64(i)))
		}
		for i := iy0; i < iy1; i++ {
			cy[i-iy0] = float32(math.Min(y1, float64(i+1)) - math.Max(y0, float64(i)))
		}
		row := (iy0-r.Min.Y)*stride + 4*(ix0-r.Min.X)
		for y := 0; y < iy1-iy0; y++ {
			o := row
			for x := 0; x < ix1-ix0; x++ {
				blend(k.pix[o:o+4:o+4], cr, cg, cb, cx[x]*cy[y])
				o += 4
			}
			row += stride
		}
	}
}

// splatBig paints one large rectangle (device pixels, inside the region).
func (c *Canvas) splatBig(x0, y0, x1, y1 float64, cr, cg, cb float32) {
	k := &c.ink
	r := k.region
	stride := 4 * r.Dx()
	for y := int(math.Floor(y0)); y < int(math.Ceil(y1)); y++ {
		vy := float32(math.Min(y1, float64(y+1)) - math.Max(y0, float64(y)))
		o := (y-r.Min.Y)*stride + 4*(int(math.Floor(x0))-r.Min.X)
		for x := int(math.Floor(x0)); x < int(math.Ceil(x1)); x++ {
			vx := float32(math.Min(x1, float64(x+1)) - math.Max(x0, float64(x)))
			blend(k.pix[o:o+4:o+4], cr, cg, cb, vx*vy)
			o += 4
		}
	}
}

// blend lays an opaque colour (components 0–255) at coverage a over the
// premultiplied pixel d.
func blend(d []byte, r, g, b, a float32) {
	if a >= 1 {
		d[0], d[1], d[2], d[3] = byte(r+0.5), byte(g+0.5), byte(b+0.5), 255
		return
	}
	if !(a > 0) {
		return
	}
	u := 1 - a
	d[0] = byte(r*a + float32(d[0])*u + 0.5)
	d[1] = byte(g*a + float32(d[1])*u + 0.5)
	d[2] = byte(b*a + float32(d[2])*u + 0.5)
	d[3] = byte(255*a + float32(d[3])*u + 0.5)
}
