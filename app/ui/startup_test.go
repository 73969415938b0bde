package ui

import (
	"testing"
	"time"

	"github.com/myelin-sim/myelin/render"
)

// fitLinear is fit as it was: runes dropped one at a time.
func fitLinear(s string, size, w float64) string {
	if render.TextWidth(s, size) <= w {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && render.TextWidth(string(r)+"…", size) > w {
		r = r[:len(r)-1]
	}
	if len(r) == 0 {
		return ""
	}
	return string(r) + "…"
}

// TestFit checks that fit's bisection keeps exactly what dropping one
// rune at a time keeps, for texts and widths of every kind.
func TestFit(t *testing.T) {
	texts := []string{"", "a", "Hodgkin-Huxley neuron — hh.toml", "Leaky integrate-and-fire neurons driven by increasing constant currents: a firing-rate versus current (f-I) curve.", "µS ≥ 20 mV · ∞", "WWWWWWWWWWiiiiiiiiii"}
	for _, s := range texts {
		for w := 0.0; w < 700; w += 7 {
			if got, want := fit(s, 12, w), fitLinear(s, 12, w); got != want {
				t.Errorf("fit(%q, %g) = %q, want %q", s, w, got, want)
			}
		}
	}
}

// TestExamplesDelay checks that a view without a model opens the
// examples list by itself only after ExamplesDelay.
func TestExamplesDelay(t *testing.T) {
	ex := []Example{{File: "a.toml", Name: "A", Description: "a"}}
	v := &View{C: NewController(), Examples: ex, LoadExample: func(string) {}, ExamplesDelay: 50 * time.Millisecond}
	drawn(v, 640, 400)
	if !v.lay.Examples.Empty() {
		t.Error("the examples list opened at once")
	}
	time.Sleep(60 * time.Millisecond)
	drawn(v, 640, 400)
	if v.lay.Examples.Empty() {
		t.Error("the examples list did not open after the delay")
	}
	// Without a delay (the desktop) it opens at once.
	v = &View{C: NewController(), Examples: ex, LoadExample: func(string) {}}
	drawn(v, 640, 400)
	if v.lay.Examples.Empty() {
		t.Error("no delay: the examples list is closed")
	}
}
