package ui

import (
	"testing"
	"time"
)

// TestPacing checks the frame plan: fast drawing draws every frame with
// the default budget; slow drawing draws about a quarter of the time,
// gives the other frames what they simulated and waited (within MaxFill),
// and draws at once when input waits.
func TestPacing(t *testing.T) {
	ms := time.Millisecond
	p := Pacing{Slow: 25 * ms}
	if d, l := p.Plan(0, false); !d || l != DefaultLimit {
		t.Errorf("unmeasured: draw %v, limit %v", d, l)
	}
	p.Frame(16*ms, 8*ms, 10*ms, true)
	if d, l := p.Plan(0, false); !d || l != DefaultLimit {
		t.Errorf("fast drawing: draw %v, limit %v", d, l)
	}
	p = Pacing{Slow: 25 * ms}
	p.Frame(60*ms, 8*ms, 30*ms, true) // a drawn frame costs 60 ms
	p.Frame(20*ms, 8*ms, 9*ms, false) // one that simulates 8 ms waits 11
	p.Frame(20*ms, 0, 1*ms, false)    // nothing ran: not counted
	for _, tc := range []struct {
		since time.Duration
		input bool
		draw  bool
		limit time.Duration
	}{
		{0, false, false, 19 * ms}, // 8 ms simulated and 11 waited
		{100 * ms, false, false, 19 * ms},
		{180 * ms, false, true, DefaultLimit}, // 60 ms of every 240: a quarter
		{0, true, true, DefaultLimit},
	} {
		if d, l := p.Plan(tc.since, tc.input); d != tc.draw || l != tc.limit {
			t.Errorf("%v since drawn, input %v: draw %v, limit %v; want %v, %v", tc.since, tc.input, d, l, tc.draw, tc.limit)
		}
	}
	// A cheaper drawn frame counts at once (the first frames of a model
	// cost the most); however slow drawing is, the plots move every
	// MaxDrawInterval.
	p.Frame(40*ms, 8*ms, 20*ms, true)
	if d, _ := p.Plan(120*ms, false); !d {
		t.Errorf("drawn frames now cost 40 ms: not drawn after 120 ms")
	}
	p.Frame(2000*ms, 8*ms, 1000*ms, true)
	p.Frame(2000*ms, 8*ms, 1000*ms, true)
	if d, _ := p.Plan(MaxDrawInterval-ms, false); d {
		t.Errorf("drawn before MaxDrawInterval with frames of about 1 s")
	}
	if d, _ := p.Plan(MaxDrawInterval, false); !d {
		t.Errorf("not drawn after MaxDrawInterval")
	}
	// A frame that waits a lot fills at most MaxFill.
	p.Frame(200*ms, 8*ms, 9*ms, false)
	p.Frame(200*ms, 8*ms, 9*ms, false)
	if _, l := p.Plan(0, false); l != MaxFill {
		t.Errorf("costly frames: limit %v, want %v", l, MaxFill)
	}
}

// TestPacingInterval checks how far apart a running model's frames draw
// where drawing is slow (what the browser's on-demand frames wait for):
// not at all while unmeasured or fast, three times a drawn frame's cost
// (a quarter of the time drawing), and at most MaxDrawInterval.
func TestPacingInterval(t *testing.T) {
	ms := time.Millisecond
	for _, tc := range []struct {
		name  string
		drawn []time.Duration // wall times of drawn frames, in order
		every time.Duration
		slow  bool
	}{
		{"unmeasured", nil, 0, false},
		{"fast", []time.Duration{16 * ms}, 0, false},
		{"at the threshold", []time.Duration{25 * ms}, 0, false},
		{"slow", []time.Duration{60 * ms}, 180 * ms, true},
		{"a cheaper frame counts at once", []time.Duration{60 * ms, 40 * ms}, 120 * ms, true},
		{"very slow", []time.Duration{1000 * ms}, MaxDrawInterval, true},
	} {
		p := Pacing{Slow: 25 * ms}
		for _, w := range tc.drawn {
			p.Frame(w, 0, w/2, true)
		}
		every, slow := p.Interval()
		if every != tc.every || slow != tc.slow {
			t.Errorf("%s: Interval() = %v, %v; want %v, %v", tc.name, every, slow, tc.every, tc.slow)
		}
		// Plan agrees: a slow pace draws once every is over, not before.
		if slow {
			if d, _ := p.Plan(every-ms, false); d {
				t.Errorf("%s: Plan draws %v before the interval", tc.name, ms)
			}
			if d, _ := p.Plan(every, false); !d {
				t.Errorf("%s: Plan does not draw after the interval", tc.name)
			}
		}
	}
}
