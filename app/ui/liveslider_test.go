package ui

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

// sliderOf returns the index of the slider of param.
func sliderOf(t *testing.T, c *Controller, param string) int {
	t.Helper()
	for k, s := range c.Sliders() {
		if s.Param == param {
			return k
		}
	}
	t.Fatalf("no slider of %s", param)
	return -1
}

// A slider of a live constant follows the pointer while it is dragged: every
// move changes the model, by a write, with no rebuild, the run going on;
// and the run with the slider moved at t gives bit for bit the results of
// the model whose [[schedule]] sets the constant at t to the slider's value
// (the meaning of a live change).
func TestLiveSliderDrag(t *testing.T) {
	src, err := examples.Read("lif.toml")
	if err != nil {
		t.Fatal(err)
	}
	c := NewController()
	if err := c.Load("lif.toml", src, nil, false); err != nil {
		t.Fatal(err)
	}
	k := sliderOf(t, c, "tau")
	if !c.Sliders()[k].Live {
		t.Fatal("the slider of tau, used only by the equations, is not live")
	}
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond) // one piece a frame
	c.Play()
	now := time.Now()
	for c.Status().T < 0.1 {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	c.Lock()
	b, t0 := c.Built(), c.Built().Net.Step()
	c.Unlock()
	// A drag: each move applies at once (DragApply) and is a write.
	sl := c.Sliders()[k]
	applied := sl.Value
	var last float64
	for _, f := range []float64{0.5, 0.6, 0.7, 0.4} {
		v := sl.AtFraction(f)
		if !sl.DragApply(v, applied, false, 0, time.Hour) {
			t.Fatalf("a live slider waits to apply %v", v)
		}
		if err := c.SetSlider(k, v); err != nil {
			t.Fatal(err)
		}
		applied, last = v, v
		c.Lock()
		same, step := c.Built() == b, c.Built().Net.Step()
		got, _ := c.Built().ConstantValue("tau")
		c.Unlock()
		if !same || step != t0 || c.Status().State != Running {
			t.Fatalf("moving the slider to %v rebuilt (%v) or moved t (step %d, want %d)", v, !same, step, t0)
		}
		// The model gets the slider's value as an expression in the file's
		// units (Slider.Expr), which may round the last bit.
		if shown := c.Sliders()[k].Value; math.Abs(got-v) > 1e-12*v || shown != v {
			t.Errorf("tau = %v, the slider shows %v, want %v", got, shown, v)
		}
	}
	for c.Status().State == Running {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	c.Lock()
	got := c.Session().Results(false)
	c.Unlock()
	got.WallSeconds = 0

	// The same change as a [[schedule]]: run to t0, set tau, run the rest.
	total := int64(5000) // 500 ms of 0.1 ms
	sched := strings.Replace(string(src), `duration = "500*ms"`, "", 1) +
		fmt.Sprintf("\n[[schedule]]\nrun = \"%d*0.1*ms\"\n[[schedule]]\nset = {tau = \"%s\"}\n[[schedule]]\nrun = \"%d*0.1*ms\"\n",
			t0, sl.Expr(last), total-t0)
	f, err := model.Load("lif.toml", []byte(sched))
	if err != nil {
		t.Fatal(err)
	}
	mb, err := model.Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mb.Run(0); err != nil {
		t.Fatal(err)
	}
	want := mb.Results(0, false)
	want.BuildSeconds, got.BuildSeconds = 0, 0
	if !reflect.DeepEqual(got.Monitors, want.Monitors) {
		t.Error("the run with the slider moved differs from the [[schedule]] set of tau")
	}
	f, _ = model.Load("lif.toml", src)
	if mb, err = model.Build(f); err != nil {
		t.Fatal(err)
	}
	mb.Run(0)
	if reflect.DeepEqual(mb.Results(0, false).Monitors, want.Monitors) {
		t.Error("moving the slider changed nothing")
	}
}

// A slider of a constant that the structure uses rebuilds at each change:
// it applies while dragged only every ApplyEvery, and not at all once a
// change took longer than SlowApply; on release always. Moved during a
// run, it restarts the run at t = 0 with a notice that says why.
func TestStructuralSlider(t *testing.T) {
	src, err := examples.Read("lif.toml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Replace(string(src), "[constants]", "[constants]\nn = 50", 1)
	text = strings.Replace(text, "N = 50", `N = "n"`, 1)
	text += "\n[[controls]]\nparam = \"n\"\nmin = 50\nmax = 100\nstep = 1\n"
	c := NewController()
	if err := c.Load("lif.toml", []byte(text), nil, false); err != nil {
		t.Fatal(err)
	}
	k := sliderOf(t, c, "n")
	sl := c.Sliders()[k]
	if sl.Live {
		t.Fatal("the slider of N is live")
	}
	tests := []struct {
		final           bool
		since, lastCost time.Duration
		want            bool
	}{
		{false, 0, 0, false},
		{false, ApplyEvery, 0, true},
		{false, ApplyEvery, 2 * SlowApply, false},
		{true, 0, 2 * SlowApply, true},
	}
	for _, tc := range tests {
		if got := sl.DragApply(60, 50, tc.final, tc.since, tc.lastCost); got != tc.want {
			t.Errorf("DragApply(final %v, since %v, cost %v) = %v, want %v", tc.final, tc.since, tc.lastCost, got, tc.want)
		}
	}
	if sl.DragApply(50, 50, true, time.Hour, 0) {
		t.Error("DragApply of the value applied already")
	}
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond)
	c.Play()
	now := time.Now()
	for c.Status().T < 0.01 {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	if err := c.SetSlider(k, 60); err != nil {
		t.Fatal(err)
	}
	st := c.Status()
	if st.T != 0 || !strings.Contains(st.Notice, "n is used by [[neurons]] 'G' n, which is fixed when the network is built") {
		t.Errorf("after moving N during the run: t = %v, notice %q", st.T, st.Notice)
	}
	c.Lock()
	n := c.Built().Groups["G"].N
	c.Unlock()
	if n != 60 || c.Sliders()[k].Value != 60 {
		t.Errorf("N = %d, slider %v after the restart; want 60", n, c.Sliders()[k].Value)
	}
}
