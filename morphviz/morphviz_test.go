package morphviz

import (
	"bytes"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

var update = flag.Bool("update", false, "rewrite golden files")

const um = morph.Micrometre

// shared is where the project's real morphologies are (DESIGN.md): tests
// read them there and never copy them into the repository.
var shared = filepath.Join("..", "..", "shared", "morphologies")

// ballAndStick is Brian2's ball-and-stick: a 30 µm soma and a dendrite of
// 10 compartments, 300 µm long and 2 µm thick, without coordinates (the
// view generates them).
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
	mustAdd(soma, "dend", dend)
	mustAdd(soma, "dend.b1", b1)
	mustAdd(soma, "dend.b2", b2)
	mustAdd(soma, "axon", axon)
	return soma
}

func mustAdd(s *morph.Section, name string, c *morph.Section) {
	if err := s.Add(name, c); err != nil {
		panic(err)
	}
}

// tee is a soma of 20 µm at the origin with a dendrite along +x from 10
// to 110 µm (10 compartments, 4 µm thick) and another along +z from 10
// to 60 µm (5 compartments): simple enough to know where everything lands
// on screen.
func tee() *morph.Section {
	soma := morph.Must(morph.NewSomaAt(20*um, morph.Point{}))
	mustAdd(soma, "dend", morph.Must(morph.NewCylinderBetween(10, 4*um, morph.Point{X: 10 * um}, morph.Point{X: 110 * um})))
	mustAdd(soma, "up", morph.Must(morph.NewCylinderBetween(5, 4*um, morph.Point{Z: 10 * um}, morph.Point{Z: 60 * um})))
	return soma
}

// distanceView returns a view coloured by the distance from the root.
func distanceView(root *morph.Section) (*View, []float64) {
	v := New(root)
	v.Name, v.Dim = "distance", units.DimLength
	return v, root.Flatten().Distance
}

// views are the projections the golden files show, with the turn the
// 3-D ones are given.
var views = []struct {
	p          Projection
	yaw, pitch float64
}{{XY, 0, 0}, {XZ, 0, 0}, {YZ, 0, 0}, {Orthographic, 0.6, 0.4}, {Perspective, 0.6, 0.4}, {Dendrogram, 0, 0}}

func setView(v *View, p Projection, yaw, pitch float64) {
	v.SetProjection(p)
	v.Rotate(yaw, pitch)
	v.proj = p // Rotate turns XY into Orthographic; keep Perspective
}

// TestRecorderGolden compares the geometry of every projection of the
// ball-and-stick and the branched morphology with golden recordings.
func TestRecorderGolden(t *testing.T) {
	for _, m := range []struct {
		name string
		root *morph.Section
	}{{"ball_and_stick", ballAndStick()}, {"branched", branched()}} {
		v, d := distanceView(m.root)
		for _, pv := range views {
			t.Run(m.name+"_"+pv.p.String(), func(t *testing.T) {
				setView(v, pv.p, pv.yaw, pv.pitch)
				var rec render.Recorder
				v.Draw(&rec, render.R(0, 0, 480, 320), d)
				golden(t, m.name+"_"+pv.p.String()+".txt", rec.Bytes())
			})
		}
	}
}

// TestPNGGolden compares images with golden PNGs, pixel by pixel within
// a small tolerance (the rasterizer may round coverage differently in
// WebAssembly than natively).
func TestPNGGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		root *morph.Section
		pv   int
	}{{"ball_and_stick_xy", ballAndStick(), 0}, {"branched_xy", branched(), 0}, {"branched_perspective", branched(), 4}, {"branched_dendrogram", branched(), 5}} {
		t.Run(tc.name, func(t *testing.T) {
			v, d := distanceView(tc.root)
			pv := views[tc.pv]
			setView(v, pv.p, pv.yaw, pv.pitch)
			img := image.NewRGBA(image.Rect(0, 0, 480, 320))
			v.Draw(render.NewImageCanvas(img, 1), render.R(0, 0, 480, 320), d)
			goldenPNG(t, tc.name+".png", img)
		})
	}
}

// golden compares got with testdata/name, or writes it there under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(g) || i < len(w); i++ {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			if gl != wl {
				t.Errorf("%s differs from the golden file at line %d (go test -update rewrites it):\n got: %.300s\nwant: %.300s", path, i+1, gl, wl)
				return
			}
		}
	}
}

func goldenPNG(t *testing.T, name string, img *image.RGBA) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		golden(t, name, buf.Bytes())
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if want.Bounds() != b {
		t.Fatalf("image is %v, golden %v", b, want.Bounds())
	}
	w := image.NewRGBA(b)
	draw.Draw(w, b, want, b.Min, draw.Src)
	bad, worst := 0, 0
	for k := 0; k < len(img.Pix); k++ {
		d := int(img.Pix[k]) - int(w.Pix[k])
		if d < 0 {
			d = -d
		}
		worst = max(worst, d)
		if d > 8 {
			bad++
		}
	}
	if bad > b.Dx()*b.Dy()/1000 || worst > 128 {
		t.Errorf("%s: %d channels differ by more than 8 (worst %d); go test -update rewrites it", path, bad, worst)
	}
}

// TestPickKnownPoints picks at screen points worked out by hand for the
// tee morphology: the view fits the projection's extent (radii included)
// into the rectangle less the theme's 10-pixel padding and centres it.
func TestPickKnownPoints(t *testing.T) {
	type probe struct {
		x, y float64
		want int // -1: nothing
	}
	// XY: x from -10 (soma) to 112 µm (dendrite end plus its radius), y
	// from -10 to 10: in 264×200, 2 pixels per µm, screen x = 30 + 2x,
	// screen y = 100 - 2y.
	// The up dendrite, seen end-on, lies over the soma's centre: its tip,
	// nearest the viewer, is picked there; the soma next to it.
	xy := []probe{{30, 100, 15}, {30, 115, 0}, {132, 20, -1}, {60, 108, -1}, {60, 106, 1}, {60, 103, 1}}
	for j := 0; j < 10; j++ {
		xy = append(xy, probe{30 + 2*(15+10*float64(j)), 100, 1 + j})
	}
	// XZ: x as above, z from -10 to 62: in 264×164, 2 pixels per µm,
	// screen y = 134 - 2z.
	var xz, yz []probe
	xz = append(xz, probe{30, 134, 0}, probe{30 + 2*55, 134, 5})
	// YZ: y from -10 to 10, z from -10 to 62: in 60×164, screen x = 30 +
	// 2y; the x dendrite is seen end-on, inside the soma.
	yz = append(yz, probe{30, 134, 10}, probe{45, 134, 0}, probe{50, 60, -1})
	for m := 0; m < 5; m++ {
		xz = append(xz, probe{30, 134 - 2*(15+10*float64(m)), 11 + m})
		yz = append(yz, probe{30, 134 - 2*(15+10*float64(m)), 11 + m})
	}
	// Orthographic, turned a quarter about the vertical: screen right is
	// -z, up is y, x points at the viewer, so the x dendrite is seen
	// end-on in front of the soma. The view fits the bounding
	// sphere about the box's centre c = (51, 0, 26) µm, whose radius is
	// the soma's far side: |(-51, 0, -26)| + 10.
	R := math.Hypot(51, 26) + 10
	k := 180 / (2 * R) // pixels per µm in 264×200
	ortho := []probe{{132 + 26*k, 100, 10}, {132 + 26*k, 100 + 7.5*k, 0}}
	for m := 0; m < 5; m++ {
		ortho = append(ortho, probe{132 + k*(26-(15+10*float64(m))), 100, 11 + m})
	}
	// Perspective, turned the same way: the eye is 4R from the centre, a
	// point at depth d (towards the eye) is magnified by 4R/(4R-d), and the
	// view fits the silhouette of the bounding sphere, R*4/sqrt(15).
	kp := 180 / (2 * R * 4 / math.Sqrt(15))
	ms := 4 * R / (4*R + 51) // the soma lies at depth -51 µm
	persp := []probe{{132 + 26*kp*ms, 100 + 7.5*kp*ms, 0}}
	for m := 0; m < 5; m++ {
		mag := 4 * R / (4*R + 51) // the up dendrite lies at x = 0, depth -51 µm
		persp = append(persp, probe{132 + kp*mag*(26-(15+10*float64(m))), 100, 11 + m})
	}
	for _, tc := range []struct {
		name   string
		p      Projection
		w, h   float64
		probes []probe
	}{
		{"xy", XY, 264, 200, xy}, {"xz", XZ, 264, 164, xz}, {"yz", YZ, 60, 164, yz},
		{"orthographic", Orthographic, 264, 200, ortho}, {"perspective", Perspective, 264, 200, persp},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := New(tee())
			v.SetProjection(XY)
			switch tc.p {
			case Orthographic, Perspective:
				v.Rotate(math.Pi/2, 0)
				v.proj = tc.p
			default:
				v.SetProjection(tc.p)
			}
			v.Draw(nullCanvas{}, render.R(0, 0, tc.w, tc.h), nil)
			for _, pr := range tc.probes {
				h, ok := v.Pick(pr.x, pr.y)
				got := -1
				if ok {
					got = h.Compartment
				}
				if got != pr.want {
					t.Errorf("Pick(%g, %g) = %d, want %d", pr.x, pr.y, got, pr.want)
				}
			}
		})
	}
}

// TestPickHit checks what a hit says of its compartment, and that zoom
// and pan move what is under a point.
func TestPickHit(t *testing.T) {
	root := tee()
	v := New(root)
	vals := make([]float64, 16)
	for i := range vals {
		vals[i] = float64(i) * 1e-3
	}
	v.Colorbar = false
	v.Draw(nullCanvas{}, render.R(0, 0, 264, 200), vals)
	h, ok := v.Pick(30+2*45, 100) // x = 45 µm: dend[3]
	up, _ := root.Get("dend")
	if !ok || h.Compartment != 4 || h.Section != up || h.Path != "dend" || h.Index != 3 || math.Abs(h.Distance-35*um) > 1e-12 || h.Value != 4e-3 {
		t.Errorf("hit %+v, want compartment 4, dend[3], 35 µm from the root, value 0.004", h)
	}
	vals[4] = 7
	if h, _ := v.Pick(30+2*45, 100); h.Value != 7 {
		t.Errorf("a hit reads the value when picked: %g", h.Value)
	}
	// Zoom by 2 about the soma's centre: dend[3] moves twice as far out.
	v.Zoom(2, 30, 100)
	v.Draw(nullCanvas{}, render.R(0, 0, 264, 200), vals)
	if h, ok := v.Pick(30+4*45, 100); !ok || h.Compartment != 4 {
		t.Errorf("after zooming: %+v, %v", h, ok)
	}
	v.Pan(-40, 0)
	v.Draw(nullCanvas{}, render.R(0, 0, 264, 200), vals)
	if h, ok := v.Pick(30+4*45-40, 100); !ok || h.Compartment != 4 {
		t.Errorf("after panning: %+v, %v", h, ok)
	}
	v.ResetView()
	v.Draw(nullCanvas{}, render.R(0, 0, 264, 200), vals)
	if h, ok := v.Pick(30+2*45, 100); !ok || h.Compartment != 4 {
		t.Errorf("after resetting: %+v, %v", h, ok)
	}
}

// TestPickWhatIsDrawn reads the dendrogram's bars from a recording and
// picks at the middle of each: the compartment drawn there must come back.
// It also checks the layout: the up dendrite, which ends nearer the root,
// stands left of the other, and both start at distance zero.
func TestPickWhatIsDrawn(t *testing.T) {
	v := New(tee())
	v.SetProjection(Dendrogram)
	v.Colorbar = false
	// Neighbours in two colours, so that each compartment is a bar of
	// its own (a section's neighbours of one colour make one bar).
	vals := make([]float64, v.Compartments())
	for i := range vals {
		vals[i] = float64(i % 2)
	}
	v.SetRange(0, 1)
	var rec render.Recorder
	v.Draw(&rec, render.R(0, 0, 400, 300), vals)
	bars := map[int][4]float64{} // by the compartment picked at its middle
	for _, line := range strings.Split(rec.String(), "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[0] != "fill" || f[2] != "R" || f[1] == "#ffffff" { // not the background
			continue
		}
		for k := 2; k+4 < len(f); k += 5 {
			var r [4]float64
			for j := range r {
				r[j], _ = strconv.ParseFloat(f[k+1+j], 64)
			}
			h, ok := v.Pick((r[0]+r[2])/2, (r[1]+r[3])/2)
			if !ok {
				t.Errorf("bar %v: nothing picked at its middle", r)
				continue
			}
			if _, dup := bars[h.Compartment]; dup {
				t.Errorf("compartment %d picked in two bars", h.Compartment)
			}
			if want := v.levelColor(v.level(vals[h.Compartment])); "#"+hex(want) != f[1] {
				t.Errorf("bar %v is %s, but the compartment picked there, %d, is %s", r, f[1], h.Compartment, hex(want))
			}
			bars[h.Compartment] = r
		}
	}
	if len(bars) != 15 {
		t.Fatalf("%d bars, want one per compartment of the dendrites (15):\n%s", len(bars), rec.String())
	}
	dend, up := bars[1], bars[11]
	if !(up[0] < dend[0]) {
		t.Errorf("the shorter dendrite should stand left: up at x %g, dend at %g", up[0], dend[0])
	}
	if math.Abs(dend[3]-up[3]) > 1 {
		t.Errorf("both dendrites should start at the root's distance: bottoms %g and %g", dend[3], up[3])
	}
	// The dendrite of 100 µm reaches twice as high as the one of 50 µm.
	if hd, hu := dend[3]-bars[10][1], up[3]-bars[15][1]; math.Abs(hd/hu-2) > 0.05 {
		t.Errorf("heights %g and %g, want 2:1", hd, hu)
	}
	if h, ok := v.Pick(5, 5); ok {
		t.Errorf("picked %+v in a corner", h)
	}
	// In one colour, each section is one bar.
	rec.Reset()
	v.Draw(&rec, render.R(0, 0, 400, 300), nil)
	if n := strings.Count(rec.String(), " R ") - 1; n != 2 { // the background is one too
		t.Errorf("in one colour: %d bars, want one per dendrite (2):\n%s", n, rec.String())
	}
}

// hex is a colour as the Recorder writes it, without the #.
func hex(c color.NRGBA) string {
	const d = "0123456789abcdef"
	b := []byte{d[c.R>>4], d[c.R&15], d[c.G>>4], d[c.G&15], d[c.B>>4], d[c.B&15]}
	if c.A != 255 {
		b = append(b, d[c.A>>4], d[c.A&15])
	}
	return string(b)
}

// TestOddMorphologies draws morphologies that are easy to get wrong in
// every projection: none must fail, and each must draw something.
func TestOddMorphologies(t *testing.T) {
	zero := morph.Must(morph.NewSomaAt(10*um, morph.Point{}))
	mustAdd(zero, "flat", morph.Must(morph.NewSectionPoints([]float64{1 * um, 1 * um, 1 * um}, []morph.Point{{X: 5 * um}, {X: 5 * um}, {X: 5 * um}})))
	mustAdd(zero, "dot", morph.Must(morph.NewCylinderBetween(1, 1*um, morph.Point{X: 5 * um}, morph.Point{X: 5 * um})))
	thin := morph.Must(morph.NewCylinder(3, 100*um, 1e-12))
	bend := morph.Must(morph.NewSectionPoints([]float64{2 * um, 2 * um, 2 * um, 2 * um},
		[]morph.Point{{}, {X: 10 * um}, {}, {X: 10 * um}})) // folds back on itself
	for _, tc := range []struct {
		name string
		root *morph.Section
	}{
		{"zero-length sections", zero},
		{"a soma alone", morph.Must(morph.NewSoma(20 * um))},
		{"one cylinder of one compartment", morph.Must(morph.NewCylinder(1, 10*um, 1*um))},
		{"very thin", thin},
		{"a section folding back", bend},
		{"nil", nil},
	} {
		v := New(tc.root)
		vals := make([]float64, v.Compartments())
		for i := range vals {
			vals[i] = math.NaN()
		}
		for _, pv := range views {
			for _, values := range [][]float64{nil, vals} {
				setView(v, pv.p, pv.yaw, pv.pitch)
				var c countingCanvas
				v.Draw(&c, render.R(0, 0, 300, 200), values)
				if tc.root != nil && c.fills+c.strokes < 2 {
					t.Errorf("%s, %s: drew %d fills and %d strokes", tc.name, pv.p, c.fills, c.strokes)
				}
				if c.bad {
					t.Errorf("%s, %s: a coordinate is not finite", tc.name, pv.p)
				}
				if c.concave > 0 || c.mixed > 0 {
					t.Errorf("%s, %s: %d concave polygons, %d fills turning both ways", tc.name, pv.p, c.concave, c.mixed)
				}
				v.Pick(150, 100)
			}
		}
	}
	// Odd rectangles, values and camera moves.
	v, d := distanceView(branched())
	for _, r := range []render.Rect{{}, render.R(0, 0, 1, 1), render.R(0, 0, math.Inf(1), 10), {Min: render.Point{X: math.NaN()}}} {
		v.Draw(nullCanvas{}, r, d)
	}
	v.Zoom(0, 1, 1)
	v.Zoom(math.NaN(), 1, 1)
	v.Rotate(math.Inf(1), 0)
	v.Pan(math.NaN(), 1)
	v.SetRange(1, 1)
	var c countingCanvas
	v.Draw(&c, render.R(0, 0, 300, 200), d[:3])
	// Infinite values take the end colours.
	v.SetRange(0, 1)
	v.valueRange(nil)
	if v.level(math.Inf(1)) != v.levels()-1 || v.level(math.Inf(-1)) != 0 || v.level(0.5) != v.levels()/2 || v.level(math.NaN()) != -1 {
		t.Errorf("levels of +Inf, -Inf, 0.5, NaN: %d %d %d %d", v.level(math.Inf(1)), v.level(math.Inf(-1)), v.level(0.5), v.level(math.NaN()))
	}
	if c.bad {
		t.Errorf("odd input gave a coordinate that is not finite")
	}
}

// TestAllSWC draws every reconstruction in ../shared/morphologies in every
// projection.
func TestAllSWC(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(shared, "*.swc"))
	if len(files) == 0 {
		t.Skipf("no SWC files in %s (the project's shared folder is not beside this checkout)", shared)
	}
	for _, f := range files {
		root, err := morph.LoadSWC(f, morph.SWCOptions{})
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		v, d := distanceView(root)
		for _, pv := range views {
			setView(v, pv.p, pv.yaw, pv.pitch)
			var c countingCanvas
			v.Draw(&c, render.R(0, 0, 800, 600), d)
			// Every compartment is drawn, in a few dozen fills and
			// strokes. At most three passes of one fill per colour
			// (neurites behind the soma, somata, neurites in front) and
			// the colour bar's bands; two passes of one stroke per colour
			// and line width (thin neurites behind and in front) and the
			// axes, ticks and the dendrogram's lines.
			if c.fills < 3 || c.fills > 3*(v.levels()+1)+v.levels() || c.strokes > 2*lineWidths*(v.levels()+1)+3 {
				t.Errorf("%s, %s: %d fills, %d strokes", filepath.Base(f), pv.p, c.fills, c.strokes)
			}
			if c.bad {
				t.Errorf("%s, %s: a coordinate is not finite", filepath.Base(f), pv.p)
			}
			if c.concave > 0 {
				t.Errorf("%s, %s: %d concave polygons (the Ebiten back-end fills their colours unsmoothed)", filepath.Base(f), pv.p, c.concave)
			}
			if c.mixed > 0 {
				t.Errorf("%s, %s: %d fills with polygons turning both ways (holes where they overlap)", filepath.Base(f), pv.p, c.mixed)
			}
			// Every compartment can be picked where it is drawn.
			missed := 0
			for i := 0; i < v.Compartments(); i++ {
				s := &v.scratch
				x, y := (s.sa[i].X+s.sb[i].X)/2, (s.sa[i].Y+s.sb[i].Y)/2
				if _, ok := v.Pick(x, y); !ok {
					missed++
				}
			}
			if missed > 0 {
				t.Errorf("%s, %s: %d compartments cannot be picked at their middle", filepath.Base(f), pv.p, missed)
			}
		}
		t.Logf("%s: %d compartments", filepath.Base(f), v.Compartments())
	}
}

// TestColormaps checks that the colour maps are perceptually ordered:
// their lightness (CIE L*) rises from one end to the other.
func TestColormaps(t *testing.T) {
	for _, m := range []*Colormap{Viridis, Cividis} {
		prev := -1.0
		for k := 0; k <= 32; k++ {
			l := lightness(m.At(float64(k) / 32))
			if l <= prev {
				t.Errorf("%s: lightness falls at %d/32: %.1f after %.1f", m.Name, k, l, prev)
			}
			prev = l
		}
		if m.At(math.NaN()) != m.At(0) || m.At(-1) != m.At(0) || m.At(2) != m.At(1) {
			t.Errorf("%s: values outside [0, 1] are not clamped", m.Name)
		}
	}
	// matplotlib's ends of viridis: #440154 and #fde725.
	if Viridis.At(0) != (color.NRGBA{0x44, 0x01, 0x54, 0xff}) || Viridis.At(1) != (color.NRGBA{0xfd, 0xe7, 0x25, 0xff}) {
		t.Errorf("viridis ends %v %v", Viridis.At(0), Viridis.At(1))
	}
}

// lightness returns CIE L* of an sRGB colour.
func lightness(c color.NRGBA) float64 {
	lin := func(v uint8) float64 {
		x := float64(v) / 255
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(c.R) + 0.7152*lin(c.G) + 0.0722*lin(c.B)
	if y > 216.0/24389 {
		return 116*math.Cbrt(y) - 16
	}
	return y * 24389 / 27
}

// TestColorbarUnits checks the colour bar's unit and ticks.
func TestColorbarUnits(t *testing.T) {
	v := New(tee())
	v.Name, v.Dim = "v", units.DimVoltage
	v.SetRange(-80e-3, 40e-3)
	var rec render.Recorder
	vals := make([]float64, v.Compartments())
	v.Draw(&rec, render.R(0, 0, 400, 300), vals)
	out := rec.String()
	for _, want := range []string{`"v (mV)"`, `"−80"`, `"−40"`, `"0"`, `"40"`} {
		if !strings.Contains(out, want) {
			t.Errorf("the colour bar lacks %s:\n%s", want, out)
		}
	}
	if lo, hi := v.Range(); lo != -80e-3 || hi != 40e-3 {
		t.Errorf("range %g..%g", lo, hi)
	}
	// A quantity with no prefixed unit, far from 1: a power of ten in
	// the label.
	q, err := units.Parse("1*siemens/meter**2")
	if err != nil {
		t.Fatal(err)
	}
	_, tks, labels, label := ticks(1e-9, 5e-9, q.Dim, "", "g", 300)
	if label != "g (×10^-9 siemens/meter**2)" || len(tks) != 5 || labels[0] != "1" || labels[4] != "5" || math.Abs(tks[4]-5e-9) > 1e-20 {
		t.Errorf("ticks of 1e-9..5e-9 S/m²: %q %v %q", label, tks, labels)
	}
	v.Unit = "uV"
	rec.Reset()
	v.Draw(&rec, render.R(0, 0, 400, 300), vals)
	if !strings.Contains(rec.String(), `"v (uV)"`) && !strings.Contains(rec.String(), `"v (µV)"`) {
		t.Errorf("Unit is not used:\n%s", rec.String())
	}
}

// nullCanvas draws nothing.
type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

// countingCanvas counts fills and notes coordinates that are not finite.
type countingCanvas struct {
	fills, strokes int
	bad            bool
	// concave counts the filled polygons that are not convex: render's
	// Ebiten back-end fills a path holding one of them by the nonzero
	// rule, without anti-aliasing and several times slower.
	concave int
	// mixed counts the fills whose polygons do not all turn the same way:
	// under the nonzero rule one turning the other way over another cuts
	// a hole in it.
	mixed int
}

func (c *countingCanvas) check(p *render.Path) {
	for _, q := range p.Pts {
		if !finite(q.X) || !finite(q.Y) {
			c.bad = true
		}
	}
}
func (c *countingCanvas) Stroke(p *render.Path, _ render.LineStyle) { c.strokes++; c.check(p) }
func (c *countingCanvas) Fill(p *render.Path, _ color.NRGBA) {
	c.fills++
	c.check(p)
	pos, neg := false, false
	p.Subpaths(func(pts []render.Point, _ bool) {
		pts = dedup(pts)
		if !convex(pts) {
			c.concave++
		}
		if a := area(pts); a > 1e-9 {
			pos = true
		} else if a < -1e-9 {
			neg = true
		}
	})
	if pos && neg {
		c.mixed++
	}
}

// dedup drops repeated points, as render's Ebiten back-end does before it
// looks at a polygon's turns (in place).
func dedup(pts []render.Point) []render.Point {
	out := pts[:0]
	for _, q := range pts {
		if n := len(out); n > 0 && out[n-1] == q {
			continue
		}
		out = append(out, q)
	}
	if n := len(out); n > 1 && out[0] == out[n-1] {
		out = out[:n-1]
	}
	return out
}
func (c *countingCanvas) Text(x, y float64, _ string, _ render.TextStyle) {
	if !finite(x) || !finite(y) {
		c.bad = true
	}
}
func (c *countingCanvas) PushClip(render.Rect) {}
func (c *countingCanvas) PopClip()             {}

// TestHighlight checks the outline of a highlighted compartment and
// where ScreenPoint says compartments were drawn.
func TestHighlight(t *testing.T) {
	v := New(tee())
	r := render.R(0, 0, 264, 200)
	var rec render.Recorder
	v.Draw(&rec, r, nil)
	plain := strings.Count(rec.String(), "stroke 2 ")
	if x, y, ok := v.ScreenPoint(4); !ok || math.Abs(x-120) > 1e-9 || math.Abs(y-100) > 1e-9 {
		t.Errorf("ScreenPoint(4) = %g, %g, %v; want 120, 100 (x = 45 µm)", x, y, ok)
	}
	if _, _, ok := v.ScreenPoint(16); ok {
		t.Errorf("ScreenPoint of a compartment that does not exist")
	}
	for _, p := range []Projection{XY, Perspective, Dendrogram} {
		v.SetProjection(p)
		for _, k := range []int{0, 4, 15} {
			v.Highlight(k)
			rec.Reset()
			v.Draw(&rec, r, nil)
			lines := strings.Split(strings.TrimSpace(rec.String()), "\n")
			var last string
			for _, l := range lines {
				if strings.HasPrefix(l, "stroke 2 #222222") {
					last = l
				}
			}
			if strings.Count(rec.String(), "stroke 2 #222222") != 1 {
				t.Errorf("%s, compartment %d: no outline:\n%s", p, k, rec.String())
				continue
			}
			// The outline surrounds the compartment's middle.
			x, y, _ := v.ScreenPoint(k)
			f := strings.Fields(last)
			x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			for j := 3; j+2 < len(f); j++ {
				if f[j] == "M" || f[j] == "L" || f[j] == "R" {
					px, _ := strconv.ParseFloat(f[j+1], 64)
					py, _ := strconv.ParseFloat(f[j+2], 64)
					x0, x1, y0, y1 = math.Min(x0, px), math.Max(x1, px), math.Min(y0, py), math.Max(y1, py)
					if f[j] == "R" {
						px, _ = strconv.ParseFloat(f[j+3], 64)
						py, _ = strconv.ParseFloat(f[j+4], 64)
						x0, x1, y0, y1 = math.Min(x0, px), math.Max(x1, px), math.Min(y0, py), math.Max(y1, py)
					}
				}
			}
			if !(x0 < x && x < x1 && y0 < y && y < y1) {
				t.Errorf("%s, compartment %d: outline %g..%g × %g..%g misses its middle (%g, %g)", p, k, x0, x1, y0, y1, x, y)
			}
		}
	}
	v.Highlight(-1)
	rec.Reset()
	v.Draw(&rec, r, nil)
	if strings.Count(rec.String(), "stroke 2 #222222") != 0 || plain != 0 {
		t.Errorf("an outline without a highlight")
	}
}
