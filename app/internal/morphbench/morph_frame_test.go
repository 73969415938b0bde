package morphbench

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
)

func TestMain(m *testing.M) { ebitentest.Main(m, "morphbench") }

// shared is where the project's real morphologies are (DESIGN.md): the
// benchmarks read them there and never copy them into the repository.
var shared = filepath.Join("..", "..", "..", "..", "shared", "morphologies")

// largestSWC returns the reconstruction with the most compartments in
// ../shared/morphologies and its name, or nil when there is none.
func largestSWC() (*morph.Section, string) {
	files, _ := filepath.Glob(filepath.Join(shared, "*.swc"))
	var best *morph.Section
	name := ""
	for _, f := range files {
		root, err := morph.LoadSWC(f, morph.SWCOptions{})
		if err == nil && (best == nil || root.TotalCompartments() > best.TotalCompartments()) {
			best, name = root, filepath.Base(f)
		}
	}
	return best, name
}

// The frames measured: 1200 × 800 logical pixels, the size of render/
// ebitenr's drawing budget, at a device scale of 1.
const frameW, frameH = 1200, 800

// nullCanvas discards everything drawn on it.
type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

// loop runs fn in b's loop and reports, beside the wall time, the CPU time
// of the whole process per frame (cpu-ms/op), where it can be had: on a
// machine shared with other work it is the steadier measure, and it
// includes llvmpipe's rasterizer threads.
func loop(b *testing.B, fn func()) {
	c0, ok := cpuTime()
	for b.Loop() {
		fn()
	}
	if c1, ok1 := cpuTime(); ok && ok1 {
		b.ReportMetric(float64(c1-c0)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

// BenchmarkFrame measures a frame of a morphology view drawn with Ebiten
// as the app draws it: coloured by v, fixed to −80..50 mV, with a spike
// travelling along the tree so that colours change every frame (and, in
// perspective, turned by a drag's worth every frame). For the largest
// reconstruction in ../shared/morphologies and for a generated tree of
// 8 185 compartments, in the XY, perspective and dendrogram views, each
// sub-benchmark is one frame:
//   - frame: the view drawn on an ebitenr.Canvas, flushed, and the GPU
//     waited for (a pixel read back), as a real frame must before it is
//     shown;
//   - canvas: the view drawn on an ebitenr.Canvas whose triangles are
//     then dropped instead of sent: the CPU's part of a frame on a GPU
//     (Ebiten's own part aside);
//   - geometry: morphviz's own part, the view drawn on a canvas that
//     discards everything;
//   - empty: a baseline, the image cleared and the GPU waited for, the
//     least any frame costs.
//
// Run with
//
//	xvfb-run -a go test ./app/internal/morphbench -run X -bench Frame
func BenchmarkFrame(b *testing.B) {
	type tree struct {
		name string
		root *morph.Section
	}
	var trees []tree
	if root, _ := largestSWC(); root != nil {
		trees = append(trees, tree{"swc", root})
	} else {
		b.Logf("no SWC files in %s: only the generated tree", shared)
	}
	trees = append(trees, tree{"tree8k", BinaryTree(10, 8)})
	img := ebiten.NewImage(frameW, frameH)
	defer img.Deallocate()
	px := make([]byte, 4)
	for _, t := range trees {
		w := NewWave(t.root)
		for _, p := range []morphviz.Projection{morphviz.XY, morphviz.Perspective, morphviz.Dendrogram} {
			view := VView(t.root, p)
			turn := func() {
				if p == morphviz.Perspective {
					view.Rotate(0.01, 0)
				}
			}
			b.Run(t.name+"/"+p.String()+"/frame", func(b *testing.B) {
				var c *ebitenr.Canvas
				c = Draw(img, c, view, w.Next(), 1)
				WaitGPU(img, px)
				b.ReportAllocs()
				loop(b, func() {
					turn()
					c = Draw(img, c, view, w.Next(), 1)
					WaitGPU(img, px)
				})
				// After the loop: b.Loop's start clears reported metrics.
				tris, calls := c.Stats()
				b.ReportMetric(float64(view.Compartments()), "compartments")
				b.ReportMetric(float64(tris), "triangles/op")
				b.ReportMetric(float64(calls), "calls/op")
			})
			b.Run(t.name+"/"+p.String()+"/canvas", func(b *testing.B) {
				// The triangles built and dropped: the frame's CPU work
				// before the GPU (Ebiten's own part aside).
				c := ebitenr.New(img, 1)
				r := render.R(0, 0, frameW, frameH)
				b.ReportAllocs()
				loop(b, func() {
					turn()
					c.Reset(img, 1)
					view.Draw(c, r, w.Next())
					c.Reset(nil, 1)
				})
			})
			b.Run(t.name+"/"+p.String()+"/geometry", func(b *testing.B) {
				r := render.R(0, 0, frameW, frameH)
				b.ReportAllocs()
				loop(b, func() {
					turn()
					view.Draw(nullCanvas{}, r, w.Next())
				})
			})
		}
		b.Run(t.name+"/empty", func(b *testing.B) {
			loop(b, func() {
				img.Fill(color.White)
				WaitGPU(img, px)
			})
		})
	}
}

// TestSameAsImageCanvas checks that what the benchmarks time is the
// picture: each view of the largest reconstruction (or, without it, of a
// generated tree), drawn through Ebiten, matches render's image back-end
// drawing the same view but for anti-aliasing, the one thing the two
// back-ends do differently.
func TestSameAsImageCanvas(t *testing.T) {
	root, _ := largestSWC()
	if root == nil {
		root = BinaryTree(6, 4)
	}
	const w, h = 600, 400
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	w0 := NewWave(root)
	vals := w0.Next()
	for _, p := range []morphviz.Projection{morphviz.XY, morphviz.Perspective, morphviz.Dendrogram} {
		t.Run(p.String(), func(t *testing.T) {
			view := VView(root, p)
			Draw(img, nil, view, vals, 1)
			got := image.NewRGBA(image.Rect(0, 0, w, h))
			img.ReadPixels(got.Pix)
			want := image.NewRGBA(image.Rect(0, 0, w, h))
			view.Draw(render.NewImageCanvas(want, 1), render.R(0, 0, w, h), vals)
			bad, ink := 0, 0
			for k := 0; k < len(want.Pix); k += 4 {
				d := 0
				for c := k; c < k+3; c++ {
					d = max(d, abs(int(got.Pix[c])-int(want.Pix[c])))
				}
				if d > 64 {
					bad++
				}
				if want.Pix[k] < 200 || want.Pix[k+1] < 200 || want.Pix[k+2] < 200 {
					ink++
				}
			}
			t.Logf("%d of %d inked pixels differ by more than 64", bad, ink)
			if dir := os.Getenv("MORPHBENCH_PNG"); dir != "" {
				writePNG(t, filepath.Join(dir, p.String()+"_ebiten.png"), got)
				writePNG(t, filepath.Join(dir, p.String()+"_image.png"), want)
			}
			if ink < 1000 || bad > ink/20 {
				t.Errorf("%d of %d inked pixels differ by more than 64 from the image back-end's", bad, ink)
			}
		})
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// writePNG writes img to path (MORPHBENCH_PNG=dir keeps both pictures
// of TestSameAsImageCanvas there, to look at).
func writePNG(t *testing.T, path string, img image.Image) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
