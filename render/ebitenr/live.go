package ebitenr

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
)

// Live draws a live figure whose data only grow, at a cost proportional to
// what changed rather than to everything recorded. It keeps the figure
// drawn on an image of its own between frames; each frame it draws the
// figure again only inside a strip of that image, from the pixel column of
// the earliest time whose drawing may have changed to that of the latest
// data (with a margin for the reach of lines and dots), and lays the image
// over the destination. A GPU in software (llvmpipe, SwiftShader) pays
// for every pixel it covers, and a strip of a few columns covers a few
// thousand where a raster and ten traces cover two million.
//
// Inside the strip the figure is drawn exactly as a whole redraw draws it,
// clipped: the same triangles, the same dots, in the same order, so the
// image after many strips equals one drawn at once. This holds while the
// figure's layout stays put and the data drawn left of the strip do not
// change: when the panels' axes move (an automatic range that grows, a
// window that scrolls), the figure is drawn whole again, which Draw finds
// out by itself; what it cannot see, the caller says (see Draw).
//
// A Live is not safe for concurrent use. Its zero value is ready.
type Live struct {
	img   *ebiten.Image // the figure as last drawn
	c     Canvas        // draws on img
	valid bool
	scale float64
	r     render.Rect
	trs   []render.Transform // the panels' transforms when img was drawn
	trs2  []render.Transform // scratch: the last Draw's

	// Counts since the Live was made: whole draws and strips.
	full, strips int
	last         image.Rectangle // the last strip, in image pixels
}

// Invalidate makes the next Draw draw the whole figure.
func (l *Live) Invalidate() { l.valid = false }

// Stats returns how many frames were drawn whole and how many as strips,
// and the last strip (image pixels; empty after a whole draw).
func (l *Live) Stats() (full, strips int, last image.Rectangle) { return l.full, l.strips, l.last }

// Deallocate frees the kept image.
func (l *Live) Deallocate() {
	if l.img != nil {
		l.img.Deallocate()
		l.img = nil
	}
	l.valid = false
}

// liveMargin is how far, in logical pixels, a mark can reach sideways from
// the time it shows: half a line's width and its anti-aliasing, half a
// raster dot, a join, and the pixel column a thinned trace keeps together.
func liveMargin(f *render.Figure) float64 {
	th := f.Theme
	w := math.Max(th.LineWidth, th.MarkerSize)
	if !(w > 0) || w > 64 {
		w = 3
	}
	return 2*w + 4
}

// Draw draws f in r (logical pixels) of dst, as Draw(dst, f, scale)
// would draw it there, and returns the panels' transforms. dst is drawn
// over (the figure is laid over it, as the figure's own drawing would be),
// under clip (image pixels of dst; empty: all of it).
//
// since and until say what changed since the last call: nothing drawn for
// times before since (seconds, on the panels' x axes, which must all be
// time) differs from what was drawn then, and no data lie after until.
// Pass since = -Inf (or NaN) when anything else may have changed: other
// data (a reset, another model), other plots or styles. A change of r,
// scale or dst's size, or of any panel's axes, is found here.
func (l *Live) Draw(dst *ebiten.Image, f *render.Figure, r render.Rect, scale float64, since, until float64, clip image.Rectangle) []render.Transform {
	if dst == nil || f == nil {
		return nil
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	b := dst.Bounds()
	if clip.Empty() {
		clip = b
	}
	size := image.Rect(0, 0, b.Max.X, b.Max.Y)
	if l.img == nil || l.img.Bounds() != size {
		if l.img != nil {
			l.img.Deallocate()
		}
		l.img = ebiten.NewImage(size.Dx(), size.Dy())
		l.valid = false
	}
	dev := image.Rect(int(math.Floor(r.Min.X*scale)), int(math.Floor(r.Min.Y*scale)),
		int(math.Ceil(r.Max.X*scale)), int(math.Ceil(r.Max.Y*scale))).Intersect(size)

	trs := l.trs2[:0]
	drawn := false
	if l.valid && l.scale == scale && l.r == r && !math.IsNaN(since) && !math.IsInf(since, -1) && !(until < since) {
		strip, ok := l.strip(f, dev, scale, since, until)
		switch {
		case !ok:
			// Draw it whole.
		case strip.Empty():
			trs = append(trs, l.trs...)
			drawn = true
			l.last = strip
		default:
			l.img.SubImage(strip).(*ebiten.Image).Clear()
			l.c.Reset(l.img, scale)
			l.c.PushClip(render.R(float64(strip.Min.X)/scale, float64(strip.Min.Y)/scale,
				float64(strip.Max.X)/scale, float64(strip.Max.Y)/scale))
			trs = append(trs, f.Draw(&l.c, r)...)
			l.c.PopClip()
			l.c.Flush()
			l.c.Reset(nil, 1)
			drawn = sameTransforms(trs, l.trs)
			l.last = strip
			if drawn {
				l.strips++
			}
		}
	}
	if !drawn {
		l.img.SubImage(dev).(*ebiten.Image).Clear()
		l.c.Reset(l.img, scale)
		trs = append(trs[:0], f.Draw(&l.c, r)...)
		l.c.Flush()
		l.c.Reset(nil, 1)
		l.full++
		l.last = image.Rectangle{}
	}
	l.trs, l.trs2 = trs, l.trs
	l.valid, l.scale, l.r = true, scale, r

	if show := dev.Intersect(clip); !show.Empty() {
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(float64(show.Min.X), float64(show.Min.Y))
		dst.DrawImage(l.img.SubImage(show).(*ebiten.Image), op)
	}
	return l.trs
}

// strip returns the image pixels of dev to draw again for data from since
// to until, or false when the figure must be drawn whole.
func (l *Live) strip(f *render.Figure, dev image.Rectangle, scale, since, until float64) (image.Rectangle, bool) {
	if len(l.trs) == 0 {
		return image.Rectangle{}, false
	}
	x0, x1 := math.Inf(1), math.Inf(-1)
	for _, t := range l.trs {
		if !(t.XMax > t.XMin) || math.IsInf(t.XMax-t.XMin, 0) {
			return image.Rectangle{}, false
		}
		a, b := t.X(math.Max(since, t.XMin)), t.X(math.Min(until, t.XMax))
		if since < t.XMin {
			a = t.Area.Min.X
		}
		if until > t.XMax {
			b = t.Area.Max.X
		}
		if a > b { // nothing of this panel's window changed
			continue
		}
		x0, x1 = math.Min(x0, a), math.Max(x1, b)
	}
	if x0 > x1 {
		return image.Rectangle{}, true // nothing inside any window changed
	}
	m := liveMargin(f)
	s := image.Rect(int(math.Floor((x0-m)*scale)), dev.Min.Y, int(math.Ceil((x1+m)*scale)), dev.Max.Y).Intersect(dev)
	if s.Dx()*2 > dev.Dx() {
		return image.Rectangle{}, false // most of it: as cheap whole
	}
	return s, true
}

// sameTransforms reports whether a and b place every panel alike.
func sameTransforms(a, b []render.Transform) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if a[k] != b[k] {
			return false
		}
	}
	return true
}

// ClipBounds returns the clip rectangle in force, in logical pixels (see
// render.ClipReporter): plots read only the data that can show there.
func (c *Canvas) ClipBounds() render.Rect {
	r := c.currentClip()
	s := c.scale
	return render.R(float64(r.Min.X)/s, float64(r.Min.Y)/s, float64(r.Max.X)/s, float64(r.Max.Y)/s)
}

// DrawLive draws f in r like f.Draw(c, r), through a Live kept by c (see
// Live.Draw for since and until): a live figure costs the strip that
// changed. What was drawn on c before is drawn first, under it.
func (c *Canvas) DrawLive(f *render.Figure, r render.Rect, since, until float64) []render.Transform {
	if c.dst == nil || f == nil {
		return nil
	}
	c.Flush()
	if c.live == nil {
		c.live = &Live{}
	}
	tr := c.live.Draw(c.dst, f, r, c.scale, since, until, c.currentClip())
	c.calls++
	return tr
}

// Live returns the Live that DrawLive uses (nil before the first), for
// its statistics.
func (c *Canvas) Live() *Live { return c.live }
