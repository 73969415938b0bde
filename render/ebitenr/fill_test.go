package ebitenr

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
)

// coverage returns the share of each pixel of img covered by black drawn
// on white (0 to 1), read from the red channel.
func coverage(img *image.RGBA) []float64 {
	b := img.Bounds()
	cov := make([]float64, 0, b.Dx()*b.Dy())
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			cov = append(cov, 1-float64(img.RGBAAt(x, y).R)/255)
		}
	}
	return cov
}

// fillBoth fills p in black on white, w × h logical pixels at scale,
// through Ebiten and through render's image back-end, and returns what
// each covers per pixel.
func fillBoth(p *render.Path, w, h int, scale float64) (ebit, ref []float64) {
	iw, ih := int(float64(w)*scale+0.5), int(float64(h)*scale+0.5)
	img := ebiten.NewImage(iw, ih)
	defer img.Deallocate()
	img.Fill(color.White)
	c := New(img, scale)
	c.Fill(p, color.NRGBA{0, 0, 0, 255})
	c.Flush()
	rgba := image.NewRGBA(image.Rect(0, 0, iw, ih))
	for k := range rgba.Pix {
		rgba.Pix[k] = 255
	}
	render.NewImageCanvas(rgba, scale).Fill(p, color.NRGBA{0, 0, 0, 255})
	return coverage(ebitentest.ReadPixels(img)), coverage(rgba)
}

// TestPolygonEdges fills convex polygons with slanted edges, in both
// windings, and compares them with render's image back-end, which
// computes each pixel's covered area exactly: Ebiten's bands must
// anti-alias the edges (pixels partly covered, about as many as the
// reference has) and put them where the reference does. Their linear
// ramp is the exact area for an edge along an axis and within 0.05 of it
// at 45°, so along the edges no pixel may be off by more than 0.1 (a
// fringe only outside the polygon, its inside solid up to the edge, is
// off by up to half); at a corner, which the bands bevel, by 0.15; and
// the ink as a whole (the summed coverage) by 2% of the number of edge
// pixels. A fringe inside the polygon leaves no pixel partly covered at
// all. A sliver under a pixel across cannot be shrunk and is drawn at
// least a pixel wide, as thin lines are: its edges are anti-aliased, and
// it has more ink than its area, but under twice.
func TestPolygonEdges(t *testing.T) {
	quad := []render.Point{{X: 12.3, Y: 10.2}, {X: 70.6, Y: 22.7}, {X: 61.1, Y: 68.4}, {X: 18.9, Y: 51.3}}
	tri := []render.Point{{X: 8.5, Y: 70.1}, {X: 40.2, Y: 6.7}, {X: 74.8, Y: 55.5}}
	thin := []render.Point{{X: 10, Y: 10}, {X: 70, Y: 40.3}, {X: 69.6, Y: 41.1}}
	for _, tc := range []struct {
		name   string
		pts    []render.Point
		scale  float64
		sliver bool
	}{
		{"quad", quad, 1, false}, {"triangle", tri, 1, false}, {"quad@2x", quad, 2, false},
		{"sliver", thin, 1, true},
	} {
		for _, reverse := range []bool{false, true} {
			name := fmt.Sprintf("%s/reverse=%v", tc.name, reverse)
			t.Run(name, func(t *testing.T) {
				var p render.Path
				for k := range tc.pts {
					q := tc.pts[k]
					if reverse {
						q = tc.pts[len(tc.pts)-1-k]
					}
					if k == 0 {
						p.MoveTo(q.X, q.Y)
					} else {
						p.LineTo(q.X, q.Y)
					}
				}
				p.Close()
				got, want := fillBoth(&p, 80, 80, tc.scale)
				w := int(80 * tc.scale)
				partlyCovered := func(v float64) bool { return v > 0.03 && v < 0.97 }
				pg, pw, edge := 0, 0, 0
				worstEdge, worstCorner, sg, sw := 0.0, 0.0, 0.0, 0.0
				for k := range got {
					sg += got[k]
					sw += want[k]
					if partlyCovered(got[k]) {
						pg++
					}
					if partlyCovered(want[k]) {
						pw++
					}
					if partlyCovered(got[k]) || partlyCovered(want[k]) {
						edge++
					}
					// Pixels within 1.5 pixels of a corner are the corner's.
					x, y := float64(k%w)+0.5, float64(k/w)+0.5
					corner := false
					for _, q := range tc.pts {
						corner = corner || math.Hypot(q.X*tc.scale-x, q.Y*tc.scale-y) < 1.5
					}
					d := math.Abs(got[k] - want[k])
					if corner {
						worstCorner = math.Max(worstCorner, d)
					} else {
						worstEdge = math.Max(worstEdge, d)
					}
				}
				t.Logf("partly covered: %d (image back-end %d); worst pixel: %.3f along the edges, %.3f at corners; ink %.1f (%.1f)",
					pg, pw, worstEdge, worstCorner, sg, sw)
				if pg < pw*3/5 {
					t.Errorf("%d pixels partly covered, image back-end %d: edges not anti-aliased", pg, pw)
				}
				if tc.sliver {
					if sg < sw || sg > 2*sw {
						t.Errorf("ink %.1f, image back-end %.1f: want between once and twice as much", sg, sw)
					}
					return
				}
				if worstEdge > 0.1 {
					t.Errorf("a pixel along an edge is off by %.3f from the image back-end's coverage", worstEdge)
				}
				if worstCorner > 0.15 {
					t.Errorf("a pixel at a corner is off by %.3f from the image back-end's coverage", worstCorner)
				}
				if d := math.Abs(sg - sw); d > 0.02*float64(edge) {
					t.Errorf("ink %.1f, image back-end %.1f: off by %.1f pixels over %d edge pixels", sg, sw, d, edge)
				}
			})
		}
	}
}

// TestTranslucentPolygon fills a convex polygon in a translucent colour,
// which goes straight to the image, without a layer: its fan and its
// bands must tile it, no pixel drawn twice, so none is darker than its
// inside, and the inside is the colour laid once over white.
func TestTranslucentPolygon(t *testing.T) {
	img := ebiten.NewImage(80, 80)
	defer img.Deallocate()
	img.Fill(color.White)
	c := New(img, 1)
	var p render.Path
	p.MoveTo(12.3, 10.2)
	p.LineTo(70.6, 22.7)
	p.LineTo(61.1, 68.4)
	p.LineTo(18.9, 51.3)
	p.Close()
	c.Fill(&p, color.NRGBA{0, 0, 0, 128})
	c.Flush()
	got := ebitentest.ReadPixels(img)
	inside := got.RGBAAt(40, 40).R
	if d := abs(int(inside) - 127); d > 2 {
		t.Errorf("half-black over white is %d, want 127", inside)
	}
	for y := 0; y < 80; y++ {
		for x := 0; x < 80; x++ {
			if v := got.RGBAAt(x, y).R; int(v)+1 < int(inside) {
				t.Fatalf("pixel (%d, %d) is %d, darker than the inside (%d): drawn twice", x, y, v, inside)
			}
		}
	}
}

// TestSplatChoice checks which Fills of rectangles are painted on the CPU
// (see splatCheaper): many tiny dots are, a few hundred large bars or a
// few thousand dots are not, and once a buffer is being painted, more
// dots inside it join it; the groups of a raster, each a band of rows,
// are painted each in a buffer of its band. (How fast each way is, BenchmarkFillRects measures.)
func TestSplatChoice(t *testing.T) {
	img := ebiten.NewImage(budgetW, budgetH)
	defer img.Deallocate()
	col := color.NRGBA{0x1f, 0x77, 0xb4, 255}
	dots := rectsPath(100000, 1.5, [2]float64{1.5, 1.5})
	few := rectsPath(3000, 1.5, [2]float64{1.5, 1.5})
	bars := rectsPath(1000, 6, [2]float64{10, 400})
	some := rectsPath(400, 1.5, [2]float64{1.5, 1.5})
	// A raster of 12 groups of neurons in colours of their own: bands of
	// rows, each a Fill of 8000 dots, each painted into a buffer of its
	// own band.
	var groups []*render.Path
	for g := 0; g < 12; g++ {
		p := rectsPath(8000, 1.5, [2]float64{1.5, 1.5})
		for k := 0; k+1 < len(p.Pts); k += 2 {
			y := p.Pts[k].Y/12 + float64(g*budgetH/12)
			p.Pts[k].Y, p.Pts[k+1].Y = y, y+1.5
		}
		groups = append(groups, p)
	}
	c := New(img, 1)
	for _, tc := range []struct {
		name  string
		paths []*render.Path
		splat bool // whether each Fill is painted (or, if not, the last is not)
	}{
		{"100000 dots", []*render.Path{dots}, true},
		{"3000 dots", []*render.Path{few}, false},
		{"1000 bars", []*render.Path{bars}, false},
		{"400 dots", []*render.Path{some}, false},
		{"400 dots after 100000", []*render.Path{dots, some}, true},
		{"100000 dots at scale 2", nil, true},
		{"12 groups of 8000 dots", groups, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Reset(img, 1)
			if tc.paths == nil {
				c.Reset(img, 2)
				c.PushClip(render.R(0, 0, budgetW/2, budgetH/2))
				tc.paths = []*render.Path{dots}
			}
			for k, p := range tc.paths {
				c.Fill(p, col)
				if tc.splat && !c.ink.active {
					t.Errorf("Fill %d: not painted on the CPU", k)
				}
			}
			if c.ink.active != tc.splat {
				t.Errorf("painted on the CPU: %v, want %v", c.ink.active, tc.splat)
			}
			c.Flush()
		})
	}
}
