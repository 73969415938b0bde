package ui

import (
	"encoding/csv"
	"encoding/json"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
	"github.com/myelin-sim/myelin/render"
)

func TestBudget(t *testing.T) {
	b := Budget{Limit: 8 * time.Millisecond}
	if n := b.Steps(b.Limit); n != firstPiece {
		t.Errorf("steps before any measurement = %d, want %d", n, firstPiece)
	}
	b.Measure(1000, time.Millisecond) // 1 µs a step
	if n := b.Steps(8 * time.Millisecond); n != 8000 {
		t.Errorf("8 ms at 1 µs a step = %d steps, want 8000", n)
	}
	b.Measure(1000, 2*time.Millisecond) // 2 µs: the average moves 30 % of the way
	if c := b.Cost(); c < 1299*time.Nanosecond || c > 1301*time.Nanosecond {
		t.Errorf("cost after 1 µs then 2 µs = %v, want 1.3µs", c)
	}
	if n := b.Steps(0); n != 1 {
		t.Errorf("no time left gives %d steps, want 1", n)
	}

	// Speed: 0.1 simulated s per wall s, dt = 0.1 ms: a 60 Hz frame owes
	// 1/60 × 0.1 / 1e-4 = 16.7 steps; they accumulate over frames.
	var w Budget
	frame := time.Second / 60
	if n := w.Want(0.1, frame, 1e-4); n != 16 {
		t.Errorf("first frame owes %d steps, want 16", n)
	}
	if n := w.Want(0.1, frame, 1e-4); n != 33 {
		t.Errorf("second frame owes %d, want 33", n)
	}
	w.Ran(33)
	if n := w.Want(0.1, frame, 1e-4); n != 16 {
		t.Errorf("after running 33, owes %d, want 16", n)
	}
	// A page in the background for a minute catches up at most 0.1 s.
	w.Forget()
	if n := w.Want(1, time.Minute, 1e-4); n != 1000 {
		t.Errorf("after a minute away, owes %d, want 1000 (0.1 s)", n)
	}
	if n := w.Want(0, frame, 1e-4); n != -1 {
		t.Errorf("speed 0 owes %d, want -1 (as many as fit)", n)
	}
}

func TestSpeeds(t *testing.T) {
	for _, tc := range []struct {
		speed float64
		d     int
		want  float64
	}{
		{1, 1, 2}, {1, -1, 0.5}, {0.02, 1, 0.05}, {10, 1, 0}, {0, 1, 0}, {0, -1, 10},
		{0.001, -1, 0.001}, {0.3, 0, 0.2}, {0.4, 0, 0.5},
	} {
		if got := ShiftSpeed(tc.speed, tc.d); got != tc.want {
			t.Errorf("ShiftSpeed(%v, %d) = %v, want %v", tc.speed, tc.d, got, tc.want)
		}
	}
	// A run plays in PlayTime or more at its default speed.
	for _, tc := range []struct{ duration, want float64 }{{0.1, 0.02}, {1, 0.2}, {10, 2}, {1e-4, 0.001}} {
		if got := defaultSpeed(tc.duration); got != tc.want {
			t.Errorf("defaultSpeed(%v) = %v, want %v", tc.duration, got, tc.want)
		}
	}
	if SpeedText(0) != "max" || SpeedText(0.02) != "0.02×" {
		t.Errorf("SpeedText: %q %q", SpeedText(0), SpeedText(0.02))
	}
}

func control(t *testing.T, file, param string) *model.Control {
	t.Helper()
	src, err := examples.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := model.Load(file, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range f.Controls {
		if c.Param.Text == param {
			return c
		}
	}
	t.Fatalf("%s has no control %s", file, param)
	return nil
}

func TestSlider(t *testing.T) {
	s := NewSlider(control(t, "hh.toml", "g_na"), 20e-6)
	if s.Unit.Symbol != "µS" || s.Min != 0 || math.Abs(s.Max-40e-6) > 1e-18 {
		t.Fatalf("g_na slider: %+v", s)
	}
	if f := s.Fraction(); math.Abs(f-0.5) > 1e-12 {
		t.Errorf("fraction of 20 µS in 0..40 µS = %v", f)
	}
	if got := s.Text(12.5e-6); got != "12.5 µS" {
		t.Errorf("Text(12.5 µS) = %q", got)
	}
	if got := s.Text(0); got != "0.0 µS" {
		t.Errorf("Text(0) = %q", got)
	}
	if v := s.AtFraction(1.7); v != s.Max {
		t.Errorf("beyond the end: %v", v)
	}
	// The expression scales the file's own text, and the model reads it
	// back as the same value.
	e := s.Expr(10e-6)
	if e != "0.25*(40*usiemens)" {
		t.Errorf("Expr(10 µS) = %q", e)
	}
	src, _ := examples.Read("hh.toml")
	f, _ := model.Load("hh.toml", src)
	if err := f.Override("g_na", e); err != nil {
		t.Fatal(err)
	}
	if k, _ := f.Constant("g_na"); math.Abs(k.Value.Value-10e-6) > 1e-18 {
		t.Errorf("the model reads %q as %v", e, k.Value.Value)
	}

	// A group variable in nA; a step snaps.
	i := NewSlider(control(t, "hh.toml", "HH.I"), 0)
	i.Step = 0.25e-9
	if v := i.AtFraction(0.3); math.Abs(v-0.5e-9) > 1e-21 {
		t.Errorf("0.3 of 0..2 nA with step 0.25 nA = %v, want 0.5 nA", v)
	}
	if got := i.Text(0.5e-9); got != "0.50 nA" {
		t.Errorf("Text(0.5 nA) with step 0.25 nA = %q", got)
	}
}

func load(t *testing.T, file string) *Controller {
	t.Helper()
	src, err := examples.Read(file)
	if err != nil {
		t.Fatal(err)
	}
	c := NewController()
	if err := c.Load(file, src, nil, false); err != nil {
		t.Fatal(err)
	}
	return c
}

// The control state machine: ready → running → paused → running →
// finished → (play) running from 0; reset → ready; step pauses.
func TestStates(t *testing.T) {
	c := load(t, "hh.toml")
	if st := c.Status(); st.State != Ready || st.T != 0 {
		t.Fatalf("after load: %v at %v", st.State, st.T)
	}
	c.SetSpeed(0)
	// A frame runs one piece: a fast machine would run all of HH in 8 ms.
	c.SetLimit(time.Microsecond)
	c.Play()
	now := time.Now()
	c.Tick(now)
	st := c.Status()
	if st.State != Running || st.T <= 0 {
		t.Fatalf("after a frame of play: %v at %v", st.State, st.T)
	}
	c.Pause()
	t1 := c.Status().T
	c.Tick(now.Add(time.Second / 60))
	if st := c.Status(); st.State != Paused || st.T != t1 {
		t.Errorf("paused, a frame moved it: %v at %v", st.State, st.T)
	}
	c.Step()
	if st := c.Status(); st.State != Paused || st.T <= t1 {
		t.Errorf("step: %v at %v (was %v)", st.State, st.T, t1)
	}
	c.Play()
	for k := 0; k < 10000 && c.Status().State == Running; k++ {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	st = c.Status()
	if st.State != Finished || math.Abs(st.T-st.Duration) > 1e-12 || st.Fraction != 1 {
		t.Fatalf("at the end: %v at %v of %v (%v)", st.State, st.T, st.Duration, st.Fraction)
	}
	if st.Spikes == 0 {
		t.Error("HH did not spike")
	}
	c.Play()
	if st := c.Status(); st.State != Running || st.T != 0 {
		t.Errorf("play after the end: %v at %v", st.State, st.T)
	}
	c.Tick(now.Add(time.Second))
	if err := c.Reset(); err != nil {
		t.Fatal(err)
	}
	if st := c.Status(); st.State != Ready || st.T != 0 || st.Spikes != 0 {
		t.Errorf("after reset: %v at %v, %d spikes", st.State, st.T, st.Spikes)
	}
}

// The speed holds a run to its pace: at 0.02×, one second of frames runs
// 20 ms of HH.
func TestSpeedPacesTheRun(t *testing.T) {
	c := load(t, "hh.toml")
	c.SetSpeed(0.02)
	c.Play()
	now := time.Now()
	for k := 0; k < 60; k++ {
		c.Tick(now)
		now = now.Add(time.Second / 60)
	}
	// The first frame counts as a 60th of a second, so 60 frames owe one
	// second: 2000 steps of 0.01 ms, run in whole pieces of 64.
	if got := c.Status().T; math.Abs(got-0.02) > 64*1e-5+1e-12 {
		t.Errorf("60 frames at 0.02× ran to %v s, want 0.02 s within a piece", got)
	}
}

// A paced run goes on when the budget believes that less than a piece
// fits in a frame (a cold first measurement in the browser).
func TestSlowEstimateStillRuns(t *testing.T) {
	c := load(t, "hh.toml")
	c.SetSpeed(0.02)
	c.Play()
	c.budget.Measure(64, 64*time.Millisecond) // 1 ms a step: 8 fit in 8 ms
	now := time.Now()
	for k := 0; k < 60; k++ {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	if got := c.Status().T; got < 0.015 {
		t.Errorf("60 frames at 0.02× with a slow estimate ran to %v s, want about 0.02 s", got)
	}
}

// The TTX experiment through the slider: g_na to 0 mid-run, live, and the
// neuron falls silent.
func TestSliderLive(t *testing.T) {
	c := load(t, "hh.toml")
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond) // one piece a frame
	c.Play()
	now := time.Now()
	for c.Status().T < 0.04 {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	st := c.Status()
	if st.Spikes == 0 {
		t.Fatal("no spikes by 40 ms")
	}
	k := -1
	for i, s := range c.Sliders() {
		if s.Param == "g_na" {
			k = i
		}
	}
	if err := c.SetSlider(k, 0); err != nil {
		t.Fatal(err)
	}
	if got := c.Status(); got.T != st.T || got.State != Running {
		t.Fatalf("after the slider: %v at %v, want running at %v", got.State, got.T, st.T)
	}
	if c.Sliders()[k].Value != 0 {
		t.Error("the slider did not move")
	}
	for c.Status().State == Running {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	c.Lock()
	ts := c.Built().Monitors[0].Spike.T
	c.Unlock()
	for _, x := range ts[st.Spikes:] {
		if x > st.T+1e-3 {
			t.Errorf("a spike at %v s after g_na = 0 at %v s", x, st.T)
		}
	}
	// A bad value is an error and changes nothing.
	if err := c.Set("g_na", "3*mV"); err == nil {
		t.Error("g_na = 3 mV accepted")
	}
}

// A run that blows up shows its error and keeps what it recorded.
func TestBlowUpKeepsPlots(t *testing.T) {
	src := []byte("[model]\nname = \"boom\"\n[run]\nduration = \"100*ms\"\n[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"dv/dt = v/(0.1*ms) : 1\"\n[neurons.init]\nv = \"1\"\n[[monitors]]\nname = \"m\"\ntype = \"state\"\nsource = \"G\"\nvariables = [\"v\"]\nrecord = [0]\n")
	c := NewController()
	if err := c.Load("boom.toml", src, nil, true); err != nil {
		t.Fatal(err)
	}
	c.SetSpeed(0)
	now := time.Now()
	for k := 0; k < 1000 && c.Status().State == Running; k++ {
		now = now.Add(time.Second / 60)
		c.Tick(now)
	}
	st := c.Status()
	if st.State != Failed || st.Error == nil {
		t.Fatalf("state %v, error %v", st.State, st.Error)
	}
	c.Lock()
	fig, err := c.Figure()
	n := len(c.Built().Monitors[0].State.T)
	c.Unlock()
	if err != nil || fig == nil || n == 0 {
		t.Errorf("after the blow-up: figure %v, %v, %d samples", fig != nil, err, n)
	}
}

func TestLoadError(t *testing.T) {
	c := load(t, "lif.toml")
	err := c.Load("bad.toml", []byte("[model]\nname = 3\n"), nil, false)
	if err == nil {
		t.Fatal("no error")
	}
	st := c.Status()
	if st.Error == nil || st.Name == "" {
		t.Errorf("the error is not shown over the model that was there: %+v", st)
	}
	if !strings.HasPrefix(errorText(st.Error), "line 2, column") {
		t.Errorf("banner text %q", errorText(st.Error))
	}
}

func TestExports(t *testing.T) {
	c := load(t, "cuba.toml")
	c.SetSpeed(0)
	c.Play()
	c.Tick(time.Now())
	data, err := c.ResultsJSON()
	if err != nil {
		t.Fatal(err)
	}
	var r model.Results
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	if r.Duration != c.Status().T {
		t.Errorf("results to %v, status at %v", r.Duration, c.Status().T)
	}
	text, err := c.ResultsCSV()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(string(text))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "monitor,type,variable,index,t,value" {
		t.Errorf("header %v", rows[0])
	}
	spikes := 0
	for _, row := range rows[1:] {
		if row[1] == "spike" {
			spikes++
		}
	}
	if int64(spikes) != c.Status().Spikes {
		t.Errorf("%d spike rows, %d spikes", spikes, c.Status().Spikes)
	}
	png, err := c.FigurePNG(320, 240, 1)
	if err != nil || len(png) < 100 {
		t.Errorf("PNG: %d bytes, %v", len(png), err)
	}
	svg, err := c.FigureSVG(320, 240)
	if err != nil || !strings.Contains(string(svg), "<svg") {
		t.Errorf("SVG: %v", err)
	}
}

// drawn draws the view into an image of w × h.
func drawn(v *View, w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	v.Draw(render.NewImageCanvas(img, 1), float64(w), float64(h))
	return img
}

// inPlot is the part of img where the view drew the figure: the buttons
// and sliders use the plots' first colour too.
func inPlot(v *View, img *image.RGBA) *image.RGBA {
	r := v.lay.Plot
	return img.SubImage(image.Rect(int(r.Min.X), int(r.Min.Y), int(r.Max.X), int(r.Max.Y))).(*image.RGBA)
}

func has(img *image.RGBA, want color.NRGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			if c.R == want.R && c.G == want.G && c.B == want.B {
				n++
			}
		}
	}
	return n
}

// The layout fits every window: nothing overlaps, the plot keeps most of
// the room, the sliders move below the plot on a narrow screen.
func TestLayout(t *testing.T) {
	c := load(t, "hh.toml")
	v := &View{C: c, Examples: []Example{{File: "hh.toml"}}, LoadExample: func(string) {}, Export: func(string) {}}
	for _, sz := range [][2]float64{{1280, 800}, {800, 600}, {390, 844}, {640, 360}} {
		l := v.Layout(sz[0], sz[1], c.Status(), 2)
		if l.Plot.Dx() < sz[0]*0.5 || l.Plot.Dy() < 100 {
			t.Errorf("%v: plot %v", sz, l.Plot)
		}
		for _, b := range l.Buttons {
			if b.R.Max.X > sz[0] || b.R.Max.Y > l.Bar.Max.Y {
				t.Errorf("%v: button %d at %v outside the bar %v", sz, b.ID, b.R, l.Bar)
			}
			if !b.R.Intersect(l.Plot).Empty() || !b.R.Intersect(l.Time).Empty() {
				t.Errorf("%v: button %d overlaps the plot or the time", sz, b.ID)
			}
		}
		if len(l.Sliders) != 2 {
			t.Errorf("%v: %d sliders shown", sz, len(l.Sliders))
		}
		if !l.Panel.Intersect(l.Plot).Empty() {
			t.Errorf("%v: sliders over the plot", sz)
		}
		narrow := sz[0] < minPlotW+panelW+3*pad
		if below := l.Panel.Min.Y >= l.Plot.Max.Y; below != narrow {
			t.Errorf("%v: sliders below the plot %v, want %v", sz, below, narrow)
		}
	}
}

// Pointer input: the play button plays on release over it, a finger that
// slides off cancels; dragging a slider changes the model.
func TestPointer(t *testing.T) {
	c := load(t, "hh.toml")
	v := &View{C: c}
	drawn(v, 1000, 600)
	var play render.Rect
	for _, b := range v.lay.Buttons {
		if b.ID == BtnPlay {
			play = b.R
		}
	}
	cx, cy := (play.Min.X+play.Max.X)/2, (play.Min.Y+play.Max.Y)/2
	v.Press(3, cx, cy)
	v.Release(3, cx, cy+200)
	if c.Status().State != Ready {
		t.Error("a press released off the button played")
	}
	v.Press(3, cx, cy)
	v.Release(3, cx, cy)
	if c.Status().State != Running {
		t.Error("a click on play did not play")
	}
	v.Key(KeyToggle)
	if c.Status().State != Paused {
		t.Error("space did not pause")
	}
	r := v.lay.Sliders[0] // g_na
	tr := sliderTrack(r)
	v.Press(7, tr.Min.X+tr.Dx()/4, tr.Min.Y)
	v.Release(7, tr.Min.X+tr.Dx()/4, tr.Min.Y)
	if got := c.Sliders()[0].Value; math.Abs(got-10e-6) > 1e-9 {
		t.Errorf("g_na after a tap at a quarter: %v", got)
	}
}

// The screen is drawn: the plot's colour, the accent of the buttons and
// the sliders, text.
func TestDraw(t *testing.T) {
	c := load(t, "cuba.toml")
	c.SetSpeed(0)
	c.Play()
	c.Tick(time.Now())
	v := &View{C: c, Export: func(string) {}}
	img := drawn(v, 900, 560)
	if n := has(inPlot(v, img), render.Blue); n < 200 {
		t.Errorf("%d pixels of the raster's blue", n)
	}
	if n := has(img, colFrame); n < 900*20 {
		t.Errorf("%d pixels of the frame", n)
	}
	// No model: the examples list is open and the hint shows.
	e := &View{C: NewController(), Examples: []Example{{File: "a.toml", Name: "A", Description: "a"}}, LoadExample: func(string) {}}
	img = drawn(e, 640, 400)
	if e.lay.Examples.Empty() {
		t.Error("no examples list without a model")
	}
}

func readExample(file string) ([]byte, error) { return examples.Read(file) }

// Every example loads, runs a few frames and draws its plots.
func TestEveryExample(t *testing.T) {
	for _, name := range examples.Names() {
		c := load(t, name)
		c.SetSpeed(0)
		c.Play()
		now := time.Now()
		for k := 0; k < 3; k++ {
			now = now.Add(time.Second / 60)
			c.Tick(now)
		}
		v := &View{C: c}
		img := drawn(v, 800, 500)
		c.Lock()
		_, err := c.Figure()
		c.Unlock()
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		if st := c.Status(); st.Error != nil || st.T == 0 {
			t.Errorf("%s: %v at t = %v", name, st.Error, st.T)
		}
		if has(inPlot(v, img), render.OkabeIto[0]) < 20 {
			t.Errorf("%s: nothing plotted in the first colour", name)
		}
	}
}

// The desktop simulates on its own goroutine (Work) while the window draws
// and the user moves sliders: run under -race, nothing is shared unlocked.
func TestWorkWhileDrawing(t *testing.T) {
	c := load(t, "cuba.toml")
	c.SetSpeed(0)
	c.Play()
	done := make(chan struct{})
	go func() {
		defer close(done)
		for k := 0; k < 200 && c.Status().State == Running; k++ {
			c.Work(2 * time.Millisecond)
		}
	}()
	v := &View{C: c, Export: func(string) {}, Threaded: true}
	for k := 0; k < 10; k++ {
		img := image.NewRGBA(image.Rect(0, 0, 300, 200))
		v.Draw(render.NewImageCanvas(img, 1), 300, 200)
		v.Changed(300, 200)
		c.SetSlider(0, float64(k)*1e-4)
		c.ResultsCSV()
	}
	<-done
	if c.Status().T == 0 {
		t.Error("the goroutine did not simulate")
	}
}

// The help box opens with its key or button and closes on a press outside.
func TestHelp(t *testing.T) {
	c := load(t, "hh.toml")
	v := &View{C: c}
	drawn(v, 800, 500)
	v.Key(KeyHelp)
	img := drawn(v, 800, 500)
	if !v.help || has(img, colShade) == 0 && !v.Changed(800, 500) {
		t.Fatal("the help did not open")
	}
	v.Press(1, 400, 480)
	v.Release(1, 400, 480)
	if v.help {
		t.Error("a press outside did not close the help")
	}
	if c.Status().State != Ready {
		t.Error("the press that closed the help also acted")
	}
}

// A constant changed at t = 0 while playing rebuilds the model, and it
// keeps playing (it does not count as finished).
func TestSetAtZeroKeepsPlaying(t *testing.T) {
	c := load(t, "hh.toml")
	c.Play()
	if err := c.Set("g_na", "10*usiemens"); err != nil {
		t.Fatal(err)
	}
	c.SetSpeed(0)
	c.SetLimit(time.Microsecond) // one piece a frame
	c.Tick(time.Now())
	if st := c.Status(); st.State != Running || st.T == 0 {
		t.Errorf("after setting g_na at t = 0 while playing: %v at %v", st.State, st.T)
	}
}
