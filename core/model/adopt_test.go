package model

import (
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"
)

// runJSON returns the results of b as JSON, without the wall-clock times.
func runJSON(t *testing.T, b *Built) string {
	t.Helper()
	r := b.Results(0, true)
	r.BuildSeconds = 0
	data, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func buildFile(t *testing.T, path string, sets ...string) *Built {
	t.Helper()
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k+1 < len(sets); k += 2 {
		if err := f.Override(sets[k], sets[k+1]); err != nil {
			t.Fatal(err)
		}
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestAdoptStateSeamless runs models for t1, rebuilds them unchanged, lets
// the new build adopt the state and runs on to t1+t2: every recording and
// every final value must be bit-identical to an unbroken run of t1+t2. The
// models cover delayed spikes in flight (CUBA, Brunel-Hakim), noise drawn
// from the random generator (xi, Poisson groups and inputs), plastic
// synapses with pre and post pathways (STDP), refractoriness held by a
// condition (COBAHH), spike generators, custom events, linked variables
// and run_regularly (runtime.toml), and a SpatialNeuron (hh_axon).
func TestAdoptStateSeamless(t *testing.T) {
	tests := []struct {
		path   string
		t1, t2 float64
	}{
		{"../../examples/cuba.toml", 0.0503, 0.03},
		{"../../examples/brunel_hakim.toml", 0.0301, 0.02},
		{"../../examples/stdp.toml", 0.2, 0.1},
		{"../../examples/cobahh.toml", 0.02, 0.01},
		{"../../examples/adaptive_threshold.toml", 0.1, 0.05},
		{"testdata/runtime.toml", 0.0155, 0.05},
		{"../../examples/hh_axon.toml", 0.005, 0.003},
	}
	for _, tc := range tests {
		t.Run(tc.path[strings.LastIndexByte(tc.path, '/')+1:], func(t *testing.T) {
			whole := buildFile(t, tc.path)
			if _, err := whole.Net.Run(tc.t1 + tc.t2); err != nil {
				t.Fatal(err)
			}
			first := buildFile(t, tc.path)
			if _, err := first.Net.Run(tc.t1); err != nil {
				t.Fatal(err)
			}
			second := buildFile(t, tc.path)
			if err := second.AdoptState(first); err != nil {
				t.Fatal(err)
			}
			if _, err := second.Net.Run(tc.t2); err != nil {
				t.Fatal(err)
			}
			if whole.Net.Step() != second.Net.Step() {
				t.Fatalf("step %d after adoption, want %d", second.Net.Step(), whole.Net.Step())
			}
			want, got := runJSON(t, whole), runJSON(t, second)
			if want != got {
				t.Errorf("results after adoption differ from an unbroken run (%d vs %d bytes)", len(got), len(want))
			}
			if !strings.Contains(want, `"i":[`) && !strings.Contains(want, `"t":[0`) {
				t.Errorf("nothing was recorded: the comparison is empty")
			}
		})
	}
}

// TestAdoptStateChangedConstant silences a spiking Hodgkin-Huxley neuron by
// rebuilding it with g_na = 0 while it runs: it fires before the change, the
// unchanged run fires after it, the adopted one does not, and its recording
// before the change is the unchanged run's.
func TestAdoptStateChangedConstant(t *testing.T) {
	const path, t1, t2 = "../../examples/hh.toml", 0.03, 0.03
	whole := buildFile(t, path, "HH.I", "0.5*nA")
	if _, err := whole.Net.Run(t1 + t2); err != nil {
		t.Fatal(err)
	}
	first := buildFile(t, path, "HH.I", "0.5*nA")
	if _, err := first.Net.Run(t1); err != nil {
		t.Fatal(err)
	}
	silenced := buildFile(t, path, "HH.I", "0.5*nA", "g_na", "0*msiemens")
	if err := silenced.AdoptState(first); err != nil {
		t.Fatal(err)
	}
	if _, err := silenced.Net.Run(t2); err != nil {
		t.Fatal(err)
	}
	count := func(b *Built, from, to float64) int {
		n := 0
		for _, ts := range b.Monitors[0].Spike.T {
			if ts >= from && ts < to {
				n++
			}
		}
		return n
	}
	before, after := count(whole, 0, t1), count(whole, t1+0.003, t1+t2)
	if before < 2 || after < 2 {
		t.Fatalf("the unchanged neuron fires %d spikes before and %d after %v s: the test needs a spiking neuron", before, after, t1)
	}
	if got := count(silenced, 0, t1); got != before {
		t.Errorf("%d spikes before the change, want %d", got, before)
	}
	// Sodium channels already open at the change may end a spike under way;
	// none starts after it.
	if got := count(silenced, t1+0.003, t1+t2); got != 0 {
		t.Errorf("%d spikes after g_na was set to 0, want none", got)
	}
	tr, wtr := silenced.Monitors[1].State, whole.Monitors[1].State
	for k, ts := range wtr.T {
		if ts >= t1 {
			break
		}
		if tr.Values[0][0][k] != wtr.Values[0][0][k] {
			t.Fatalf("v at %v s is %v, want %v: the trace before the change was not kept", ts, tr.Values[0][0][k], wtr.Values[0][0][k])
		}
	}
	if len(tr.T) != len(wtr.T) {
		t.Errorf("%d samples, want %d", len(tr.T), len(wtr.T))
	}
	// right after the change, v continues from where it was
	k := len(first.Monitors[1].State.T)
	if d := tr.Values[0][0][k] - wtr.Values[0][0][k]; d > 1e-3 || d < -1e-3 {
		t.Errorf("v jumps by %v V at the change", d)
	}
}

// adoptModel is a small model for TestAdoptStateStructure: %s is replaced
// by extra lines for the monitors.
const adoptModel = `
[model]
name = "adopt"
[run]
dt = "0.1*ms"
duration = "20*ms"
seed = 1
[constants]
N = 50
p = 0.2
delay = "1*ms"
[[neurons]]
name = "G"
N = "N"
model = "dv/dt = (1.5 - v)/(10*ms) : 1"
threshold = "v > 1"
reset = "v = 0"
[neurons.init]
v = "rand()"
[[synapses]]
name = "S"
source = "G"
target = "G"
on_pre = "v += 0.01"
delay = "delay"
[[synapses.connect]]
p = "p"
[[monitors]]
name = "spikes"
type = "spike"
source = "G"
%s`

// TestAdoptStateStructure refuses to adopt the state of a model of another
// structure, with a one-line error, and leaves the new build as it was; a
// changed synaptic delay is no change of structure.
func TestAdoptStateStructure(t *testing.T) {
	build := func(extra string, sets ...string) *Built {
		t.Helper()
		f, err := Load("adopt.toml", []byte(strings.Replace(adoptModel, "%s", extra, 1)))
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k+1 < len(sets); k += 2 {
			if err := f.Override(sets[k], sets[k+1]); err != nil {
				t.Fatal(err)
			}
		}
		b, err := Build(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old := build("")
	if _, err := old.Net.Run(0.01); err != nil {
		t.Fatal(err)
	}
	const rate = `
[[monitors]]
name = "rate"
type = "rate"
source = "G"
`
	tests := []struct {
		extra string
		sets  []string
		want  string // "" when the adoption works
	}{
		{"", []string{"N", "60"}, "G has 60 neurons instead of 50"},
		{"", []string{"p", "0.3"}, "Synapses S has"},
		{rate, nil, "2 monitors instead of 1"},
		{"", []string{"delay", "2*ms"}, ""},
		{"", []string{"G.v", "0"}, ""},
	}
	for _, tc := range tests {
		b := build(tc.extra, tc.sets...)
		err := b.AdoptState(old)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%v: %v", tc.sets, err)
			} else if _, err := b.Net.Run(0.01); err != nil {
				t.Errorf("%v: %v", tc.sets, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%v %q: adopted", tc.sets, tc.extra)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
			t.Errorf("%v: error %q, want one line with %q", tc.sets, msg, tc.want)
		}
		if b.Net.Step() != 0 || len(b.Monitors[0].Spike.I) != 0 {
			t.Errorf("%v: the new build was changed", tc.sets)
		}
	}
}

// TestAdoptStateScheduledConstants: a constant that a [[schedule]] step set
// keeps the value the run gave it, unless the rebuild changed it in the
// file; constants computed from it follow.
func TestAdoptStateScheduledConstants(t *testing.T) {
	const src = `
[model]
name = "live"
[run]
dt = "0.1*ms"
seed = 1
[constants]
I0 = 0.5
I1 = "2*I0"
tau = "10*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = (I1 - v)/tau : 1"
[[schedule]]
run = "5*ms"
[[schedule]]
set = {I0 = 1.5}
[[schedule]]
run = "5*ms"
`
	build := func(sets ...string) *Built {
		t.Helper()
		f, err := Load("live.toml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k+1 < len(sets); k += 2 {
			if err := f.Override(sets[k], sets[k+1]); err != nil {
				t.Fatal(err)
			}
		}
		b, err := Build(f)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	old := build()
	if _, err := old.Run(0); err != nil {
		t.Fatal(err)
	}
	if old.live["I0"] == nil || old.live["I0"].Data[0] != 1.5 || old.live["I1"].Data[0] != 3 {
		t.Fatalf("the schedule did not set I0 and I1: %v", old.live)
	}
	tests := []struct {
		sets   []string
		i0, i1 float64
	}{
		{nil, 1.5, 3},                       // the run's values
		{[]string{"tau", "20*ms"}, 1.5, 3},  // another constant changed
		{[]string{"I0", "0.25"}, 0.25, 0.5}, // this one changed: the new value
	}
	for _, tc := range tests {
		b := build(tc.sets...)
		if err := b.AdoptState(old); err != nil {
			t.Fatal(err)
		}
		if got0, got1 := b.live["I0"].Data[0], b.live["I1"].Data[0]; got0 != tc.i0 || got1 != tc.i1 {
			t.Errorf("%v: I0 = %v, I1 = %v after adoption, want %v and %v", tc.sets, got0, got1, tc.i0, tc.i1)
		}
	}
}

// TestAdoptStateBrian2 sets g_na to 0 after 30 ms of the example HH neuron
// as scripts/brian2/hh_adopt.py does in Brian2 between two runs: the spikes
// and the trace of v, before and after the change, must be Brian2's.
func TestAdoptStateBrian2(t *testing.T) {
	raw, err := os.ReadFile("../../testdata/brian2/hh_adopt.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		T1, T2 float64
		SpikeT []float64 `json:"spike_t"`
		T, V   []float64
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	const path = "../../examples/hh.toml"
	first := buildFile(t, path, "HH.I", "0.5*nA")
	if _, err := first.Net.Run(ref.T1); err != nil {
		t.Fatal(err)
	}
	b := buildFile(t, path, "HH.I", "0.5*nA", "g_na", "0*siemens")
	if err := b.AdoptState(first); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Net.Run(ref.T2); err != nil {
		t.Fatal(err)
	}
	spikes := b.Monitors[0].Spike.T
	if len(spikes) != len(ref.SpikeT) || len(spikes) == 0 {
		t.Fatalf("spikes at %v s, Brian2 at %v s", spikes, ref.SpikeT)
	}
	for k, s := range spikes {
		if math.Abs(s-ref.SpikeT[k]) > b.Net.DT/2 {
			t.Errorf("spike %d at %v s, Brian2 at %v s", k, s, ref.SpikeT[k])
		}
	}
	tr := b.Monitors[1].State
	if len(tr.T) != len(ref.T) {
		t.Fatalf("%d samples of v, Brian2 %d", len(tr.T), len(ref.T))
	}
	worst := 0.0
	for k, v := range tr.Values[0][0] {
		worst = math.Max(worst, math.Abs(v-ref.V[k]))
	}
	if worst > 1e-9 {
		t.Errorf("v differs from Brian2's by up to %g V", worst)
	}
	t.Logf("largest difference of v from Brian2: %g V", worst)
}
