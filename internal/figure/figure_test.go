package figure

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
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

func TestMorphology(t *testing.T) {
	f, err := model.LoadFile(write(t, base+`
[[plots]]
type = "morphology"
source = "G"
variable = "v"
`))
	if err != nil {
		// The checker may refuse a morphology plot of a non-spatial
		// group; build the File by hand instead.
		f = &model.File{Plots: []*model.Plot{{Type: model.String{Text: "morphology", Pos: model.Position{Line: 3, Col: 8}}}}}
	}
	err = Unsupported(f)
	if err == nil || !strings.Contains(err.Error(), "morphology plots arrive with the morphology views") {
		t.Errorf("Unsupported = %v", err)
	}
	b := built(t, write(t, base), 0)
	if err := Unsupported(b.File); err != nil {
		t.Errorf("a model without morphology plots: %v", err)
	}
}
