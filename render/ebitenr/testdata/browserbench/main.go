//go:build js

// Command browserbench measures the drawing budget of render/ebitenr in a
// browser: the figure of BenchmarkBudget (a raster of 100 000 spikes above
// 10 traces of 10 000 points, 1200 × 800 pixels) drawn again and again,
// each frame waited for by reading one pixel back, as the native benchmark
// does, in wasm/browserbench's harness (results in window.bench, read
// by its run.mjs). Build and run it with run.sh.
package main

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"math"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
	"github.com/myelin-sim/myelin/render/internal/sample"
	"github.com/myelin-sim/myelin/wasm/browserbench"
)

const w, h = 1200, 800

func main() { browserbench.Run(w, h, bench) }

func bench(b *browserbench.Bench) *ebiten.Image {
	px := make([]byte, 4)
	img := ebiten.NewImage(w, h)
	// Waiting for the GPU: copy one pixel to a tiny image and read it.
	tiny := ebiten.NewImage(1, 1)
	corner := img.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image)
	wait := func() {
		tiny.DrawImage(corner, nil)
		tiny.ReadPixels(px)
	}
	fig := sample.Budget(100000, 10, 10000)
	b.Report("frame", func() { ebitenr.Draw(img, fig, 1); wait() })
	b.Report("geometry", func() { fig.Draw(browserbench.NullCanvas{}, render.R(0, 0, w, h)) })
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	ic := render.NewImageCanvas(rgba, 1)
	b.Report("imagecanvas", func() { fig.Draw(ic, render.R(0, 0, w, h)) })
	upload := make([]byte, 4*w*h)
	b.Report("upload", func() { img.WritePixels(upload); wait() })
	live := sample.Live(1000000, 10, 100000, 10)
	now := 1.0
	b.Report("live", func() {
		live.SetNow(now)
		ebitenr.Draw(img, live, 1)
		wait()
		now += 1.0 / 60
	})
	grow(b, img, wait)
	golden(b.Object("golden"))
	return img
}

// grow times BenchmarkGrow's frames: the budget figure as the app shows a
// run, axes fixed at 0–1 s and the data recorded so far, 1/60 s more
// each frame from 0.2 s to 1 s and round again, drawn whole every frame
// (grow/whole) or, as the app does, only in the strip that changed
// (grow/live, with ebitenr.Live).
func grow(b *browserbench.Bench, img *ebiten.Image, wait func()) {
	r := render.R(0, 0, w, h)
	for _, live := range []bool{false, true} {
		g := sample.NewGrowing(100000, 10, 10000)
		var l ebitenr.Live
		now, prev := 0.2, 0.0
		name := "grow/whole"
		if live {
			name = "grow/live"
		}
		b.Report(name, func() {
			g.At(now)
			if live {
				since := prev
				if now < prev {
					since = math.Inf(-1)
				}
				l.Draw(img, g.Fig, r, 1, since-0.002, now, image.Rectangle{})
			} else {
				ebitenr.Draw(img, g.Fig, 1)
			}
			wait()
			prev = now
			now += 1.0 / 60
			if now > 1 {
				now = 0.2
			}
		})
		if live {
			full, strips, _ := l.Stats()
			b.Set("grow/live/wholeShare", float64(full)/float64(full+strips))
		}
		l.Deallocate()
	}
}

// golden draws the network sample figure as TestGolden does natively and
// compares it with the native golden image (served beside the page) with
// the same tolerance: no channel off by more than 8 in more than 0.1% of
// the pixels. The result goes to o (window.bench.golden).
func golden(o js.Value) {
	fail := func(err error) { o.Set("error", err.Error()) }
	data, err := browserbench.Fetch("network.png")
	if err != nil {
		fail(err)
		return
	}
	want, err := png.Decode(bytes.NewReader(data))
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
	bad, worst := ebitentest.Diff(got, w, 8)
	o.Set("pixels", len(got.Pix)/4)
	o.Set("bad", bad)
	o.Set("worst", worst)
	o.Set("pass", bad <= len(got.Pix)/4/1000)
}
