package render_test

// The golden tests of render's back-ends and the tests that draw the
// sample figures. They live in an external test package so that they can
// use render/internal/sample, which imports render: the figures the
// golden files pin are the ones render/ebitenr's tests draw too.

import (
	"bytes"
	"encoding/xml"
	"flag"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/internal/sample"
)

// updating reports whether -update was given (the flag is defined by
// render's internal tests, in the same test binary).
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func figureNamed(t *testing.T, name string) *render.Figure {
	t.Helper()
	for _, s := range sample.Figures() {
		if s.Name == name {
			return s.Fig()
		}
	}
	t.Fatalf("no sample figure %q", name)
	return nil
}

// countingCanvas counts calls.
type countingCanvas struct {
	fills, strokes, texts, rects int
}

func (c *countingCanvas) Stroke(p *render.Path, s render.LineStyle) { c.strokes++ }
func (c *countingCanvas) Fill(p *render.Path, col color.NRGBA) {
	c.fills++
	for _, op := range p.Ops {
		if op == render.OpRect {
			c.rects++
		}
	}
}
func (c *countingCanvas) Text(x, y float64, s string, st render.TextStyle) { c.texts++ }
func (c *countingCanvas) PushClip(r render.Rect)                           {}
func (c *countingCanvas) PopClip()                                         {}

// TestRecorderGolden pins the geometry of every kind of plot as the text a
// render.Recorder writes.
func TestRecorderGolden(t *testing.T) {
	for _, s := range sample.Figures() {
		switch s.Name {
		case "empty", "dark", "dense":
			continue // drawn by other tests (a dense recording would be megabytes)
		}
		t.Run(s.Name, func(t *testing.T) {
			var r render.Recorder
			s.Fig().Draw(&r, render.R(0, 0, 640, 480))
			golden(t, s.Name+".txt", r.Bytes())
		})
	}
}

// TestSVGGolden pins the SVG back-end.
func TestSVGGolden(t *testing.T) {
	for _, name := range []string{"network", "xy"} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := render.WriteSVG(&buf, figureNamed(t, name), 640, 480); err != nil {
				t.Fatal(err)
			}
			// Well-formed XML, whatever the golden file says.
			d := xml.NewDecoder(bytes.NewReader(buf.Bytes()))
			for {
				_, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("not well-formed XML: %v", err)
				}
			}
			golden(t, name+".svg", buf.Bytes())
		})
	}
}

// TestPNGGolden compares the PNG back-end's output with golden images.
// The rasterizer's accumulation runs in SIMD natively and in plain Go in
// WebAssembly, and may round the coverage of a pixel differently, so
// images need only agree pixel by pixel within a small tolerance.
func TestPNGGolden(t *testing.T) {
	for _, tc := range []struct {
		name  string
		scale float64
	}{{"network", 1}, {"xy", 1}, {"raster", 2}} {
		t.Run(tc.name, func(t *testing.T) {
			img := render.RenderImage(figureNamed(t, tc.name), 640, 480, tc.scale)
			path := filepath.Join("testdata", tc.name+".png")
			if updating() {
				var buf bytes.Buffer
				if err := png.Encode(&buf, img); err != nil {
					t.Fatal(err)
				}
				golden(t, tc.name+".png", buf.Bytes())
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
			if want.Bounds() != img.Bounds() {
				t.Fatalf("image is %v, golden %v", img.Bounds(), want.Bounds())
			}
			// Compare as RGBA bytes: the decoded golden may be NRGBA.
			b := img.Bounds()
			w := image.NewRGBA(b)
			draw.Draw(w, b, want, b.Min, draw.Src)
			bad, worst := 0, 0
			for k := 0; k < len(img.Pix); k += 4 {
				d := 0
				for c := k; c < k+4; c++ {
					d = max(d, absInt(int(img.Pix[c])-int(w.Pix[c])))
				}
				worst = max(worst, d)
				if d > 8 {
					bad++
				}
			}
			if bad > b.Dx()*b.Dy()/1000 || worst > 128 {
				t.Errorf("%s: %d pixels differ by more than 8 (worst %d); go test -update rewrites it", path, bad, worst)
			}
		})
	}
}

// TestRasterBatches checks that a raster's spikes reach the canvas as one
// fill per colour, and only those inside the time window.
func TestRasterBatches(t *testing.T) {
	sp := sample.Spikes(100, 20, 1, 1e-3, 7)
	f := render.NewFigure(render.RasterPanel(&render.Raster{Spikes: sp, N: 100, Groups: []render.Group{{Start: 0, Stop: 80}, {Start: 80, Stop: 100}}}))
	f.Panels[0].X.Limits = render.FixedLimits(0.25, 0.5)
	c := &countingCanvas{}
	f.Draw(c, render.R(0, 0, 800, 400))
	inWindow := 0
	for _, tk := range sp.T {
		if tk >= 0.25 && tk <= 0.5 {
			inWindow++
		}
	}
	if c.fills != 3 { // the background and one per group
		t.Errorf("%d fills, want 3", c.fills)
	}
	// Dots within a dot's width of the window's ends are drawn too.
	if c.rects < inWindow || c.rects > inWindow+100 {
		t.Errorf("%d rectangles for %d spikes in the window", c.rects, inWindow)
	}
}

// BenchmarkRaster100k lays out and records a raster of 100 000 spikes, and
// draws it into an image, the two costs the brief asks about.
func BenchmarkRaster100k(b *testing.B) {
	sp := sample.Spikes(4000, 16.6, 1, 1e-3, 8)
	if n := sp.Len(); n < 90000 || n > 110000 {
		b.Fatalf("%d spikes", n)
	}
	fig := func() *render.Figure {
		return render.NewTimeFigure(render.RasterPanel(&render.Raster{Spikes: sp, N: 4000, Groups: []render.Group{{Start: 0, Stop: 3200}, {Start: 3200, Stop: 4000}}}))
	}
	b.Run("layout", func(b *testing.B) {
		f, c := fig(), &countingCanvas{}
		b.ReportAllocs()
		for b.Loop() {
			f.Draw(c, render.R(0, 0, 800, 400))
		}
	})
	b.Run("recorder", func(b *testing.B) {
		f := fig()
		var r render.Recorder
		b.ReportAllocs()
		for b.Loop() {
			r.Reset()
			f.Draw(&r, render.R(0, 0, 800, 400))
		}
		b.ReportMetric(float64(len(r.Bytes())), "bytes")
	})
	b.Run("svg", func(b *testing.B) {
		f := fig()
		b.ReportAllocs()
		for b.Loop() {
			render.WriteSVG(&bytes.Buffer{}, f, 800, 400)
		}
	})
	b.Run("image", func(b *testing.B) {
		f := fig()
		img := image.NewRGBA(image.Rect(0, 0, 800, 400))
		c := render.NewImageCanvas(img, 1)
		b.ReportAllocs()
		for b.Loop() {
			f.Draw(c, render.R(0, 0, 800, 400))
		}
	})
}

// golden compares got with testdata/name, or writes it there under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updating() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
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
		t.Errorf("%s differs from the golden file (go test -update rewrites it):\n%s", path, firstDiff(got, want))
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g := bytes.Split(got, []byte("\n"))
	w := bytes.Split(want, []byte("\n"))
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl []byte
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if !bytes.Equal(gl, wl) {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + clip(string(gl)) + "\nwant: " + clip(string(wl))
		}
	}
	return "(no line differs)"
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}
