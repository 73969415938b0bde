package app

import (
	"testing"
	"time"
)

// TestHeldWall: the cost of a drawn frame whose next frame was held back
// is the wall time between their Updates less the hold, so that the
// pacing keeps measuring drawn frames while it holds frames back (it used
// to skip them, so one slow frame kept drawing rare for a whole run).
func TestHeldWall(t *testing.T) {
	from := time.Unix(100, 0)
	at := func(d time.Duration) int64 { return from.Add(d).UnixNano() }
	ms := time.Millisecond
	for _, tc := range []struct {
		name  string
		wall  time.Duration
		asked int64
		want  time.Duration
	}{
		{"asked after the hold", 130 * ms, at(100 * ms), 30 * ms},
		{"asked at once", 12 * ms, at(0), 12 * ms},
		{"came by input, not asked", 50 * ms, 0, 0},
		{"asked before the hold began (stale)", 50 * ms, at(-5 * ms), 0},
		{"asked after the frame came", 50 * ms, at(60 * ms), 0},
	} {
		if got := heldWall(tc.wall, from, tc.asked); got != tc.want {
			t.Errorf("%s: heldWall = %v, want %v", tc.name, got, tc.want)
		}
	}
	if got := heldWall(40*ms, time.Time{}, at(10*ms)); got != 0 {
		t.Errorf("no hold start: heldWall = %v, want 0", got)
	}
}
