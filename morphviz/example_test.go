package morphviz_test

import (
	"fmt"
	"image"
	"io"
	"os"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// A ball-and-stick neuron coloured by the distance from its soma, drawn
// into an image, and the compartment under a point of it.
func Example() {
	soma := morph.Must(morph.NewSoma(30 * morph.Micrometre))
	dend := morph.Must(morph.NewCylinder(10, 300*morph.Micrometre, 2*morph.Micrometre))
	if err := soma.Add("dend", dend); err != nil {
		fmt.Println(err)
		return
	}
	view := morphviz.New(soma)
	view.Name, view.Dim = "distance", units.DimLength
	distance := soma.Flatten().Distance

	img := image.NewRGBA(image.Rect(0, 0, 480, 320))
	view.Draw(render.NewImageCanvas(img, 1), render.R(0, 0, 480, 320), distance)

	if hit, ok := view.Pick(240, 160); ok {
		fmt.Printf("compartment %d: %s[%d], %.0f µm from the soma\n", hit.Compartment, hit.Path, hit.Index, hit.Distance/morph.Micrometre)
	}
	lo, hi := view.Range()
	fmt.Printf("colours from %.0f to %.0f µm\n", lo/morph.Micrometre, hi/morph.Micrometre)
	// Output:
	// compartment 6: dend[5], 165 µm from the soma
	// colours from 0 to 285 µm
}

// A live view: a current into the soma of a passive ball-and-stick
// charges the dendrite, and each frame draws the membrane potential as it
// is (the SpatialNeuron's own slice of v), in colours fixed from −70 to
// −55 mV so that frames compare. Picking reads the value at that moment:
// the soma charges towards the 12.8 mV above rest that cable theory
// gives (0.05 nA into an input resistance of 256 MΩ), with the membrane's
// time constant of 9 ms, and the end of the dendrite lags behind.
func Example_live() {
	soma := morph.Must(morph.NewSoma(30 * morph.Micrometre))
	if err := soma.Add("dend", morph.Must(morph.NewCylinder(20, 500*morph.Micrometre, 1*morph.Micrometre))); err != nil {
		fmt.Println(err)
		return
	}
	net, err := sim.NewNetwork(25e-6, 1)
	if err != nil {
		fmt.Println(err)
		return
	}
	sn, err := net.NewSpatialNeuron(sim.SpatialNeuronSpec{Name: "cell", Morphology: soma, Model: `
Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2
I : amp (point current)
`})
	if err == nil {
		err = sn.Set("v", "-70*mV")
	}
	if err == nil {
		err = sn.SetAt("I", "0.05*nA", []int{0}, "")
	}
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := sn.Values("v")

	view := morphviz.New(soma)
	view.Name, view.Dim = "v", units.DimVoltage
	view.SetRange(-70e-3, -55e-3)
	var frame render.Recorder // the app draws on Ebiten instead
	for k := 0; k < 3; k++ {
		if _, err := net.Run(2e-3); err != nil {
			fmt.Println(err)
			return
		}
		frame.Reset()
		view.Draw(&frame, render.R(0, 0, 640, 240), v)
		soma, _ := view.Pick(30, 120)
		tip, _ := view.Pick(540, 120)
		fmt.Printf("t = %.0f ms: v at the soma %.2f mV, at %s[%d] %.2f mV\n", net.T()*1e3, soma.Value*1e3, tip.Path, tip.Index, tip.Value*1e3)
	}
	// Output:
	// t = 2 ms: v at the soma -66.97 mV, at dend[19] -69.88 mV
	// t = 4 ms: v at the soma -64.81 mV, at dend[19] -69.26 mV
	// t = 6 ms: v at the soma -63.19 mV, at dend[19] -68.38 mV
}

// The same neuron from the side, turned in 3-D with perspective, and as a
// dendrogram, written as SVG.
func ExampleView_SetProjection() {
	root := morph.Must(morph.NewSomaAt(20*morph.Micrometre, morph.Point{}))
	for _, s := range []struct {
		name     string
		from, to morph.Point
	}{
		{"dend", morph.Point{X: 10e-6}, morph.Point{X: 200e-6, Y: 50e-6, Z: 20e-6}},
		{"dend.a", morph.Point{}, morph.Point{X: 100e-6, Y: 80e-6}},
		{"dend.b", morph.Point{}, morph.Point{X: 120e-6, Y: -60e-6, Z: -40e-6}},
	} {
		c := morph.Must(morph.NewCylinderBetween(10, 2e-6, s.from, s.to))
		if err := root.Add(s.name, c); err != nil {
			fmt.Println(err)
			return
		}
	}
	view := morphviz.New(root)
	for _, p := range []morphviz.Projection{morphviz.XZ, morphviz.Perspective, morphviz.Dendrogram} {
		view.SetProjection(p)
		view.Rotate(0.5, 0.3) // turns the 3-D view; XZ becomes orthographic, a dendrogram does not turn
		svg := render.NewSVG(400, 300)
		view.Draw(svg, render.R(0, 0, 400, 300), nil)
		if _, err := svg.WriteTo(os.Stdout); err != nil {
			fmt.Println(err)
		}
		fmt.Println()
		fmt.Println(view.Projection())
	}
}

// A morphology in a panel of a render.Figure, as `myelin plot` draws it:
// axes in µm at one scale, the colour bar at the right.
func ExamplePlot() {
	root := morph.Must(morph.NewSomaAt(20*morph.Micrometre, morph.Point{}))
	dend := morph.Must(morph.NewCylinderBetween(20, 2*morph.Micrometre, morph.Point{X: 10e-6}, morph.Point{X: 300e-6, Y: 100e-6}))
	if err := root.Add("dend", dend); err != nil {
		fmt.Println(err)
		return
	}
	view := morphviz.New(root)
	view.Name, view.Dim = "distance", units.DimLength
	distance := root.Flatten().Distance
	panel := morphviz.NewPanel(&morphviz.Plot{View: view, Values: func() []float64 { return distance }})
	panel.Title = "distance from the soma"
	fig := render.NewFigure(panel)
	// Lay the figure out once at its size, then draw it.
	fig.Draw(render.NewSVG(600, 300), render.R(0, 0, 600, 300))
	if err := render.WritePNG(io.Discard, fig, 600, 300); err != nil {
		fmt.Println(err)
	}
	fmt.Println(panel.X.Label, panel.X.Unit, panel.Y.Label, panel.Y.Unit)
	// Output:
	// x µm y µm
}
