//go:build js

// Command browserbench measures the drawing budget of render/ebitenr in a
// browser: the figure of BenchmarkBudget (a raster of 100 000 spikes above
// 10 traces of 10 000 points, 1200 × 800 pixels) drawn again and again,
// each frame waited for by reading one pixel back, as the native benchmark
// does. It runs inside Ebiten's game loop and leaves its results in
// window.bench for run.mjs to read. Build it with run.sh.
package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"net/http"
	"slices"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/render/internal/sample"
)

const (
	w, h   = 1200, 800
	frames = 30
)

type nullCanvas struct{}

func (nullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (nullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (nullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (nullCanvas) PushClip(render.Rect)                            {}
func (nullCanvas) PopClip()                                        {}

type game struct {
	done bool
	img  *ebiten.Image
}

// measure runs fn frames times after two warm-up runs and returns the
// median and the fastest time, in milliseconds.
func measure(fn func()) (median, best float64) {
	fn()
	fn()
	var ts []float64
	for k := 0; k < frames; k++ {
		t0 := time.Now()
		fn()
		ts = append(ts, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	slices.Sort(ts)
	return ts[len(ts)/2], ts[0]
}

func (g *game) Update() error {
	if g.done {
		return nil
	}
	g.done = true
	out := js.Global().Get("bench")
	px := make([]byte, 4)
	img := ebiten.NewImage(w, h)
	// Waiting for the GPU: copy one pixel to a tiny image and read it.
	tiny := ebiten.NewImage(1, 1)
	corner := img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image)
	wait := func() {
		tiny.DrawImage(corner, nil)
		tiny.ReadPixels(px)
	}
	report := func(name string, fn func()) {
		med, best := measure(fn)
		o := js.Global().Get("Object").New()
		o.Set("median", med)
		o.Set("best", best)
		out.Set(name, o)
	}
	fig := sample.Budget(100000, 10, 10000)
	report("frame", func() { ebitenr.Draw(img, fig, 1); wait() })
	report("geometry", func() { fig.Draw(nullCanvas{}, render.R(0, 0, w, h)) })
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	ic := render.NewImageCanvas(rgba, 1)
	report("imagecanvas", func() { fig.Draw(ic, render.R(0, 0, w, h)) })
	upload := make([]byte, 4*w*h)
	report("upload", func() { img.WritePixels(upload); wait() })
	live := sample.Live(1000000, 10, 100000, 10)
	now := 1.0
	report("live", func() {
		live.SetNow(now)
		ebitenr.Draw(img, live, 1)
		wait()
		now += 1.0 / 60
	})
	g.img = img
	golden(out)
	out.Set("ready", true)
	return nil
}

// golden draws the network sample figure as TestGolden does natively and
// compares it with the native golden image (served beside the page) with
// the same tolerance: no channel off by more than 8 in more than 0.1% of
// the pixels. The result goes to window.bench.golden.
func golden(out js.Value) {
	o := js.Global().Get("Object").New()
	out.Set("golden", o)
	fail := func(err error) { o.Set("error", err.Error()) }
	url := js.Global().Get("location").Get("href").String()
	resp, err := http.Get(url[:len(url)-len("index.html")] + "network.png")
	if err != nil {
		fail(err)
		return
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		fail(fmt.Errorf("network.png: %s", resp.Status))
		return
	}
	want, err := png.Decode(resp.Body)
	if err != nil {
		fail(err)
		return
	}
	var fig *render.Figure
	for _, s := range sample.Figures() {
		if s.Name == "network" {
			fig = s.Fig()
		}
	}
	img := ebiten.NewImage(640, 480)
	ebitenr.Draw(img, fig, 1)
	got := image.NewRGBA(img.Bounds())
	img.ReadPixels(got.Pix)
	w := image.NewRGBA(want.Bounds())
	draw.Draw(w, w.Bounds(), want, want.Bounds().Min, draw.Src)
	if w.Bounds() != got.Bounds() {
		fail(fmt.Errorf("golden is %v, drawn %v", w.Bounds(), got.Bounds()))
		return
	}
	bad, worst := 0, 0
	for k := 0; k < len(got.Pix); k += 4 {
		d := 0
		for c := k; c < k+4; c++ {
			d = max(d, abs(int(got.Pix[c])-int(w.Pix[c])))
		}
		worst = max(worst, d)
		if d > 8 {
			bad++
		}
	}
	o.Set("pixels", len(got.Pix)/4)
	o.Set("bad", bad)
	o.Set("worst", worst)
	o.Set("pass", bad <= len(got.Pix)/4/1000)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func (g *game) Draw(screen *ebiten.Image) {
	if g.img != nil {
		screen.DrawImage(g.img, nil)
	}
}

func (g *game) Layout(int, int) (int, int) { return w, h }

func main() {
	ebiten.SetWindowSize(w, h)
	if err := ebiten.RunGame(&game{}); err != nil {
		js.Global().Get("bench").Set("error", err.Error())
	}
}
