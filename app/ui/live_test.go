package ui

import (
	"image"
	"math"
	"testing"
	"time"

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

// limitsCanvas records the y limits of a panel as DrawLive sees them.
type limitsCanvas struct {
	liveCanvas
	panel int
	seen  []render.Limits
}

func (c *limitsCanvas) DrawLive(f *render.Figure, r render.Rect, since, until float64) []render.Transform {
	c.seen = append(c.seen, f.Panels[c.panel].Y.Limits)
	return c.liveCanvas.DrawLive(f, r, since, until)
}

// TestSteadyAxes checks that while a model runs, the automatic y axis of
// its population rate moves only now and then (each move redraws the
// kept figure whole), always holds the data, and is the controller's own
// (automatic) again after each frame and once the run is paused.
func TestSteadyAxes(t *testing.T) {
	c := load(t, "cuba.toml")
	c.SetSpeed(0)
	// One piece (64 steps) a frame, whatever the machine's speed: under
	// load a frame's time budget would otherwise take the run to its end
	// in fewer frames than the test needs.
	c.SetLimit(time.Microsecond)
	c.Play()
	v := &View{C: c}
	lc := &limitsCanvas{liveCanvas: liveCanvas{Canvas: render.NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 800, 500)), 1)}, panel: 1}
	moves, frames, steady := 0, 0, 0
	for k := 0; k < 60 && c.Status().State == Running; k++ {
		c.Tick(time.Now())
		v.Draw(lc, 800, 500)
		frames++
		got := lc.seen[len(lc.seen)-1]
		fig, _ := c.Figure()
		if m := fig.Panels[1].Y.Limits.Mode; m != render.Auto {
			t.Fatalf("frame %d: the controller's figure was left with limits of mode %v", k, m)
		}
		if got.Mode != render.Fixed {
			continue // no spread of data yet
		}
		steady++
		d := fig.Panels[1].Plots[0].DataRange()
		if d.YMin < got.Min || d.YMax > got.Max {
			t.Errorf("frame %d: rate from %g to %g outside the axis %g to %g", k, d.YMin, d.YMax, got.Min, got.Max)
		}
		if n := len(lc.seen); n > 1 && lc.seen[n-2] != got {
			moves++
		}
	}
	if frames < 20 || steady < frames/2 || moves > frames/4 {
		t.Errorf("the rate's axis was steady in %d of %d frames and moved %d times", steady, frames, moves)
	}
	c.Pause()
	v.Draw(lc, 800, 500)
	if m := lc.seen[len(lc.seen)-1].Mode; m != render.Auto {
		t.Errorf("paused: the axis has mode %v, want Auto", m)
	}
	t.Logf("%d frames, %d steady, %d moves of the axis", frames, steady, moves)
}
