package ui

import (
	"math"
	"testing"
	"time"
)

// Dragging the slider of a live constant in the view changes the model at
// every move, however quickly the moves come (a change is a write), while
// the run goes on; a slider whose change rebuilds the model waits
// ApplyEvery between changes and applies on release.
func TestViewDragsLiveSlider(t *testing.T) {
	c := load(t, "lif.toml")
	v := &View{C: c}
	drawn(v, 1000, 600)
	k := sliderOf(t, c, "tau")
	if !c.Sliders()[k].Live {
		t.Fatal("tau is not live")
	}
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond)
	c.Play()
	now := time.Now()
	for c.Status().T < 0.02 {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	t0 := c.Status().T
	tr := sliderTrack(v.lay.Sliders[k])
	v.Press(1, tr.Min.X+tr.Dx()/2, tr.Min.Y)
	for _, f := range []float64{0.6, 0.7, 0.8, 0.3} {
		x := tr.Min.X + f*tr.Dx()
		v.Move(1, x, tr.Min.Y)
		want := c.Sliders()[k].AtFraction(f)
		if got := c.Sliders()[k].Value; math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Fatalf("after a move to %.1f of the track tau is %v, want %v at once", f, got, want)
		}
	}
	v.Release(1, tr.Min.X+0.3*tr.Dx(), tr.Min.Y)
	if st := c.Status(); st.T < t0 {
		t.Errorf("the run went back from t = %v to %v", t0, st.T)
	}
}
