package model

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/examples"
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

// usesModel uses its constants in every kind of place: a group's size, a
// connect probability, a delay, initial values, equations, on_pre,
// PoissonGroup rates given as a constant and as code, and a constant
// computed from a structural one.
const usesModel = `
[model]
name = "uses"
description = "Mentions w, n and every other constant: the description is not code."
[constants]
n = 10
n2 = "2*n"
p = 0.5
d = "1*ms"
v0 = "-60*mV"
tau = "10*ms"
w = "1*mV"
unused = "3*mV"
r1 = "5*Hz"
r2 = "7*Hz"
[[neurons]]
name = "G"
N = "n2"
model = "dv/dt = (v0 - v)/tau : volt"
threshold = "v > 0*mV"
[neurons.init]
v = "v0"
[[poisson]]
name = "P1"
N = 3
rates = "r1"
[[poisson]]
name = "P2"
N = 3
rates = "r2*(1 + 0*i)"
[[synapses]]
name = "S"
source = "G"
on_pre = "v_post += w"
delay = "d"
[[synapses.connect]]
p = "p"
[[plots]]
type = "raster"
monitor = "m"
title = "tau and w"
[[monitors]]
name = "m"
type = "spike"
source = "G"
[[controls]]
param = "w"
min = "0*mV"
max = "2*mV"
[[controls]]
param = "tau"
min = "1*ms"
max = "20*ms"
[[controls]]
param = "p"
min = 0
max = 1
[[controls]]
param = "v0"
min = "-70*mV"
max = "-50*mV"
`

// TestConstantUse checks where the file's constants are found to be used:
// a constant is as demanding as its most demanding use, or that of a
// constant computed from it.
func TestConstantUse(t *testing.T) {
	f, err := Load("uses.toml", []byte(usesModel))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		use   ConstantUse
		where string
	}{
		{"n", UseStructure, "[[neurons]] 'G' n"}, // through n2
		{"n2", UseStructure, "[[neurons]] 'G' n"},
		{"p", UseStructure, "[[synapses]] 'S' connect.p"},
		{"d", UseStructure, "[[synapses]] 'S' delay"},
		{"v0", UseInit, "[[neurons]] 'G' init"},
		{"tau", UseRuntime, "[[neurons]] 'G' model"},
		{"w", UseRuntime, "[[synapses]] 'S' on_pre"},
		{"unused", UseRuntime, ""},
		{"r1", UseRuntime, "[[poisson]] 'P1' rates"}, // a constant: the rates variable, which follows a live constant (followRates)
		{"r2", UseRuntime, "[[poisson]] 'P2' rates"},
	}
	for _, tc := range tests {
		use, where := f.ConstantUse(tc.name)
		if use != tc.use || where != tc.where {
			t.Errorf("ConstantUse(%s) = %d, %q; want %d, %q", tc.name, use, where, tc.use, tc.where)
		}
	}
	if got, want := f.LiveControls(), []string{"tau", "v0", "w"}; !reflect.DeepEqual(got, want) {
		t.Errorf("LiveControls() = %v, want %v", got, want)
	}
}

// liveWe is CUBA shortened to 2 × 60 ms; scheduledWe is the same model
// whose [[schedule]] sets we between the two runs.
func liveWe(t *testing.T) (plain, scheduled string) {
	t.Helper()
	src, err := examples.Read("cuba.toml")
	if err != nil {
		t.Fatal(err)
	}
	plain = strings.Replace(string(src), `duration = "1*second"`, `duration = "120*ms"`, 1)
	scheduled = strings.Replace(string(src), `duration = "1*second"`, "", 1) +
		"\n[[schedule]]\nrun = \"60*ms\"\n[[schedule]]\nset = {we = \"0.5*we + 1*mV\"}\n[[schedule]]\nrun = \"60*ms\"\n"
	return plain, scheduled
}

// TestSetConstantLikeSchedule checks the meaning of a live change of a
// constant: CUBA built with we live, run 60 ms, we changed with
// SetConstant, run 60 ms more, gives bit for bit the results of the same
// model whose [[schedule]] sets we at 60 ms; and the change matters (the
// results differ from a run without it). Building we live changes
// nothing by itself: the unchanged run equals the plain build's.
func TestSetConstantLikeSchedule(t *testing.T) {
	plainSrc, schedSrc := liveWe(t)
	run := func(src string, live []string, change func(b *Built)) *Results {
		t.Helper()
		f, err := Load("cuba.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		b, err := BuildWith(f, Options{Live: live})
		if err != nil {
			t.Fatal(err)
		}
		if change == nil {
			if _, err := b.Run(0); err != nil {
				t.Fatal(err)
			}
		} else {
			if _, err := b.Net.Run(0.06); err != nil {
				t.Fatal(err)
			}
			change(b)
			if _, err := b.Net.Run(0.06); err != nil {
				t.Fatal(err)
			}
		}
		r := b.Results(0, true)
		r.WallSeconds, r.BuildSeconds, r.Duration = 0, 0, 0
		return r
	}
	want := run(schedSrc, nil, nil)
	got := run(plainSrc, []string{"we"}, func(b *Built) {
		if !b.IsLive("we") || b.IsLive("wi") {
			t.Errorf("IsLive(we) = %v, IsLive(wi) = %v; want true, false", b.IsLive("we"), b.IsLive("wi"))
		}
		if err := b.SetConstant("we", "0.5*we + 1*mV"); err != nil {
			t.Fatal(err)
		}
		v, _ := b.ConstantValue("we")
		if want := 0.5*(60*0.27/10)*1e-3 + 1e-3; math.Abs(v-want) > 1e-18 {
			t.Errorf("we = %v after the change, want %v", v, want)
		}
	})
	if !reflect.DeepEqual(got, want) {
		t.Error("a live change of we differs from the [[schedule]] set of it")
	}
	unchanged := run(plainSrc, []string{"we"}, func(*Built) {})
	if reflect.DeepEqual(unchanged, want) {
		t.Error("the change of we changed nothing")
	}
	if plain := run(plainSrc, nil, nil); !reflect.DeepEqual(plain, unchanged) {
		t.Error("building we live changed the results")
	}
}

// TestSetConstantErrors checks SetConstant's refusals: b is unchanged.
func TestSetConstantErrors(t *testing.T) {
	f, err := Load("uses.toml", []byte(usesModel))
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildWith(f, Options{Live: f.LiveControls()})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, value, want string }{
		{"w", "5*ms", `w is in volt in the model, but "5*ms" is in second`},
		{"w", "rand()*mV", "must be a constant expression"},
		{"w", "2*", "expected an expression"},
		{"d", "2*ms", "compiled into the model"},
		{"nope", "1", "unknown constant 'nope'"},
	}
	for _, tc := range tests {
		err := b.SetConstant(tc.name, tc.value)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetConstant(%s, %s) = %v, want %q", tc.name, tc.value, err, tc.want)
		}
	}
	if v, _ := b.ConstantValue("w"); v != 1e-3 {
		t.Errorf("w = %v after refused changes, want 1 mV", v)
	}
}

// TestSetConstantDerived checks that the constants computed from a live
// one follow it, as with a [[schedule]] set: b = 2*a, and G[1] climbs at
// b, so it fires twice as often after a goes from 70 Hz to 140 Hz.
func TestSetConstantDerived(t *testing.T) {
	src := strings.Replace(scheduleConstants, `set = {a = "2*a", d = "20*ms"}`, `set = {d = "20*ms"}`, 1)
	f, err := Load("sched.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildWith(f, Options{Live: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if !b.IsLive("b") {
		t.Fatal("b = 2*a is not live with a")
	}
	if _, err := b.Net.Run(0.1); err != nil {
		t.Fatal(err)
	}
	if err := b.SetConstant("a", "2*a"); err != nil {
		t.Fatal(err)
	}
	if a, _ := b.ConstantValue("a"); a != 140 {
		t.Errorf("a = %v, want 140", a)
	}
	if v, _ := b.ConstantValue("b"); v != 280 {
		t.Errorf("b = %v, want 280 (2*a)", v)
	}
	if _, err := b.Net.Run(0.1); err != nil {
		t.Fatal(err)
	}
	count := func(from, to float64) int {
		n := 0
		m := b.Results(0, false).Monitors["g"]
		for x, i := range m["i"].([]int32) {
			if ts := m["t"].(Floats)[x]; i == 1 && ts >= from && ts < to {
				n++
			}
		}
		return n
	}
	// G[1] fires every ceil(1/(r*dt)) steps, as in TestScheduleConstants.
	for k, r := range []float64{140, 280} {
		period := math.Ceil(1/r/1e-4+1e-9) * 1e-4
		want := 0.1 / period
		if got := count(float64(k)*0.1, float64(k+1)*0.1); math.Abs(float64(got)-want) > 1 {
			t.Errorf("run %d: G[1] fired %d times, want %.1f ± 1", k+1, got, want)
		}
	}
}

// TestSetConstantBoolean: a boolean constant takes true or false while the
// model runs, and a number constant a number; code that reads the boolean
// sees the change.
func TestSetConstantBoolean(t *testing.T) {
	src := `
[model]
name = "flag"
[run]
dt = "0.1*ms"
duration = "1*ms"
[constants]
on = true
n = 2
[[neurons]]
name = "G"
N = 1
model = "x : 1"
[[neurons.run_regularly]]
code = "x = int(on)*n"
dt = "0.1*ms"
`
	f, err := Load("flag.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := BuildWith(f, Options{Live: []string{"on", "n"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, value, want string }{
		{"on", "0.5", `on is boolean in the model, but "0.5" is float`},
		{"on", "1", `on is boolean in the model, but "1" is integer`},
		{"n", "True", `n is integer in the model, but "True" is boolean`},
	} {
		if err := b.SetConstant(tc.name, tc.value); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("SetConstant(%s, %s) = %v, want %q", tc.name, tc.value, err, tc.want)
		}
	}
	if err := b.SetConstant("on", "False"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
	if x, err := b.Groups["G"].Values("x"); err != nil || x[0] != 0 {
		t.Errorf("x = %v (%v) with on = False, want 0", x, err)
	}
}
