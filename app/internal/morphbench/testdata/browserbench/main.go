//go:build js

// Command browserbench measures a frame of a morphology view in a
// browser, as BenchmarkFrame does natively: the largest reconstruction in
// ../shared/morphologies (served beside the page as morph.swc) and a
// generated tree of 8 185 compartments, in the XY, perspective and
// dendrogram views, coloured by a spike travelling along the tree, each
// frame waited for by reading one pixel back. It runs inside Ebiten's
// game loop and leaves its results (milliseconds: the median and the
// fastest of 30 frames after two warm-up frames) in window.bench for
// run.mjs to read. Build and run it with run.sh.
package main

import (
	"fmt"
	"image/color"
	"io"
	"net/http"
	"slices"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app/internal/morphbench"
	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
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

// swc reads the reconstruction served beside the page.
func swc() (*morph.Section, error) {
	url := js.Global().Get("location").Get("href").String()
	resp, err := http.Get(url[:len(url)-len("index.html")] + "morph.swc")
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("morph.swc: %s", resp.Status)
	}
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	return morph.ParseSWC(data, morph.SWCOptions{})
}

func (g *game) Update() error {
	if g.done {
		return nil
	}
	g.done = true
	out := js.Global().Get("bench")
	px := make([]byte, 4)
	img := ebiten.NewImage(w, h)
	report := func(name string, fn func()) {
		med, best := measure(fn)
		o := js.Global().Get("Object").New()
		o.Set("median", med)
		o.Set("best", best)
		out.Set(name, o)
	}
	type tree struct {
		name string
		root *morph.Section
	}
	var trees []tree
	if root, err := swc(); err == nil {
		trees = append(trees, tree{"swc", root})
	} else {
		out.Set("swcError", err.Error())
	}
	trees = append(trees, tree{"tree8k", morphbench.BinaryTree(10, 8)})
	var c *ebitenr.Canvas
	for _, t := range trees {
		wave := morphbench.NewWave(t.root)
		out.Set(t.name+"Compartments", t.root.TotalCompartments())
		for _, p := range []morphviz.Projection{morphviz.XY, morphviz.Perspective, morphviz.Dendrogram} {
			view := morphbench.VView(t.root, p)
			turn := func() {
				if p == morphviz.Perspective {
					view.Rotate(0.01, 0)
				}
			}
			report(t.name+"/"+p.String()+"/frame", func() {
				turn()
				c = morphbench.Draw(img, c, view, wave.Next(), 1)
				morphbench.WaitGPU(img, px)
			})
			report(t.name+"/"+p.String()+"/geometry", func() {
				turn()
				view.Draw(nullCanvas{}, render.R(0, 0, w, h), wave.Next())
			})
		}
		report(t.name+"/empty", func() {
			img.Fill(color.White)
			morphbench.WaitGPU(img, px)
		})
	}
	g.img = img
	out.Set("ready", true)
	return nil
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
