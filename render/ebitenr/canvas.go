// Package ebitenr draws myelin's plots (package render) with Ebiten, in the
// desktop app and in the browser: a [render.Canvas] on an *ebiten.Image.
//
//	func (g *game) Draw(screen *ebiten.Image) {
//		g.fig.SetNow(g.sim.Now())
//		ebitenr.Draw(screen, g.fig, ebiten.Monitor().DeviceScaleFactor())
//	}
//
// The figure's geometry is render's, so a figure looks here as it does in
// render's PNG and SVG back-ends; only the pixels are made differently.
//
// # How it draws
//
// Paths are cut into triangles on the CPU and drawn with one small Kage
// shader that anti-aliases them by distance: each vertex carries, besides
// its colour, where it lies across a line (or inside a rectangle), and the
// shader turns that into the share of each pixel that is covered, as
// render's image back-end computes it. So lines, rectangles and convex
// polygons (the dots of an xy plot) are smooth without drawing at a
// higher resolution. Triangles of every colour go
// into one list, sent in as few DrawTrianglesShader calls as Ebiten's
// 16-bit indices allow. Lines are stroked as render's image back-end
// strokes them: a quadrilateral per segment, butt ends, joins bevelled
// (round for lines wider than three pixels).
//
// A Fill of many small rectangles (the dots of a raster plot) is painted
// on the CPU instead, into a texture laid over the image: a GPU in
// software (Mesa's llvmpipe, the browser's SwiftShader) pays for every
// triangle, and 100 000 spikes are 200 000 of them.
//
// Text is set with ebiten/v2/text/v2 in Liberation Sans Regular, the font
// render measures ([render.TextWidth]), with kerning and ligatures turned
// off so that each glyph advances as far as layout expects. Text is drawn
// after the triangles sent before it, and the triangles sent after it are
// drawn before it unless they overlap it, which lets a frame be drawn in two
// passes (shapes, then text) while keeping the order wherever it shows.
//
// A Canvas reuses its vertex and index slices from frame to frame: once
// they have grown, drawing a figure allocates next to nothing.
//
// # Live figures
//
// A figure of a running model changes only at its right end. [Live] (and
// [Canvas.DrawLive], which the app uses) keeps the figure drawn on an
// image of its own and draws it again, each frame, only inside the strip
// of pixel columns that new data can reach, laying the image over the
// screen: the same pixels as a whole redraw, at the cost of a strip. Plots
// read only the data that can show inside the clip ([render.ClipReporter]).
//
// Like everything that imports Ebiten, this package needs a display (or a
// browser) to start: its tests run under Xvfb.
package ebitenr

import (
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/myelin-sim/myelin/render"
)

// Canvas is a render.Canvas that draws on an *ebiten.Image. One logical
// pixel of render's coordinates is Scale pixels of the image (the device
// scale factor, 2 on a high-density screen).
//
// Drawing is deferred: calls add triangles and text to lists that Flush
// sends to the image. Call Flush at the end of a frame (Draw does). A
// Canvas is not safe for concurrent use; reuse one from frame to frame with
// Reset.
type Canvas struct {
	dst    *ebiten.Image
	bounds image.Rectangle // dst's bounds
	scale  float64
	clips  []image.Rectangle

	// The batch of triangles not yet sent: vertices in device pixels with
	// their colours, and the clip they are drawn under.
	vs       []ebiten.Vertex
	is       []uint16
	mode     mode
	clip     image.Rectangle
	layer    *ebiten.Image // where translucent shapes are drawn opaque first
	ink      ink           // where many small rectangles are painted on the CPU
	subs     map[subKey]*ebiten.Image
	subsFor  *ebiten.Image // the image subs were made for
	pending  []pendingText
	glyphs   []text.Glyph
	tris     int // triangles sent since Reset
	calls    int // draw calls (triangle batches, textures) since Reset
	gen      int // counts batches, so indices into an old one are known stale
	pts      []render.Point
	sub      []render.Point
	triOpts  ebiten.DrawTrianglesShaderOptions
	drawOpts ebiten.DrawImageOptions
	live     *Live // DrawLive's kept figure
}

// New returns a canvas that draws on dst, one logical pixel being scale
// pixels of dst (scale ≤ 0 counts as 1).
func New(dst *ebiten.Image, scale float64) *Canvas {
	c := &Canvas{}
	c.Reset(dst, scale)
	return c
}

// Reset points c at dst and scale for a new frame, keeping its memory.
// Whatever was not flushed is dropped.
func (c *Canvas) Reset(dst *ebiten.Image, scale float64) {
	if !(scale > 0) || math.IsInf(scale, 0) {
		scale = 1
	}
	if dst != nil && dst != c.subsFor {
		clear(c.subs)
		c.subsFor = dst
	}
	c.dst = dst
	c.scale = scale
	c.bounds = image.Rectangle{}
	if dst != nil {
		c.bounds = dst.Bounds()
	}
	c.clips = c.clips[:0]
	c.vs = c.vs[:0]
	c.is = c.is[:0]
	c.mode = mode{}
	c.ink.active = false
	c.clip = c.bounds
	c.pending = c.pending[:0]
	c.tris, c.calls = 0, 0
}

// Scale returns the number of image pixels per logical pixel.
func (c *Canvas) Scale() float64 { return c.scale }

// Stats returns the number of triangles and of draw calls (batches of
// triangles, and CPU-painted textures laid over the image) sent to the
// image since Reset: a check that batching works.
func (c *Canvas) Stats() (triangles, calls int) { return c.tris, c.calls }

// currentClip returns the clip rectangle in force, in image pixels.
func (c *Canvas) currentClip() image.Rectangle {
	if n := len(c.clips); n > 0 {
		return c.clips[n-1]
	}
	return c.bounds
}

// PushClip narrows the clip rectangle to r, rounded to whole pixels as
// render's image back-end rounds it.
func (c *Canvas) PushClip(r render.Rect) {
	s := c.scale
	ir := image.Rect(
		int(devClamp(math.Round(r.Min.X*s))), int(devClamp(math.Round(r.Min.Y*s))),
		int(devClamp(math.Round(r.Max.X*s))), int(devClamp(math.Round(r.Max.Y*s))),
	)
	c.clips = append(c.clips, ir.Intersect(c.currentClip()))
}

// PopClip restores the clip rectangle before the last PushClip.
func (c *Canvas) PopClip() {
	if n := len(c.clips); n > 0 {
		c.clips = c.clips[:n-1]
	}
}

// devLimit bounds device coordinates, far outside any image: float32
// vertices stay exact enough and nothing overflows.
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

// maxVertices is what one draw call can index with uint16.
const maxVertices = 1 << 16

// mode is how a batch of triangles is drawn.
type mode struct {
	// nonZero fills with the nonzero rule: triangles that overlap an odd
	// number of times are not holes. (Ebiten still blends each triangle,
	// so this is for opaque colours or, with alpha, inside a layer.)
	nonZero bool
	// alpha, when not 0, is the opacity of a translucent shape: its
	// triangles, opaque, are drawn on a layer that is then laid over the
	// image at this opacity, so that where they overlap the shape is no
	// darker than elsewhere.
	alpha float32
}

// begin prepares the batch for a primitive of nv vertices drawn under the
// current clip in mode m, sending what is batched when the primitive
// cannot join it. It reports false when nothing would show.
func (c *Canvas) begin(nv int, m mode) bool {
	if c.dst == nil {
		return false
	}
	clip := c.currentClip()
	if clip.Empty() {
		return false
	}
	if c.ink.active {
		c.flushInk()
	}
	if len(c.vs) > 0 && (clip != c.clip || m != c.mode || len(c.vs)+nv > maxVertices) {
		c.send()
	}
	c.clip, c.mode = clip, m
	return true
}

// The shader's coverage modes, told by a vertex's custom values:
//   - across a line: (d, reach, 0, −1), where d is the distance from the
//     middle of the line and reach half its width plus half a pixel; the
//     coverage is clamp(reach − |d|, 0, 1);
//   - inside a rectangle: (u, v, w, h), where (u, v) is the point relative
//     to the rectangle's top-left corner and w × h its size; the coverage
//     is the area of the pixel around the point inside the rectangle.
//
// solid is full coverage.
var solid = [4]float32{0, 1, 0, -1}

// vertex appends a vertex at image point (x, y) with colour col
// (premultiplied, 0 to 1) and the shader's custom values, and returns its
// index.
func (c *Canvas) vertex(x, y float32, col, custom [4]float32) uint16 {
	c.vs = append(c.vs, ebiten.Vertex{DstX: x, DstY: y,
		ColorR: col[0], ColorG: col[1], ColorB: col[2], ColorA: col[3],
		Custom0: custom[0], Custom1: custom[1], Custom2: custom[2], Custom3: custom[3]})
	return uint16(len(c.vs) - 1)
}

// tri appends a triangle, turned clockwise on screen, so that overlapping
// triangles add up under the nonzero rule instead of cancelling.
func (c *Canvas) tri(a, b, d uint16) {
	p, q, r := &c.vs[a], &c.vs[b], &c.vs[d]
	if (q.DstX-p.DstX)*(r.DstY-p.DstY)-(q.DstY-p.DstY)*(r.DstX-p.DstX) < 0 {
		b, d = d, b
	}
	c.is = append(c.is, a, b, d)
}

// send draws the batched triangles and empties the batch.
func (c *Canvas) send() {
	defer func() {
		c.vs, c.is = c.vs[:0], c.is[:0]
		c.gen++
	}()
	sh := coverageShader()
	if len(c.is) == 0 || sh == nil {
		return
	}
	dst, b, region := c.dst, c.bounds, c.clip
	if c.mode.alpha != 0 {
		// Draw on the layer, over the batch's bounding box only.
		bb := emptyBox()
		for k := range c.vs {
			bb.add(float64(c.vs[k].DstX), float64(c.vs[k].DstY))
		}
		region = image.Rect(int(math.Floor(bb.minX))-1, int(math.Floor(bb.minY))-1,
			int(math.Ceil(bb.maxX))+1, int(math.Ceil(bb.maxY))+1).Intersect(c.clip)
		if region.Empty() {
			return
		}
		need := image.Rect(0, 0, b.Max.X, b.Max.Y)
		if c.layer == nil || !need.In(c.layer.Bounds()) {
			if c.layer != nil {
				c.layer.Deallocate()
			}
			c.layer = ebiten.NewImage(need.Dx(), need.Dy())
		}
		dst, b = c.layer, c.layer.Bounds()
	}
	target := dst
	if region != b {
		target = c.subImage(dst, region)
	}
	if c.mode.alpha != 0 {
		target.Clear()
	}
	op := &c.triOpts
	*op = ebiten.DrawTrianglesShaderOptions{}
	if c.mode.nonZero {
		op.FillRule = ebiten.FillRuleNonZero
	}
	target.DrawTrianglesShader(c.vs, c.is, sh, op)
	c.tris += len(c.is) / 3
	c.calls++
	if c.mode.alpha != 0 {
		d := &c.drawOpts
		*d = ebiten.DrawImageOptions{}
		d.GeoM.Translate(float64(region.Min.X), float64(region.Min.Y))
		d.ColorScale.ScaleAlpha(c.mode.alpha)
		c.dst.DrawImage(target, d)
	}
}

// subKey names a sub-image.
type subKey struct {
	img *ebiten.Image
	r   image.Rectangle
}

// subImage returns img.SubImage(r), the same one every frame: Ebiten keeps
// scratch buffers in each, which a new one would allocate afresh.
func (c *Canvas) subImage(img *ebiten.Image, r image.Rectangle) *ebiten.Image {
	k := subKey{img, r}
	if s, ok := c.subs[k]; ok {
		return s
	}
	if c.subs == nil || len(c.subs) > 64 {
		c.subs = map[subKey]*ebiten.Image{}
	}
	s := img.SubImage(r).(*ebiten.Image)
	c.subs[k] = s
	return s
}

// Flush draws everything drawn on c so far onto the image: the shapes,
// then the text. Call it at the end of each frame.
func (c *Canvas) Flush() {
	c.send()
	c.flushInk()
	c.flushText()
}

// premul returns col premultiplied, as the shader takes it.
func premul(col color.NRGBA) [4]float32 {
	a := float32(col.A) / 255
	return [4]float32{float32(col.R) / 255 * a, float32(col.G) / 255 * a, float32(col.B) / 255 * a, a}
}

// box is an image-pixel bounding box being accumulated.
type box struct{ minX, minY, maxX, maxY float64 }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) add(x, y float64) {
	b.minX, b.maxX = math.Min(b.minX, x), math.Max(b.maxX, x)
	b.minY, b.maxY = math.Min(b.minY, y), math.Max(b.maxY, y)
}

// pathBox returns the image bounding box of p's points, widened by m.
func (c *Canvas) pathBox(p *render.Path, m float64) box {
	b := emptyBox()
	for _, q := range p.Pts {
		b.add(q.X, q.Y)
	}
	s := c.scale
	return box{b.minX*s - m, b.minY*s - m, b.maxX*s + m, b.maxY*s + m}
}

// Fill fills the inside of p. Rectangles are anti-aliased exactly, convex
// polygons by a band a pixel wide across each edge (see polygon), concave
// ones (filled with the nonzero rule) not at all. A translucent colour
// over several subpaths or a concave one goes through a layer, so that
// overlaps count once, as render's Canvas promises. Many small rectangles
// in an opaque colour are painted on the CPU (see splatCheaper and the
// package documentation).
func (c *Canvas) Fill(p *render.Path, col color.NRGBA) {
	if p == nil || p.Empty() || col.A == 0 {
		return
	}
	if len(c.pending) > 0 {
		c.beforeShape(c.pathBox(p, 1))
	}
	if n, ok := rectsOnly(p); ok && col.A == 255 {
		if r, ok := c.splatCheaper(p, n); ok {
			c.splatRects(p, col, r)
			return
		}
	}
	c.fillShapes(p, col)
}

// fillShapes fills p with triangles (see Fill).
func (c *Canvas) fillShapes(p *render.Path, col color.NRGBA) {
	var m mode
	subpaths, concave := scanFill(p)
	m.nonZero = concave
	if col.A < 255 && (subpaths > 1 || m.nonZero) {
		m.alpha = float32(col.A) / 255
		col.A = 255
		defer c.send()
	}
	if !c.begin(0, m) {
		return
	}
	cf := premul(col)
	s := c.scale
	k := 0
	start := 0 // the first op of the current subpath
	for i := 0; i < len(p.Ops); i++ {
		switch p.Ops[i] {
		case render.OpRect:
			a, b := p.Pts[k], p.Pts[k+1]
			k += 2
			start = i + 1
			c.rect(devClamp(a.X*s), devClamp(a.Y*s), devClamp(b.X*s), devClamp(b.Y*s), cf, m)
		case render.OpMove, render.OpLine:
			if p.Ops[i] == render.OpMove {
				start = i
			}
			k++
			// A polygon ends at the next Move, Close or Rect, or the end.
			if i+1 < len(p.Ops) && p.Ops[i+1] == render.OpLine {
				continue
			}
			n := i - start + 1
			if n >= 3 {
				c.polygon(p.Pts[k-n:k], cf, m)
			}
		case render.OpClose:
			start = i + 1
		}
	}
}

// rect adds the rectangle from (x0, y0) to (x1, y1) (image pixels),
// anti-aliased exactly: with half a pixel of fringe around it, from which
// the shader works out each pixel's share.
func (c *Canvas) rect(x0, y0, x1, y1 float64, col [4]float32, m mode) {
	if !(x0 < x1 && y0 < y1) || !c.begin(4, m) {
		return
	}
	w, h := float32(x1-x0), float32(y1-y0)
	fx0, fy0, fx1, fy1 := float32(x0)-0.5, float32(y0)-0.5, float32(x1)+0.5, float32(y1)+0.5
	v := c.vertex(fx0, fy0, col, [4]float32{-0.5, -0.5, w, h})
	c.vertex(fx1, fy0, col, [4]float32{w + 0.5, -0.5, w, h})
	c.vertex(fx1, fy1, col, [4]float32{w + 0.5, h + 0.5, w, h})
	c.vertex(fx0, fy1, col, [4]float32{-0.5, h + 0.5, w, h})
	c.tri(v, v+1, v+2)
	c.tri(v, v+2, v+3)
}

// polygon adds a polygon (logical pixels) as a fan of triangles from its
// first point: exact for a convex polygon, and for any polygon under the
// nonzero rule, where the triangles keep the turn of the polygon.
//
// A convex polygon is anti-aliased as lines are, by distance: along each
// edge runs a band one pixel wide, half a pixel inside the edge and half
// outside, over which the coverage falls from 1 to 0 (one half on the
// edge itself, where render's image back-end has it). The fan fills the
// polygon shrunk by half a pixel; each band is a quadrilateral from an
// edge of the shrunk polygon to the edge moved out by half a pixel, and a
// triangle fills the wedge between two bands outside each corner (a
// bevel, as line joins have). The pieces tile, nothing is drawn twice (a
// translucent colour needs no layer): 4n − 2 triangles for n corners. A
// polygon too thin to shrink (under a pixel across somewhere) is filled
// whole, with the outer halves of the bands only: at least a pixel wide,
// as thin lines are.
func (c *Canvas) polygon(pts []render.Point, col [4]float32, m mode) {
	s := c.scale
	c.pts = c.pts[:0]
	for _, q := range pts {
		d := render.Point{X: devClamp(q.X * s), Y: devClamp(q.Y * s)}
		if n := len(c.pts); n > 0 && c.pts[n-1] == d {
			continue
		}
		c.pts = append(c.pts, d)
	}
	if n := len(c.pts); n > 1 && c.pts[0] == c.pts[n-1] {
		c.pts = c.pts[:n-1]
	}
	pts = c.pts
	n := len(pts)
	if n < 3 {
		return
	}
	if 4*n > maxVertices {
		return // no plot makes such a polygon; render's image back-end draws it
	}
	if m.nonZero {
		if !c.begin(n, m) {
			return
		}
		v0 := uint16(len(c.vs))
		for _, q := range pts {
			c.vertex(float32(q.X), float32(q.Y), col, solid)
		}
		for j := 2; j < n; j++ {
			c.is = append(c.is, v0, v0+uint16(j-1), v0+uint16(j))
		}
		return
	}
	// Which side is outside follows the polygon's turn: with y down, a
	// positive signed area is clockwise on screen, and the outside of
	// each edge is then to its left, (dy, −dx).
	area := 0.0
	for j := range pts {
		q, r := pts[j], pts[(j+1)%n]
		area += q.X*r.Y - r.X*q.Y
	}
	if !(area != 0) {
		return // all on a line (or NaN): nothing inside
	}
	out := 1.0
	if area < 0 {
		out = -1
	}
	// The outward normal of each edge (from pts[j] to pts[j+1]), then
	// the corners of the polygon shrunk by half a pixel, where the edges
	// moved in by half a pixel meet.
	c.sub = c.sub[:0]
	for j := range pts {
		q, r := pts[j], pts[(j+1)%n]
		dx, dy := r.X-q.X, r.Y-q.Y
		l := math.Hypot(dx, dy)
		c.sub = append(c.sub, render.Point{X: dy / l * out, Y: -dx / l * out})
	}
	normals := c.sub
	inset := len(c.pts)
	shrinks := true
	for j := range pts {
		a, b := normals[(j+n-1)%n], normals[j] // the edges into and out of pts[j]
		d := 1 + a.X*b.X + a.Y*b.Y
		if !(d > 1e-3) { // a corner too sharp (or turning back)
			shrinks = false
			break
		}
		k := 0.5 / d
		c.pts = append(c.pts, render.Point{X: pts[j].X - (a.X+b.X)*k, Y: pts[j].Y - (a.Y+b.Y)*k})
	}
	if shrinks {
		in := c.pts[inset:]
		for j := range pts {
			q, r := pts[j], pts[(j+1)%n]
			p0, p1 := in[j], in[(j+1)%n]
			if (p1.X-p0.X)*(r.X-q.X)+(p1.Y-p0.Y)*(r.Y-q.Y) <= 0 { // the edge vanished
				shrinks = false
				break
			}
		}
	}
	if !c.begin(4*n, m) {
		return
	}
	v0 := uint16(len(c.vs))
	// The fan, of the shrunk polygon or of the polygon.
	fan := pts
	if shrinks {
		fan = c.pts[inset:]
	}
	for _, q := range fan {
		c.vertex(float32(q.X), float32(q.Y), col, solid)
	}
	for j := 2; j < n; j++ {
		c.tri(v0, v0+uint16(j-1), v0+uint16(j))
	}
	// The bands' inner corners: the fan's when it is shrunk, else the
	// polygon's corners with the coverage of an edge. The custom values
	// give a coverage of 1 − x: x is 0 half a pixel inside an edge, ½ on
	// it and 1 half a pixel outside.
	in := v0
	if !shrinks {
		in = uint16(len(c.vs))
		for _, q := range pts {
			c.vertex(float32(q.X), float32(q.Y), col, [4]float32{0.5, 1, 0, -1})
		}
	}
	// Their outer corners: the ends of each edge moved out half a pixel.
	rim := [4]float32{1, 1, 0, -1}
	outer := uint16(len(c.vs))
	for j, q := range pts {
		r, nv := pts[(j+1)%n], normals[j]
		dx, dy := nv.X/2, nv.Y/2
		c.vertex(float32(q.X+dx), float32(q.Y+dy), col, rim)
		c.vertex(float32(r.X+dx), float32(r.Y+dy), col, rim)
	}
	for j := range pts {
		j1 := uint16((j + 1) % n)
		a, b := in+uint16(j), in+j1
		oa, ob := outer+uint16(2*j), outer+uint16(2*j+1)
		c.tri(a, b, ob)
		c.tri(a, ob, oa)
		c.tri(b, ob, outer+2*j1) // the wedge outside the corner at pts[j+1]
	}
	c.pts = c.pts[:inset]
}

// subpaths calls fn with the points of each subpath of p, as
// render.Path.Subpaths does, in a buffer kept between frames.
func (c *Canvas) subpaths(p *render.Path, fn func(pts []render.Point, closed bool)) {
	buf := c.sub[:0]
	flush := func(closed bool) {
		if len(buf) > 0 {
			fn(buf, closed)
		}
		buf = buf[:0]
	}
	k := 0
	for _, op := range p.Ops {
		switch op {
		case render.OpMove:
			flush(false)
			buf = append(buf, p.Pts[k])
			k++
		case render.OpLine:
			buf = append(buf, p.Pts[k])
			k++
		case render.OpClose:
			flush(true)
		case render.OpRect:
			flush(false)
			a, b := p.Pts[k], p.Pts[k+1]
			k += 2
			buf = append(buf, a, render.Point{X: b.X, Y: a.Y}, b, render.Point{X: a.X, Y: b.Y})
			flush(true)
		}
	}
	flush(false)
	c.sub = buf[:0]
}

// scanFill returns the number of subpaths of p and whether one of them is
// a concave polygon.
func scanFill(p *render.Path) (n int, concave bool) {
	k, start := 0, -1
	end := func() {
		if start >= 0 {
			n++
			if !concave && !convex(p.Pts[start:k]) {
				concave = true
			}
			start = -1
		}
	}
	for _, op := range p.Ops {
		switch op {
		case render.OpMove:
			end()
			start = k
			k++
		case render.OpLine:
			if start < 0 {
				start = k
			}
			k++
		case render.OpClose:
			end()
		case render.OpRect:
			end()
			n++
			k += 2
		}
	}
	end()
	return n, concave
}

// convex reports whether the polygon pts turns the same way at every
// corner (collinear points allowed).
func convex(pts []render.Point) bool {
	n := len(pts)
	if n <= 3 {
		return true
	}
	sign := 0
	for k := 0; k < n; k++ {
		a, b, d := pts[k], pts[(k+1)%n], pts[(k+2)%n]
		cr := (b.X-a.X)*(d.Y-b.Y) - (b.Y-a.Y)*(d.X-b.X)
		s := 0
		if cr > 0 {
			s = 1
		} else if cr < 0 {
			s = -1
		}
		if s != 0 {
			if sign != 0 && s != sign {
				return false
			}
			sign = s
		}
	}
	return true
}

// Stroke draws the outline of every subpath of p: a quadrilateral per
// segment, flat at the ends, with bevelled joins (round when the line is
// wider than three pixels). A translucent line goes through a layer so
// that its overlapping pieces count once.
func (c *Canvas) Stroke(p *render.Path, st render.LineStyle) {
	if p == nil || p.Empty() || st.Color.A == 0 || !(st.Width > 0) {
		return
	}
	hw := math.Max(st.Width*c.scale/2, 0.5)
	if len(c.pending) > 0 {
		c.beforeShape(c.pathBox(p, hw+1))
	}
	var m mode
	col := st.Color
	if col.A < 255 {
		m.alpha = float32(col.A) / 255
		col.A = 255
		defer c.send()
	}
	if !c.begin(0, m) {
		return
	}
	cf := premul(col)
	s := c.scale
	c.subpaths(p, func(pts []render.Point, closed bool) {
		c.pts = c.pts[:0]
		for _, q := range pts {
			d := render.Point{X: devClamp(q.X * s), Y: devClamp(q.Y * s)}
			if n := len(c.pts); n > 0 && c.pts[n-1] == d {
				continue
			}
			c.pts = append(c.pts, d)
		}
		if closed && len(c.pts) > 2 && c.pts[0] != c.pts[len(c.pts)-1] {
			c.pts = append(c.pts, c.pts[0])
		}
		c.polyline(c.pts, hw, closed, cf, m)
	})
}

// polyline adds the triangles of a polyline of half-width hw (image
// pixels). Each segment is a quadrilateral half a pixel wider on each side
// than the line, whose vertices tell the shader how far they are from the
// middle; the shader covers each pixel by its distance.
func (c *Canvas) polyline(pts []render.Point, hw float64, closed bool, col [4]float32, m mode) {
	n := len(pts)
	if n < 2 {
		return
	}
	round := hw > 1.5
	reach := hw + 0.5
	r32 := float32(reach)
	left := [4]float32{r32, r32, 0, -1}
	right := [4]float32{-r32, r32, 0, -1}
	var prevL, prevR uint16
	prevGen := -1       // the batch prevL and prevR are in
	var first [2]uint16 // the first segment's start corners, for closing
	firstGen := -1
	for k := 0; k+1 < n; k++ {
		a, b := pts[k], pts[k+1]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if !(l > 0) {
			continue
		}
		nx, ny := -dy/l*reach, dx/l*reach
		need := 4 + 1
		if round {
			need = 4 + 17
		}
		if !c.begin(need, m) {
			return
		}
		v := c.vertex(float32(a.X+nx), float32(a.Y+ny), col, left)
		c.vertex(float32(b.X+nx), float32(b.Y+ny), col, left)
		c.vertex(float32(b.X-nx), float32(b.Y-ny), col, right)
		c.vertex(float32(a.X-nx), float32(a.Y-ny), col, right)
		c.tri(v, v+1, v+2)
		c.tri(v, v+2, v+3)
		if k == 0 {
			first, firstGen = [2]uint16{v, v + 3}, c.gen
		}
		if k > 0 && prevGen == c.gen {
			c.join(pts[k-1], a, b, prevL, prevR, v, v+3, reach, round, col)
		}
		prevL, prevR, prevGen = v+1, v+2, c.gen
	}
	if closed && n > 2 && firstGen == c.gen && c.begin(17, m) && firstGen == c.gen {
		c.join(pts[n-2], pts[0], pts[1], prevL, prevR, first[0], first[1], reach, round, col)
	}
}

// join fills the gap at q between a segment from p (its end corners pl,
// pr) and a segment to r (its start corners nl, nr): two triangles from
// the middle, or a disc when round.
func (c *Canvas) join(p, q, r render.Point, pl, pr, nl, nr uint16, reach float64, round bool, col [4]float32) {
	ax, ay := q.X-p.X, q.Y-p.Y
	bx, by := r.X-q.X, r.Y-q.Y
	cross, dot := ax*by-ay*bx, ax*bx+ay*by
	if dot > 0 && math.Abs(cross) < 0.09*dot { // turning less than ~5°
		return
	}
	r32 := float32(reach)
	mid := [4]float32{0, r32, 0, -1}
	m := c.vertex(float32(q.X), float32(q.Y), col, mid)
	if !round {
		c.tri(m, pl, nl)
		c.tri(m, pr, nr)
		return
	}
	const sides = 16
	rim := [4]float32{r32, r32, 0, -1}
	for j := 0; j < sides; j++ {
		a := 2 * math.Pi * float64(j) / sides
		c.vertex(float32(q.X+reach*math.Cos(a)), float32(q.Y+reach*math.Sin(a)), col, rim)
	}
	for j := 0; j < sides; j++ {
		c.tri(m, m+1+uint16(j), m+1+uint16((j+1)%sides))
	}
}

// beforeShape keeps the order of shapes and text where it shows: text
// still waiting to be drawn that a new shape would cover is drawn first,
// with the shapes before it.
func (c *Canvas) beforeShape(b box) {
	if len(c.pending) == 0 {
		return
	}
	clip := c.currentClip()
	r := image.Rect(int(math.Floor(devClamp(b.minX))), int(math.Floor(devClamp(b.minY))),
		int(math.Ceil(devClamp(b.maxX))), int(math.Ceil(devClamp(b.maxY)))).Intersect(clip)
	if r.Empty() {
		return
	}
	for k := range c.pending {
		if c.pending[k].bounds.Overlaps(r) {
			c.Flush()
			return
		}
	}
}

// coverageSrc is the shader: the vertex colour times the covered share of
// the pixel (see the custom values above vertex).
var coverageSrc = []byte(`//kage:unit pixels

package main

func Fragment(dst vec4, src vec2, color vec4, custom vec4) vec4 {
	if custom.w < 0 {
		return color * clamp(custom.y-abs(custom.x), 0, 1)
	}
	cx := clamp(min(custom.x+0.5, custom.z)-max(custom.x-0.5, 0), 0, 1)
	cy := clamp(min(custom.y+0.5, custom.w)-max(custom.y-0.5, 0), 0, 1)
	return color * cx * cy
}
`)

var (
	shaderOnce sync.Once
	shader     *ebiten.Shader
)

// coverageShader returns the compiled shader (nil if it does not compile,
// which a test rules out).
func coverageShader() *ebiten.Shader {
	shaderOnce.Do(func() {
		sh, err := ebiten.NewShader(coverageSrc)
		if err == nil {
			shader = sh
		}
	})
	return shader
}
