package model

import (
	"math"
	"strings"
	"testing"
)

// TestBuildRuntime builds a model that uses every kind of group and input
// the simulator runs, and checks what is deterministic about it.
func TestBuildRuntime(t *testing.T) {
	f, err := LoadFile("testdata/runtime.toml")
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
	r := b.Results(0, true)
	gen := r.Monitors["gen"]
	i, times := gen["i"].([]int32), gen["t"].(Floats)
	want := []float64{0.010, 0.020, 0.030}
	if len(i) != 3 || i[0] != 0 || i[1] != 1 || i[2] != 0 {
		t.Fatalf("spike generator indices %v", i)
	}
	for k, w := range want {
		if math.Abs(times[k]-w) > 1e-12 {
			t.Errorf("spike generator spike %d at %v s, want %v s", k, times[k], w)
		}
	}
	if r.Monitors["half"]["event"] != "half" {
		t.Errorf("event monitor: %v", r.Monitors["half"]["event"])
	}
	// The linked variable x of G reads H.y = i/N.
	x := r.Groups["G"].Variables["x"].Values.(Floats)
	if x[10] != 0.5 {
		t.Errorf("G.x[10] = %v, want H.y[10] = 0.5", x[10])
	}
	// The Poisson group fires at 200 Hz: over 100 ms and 5 neurons, 100
	// spikes are expected (standard deviation 10).
	rates := r.Monitors["prate"]["rate"].(Floats)
	sum := 0.0
	for _, v := range rates {
		sum += v
	}
	if mean := sum / float64(len(rates)); mean < 140 || mean > 260 {
		t.Errorf("Poisson group rate %v Hz, want about 200 Hz", mean)
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{`[model]
name = "x"
[run]
duration = "1*ms"
[[neurons]]
name = "G"
N = 2
model = "v : volt"
[[monitors]]
name = "m"
type = "state"
source = "G"
variables = ["v"]
`, "9:1: state monitor m needs record"},
		{`[model]
name = "x"
[run]
duration = "1*ms"
[[neurons]]
name = "G"
N = 2
model = "v : volt"
[neurons.init]
v = "3"
`, "10:6: cannot assign a value in 1 (dimensionless) to 'v', which is in volt"},
	}
	for _, tc := range tests {
		f, err := Load("m.toml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Build(f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build: %v\nwant an error containing %q", err, tc.want)
		}
	}
}

// TestBuildSynapseMonitor records a plastic weight through a state monitor
// whose source is a [[synapses]], as CONTRACT.md allows.
func TestBuildSynapseMonitor(t *testing.T) {
	src := `[model]
name = "weights"
[run]
duration = "2*ms"
[[neurons]]
name = "G"
N = 3
model = "v : 1"
threshold = "i == 0"
[[synapses]]
name = "S"
source = "G"
model = "w : 1"
on_pre = "w += 0.5"
[[synapses.connect]]
condition = "i != j"
[[monitors]]
name = "weights"
type = "state"
source = "S[0:2]"
variables = ["w"]
record = true
dt = "1*ms"
`
	f, err := Load("w.toml", []byte(src))
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
	m := b.Results(0, false).Monitors["weights"]
	rows := m["variables"].(map[string]Recorded)["w"].Values.([]Floats)
	// Neuron 0 fires every step: its two synapses gain 0.5 per step, and
	// the monitor sees 10 steps' worth at 1 ms.
	if len(rows) != 2 || rows[0][1] != 5 || rows[1][1] != 5 {
		t.Errorf("recorded weights %v", rows)
	}
}

// TestBuildPathwayDelays gives each pathway its own delay with a table, as
// Brian2's Synapses(delay={'pre': ..., 'late': ...}); Brian2 2.5.1 records
// the same trace for this model (checked with its exported script).
func TestBuildPathwayDelays(t *testing.T) {
	src := `[model]
name = "pathway delays"
[run]
duration = "5*ms"
[[neurons]]
name = "G"
N = 2
model = "v : 1"
threshold = "i == 0 and t < 0.05*ms"
[[synapses]]
name = "S"
source = "G"
on_pre = {pre = "v_post += 1", late = "v_post -= 0.5"}
delay = {pre = "1*ms", late = "3*ms"}
[[synapses.connect]]
i = [0]
j = [1]
[[monitors]]
name = "v"
type = "state"
source = "G"
variables = ["v"]
record = [1]
dt = "0.5*ms"
`
	f, err := Load("d.toml", []byte(src))
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
	rows := b.Results(0, false).Monitors["v"]["variables"].(map[string]Recorded)["v"].Values.([]Floats)
	want := []float64{0, 0, 0, 1, 1, 1, 1, 0.5, 0.5, 0.5}
	for k, w := range want {
		if rows[0][k] != w {
			t.Fatalf("v of neuron 1: %v, want %v", rows[0], want)
		}
	}
}

// TestBuildInitOrder checks that synapses' initial values see the neurons'
// (the neurons are initialised first, as a Brian2 script usually does).
func TestBuildInitOrder(t *testing.T) {
	src := `[model]
name = "order"
[run]
duration = "1*ms"
[[neurons]]
name = "G"
N = 3
model = "x : 1"
[neurons.init]
x = "i + 1"
[[synapses]]
name = "S"
source = "G"
model = "w : 1"
[[synapses.connect]]
condition = "i != j"
[synapses.init]
w = "x_pre*10 + x_post"
`
	f, err := Load("o.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	s := b.Synapses["S"]
	w, _ := s.Values("w")
	I, J := s.I(), s.J()
	for k := range w {
		if want := float64(I[k]+1)*10 + float64(J[k]+1); w[k] != want {
			t.Errorf("synapse %d->%d: w = %v, want %v", I[k], J[k], w[k], want)
		}
	}
}
