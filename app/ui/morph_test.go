package ui

import (
	"image"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
)

// morphScreen loads ball_and_stick.toml (a soma of 30 µm and a dendrite
// of 1000 µm in 100 compartments), runs a few steps and draws the screen
// once at 1000 × 700.
func morphScreen(t *testing.T) (*View, func()) {
	t.Helper()
	c := load(t, "ball_and_stick.toml")
	c.Step()
	v := &View{C: c}
	img := image.NewRGBA(image.Rect(0, 0, 1000, 700))
	draw := func() { v.Draw(render.NewImageCanvas(img, 1), 1000, 700) }
	// Twice: a live figure's morphology fits its panel from the second
	// frame on.
	draw()
	draw()
	if len(v.morph) != 1 {
		t.Fatalf("%d morphology panels, want 1", len(v.morph))
	}
	return v, draw
}

// point returns where compartment k of the first morphology panel was
// drawn in the last frame.
func point(t *testing.T, v *View, k int) (x, y float64) {
	t.Helper()
	x, y, ok := v.morph[0].shown().ScreenPoint(k)
	if !ok {
		t.Fatalf("compartment %d not drawn", k)
	}
	return x, y
}

// Hovering the middle of a compartment of the dendrite reports that
// compartment: its section, index, distance from the soma (Brian2's
// distance of the midpoint: (i + 1/2) × 10 µm, as core/morph checks
// against Brian2) and its value now.
func TestMorphHover(t *testing.T) {
	v, draw := morphScreen(t)
	for _, k := range []int{1, 30, 100} {
		x, y := point(t, v, k)
		v.Hover(x, y)
		h, panel, ok := v.Hovered()
		if !ok || panel != 0 {
			t.Fatalf("hover at compartment %d (%.1f, %.1f): nothing", k, x, y)
		}
		if h.Compartment != k || h.Path != "dend" || h.Index != k-1 {
			t.Errorf("hover at compartment %d: %d, %q[%d]", k, h.Compartment, h.Path, h.Index)
		}
		if want := (float64(k-1) + 0.5) * 10e-6; math.Abs(h.Distance-want) > 1e-12 {
			t.Errorf("compartment %d: distance %g, want %g", k, h.Distance, want)
		}
		vals, err := v.C.Built().Net.SpatialNeuron("cell").Values("v")
		if err != nil {
			t.Fatal(err)
		}
		if h.Value != vals[k] {
			t.Errorf("compartment %d: value %g, the neuron has %g", k, h.Value, vals[k])
		}
		text := hitText(h, v.morph[0])
		if !strings.HasPrefix(text, "dend[") || !strings.Contains(text, "m from the soma") || !strings.Contains(text, "v = -") || !strings.HasSuffix(text, " mV") {
			t.Errorf("tooltip %q", text)
		}
		// The frame outlines it.
		draw()
		if v.morph[0].plot.View == nil || v.highlighted(0) != k {
			t.Errorf("compartment %d not highlighted: %d", k, v.highlighted(0))
		}
	}
	// Points along the dendrite found from its ends alone (it is
	// straight: the midpoint of compartment j lies (j − 1/2)/100 of the
	// way along it).
	ax, ay := point(t, v, 1)
	bx, by := point(t, v, 100)
	for _, k := range []int{30, 75} {
		f := float64(k-1) / 99
		v.Hover(ax+f*(bx-ax), ay+f*(by-ay))
		if h, _, ok := v.Hovered(); !ok || h.Compartment != k {
			t.Errorf("hover %.2f of the way along the dendrite: %+v %v, want compartment %d", f, h, ok, k)
		}
	}
	// The soma.
	x, y := point(t, v, 0)
	v.Hover(x, y)
	if h, _, ok := v.Hovered(); !ok || h.Compartment != 0 || h.Path != "" || h.Distance != 0 {
		t.Errorf("hover on the soma: %+v %v", h, ok)
	}
	// Beside the neuron: nothing.
	v.Hover(x, y-200)
	if h, _, ok := v.Hovered(); ok {
		t.Errorf("hover beside the neuron: %+v", h)
	}
	v.Leave()
	if _, _, ok := v.Hovered(); ok {
		t.Error("hover after the pointer left")
	}
}

// A click pins the compartment; a click on it again unpins it.
func TestMorphPin(t *testing.T) {
	v, draw := morphScreen(t)
	x, y := point(t, v, 40)
	v.Press(0, x, y)
	v.Release(0, x+1, y)
	if got := v.Pinned(0); got != 40 {
		t.Fatalf("pinned %d, want 40", got)
	}
	if _, touched := v.MorphView(0); touched {
		t.Error("a click changed the view")
	}
	v.Leave()
	draw()
	h, ok := pinnedHit(v.morph[0])
	if !ok || h.Compartment != 40 || v.highlighted(0) != 40 {
		t.Errorf("pinned compartment after a frame: %+v %v, highlighted %d", h, ok, v.highlighted(0))
	}
	v.lastClick = time.Time{} // not a double click
	v.Press(0, x, y)
	v.Release(0, x, y)
	if got := v.Pinned(0); got != -1 {
		t.Errorf("a second click left %d pinned", got)
	}
}

// A drag pans a 2-D projection by the drag; in 3-D it turns the view; a
// double click gives the panel back to the figure.
func TestMorphDrag(t *testing.T) {
	v, draw := morphScreen(t)
	x, y := point(t, v, 50)
	v.Press(0, x, y)
	v.Move(0, x+10, y)
	v.Release(0, x+10, y)
	view, touched := v.MorphView(0)
	if !touched {
		t.Fatal("a drag left the figure's drawing")
	}
	draw()
	x0, y0 := point(t, v, 50)
	v.Press(0, x0, y0)
	v.Move(0, x0+20, y0)
	v.Move(0, x0+30, y0+10)
	v.Release(0, x0+30, y0+10)
	if v.Pinned(0) != -1 {
		t.Error("a drag pinned a compartment")
	}
	draw()
	x1, y1 := point(t, v, 50)
	if math.Abs(x1-x0-30) > 1e-6 || math.Abs(y1-y0-10) > 1e-6 {
		t.Errorf("a drag by (30, 10) moved compartment 50 by (%g, %g)", x1-x0, y1-y0)
	}
	// 3-D: a horizontal drag turns the dendrite (along x) about the
	// vertical axis, shortening it on screen.
	v.Key(KeyProjection) // xz
	v.Key(KeyProjection) // yz
	v.Key(KeyProjection) // 3-D
	if p := view.Projection(); p != morphviz.Orthographic {
		t.Fatalf("projection %v after three presses of V", p)
	}
	draw()
	ax, _ := point(t, v, 1)
	bx, _ := point(t, v, 100)
	before := math.Abs(bx - ax)
	_, my := point(t, v, 50)
	mx := (ax + bx) / 2
	v.Press(0, mx, my)
	v.Move(0, mx+60, my)
	v.Release(0, mx+60, my)
	draw()
	ax, _ = point(t, v, 1)
	bx, _ = point(t, v, 100)
	if after := math.Abs(bx - ax); !(math.Abs(after-before) > 1) {
		t.Errorf("a drag in 3-D did not turn the view: dendrite %g px wide before, %g after", before, after)
	}
	// A double click resets.
	x, y = point(t, v, 20)
	for range 2 {
		v.Press(0, x, y)
		v.Release(0, x, y)
	}
	if _, touched := v.MorphView(0); touched {
		t.Error("a double click did not reset the view")
	}
}

// V cycles xy → xz → yz → 3-D → perspective → dendrogram → xy; C
// resets; the wheel zooms about the pointer.
func TestMorphKeysWheel(t *testing.T) {
	v, draw := morphScreen(t)
	view, _ := v.MorphView(0)
	for _, want := range []morphviz.Projection{morphviz.XZ, morphviz.YZ, morphviz.Orthographic,
		morphviz.Perspective, morphviz.Dendrogram, morphviz.XY} {
		v.Key(KeyProjection)
		draw()
		if got := view.Projection(); got != want {
			t.Errorf("V: %v, want %v", got, want)
		}
	}
	v.Key(KeyResetView)
	if _, touched := v.MorphView(0); touched {
		t.Error("C left the view touched")
	}
	draw()
	x, y := point(t, v, 60)
	ax, _ := point(t, v, 10)
	v.Hover(x, y)
	v.Wheel(1)
	draw()
	if _, touched := v.MorphView(0); !touched {
		t.Fatal("the wheel did not zoom")
	}
	v.Wheel(1)
	draw()
	x2, y2 := point(t, v, 60)
	bx, _ := point(t, v, 10)
	// Two notches about compartment 60: it stays (to the fit of the
	// app's view against the figure's), the dendrite grows by 1.15².
	if math.Hypot(x2-x, y2-y) > 3 {
		t.Errorf("zoom about (%g, %g) moved it to (%g, %g)", x, y, x2, y2)
	}
	if r := (x2 - bx) / (x - ax); math.Abs(r-wheelZoom*wheelZoom) > 0.05 {
		t.Errorf("two wheel notches magnified %g, want %g", r, wheelZoom*wheelZoom)
	}
	// A pinch with two fingers zooms out.
	view, _ = v.MorphView(0)
	cx, cy := point(t, v, 60)
	v.Press(1, cx-100, cy)
	v.Press(2, cx+100, cy)
	v.Move(2, cx+50, cy)
	v.Release(1, cx-100, cy)
	v.Release(2, cx+50, cy)
	draw()
	cx2, _ := point(t, v, 60)
	dx2, _ := point(t, v, 10)
	if r := (cx2 - dx2) / (x2 - bx); math.Abs(r-150.0/200) > 0.02 {
		t.Errorf("a pinch from 200 to 150 px magnified %g, want 0.75", r)
	}
}

// The view and the pin outlive the figure being rebuilt: a step of the
// run and a reset (a new neuron of the same shape).
func TestMorphKeptAcrossRebuilds(t *testing.T) {
	v, draw := morphScreen(t)
	x, y := point(t, v, 80)
	v.Press(0, x, y)
	v.Release(0, x, y)
	v.Key(KeyProjection)
	view, _ := v.MorphView(0)
	for _, what := range []string{"step", "reset"} {
		if what == "step" {
			v.C.Step()
		} else {
			v.Key(KeyReset)
		}
		draw()
		got, touched := v.MorphView(0)
		if got != view || !touched || got.Projection() != morphviz.XZ || v.Pinned(0) != 80 {
			t.Errorf("after a %s: same view %v, touched %v, %v, pinned %d", what, got == view, touched, got.Projection(), v.Pinned(0))
		}
		if h, ok := pinnedHit(v.morph[0]); !ok || h.Path != "dend" || h.Index != 79 || math.IsNaN(h.Value) {
			t.Errorf("after a %s: pinned %+v %v", what, h, ok)
		}
	}
}

// Every example with a morphology answers hover, a click, drags, the
// wheel and V on a grid of points without failing, and hovering a
// compartment's drawn middle finds a compartment there.
func TestMorphExamples(t *testing.T) {
	for _, file := range []string{"ball_and_stick.toml", "hh_axon.toml", "branched_neuron.toml"} {
		t.Run(file, func(t *testing.T) {
			c := load(t, file)
			c.Step()
			v := &View{C: c}
			img := image.NewRGBA(image.Rect(0, 0, 900, 640))
			draw := func() { v.Draw(render.NewImageCanvas(img, 1), 900, 640) }
			draw()
			draw()
			if len(v.morph) == 0 {
				t.Fatal("no morphology panel")
			}
			for round := range 5 {
				for x := 0.0; x < 900; x += 45 {
					for y := 0.0; y < 640; y += 40 {
						v.Hover(x, y)
					}
				}
				view := v.morph[0].shown()
				for k := 0; k < view.Compartments(); k += max(1, view.Compartments()/7) {
					if x, y, ok := view.ScreenPoint(k); ok && inside(v.morph[0].area, x, y) {
						v.Hover(x, y)
						if _, _, ok := v.Hovered(); !ok {
							t.Errorf("round %d: nothing under the middle of compartment %d", round, k)
						}
					}
				}
				a := v.morph[0].area
				mx, my := (a.Min.X+a.Max.X)/2, (a.Min.Y+a.Max.Y)/2
				v.Press(0, mx, my)
				v.Move(0, mx+25, my+15)
				v.Release(0, mx+25, my+15)
				v.Wheel(-1)
				v.Key(KeyProjection)
				draw()
			}
		})
	}
}
