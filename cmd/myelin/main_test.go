package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.toml")
	os.WriteFile(good, []byte(`
[model]
name = "one"
[run]
duration = "10*ms"
[constants]
tau = "10*ms"
[[neurons]]
name = "G"
N = 3
model = "dv/dt = (1.1 - v)/tau : 1"
threshold = "v > 1"
reset = "v = 0"
[[monitors]]
name = "s"
type = "spike"
source = "G"
`), 0o644)
	bad := filepath.Join(dir, "bad.toml")
	os.WriteFile(bad, []byte("[model]\nname = \"b\"\n[run]\nduration = \"10*ms\"\n[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"dv/dt = -v/taux : volt\"\n"), 0o644)
	blowup := filepath.Join(dir, "blowup.toml")
	os.WriteFile(blowup, []byte(`
[model]
name = "blowup"
[run]
duration = "100*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = v/(0.01*ms) : 1"
[neurons.init]
v = "1"
[[monitors]]
name = "trace"
type = "state"
source = "G"
variables = ["v"]
record = true
`), 0o644)
	huge := filepath.Join(dir, "huge.toml")
	os.WriteFile(huge, []byte(`
[model]
name = "huge"
[run]
duration = "10*ms"
[constants]
N = 10000000
p = 0.5
[[neurons]]
name = "G"
N = "N"
model = "dv/dt = -v/(10*ms) : 1"
threshold = "v > 1"
[[synapses]]
name = "S"
source = "G"
model = "w : 1"
on_pre = "v += w"
[[synapses.connect]]
p = "p"
`), 0o644)
	tests := []struct {
		args []string
		code int
		out  string
	}{
		// Refused before anything is allocated, with the estimate.
		{[]string{"run", huge}, 1, "huge.toml:19:1: the model needs about 1273.3 TiB (S: about 5e+13 synapses), more than the"},
		{[]string{"check", huge}, 1, "[[synapses]] S: about 5e+13 synapses, about 1273.3 TiB"},
		{[]string{"run", good, "--max-memory", "16"}, 1, "good.toml:10:5: the model needs about 48 B (G: 3 neurons), more than the 16 B of memory given with --max-memory"},
		{[]string{"run", good, "--max-memory", "lots"}, 2, `--max-memory: "lots" is not a size of memory`},
		// check connects only when that is quick, and says so.
		{[]string{"check", huge, "--set", "N=20000", "--set", "p=0.25", "--max-memory", "none"}, 0,
			"Synapses S: about 100000000 synapses (estimated; not connected by check, which would take long)"},
		{[]string{"check", huge, "--set", "N=2000", "--set", "p=0.25"}, 0,
			"synapses (about 1000000 synapses estimated before connecting)"},
		{[]string{"run", blowup, "-q"}, 1, "the simulation blew up: G.v[0] is +Inf"},
		{[]string{"run", blowup, "-q"}, 1, `"error":"the simulation blew up`},
		{[]string{"version"}, 0, "myelin 0."},
		{[]string{"help"}, 0, "Usage:"},
		{nil, 2, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"run"}, 2, "run needs a model file"},
		{[]string{"run", good, "--bogus"}, 2, "unknown flag --bogus"},
		{[]string{"run", filepath.Join(dir, "missing.toml")}, 2, "cannot read"},
		{[]string{"run", bad}, 1, "bad.toml:8:21: unknown identifier 'taux'"},
		{[]string{"check", good}, 0, "NeuronGroup G: N = 3"},
		{[]string{"export", "brian2", good}, 0, "NeuronGroup("},
		{[]string{"export", "nest", good}, 2, "the only target is brian2"},
		{[]string{"run", good, "--duration", "5*mV"}, 2, "give a positive time"},
		{[]string{"run", good, "--set", "tau=5*mV"}, 1, "tau"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		code := run(tc.args, &stdout, &stderr)
		out := stdout.String() + stderr.String()
		if code != tc.code || !strings.Contains(out, tc.out) {
			if len(out) > 500 {
				out = out[:250] + " ... " + out[len(out)-250:]
			}
			t.Errorf("myelin %v: exit %d, output %q; want exit %d containing %q", tc.args, code, out, tc.code, tc.out)
		}
	}
}

// TestRunResults checks the results JSON of a deterministic model: three
// neurons that charge towards 1.1 and fire when they pass 1.
func TestRunResults(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "m.toml")
	os.WriteFile(path, []byte(`
[model]
name = "charge"
[run]
duration = "100*ms"
[constants]
tau = "10*ms"
[[neurons]]
name = "G"
N = 3
model = "dv/dt = (1.1 - v)/tau : 1"
threshold = "v > 1"
reset = "v = 0"
[[monitors]]
name = "s"
type = "spike"
source = "G"
`), 0o644)
	out := filepath.Join(dir, "r.json")
	var stderr bytes.Buffer
	if code := run([]string{"run", path, "-o", out, "--final-state"}, os.Stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	raw, _ := os.ReadFile(out)
	var r struct {
		Duration float64
		Monitors map[string]struct {
			Type  string
			I     []int
			T     []float64
			Count []int
		}
		Groups map[string]struct{ N int }
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatal(err)
	}
	// v(t) = 1.1*(1 - exp(-t/tau)) passes 1 at t = tau*ln(11) = 23.98 ms,
	// so each neuron fires every 24 ms: at 24, 48, 72 and 96 ms.
	s := r.Monitors["s"]
	if s.Type != "spike" || len(s.Count) != 3 || s.Count[0] != 4 || r.Groups["G"].N != 3 || r.Duration != 0.1 {
		t.Fatalf("results %s", raw)
	}
	if got := s.T[0]; got < 0.0239 || got > 0.0241 {
		t.Errorf("first spike at %v s, want 24.0 ms", got)
	}
}

// TestSafeRun checks that a panic inside a verb becomes one line.
func TestSafeRun(t *testing.T) {
	var stdout, stderr bytes.Buffer
	// A nil writer makes run panic when it prints the version.
	code := safeRun([]string{"version"}, nil, &stderr)
	if code != exitModel || !strings.HasPrefix(stderr.String(), "myelin: internal error") || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
	_ = stdout
}
