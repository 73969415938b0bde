// Package render draws myelin's plots: raster plots, state traces,
// population rates and any series against any other, in figures of panels
// that can share a time axis. It owns the geometry of plots and the
// back-ends that need no display; the Ebiten back-end that draws the same
// geometry in the app lives in render/ebitenr.
//
//	f := render.NewTimeFigure(
//		render.RasterPanel(&render.Raster{Spikes: render.Spikes{I: i, T: t}, N: 4000}),
//		render.TracePanel("v", units.DimVoltage, &render.Line{Data: render.Sampled{Step: dt, Y: v}}),
//	)
//	err := render.WritePNG(w, f, 800, 600) // or WriteSVG
//
// # Geometry and back-ends
//
// Everything is drawn on a [Canvas], an interface of five methods in the
// spirit of gonum/plot's vg.Canvas: stroke and fill paths of straight
// lines, draw text, push and pop a clip rectangle. Coordinates are logical
// pixels with the origin at the top left and y growing downwards, as on a
// screen; a back-end scales them to device pixels. The canvas keeps no
// colour or line-width state: each call carries its own.
//
// Three back-ends come with the package:
//   - [Recorder] writes each call as a line of stable text, the basis of
//     golden tests of geometry without pixels;
//   - [SVG] writes a small, deterministic SVG document ([WriteSVG]);
//   - [ImageCanvas] paints an anti-aliased RGBA image with
//     golang.org/x/image/vector ([RenderImage], [WritePNG]).
//
// All of them, and layout, measure text with the advance widths of
// Liberation Sans Regular ([TextWidth]), which the image back-end draws
// from the font's outlines and SVG names first (before its metric twins
// Arial and Helvetica), so a figure is laid out the same everywhere.
//
// # Figures, panels and axes
//
// A [Figure] stacks [Panel]s. Each panel has an x and a y [Axis] and a
// list of [Plotter]s: [Raster], [Line] (traces, rates, curves, scatter
// plots) and [Bars] (histograms). Panels of a figure with SharedX show one
// x range, in one unit, with tick labels under the bottom panel only.
//
// Data stay in SI base units (seconds, volts, amperes) throughout; an axis
// knows the dimension of its values and shows them in the unit brian2tools
// would: time in ms and rates in Hz, other quantities in the unit Brian2's
// get_best_unit picks ([BestUnit]), so labels read "v (mV)", "time (ms)",
// "rate (Hz)", "I (pA)". Ticks fall on "nice" steps of 1, 2, 2.5 or 5 times
// a power of ten ([NiceTicks]), as many as fit without their labels
// touching.
//
// An axis fits its data with a 5% margin, shows fixed limits, or, for a
// running simulation, scrolls over the last window of time or grows with
// it ([Limits], [Figure.SetNow]).
//
// # Data and live drawing
//
// Plots read data through two small interfaces, [SpikeSource] and
// [Series], on every Draw: a monitor implements them over its own buffers,
// so a live figure copies nothing per frame. A raster sends all its dots
// of one colour as a single path of rectangles (one Fill for 100 000
// spikes), finds the first spike of a time window by bisection, and a line
// of many more points than pixels is thinned to what a pixel column can
// show; a line of [Sampled] values reads only the samples of its window,
// so a live view of a long recording costs a screenful, not the recording.
// Figures keep their paths between frames.
//
// [SmoothRate] smooths a population rate exactly as Brian2's
// PopulationRateMonitor.smooth_rate does, with flat or Gaussian windows;
// the test compares it with Brian2's own output.
//
// # Colours
//
// Plots take their colours from the Okabe–Ito palette ([OkabeIto]), which
// people with the common kinds of colour blindness can tell apart, unless
// given one. [DefaultTheme] is dark on white, [DarkTheme] light on dark.
//
// # What it does not do
//
// No logarithmic axes, no images or colour maps, no text rotated other
// than a quarter turn, no kerning. Nothing here imports Ebiten or
// syscall/js: the package builds and runs under GOOS=js GOARCH=wasm and on
// a server without a display.
package render
