package ui

import (
	"image"
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/examples"
	"github.com/myelin-sim/myelin/render"
)

// loadEdited loads an example with each old string replaced by its new
// one (each must occur).
func loadEdited(t *testing.T, file string, edits ...string) *Controller {
	t.Helper()
	src, err := examples.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	for k := 0; k+1 < len(edits); k += 2 {
		if !strings.Contains(s, edits[k]) {
			t.Fatalf("%s has no %q", file, edits[k])
		}
		s = strings.Replace(s, edits[k], edits[k+1], 1)
	}
	c := NewController()
	if err := c.Load(file, []byte(s), nil, false); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLiveXYTimeVariable checks that only the run's time is a time axis:
// an xy plot against a recorded variable that is named "time" (here v in
// seconds) changes everywhere as it grows, so it is drawn whole each
// frame and its x axis fits the data; against t it is drawn as a live
// strip on an axis spanning the run.
func TestLiveXYTimeVariable(t *testing.T) {
	for _, tc := range []struct {
		x        string
		live     bool
		xLimits  render.LimitMode
		duration bool // the x axis is [0, duration]
	}{
		{x: "time", live: false, xLimits: render.Auto},
		{x: "t", live: true, xLimits: render.Fixed, duration: true},
	} {
		t.Run(tc.x, func(t *testing.T) {
			c := loadEdited(t, "lif.toml",
				"I : amp\n", "I : amp\ntime = v*second/volt : second\n",
				`variables = ["v"]`, `variables = ["v", "time"]`,
				"[[plots]]\ntype = \"raster\"\nmonitor = \"spikes\"\n", "",
				"type = \"trace\"\nmonitor = \"trace\"\nvariable = \"v\"",
				"type = \"xy\"\nmonitor = \"trace\"\nx = \""+tc.x+"\"\ny = \"v\"")
			v := &View{C: c}
			lc := &liveCanvas{Canvas: render.NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 800, 500)), 1)}
			v.Draw(lc, 800, 500)
			c.Step()
			v.Draw(lc, 800, 500)
			fig, err := c.Figure()
			if err != nil {
				t.Fatal(err)
			}
			if len(fig.Panels) != 1 {
				t.Fatalf("%d panels, want the xy plot alone", len(fig.Panels))
			}
			if got := lc.calls > 0; got != tc.live {
				t.Errorf("drawn as a live strip: %v (%d DrawLive calls), want %v", got, lc.calls, tc.live)
			}
			x := fig.Panels[0].X
			if fig.SharedX != nil {
				x = *fig.SharedX
			}
			if x.Limits.Mode != tc.xLimits {
				t.Errorf("x axis %q has limits %+v, want mode %v", x.Label, x.Limits, tc.xLimits)
			}
			if tc.duration && (x.Limits.Min != 0 || x.Limits.Max != c.Built().Duration) {
				t.Errorf("x axis %+v, want 0 to the duration %g", x.Limits, c.Built().Duration)
			}
		})
	}
}

// TestLiveSinceSparseMonitor checks that when a trace's monitor records
// less often than the network steps (hh.toml's trace every 10 ms, steps
// of 0.01 ms), the live strip starts no later than the trace's last
// sample at the previous frame, where the line to the next sample starts.
func TestLiveSinceSparseMonitor(t *testing.T) {
	c := loadEdited(t, "hh.toml", `dt = "0.05*ms"`, `dt = "10*ms"`)
	v := &View{C: c}
	lc := &liveCanvas{Canvas: render.NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 800, 500)), 1)}
	// lastSample is the trace's last sample, -Inf before the first.
	lastSample := func() float64 {
		for _, m := range c.Built().Monitors {
			if m.Name == "trace" && m.State != nil {
				if n := len(m.State.T); n > 0 {
					return m.State.T[n-1]
				}
				return math.Inf(-1)
			}
		}
		t.Fatal("hh.toml has no state monitor named trace")
		return 0
	}
	c.Step()
	v.Draw(lc, 800, 500)
	checked := 0
	for k := 0; k < 40; k++ {
		last, prev := lastSample(), c.Status().T
		c.Step()
		v.Draw(lc, 800, 500)
		if math.IsInf(lc.since, -1) {
			t.Fatalf("step %d: since -Inf, want a strip", k)
		}
		if prev-last > 1e-3 {
			checked++ // the last sample is well before the frame's time
		}
		if lc.since > last {
			t.Errorf("step %d (t %g): since %g is after the trace's last sample %g", k, prev, lc.since, last)
		}
	}
	if checked == 0 {
		t.Errorf("no frame started between two samples of the trace")
	}
}

// panicCanvas is a live canvas whose DrawLive panics once, after it has
// drawn (as a bug in a strip would, half way).
type panicCanvas struct {
	liveCanvas
	panics bool
}

func (c *panicCanvas) DrawLive(f *render.Figure, r render.Rect, since, until float64) []render.Transform {
	trs := c.liveCanvas.DrawLive(f, r, since, until)
	if c.panics {
		c.panics = false
		panic("half a strip")
	}
	return trs
}

// TestLivePanicRedrawsWhole checks that after a panic recovered while a
// live figure was drawn, the next frame draws it whole (since -Inf), so
// no half-drawn strip stays on screen.
func TestLivePanicRedrawsWhole(t *testing.T) {
	c := load(t, "cuba.toml")
	v := &View{C: c}
	pc := &panicCanvas{liveCanvas: liveCanvas{Canvas: render.NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 800, 500)), 1)}}
	v.Draw(pc, 800, 500)
	c.Step()
	pc.panics = true
	v.Draw(pc, 800, 500)
	if pc.panics || math.IsInf(pc.since, -1) {
		t.Fatalf("the panicking frame: panicked %v, since %g; want a strip that panics", !pc.panics, pc.since)
	}
	c.Step()
	v.Draw(pc, 800, 500)
	if !math.IsInf(pc.since, -1) {
		t.Errorf("the frame after a panic: since %g, want -Inf (draw whole)", pc.since)
	}
	c.Step()
	v.Draw(pc, 800, 500)
	if math.IsInf(pc.since, -1) {
		t.Errorf("the frame after that: since -Inf, want a strip again")
	}
}
