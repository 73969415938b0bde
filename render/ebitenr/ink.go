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
// spikes is 200 000 of them. So a Fill of many small rectangles in an
// opaque colour (see splatCheaper) is painted into an RGBA buffer over the
// rectangles' bounding box (inside the clip), with the exact area each
// pixel has under each rectangle as its coverage (as render's image
// back-end computes it), and the buffer is laid over the image as one
// texture when something else is drawn. Fills that follow inside the same
// box (another colour of the same raster) are painted into the same
// buffer; the groups of a raster, in bands of rows, get a buffer each,
// together the size of the plot.
//
// What that costs was measured on llvmpipe (BenchmarkFillRects, and a
// sweep of 300 to 30 000 squares of 1.5 to 25 pixels on 1200 × 800): the
// buffer, cleared, uploaded and laid over, about 14 ns per pixel (13–14
// ms for the whole image); a rectangle drawn as two
// triangles about 1.5 µs more than one painted; a covered pixel about
// 10 ns drawn and 10–25 ns painted. So painting wins when 1.5 µs per
// rectangle outweighs the buffer and the painting's extra per pixel
// (taken as 5 ns, to lean towards triangles, which a real GPU draws for
// almost nothing): in units of 5 ns, when
//
//	300·n > 2.8·(pixels of the buffer) + (pixels the rectangles touch),
//
// which over the whole of 1200 × 800 takes some 9 000 dots, and never a
// few hundred large bars (a dendrogram's took 40 ms a frame painted, 16 as
// triangles). A buffer already there costs nothing more.
const (
	splatMin       = 256 // fewer rectangles are always triangles
	splatPerRect   = 300 // what painting saves per rectangle
	splatPerRegion = 2.8 // what the buffer costs per pixel
)

// splatCheaper reports whether the n rectangles of p (all rectangles) are
// cheaper painted on the CPU than drawn as triangles, by the costs above
// (many, and small), and the region of the image, in pixels, they are
// painted in: their bounding box inside the clip.
func (c *Canvas) splatCheaper(p *render.Path, n int) (image.Rectangle, bool) {
	clip := c.currentClip()
	if n < splatMin || clip.Empty() || c.dst == nil {
		return image.Rectangle{}, false
	}
	budget := splatPerRect * float64(n)
	// The pixels the rectangles touch, inside the clip, and their box.
	s := c.scale
	rx0, ry0, rx1, ry1 := float64(clip.Min.X), float64(clip.Min.Y), float64(clip.Max.X), float64(clip.Max.Y)
	bb := emptyBox()
	pts := p.Pts
	for j := 0; j+1 < len(pts); j += 2 {
		x0, y0 := max(pts[j].X*s, rx0), max(pts[j].Y*s, ry0)
		x1, y1 := min(pts[j+1].X*s, rx1), min(pts[j+1].Y*s, ry1)
		if x0 < x1 && y0 < y1 { // also not NaN
			budget -= (x1 - x0 + 1) * (y1 - y0 + 1)
			if budget <= 0 {
				return image.Rectangle{}, false
			}
			bb.add(x0, y0)
			bb.add(x1, y1)
		}
	}
	if !(bb.minX < bb.maxX && bb.minY < bb.maxY) {
		return image.Rectangle{}, false // nothing shows
	}
	r := image.Rect(int(math.Floor(bb.minX)), int(math.Floor(bb.minY)),
		int(math.Ceil(bb.maxX)), int(math.Ceil(bb.maxY))).Intersect(clip)
	if !c.ink.reuses(r, clip) {
		budget -= splatPerRegion * float64(r.Dx()*r.Dy())
	}
	return r, budget > 0
}

// ink is the CPU-painted layer.
type ink struct {
	active bool
	region image.Rectangle // in image pixels; the buffer covers it
	clip   image.Rectangle // the clip it was started under
	pix    []byte          // premultiplied RGBA, region.Dx() wide
	// The coverage one Fill leaves, in 1/256ths, summed over its
	// rectangles as render's image back-end sums it, and the pixels it
	// touched.
	cov     []uint16
	touched []int32
	img     *ebiten.Image // the texture it is uploaded to
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

// reuses reports whether rectangles inside r, under clip, can be painted
// into the buffer as it is.
func (k *ink) reuses(r, clip image.Rectangle) bool {
	return k.active && k.clip == clip && r.In(k.region)
}

// startInk makes the ink layer ready to paint inside r under the current
// clip, drawing what came before it first.
func (c *Canvas) startInk(r image.Rectangle) bool {
	clip := c.currentClip()
	r = r.Intersect(clip)
	if r.Empty() || c.dst == nil {
		return false
	}
	if c.ink.reuses(r, clip) {
		return true
	}
	c.send()
	c.flushInk()
	k := &c.ink
	k.active, k.region, k.clip = true, r, clip
	n := 4 * r.Dx() * r.Dy()
	if cap(k.pix) < n {
		k.pix = make([]byte, n)
	}
	k.pix = k.pix[:n]
	clear(k.pix)
	if cap(k.cov) < n/4 {
		k.cov = make([]uint16, n/4)
	}
	k.cov = k.cov[:n/4]
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
	sub := c.subImage(k.img, r)
	sub.WritePixels(k.pix)
	op := &c.drawOpts
	*op = ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(r.Min.X), float64(r.Min.Y))
	c.dst.DrawImage(sub, op)
	c.calls++
}

// splatRects paints the rectangles of p in col (opaque) on the ink layer,
// inside r (image pixels; splatCheaper's region, or any larger).
// Coverage is kept in 1/256ths of a pixel: the exact area, rounded, summed
// where rectangles overlap or share a pixel and capped at a whole pixel,
// as render's image back-end fills a path of many rectangles.
func (c *Canvas) splatRects(p *render.Path, col color.NRGBA, r image.Rectangle) {
	if !c.startInk(r) {
		return
	}
	k := &c.ink
	r = k.region
	s := c.scale
	rw := r.Dx()
	pix, cov := k.pix, k.cov
	var cx, cy [8]uint32
	rx0, ry0, rx1, ry1 := float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)
	cr, cg, cb := uint32(col.R), uint32(col.G), uint32(col.B)
	pts := p.Pts
	for j := 0; j+1 < len(pts); j += 2 {
		x0, y0 := pts[j].X*s, pts[j].Y*s
		x1, y1 := pts[j+1].X*s, pts[j+1].Y*s
		if x0 < rx0 {
			x0 = rx0
		}
		if y0 < ry0 {
			y0 = ry0
		}
		if x1 > rx1 {
			x1 = rx1
		}
		if y1 > ry1 {
			y1 = ry1
		}
		if !(x0 < x1 && y0 < y1) { // also NaN
			continue
		}
		// x0, y0 ≥ 0 (inside the image), so int() is floor.
		ix0, iy0 := int(x0), int(y0)
		ix1, iy1 := int(x1), int(y1)
		if float64(ix1) < x1 {
			ix1++
		}
		if float64(iy1) < y1 {
			iy1++
		}
		nx, ny := ix1-ix0, iy1-iy0
		if nx > len(cx) || ny > len(cy) {
			c.splatBig(x0, y0, x1, y1)
			continue
		}
		// The coverage is separable: the overlap of each column times
		// that of each row.
		for i := 0; i < nx; i++ {
			lo, hi := float64(ix0+i), float64(ix0+i+1)
			if lo < x0 {
				lo = x0
			}
			if hi > x1 {
				hi = x1
			}
			cx[i] = uint32((hi-lo)*256 + 0.5)
		}
		for i := 0; i < ny; i++ {
			lo, hi := float64(iy0+i), float64(iy0+i+1)
			if lo < y0 {
				lo = y0
			}
			if hi > y1 {
				hi = y1
			}
			cy[i] = uint32((hi-lo)*256 + 0.5)
		}
		row := (iy0-r.Min.Y)*rw + (ix0 - r.Min.X)
		for y := 0; y < ny; y++ {
			o := row
			for x := 0; x < nx; x++ {
				if a := cx[x] * cy[y] >> 8; a > 0 {
					if cov[o] == 0 {
						k.touched = append(k.touched, int32(o))
					}
					cov[o] = min(cov[o]+uint16(a), 512) // saturates, never wraps
				}
				o++
			}
			row += rw
		}
	}
	// Lay the colour over each touched pixel at its summed coverage.
	for _, o := range k.touched {
		a := min(uint32(cov[o]), 256)
		cov[o] = 0
		q := pix[4*o : 4*o+4 : 4*o+4]
		if a >= 256 {
			q[0], q[1], q[2], q[3] = byte(cr), byte(cg), byte(cb), 255
			continue
		}
		u := 256 - a
		q[0] = byte((cr*a + uint32(q[0])*u) >> 8)
		q[1] = byte((cg*a + uint32(q[1])*u) >> 8)
		q[2] = byte((cb*a + uint32(q[2])*u) >> 8)
		q[3] = byte((255*a + uint32(q[3])*u) >> 8)
	}
	k.touched = k.touched[:0]
}

// splatBig adds the coverage of one large rectangle (image pixels, inside
// the region) to the ink layer's coverage.
func (c *Canvas) splatBig(x0, y0, x1, y1 float64) {
	k := &c.ink
	r := k.region
	for y := int(math.Floor(y0)); y < int(math.Ceil(y1)); y++ {
		vy := math.Min(y1, float64(y+1)) - math.Max(y0, float64(y))
		o := (y-r.Min.Y)*r.Dx() + int(math.Floor(x0)) - r.Min.X
		for x := int(math.Floor(x0)); x < int(math.Ceil(x1)); x++ {
			vx := math.Min(x1, float64(x+1)) - math.Max(x0, float64(x))
			if a := uint16(vx*vy*256 + 0.5); a > 0 {
				if k.cov[o] == 0 {
					k.touched = append(k.touched, int32(o))
				}
				k.cov[o] = min(k.cov[o]+a, 512)
			}
			o++
		}
	}
}
