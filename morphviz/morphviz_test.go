package morphviz

import (
	"bytes"
	"flag"
	"image"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

var update = flag.Bool("update", false, "rewrite golden files")

const um = morph.Micrometre

// ballAndStick is Brian2's ball-and-stick: a 30 µm soma and a dendrite of
// 10 compartments, 300 µm long and 2 µm thick, with no coordinates (they
// are generated: the dendrite along +x... as generate_coordinates puts a
// soma's only child).
func ballAndStick() *morph.Section {
	soma := morph.Must(morph.NewSoma(30 * um))
	if err := soma.Add("dend", morph.Must(morph.NewCylinder(10, 300*um, 2*um))); err != nil {
		panic(err)
	}
	return soma
}

// branched is a soma with a dendrite that forks into two tapering
// branches, and an axon going the other way and down in z, all with
// coordinates.
func branched() *morph.Section {
	soma := morph.Must(morph.NewSomaAt(20*um, morph.Point{}))
	dend := morph.Must(morph.NewSectionPoints([]float64{4 * um, 3 * um, 3 * um},
		[]morph.Point{{X: 10 * um}, {X: 60 * um, Y: 10 * um}, {X: 110 * um, Y: 10 * um}}))
	b1 := morph.Must(morph.NewSectionPoints([]float64{2 * um, 1.5 * um, 1 * um, 0.5 * um},
		[]morph.Point{{}, {X: 30 * um, Y: 30 * um}, {X: 50 * um, Y: 70 * um}, {X: 60 * um, Y: 120 * um, Z: 20 * um}}))
	b2 := morph.Must(morph.NewSectionPoints([]float64{2 * um, 1 * um, 0.5 * um},
		[]morph.Point{{}, {X: 40 * um, Y: -20 * um, Z: -10 * um}, {X: 90 * um, Y: -30 * um, Z: -30 * um}}))
	axon := morph.Must(morph.NewCylinderBetween(8, 1*um, morph.Point{X: -10 * um}, morph.Point{X: -150 * um, Y: -40 * um, Z: -60 * um}))
	for _, a := range []struct {
		name string
		s    *morph.Section
	}{{"dend", dend}, {"dend.b1", b1}, {"dend.b2", b2}, {"axon", axon}} {
		if err := soma.Add(a.name, a.s); err != nil {
			panic(err)
		}
	}
	return soma
}

// distances returns each compartment's distance from the root: a value
// to colour by that every morphology has.
func distances(root *morph.Section) []float64 { return root.Flatten().Distance }

func distanceView(root *morph.Section) *View {
	v := New(root)
	v.Name, v.Dim = "distance", units.DimLength
	return v
}

// png renders v into a w×h image.
func renderPNG(v *View, w, h int, values []float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	v.Draw(render.NewImageCanvas(img, 1), render.R(0, 0, float64(w), float64(h)), values)
	return img
}

func TestDebugWrite(t *testing.T) {
	if os.Getenv("MORPHVIZ_DEBUG") == "" {
		t.Skip()
	}
	for _, tc := range []struct {
		name string
		root *morph.Section
	}{{"bas", ballAndStick()}, {"branched", branched()}} {
		v := distanceView(tc.root)
		for p := XY; p <= Dendrogram; p++ {
			v.SetProjection(p)
			if p == Orthographic || p == Perspective {
				v.Rotate(0.6, 0.4)
			}
			img := renderPNG(v, 640, 400, distances(tc.root))
			var buf bytes.Buffer
			png.Encode(&buf, img)
			os.WriteFile(filepath.Join("/tmp/morphviz", tc.name+"_"+p.String()+".png"), buf.Bytes(), 0o644)
		}
	}
}

var _ = draw.Draw
var _ = math.Abs
var _ = strconv.Itoa

// shared is where the project's real morphologies are (DESIGN.md).
var shared = filepath.Join("..", "..", "shared", "morphologies")

func TestDebugSWC(t *testing.T) {
	if os.Getenv("MORPHVIZ_DEBUG") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob(filepath.Join(shared, "*.swc"))
	for _, f := range files {
		root, err := morph.LoadSWC(f, morph.SWCOptions{})
		if err != nil {
			t.Fatal(err)
		}
		v := distanceView(root)
		for p := XY; p <= Dendrogram; p++ {
			v.SetProjection(p)
			if p == Orthographic || p == Perspective {
				v.Rotate(0.6, 0.4)
			}
			img := renderPNG(v, 800, 600, distances(root))
			var buf bytes.Buffer
			png.Encode(&buf, img)
			os.WriteFile(filepath.Join("/tmp/morphviz", filepath.Base(f)+"_"+p.String()+".png"), buf.Bytes(), 0o644)
		}
	}
}
