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
