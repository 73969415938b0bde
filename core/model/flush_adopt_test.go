package model

import (
	"math"
	"testing"
)

// flushModel halves v every step from 1e-300: v is subnormal from step 26
// on, and flushed to zero at the first step that checks (a multiple of
// kernel.FlushEvery).
const flushModel = `
[model]
name = "sub"
[run]
dt = "0.1*ms"
[constants]
tau = "0.2*ms"
[[neurons]]
name = "G"
N = 4
model = "dv/dt = -v/tau : 1"
method = "euler"
[neurons.init]
v = "1e-300"
[[monitors]]
name = "m"
type = "state"
source = "G"
variables = ["v"]
record = [0]
`

// TestAdoptFlush: a state carried by AdoptState into a rebuilt network
// continues bit for bit as the run straight through, subnormal values
// included: the steps that flush them depend on the step, which AdoptState
// carries, not on what the new network's kernels ran before.
func TestAdoptFlush(t *testing.T) {
	build := func() *Built {
		f, err := Load("s.toml", []byte(flushModel))
		if err != nil {
			t.Fatal(err)
		}
		b, err := Build(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	const total = 0.008 // 80 steps
	ref := build()
	if _, err := ref.Run(total); err != nil {
		t.Fatal(err)
	}
	x := ref.Monitors[0].State.Values[0][0]
	if len(x) != 80 || x[29] == 0 || math.Abs(x[29]) >= 0x1p-1022 || x[65] != 0 {
		t.Fatalf("straight run: %d values, v[29] = %g, v[65] = %g: want 80, subnormal, 0 (the monitor records before the update)", len(x), x[29], x[65])
	}
	for _, at := range []float64{0.003, 0.0063, 0.0064, 0.0065} {
		a := build()
		if _, err := a.Run(at); err != nil {
			t.Fatal(err)
		}
		b := build()
		if _, err := b.Run(0.0011); err != nil { // the new network's kernels have a history of their own
			t.Fatal(err)
		}
		if err := b.AdoptState(a); err != nil {
			t.Fatal(err)
		}
		if _, err := b.Run(total - at); err != nil {
			t.Fatal(err)
		}
		y := b.Monitors[0].State.Values[0][0]
		if len(y) != len(x) {
			t.Fatalf("adopted at %g s: %d values recorded, want %d", at, len(y), len(x))
		}
		for k := range x {
			if math.Float64bits(x[k]) != math.Float64bits(y[k]) {
				t.Fatalf("adopted at %g s: step %d: straight %g, adopted %g", at, k, x[k], y[k])
			}
		}
	}
}
