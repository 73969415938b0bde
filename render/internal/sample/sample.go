// Package sample makes the figures that render's back-ends are tested and
// benchmarked on: the plots of a small network (the same figures, from the
// same seeded data, as render's own golden tests), an empty monitor, and
// the large live figure of the drawing budget.
//
// Data are computed with +, −, × and ÷ and a seeded PCG only, so they are
// bit for bit the same natively and in WebAssembly.
package sample

import (
	"math"
	"math/rand/v2"
	"sort"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// Spikes returns Poisson-like spikes of n neurons over dur seconds at
// about rate Hz, in time order, in steps of dt.
func Spikes(n int, rate, dur, dt float64, seed uint64) render.Spikes {
	rng := rand.New(rand.NewPCG(seed, 1))
	var s render.Spikes
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

// LIF integrates a leaky integrate-and-fire neuron (Euler) driven by a
// step of drive volts from 20 ms, returning v (volts) every dt from 0.
func LIF(dur, dt, drive float64) render.Sampled {
	const (
		el   = -0.070 // V
		vt   = -0.050
		vr   = -0.065
		taum = 0.010 // s
	)
	v := el
	s := render.Sampled{Step: dt}
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

// Rate bins spikes of n neurons into a population rate (Hz) every dt, as a
// PopulationRateMonitor records it.
func Rate(sp render.Spikes, n int, dur, dt float64) []float64 {
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

// Named is a sample figure and its name.
type Named struct {
	Name string
	Fig  func() *render.Figure
}

// Figures returns the sample figures: one of each kind of plot, a live
// (scrolling) view, an empty monitor and the network in the dark theme.
func Figures() []Named {
	return []Named{
		{"network", Network},
		{"raster", func() *render.Figure {
			sp := Spikes(30, 20, 0.1, 1e-3, 3)
			r := &render.Raster{Spikes: sp, N: 30, Groups: []render.Group{
				{Label: "exc", Start: 0, Stop: 24},
				{Label: "inh", Start: 24, Stop: 30},
			}}
			return render.NewFigure(render.RasterPanel(r))
		}},
		{"trace", func() *render.Figure {
			v := LIF(0.06, 5e-4, 0.025)
			// A gap (NaN) in the second trace breaks its line.
			w := LIF(0.06, 5e-4, 0.03)
			w.Y[40] = math.NaN()
			p := render.TracePanel("v", units.DimVoltage,
				&render.Line{Label: "v[0]", Data: v},
				&render.Line{Label: "v[1]", Data: w},
			)
			p.Legend = render.LegendInside
			return render.NewFigure(p)
		}},
		{"rate", func() *render.Figure {
			sp := Spikes(100, 10, 0.1, 1e-3, 4)
			rate := Rate(sp, 100, 0.1, 1e-3)
			smooth, _ := render.SmoothRate(rate, 1e-3, render.Flat, 0.005)
			return render.NewFigure(render.RatePanel(
				&render.Line{Label: "raw", Data: render.Sampled{Step: 1e-3, Y: rate}, Width: 0.75},
				&render.Line{Label: "flat 5 ms", Data: render.Sampled{Step: 1e-3, Y: smooth}},
			))
		}},
		{"xy", func() *render.Figure {
			// An f–I curve (points on a line) and a histogram of intervals.
			var fi render.XY
			for k := 0; k <= 10; k++ {
				i := float64(k) * 0.05e-9
				r := 0.0
				if i > 0.2e-9 {
					r = (i - 0.2e-9) * 1e11
				}
				fi.X = append(fi.X, i)
				fi.Y = append(fi.Y, r)
			}
			curve := render.NewPanel(render.Axis{Label: "I", Dim: units.DimCurrent}, render.Axis{Label: "rate", Dim: units.DimFrequency},
				&render.Line{Label: "LIF", Data: fi, Markers: true})
			curve.Title = "f–I curve"
			sp := Spikes(1, 50, 2, 1e-3, 5)
			var isi []float64
			for k := 1; k < len(sp.T); k++ {
				isi = append(isi, sp.T[k]-sp.T[k-1])
			}
			h := render.Histogram(isi, 20)
			hist := render.NewPanel(render.Axis{Label: "interval", Dim: units.DimTime}, render.Axis{Label: "count", Integer: true}, h)
			hist.Title = "Inter-spike intervals"
			return render.NewFigure(curve, hist)
		}},
		{"live", func() *render.Figure {
			// A live view 1.25 s into a run, showing the last 0.5 s.
			sp := Spikes(40, 10, 1.25, 1e-3, 6)
			f := render.NewTimeFigure(
				render.RasterPanel(&render.Raster{Spikes: sp, N: 40}),
				render.TracePanel("v", units.DimVoltage, &render.Line{Data: LIF(1.25, 1e-3, 0.03)}),
			)
			f.SharedX.Limits = render.ScrollLimits(0.5)
			f.SetNow(1.25)
			return f
		}},
		{"empty", Empty},
		{"dense", func() *render.Figure {
			// More dots than the CPU splatting threshold and traces of
			// more samples than pixels, as the drawing budget has.
			f := budget(20000, 3, 10000, 1)
			f.SharedX.Limits = render.FixedLimits(0, 1)
			return f
		}},
		{"dark", func() *render.Figure {
			f := Network()
			f.Theme = render.DarkTheme()
			return f
		}},
	}
}

// Network is a raster of two groups, two membrane potential traces and a
// population rate, sharing time.
func Network() *render.Figure {
	const dur, dt = 0.2, 1e-4
	exc := Spikes(80, 15, dur, 5e-4, 1)
	inh := Spikes(20, 30, dur, 5e-4, 2)
	raster := render.RasterPanel(
		&render.Raster{Label: "exc", Spikes: exc, N: 80},
		&render.Raster{Label: "inh", Spikes: inh, N: 20, Offset: 80},
	)
	raster.Title = "Spikes"
	v := render.TracePanel("v", units.DimVoltage,
		&render.Line{Label: "neuron 0", Data: LIF(dur, dt, 0.025)},
		&render.Line{Label: "neuron 1", Data: LIF(dur, dt, 0.032)},
	)
	rate := Rate(exc, 80, dur, 5e-4)
	smooth, _ := render.SmoothRate(rate, 5e-4, render.Flat, 0.01)
	r := render.RatePanel(&render.Line{Data: render.Sampled{Step: 5e-4, Y: smooth}})
	r.Weight = 0.6
	f := render.NewTimeFigure(raster, v, r)
	f.Title = "A small network"
	f.SharedX.Limits = render.FixedLimits(0, dur)
	return f
}

// Empty is what a monitor that has recorded nothing yet shows: a raster
// and a trace of no data, with their labelled axes.
func Empty() *render.Figure {
	return render.NewTimeFigure(
		render.RasterPanel(&render.Raster{Spikes: render.Spikes{}, N: 100}),
		render.TracePanel("v", units.DimVoltage, &render.Line{Data: render.Sampled{Step: 1e-4}}),
	)
}

// Budget returns the figure of the drawing budget: a raster of about
// nSpikes spikes of 1000 neurons over one second, above nTraces membrane
// potential traces of nPoints samples each over the same second.
func Budget(nSpikes, nTraces, nPoints int) *render.Figure {
	f := budget(nSpikes, nTraces, nPoints, 1)
	f.SharedX.Limits = render.FixedLimits(0, 1)
	return f
}

// Live returns the figure of a live view: about nSpikes spikes of 1000
// neurons and nTraces traces of nPoints samples over dur seconds, of which
// the axis shows the last second before the time set with SetNow.
func Live(nSpikes, nTraces, nPoints int, dur float64) *render.Figure {
	f := budget(nSpikes, nTraces, nPoints, dur)
	f.SharedX.Limits = render.ScrollLimits(1)
	f.SetNow(dur)
	return f
}

func budget(nSpikes, nTraces, nPoints int, dur float64) *render.Figure {
	// The modulation of Spikes raises the mean rate by half.
	sp := Spikes(1000, float64(nSpikes)/dur/1000/1.5, dur, 1e-4, 7)
	raster := render.RasterPanel(&render.Raster{Spikes: sp, N: 1000})
	var lines []*render.Line
	for k := 0; k < nTraces; k++ {
		lines = append(lines, &render.Line{Data: LIF(dur, dur/float64(nPoints), 0.022+0.002*float64(k))})
	}
	return render.NewTimeFigure(raster, render.TracePanel("v", units.DimVoltage, lines...))
}

// Growing is the budget figure while it is being recorded, as the app
// shows a run: the time axis is fixed at [0, 1] s and At sets the data to
// what was recorded by then.
type Growing struct {
	Fig    *render.Figure
	raster *render.Raster
	lines  []*render.Line
	sp     render.Spikes
	traces []render.Sampled
}

// NewGrowing returns the budget figure of Budget(nSpikes, nTraces,
// nPoints) with no data yet.
func NewGrowing(nSpikes, nTraces, nPoints int) *Growing {
	f := Budget(nSpikes, nTraces, nPoints)
	g := &Growing{Fig: f, raster: f.Panels[0].Plots[0].(*render.Raster)}
	g.sp = g.raster.Spikes.(render.Spikes)
	for _, p := range f.Panels[1].Plots {
		l := p.(*render.Line)
		g.lines = append(g.lines, l)
		g.traces = append(g.traces, l.Data.(render.Sampled))
	}
	g.At(0)
	return g
}

// At sets the data to those recorded before t seconds.
func (g *Growing) At(t float64) {
	k := sort.SearchFloat64s(g.sp.T, t)
	g.raster.Spikes = render.Spikes{I: g.sp.I[:k], T: g.sp.T[:k]}
	for j, s := range g.traces {
		n := min(len(s.Y), max(0, int(math.Ceil((t-s.Start)/s.Step))))
		s.Y = s.Y[:n]
		g.lines[j].Data = s
	}
}
