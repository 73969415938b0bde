package render

import (
	"image/color"
	"math"
)

// Plotter is one kind of plot drawn in a panel: a raster, a line, bars.
// Users may write their own.
type Plotter interface {
	// DataRange returns the extent of the data in SI base units, ignoring
	// NaN and infinite values; a Box with Min > Max when there are none.
	// Panels call it only for axes that fit the data.
	DataRange() Box
	// Plot draws the data through t. The canvas is clipped to a little
	// more than t.Area.
	Plot(c Canvas, t Transform, st *Style)
	// Legend returns the plot's legend entries, if any.
	Legend(st *Style) []LegendEntry
}

// Style is what a panel hands its plotters: the theme, and the plotter's
// place among the panel's plotters, which picks its palette colour.
type Style struct {
	Theme *Theme
	Index int
}

// Color returns the palette colour k places after the plotter's own.
func (s *Style) Color(k int) color.NRGBA { return s.Theme.color(s.Index + k) }

// or returns c, or the plotter's palette colour when c is unset (zero).
func (s *Style) or(c color.NRGBA) color.NRGBA {
	if c == (color.NRGBA{}) {
		return s.Color(0)
	}
	return c
}

// LegendEntry is one line of a legend: a sample of how the plot looks and
// a label.
type LegendEntry struct {
	Label  string
	Color  color.NRGBA
	Marker bool // a square sample (rasters, bars, points) instead of a line
}

// Line plots a Series as a line: a membrane potential trace, a population
// rate, an f–I curve. NaN values break the line. A line with many more
// points than the panel has pixel columns is thinned to the first, lowest,
// highest and last point of each column, which looks the same.
type Line struct {
	Label   string
	Data    Series
	Color   color.NRGBA // zero: the palette's
	Width   float64     // zero: the theme's
	Markers bool        // also draw a dot at each point
	NoLine  bool        // draw only the dots: a scatter plot

	path, dots Path
}

// DataRange returns the extent of the finite points.
func (l *Line) DataRange() Box { return seriesBox(l.Data) }

// Legend returns the line's entry when it has a label.
func (l *Line) Legend(st *Style) []LegendEntry {
	if l.Label == "" {
		return nil
	}
	return []LegendEntry{{Label: l.Label, Color: st.or(l.Color), Marker: l.NoLine}}
}

// Plot draws the line.
func (l *Line) Plot(c Canvas, t Transform, st *Style) {
	if l.Data == nil {
		return
	}
	col := st.or(l.Color)
	w := l.Width
	if !(w > 0) {
		w = st.Theme.LineWidth
	}
	n := l.Data.Len()
	l.path.Reset()
	l.dots.Reset()
	margin := w + 2
	clip := Rect{Point{t.Area.Min.X - margin, t.Area.Min.Y - margin}, Point{t.Area.Max.X + margin, t.Area.Max.Y + margin}}
	// Only what can show on c is read (a margin of a line's reach outside
	// it, so the strokes that reach in are the same).
	clip = visible(c, clip, math.Max(margin, math.Max(1.5*w, 2.5)+1))
	if clip.Empty() {
		return
	}
	if !l.NoLine {
		b := lineBuilder{pl: polyliner{path: &l.path, clip: clip}, thin: float64(n) > 4*t.Area.Dx() || dense(l.Data, t)}
		if s, ok := l.Data.(Sampled); ok {
			// Regular samples: only those in and next to the window are
			// read, straight from the slice (a live view of a long
			// recording reads a screenful, not the recording).
			k0, k1 := sampledWindow(s, t, clip)
			for k := k0; k < k1; k++ {
				b.add(t.X(s.Start+float64(float64(k)*s.Step)), t.Y(s.Y[k]))
			}
		} else {
			for k := 0; k < n; k++ {
				x, y := l.Data.XY(k)
				b.add(t.X(x), t.Y(y))
			}
		}
		b.end()
		if !l.path.Empty() {
			c.Stroke(&l.path, LineStyle{Width: w, Color: col})
		}
	}
	if l.Markers || l.NoLine {
		r := 1.5 * w
		if r < 2.5 {
			r = 2.5
		}
		for k := 0; k < n; k++ {
			x, y := l.Data.XY(k)
			px, py := t.X(x), t.Y(y)
			if finite(px) && finite(py) && px >= clip.Min.X && px <= clip.Max.X && py >= clip.Min.Y && py <= clip.Max.Y {
				octagon(&l.dots, px, py, r)
			}
		}
		if !l.dots.Empty() {
			c.Fill(&l.dots, col)
		}
	}
}

// dense reports whether s has more than four points per pixel column
// where it lies: a regularly sampled series by its step, another by its
// first and last points. A series that grows inside fixed axes (a live
// recording) is then thinned from its first frame or never, so that a
// strip drawn now matches the strips drawn before.
func dense(s Series, t Transform) bool {
	ax := math.Abs(t.Area.Dx() / (t.XMax - t.XMin))
	if !finite(ax) || ax == 0 {
		return false
	}
	if sm, ok := s.(Sampled); ok {
		return sm.Step*ax < 0.25
	}
	n := s.Len()
	if n < 8 {
		return false
	}
	x0, _ := s.XY(0)
	x1, _ := s.XY(n - 1)
	return float64(n-1) > 4*math.Abs(x1-x0)*ax
}

// lineBuilder turns a stream of canvas points into a line's path, thinned
// to a few points per pixel column when thin.
type lineBuilder struct {
	pl      polyliner
	thinner columnThinner
	thin    bool
}

// add continues the line to (px, py); a non-finite coordinate breaks it.
func (b *lineBuilder) add(px, py float64) {
	if !finite(px) || !finite(py) {
		if b.thin {
			b.thinner.flush(&b.pl)
		}
		b.pl.lift()
		return
	}
	if b.thin {
		b.thinner.add(&b.pl, px, py)
	} else {
		b.pl.to(px, py)
	}
}

// end finishes the line.
func (b *lineBuilder) end() {
	if b.thin {
		b.thinner.flush(&b.pl)
	}
}

// sampledWindow returns the range k0 ≤ k < k1 of the samples of s that
// can leave a mark inside clip: those whose pixel column is in or next to
// it, and one more on each side, the last of its column, for the segment
// that enters the window. Points further out draw nothing that the
// clipping and thinning would keep, so the path is the same as from all
// the samples. Times are computed as Sampled.XY computes them, and the
// transform is monotonic, so the window is found from an estimate and a
// few steps.
func sampledWindow(s Sampled, t Transform, clip Rect) (k0, k1 int) {
	n := len(s.Y)
	if n == 0 || !(s.Step > 0) || !finite(s.Start) || !finite(s.Step) || !(t.XMax > t.XMin) || !(t.Area.Dx() > 0) ||
		!finite(t.XMin) || !finite(t.XMax) {
		return 0, n
	}
	px := func(k int) float64 { return t.X(s.Start + float64(float64(k)*s.Step)) }
	// index estimates the sample at canvas x p, clamped to [0, n-1].
	index := func(p float64) int {
		x := t.XMin + float64((p-t.Area.Min.X)/t.Area.Dx()*(t.XMax-t.XMin))
		e := (x - s.Start) / s.Step
		if !(e > 0) {
			return 0
		}
		if e > float64(n-1) {
			return n - 1
		}
		return int(e)
	}
	lo, hi := math.Floor(clip.Min.X)-1, math.Ceil(clip.Max.X)+1
	// k0: the last sample left of lo (its column is left of lo's).
	k0 = index(lo)
	for k0 > 0 && px(k0) >= lo {
		k0--
	}
	for k0+1 < n && px(k0+1) < lo {
		k0++
	}
	// k1: past the first sample right of hi.
	k1 = index(hi)
	for k1 > 0 && px(k1-1) > hi {
		k1--
	}
	for k1 < n-1 && px(k1) <= hi {
		k1++
	}
	return k0, k1 + 1
}

// octagon adds a regular octagon of radius r around (x, y): a dot.
func octagon(p *Path, x, y, r float64) {
	for k := 0; k < 8; k++ {
		a := (float64(k) + 0.5) * math.Pi / 4
		px, py := x+float64(r*math.Cos(a)), y+float64(r*math.Sin(a))
		if k == 0 {
			p.MoveTo(px, py)
		} else {
			p.LineTo(px, py)
		}
	}
	p.Close()
}

// polyliner builds a path from a stream of points, cut to a clip
// rectangle so that no coordinate strays far outside the canvas.
type polyliner struct {
	path  *Path
	clip  Rect
	prev  Point
	have  bool // prev holds the last point
	penOn bool // the path's current point is prev
}

// lift breaks the line: the next point starts afresh.
func (p *polyliner) lift() { p.have, p.penOn = false, false }

// to continues the line to (x, y).
func (p *polyliner) to(x, y float64) {
	cur := Point{x, y}
	if !p.have {
		p.prev, p.have = cur, true
		p.penOn = false
		if inside(p.clip, cur) {
			p.path.MoveTo(x, y)
			p.penOn = true
		}
		return
	}
	if cur == p.prev {
		return
	}
	a, b, ok := clipSegment(p.clip, p.prev, cur)
	if ok {
		if !p.penOn || a != p.prev {
			p.path.MoveTo(a.X, a.Y)
		}
		p.path.LineTo(b.X, b.Y)
		p.penOn = b == cur
	} else {
		p.penOn = false
	}
	p.prev = cur
}

func inside(r Rect, p Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// clipSegment cuts the segment a–b to r (Liang–Barsky). A cut point takes
// the edge's coordinate exactly and interpolates only the other one, so
// that segments with far-away ends (a wild data value) still clip
// accurately.
func clipSegment(r Rect, a, b Point) (Point, Point, bool) {
	t0, t1 := 0.0, 1.0
	e0, e1 := -1, -1 // the edges that cut the start and the end
	dx, dy := b.X-a.X, b.Y-a.Y
	edges := [4][2]float64{
		{-dx, a.X - r.Min.X},
		{dx, r.Max.X - a.X},
		{-dy, a.Y - r.Min.Y},
		{dy, r.Max.Y - a.Y},
	}
	for k, e := range edges {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return a, b, false
			}
			continue
		}
		t := q / p
		if p < 0 {
			if t > t1 {
				return a, b, false
			}
			if t > t0 {
				t0, e0 = t, k
			}
		} else {
			if t < t0 {
				return a, b, false
			}
			if t < t1 {
				t1, e1 = t, k
			}
		}
	}
	cut := func(t float64, edge int) Point {
		switch edge {
		case 0:
			return Point{r.Min.X, a.Y + float64(t*dy)}
		case 1:
			return Point{r.Max.X, a.Y + float64(t*dy)}
		case 2:
			return Point{a.X + float64(t*dx), r.Min.Y}
		default:
			return Point{a.X + float64(t*dx), r.Max.Y}
		}
	}
	na, nb := a, b
	if e0 >= 0 {
		na = cut(t0, e0)
	}
	if e1 >= 0 {
		nb = cut(t1, e1)
	}
	return na, nb, true
}

// columnThinner reduces the points that fall in one pixel column to the
// first, the lowest, the highest and the last, in their order.
type columnThinner struct {
	active                 bool
	col                    float64
	first, last, low, high Point
	lowK, highK, k         int
}

func (c *columnThinner) add(pl *polyliner, x, y float64) {
	col := math.Floor(x)
	p := Point{x, y}
	c.k++
	if c.active && col == c.col {
		c.last = p
		if y < c.low.Y {
			c.low, c.lowK = p, c.k
		}
		if y > c.high.Y {
			c.high, c.highK = p, c.k
		}
		return
	}
	c.flush(pl)
	c.active, c.col = true, col
	c.first, c.last, c.low, c.high = p, p, p, p
	c.lowK, c.highK = c.k, c.k
}

func (c *columnThinner) flush(pl *polyliner) {
	if !c.active {
		return
	}
	c.active = false
	pl.to(c.first.X, c.first.Y)
	a, b := c.low, c.high
	if c.highK < c.lowK {
		a, b = b, a
	}
	pl.to(a.X, a.Y)
	pl.to(b.X, b.Y)
	pl.to(c.last.X, c.last.Y)
}

// Bars plots a Series as vertical bars from zero: histograms, counts per
// bin. Each point (x, y) is a bar centred on x, y high.
type Bars struct {
	Label string
	Data  Series
	// Width is the width of each bar in x units (SI); zero makes bars as
	// wide as the smallest distance between neighbouring x.
	Width float64
	Color color.NRGBA

	path Path
}

// width returns the bar width in data units.
func (b *Bars) width() float64 {
	if b.Width > 0 {
		return b.Width
	}
	w := math.Inf(1)
	n := b.Data.Len()
	for k := 1; k < n; k++ {
		x0, _ := b.Data.XY(k - 1)
		x1, _ := b.Data.XY(k)
		if d := math.Abs(x1 - x0); d > 0 && d < w {
			w = d
		}
	}
	if math.IsInf(w, 1) {
		return 1
	}
	return w
}

// DataRange returns the extent of the bars, including zero.
func (b *Bars) DataRange() Box {
	if b.Data == nil {
		return emptyBox
	}
	box := seriesBox(b.Data)
	if box.XMin > box.XMax {
		return box
	}
	w := b.width()
	box.XMin -= w / 2
	box.XMax += w / 2
	box.addY(0)
	return box
}

// Legend returns the bars' entry when they have a label.
func (b *Bars) Legend(st *Style) []LegendEntry {
	if b.Label == "" {
		return nil
	}
	return []LegendEntry{{Label: b.Label, Color: st.or(b.Color), Marker: true}}
}

// Plot draws the bars as one filled path.
func (b *Bars) Plot(c Canvas, t Transform, st *Style) {
	if b.Data == nil {
		return
	}
	b.path.Reset()
	w := b.width()
	area := t.Area
	y0 := clampF(t.Y(0), area.Min.Y-1, area.Max.Y+1)
	for k, n := 0, b.Data.Len(); k < n; k++ {
		x, y := b.Data.XY(k)
		if !finite(x) || !finite(y) || y == 0 {
			continue
		}
		x0, x1 := t.X(x-w/2), t.X(x+w/2)
		// A hairline between neighbouring bars keeps them apart.
		if x1-x0 > 3 {
			x0 += 0.5
			x1 -= 0.5
		}
		r := R(clampF(x0, area.Min.X-1, area.Max.X+1), y0, clampF(x1, area.Min.X-1, area.Max.X+1), clampF(t.Y(y), area.Min.Y-1, area.Max.Y+1))
		if !r.Empty() {
			b.path.Rect(r)
		}
	}
	if !b.path.Empty() {
		c.Fill(&b.path, st.or(b.Color))
	}
}

func clampF(v, lo, hi float64) float64 {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Histogram returns bars that count the finite values in bins equal bins
// spanning their range (a single bin when all are equal). Heights are
// counts; Data's x are the bin centres.
func Histogram(values []float64, bins int) *Bars {
	if bins < 1 {
		bins = 1
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range values {
		if finite(v) {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return &Bars{Data: XY{}}
	}
	if lo == hi {
		bins = 1
		w := math.Max(math.Abs(lo)*0.1, 1e-300)
		if lo == 0 {
			w = 1
		}
		lo, hi = lo-w/2, hi+w/2
	}
	w := (hi - lo) / float64(bins)
	counts := make([]float64, bins)
	for _, v := range values {
		if !finite(v) {
			continue
		}
		k := int((v - lo) / w)
		if k >= bins {
			k = bins - 1
		}
		if k < 0 {
			k = 0
		}
		counts[k]++
	}
	xs := make([]float64, bins)
	for k := range xs {
		xs[k] = lo + (float64(k)+0.5)*w
	}
	return &Bars{Data: XY{X: xs, Y: counts}, Width: w}
}
