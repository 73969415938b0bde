package render

import (
	"math"
	"math/rand/v2"

	"github.com/myelin-sim/myelin/units"
)

// The sample data of the golden tests are computed with +, −, × and ÷ and
// a seeded PCG only, so they are bit for bit the same natively and in
// WebAssembly.

// sampleSpikes returns Poisson-like spikes of n neurons over dur seconds
// at about rate Hz, in time order, steps of dt.
func sampleSpikes(n int, rate, dur, dt float64, seed uint64) Spikes {
	rng := rand.New(rand.NewPCG(seed, 1))
	var s Spikes
	steps := int(dur/dt + 0.5)
	for k := 0; k < steps; k++ {
		t := float64(k) * dt
		// A slow modulation of the rate makes the raster less uniform.
		phase := float64(k%2000) / 2000
		r := rate * (0.5 + 1.5*phase*(1-phase)*4)
		for i := 0; i < n; i++ {
			if rng.Float64() < r*dt {
				s.I = append(s.I, i)
				s.T = append(s.T, t)
			}
		}
	}
	return s
}

// sampleLIF integrates a leaky integrate-and-fire neuron (Euler) with a
// step current, returning v (volts) sampled every dt from 0.
func sampleLIF(dur, dt, drive float64) Sampled {
	const (
		el   = -0.070 // V
		vt   = -0.050
		vr   = -0.065
		taum = 0.010 // s
	)
	v := el
	s := Sampled{Step: dt}
	steps := int(dur/dt + 0.5)
	for k := 0; k < steps; k++ {
		t := float64(k) * dt
		in := 0.0
		if t >= 0.02 {
			in = drive
		}
		v += dt * (el - v + in) / taum
		if v > vt {
			s.Y = append(s.Y, 0.02) // draw the spike
			v = vr
			continue
		}
		s.Y = append(s.Y, v)
	}
	return s
}

// sampleRate bins spikes of n neurons into a population rate (Hz) every
// dt, as a PopulationRateMonitor records it.
func sampleRate(sp Spikes, n int, dur, dt float64) []float64 {
	bins := int(dur/dt + 0.5)
	r := make([]float64, bins)
	for k := range sp.T {
		b := int(sp.T[k]/dt + 0.5)
		if b >= 0 && b < bins {
			r[b] += 1 / (float64(n) * dt)
		}
	}
	return r
}

// sampleFigure is the figure of the golden tests: a raster of two groups,
// two membrane potential traces and a population rate, sharing time.
func sampleFigure() *Figure {
	const dur, dt = 0.2, 1e-4
	exc := sampleSpikes(80, 15, dur, 5e-4, 1)
	inh := sampleSpikes(20, 30, dur, 5e-4, 2)
	raster := RasterPanel(
		&Raster{Label: "exc", Spikes: exc, N: 80},
		&Raster{Label: "inh", Spikes: inh, N: 20, Offset: 80},
	)
	raster.Title = "Spikes"
	v := TracePanel("v", units.DimVoltage,
		&Line{Label: "neuron 0", Data: sampleLIF(dur, dt, 0.025)},
		&Line{Label: "neuron 1", Data: sampleLIF(dur, dt, 0.032)},
	)
	rate := sampleRate(exc, 80, dur, 5e-4)
	smooth, _ := SmoothRate(rate, 5e-4, Flat, 0.01)
	r := RatePanel(&Line{Data: Sampled{Step: 5e-4, Y: smooth}})
	r.Weight = 0.6
	f := NewTimeFigure(raster, v, r)
	f.Title = "A small network"
	f.SharedX.Limits = FixedLimits(0, dur)
	return f
}

// sampleFigures are the figures of the golden tests, by name.
func sampleFigures() []struct {
	name string
	fig  func() *Figure
} {
	return []struct {
		name string
		fig  func() *Figure
	}{
		{"network", sampleFigure},
		{"raster", func() *Figure {
			sp := sampleSpikes(30, 20, 0.1, 1e-3, 3)
			r := &Raster{Spikes: sp, N: 30, Groups: []Group{
				{Label: "exc", Start: 0, Stop: 24},
				{Label: "inh", Start: 24, Stop: 30},
			}}
			return NewFigure(RasterPanel(r))
		}},
		{"trace", func() *Figure {
			v := sampleLIF(0.06, 5e-4, 0.025)
			// A gap (NaN) in the second trace breaks its line.
			w := sampleLIF(0.06, 5e-4, 0.03)
			w.Y[40] = nan()
			p := TracePanel("v", units.DimVoltage,
				&Line{Label: "v[0]", Data: v},
				&Line{Label: "v[1]", Data: w},
			)
			p.Legend = LegendInside
			return NewFigure(p)
		}},
		{"rate", func() *Figure {
			sp := sampleSpikes(100, 10, 0.1, 1e-3, 4)
			rate := sampleRate(sp, 100, 0.1, 1e-3)
			smooth, _ := SmoothRate(rate, 1e-3, Flat, 0.005)
			return NewFigure(RatePanel(
				&Line{Label: "raw", Data: Sampled{Step: 1e-3, Y: rate}, Width: 0.75},
				&Line{Label: "flat 5 ms", Data: Sampled{Step: 1e-3, Y: smooth}},
			))
		}},
		{"xy", func() *Figure {
			// An f–I curve (points on a line) and a histogram of intervals.
			var fi XY
			for k := 0; k <= 10; k++ {
				i := float64(k) * 0.05e-9
				r := 0.0
				if i > 0.2e-9 {
					r = (i - 0.2e-9) * 1e11
				}
				fi.X = append(fi.X, i)
				fi.Y = append(fi.Y, r)
			}
			curve := NewPanel(Axis{Label: "I", Dim: units.DimCurrent}, Axis{Label: "rate", Dim: units.DimFrequency},
				&Line{Label: "LIF", Data: fi, Markers: true})
			curve.Title = "f–I curve"
			sp := sampleSpikes(1, 50, 2, 1e-3, 5)
			var isi []float64
			for k := 1; k < len(sp.T); k++ {
				isi = append(isi, sp.T[k]-sp.T[k-1])
			}
			h := Histogram(isi, 20)
			hist := NewPanel(Axis{Label: "interval", Dim: units.DimTime}, Axis{Label: "count", Integer: true}, h)
			hist.Title = "Inter-spike intervals"
			return NewFigure(curve, hist)
		}},
		{"live", func() *Figure {
			// A live view 1.25 s into a run, showing the last 0.5 s.
			sp := sampleSpikes(40, 10, 1.25, 1e-3, 6)
			f := NewTimeFigure(
				RasterPanel(&Raster{Spikes: sp, N: 40}),
				TracePanel("v", units.DimVoltage, &Line{Data: sampleLIF(1.25, 1e-3, 0.03)}),
			)
			f.SharedX.Limits = ScrollLimits(0.5)
			f.SetNow(1.25)
			return f
		}},
	}
}

func nan() float64 { return math.NaN() }
