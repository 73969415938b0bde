package model

import (
	"math"
	"strings"
	"testing"
)

// scheduleConstants is a model whose [[schedule]] changes constants between
// two runs of 100 ms: a, which drives neuron 0, and through b = 2*a neuron
// 1; d, the delay of the synapses, which Brian2 fixes when the synapses are
// created; and tref, the refractory period.
const scheduleConstants = `
[model]
name = "schedule constants"
[run]
dt = "0.1*ms"
[constants]
a = "70*Hz"
b = "2*a"
d = "5*ms"
tref = "0*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = (1 + i)*a*(1 - i) + i*b : 1 (unless refractory)"
threshold = "v > 1"
reset = "v = 0"
refractory = "tref"
method = "euler"
[[neurons]]
name = "H"
N = 1
model = "v : 1"
threshold = "v > 0.5"
reset = "v = 0"
[[synapses]]
name = "S"
source = "G[0:1]"
target = "H"
on_pre = "v += 1"
delay = "d"
[[synapses.connect]]
i = 0
j = 0
[[monitors]]
name = "g"
type = "spike"
source = "G"
[[monitors]]
name = "h"
type = "spike"
source = "H"
[[schedule]]
run = "100*ms"
[[schedule]]
set = {a = "2*a", d = "20*ms"}
[[schedule]]
run = "100*ms"
[[schedule]]
set = {tref = "10*ms"}
[[schedule]]
run = "100*ms"
`

// TestScheduleConstants checks that constants set by [[schedule]] steps
// change the code that runs after them, as in a Brian2 script that assigns
// them between runs: v of neuron k climbs at the rate r_k, so it fires
// every 1/r_k (one step more for the threshold's strict >), and after a
// refractory period of tref it fires at 1/(1/r_k + tref).
func TestScheduleConstants(t *testing.T) {
	f, err := Load("sched.toml", []byte(scheduleConstants))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
	r := b.Results(0, false)
	g, h := r.Monitors["g"], r.Monitors["h"]
	gi, gt := g["i"].([]int32), g["t"].(Floats)
	count := func(k int, from, to float64) int {
		n := 0
		for x, i := range gi {
			if int(i) == k && gt[x] >= from && gt[x] < to {
				n++
			}
		}
		return n
	}
	const dt = 1e-4
	rate := [][2]float64{{70, 140}, {140, 280}, {140, 280}} // per run, neurons 0 and 1
	for run, r := range rate {
		for k := range 2 {
			period := math.Ceil(1/r[k]/dt+1e-9)*dt + float64(run/2)*10e-3
			want := 0.1 / period
			if got := count(k, float64(run)*0.1, float64(run+1)*0.1); math.Abs(float64(got)-want) > 1 {
				t.Errorf("run %d: neuron %d fired %d times, want %.1f ± 1", run+1, k, got, want)
			}
		}
	}
	// H fires one step after each spike of G[0] arrives, 5 ms later: the
	// delay stays what it was when the synapses were created.
	ht := h["t"].(Floats)
	var g0 []float64
	for x, i := range gi {
		if i == 0 {
			g0 = append(g0, gt[x])
		}
	}
	if len(ht) < len(g0)-1 || len(ht) == 0 {
		t.Fatalf("H fired %d times for %d inputs", len(ht), len(g0))
	}
	for k := range ht {
		if d := ht[k] - g0[k]; math.Abs(d-5e-3-dt) > 1e-9 {
			t.Errorf("spike %d of G[0] at %g s reached H after %g s, want 5 ms + dt", k, g0[k], d)
			break
		}
	}
}

func TestScheduleConstantErrors(t *testing.T) {
	tests := []struct{ set, want string }{
		{`a = "5*mV"`, `sched.toml:45:12: a is in hertz in the model, but "5*mV" is in volt`},
		{`a = "a*rand()"`, `must be a constant expression`},
		{`a = "2*"`, `sched.toml:45:15: expected an expression`},
	}
	for _, tc := range tests {
		src := strings.Replace(scheduleConstants, `set = {a = "2*a", d = "20*ms"}`, "set = {"+tc.set+"}", 1)
		f, err := Load("sched.toml", []byte(src))
		if err == nil {
			_, err = Build(f)
		}
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("set %s: error %v, want %q", tc.set, err, tc.want)
		}
	}
}

// TestSchedulePoissonRate checks that a PoissonGroup whose rates use a
// constant follows the schedule's change of it: 1000 neurons at 10 Hz,
// then at 50 Hz, for 0.5 s each, fire 5000 ± 71 and 25000 ± 158 times.
func TestSchedulePoissonRate(t *testing.T) {
	src := `
[run]
dt = "0.1*ms"
[constants]
rate = "10*Hz"
[[poisson]]
name = "P"
N = 1000
rates = "rate"
[[monitors]]
name = "s"
type = "spike"
source = "P"
[[schedule]]
run = "500*ms"
[[schedule]]
set = {rate = "5*rate"}
[[schedule]]
run = "500*ms"
`
	f, err := Load("p.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
	var before, after float64
	for _, x := range b.Results(0, false).Monitors["s"]["t"].(Floats) {
		if x < 0.5 {
			before++
		} else {
			after++
		}
	}
	if math.Abs(before-5000) > 4*math.Sqrt(5000) || math.Abs(after-25000) > 4*math.Sqrt(25000) {
		t.Errorf("%g spikes at 10 Hz, %g at 50 Hz; want 5000 and 25000", before, after)
	}
}
