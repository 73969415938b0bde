package render

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// ImageCanvas is a Canvas that paints into an RGBA image, anti-aliased,
// with text in Liberation Sans drawn from its outlines. One logical pixel
// is Scale pixels of the image.
//
// It is pure Go (golang.org/x/image/vector) and works wherever Go does,
// WebAssembly included; it is the PNG back-end and needs no display.
type ImageCanvas struct {
	img   *image.RGBA
	scale float64
	clips []image.Rectangle
	z     vector.Rasterizer
	src   image.Uniform
	// pts is scratch for one polyline in device pixels.
	pts []Point
}

// NewImageCanvas returns a canvas that paints into img, one logical pixel
// being scale pixels of img (scale ≤ 0 counts as 1).
func NewImageCanvas(img *image.RGBA, scale float64) *ImageCanvas {
	if !(scale > 0) || !finite(scale) {
		scale = 1
	}
	return &ImageCanvas{img: img, scale: scale}
}

// Image returns the image c paints into.
func (c *ImageCanvas) Image() *image.RGBA { return c.img }

// clip returns the current clip rectangle in image pixels.
func (c *ImageCanvas) clip() image.Rectangle {
	if n := len(c.clips); n > 0 {
		return c.clips[n-1]
	}
	return c.img.Bounds()
}

// PushClip narrows the clip rectangle to r, rounded to whole pixels.
func (c *ImageCanvas) PushClip(r Rect) {
	ir := image.Rect(
		int(devClamp(math.Round(r.Min.X*c.scale))), int(devClamp(math.Round(r.Min.Y*c.scale))),
		int(devClamp(math.Round(r.Max.X*c.scale))), int(devClamp(math.Round(r.Max.Y*c.scale))),
	)
	c.clips = append(c.clips, ir.Intersect(c.clip()))
}

// PopClip restores the clip rectangle before the last PushClip.
func (c *ImageCanvas) PopClip() {
	if n := len(c.clips); n > 0 {
		c.clips = c.clips[:n-1]
	}
}

// devLimit bounds device coordinates: far beyond any image, and within
// what the rasterizer's fixed-point arithmetic holds.
const devLimit = 1 << 20

func devClamp(v float64) float64 {
	if !(v > -devLimit) { // also NaN
		return -devLimit
	}
	if v > devLimit {
		return devLimit
	}
	return v
}

// rasterizer prepares c.z to cover the device rectangle b (clipped), and
// returns its placement; ok is false when nothing would show.
func (c *ImageCanvas) rasterizer(minX, minY, maxX, maxY float64) (image.Rectangle, bool) {
	ir := image.Rect(
		int(math.Floor(devClamp(minX))), int(math.Floor(devClamp(minY))),
		int(math.Ceil(devClamp(maxX))), int(math.Ceil(devClamp(maxY))),
	).Intersect(c.clip())
	if ir.Empty() {
		return ir, false
	}
	c.z.Reset(ir.Dx(), ir.Dy())
	return ir, true
}

// draw paints the rasterized coverage in colour col.
func (c *ImageCanvas) draw(ir image.Rectangle, col color.NRGBA) {
	c.src.C = col
	c.z.Draw(c.img, ir, &c.src, image.Point{})
}

// bounds returns the device bounding box of p, widened by m device pixels.
func (c *ImageCanvas) bounds(p *Path, m float64) (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, q := range p.Pts {
		minX, maxX = math.Min(minX, q.X), math.Max(maxX, q.X)
		minY, maxY = math.Min(minY, q.Y), math.Max(maxY, q.Y)
	}
	s := c.scale
	return minX*s - m, minY*s - m, maxX*s + m, maxY*s + m
}

// Fill paints the inside of p.
func (c *ImageCanvas) Fill(p *Path, col color.NRGBA) {
	if p.Empty() || col.A == 0 {
		return
	}
	ir, ok := c.rasterizer(c.bounds(p, 1))
	if !ok {
		return
	}
	ox, oy := float64(ir.Min.X), float64(ir.Min.Y)
	s := c.scale
	k := 0
	open := false
	z := &c.z
	pt := func(q Point) (float32, float32) {
		return float32(devClamp(q.X*s) - ox), float32(devClamp(q.Y*s) - oy)
	}
	for _, op := range p.Ops {
		switch op {
		case OpMove:
			if open {
				z.ClosePath()
			}
			z.MoveTo(pt(p.Pts[k]))
			k++
			open = true
		case OpLine:
			z.LineTo(pt(p.Pts[k]))
			k++
		case OpClose:
			if open {
				z.ClosePath()
			}
			open = false
		case OpRect:
			if open {
				z.ClosePath()
				open = false
			}
			x0, y0 := pt(p.Pts[k])
			x1, y1 := pt(p.Pts[k+1])
			k += 2
			z.MoveTo(x0, y0)
			z.LineTo(x1, y0)
			z.LineTo(x1, y1)
			z.LineTo(x0, y1)
			z.ClosePath()
		}
	}
	if open {
		z.ClosePath()
	}
	c.draw(ir, col)
}

// Stroke paints the outline of p: each segment as a quadrilateral, with a
// round join where segments meet at an angle. All pieces turn the same way,
// so where they overlap the rasterizer unions them.
func (c *ImageCanvas) Stroke(p *Path, st LineStyle) {
	if p.Empty() || st.Color.A == 0 || !(st.Width > 0) {
		return
	}
	hw := math.Max(st.Width*c.scale/2, 0.5)
	ir, ok := c.rasterizer(c.bounds(p, hw+1))
	if !ok {
		return
	}
	ox, oy := float64(ir.Min.X), float64(ir.Min.Y)
	s := c.scale
	p.Subpaths(func(pts []Point, closed bool) {
		c.pts = c.pts[:0]
		for _, q := range pts {
			d := Point{devClamp(q.X*s) - ox, devClamp(q.Y*s) - oy}
			if n := len(c.pts); n > 0 && c.pts[n-1] == d {
				continue
			}
			c.pts = append(c.pts, d)
		}
		if closed && len(c.pts) > 2 && c.pts[0] != c.pts[len(c.pts)-1] {
			c.pts = append(c.pts, c.pts[0])
		}
		c.strokePolyline(c.pts, hw, closed)
	})
	c.draw(ir, st.Color)
}

// strokePolyline adds the outline of a polyline of half-width hw to c.z.
func (c *ImageCanvas) strokePolyline(pts []Point, hw float64, closed bool) {
	z := &c.z
	n := len(pts)
	if n == 1 {
		return
	}
	for k := 0; k+1 < n; k++ {
		a, b := pts[k], pts[k+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		nx, ny := -dy/l*hw, dx/l*hw
		z.MoveTo(float32(a.X+nx), float32(a.Y+ny))
		z.LineTo(float32(b.X+nx), float32(b.Y+ny))
		z.LineTo(float32(b.X-nx), float32(b.Y-ny))
		z.LineTo(float32(a.X-nx), float32(a.Y-ny))
		z.ClosePath()
	}
	// Joins: at interior points, and at the start of a closed polyline.
	for k := 0; k < n; k++ {
		var prev, next Point
		switch {
		case k > 0 && k+1 < n:
			prev, next = pts[k-1], pts[k+1]
		case closed && k == 0 && n > 2:
			prev, next = pts[n-2], pts[1]
		default:
			continue
		}
		q := pts[k]
		ax, ay := q.X-prev.X, q.Y-prev.Y
		bx, by := next.X-q.X, next.Y-q.Y
		cross, dot := ax*by-ay*bx, ax*bx+ay*by
		if dot > 0 && math.Abs(cross) < 0.09*dot { // turning less than ~5°
			continue
		}
		c.disc(q, hw)
	}
}

// disc adds a polygonal disc of radius r around q, turning the way the
// stroke quadrilaterals turn.
func (c *ImageCanvas) disc(q Point, r float64) {
	n := 8
	if r > 1.5 {
		n = 16
	}
	z := &c.z
	for k := 0; k < n; k++ {
		a := -2 * math.Pi * float64(k) / float64(n)
		x, y := float32(q.X+r*math.Cos(a)), float32(q.Y+r*math.Sin(a))
		if k == 0 {
			z.MoveTo(x, y)
		} else {
			z.LineTo(x, y)
		}
	}
	z.ClosePath()
}

// Text paints s from the outlines of Liberation Sans, each glyph placed at
// the advance widths TextWidth uses.
func (c *ImageCanvas) Text(x, y float64, s string, st TextStyle) {
	if !validText(s) || st.Color.A == 0 || !(st.Size > 0) {
		return
	}
	b := TextBounds(x, y, s, st)
	// Accents and brackets reach above the cap height: widen by an em.
	m := st.Size * c.scale
	sc := c.scale
	ir, ok := c.rasterizer(b.Min.X*sc-m, b.Min.Y*sc-m, b.Max.X*sc+m, b.Max.Y*sc+m)
	if !ok {
		return
	}
	ox, oy := TextOrigin(x, y, s, st)
	k := st.Size / unitsPerEm
	dx, dy := float64(ir.Min.X), float64(ir.Min.Y)
	// place maps a point of a glyph (font units, y down) at pen position
	// pen to the rasterizer.
	place := func(pen float64, p fixed.Point26_6) (float32, float32) {
		u := (pen + float64(p.X)/64) * k
		v := float64(p.Y) / 64 * k
		var cx, cy float64
		if st.Vertical {
			cx, cy = ox+v, oy-u
		} else {
			cx, cy = ox+u, oy+v
		}
		return float32(devClamp(cx*sc) - dx), float32(devClamp(cy*sc) - dy)
	}
	z := &c.z
	pen := 0.0
	for _, r := range s {
		segs := glyphOutline(r)
		open := false
		for _, seg := range segs {
			switch seg.Op {
			case sfnt.SegmentOpMoveTo:
				if open {
					z.ClosePath()
				}
				z.MoveTo(place(pen, seg.Args[0]))
				open = true
			case sfnt.SegmentOpLineTo:
				z.LineTo(place(pen, seg.Args[0]))
			case sfnt.SegmentOpQuadTo:
				bx, by := place(pen, seg.Args[0])
				cx, cy := place(pen, seg.Args[1])
				z.QuadTo(bx, by, cx, cy)
			case sfnt.SegmentOpCubeTo:
				bx, by := place(pen, seg.Args[0])
				cx, cy := place(pen, seg.Args[1])
				ex, ey := place(pen, seg.Args[2])
				z.CubeTo(bx, by, cx, cy, ex, ey)
			}
		}
		if open {
			z.ClosePath()
		}
		pen += float64(advance(r))
	}
	c.draw(ir, st.Color)
}

// The font, parsed once, and the outlines of the glyphs drawn so far, in
// font units (the font loaded at one pixel per font unit).
var (
	fontOnce   sync.Once
	fontFace   *sfnt.Font
	glyphMu    sync.Mutex
	glyphCache = map[rune]sfnt.Segments{}
)

// glyphOutline returns the outline of r, or of the .notdef box when the
// font has no glyph for it.
func glyphOutline(r rune) sfnt.Segments {
	fontOnce.Do(func() {
		f, err := sfnt.Parse(liberationsansregular.TTF)
		if err == nil {
			fontFace = f
		}
	})
	if fontFace == nil {
		return nil
	}
	glyphMu.Lock()
	defer glyphMu.Unlock()
	if segs, ok := glyphCache[r]; ok {
		return segs
	}
	var b sfnt.Buffer
	x, err := fontFace.GlyphIndex(&b, r)
	if err != nil {
		x = 0
	}
	segs, err := fontFace.LoadGlyph(&b, x, fixed.I(unitsPerEm), nil)
	var out sfnt.Segments
	if err == nil {
		out = append(out, segs...) // segs belongs to b
	}
	glyphCache[r] = out
	return out
}

// RenderImage draws fig into a new image of width × height logical pixels
// at scale image pixels each (2 for a sharp image on a high-density
// screen; ≤ 0 counts as 1).
func RenderImage(fig *Figure, width, height int, scale float64) *image.RGBA {
	if !(scale > 0) || !finite(scale) {
		scale = 1
	}
	w := int(math.Round(float64(max(width, 0)) * scale))
	h := int(math.Round(float64(max(height, 0)) * scale))
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	if fig != nil {
		fig.Draw(NewImageCanvas(img, scale), R(0, 0, float64(width), float64(height)))
	}
	return img
}

// WritePNG draws fig into a width × height image, one pixel per logical
// pixel, and writes it to w as PNG.
func WritePNG(w io.Writer, fig *Figure, width, height int) error {
	return png.Encode(w, RenderImage(fig, width, height, 1))
}
