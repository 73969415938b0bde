package ebitenr

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
	"github.com/myelin-sim/myelin/render/internal/sample"
)

var update = flag.Bool("update", false, "rewrite the golden images")

func TestMain(m *testing.M) { ebitentest.Main(m, "ebitenr") }

// drawFigure draws f on a new w × h (logical) image at scale and reads it
// back.
func drawFigure(f *render.Figure, w, h int, scale float64) *image.RGBA {
	img := ebiten.NewImage(int(float64(w)*scale+0.5), int(float64(h)*scale+0.5))
	defer img.Deallocate()
	Draw(img, f, scale)
	return ebitentest.ReadPixels(img)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func readPNG(t *testing.T, path string) *image.RGBA {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goldenCases are the figures drawn through Ebiten and compared with
// golden images: every kind of plot, a live view, an empty monitor, the
// dark theme, and one at a device scale of 2.
var goldenCases = []struct {
	name  string
	scale float64
}{
	{"network", 1}, {"raster", 1}, {"trace", 1}, {"rate", 1}, {"xy", 1},
	{"live", 1}, {"empty", 1}, {"dark", 1}, {"dense", 1}, {"network", 2},
}

func figure(t *testing.T, name string) *render.Figure {
	t.Helper()
	for _, s := range sample.Figures() {
		if s.Name == name {
			return s.Fig()
		}
	}
	t.Fatalf("no sample figure %q", name)
	return nil
}

// TestGolden compares what Ebiten draws with golden images, with the
// tolerance that separates GPU rounding from regressions: no channel off
// by more than 8 in more than 0.1% of the pixels.
func TestGolden(t *testing.T) {
	for _, tc := range goldenCases {
		name := tc.name
		if tc.scale != 1 {
			name = fmt.Sprintf("%s@%gx", tc.name, tc.scale)
		}
		t.Run(name, func(t *testing.T) {
			got := drawFigure(figure(t, tc.name), 640, 480, tc.scale)
			path := filepath.Join("testdata", name+".png")
			if *update {
				writePNG(t, path, got)
				return
			}
			want := readPNG(t, path)
			if want.Bounds() != got.Bounds() {
				t.Fatalf("image is %v, golden %v", got.Bounds(), want.Bounds())
			}
			bad, worst := ebitentest.Diff(got, want, 8)
			if n := got.Bounds().Dx() * got.Bounds().Dy(); bad > n/1000 {
				t.Errorf("%s: %d of %d pixels differ by more than 8 (worst %d); go test -update rewrites it", path, bad, n, worst)
				writePNG(t, filepath.Join(t.TempDir(), "got.png"), got)
			}
		})
	}
}

// TestSameAsImageCanvas compares Ebiten's pixels with render's own image
// back-end drawing the same figure: they should look the same. Ebiten
// anti-aliases by supersampling (2×2) where the image back-end computes
// exact coverage, and its glyphs are rasterised and placed (on whole
// pixels) its own way, so thin lines and letters differ pixel by pixel by
// up to half their ink. What must not differ is what a person would see as
// different: a missing or moved line or label, another colour, another
// width. So the images are compared in blocks of 6×6 logical pixels,
// averaged: no block may differ by more than 40 in a channel, and at most
// 1.5% of them by more than 16. (The sample figures stay within 32 and
// 0.8%; a trace of another colour makes 3%, lines half a pixel wider 9%.)
func TestSameAsImageCanvas(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(fmt.Sprintf("%s@%gx", tc.name, tc.scale), func(t *testing.T) {
			got := drawFigure(figure(t, tc.name), 640, 480, tc.scale)
			want := render.RenderImage(figure(t, tc.name), 640, 480, tc.scale)
			if msg := looksDifferent(got, want, tc.scale); msg != "" {
				dir := filepath.Join(os.TempDir(), "ebitenr-"+tc.name)
				os.MkdirAll(dir, 0o755)
				writePNG(t, filepath.Join(dir, "ebiten.png"), got)
				writePNG(t, filepath.Join(dir, "image.png"), want)
				t.Errorf("%s (images in %s)", msg, dir)
			}
		})
	}
}

// TestLooksDifferent checks that the comparison of TestSameAsImageCanvas
// sees the differences it is there to see.
func TestLooksDifferent(t *testing.T) {
	for name, change := range map[string]func(f *render.Figure){
		"a trace of another colour": func(f *render.Figure) { f.Panels[1].Plots[0].(*render.Line).Color = render.BluishGreen },
		"wider lines":               func(f *render.Figure) { f.Theme.LineWidth = 2 },
		"time shifted by 1%":        func(f *render.Figure) { f.SharedX.Limits = render.FixedLimits(0.002, 0.202) },
	} {
		got := drawFigure(sample.Network(), 640, 480, 1)
		f := sample.Network()
		change(f)
		if looksDifferent(got, render.RenderImage(f, 640, 480, 1), 1) == "" {
			t.Errorf("%s: the images compare as the same", name)
		}
	}
}

// looksDifferent returns what differs between a and b, drawn at scale,
// compared in averaged blocks of 6×6 logical pixels; "" if nothing.
func looksDifferent(a, b *image.RGBA, scale float64) string {
	if a.Bounds() != b.Bounds() {
		return fmt.Sprintf("sizes differ: %v and %v", a.Bounds(), b.Bounds())
	}
	z := int(6*scale + 0.5)
	ab, bb := blocks(a, z), blocks(b, z)
	n := ab.Bounds().Dx() * ab.Bounds().Dy()
	bad, worst := ebitentest.Diff(ab, bb, 16)
	if worst > 40 || bad > n*3/200 {
		return fmt.Sprintf("in blocks of %d×%d pixels, %d of %d differ by more than 16 (at most %d may), the worst by %d (at most 40)", z, z, bad, n, n*3/200, worst)
	}
	return ""
}

// blocks returns img averaged over z×z blocks (the remainder dropped).
func blocks(img *image.RGBA, z int) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dx()/z, b.Dy()/z))
	for y := 0; y < b.Dy()/z; y++ {
		for x := 0; x < b.Dx()/z; x++ {
			var s [4]int
			for dy := 0; dy < z; dy++ {
				for dx := 0; dx < z; dx++ {
					o := img.PixOffset(b.Min.X+x*z+dx, b.Min.Y+y*z+dy)
					for c := 0; c < 4; c++ {
						s[c] += int(img.Pix[o+c])
					}
				}
			}
			o := out.PixOffset(x, y)
			for c := 0; c < 4; c++ {
				out.Pix[o+c] = uint8((s[c] + z*z/2) / (z * z))
			}
		}
	}
	return out
}

// TestEmptyMonitorDrawsAxes checks that a monitor with no data still shows
// its axes with their labels: the pixels under the y label of each panel
// and under the x label hold ink of the foreground colour.
func TestEmptyMonitorDrawsAxes(t *testing.T) {
	f := sample.Empty()
	var rec render.Recorder
	tr := f.Draw(&rec, render.R(0, 0, 640, 480))
	img := drawFigure(sample.Empty(), 640, 480, 1)
	fg := render.DefaultTheme().Foreground
	// ink reports whether r holds a pixel darker than mid-grey.
	ink := func(r image.Rectangle) bool {
		r = r.Intersect(img.Bounds())
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				c := img.RGBAAt(x, y)
				if int(c.R)+int(c.G)+int(c.B) < 3*0x80 {
					return true
				}
			}
		}
		return false
	}
	for k, p := range tr {
		a := p.Area
		// The y axis line just left of the data area, over its height.
		if c := img.RGBAAt(int(a.Min.X)-1, int((a.Min.Y+a.Max.Y)/2)); c.R > fg.R+0x20 {
			t.Errorf("panel %d: no y axis line at x=%v (pixel %v)", k, a.Min.X-1, c)
		}
		// The y label, vertical, at the left edge, beside the middle.
		if !ink(image.Rect(0, int(a.Min.Y), int(a.Min.X)-30, int(a.Max.Y))) {
			t.Errorf("panel %d: no y axis label", k)
		}
		// Nothing is plotted inside the data area.
		if ink(image.Rect(int(a.Min.X)+2, int(a.Min.Y)+2, int(a.Max.X)-2, int(a.Max.Y)-2)) {
			t.Errorf("panel %d: ink in the data area of an empty monitor", k)
		}
	}
	last := tr[len(tr)-1].Area
	// Tick labels and "time (ms)" under the bottom panel.
	if !ink(image.Rect(int(last.Min.X), int(last.Max.Y)+8, int(last.Max.X), 480)) {
		t.Error("no x tick labels or x label under the bottom panel")
	}
	if !bytes.Contains(rec.Bytes(), []byte(`"time (ms)"`)) || !bytes.Contains(rec.Bytes(), []byte(`"neuron index"`)) {
		t.Errorf("empty figure lacks its axis labels:\n%s", rec.Bytes())
	}
}

// TestTextWidth checks that Ebiten's text, shaped without kerning and
// ligatures, advances as far as render lays it out (up to the shaper's
// rounding): with kerning, "AVAWAY" would be a pixel or two shorter.
func TestTextWidth(t *testing.T) {
	for _, s := range []string{"time (ms)", "neuron index", "AVAWAY To fi ffl", "−70 µV", "0.25", "f–I curve"} {
		for _, size := range []float64{12, 13, 24} {
			f := faceFor(size)
			if f == nil {
				t.Fatal("no font")
			}
			got := text.Advance(s, f.face)
			want := render.TextWidth(s, size)
			// The shaper rounds each advance to 1/64 pixel.
			tol := float64(utf8.RuneCountInString(s))/64 + 1e-9
			if d := got - want; d > tol || d < -tol {
				t.Errorf("%q at %g px: Ebiten advances %.4f, render.TextWidth %.4f", s, size, got, want)
			}
		}
	}
}

// TestBatching checks that a raster of 100 000 spikes goes to Ebiten in a
// handful of draw calls, not one call per spike: painted on the CPU into
// one texture, with the axes in a few batches of triangles.
func TestBatching(t *testing.T) {
	sp := sample.Spikes(1000, 100/1.5, 1, 1e-4, 7)
	f := render.NewFigure(render.RasterPanel(&render.Raster{Spikes: sp, N: 1000}))
	img := ebiten.NewImage(800, 600)
	defer img.Deallocate()
	c := New(img, 1)
	f.Draw(c, render.R(0, 0, 800, 600))
	c.Flush()
	tris, calls := c.Stats()
	n := sp.Len()
	if n < 90000 {
		t.Fatalf("only %d spikes", n)
	}
	if tris > 1000 || calls > 4 {
		t.Errorf("%d spikes took %d triangles in %d draw calls, want a texture and a few calls", n, tris, calls)
	}
	t.Logf("%d spikes: %d triangles in %d calls", n, tris, calls)
	// Below splatMin rectangles, dots are triangles, all in one call.
	sp = sample.Spikes(40, 3, 1, 1e-3, 7)
	f = render.NewFigure(render.RasterPanel(&render.Raster{Spikes: sp, N: 40}))
	c.Reset(img, 1)
	f.Draw(c, render.R(0, 0, 800, 600))
	c.Flush()
	tris, calls = c.Stats()
	if n := sp.Len(); n >= splatMin || tris < 2*n || calls > 4 {
		t.Errorf("%d spikes took %d triangles in %d draw calls", n, tris, calls)
	}
}

// TestNoGarbage checks that redrawing a live figure reuses its memory:
// a steady-state frame allocates little, whatever the number of spikes.
func TestNoGarbage(t *testing.T) {
	f := sample.Budget(20000, 3, 5000)
	img := ebiten.NewImage(800, 600)
	defer img.Deallocate()
	for k := 0; k < 3; k++ {
		Draw(img, f, 1)
	}
	allocs := testing.AllocsPerRun(5, func() { Draw(img, f, 1) })
	// Tick labels are formatted afresh each frame (render's figure), and
	// Ebiten allocates a little per command; per spike or per point
	// nothing may be allocated.
	if allocs > 400 {
		t.Errorf("a frame of 20 000 spikes and 3 traces made %.0f allocations", allocs)
	}
	t.Logf("%.0f allocations per frame", allocs)
}

// TestClipAndTranslucency draws shapes that only a correct clip and the
// nonzero rule draw right: a translucent stroke whose pieces overlap must
// not darken where they do, and nothing may leak out of a clip.
func TestClipAndTranslucency(t *testing.T) {
	img := ebiten.NewImage(100, 100)
	defer img.Deallocate()
	img.Fill(color.White)
	c := New(img, 1)
	var p render.Path
	// A zigzag of a translucent black line, 6 px wide: its segments and
	// joins overlap around the corners.
	p.MoveTo(10, 50)
	p.LineTo(50, 20)
	p.LineTo(90, 50)
	c.Stroke(&p, render.LineStyle{Width: 6, Color: color.NRGBA{0, 0, 0, 128}})
	// A red square clipped to the top-left quarter.
	c.PushClip(render.R(0, 0, 30, 30))
	p.Reset()
	p.Rect(render.R(5, 5, 60, 60))
	c.Fill(&p, color.NRGBA{255, 0, 0, 255})
	c.PopClip()
	c.Flush()
	got := ebitentest.ReadPixels(img)
	// On the corner at (50, 20) and along a segment the grey is the same.
	corner, side := got.RGBAAt(50, 21), got.RGBAAt(30, 35)
	if d := abs(int(corner.R) - int(side.R)); d > 12 {
		t.Errorf("overlapping translucent pieces: corner %v, segment %v", corner, side)
	}
	if side.R < 100 || side.R > 155 {
		t.Errorf("half-black on white is %v, want about 127", side)
	}
	if c := got.RGBAAt(20, 20); c.R != 255 || c.G > 10 {
		t.Errorf("inside the clip: %v, want red", c)
	}
	if c := got.RGBAAt(40, 10); c.G < 245 {
		t.Errorf("outside the clip: %v, want white", c)
	}
}

// TestThemeColours checks that Ebiten shows the themes' colours as they
// are: the background, the foreground and every palette colour, filled
// and stroked over each theme's background, read back exactly (±1 for
// rounding) where they cover whole pixels.
func TestThemeColours(t *testing.T) {
	for _, th := range []render.Theme{render.DefaultTheme(), render.DarkTheme()} {
		img := ebiten.NewImage(200, 60)
		c := New(img, 1)
		var p render.Path
		p.Rect(render.R(0, 0, 200, 60))
		c.Fill(&p, th.Background)
		cols := append([]color.NRGBA{th.Foreground}, th.Palette...)
		for k, col := range cols {
			p.Reset()
			p.Rect(render.R(float64(10*k+2), 4, float64(10*k+8), 20))
			c.Fill(&p, col)
			p.Reset()
			p.MoveTo(float64(10*k+5), 30)
			p.LineTo(float64(10*k+5), 50)
			c.Stroke(&p, render.LineStyle{Width: 3, Color: col})
		}
		c.Flush()
		got := ebitentest.ReadPixels(img)
		img.Deallocate()
		near := func(a color.RGBA, b color.NRGBA) bool {
			return abs(int(a.R)-int(b.R)) <= 1 && abs(int(a.G)-int(b.G)) <= 1 && abs(int(a.B)-int(b.B)) <= 1 && a.A == 255
		}
		if g := got.RGBAAt(190, 55); !near(g, th.Background) {
			t.Errorf("background %v reads back as %v", th.Background, g)
		}
		for k, col := range cols {
			if g := got.RGBAAt(10*k+5, 12); !near(g, col) {
				t.Errorf("fill of %v reads back as %v", col, g)
			}
			if g := got.RGBAAt(10*k+5, 40); !near(g, col) {
				t.Errorf("3-pixel line of %v reads back as %v in its middle", col, g)
			}
		}
	}
}

// TestOddInput draws what no figure should hold but a caller may pass:
// no image, odd scales, empty and degenerate paths, coordinates far out or
// not numbers, unbalanced clips, odd text. Nothing may panic, and the
// image must stay usable.
func TestOddInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	img := ebiten.NewImage(64, 48)
	defer img.Deallocate()
	paths := func() []*render.Path {
		var out []*render.Path
		add := func(f func(p *render.Path)) {
			p := &render.Path{}
			f(p)
			out = append(out, p)
		}
		add(func(p *render.Path) {})
		add(func(p *render.Path) { p.MoveTo(1, 1) })
		add(func(p *render.Path) { p.MoveTo(1, 1); p.LineTo(1, 1); p.LineTo(1, 1) })
		add(func(p *render.Path) { p.MoveTo(nan, 1); p.LineTo(inf, -inf); p.LineTo(3, nan); p.Close() })
		add(func(p *render.Path) { p.MoveTo(-1e300, 1); p.LineTo(1e300, 40); p.LineTo(5, 1e300) })
		add(func(p *render.Path) {
			p.Rect(render.R(nan, 0, 5, 5))
			p.Rect(render.R(-inf, -inf, inf, inf))
			p.Rect(render.R(3, 3, 3, 3))
		})
		add(func(p *render.Path) {
			for k := 0; k < 3*splatMin; k++ {
				x := float64(k%80) - 8
				p.Rect(render.R(x, x/2-4, x+1e-9, x/2+100))
			}
			p.Rect(render.R(nan, nan, nan, nan))
		})
		add(func(p *render.Path) { // concave, then one too big for a batch
			p.MoveTo(0, 0)
			p.LineTo(20, 20)
			p.LineTo(40, 0)
			p.LineTo(20, 40)
			p.Close()
			for k := 0; k < 14000; k++ {
				p.LineTo(float64(k%50), float64(k%37))
			}
		})
		return out
	}
	for _, scale := range []float64{1, 2.5, -1, nan, 1e-300} {
		for _, dst := range []*ebiten.Image{img, nil} {
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("scale %v, image %v: panic: %v", scale, dst != nil, p)
					}
				}()
				c := New(dst, scale)
				c.PopClip()
				c.PushClip(render.R(nan, 0, inf, 10))
				for _, p := range append(paths(), nil) {
					for _, col := range []color.NRGBA{{0, 0, 0, 255}, {200, 0, 0, 100}, {}} {
						c.Fill(p, col)
						for _, w := range []float64{1, 6, -1, nan, inf} {
							c.Stroke(p, render.LineStyle{Width: w, Color: col})
						}
					}
				}
				c.PopClip()
				c.PopClip()
				for _, s := range []string{"", "x", "\xff\xfe", "\u0000\u200b", strings.Repeat("w", 2000)} {
					for _, size := range []float64{12, -3, nan, 1e6} {
						c.Text(10, 10, s, render.TextStyle{Size: size, Color: color.NRGBA{0, 0, 0, 255}, Vertical: size == 12})
						c.Text(nan, inf, s, render.TextStyle{Size: size, Color: color.NRGBA{0, 0, 0, 255}})
					}
				}
				c.Flush()
				c.Flush()
				Draw(dst, nil, scale)
				Draw(dst, sample.Empty(), scale)
			}()
		}
	}
	// The image still draws and reads back.
	img.Clear()
	Draw(img, sample.Empty(), 1)
	_ = ebitentest.ReadPixels(img)
}
