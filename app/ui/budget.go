package ui

import (
	"math"
	"time"
)

// Budget decides how many simulation steps one frame runs. The browser has
// one thread: the steps run inside the frame, between drawing it and the
// next, so a frame that simulates for longer than its share freezes the
// page. Budget keeps an estimate of the cost of one step (an exponential
// average of measured pieces, which follows a network whose activity
// changes) and returns the number of steps that fit in Limit.
//
// Speed, in simulated seconds per wall second, sets how far a frame wants
// to go: the steps owed accumulate with the wall time between frames, so a
// slow speed runs a piece every few frames rather than rounding to zero.
// Speed 0 means as fast as the budget allows.
type Budget struct {
	// Limit is the wall time a frame may spend simulating.
	Limit time.Duration
	// cost is the estimated wall time of one step, in seconds; 0 until the
	// first measurement.
	cost float64
	// owed is the steps the speed asks for that have not run yet.
	owed float64
}

// DefaultLimit is the simulation budget of one frame in the browser: half
// of a 60 Hz frame (16.7 ms). The other half is for building and drawing
// the figure (2-5 ms for the examples) and for the browser itself, so the
// page keeps 60 frames per second and answers input within a frame.
const DefaultLimit = 8 * time.Millisecond

// firstPiece is the steps tried before any cost is known: small, so that a
// huge network does not freeze its first frame.
const firstPiece = 64

// Measure records that steps steps took d.
func (b *Budget) Measure(steps int64, d time.Duration) {
	if steps <= 0 || d <= 0 {
		return
	}
	c := d.Seconds() / float64(steps)
	if b.cost == 0 {
		b.cost = c
		return
	}
	b.cost = 0.7*b.cost + 0.3*c
}

// Cost returns the estimated wall time of one step (0 when unknown).
func (b *Budget) Cost() time.Duration { return time.Duration(b.cost * 1e9) }

// Steps returns how many steps fit in what is left of the frame's budget
// (left), at least 1.
func (b *Budget) Steps(left time.Duration) int64 {
	if b.cost == 0 {
		return firstPiece
	}
	n := left.Seconds() / b.cost
	if n < 1 || math.IsNaN(n) {
		return 1
	}
	return int64(min(n, 1<<40))
}

// Want adds what a frame owes at speed (simulated seconds per wall
// second) after wall time elapsed, for steps of dt seconds, and returns
// the steps owed in total (≤ 0 when a debt remains), or -1 for as many as
// the budget allows (speed 0). elapsed is capped at a tenth of a second, so that a page that was in
// the background does not try to catch up at once.
func (b *Budget) Want(speed float64, elapsed time.Duration, dt float64) int64 {
	if speed <= 0 || dt <= 0 {
		b.owed = 0
		return -1
	}
	e := min(elapsed, 100*time.Millisecond).Seconds()
	b.owed += speed * e / dt
	if b.owed < 0 {
		return min(0, int64(b.owed)) // the debt is not paid yet
	}
	// Never owe more than a second of wall time at this speed: a frame
	// that could not keep up does not bank steps for later.
	b.owed = min(b.owed, speed/dt)
	return int64(b.owed)
}

// Ran records that steps of the owed steps ran. Running more than was
// owed (a whole piece of session.CheckAlign steps) leaves a debt that the
// next frames pay off by waiting, so the pace holds on average.
func (b *Budget) Ran(steps int64) {
	b.owed -= float64(steps)
}

// Forget drops the steps owed, when a run stops.
func (b *Budget) Forget() { b.owed = 0 }

// Pacing decides, where drawing a frame is slow (a computer without a
// graphics processor, where the browser draws in software), which frames
// draw a running model and how long the others simulate. A frame that
// does not draw would otherwise simulate for DefaultLimit and then wait:
// for the next frame of the display, or for the browser to finish showing
// the last one (in software too). So such frames are given what they
// simulated plus what they waited, as measured, within MaxFill so that
// input is still answered quickly: the frame fills with simulation, as
// the light view's chunks do. Where drawing is fast every frame draws and
// simulates for DefaultLimit.
type Pacing struct {
	// Slow is the cost of a drawn frame above which drawing is thinned.
	Slow time.Duration
	// drawCost is the wall time of a frame that draws; sim and idle are
	// the time a frame that does not draw simulated and waited
	// (exponential averages).
	drawCost, sim, idle time.Duration
}

// MaxFill is the most a frame that does not draw may simulate.
const MaxFill = 40 * time.Millisecond

// MaxDrawInterval is the longest a running model goes undrawn where
// drawing is slow: the plots still move twice a second.
const MaxDrawInterval = 500 * time.Millisecond

// DrawShare is the largest share of the time that drawing a running
// model may take where drawing is slow: a quarter, as the light view's.
const DrawShare = 0.25

// Frame records the last frame: its wall time from one Update to the
// next, the part of it spent simulating, the part spent in Go at all
// (Update and Draw; the rest is waiting), and whether it drew.
func (p *Pacing) Frame(wall, sim, busy time.Duration, drew bool) {
	if wall <= 0 {
		return
	}
	avg := func(a *time.Duration, v time.Duration) {
		if *a == 0 {
			*a = v
		} else {
			*a = (7**a + 3*v) / 10
		}
	}
	if drew {
		// A drawn frame that was cheaper counts at once: the first frames
		// of a model (fonts, shaders, a whole figure) cost far more than
		// the later ones, and must not keep drawing rare.
		if p.drawCost == 0 || wall < p.drawCost {
			p.drawCost = wall
		} else {
			avg(&p.drawCost, wall)
		}
		return
	}
	if sim > 0 {
		avg(&p.sim, sim)
		avg(&p.idle, max(0, wall-busy))
	}
}

// DrawCost returns the measured wall time of a frame that draws.
func (p *Pacing) DrawCost() time.Duration { return p.drawCost }

// Plan says whether the coming frame may draw a running model, given the
// time since a frame last drew and whether input waits to be answered,
// and how long it may simulate.
func (p *Pacing) Plan(sinceDrawn time.Duration, input bool) (draw bool, limit time.Duration) {
	every, slow := p.Interval()
	if !slow || input || sinceDrawn >= every {
		return true, DefaultLimit
	}
	return false, min(max(p.sim+p.idle, DefaultLimit), MaxFill)
}

// Interval returns how long apart a running model's frames draw where
// drawing is slow, and whether it is (false: every frame may draw). A
// drawn frame costs drawCost; drawing once every drawCost/DrawShare keeps
// it to DrawShare of the time, but the plots move at least every
// MaxDrawInterval.
func (p *Pacing) Interval() (every time.Duration, slow bool) {
	if p.drawCost <= p.Slow {
		return 0, false
	}
	return min(time.Duration(float64(p.drawCost)*(1/DrawShare-1)), MaxDrawInterval), true
}
