package render_test

import (
	"bytes"
	"fmt"
	"image/png"
	"strings"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// A figure of a raster above a membrane potential, sharing time, written
// as PNG and SVG. The Recorder shows what the axes say.
func Example() {
	// Three neurons' spikes (index, time in s) and one neuron's v, sampled
	// every 1 ms, in volts.
	spikes := render.Spikes{I: []int{0, 2, 1, 0}, T: []float64{0.005, 0.012, 0.030, 0.041}}
	v := render.Sampled{Step: 1e-3, Y: []float64{-0.070, -0.066, -0.061, -0.055, -0.051, -0.065, -0.062}}

	fig := render.NewTimeFigure(
		render.RasterPanel(&render.Raster{Spikes: spikes, N: 3}),
		render.TracePanel("v", units.DimVoltage, &render.Line{Label: "neuron 0", Data: v}),
	)
	fig.SharedX.Limits = render.FixedLimits(0, 0.05)

	var pngBuf, svgBuf bytes.Buffer
	if err := render.WritePNG(&pngBuf, fig, 640, 480); err != nil {
		panic(err)
	}
	if err := render.WriteSVG(&svgBuf, fig, 640, 480); err != nil {
		panic(err)
	}
	img, _ := png.Decode(&pngBuf)
	fmt.Println("PNG", img.Bounds().Dx(), "×", img.Bounds().Dy())

	var rec render.Recorder
	fig.Draw(&rec, render.R(0, 0, 640, 480))
	for _, line := range strings.Split(rec.String(), "\n") {
		if strings.HasPrefix(line, "text 13") { // the axis labels
			fmt.Println(line)
		}
	}
	// Output:
	// PNG 640 × 480
	// text 13 #222222 center top vertical "neuron index" 10 106.5
	// text 13 #222222 center top "time (ms)" 343.5 460.8
	// text 13 #222222 center top vertical "v (mV)" 10 337
}

func ExampleNiceTicks() {
	ticks, step := render.NiceTicks(-72.5, -47.5, 4, false)
	fmt.Println(render.FormatTicks(ticks, step))
	ticks, step = render.NiceTicks(0, 1, 5, false)
	fmt.Println(render.FormatTicks(ticks, step))
	// Output:
	// [−70 −60 −50]
	// [0.00 0.25 0.50 0.75 1.00]
}

func ExampleBestUnit() {
	fmt.Println(render.BestUnit(units.DimVoltage, -0.07, -0.05).Symbol)
	fmt.Println(render.BestUnit(units.DimCurrent, 2e-10).Symbol)
	fmt.Println(render.BestUnit(units.DimLength, 3e-6).Symbol)
	// Output:
	// mV
	// pA
	// µm
}

func ExampleSmoothRate() {
	// A rate recorded every 0.1 ms, smoothed with a 0.5 ms flat window
	// (5 steps), as smooth_rate(window='flat', width=0.5*ms) does.
	rate := []float64{0, 0, 0, 0, 1000, 0, 0, 0, 0}
	smooth, err := render.SmoothRate(rate, 1e-4, render.Flat, 5e-4)
	if err != nil {
		panic(err)
	}
	fmt.Println(smooth)
	// Output:
	// [0 0 200 200 200 200 200 0 0]
}
