package render

import "math"

// SpikeSource is what a raster plot reads: a list of spikes, each the index
// of the neuron that fired and the time it fired, in seconds. A monitor
// implements it over its own buffers, so drawing copies nothing; the plot
// reads it afresh on every Draw, so a live monitor may grow between frames.
//
// Spikes must come in order of time (non-decreasing t), as a SpikeMonitor
// records them: a plot that shows a window of time finds its first spike
// by bisection.
type SpikeSource interface {
	Len() int
	Spike(k int) (i int, t float64)
}

// Series is what line, scatter and bar plots read: points (x, y), in SI
// base units. A NaN in x or y breaks a line. Like SpikeSource it is read on
// every Draw and never copied.
type Series interface {
	Len() int
	XY(k int) (x, y float64)
}

// Spikes is a SpikeSource over two slices of equal length: neuron indices I
// and spike times T (seconds).
type Spikes struct {
	I []int
	T []float64
}

// Len returns the number of spikes.
func (s Spikes) Len() int { return min(len(s.I), len(s.T)) }

// Spike returns the k-th spike.
func (s Spikes) Spike(k int) (int, float64) { return s.I[k], s.T[k] }

// XY is a Series over two slices; its length is the shorter one's.
type XY struct {
	X, Y []float64
}

// Len returns the number of points.
func (s XY) Len() int { return min(len(s.X), len(s.Y)) }

// XY returns the k-th point.
func (s XY) XY(k int) (float64, float64) { return s.X[k], s.Y[k] }

// Sampled is a Series of values taken at regular times, as a StateMonitor
// or a PopulationRateMonitor records them: point k is
// (Start + k*Step, Y[k]), times in seconds. Times are computed as
// Start + float64(k)*Step, the way a clock computes t from its step count.
type Sampled struct {
	Start, Step float64
	Y           []float64
}

// Len returns the number of samples.
func (s Sampled) Len() int { return len(s.Y) }

// XY returns the time and value of sample k.
func (s Sampled) XY(k int) (float64, float64) {
	return s.Start + float64(float64(k)*s.Step), s.Y[k]
}

// Box is a range of data, in SI base units.
type Box struct {
	XMin, XMax, YMin, YMax float64
}

// emptyBox is the Box that any data point widens.
var emptyBox = Box{math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)}

// addX widens b to include x, ignoring NaN and ±Inf.
func (b *Box) addX(x float64) {
	if finite(x) {
		b.XMin = math.Min(b.XMin, x)
		b.XMax = math.Max(b.XMax, x)
	}
}

// addY widens b to include y, ignoring NaN and ±Inf.
func (b *Box) addY(y float64) {
	if finite(y) {
		b.YMin = math.Min(b.YMin, y)
		b.YMax = math.Max(b.YMax, y)
	}
}

// union widens b to include c.
func (b *Box) union(c Box) {
	b.XMin = math.Min(b.XMin, c.XMin)
	b.XMax = math.Max(b.XMax, c.XMax)
	b.YMin = math.Min(b.YMin, c.YMin)
	b.YMax = math.Max(b.YMax, c.YMax)
}

// seriesBox returns the extent of the points of s whose coordinates are
// both finite.
func seriesBox(s Series) Box {
	b := emptyBox
	if s == nil {
		return b
	}
	for k, n := 0, s.Len(); k < n; k++ {
		x, y := s.XY(k)
		if x-x != 0 || y-y != 0 { // NaN or ±Inf
			continue
		}
		if x < b.XMin {
			b.XMin = x
		}
		if x > b.XMax {
			b.XMax = x
		}
		if y < b.YMin {
			b.YMin = y
		}
		if y > b.YMax {
			b.YMax = y
		}
	}
	return b
}
