package figure

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
)

func built(t *testing.T, path string, duration float64) *model.Built {
	t.Helper()
	f, err := model.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := model.Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(duration); err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExamples(t *testing.T) {
	for _, tc := range []struct {
		file   string
		panels int
	}{
		{"lif.toml", 2}, {"hh.toml", 1}, {"cuba.toml", 2},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := built(t, filepath.Join("..", "..", "examples", tc.file), 0.02)
			fig, err := Build(b)
			if err != nil {
				t.Fatal(err)
			}
			if len(fig.Panels) != tc.panels {
				t.Errorf("%d panels, want %d", len(fig.Panels), tc.panels)
			}
			if fig.SharedX == nil || fig.SharedX.Limits.Max != b.Net.T() {
				t.Errorf("the panels do not share a time axis to the end of the run")
			}
			var buf bytes.Buffer
			if err := render.WritePNG(&buf, fig, 640, 480); err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			if s := img.Bounds().Size(); s.X != 640 || s.Y != 480 {
				t.Errorf("PNG size %v", s)
			}
			buf.Reset()
			if err := render.WriteSVG(&buf, fig, 640, 480); err != nil {
				t.Fatal(err)
			}
			if err := validXML(&buf); err != nil {
				t.Errorf("SVG: %v", err)
			}
		})
	}
}

func validXML(r io.Reader) error {
	d := xml.NewDecoder(r)
	for {
		if _, err := d.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

const base = `
[run]
dt = "0.1*ms"
duration = "20*ms"
[[neurons]]
name = "G"
N = 5
model = """
dv/dt = (1.2 - v)/(10*ms) : 1
dw/dt = (v - w)/(5*ms) : 1
"""
threshold = "v > 1"
reset = "v = 0"
[neurons.init]
v = "i/N"
[[monitors]]
name = "spikes"
type = "spike"
source = "G"
[[monitors]]
name = "st"
type = "state"
source = "G"
variables = ["v", "w"]
record = [0, 2]
[[monitors]]
name = "rate"
type = "rate"
source = "G"
`

func write(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "m.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDefaultPanels(t *testing.T) {
	b := built(t, write(t, base), 0)
	fig, err := Build(b)
	if err != nil {
		t.Fatal(err)
	}
	// raster, v, w, rate
	if len(fig.Panels) != 4 {
		t.Fatalf("%d panels, want 4", len(fig.Panels))
	}
	want := []string{"neuron index", "v", "w", "rate"}
	for k, p := range fig.Panels {
		if p.Y.Label != want[k] {
			t.Errorf("panel %d shows %q, want %q", k, p.Y.Label, want[k])
		}
	}
	if n := len(fig.Panels[1].Plots); n != 2 {
		t.Errorf("trace has %d lines, want one per recorded neuron", n)
	}
}

func TestXY(t *testing.T) {
	b := built(t, write(t, base+`
[[plots]]
type = "xy"
monitor = "st"
x = "v"
y = "w"
title = "phase"
[[plots]]
type = "rate"
monitor = "rate"
`), 0)
	fig, err := Build(b)
	if err != nil {
		t.Fatal(err)
	}
	if fig.SharedX != nil {
		t.Fatal("an xy plot of v cannot share a time axis")
	}
	p := fig.Panels[0]
	if p.Title != "phase" || p.X.Label != "v" || p.Y.Label != "w" || len(p.Plots) != 2 {
		t.Errorf("xy panel %q x=%q y=%q with %d lines", p.Title, p.X.Label, p.Y.Label, len(p.Plots))
	}
	if fig.Panels[1].X.Limits.Max != b.Net.T() {
		t.Errorf("the rate panel does not span the run")
	}
	var buf bytes.Buffer
	if err := render.WritePNG(&buf, fig, 400, 300); err != nil {
		t.Fatal(err)
	}
}

const ballAndStick = `
[run]
dt = "0.025*ms"
[[spatial]]
name = "cell"
model = """
Im = 1e-4*siemens/cm**2*(-65*mV - v) : amp/meter**2
I : amp (point current)
gx : siemens/meter**2
"""
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"
[[spatial.sections]]
name = "dend"
parent = "soma"
type = "cylinder"
length = "300*um"
diameter = "1*um"
n = 20
[spatial.init]
v = "-65*mV"
gx = "distance*siemens/meter**3"
[[spatial.set]]
var = "I"
value = "0.5*nA"
section = "soma"
[[monitors]]
name = "soma"
type = "state"
source = "cell"
variables = ["v"]
record = [0]
`

func TestMorphology(t *testing.T) {
	for _, tc := range []struct {
		plot, axes, title string
	}{
		{"", "x y", "v of cell at 5 ms"},
		{"variable = \"gx\"\nx = \"x\"\ny = \"z\"\ntitle = \"density\"", "x z", "density"},
		{"variable = \"distance\"\nx = \"y\"\ny = \"z\"", "y z", "distance of cell at 5 ms"},
	} {
		b := built(t, write(t, ballAndStick+"[[plots]]\ntype = \"trace\"\nmonitor = \"soma\"\n[[plots]]\ntype = \"morphology\"\nsource = \"cell\"\n"+tc.plot), 0.005)
		fig, err := Build(b)
		if err != nil {
			t.Fatal(err)
		}
		if fig.SharedX != nil || len(fig.Panels) != 2 {
			t.Fatalf("%d panels, shared x %v: want 2 of their own axes", len(fig.Panels), fig.SharedX != nil)
		}
		if fig.Panels[0].X.Limits.Max != b.Net.T() {
			t.Errorf("the trace does not span the run")
		}
		p := fig.Panels[1]
		if p.Title != tc.title || p.X.Label+" "+p.Y.Label != tc.axes {
			t.Errorf("morphology panel %q with axes %q %q, want %q, %q", p.Title, p.X.Label, p.Y.Label, tc.title, tc.axes)
		}
		pl, ok := p.Plots[0].(*morphviz.Plot)
		if !ok || pl.View.Compartments() != 21 {
			t.Fatalf("the panel does not draw the cell's 21 compartments: %T", p.Plots[0])
		}
		// The figure is laid out at myelin plot's size: one metre per
		// pixel along both axes, so the neuron keeps its shape.
		tr := fig.Draw(nullCanvas{}, render.R(0, 0, 1000, 680))
		kx := tr[1].Area.Dx() / (tr[1].XMax - tr[1].XMin)
		ky := tr[1].Area.Dy() / (tr[1].YMax - tr[1].YMin)
		if math.Abs(kx/ky-1) > 1e-6 {
			t.Errorf("x and y scales differ: %g and %g pixels per metre", kx, ky)
		}
		var buf bytes.Buffer
		if err := render.WritePNG(&buf, fig, 640, 480); err != nil {
			t.Fatal(err)
		}
		buf.Reset()
		if err := render.WriteSVG(&buf, fig, 640, 480); err != nil {
			t.Fatal(err)
		}
		if err := validXML(&buf); err != nil {
			t.Errorf("SVG: %v", err)
		}
	}
}

// TestMorphologyExample draws the example library's HH axon, whose
// figure has a raster, a trace and the axon coloured by v.
func TestMorphologyExample(t *testing.T) {
	b := built(t, filepath.Join("..", "..", "examples", "hh_axon.toml"), 0.002)
	fig, err := Build(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(fig.Panels) != 3 || fig.SharedX != nil {
		t.Fatalf("%d panels, shared x %v", len(fig.Panels), fig.SharedX != nil)
	}
	p := fig.Panels[2]
	if _, ok := p.Plots[0].(*morphviz.Plot); !ok || p.X.Unit != "mm" || p.Title != "v of axon at 2 ms" {
		t.Errorf("the axon's panel: %T, x in %q, title %q", p.Plots[0], p.X.Unit, p.Title)
	}
	var buf bytes.Buffer
	if err := render.WriteSVG(&buf, fig, 1000, 980); err != nil {
		t.Fatal(err)
	}
	if err := validXML(&buf); err != nil {
		t.Errorf("SVG: %v", err)
	}
}

// TestFit checks that a figure fitted to a size other than the default
// keeps one scale along both axes of its morphology.
func TestFit(t *testing.T) {
	b := built(t, write(t, ballAndStick+"[[plots]]\ntype = \"morphology\"\nsource = \"cell\"\n"), 0)
	fig, err := Build(b)
	if err != nil {
		t.Fatal(err)
	}
	Fit(fig, 500, 900)
	tr := fig.Draw(nullCanvas{}, render.R(0, 0, 500, 900))
	kx := tr[0].Area.Dx() / (tr[0].XMax - tr[0].XMin)
	ky := tr[0].Area.Dy() / (tr[0].YMax - tr[0].YMin)
	if math.Abs(kx/ky-1) > 1e-6 {
		t.Errorf("x and y scales differ: %g and %g pixels per metre", kx, ky)
	}
}

func TestMorphologyErrors(t *testing.T) {
	for _, tc := range []struct{ plot, msg string }{
		{"variable = \"nosuch\"", ":38:12: spatial neuron 'cell' has no variable 'nosuch'"},
		{"x = \"x\"\ny = \"x\"", ":38:5: a morphology plot shows the plane of x and y, x and z, or y and z"},
		{"y = \"z\"", ":38:5: a morphology plot shows the plane"},
	} {
		text := ballAndStick + "[[plots]]\ntype = \"morphology\"\nsource = \"cell\"\n" + tc.plot
		b := built(t, write(t, text), 0)
		_, err := Build(b)
		if err == nil || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%q: error %v, want %q", tc.plot, err, tc.msg)
		}
	}
}
