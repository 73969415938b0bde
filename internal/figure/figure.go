// Package figure turns a built and run model into a render.Figure: one
// panel per [[plots]] table of the file, or, for a file without any, one
// panel per monitor in file order. `myelin plot` writes the figure to PNG
// or SVG; the app can draw the same figure live.
//
// The panels, by plot type:
//   - raster: neuron index against time, from a spike or event monitor;
//     the axis spans every neuron of the monitor's source.
//   - trace: the plot's variable (the monitor's first variable when the
//     plot names none) against time, one line per recorded neuron; the
//     lines are labelled "neuron k" when there are at most MaxLegend.
//   - rate: the population rate of a rate monitor, smoothed as Brian2's
//     smooth_rate(window="gaussian", width=RateWidth) does (RateWidth is
//     1 ms, the standard deviation of the Gaussian; never less than two
//     time steps).
//   - xy: the plot's y variable against its x variable, both recorded by
//     the plot's state monitor (or "t", the recording times), one line
//     per recorded neuron: a phase portrait.
//   - morphology: the shape of a [[spatial]] neuron (the plot's source)
//     with its compartments coloured by the plot's variable (v when it
//     names none) at the end of the run, and a colour bar; drawn by
//     morphviz.Plot in the x-y plane, or in the plane of the plot's x and
//     y when they name two of "x", "y" and "z" (x = "y", y = "z").
//
// Panels whose x axis is time share one time axis running from 0 to the
// end of the run, with tick labels under the bottom panel only. A figure
// with an xy plot whose x is not time, or with a morphology, cannot share
// its x axis: each panel then shows its own, and the time panels still
// span the same range.
//
// Default panels for a file without [[plots]]: spike and event monitors a
// raster, state monitors a trace of each recorded variable, rate monitors
// a smoothed rate.
package figure

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
)

// RateWidth is the standard deviation, in seconds, of the Gaussian window
// that smooths population rates.
const RateWidth = 1e-3

// MaxLegend is the most trace lines that get a "neuron k" legend entry
// each; a panel with more lines shows no legend.
const MaxLegend = 5

// Build returns the figure of b's plots, or of its monitors when its file
// has no [[plots]]. Run b first: the figure reads the monitors' data as
// they are (it copies only smoothed rates). The time axis spans 0 to
// b.Net.T().
func Build(b *model.Built) (*render.Figure, error) {
	mons := map[string]*model.BuiltMonitor{}
	for _, m := range b.Monitors {
		mons[m.Name] = m
	}
	var panels []*render.Panel
	timeX := true
	if len(b.File.Plots) == 0 {
		for _, m := range b.Monitors {
			ps, err := defaultPanels(m, b.Net.DT)
			if err != nil {
				return nil, err
			}
			panels = append(panels, ps...)
		}
	} else {
		for _, p := range b.File.Plots {
			if p.Type.Text == "morphology" {
				panel, err := morphologyPanel(b, p)
				if err != nil {
					return nil, err
				}
				panels = append(panels, panel)
				timeX = false
				continue
			}
			m, ok := mons[p.Monitor.Text]
			if !ok {
				return nil, model.Errorf(p.Monitor.Pos, "no monitor named '%s' to plot", p.Monitor.Text)
			}
			panel, err := plotPanel(p, m, b.Net.DT)
			if err != nil {
				return nil, err
			}
			if p.Type.Text == "xy" && p.X.Text != "t" {
				timeX = false
			}
			panels = append(panels, panel)
		}
	}
	if len(panels) == 0 {
		return nil, fmt.Errorf("the model has nothing to plot: add a [[monitors]] table")
	}
	end := b.Net.T()
	limits := render.Limits{}
	if end > 0 {
		limits = render.FixedLimits(0, end)
	}
	var f *render.Figure
	if timeX {
		f = render.NewTimeFigure(panels...)
		f.SharedX.Limits = limits
	} else {
		f = render.NewFigure(panels...)
		for _, p := range panels {
			if p.X.Time {
				p.X.Limits = limits
			}
		}
	}
	if b.File.Model.Name.Text != "" {
		f.Title = b.File.Model.Name.Text
	}
	// Lay a figure with a morphology out at the size `myelin plot` draws
	// it by default (cmd/myelin: 1000 wide, 300 per panel from 400 to 1200
	// high), so that the neuron keeps its shape there; other sizes need
	// Fit.
	if !timeX {
		for _, p := range panels {
			if len(p.Plots) == 1 && isMorphology(p.Plots[0]) {
				Fit(f, 1000, min(1200, max(400, 80+300*len(panels))))
				break
			}
		}
	}
	return f, nil
}

func isMorphology(p render.Plotter) bool {
	_, ok := p.(*morphviz.Plot)
	return ok
}

// Fit lays f out at width × height logical pixels without drawing it, so
// that its morphology panels take the shape of their data areas at that
// size and draw the neuron at one scale along both axes. A Plotter sees
// its panel only when it is drawn; call Fit before drawing a figure once
// at a size other than Build's default (a live figure fits itself from
// its second frame on).
func Fit(f *render.Figure, width, height int) {
	if f == nil || width <= 0 || height <= 0 {
		return
	}
	// Twice: the first layout changes the ranges, which may change the
	// width of tick labels and so the data areas a little.
	for range 2 {
		f.Draw(nullCanvas{}, render.R(0, 0, float64(width), float64(height)))
	}
}

// nullCanvas paints nothing.
type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

// morphologyPanel draws a [[spatial]] neuron coloured by a variable.
func morphologyPanel(b *model.Built, p *model.Plot) (*render.Panel, error) {
	sn := b.Net.SpatialNeuron(p.Source.Text)
	if sn == nil {
		return nil, model.Errorf(p.Source.Pos, "no spatial neuron named '%s' to draw", p.Source.Text)
	}
	if sn.Morphology == nil {
		return nil, model.Errorf(p.Source.Pos, "spatial neuron '%s' has no morphology to draw", p.Source.Text)
	}
	name, pos := "v", p.Type.Pos
	if p.Variable.IsSet() {
		name, pos = p.Variable.Text, p.Variable.Pos
	}
	d, ok := sn.Dim(name)
	if !ok {
		return nil, model.Errorf(pos, "spatial neuron '%s' has no variable '%s'", p.Source.Text, name)
	}
	vals, err := sn.Values(name)
	if err != nil {
		return nil, model.Errorf(pos, "%v", err)
	}
	if len(vals) != sn.N {
		return nil, model.Errorf(pos, "'%s' of '%s' is shared by all compartments: a morphology plot colours each compartment by its own value", name, p.Source.Text)
	}
	view := morphviz.New(sn.Morphology)
	view.Name, view.Dim = name, d
	switch axes := p.X.Text + p.Y.Text; {
	case !p.X.IsSet() && !p.Y.IsSet(), axes == "xy":
	case axes == "xz":
		view.SetProjection(morphviz.XZ)
	case axes == "yz":
		view.SetProjection(morphviz.YZ)
	default:
		at := p.X.Pos
		if !p.X.IsSet() {
			at = p.Y.Pos
		}
		return nil, model.Errorf(at, "a morphology plot shows the plane of x and y, x and z, or y and z: write x = \"x\", y = \"z\" (not x = %q, y = %q)", p.X.Text, p.Y.Text)
	}
	pl := &morphviz.Plot{View: view, Values: func() []float64 {
		v, err := sn.Values(name)
		if err != nil {
			return nil
		}
		return v
	}}
	panel := morphviz.NewPanel(pl)
	panel.Title = p.Title.Text
	if panel.Title == "" {
		panel.Title = fmt.Sprintf("%s of %s at %s ms", name, p.Source.Text, strconv.FormatFloat(b.Net.T()*1e3, 'g', 6, 64))
	}
	panel.Weight = 1.5
	return panel, nil
}

// defaultPanels returns the panels of a monitor that no plot names.
func defaultPanels(m *model.BuiltMonitor, dt float64) ([]*render.Panel, error) {
	switch {
	case m.Spike != nil:
		return []*render.Panel{rasterPanel(m, "")}, nil
	case m.State != nil:
		var ps []*render.Panel
		for v := range m.State.Variables {
			ps = append(ps, tracePanel(m, v, ""))
		}
		return ps, nil
	case m.Rate != nil:
		p, err := ratePanel(m, dt, "")
		if err != nil {
			return nil, err
		}
		return []*render.Panel{p}, nil
	}
	return nil, nil
}

// plotPanel returns the panel of one [[plots]] table.
func plotPanel(p *model.Plot, m *model.BuiltMonitor, dt float64) (*render.Panel, error) {
	title := p.Title.Text
	wrong := func() error {
		return model.Errorf(p.Monitor.Pos, "a %s plot cannot draw '%s', a %s monitor", p.Type.Text, m.Name, m.Type)
	}
	switch p.Type.Text {
	case "raster":
		if m.Spike == nil {
			return nil, wrong()
		}
		return rasterPanel(m, title), nil
	case "trace":
		if m.State == nil {
			return nil, wrong()
		}
		v := 0
		if p.Variable.IsSet() {
			v = indexOf(m.State.Variables, p.Variable.Text)
			if v < 0 {
				return nil, model.Errorf(p.Variable.Pos, "monitor '%s' does not record '%s'", m.Name, p.Variable.Text)
			}
		}
		if len(m.State.Variables) == 0 {
			return nil, model.Errorf(p.Monitor.Pos, "monitor '%s' records no variable to trace", m.Name)
		}
		return tracePanel(m, v, title), nil
	case "rate":
		if m.Rate == nil {
			return nil, wrong()
		}
		return ratePanel(m, dt, title)
	case "xy":
		if m.State == nil {
			return nil, wrong()
		}
		return xyPanel(p, m, title)
	}
	return nil, model.Errorf(p.Type.Pos, "unknown plot type '%s'", p.Type.Text)
}

func indexOf(ss []string, s string) int {
	for k, x := range ss {
		if x == s {
			return k
		}
	}
	return -1
}

// of names a monitor's source for a default title.
func of(m *model.BuiltMonitor) string {
	if m.Source == "" {
		return ""
	}
	return " of " + m.Source
}

// rasterPanel draws a spike or event monitor.
func rasterPanel(m *model.BuiltMonitor, title string) *render.Panel {
	if title == "" {
		title = "spikes" + of(m)
		if m.Type == "event" && m.Event != "" && m.Event != "spike" {
			title = fmt.Sprintf("'%s' events%s", m.Event, of(m))
		}
	}
	p := render.RasterPanel(&render.Raster{Spikes: m.Spike, N: m.Spike.Source.N()})
	p.Title = title
	// A big population needs room to show its texture; a few neurons
	// need only a strip.
	switch n := m.Spike.Source.N(); {
	case n >= 50:
		p.Weight = 1.6
	case n < 10:
		p.Weight = 0.6
	}
	return p
}

// tracePanel draws variable v of a state monitor against time, one line
// per recorded neuron.
func tracePanel(m *model.BuiltMonitor, v int, title string) *render.Panel {
	st := m.State
	name := st.Variables[v]
	if title == "" {
		title = name + of(m)
	}
	p := render.TracePanel(name, st.Units[v])
	p.Title = title
	for r, idx := range st.Record {
		l := &render.Line{Data: timeSeries{t: st.T, y: st.Values[v][r]}}
		if len(st.Record) > 1 && len(st.Record) <= MaxLegend {
			l.Label = fmt.Sprintf("neuron %d", idx)
		}
		p.Add(l)
	}
	return p
}

// ratePanel draws a rate monitor's rate, smoothed with a Gaussian.
func ratePanel(m *model.BuiltMonitor, dt float64, title string) (*render.Panel, error) {
	rm := m.Rate
	if title == "" {
		title = "population rate" + of(m)
	}
	width := math.Max(RateWidth, 2*dt)
	var y []float64
	if len(rm.Rate) > 0 {
		var err error
		y, err = rm.SmoothRate(sim.GaussianWindow, width)
		if err != nil {
			return nil, fmt.Errorf("smoothing the rate of %s: %v", m.Name, err)
		}
	}
	p := render.RatePanel(&render.Line{Data: timeSeries{t: rm.T, y: y}})
	p.Title = title
	p.Legend = render.LegendNone
	return p, nil
}

// xyPanel draws one recorded variable (or t) against another.
func xyPanel(pl *model.Plot, m *model.BuiltMonitor, title string) (*render.Panel, error) {
	st := m.State
	axis := func(s model.String, what string) (render.Axis, func(r int) []float64, error) {
		if !s.IsSet() || s.Text == "" {
			return render.Axis{}, nil, model.Errorf(pl.Type.Pos, "an xy plot needs %s: a variable that '%s' records, or t", what, m.Name)
		}
		if s.Text == "t" {
			return *render.TimeAxis(), func(int) []float64 { return st.T }, nil
		}
		v := indexOf(st.Variables, s.Text)
		if v < 0 {
			return render.Axis{}, nil, model.Errorf(s.Pos, "monitor '%s' does not record '%s'", m.Name, s.Text)
		}
		return render.Axis{Label: s.Text, Dim: st.Units[v]}, func(r int) []float64 { return st.Values[v][r] }, nil
	}
	xa, xs, err := axis(pl.X, "x")
	if err != nil {
		return nil, err
	}
	ya, ys, err := axis(pl.Y, "y")
	if err != nil {
		return nil, err
	}
	if title == "" {
		title = pl.Y.Text + " against " + pl.X.Text + of(m)
	}
	p := render.NewPanel(xa, ya)
	p.Title = title
	for r, idx := range st.Record {
		l := &render.Line{Data: render.XY{X: xs(r), Y: ys(r)}}
		if len(st.Record) > 1 && len(st.Record) <= MaxLegend {
			l.Label = fmt.Sprintf("neuron %d", idx)
		}
		p.Add(l)
	}
	return p, nil
}

// timeSeries is a Series of values y at times t, as monitors record them.
type timeSeries struct {
	t, y []float64
}

func (s timeSeries) Len() int { return min(len(s.t), len(s.y)) }

func (s timeSeries) XY(k int) (float64, float64) { return s.t[k], s.y[k] }
