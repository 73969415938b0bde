package ebitenr

import (
	"image"
	"image/color"
	"math"
	"sync"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/internal/sample"
)

// The drawing budget: a raster of 100 000 spikes above 10 traces of 10 000
// points each, in a window of 1200 × 800 pixels, must redraw in well
// under a frame (docs/performance.md has the numbers). Besides ns/op, the
// wall time, each reports cpu-ms/op, the CPU time of the whole process
// (GPU driver threads included). Run with
//
//	xvfb-run -a go test ./render/ebitenr -run X -bench Budget
//
// Each sub-benchmark is one frame:
//   - frame: Draw, then wait for the GPU (reading back one pixel), as a
//     real frame must before it is shown;
//   - geometry: render's own part, the figure drawn on a canvas that
//     discards everything;
//   - triangles: a baseline, Ebiten's own DrawTriangles of as many
//     triangles in as many calls as a frame sends, built once, and the
//     wait;
//   - imagecanvas: a baseline, render's pure-Go image back-end drawing the
//     same figure.
const (
	budgetW, budgetH = 1200, 800
	budgetSpikes     = 100000
	budgetTraces     = 10
	budgetPoints     = 10000
)

// nullCanvas discards everything drawn on it.
type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

// waitGPU waits until the GPU has drawn everything sent to img: it copies
// one pixel of img to a tiny image and reads that back, which cannot
// finish before img is drawn (reading img itself would copy all of it).
func waitGPU(img *ebiten.Image, px []byte) {
	tinyOnce.Do(func() { tiny = ebiten.NewImage(1, 1) })
	tiny.DrawImage(img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image), nil)
	tiny.ReadPixels(px)
}

var (
	tinyOnce sync.Once
	tiny     *ebiten.Image
)

// loop runs fn in b's loop and reports, beside the wall time, the CPU time
// of the whole process per operation (cpu-ms/op), where it can be had.
func loop(b *testing.B, fn func()) {
	c0, ok := cpuTime()
	for b.Loop() {
		fn()
	}
	if c1, ok1 := cpuTime(); ok && ok1 {
		b.ReportMetric(float64(c1-c0)/float64(b.N)/1e6, "cpu-ms/op")
	}
}

func BenchmarkBudget(b *testing.B) {
	f := sample.Budget(budgetSpikes, budgetTraces, budgetPoints)
	img := ebiten.NewImage(budgetW, budgetH)
	defer img.Deallocate()
	px := make([]byte, 4)
	b.Run("frame", func(b *testing.B) {
		Draw(img, f, 1)
		waitGPU(img, px)
		b.ReportAllocs()
		loop(b, func() {
			Draw(img, f, 1)
			waitGPU(img, px)
		})
	})
	b.Run("geometry", func(b *testing.B) {
		b.ReportAllocs()
		loop(b, func() {
			f.Draw(nullCanvas{}, render.R(0, 0, budgetW, budgetH))
		})
	})
	b.Run("triangles", func(b *testing.B) {
		// The triangles of one frame of the budget figure, in batches as
		// the canvas sends them.
		c := New(img, 1)
		f.Draw(c, render.R(0, 0, budgetW, budgetH))
		tris, calls := c.Stats()
		c.Reset(nil, 1)
		per := tris / calls
		vs := make([]ebiten.Vertex, 0, 3*per/2+2)
		is := make([]uint16, 0, 3*per)
		for k := 0; len(is) < 3*per; k++ {
			x, y := float32(k%1000)+100, float32(k/1000%700)+50
			v := uint16(len(vs))
			vs = append(vs,
				ebiten.Vertex{DstX: x, DstY: y, SrcX: 1, SrcY: 1, ColorB: 0.7, ColorA: 1},
				ebiten.Vertex{DstX: x + 1.5, DstY: y, SrcX: 1, SrcY: 1, ColorB: 0.7, ColorA: 1},
				ebiten.Vertex{DstX: x + 1.5, DstY: y + 1.5, SrcX: 1, SrcY: 1, ColorB: 0.7, ColorA: 1},
				ebiten.Vertex{DstX: x, DstY: y + 1.5, SrcX: 1, SrcY: 1, ColorB: 0.7, ColorA: 1})
			is = append(is, v, v+1, v+2, v, v+2, v+3)
		}
		vs = append(vs, ebiten.Vertex{SrcX: 1, SrcY: 1}, ebiten.Vertex{DstX: budgetW, DstY: budgetH, SrcX: 1, SrcY: 1})
		op := &ebiten.DrawTrianglesOptions{}
		b.ReportMetric(float64(tris), "triangles/op")
		b.ReportMetric(float64(calls), "calls/op")
		loop(b, func() {
			img.Fill(color.White)
			for k := 0; k < calls; k++ {
				img.DrawTriangles(vs, is, whiteSubImage(), op)
			}
			waitGPU(img, px)
		})
	})
	b.Run("imagecanvas", func(b *testing.B) {
		rgba := image.NewRGBA(image.Rect(0, 0, budgetW, budgetH))
		c := render.NewImageCanvas(rgba, 1)
		b.ReportAllocs()
		loop(b, func() {
			f.Draw(c, render.R(0, 0, budgetW, budgetH))
		})
	})
}

// BenchmarkLive draws the budget figure as a live view: the last second
// of a ten-second recording of a million spikes, scrolled on by one 60 Hz
// frame of simulated time per frame, so that the window slides over new
// data every time.
func BenchmarkLive(b *testing.B) {
	f := sample.Live(10*budgetSpikes, budgetTraces, 10*budgetPoints, 10)
	img := ebiten.NewImage(budgetW, budgetH)
	defer img.Deallocate()
	px := make([]byte, 4)
	now := 1.0
	b.ReportAllocs()
	loop(b, func() {
		f.SetNow(now)
		Draw(img, f, 1)
		waitGPU(img, px)
		now += 1.0 / 60
		if now > 10 {
			now = 1
		}
	})
}

// The white image that the baseline's triangles take their colour from,
// made on first use: an image cannot be made before Ebiten starts.
var (
	whiteOnce sync.Once
	whiteSub  *ebiten.Image
)

func whiteSubImage() *ebiten.Image {
	whiteOnce.Do(func() {
		img := ebiten.NewImage(3, 3)
		img.Fill(color.White)
		whiteSub = img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	})
	return whiteSub
}

// BenchmarkGrow draws the budget figure as the app shows a run: the time
// axis fixed at [0, 1] s, the data recorded so far, and each frame 1/60 s
// more of them (100 000 spikes and 10 × 10 000 samples by the end).
// whole draws every frame whole (ebitenr.Draw, as before Live); live draws
// it through a Live, which draws again only the strip that changed. Each
// op is one frame and the wait for the GPU; the time runs from 0.2 s to
// 1 s and round again, so frames come from the whole run.
func BenchmarkGrow(b *testing.B) {
	for _, live := range []bool{false, true} {
		name := "whole"
		if live {
			name = "live"
		}
		b.Run(name, func(b *testing.B) {
			g := sample.NewGrowing(budgetSpikes, budgetTraces, budgetPoints)
			img := ebiten.NewImage(budgetW, budgetH)
			defer img.Deallocate()
			px := make([]byte, 4)
			var l Live
			defer l.Deallocate()
			r := render.R(0, 0, budgetW, budgetH)
			now, prev := 0.2, 0.0
			frame := func() {
				g.At(now)
				if live {
					since := prev
					if now < prev {
						since = math.Inf(-1)
					}
					l.Draw(img, g.Fig, r, 1, since-0.002, now, image.Rectangle{})
				} else {
					Draw(img, g.Fig, 1)
				}
				waitGPU(img, px)
				prev = now
				now += 1.0 / 60
				if now > 1 {
					now = 0.2
				}
			}
			frame()
			b.ReportAllocs()
			loop(b, frame)
			if live {
				full, strips, _ := l.Stats()
				b.ReportMetric(float64(full)/float64(full+strips), "whole/frame")
			}
		})
	}
}

// fillRectsCases are the Fills of BenchmarkFillRects: the dots of a raster
// (100 000 spikes of 1.5 × 1.5 pixels), which are painted on the CPU, and
// the bars of a dendrogram (1 000 of 6 pixels by 10 to 400), which are
// drawn as triangles.
var fillRectsCases = []struct {
	name string
	n    int
	w    float64
	h    [2]float64 // the heights range over [h[0], h[1])
}{
	{"dots", 100000, 1.5, [2]float64{1.5, 1.5}},
	{"bars", 1000, 6, [2]float64{10, 400}},
}

// rectsPath returns n rectangles w wide and h[0] to h[1] high, spread
// over a budgetW × budgetH image by a fixed sequence.
func rectsPath(n int, w float64, h [2]float64) *render.Path {
	var p render.Path
	x, y := 0.37, 0.71
	for k := 0; k < n; k++ {
		x, y = math.Mod(x+0.6180339887, 1), math.Mod(y+0.4142135624, 1)
		hk := h[0] + (h[1]-h[0])*math.Mod(float64(k)*0.7548776662, 1)
		x0, y0 := x*(budgetW-w), y*(budgetH-hk)
		p.Rect(render.R(x0, y0, x0+w, y0+hk))
	}
	return &p
}

// BenchmarkFillRects times one Fill of many rectangles on a budgetW ×
// budgetH image, and the wait for the GPU: as Fill chooses (auto), and
// forced onto the CPU (splat) and into triangles (triangles), so that the
// choice can be checked against both.
func BenchmarkFillRects(b *testing.B) {
	img := ebiten.NewImage(budgetW, budgetH)
	defer img.Deallocate()
	px := make([]byte, 4)
	col := color.NRGBA{0x1f, 0x77, 0xb4, 255}
	for _, fc := range fillRectsCases {
		p := rectsPath(fc.n, fc.w, fc.h)
		for _, how := range []string{"auto", "splat", "triangles"} {
			b.Run(fc.name+"/"+how, func(b *testing.B) {
				c := New(img, 1)
				frame := func() {
					c.Reset(img, 1)
					switch how {
					case "auto":
						c.Fill(p, col)
					case "splat":
						c.splatRects(p, col, c.currentClip())
					case "triangles":
						c.fillShapes(p, col)
					}
					c.Flush()
					waitGPU(img, px)
				}
				frame()
				b.ReportAllocs()
				loop(b, frame)
			})
		}
	}
}
