package render

import (
	"image/color"
	"math"
)

// A Canvas is a surface that plots are drawn on. Coordinates are logical
// pixels: the origin is the top-left corner, x grows to the right and y
// grows downwards, as on a screen. A back-end maps logical pixels to device
// pixels (the PNG back-end by a scale factor, Ebiten by the device scale).
//
// A Canvas keeps no drawing state apart from a stack of clip rectangles:
// every call says its own colour and line width, so a recording of the calls
// reads on its own and back-ends can batch freely.
//
// Colours are non-premultiplied ([color.NRGBA]); an alpha below 255 blends
// with what is underneath.
type Canvas interface {
	// Stroke draws the outline of every subpath of p with a line of the
	// given style. Lines end flat at their end points (butt caps) and bend
	// round at their joins.
	Stroke(p *Path, s LineStyle)
	// Fill fills the inside of every subpath of p, each closed implicitly.
	// Subpaths that overlap are unioned (nonzero winding: every rectangle
	// added with [Path.Rect] turns the same way).
	Fill(p *Path, c color.NRGBA)
	// Text draws s at the anchor point (x, y), aligned to it as st says.
	Text(x, y float64, s string, st TextStyle)
	// PushClip restricts drawing to r, intersected with the current clip
	// region, until the matching PopClip.
	PushClip(r Rect)
	// PopClip restores the clip region in force before the last PushClip.
	PopClip()
}

// A ClipReporter is a Canvas that can say where drawing can still show:
// the current clip rectangle, in logical pixels. Plots of long recordings
// ask for it so that they read only the data that can leave a mark there
// (render/ebitenr redraws a narrow strip of a live figure each frame, and
// a raster or a trace then reads a strip's worth of spikes and samples).
// What is drawn inside the clip is the same either way.
type ClipReporter interface {
	ClipBounds() Rect
}

// visible returns the part of r that can show on c: r itself unless c
// reports a narrower clip, widened by m on each side (the reach of a line
// or a dot drawn just outside it).
func visible(c Canvas, r Rect, m float64) Rect {
	cr, ok := c.(ClipReporter)
	if !ok {
		return r
	}
	b := cr.ClipBounds()
	b.Min.X, b.Min.Y, b.Max.X, b.Max.Y = b.Min.X-m, b.Min.Y-m, b.Max.X+m, b.Max.Y+m
	return r.Intersect(b)
}

// LineStyle is how a path is stroked.
type LineStyle struct {
	Width float64 // in logical pixels
	Color color.NRGBA
}

// TextStyle is how text is drawn. Text is set in Liberation Sans Regular
// (metric-compatible with Arial and Helvetica); [TextWidth] measures it.
type TextStyle struct {
	Size   float64 // the em size in logical pixels
	Color  color.NRGBA
	HAlign HAlign
	VAlign VAlign
	// Vertical turns the text a quarter turn anticlockwise, so that it reads
	// from bottom to top as a y-axis label does. HAlign then aligns along the
	// reading direction (Left puts the start of the text at the anchor) and
	// VAlign across it (Top puts the top of the letters, which face left, at
	// the anchor).
	Vertical bool
}

// HAlign is the horizontal alignment of text to its anchor point.
type HAlign uint8

// The horizontal alignments: the anchor is at the left end, the centre or
// the right end of the text.
const (
	Left HAlign = iota
	Center
	Right
)

// VAlign is the vertical alignment of text to its anchor point.
type VAlign uint8

// The vertical alignments. Top and Middle measure capital letters and
// digits, whose height is the font's cap height (0.688 em), so that numbers
// sit centred on ticks; Bottom leaves room for descenders (0.212 em).
const (
	Baseline VAlign = iota // the baseline passes through the anchor
	Top                    // the top of capitals and digits touches the anchor
	Middle                 // capitals and digits are centred on the anchor
	Bottom                 // the lowest descender touches the anchor
)

// Point is a point on a canvas, in logical pixels.
type Point struct{ X, Y float64 }

// Rect is an axis-aligned rectangle from Min (top-left) to Max
// (bottom-right), in logical pixels.
type Rect struct{ Min, Max Point }

// R returns the rectangle with corners (x0, y0) and (x1, y1), in any order.
func R(x0, y0, x1, y1 float64) Rect {
	return Rect{Point{math.Min(x0, x1), math.Min(y0, y1)}, Point{math.Max(x0, x1), math.Max(y0, y1)}}
}

// Dx returns the width of r.
func (r Rect) Dx() float64 { return r.Max.X - r.Min.X }

// Dy returns the height of r.
func (r Rect) Dy() float64 { return r.Max.Y - r.Min.Y }

// Empty reports whether r contains no area.
func (r Rect) Empty() bool { return !(r.Min.X < r.Max.X && r.Min.Y < r.Max.Y) }

// Intersect returns the largest rectangle inside both r and s; it is Empty
// when they do not overlap.
func (r Rect) Intersect(s Rect) Rect {
	r.Min.X = math.Max(r.Min.X, s.Min.X)
	r.Min.Y = math.Max(r.Min.Y, s.Min.Y)
	r.Max.X = math.Min(r.Max.X, s.Max.X)
	r.Max.Y = math.Min(r.Max.Y, s.Max.Y)
	return r
}

// Op is one command of a [Path].
type Op uint8

// The path commands. Each takes its points from Path.Pts in order.
const (
	OpMove  Op = iota // start a new subpath at one point
	OpLine            // a straight line from the current point to one point
	OpClose           // a line back to the start of the subpath; no point
	// OpRect is a whole closed rectangular subpath, given by two points: its
	// Min and Max corners. It is the batching unit of raster plots: a
	// back-end can turn it into two triangles without tessellating.
	OpRect
)

// Path is a sequence of subpaths made of straight lines. The zero value is
// an empty path; Reset empties it for reuse without freeing its memory, so
// a plot redrawn every frame allocates nothing once its paths have grown.
//
// Back-ends read Ops and Pts directly: each op consumes its points from
// Pts in order (OpMove and OpLine one, OpClose none, OpRect two).
type Path struct {
	Ops []Op
	Pts []Point
}

// MoveTo starts a new subpath at (x, y).
func (p *Path) MoveTo(x, y float64) {
	p.Ops = append(p.Ops, OpMove)
	p.Pts = append(p.Pts, Point{x, y})
}

// LineTo adds a straight line from the current point to (x, y). Where
// there is no current point (an empty path, or after Close or Rect) it
// starts a new subpath at (x, y) instead.
func (p *Path) LineTo(x, y float64) {
	if n := len(p.Ops); n == 0 || p.Ops[n-1] == OpClose || p.Ops[n-1] == OpRect {
		p.MoveTo(x, y)
		return
	}
	p.Ops = append(p.Ops, OpLine)
	p.Pts = append(p.Pts, Point{x, y})
}

// Close closes the current subpath with a line back to its start.
func (p *Path) Close() {
	if len(p.Ops) > 0 {
		p.Ops = append(p.Ops, OpClose)
	}
}

// Rect adds the rectangle r as a closed subpath.
func (p *Path) Rect(r Rect) {
	p.Ops = append(p.Ops, OpRect)
	p.Pts = append(p.Pts, r.Min, r.Max)
}

// Reset empties p, keeping its memory.
func (p *Path) Reset() {
	p.Ops = p.Ops[:0]
	p.Pts = p.Pts[:0]
}

// Empty reports whether p has no commands.
func (p *Path) Empty() bool { return len(p.Ops) == 0 }

// Subpaths calls fn with the points of each subpath of p in turn, and
// whether it is closed; an OpRect yields its four corners, closed. The
// slice passed to fn is reused between calls. Back-ends that do not care
// about OpRect use it to read any path as polylines.
func (p *Path) Subpaths(fn func(pts []Point, closed bool)) {
	var buf []Point
	flush := func(closed bool) {
		if len(buf) > 0 {
			fn(buf, closed)
		}
		buf = buf[:0]
	}
	k := 0
	for _, op := range p.Ops {
		switch op {
		case OpMove:
			flush(false)
			buf = append(buf, p.Pts[k])
			k++
		case OpLine:
			buf = append(buf, p.Pts[k])
			k++
		case OpClose:
			flush(true)
		case OpRect:
			flush(false)
			a, b := p.Pts[k], p.Pts[k+1]
			k += 2
			buf = append(buf, a, Point{b.X, a.Y}, b, Point{a.X, b.Y})
			flush(true)
		}
	}
	flush(false)
}
