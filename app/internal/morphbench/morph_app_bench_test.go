package morphbench

import (
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/examples"
	"github.com/myelin-sim/myelin/render/ebitenr"
)

// BenchmarkAppFrame measures a frame of the app's whole screen (control
// bar, figure, sliders) drawn with Ebiten, 1200 × 800, for the examples
// with a morphology panel: hh_axon.toml (a spike travelling along an HH
// axon of 200 compartments, below a raster and traces) and
// branched_neuron.toml (61 compartments, below traces). The morphologies
// are small: this is what a whole app frame costs while the user turns a
// neuron, the rest of the screen included (BenchmarkFrame measures big
// morphologies alone).
// The model has run 5 ms first; each frame then redraws the screen as the
// app does while the user turns the neuron, one pixel of drag a frame, in
// perspective (the app's own view, drawn over the figure's panel), and
// waits for the GPU. The simulation is not stepped: this is the drawing's
// share of a frame.
func BenchmarkAppFrame(b *testing.B) {
	img := ebiten.NewImage(frameW, frameH)
	defer img.Deallocate()
	px := make([]byte, 4)
	for _, file := range []string{"hh_axon.toml", "branched_neuron.toml"} {
		src, err := examples.Read(file)
		if err != nil {
			b.Fatal(err)
		}
		c := ui.NewController()
		if err := c.Load(file, src, nil, false); err != nil {
			b.Fatal(err)
		}
		c.SetSpeed(0)
		c.SetLimit(time.Second)
		c.Play()
		now := time.Now()
		for c.Status().T < 5e-3 && c.Status().State == ui.Running {
			now = now.Add(time.Second / 60)
			c.Tick(now)
		}
		c.Pause()
		v := &ui.View{C: c}
		canvas := ebitenr.New(img, 1)
		frame := func() {
			canvas.Reset(img, 1)
			img.Clear()
			v.Draw(canvas, frameW, frameH)
			canvas.Flush()
			WaitGPU(img, px)
		}
		frame()
		frame()
		if _, ok := v.MorphView(0); !ok && v.Pinned(0) != -1 {
			b.Fatalf("%s: no morphology panel", file)
		}
		// Perspective: the key steps xy, xz, yz, 3-D, perspective.
		for range 4 {
			v.Key(ui.KeyProjection)
		}
		frame()
		mv, touched := v.MorphView(0)
		if mv == nil || !touched {
			b.Fatalf("%s: the morphology panel was not taken over by the app", file)
		}
		// Drag inside the panel: where compartment 0 was drawn.
		x, y, ok := mv.ScreenPoint(0)
		if !ok {
			b.Fatalf("%s: compartment 0 not drawn", file)
		}
		v.Press(0, x, y)
		v.Move(0, x+10, y)
		b.Run(file, func(b *testing.B) {
			dx := 0.0
			loop(b, func() {
				dx++
				v.Move(0, x+10+float64(int(dx)%200), y)
				frame()
			})
			tris, calls := canvas.Stats()
			b.ReportMetric(float64(mv.Compartments()), "compartments")
			b.ReportMetric(float64(tris), "triangles/op")
			b.ReportMetric(float64(calls), "calls/op")
		})
		v.Release(0, x+10, y)
		b.Run(file+"/empty", func(b *testing.B) {
			loop(b, func() {
				img.Clear()
				WaitGPU(img, px)
			})
		})
	}
}
