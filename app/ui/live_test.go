package ui

import (
	"image"
	"math"
	"testing"

	"github.com/myelin-sim/myelin/render"
)

// liveCanvas is an image canvas that also offers DrawLive, drawing the
// figure whole, and records what the view told it.
type liveCanvas struct {
	render.Canvas
	calls        int
	since, until float64
}

func (c *liveCanvas) DrawLive(f *render.Figure, r render.Rect, since, until float64) []render.Transform {
	c.calls++
	c.since, c.until = since, until
	return f.Draw(c.Canvas, r)
}

// TestLiveSince checks what the view tells a canvas that keeps the live
// figure between frames: everything (-Inf) for a new model and after a
// reset, and after a step only from a little before the time last drawn;
// and that a figure with a morphology, which changes everywhere, is drawn
// whole each frame.
func TestLiveSince(t *testing.T) {
	c := load(t, "cuba.toml")
	v := &View{C: c}
	lc := &liveCanvas{Canvas: render.NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 800, 500)), 1)}
	v.Draw(lc, 800, 500)
	if lc.calls != 1 || !math.IsInf(lc.since, -1) || lc.until != 0 {
		t.Fatalf("new model: %d calls, since %g, until %g; want 1, -Inf, 0", lc.calls, lc.since, lc.until)
	}
	var prev float64
	for k := 0; k < 3; k++ {
		c.Step()
		v.Draw(lc, 800, 500)
		now := c.Status().T
		back := prev - lc.since
		if math.IsInf(lc.since, 0) || back <= 0 || back > 0.01 || lc.until != now || now <= prev {
			t.Errorf("step %d: since %g, until %g; want a little before %g, and %g", k, lc.since, lc.until, prev, now)
		}
		prev = now
	}
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	v.Draw(lc, 800, 500)
	if !math.IsInf(lc.since, -1) {
		t.Errorf("after a reset: since %g, want -Inf", lc.since)
	}

	m := load(t, "ball_and_stick.toml")
	mv := &View{C: m}
	lc.calls = 0
	m.Step()
	mv.Draw(lc, 800, 500)
	if lc.calls != 0 {
		t.Errorf("a morphology figure went through DrawLive %d times", lc.calls)
	}
}
