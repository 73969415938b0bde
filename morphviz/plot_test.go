package morphviz

import (
	"math"
	"testing"

	"github.com/myelin-sim/myelin/render"
)

// TestPlotInFigure draws a morphology panel in a figure and checks that,
// from the second frame on, it shows the neuron at one scale along both
// axes with room for the colour bar, and that the drawing is what the
// golden recording holds.
func TestPlotInFigure(t *testing.T) {
	root := branched()
	v, d := distanceView(root)
	p := &Plot{View: v, Values: func() []float64 { return d }}
	panel := NewPanel(p)
	if panel.X.Label != "x" || panel.Y.Label != "y" || panel.X.Unit != "µm" || panel.Y.Unit != "µm" {
		t.Errorf("axes %q (%s), %q (%s)", panel.X.Label, panel.X.Unit, panel.Y.Label, panel.Y.Unit)
	}
	fig := render.NewFigure(panel)
	r := render.R(0, 0, 640, 400)
	var tr []render.Transform
	for frame := 0; frame < 2; frame++ {
		tr = fig.Draw(nullCanvas{}, r)
	}
	kx := tr[0].Area.Dx() / (tr[0].XMax - tr[0].XMin)
	ky := tr[0].Area.Dy() / (tr[0].YMax - tr[0].YMin)
	if math.Abs(kx/ky-1) > 1e-9 {
		t.Errorf("x and y scales differ: %g and %g pixels per metre", kx, ky)
	}
	// The rightmost point drawn lies left of the colour bar.
	s := &v.scratch
	right := math.Inf(-1)
	for i := range s.sa {
		right = math.Max(right, math.Max(s.sa[i].X+s.hwa[i], s.sb[i].X+s.hwb[i]))
	}
	if bar := tr[0].Area.Max.X - v.colorbarWidth(tr[0].Area, &p.th); right > bar {
		t.Errorf("the neuron reaches x = %g, into the colour bar at %g", right, bar)
	}
	// A point of the neuron, at the axes' coordinates: the soma's centre.
	if h, ok := v.Pick(tr[0].X(0), tr[0].Y(0)); !ok || h.Compartment != 0 {
		t.Errorf("picking the soma at (0, 0) µm: %+v, %v", h, ok)
	}
	var rec render.Recorder
	fig.Draw(&rec, r)
	golden(t, "figure.txt", rec.Bytes())

	// Other planes name their axes; a 3-D projection is drawn as XY.
	for _, tc := range []struct {
		p    Projection
		x, y string
	}{{XZ, "x", "z"}, {YZ, "y", "z"}, {Perspective, "x", "y"}} {
		v.SetProjection(tc.p)
		panel := NewPanel(&Plot{View: v})
		if panel.X.Label != tc.x || panel.Y.Label != tc.y {
			t.Errorf("%s: axes %q, %q", tc.p, panel.X.Label, panel.Y.Label)
		}
	}
	// Nothing to draw.
	empty := &Plot{View: New(nil)}
	if b := empty.DataRange(); b.XMin <= b.XMax {
		t.Errorf("an empty morphology has data %+v", b)
	}
	empty.Plot(&rec, tr[0], nil)
}
