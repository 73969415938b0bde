// Package ebitentest holds what the tests of Ebiten drawing share
// (render/ebitenr, app/internal/morphbench and the browser benchmark):
// running a package's tests inside Ebiten's game loop, where images can
// be read back, reading an image back, and comparing two images pixel by
// pixel.
package ebitentest

import (
	"fmt"
	"image"
	"os"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"
)

// Main runs m's tests inside Ebiten's game loop (the pattern of Ebiten's
// own tests: images can be read back only while it runs) and exits with
// their code; a TestMain calls it. name prefixes the error when Ebiten
// cannot start (no display: run the tests under xvfb-run).
func Main(m *testing.M, name string) {
	g := &game{m: m, code: 1}
	ebiten.SetWindowSize(16, 16)
	ebiten.SetVsyncEnabled(false)
	op := &ebiten.RunGameOptions{InitUnfocused: true, SkipTaskbar: true}
	if err := ebiten.RunGameWithOptions(g, op); err != nil {
		fmt.Fprintln(os.Stderr, name+": cannot start Ebiten:", err)
		os.Exit(1)
	}
	os.Exit(g.code)
}

type game struct {
	m    *testing.M
	code int
}

func (g *game) Update() error {
	g.code = g.m.Run()
	return ebiten.Termination
}

func (g *game) Draw(*ebiten.Image) {}

func (g *game) Layout(int, int) (int, int) { return 16, 16 }

// ReadPixels copies img from the GPU.
func ReadPixels(img *ebiten.Image) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	img.ReadPixels(out.Pix)
	return out
}

// Diff counts the pixels of a and b (of the same size) whose channels
// differ by more than tol, and returns the largest difference.
func Diff(a, b *image.RGBA, tol int) (bad, worst int) {
	for k := 0; k < len(a.Pix); k += 4 {
		d := 0
		for c := k; c < k+4; c++ {
			d = max(d, abs(int(a.Pix[c])-int(b.Pix[c])))
		}
		worst = max(worst, d)
		if d > tol {
			bad++
		}
	}
	return bad, worst
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
