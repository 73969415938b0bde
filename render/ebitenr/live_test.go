package ebitenr

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
	"github.com/myelin-sim/myelin/render/internal/sample"
)

// TestLiveSameAsWhole grows the budget figure frame by frame through a
// Live, which redraws only a strip each frame, and compares the picture
// with the same figure drawn whole: it must look the same, within
// TestGolden's tolerance (in fact the strips draw the very same pixels).
// Frames of several sizes are tried, at device scales 1 and 2, on a
// destination that is not at the origin.
func TestLiveSameAsWhole(t *testing.T) {
	for _, tc := range []struct {
		frames int
		scale  float64
	}{{60, 1}, {7, 1}, {25, 2}} {
		t.Run(fmt.Sprintf("%dframes@%gx", tc.frames, tc.scale), func(t *testing.T) {
			g := sample.NewGrowing(20000, 3, 4000)
			w, h := int(700*tc.scale), int(500*tc.scale)
			dst := ebiten.NewImage(w, h)
			defer dst.Deallocate()
			whole := ebiten.NewImage(w, h)
			defer whole.Deallocate()
			r := render.R(13, 21, 680, 490)
			var l Live
			defer l.Deallocate()
			prev := 0.0
			for k := 0; k <= tc.frames; k++ {
				now := float64(k) / float64(tc.frames) * 0.8
				g.At(now)
				dst.Fill(color.White)
				l.Draw(dst, g.Fig, r, tc.scale, prev-0.002, now, image.Rectangle{})
				prev = now
			}
			full, strips, _ := l.Stats()
			if strips < tc.frames/2 {
				t.Errorf("%d frames: %d whole and %d strips, want mostly strips", tc.frames, full, strips)
			}
			whole.Fill(color.White)
			c := New(whole, tc.scale)
			g.Fig.Draw(c, r)
			c.Flush()
			got, want := ebitentest.ReadPixels(dst), ebitentest.ReadPixels(whole)
			bad, worst := ebitentest.Diff(got, want, 8)
			if n := w * h; bad > n/1000 {
				dir := filepath.Join(os.TempDir(), "ebitenr-live")
				os.MkdirAll(dir, 0o755)
				writePNG(t, filepath.Join(dir, "live.png"), got)
				writePNG(t, filepath.Join(dir, "whole.png"), want)
				t.Errorf("%d of %d pixels differ by more than 8 (worst %d); images in %s", bad, n, worst, dir)
			}
			t.Logf("%d whole, %d strips; %d pixels differ by more than 8 (worst %d)", full, strips, bad, worst)
		})
	}
}

// TestLiveRedrawsWhole checks that what a strip cannot show is drawn
// whole: an axis that moves, a reset (since = -Inf), another size.
func TestLiveRedrawsWhole(t *testing.T) {
	g := sample.NewGrowing(5000, 2, 2000)
	dst := ebiten.NewImage(600, 400)
	defer dst.Deallocate()
	r := render.R(0, 0, 600, 400)
	var l Live
	defer l.Deallocate()
	step := func(since, now float64) (int, int) {
		g.At(now)
		l.Draw(dst, g.Fig, r, 1, since, now, image.Rectangle{})
		full, strips, _ := l.Stats()
		return full, strips
	}
	if f, s := step(math.Inf(-1), 0.1); f != 1 || s != 0 {
		t.Fatalf("first frame: %d whole, %d strips", f, s)
	}
	if f, s := step(0.1, 0.15); f != 1 || s != 1 {
		t.Errorf("appended: %d whole, %d strips, want a strip", f, s)
	}
	// The y axis of the traces goes automatically to its data: making
	// them ten times larger moves it.
	tr := g.Fig.Panels[1].Plots[0].(*render.Line)
	old := tr.Data
	s := old.(render.Sampled)
	y := make([]float64, len(s.Y))
	for k := range y {
		y[k] = 10 * s.Y[k]
	}
	s.Y = y
	tr.Data = s
	l.Draw(dst, g.Fig, r, 1, 0.15, 0.15, image.Rectangle{})
	if f, s := func() (int, int) { f, s, _ := l.Stats(); return f, s }(); f != 2 || s != 1 {
		t.Errorf("moved axis: %d whole, %d strips, want a whole redraw", f, s)
	}
	if f, _ := step(math.Inf(-1), 0.2); f != 3 {
		t.Errorf("since = -Inf: %d whole, want 3", f)
	}
	if f, _ := step(math.NaN(), 0.2); f != 4 {
		t.Errorf("since = NaN: %d whole, want 4", f)
	}
	l.Draw(dst, g.Fig, render.R(0, 0, 500, 400), 1, 0.2, 0.2, image.Rectangle{})
	if f, _, _ := l.Stats(); f != 5 {
		t.Errorf("another rectangle: %d whole, want 5", f)
	}
}
