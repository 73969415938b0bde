package ui

import (
	"image"
	"image/color"
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

// inkOp is a shape or text a figure drew: its boxes (one per segment of
// a line, so that an L-shaped axis is not taken for the box around it),
// the clip it was drawn under, and the text.
type inkOp struct {
	boxes []render.Rect
	clip  int // the index of the PushClip it was drawn under, -1: none
	text  string
	bg    bool // a fill of the whole figure: its background
}

// inkCanvas records the boxes of everything drawn on it.
type inkCanvas struct {
	ops   []inkOp
	clips []render.Rect
	stack []int
	fig   render.Rect
}

func (c *inkCanvas) top() int {
	if len(c.stack) == 0 {
		return -1
	}
	return c.stack[len(c.stack)-1]
}

func (c *inkCanvas) Stroke(p *render.Path, st render.LineStyle) {
	op := inkOp{clip: c.top()}
	hw := st.Width / 2
	p.Subpaths(func(pts []render.Point, closed bool) {
		n := len(pts)
		if closed {
			pts = append(pts, pts[0])
		}
		for k := 0; k+1 < len(pts) && k < n; k++ {
			a, b := pts[k], pts[k+1]
			op.boxes = append(op.boxes, render.R(math.Min(a.X, b.X)-hw, math.Min(a.Y, b.Y)-hw, math.Max(a.X, b.X)+hw, math.Max(a.Y, b.Y)+hw))
		}
	})
	c.ops = append(c.ops, op)
}

func (c *inkCanvas) Fill(p *render.Path, _ color.NRGBA) {
	op := inkOp{clip: c.top()}
	p.Subpaths(func(pts []render.Point, _ bool) {
		b := render.R(math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1))
		for _, q := range pts {
			b.Min.X, b.Min.Y = math.Min(b.Min.X, q.X), math.Min(b.Min.Y, q.Y)
			b.Max.X, b.Max.Y = math.Max(b.Max.X, q.X), math.Max(b.Max.Y, q.Y)
		}
		op.boxes = append(op.boxes, b)
		op.bg = op.bg || b == c.fig
	})
	c.ops = append(c.ops, op)
}

// finiteBoxes drops the boxes that are not finite: nothing can say where
// their ink lies.
func finiteBoxes(bs []render.Rect) []render.Rect {
	out := bs[:0]
	for _, b := range bs {
		if !math.IsInf(b.Min.X+b.Min.Y+b.Max.X+b.Max.Y, 0) && !math.IsNaN(b.Min.X+b.Min.Y+b.Max.X+b.Max.Y) {
			out = append(out, b)
		}
	}
	return out
}

func (c *inkCanvas) Text(x, y float64, s string, st render.TextStyle) {
	w, h := render.TextWidth(s, st.Size), render.TextHeight(st.Size)
	along := map[render.HAlign]float64{render.Left: 0, render.Center: 0.5, render.Right: 1}[st.HAlign]
	across := map[render.VAlign]float64{render.Top: 0, render.Middle: 0.5, render.Bottom: 1}[st.VAlign]
	b := render.R(x-along*w, y-across*h, x+(1-along)*w, y+(1-across)*h)
	if st.Vertical { // reading upwards, the top of the letters to the left
		b = render.R(x-across*h, y-(1-along)*w, x+(1-across)*h, y+along*w)
	}
	c.ops = append(c.ops, inkOp{boxes: []render.Rect{b}, clip: c.top(), text: s})
}

func (c *inkCanvas) PushClip(r render.Rect) {
	c.clips = append(c.clips, r)
	c.stack = append(c.stack, len(c.clips)-1)
}

func (c *inkCanvas) PopClip() { c.stack = c.stack[:len(c.stack)-1] }

// overlaps reports whether a and b share more than a line.
func overlaps(a, b render.Rect) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// within reports whether a lies in b, up to rounding.
func within(a, b render.Rect) bool {
	const e = 1e-9
	return a.Min.X >= b.Min.X-e && a.Min.Y >= b.Min.Y-e && a.Max.X <= b.Max.X+e && a.Max.Y <= b.Max.Y+e
}

// TestMorphCoverAxes checks the rectangles the app paints over a
// morphology panel of the figure before it draws its own view there
// (axesCover): everything the figure drew for that panel, its title
// aside, lies inside them, and nothing of the other panels, of the
// panel's title or of the figure's title touches them. The figure is
// ball_and_stick.toml's (the morphology last, below a trace), and the
// same panels with the morphology between two traces under a figure
// title.
func TestMorphCoverAxes(t *testing.T) {
	v, _ := morphScreen(t)
	v.C.Lock()
	defer v.C.Unlock()
	app, _ := v.C.Figure()
	var trace, morph *render.Panel
	for _, p := range app.Panels {
		if _, ok := p.Plots[0].(*morphviz.Plot); ok {
			morph = p
		} else {
			trace = p
		}
	}
	if trace == nil || morph == nil {
		t.Fatal("ball_and_stick.toml should show a trace and a morphology")
	}
	middle := *app
	middle.Title = "a figure's title"
	middle.Panels = []*render.Panel{trace, morph, trace}
	l := v.lay.Plot
	fr := render.R(l.Min.X+2, l.Min.Y+2, l.Max.X-2, l.Max.Y-2)
	for _, tc := range []struct {
		name string
		fig  *render.Figure
	}{{"last", app}, {"middle", &middle}} {
		t.Run(tc.name, func(t *testing.T) {
			fig := tc.fig
			c := &inkCanvas{fig: fr}
			trs := fig.Draw(c, fr)
			i := -1
			for k, p := range fig.Panels {
				if p == morph {
					i = k
				}
			}
			cover := axesCover(fig, i, len(trs), fr, trs[i].Area)
			// The morphology's plot is drawn under the clip whose
			// rectangle contains its data area; the panel's axes and
			// title come after it, before the next clip.
			clip := -1
			for k, r := range c.clips {
				if within(trs[i].Area, r) {
					clip = k
				}
			}
			if clip < 0 || !within(c.clips[clip], cover[0]) {
				t.Fatalf("the morphology's clip %d is not inside the cover's data area %v", clip, cover[0])
			}
			axes := 0
			in := func(b render.Rect) bool {
				for _, r := range cover {
					if within(b, r) {
						return true
					}
				}
				return false
			}
			touches := func(b render.Rect) bool {
				for _, r := range cover {
					if overlaps(b, r) {
						return true
					}
				}
				return false
			}
			// Walk the ops in order: those after the morphology's clip and
			// before the next clip are its panel's axes and title.
			after, done := false, false
			for _, op := range c.ops {
				op.boxes = finiteBoxes(op.boxes)
				if op.clip == clip {
					after = true
					continue
				}
				if after && op.clip >= 0 {
					done = true
				}
				mine := after && !done && op.clip < 0
				switch {
				case op.bg:
				case mine && op.text != "" && op.text == morph.Title:
					if touches(op.boxes[0]) {
						t.Errorf("the cover hides the panel's title %q at %v", op.text, op.boxes[0])
					}
				case mine:
					axes++
					for _, b := range op.boxes {
						if !in(b) {
							t.Errorf("%q (a box %v) of the morphology's axes is not covered by %v", op.text, b, cover)
						}
					}
				default:
					for _, b := range op.boxes {
						if touches(b) {
							t.Errorf("the cover %v touches %q (a box %v) of another panel or the figure", cover, op.text, b)
						}
					}
				}
			}
			if axes < 4 {
				t.Errorf("%d shapes and texts of the morphology's axes, want its axis lines, tick labels and names", axes)
			}
		})
	}
}

// TestMorphDrawnOnce checks that a morphology panel the app draws its own
// view over is not drawn by the figure too (Plot.Hidden), and that the
// figure's plot draws again once the frame is done (an export draws the
// same figure).
func TestMorphDrawnOnce(t *testing.T) {
	v, _ := morphScreen(t)
	pieces := func() int { // the shapes drawn: segments and polygons
		c := &inkCanvas{}
		v.Draw(c, 1000, 700)
		n := 0
		for _, op := range c.ops {
			n += len(op.boxes)
		}
		return n
	}
	before := pieces()
	x, y := point(t, v, 50)
	v.Press(0, x, y)
	v.Move(0, x+10, y)
	v.Release(0, x+10, y)
	if _, touched := v.MorphView(0); !touched {
		t.Fatal("a drag left the figure's drawing")
	}
	after := pieces()
	n := v.morph[0].view.Compartments()
	if after > before+n/2 {
		t.Errorf("%d pieces drawn once the app draws the panel, against %d before: the %d compartments are drawn twice", after, before, n)
	}
	if v.morph[0].plot.Hidden {
		t.Error("the figure's plot stays hidden after the frame (an export would lose it)")
	}
}
