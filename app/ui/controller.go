package ui

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/internal/figure"
	"github.com/myelin-sim/myelin/internal/session"
	"github.com/myelin-sim/myelin/render"
)

// State is where a loaded model's run is.
type State int

// The states of a run. Play goes from Ready or Paused to Running (and
// from Finished back to Running at t = 0); Pause from Running to Paused;
// the run reaching its end goes to Finished, a blow-up to Failed; Reset
// goes from any state but Empty to Ready.
const (
	Empty    State = iota // no model loaded
	Ready                 // loaded, at t = 0
	Running               // steps run every frame
	Paused                // stopped part-way
	Finished              // the model's program (its [[schedule]] or [run]) is done
	Failed                // the run blew up; the recording so far is kept
)

func (s State) String() string {
	return [...]string{"empty", "ready", "running", "paused", "finished", "failed"}[s]
}

// Speeds are the speeds the speed control steps through, in simulated
// seconds per wall second; the last, 0, is as fast as possible.
var Speeds = []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 0}

// defaultSpeed is the speed a model starts at: the largest of Speeds that
// plays its whole run in at least PlayTime of wall time, so that a 100 ms
// run of one neuron can be watched as well as a 1 s run of a network.
func defaultSpeed(duration float64) float64 {
	best := Speeds[0]
	for _, s := range Speeds[:len(Speeds)-1] {
		if s <= duration/PlayTime.Seconds() {
			best = s
		}
	}
	return best
}

// PlayTime is the wall time a run lasts at its default speed.
const PlayTime = 5 * time.Second

// Controller is the app's model: the session, its run state, the
// sliders, the speed and the live figure. Every method is safe for
// concurrent use, so that the desktop app can simulate on its own
// goroutine (Work) while the window draws (Lock around reading the figure).
type Controller struct {
	mu sync.Mutex

	s       *session.Session
	state   State
	sliders []Slider
	speed   float64
	budget  Budget
	last    time.Time // the previous Tick
	notice  string
	noticeT time.Time
	loadErr error

	fig      *render.Figure
	figErr   error
	figStale bool

	// Statistics of the last frame, for the status line and the docs.
	frames     int64
	lastSteps  int64
	lastSimDur time.Duration
	stepsTotal int64
}

// NewController returns a controller with no model and the browser's
// budget.
func NewController() *Controller {
	return &Controller{budget: Budget{Limit: DefaultLimit}, speed: 1}
}

// SetLimit changes the simulation budget of a frame.
func (c *Controller) SetLimit(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.budget.Limit = d
}

// Load builds a model and shows it at t = 0, paused; it plays when play
// is true. On an error the model shown so far stays, and the error (a
// *session.Error, with line and column) is also shown in the banner.
func (c *Controller) Load(name string, src []byte, seed *uint64, play bool) error {
	s, err := session.New(name, src, seed)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.loadErr = err
		return err
	}
	c.s, c.loadErr = s, nil
	c.state = Ready
	c.speed = defaultSpeed(s.Built().Duration)
	c.budget.Forget()
	c.notice = ""
	c.makeSliders()
	c.figStale, c.fig, c.figErr = true, nil, nil
	c.stepsTotal = 0
	if play {
		c.play()
	}
	return nil
}

// makeSliders reads the [[controls]] of the file with their values now.
func (c *Controller) makeSliders() {
	b := c.s.Built()
	c.sliders = c.sliders[:0]
	for _, ct := range b.File.Controls {
		v := ct.Min.Value.Value
		live := ct.Group != ""
		if ct.Group == "" {
			if k, ok := b.ConstantValue(ct.Var); ok {
				v = k
			}
			live = b.IsLive(ct.Var)
		} else if g, ok := b.Groups[ct.Group]; ok {
			if vals, err := g.Values(ct.Var); err == nil && len(vals) > 0 {
				v = vals[0]
			}
		}
		sl := NewSlider(ct, v)
		sl.Live = live
		c.sliders = append(c.sliders, sl)
	}
}

// Loaded reports whether a model is loaded.
func (c *Controller) Loaded() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.s != nil
}

// Play runs the model's program from where it is; a finished or failed run
// starts again from t = 0.
func (c *Controller) Play() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.play()
}

func (c *Controller) play() {
	switch c.state {
	case Empty, Running:
		return
	case Finished, Failed:
		if err := c.reset(); err != nil {
			return
		}
	}
	if err := c.s.Start(0, false); err != nil {
		c.fail(err)
		return
	}
	c.state = Running
	c.last = time.Time{}
	c.budget.Forget()
}

// Running reports whether the model is running (cheaper than Status).
func (c *Controller) Running() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.state == Running
}

// Pause stops the run after the current piece.
func (c *Controller) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Running {
		c.state = Paused
		c.budget.Forget()
	}
}

// Toggle plays or pauses.
func (c *Controller) Toggle() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state == Running {
		c.state = Paused
		c.budget.Forget()
		return
	}
	c.play()
}

// StepFraction is the part of a run's duration that Step advances.
const StepFraction = 0.01

// Step pauses and runs about 1 % of the model's duration (at least one
// piece of session.CheckAlign steps).
func (c *Controller) Step() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil {
		return
	}
	if c.state == Finished || c.state == Failed {
		if err := c.reset(); err != nil {
			return
		}
	}
	if err := c.s.Start(0, false); err != nil {
		c.fail(err)
		return
	}
	b := c.s.Built()
	n := int64(expr.Timestep(b.Duration*StepFraction, b.Net.DT))
	c.state = Paused
	c.advance(max(n, 1))
}

// Reset goes back to t = 0 with the slider values kept.
func (c *Controller) Reset() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reset()
}

func (c *Controller) reset() error {
	if c.s == nil {
		return nil
	}
	if err := c.s.Reset(); err != nil {
		c.fail(err)
		return err
	}
	c.state = Ready
	c.budget.Forget()
	c.figStale = true
	c.makeSliders()
	return nil
}

// SetSpeed sets the speed in simulated seconds per wall second; 0 (or
// less) is as fast as possible.
func (c *Controller) SetSpeed(x float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !(x > 0) || math.IsInf(x, 0) {
		x = 0
	}
	c.speed = x
	c.budget.Forget()
}

// Speed returns the speed (0: as fast as possible).
func (c *Controller) Speed() float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.speed
}

// Faster and Slower move the speed one place along Speeds.
func (c *Controller) Faster() { c.shiftSpeed(+1) }

// Slower moves the speed one place down Speeds.
func (c *Controller) Slower() { c.shiftSpeed(-1) }

func (c *Controller) shiftSpeed(d int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.speed = ShiftSpeed(c.speed, d)
	c.budget.Forget()
}

// ShiftSpeed returns the speed d places from speed along Speeds (clamped
// to its ends); a speed between two places moves to the nearer one first.
func ShiftSpeed(speed float64, d int) float64 {
	k := len(Speeds) - 1 // 0 = max
	if speed > 0 {
		k = 0
		for i, s := range Speeds[:len(Speeds)-1] {
			if math.Abs(math.Log(s/speed)) < math.Abs(math.Log(Speeds[k]/speed)) {
				k = i
			}
		}
	}
	k = max(0, min(len(Speeds)-1, k+d))
	return Speeds[k]
}

// Set changes a constant or a group's variable while the model runs (see
// session.SetLive): a live constant (Slider.Live) by a write of its
// column, the run going on; another by a rebuild that takes over the
// running state. A constant that fixes the network's structure, changed
// after the run has begun, restarts the run at t = 0, with a notice.
func (c *Controller) Set(name, value string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.set(name, value)
}

func (c *Controller) set(name, value string) error {
	if c.s == nil {
		return errors.New("no model is loaded")
	}
	wasRunning := c.state == Running
	restarted, why, err := c.s.SetLive(name, value)
	if err != nil {
		return err
	}
	c.figStale = true
	if restarted {
		c.setNotice(fmt.Sprintf("%s changed, but %v: the run restarted at t = 0", strings.TrimSpace(name), why))
	}
	if !c.s.Pending() && c.s.T() == 0 && c.state != Ready {
		// The model was rebuilt at t = 0 (a constant changed before the
		// first step, or a restart): the state follows, and a running
		// model goes on running.
		c.state = Ready
		if wasRunning {
			c.play()
		}
	}
	// The slider follows a set from elsewhere (the page's set()), and
	// knows whether its constant is live now (a set during a run makes a
	// constant live; a restart may have rebuilt the model).
	b := c.s.Built()
	for k := range c.sliders {
		sl := &c.sliders[k]
		if sl.Param == strings.TrimSpace(name) {
			if q, ok := c.valueOf(sl); ok {
				sl.Value = sl.clamp(q)
			}
		}
		if !strings.Contains(sl.Param, ".") {
			sl.Live = b.IsLive(sl.Param)
		}
	}
	return nil
}

// valueOf reads a slider's parameter from the built model.
func (c *Controller) valueOf(sl *Slider) (float64, bool) {
	b := c.s.Built()
	group, v, dotted := strings.Cut(sl.Param, ".")
	if !dotted {
		return b.ConstantValue(group) // a live one's value now
	}
	g, ok := b.Groups[group]
	if !ok {
		return 0, false
	}
	vals, err := g.Values(v)
	if err != nil || len(vals) == 0 {
		return 0, false
	}
	return vals[0], true
}

// SetSlider moves slider k to value v (SI) and changes the model.
func (c *Controller) SetSlider(k int, v float64) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if k < 0 || k >= len(c.sliders) {
		return nil
	}
	sl := &c.sliders[k]
	v = sl.clamp(v)
	if err := c.set(sl.Param, sl.Expr(v)); err != nil {
		c.setNotice(session.AsError(err).Message)
		return err
	}
	sl.Value = v
	return nil
}

// Sliders returns a copy of the sliders. A slider of a group's variable
// shows the variable's value now (of its first element), which a
// [[schedule]] may have changed.
func (c *Controller) Sliders() []Slider {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.sliders {
		sl := &c.sliders[k]
		if strings.Contains(sl.Param, ".") {
			if v, ok := c.valueOf(sl); ok {
				sl.Value = sl.clamp(v)
			}
		}
	}
	return append([]Slider(nil), c.sliders...)
}

func (c *Controller) setNotice(s string) {
	c.notice, c.noticeT = s, time.Now()
}

// NoticeTime is how long a notice stays on screen.
const NoticeTime = 4 * time.Second

// fail shows err and stops the run; what was recorded stays.
func (c *Controller) fail(err error) {
	c.state = Failed
	c.figStale = true
	if c.s != nil && c.s.RunError() == nil {
		c.s.Abort(err)
	}
}

// Frame counts a frame drawn, for the status.
func (c *Controller) Frame() {
	c.mu.Lock()
	c.frames++
	c.mu.Unlock()
}

// Tick runs one frame's share of the simulation: as many steps as the
// speed asks for since the last Tick, within the budget. The browser
// calls it from Update; the desktop's simulation goroutine calls Work.
func (c *Controller) Tick(now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tick(now, c.budget.Limit)
}

// tick is Tick with the lock held, for at most limit of wall time.
func (c *Controller) tick(now time.Time, limit time.Duration) {
	elapsed := time.Second / 60
	if !c.last.IsZero() {
		elapsed = now.Sub(c.last)
	}
	c.last = now
	c.lastSteps, c.lastSimDur = 0, 0
	if c.state != Running {
		return
	}
	b := c.s.Built()
	want := c.budget.Want(c.speed, elapsed, b.Net.DT)
	if want == 0 || want < -1 {
		return
	}
	// A speed that asks for less than a piece waits for a whole one: every
	// piece but a run's last is a multiple of session.CheckAlign anyway.
	if want > 0 && want < session.CheckAlign && c.remaining() > want {
		return
	}
	start := time.Now()
	for {
		left := limit - time.Since(start)
		if left <= 0 {
			break
		}
		n := c.budget.Steps(left)
		if c.lastSteps == 0 {
			// Every frame that runs at all runs a whole piece, even when
			// the estimate says less fits: otherwise a slow first
			// measurement (a cold WebAssembly tier) would stop a paced run
			// for good, and a huge network would never be measured again.
			n = max(n, session.CheckAlign)
		}
		if want > 0 {
			n = min(n, want-c.lastSteps)
			if n < session.CheckAlign && n < c.remaining() {
				break // the rest waits for a whole piece
			}
		}
		ran := c.advance(n)
		if want > 0 {
			c.budget.Ran(ran)
		}
		if ran == 0 || c.state != Running {
			break
		}
	}
	c.lastSimDur = time.Since(start)
}

// remaining is the steps left in the run's program (a large number when
// unknown).
func (c *Controller) remaining() int64 {
	f := c.s.Fraction()
	b := c.s.Built()
	total := float64(expr.Timestep(b.Duration, b.Net.DT))
	return int64(math.Max(1, (1-f)*total))
}

// advance runs up to n steps and measures them; the caller holds the lock.
// A panic in the simulation, a bug, stops the run with an error rather than
// the app.
func (c *Controller) advance(n int64) (steps int64) {
	defer func() {
		if p := recover(); p != nil {
			c.fail(session.InternalError(p))
			c.s.Abort(session.InternalError(p))
			steps = 0
		}
	}()
	t0 := time.Now()
	ran, finished, err := c.s.Advance(n)
	c.budget.Measure(ran, time.Since(t0))
	c.lastSteps += ran
	c.stepsTotal += ran
	if ran > 0 {
		c.figStale = true
	}
	switch {
	case err != nil:
		c.fail(err)
	case finished:
		if c.state == Running || c.state == Paused {
			c.state = Finished
		}
	}
	return ran
}

// Work runs the simulation for about d if it is running and reports
// whether it ran any step (a slow speed waits between pieces): the desktop
// app calls it in a loop on its own goroutine and sleeps a little when it
// did not. It holds the lock meanwhile, so drawing waits at most about
// d (plus one piece of session.CheckAlign steps).
func (c *Controller) Work(d time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.state != Running {
		c.last = time.Time{}
		return false
	}
	c.tick(time.Now(), d)
	return c.lastSteps > 0
}

// Status is what the status line and the page's status() show.
type Status struct {
	State    State
	T        float64 // simulated time, seconds
	Duration float64 // the model's duration
	Fraction float64 // of the program done
	Speed    float64 // requested; 0 = as fast as possible
	Frames   int64
	Steps    int64         // steps run by the last frame
	SimTime  time.Duration // wall time the last frame spent simulating
	StepCost time.Duration // estimated wall time of one step
	Spikes   int64         // spikes recorded by every spike monitor
	Error    error         // the run's error, or the last load error
	Notice   string        // a passing message ("g_na changed: ...")
	Name     string        // the model's name
	File     string
}

// Status returns the state for display.
func (c *Controller) Status() Status {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := Status{State: c.state, Speed: c.speed, Frames: c.frames, Steps: c.lastSteps,
		SimTime: c.lastSimDur, StepCost: c.budget.Cost(), Error: c.loadErr}
	if c.notice != "" && time.Since(c.noticeT) < NoticeTime {
		st.Notice = c.notice
	}
	if c.s == nil {
		return st
	}
	b := c.s.Built()
	st.T, st.Duration = c.s.T(), b.Duration
	st.Fraction = c.s.Fraction()
	if c.state == Finished {
		st.Fraction = 1
	} else if c.state == Ready {
		st.Fraction = 0
	}
	if err := c.s.RunError(); err != nil && st.Error == nil {
		st.Error = err
	}
	for _, m := range b.Monitors {
		if m.Spike != nil && m.Type == "spike" {
			st.Spikes += int64(len(m.Spike.I))
		}
	}
	st.Name = b.File.Model.Name.Text
	st.File = c.s.Name()
	return st
}

// Lock holds the controller while the caller reads the figure (Figure)
// and draws it: the simulation goroutine waits meanwhile.
func (c *Controller) Lock() { c.mu.Lock() }

// Unlock releases Lock.
func (c *Controller) Unlock() { c.mu.Unlock() }

// Figure returns the live figure, rebuilt when the simulation has moved
// since the last call, or the error that stops it from being drawn. The
// caller holds Lock until it has drawn the figure: the figure reads the
// monitors' data as it draws.
func (c *Controller) Figure() (*render.Figure, error) {
	if c.s == nil {
		return nil, nil
	}
	if !c.figStale && (c.fig != nil || c.figErr != nil) {
		return c.fig, c.figErr
	}
	b := c.s.Built()
	fig, err := buildFigure(b)
	c.figStale = false
	if err != nil {
		c.fig, c.figErr = nil, err
		return nil, err
	}
	// The time axis spans the whole run from the start, so that the plots
	// grow from the left rather than stretching.
	end := math.Max(b.Duration, b.Net.T())
	if end > 0 {
		if fig.SharedX != nil {
			fig.SharedX.Limits = render.FixedLimits(0, end)
		}
		for _, p := range fig.Panels {
			if p.X.Time {
				p.X.Limits = render.FixedLimits(0, end)
			}
		}
	}
	fig.Title = "" // the app shows the name in its bar
	c.fig, c.figErr = fig, nil
	return fig, nil
}

// Session returns the session (nil before a model is loaded); the caller
// holds Lock while it uses it.
func (c *Controller) Session() *session.Session { return c.s }

// Built returns the model now (nil before a model is loaded); the caller
// holds Lock.
func (c *Controller) Built() *model.Built {
	if c.s == nil {
		return nil
	}
	return c.s.Built()
}

// DefaultSpeed goes back to the model's own speed (see PlayTime).
func (c *Controller) DefaultSpeed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s != nil {
		c.speed = defaultSpeed(c.s.Built().Duration)
		c.budget.Forget()
	}
}

// Notify shows a passing message in the banner ("saved hh-figure.png").
func (c *Controller) Notify(msg string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.setNotice(msg)
}

// buildFigure is figure.Build with a panic, a bug, turned into an error.
func buildFigure(b *model.Built) (fig *render.Figure, err error) {
	defer func() {
		if p := recover(); p != nil {
			fig, err = nil, session.InternalError(p)
		}
	}()
	return figure.Build(b)
}
