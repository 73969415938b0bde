package render

import (
	"image/color"
	"math"
	"sort"
)

// Raster plots spikes as dots at (time, neuron index): a raster plot. All
// its dots of one colour go to the canvas as one path of small rectangles,
// so 100 000 spikes are one Fill, not 100 000.
//
// Dots grow with the room each neuron has, from 1.5 pixels (dense rasters,
// where they merge into a texture) to the theme's MarkerSize.
type Raster struct {
	Label  string
	Spikes SpikeSource
	// N is the number of neurons, so the axis spans 0 to N−1 even when some
	// never fire; zero takes the largest index that fired.
	N int
	// Offset is added to every index, to stack groups in one panel: a
	// second Raster with Offset 4000 sits above a group of 4000.
	Offset int
	Color  color.NRGBA // zero: the palette's
	// Groups colour ranges of indices (before Offset) each their own way,
	// with a legend entry each; spikes outside every group take Color.
	Groups []Group

	paths []Path
}

// Group is a range of neuron indices, Start to Stop−1, drawn in one colour:
// the excitatory and inhibitory parts of a population.
type Group struct {
	Label       string
	Start, Stop int
	Color       color.NRGBA // zero: the palette's next colour
}

// DataRange returns the time of the first and last spike and the index
// range: −0.5 to N−0.5 (with Offset), so every neuron's row is inside.
func (r *Raster) DataRange() Box {
	b := emptyBox
	n := 0
	if r.Spikes != nil {
		n = r.Spikes.Len()
	}
	if n > 0 {
		// Spikes come in time order, so the ends give the time range; NaN
		// times at either end are skipped.
		for k := 0; k < n; k++ {
			if _, t := r.Spikes.Spike(k); finite(t) {
				b.addX(t)
				break
			}
		}
		for k := n - 1; k >= 0; k-- {
			if _, t := r.Spikes.Spike(k); finite(t) {
				b.addX(t)
				break
			}
		}
	}
	top := r.N
	if top <= 0 {
		for k := 0; k < n; k++ {
			if i, _ := r.Spikes.Spike(k); i+1 > top {
				top = i + 1
			}
		}
	}
	if top > 0 {
		b.addY(float64(r.Offset) - 0.5)
		b.addY(float64(r.Offset+top) - 0.5)
	}
	return b
}

// Legend returns one entry for the raster's label and one per group.
func (r *Raster) Legend(st *Style) []LegendEntry {
	var out []LegendEntry
	if r.Label != "" {
		out = append(out, LegendEntry{Label: r.Label, Color: st.or(r.Color), Marker: true})
	}
	for g := range r.Groups {
		if r.Groups[g].Label != "" {
			out = append(out, LegendEntry{Label: r.Groups[g].Label, Color: r.groupColor(st, g), Marker: true})
		}
	}
	return out
}

func (r *Raster) groupColor(st *Style, g int) color.NRGBA {
	if c := r.Groups[g].Color; c != (color.NRGBA{}) {
		return c
	}
	return st.Color(g)
}

// Plot draws the spikes that fall inside t's time range.
func (r *Raster) Plot(c Canvas, t Transform, st *Style) {
	if r.Spikes == nil {
		return
	}
	n := r.Spikes.Len()
	ng := len(r.Groups)
	if cap(r.paths) < ng+1 {
		r.paths = make([]Path, ng+1)
	}
	r.paths = r.paths[:ng+1]
	for k := range r.paths {
		r.paths[k].Reset()
	}
	// Dots are squares as high as a neuron's row, within 1.5 pixels (so
	// that dense rasters still show each spike) and MarkerSize.
	rows := math.Abs(t.YMax - t.YMin)
	h := clampF(t.Area.Dy()/rows, 1.5, math.Max(1.5, st.Theme.MarkerSize))
	w := h
	// Bisect to the first spike in the window (spikes are in time order).
	lo, hi := math.Min(t.XMin, t.XMax), math.Max(t.XMin, t.XMax)
	pad := (hi - lo) * w / math.Max(1, t.Area.Dx())
	// Only the spikes that can show on c are read: a live strip of a
	// long raster reads a strip's worth.
	if v := visible(c, t.Area, w); v.Empty() {
		return
	} else if v != t.Area && t.Area.Dx() > 0 {
		lo2 := t.XMin + (v.Min.X-t.Area.Min.X)/t.Area.Dx()*(t.XMax-t.XMin)
		hi2 := t.XMin + (v.Max.X-t.Area.Min.X)/t.Area.Dx()*(t.XMax-t.XMin)
		lo, hi = math.Max(lo, math.Min(lo2, hi2)), math.Min(hi, math.Max(lo2, hi2))
	}
	k0 := sort.Search(n, func(k int) bool { _, tk := r.Spikes.Spike(k); return tk >= lo-pad })
	ylo, yhi := math.Min(t.YMin, t.YMax)-1, math.Max(t.YMin, t.YMax)+1
	// The transform as px = ax·t + bx, py = ay·i + by.
	ax := t.Area.Dx() / (t.XMax - t.XMin)
	bx := t.Area.Min.X - float64(t.XMin*ax)
	ay := -t.Area.Dy() / (t.YMax - t.YMin)
	by := t.Area.Max.Y - float64(t.YMin*ay)
	for k := k0; k < n; k++ {
		i, tk := r.Spikes.Spike(k)
		if tk > hi+pad {
			break
		}
		y := float64(i + r.Offset)
		if !finite(tk) || y < ylo || y > yhi {
			continue
		}
		g := ng
		for j := range r.Groups {
			if i >= r.Groups[j].Start && i < r.Groups[j].Stop {
				g = j
				break
			}
		}
		px, py := float64(ax*tk)+bx, float64(ay*y)+by
		r.paths[g].Rect(Rect{Point{px - w/2, py - h/2}, Point{px + w/2, py + h/2}})
	}
	for g := range r.paths {
		if r.paths[g].Empty() {
			continue
		}
		col := st.or(r.Color)
		if g < ng {
			col = r.groupColor(st, g)
		}
		c.Fill(&r.paths[g], col)
	}
}
