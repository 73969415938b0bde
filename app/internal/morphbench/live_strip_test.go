package morphbench

// The app's live strips through Ebiten: this test lives here, beside the
// app's frame benchmarks, because it needs Ebiten's loop running (this
// package's TestMain) and the app's view, which render/ebitenr's own tests
// may not import (internal/layering).

import (
	"image/color"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/examples"
	"github.com/myelin-sim/myelin/render/ebitenr"
	"github.com/myelin-sim/myelin/render/ebitenr/ebitentest"
)

// TestLiveAppSparseMonitor runs the app's view of hh.toml with its trace
// monitor recording every 10 ms (200 network steps) and compares each
// live frame with the same frame drawn whole: the strip must cover the
// line from the trace's last sample to each new one, which starts well
// left of the time last drawn.
func TestLiveAppSparseMonitor(t *testing.T) {
	src, err := examples.Read("hh.toml")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	if !strings.Contains(s, `dt = "0.05*ms"`) {
		t.Fatal("hh.toml's trace monitor has no dt of 0.05 ms to change")
	}
	s = strings.Replace(s, `dt = "0.05*ms"`, `dt = "10*ms"`, 1)
	c := ui.NewController()
	if err := c.Load("hh.toml", []byte(s), nil, false); err != nil {
		t.Fatal(err)
	}
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond) // one piece a frame, however fast the machine
	c.Play()
	v := &ui.View{C: c}
	w, h := 900, 600
	img := ebiten.NewImage(w, h)
	defer img.Deallocate()
	cv := ebitenr.New(img, 1)
	draw := func() {
		img.Fill(color.White)
		cv.Reset(img, 1)
		v.Draw(cv, float64(w), float64(h))
		cv.Flush()
	}
	frames, strips, worst := 0, 0, 0
	for k := 0; k < 400 && c.Status().State == ui.Running; k++ {
		c.Tick(time.Now())
		draw()
		live := ebitentest.ReadPixels(img)
		l := cv.Live()
		if l == nil {
			t.Fatal("the view did not draw hh.toml live")
		}
		_, n, _ := l.Stats()
		strips = n
		l.Invalidate()
		draw()
		whole := ebitentest.ReadPixels(img)
		frames++
		if bad, _ := ebitentest.Diff(live, whole, 8); bad > worst {
			worst = bad
			dir := filepath.Join(os.TempDir(), "myelin-app-livestrip")
			os.MkdirAll(dir, 0o755)
			writePNG(t, filepath.Join(dir, "live.png"), live)
			writePNG(t, filepath.Join(dir, "whole.png"), whole)
			t.Errorf("frame %d (t %g): %d pixels differ by more than 8 from a whole redraw; images in %s", k, c.Status().T, bad, dir)
		}
	}
	if frames < 20 || strips < frames/4 {
		t.Errorf("%d frames, %d of them strips: want many of each", frames, strips)
	}
	t.Logf("%d frames, %d strips; worst %d pixels differ", frames, strips, worst)
}
