//go:build js

// Command browserbench measures a frame of a morphology view in a
// browser, as BenchmarkFrame does natively: the largest reconstruction in
// ../shared/morphologies (served beside the page as morph.swc) and a
// generated tree of 8 185 compartments, in the XY, perspective and
// dendrogram views, coloured by a spike travelling along the tree, each
// frame waited for by reading one pixel back, in wasm/browserbench's
// harness (milliseconds: the median and the fastest of 30 frames after
// two warm-up frames, in window.bench). Build and run it with run.sh.
package main

import (
	"image/color"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app/internal/morphbench"
	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/morphviz"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/wasm/browserbench"
)

const w, h = 1200, 800

func main() { browserbench.Run(w, h, bench) }

// swc reads the reconstruction served beside the page.
func swc() (*morph.Section, error) {
	data, err := browserbench.Fetch("morph.swc")
	if err != nil {
		return nil, err
	}
	return morph.ParseSWC(data, morph.SWCOptions{})
}

func bench(b *browserbench.Bench) *ebiten.Image {
	px := make([]byte, 4)
	img := ebiten.NewImage(w, h)
	type tree struct {
		name string
		root *morph.Section
	}
	var trees []tree
	if root, err := swc(); err == nil {
		trees = append(trees, tree{"swc", root})
	} else {
		b.Set("swcError", err.Error())
	}
	trees = append(trees, tree{"tree8k", morphbench.BinaryTree(10, 8)})
	var c *ebitenr.Canvas
	for _, t := range trees {
		wave := morphbench.NewWave(t.root)
		b.Set(t.name+"Compartments", t.root.TotalCompartments())
		for _, p := range []morphviz.Projection{morphviz.XY, morphviz.Perspective, morphviz.Dendrogram} {
			view := morphbench.VView(t.root, p)
			turn := func() {
				if p == morphviz.Perspective {
					view.Rotate(0.01, 0)
				}
			}
			b.Report(t.name+"/"+p.String()+"/frame", func() {
				turn()
				c = morphbench.Draw(img, c, view, wave.Next(), 1)
				morphbench.WaitGPU(img, px)
			})
			b.Report(t.name+"/"+p.String()+"/geometry", func() {
				turn()
				view.Draw(browserbench.NullCanvas{}, render.R(0, 0, w, h), wave.Next())
			})
		}
		b.Report(t.name+"/empty", func() {
			img.Fill(color.White)
			morphbench.WaitGPU(img, px)
		})
	}
	return img
}
