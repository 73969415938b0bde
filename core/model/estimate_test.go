package model

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// estimateModel is a model with two groups of ns and nt neurons and one
// [[synapses]] whose connect table is connect.
func estimateModel(ns, nt int, connect string) string {
	return `
[run]
duration = "10*ms"
[constants]
Ns = ` + strconv.Itoa(ns) + `
Nt = ` + strconv.Itoa(nt) + `
[[neurons]]
name = "A"
N = "Ns"
model = "dv/dt = -v/(10*ms) : 1"
threshold = "v > 1"
reset = "v = 0"
refractory = "1*ms"
[[neurons]]
name = "B"
N = "Nt"
model = """
dv/dt = -v/(10*ms) : 1
x : 1
"""
[[synapses]]
name = "S"
source = "A"
target = "B"
model = "w : 1"
on_pre = "v += w"
[[synapses.connect]]
` + connect + "\n"
}

// TestEstimateSynapses compares the estimate made before connecting with
// the synapses that connect makes, for every form of connect call.
func TestEstimateSynapses(t *testing.T) {
	tests := []struct {
		name        string
		ns, nt      int
		connect     string
		exact       bool
		bound       bool
		tol         float64 // relative, against the built count
		wantAtLeast float64 // for bounds: the bound is at least this
	}{
		{"all to all", 30, 40, "", true, false, 0, 0},
		{"p", 300, 400, "p = 0.1", false, false, 0.05, 0},
		{"lists", 30, 40, "i = [0, 1, 2]\nj = [5, 6, 7]", true, false, 0, 0},
		{"n", 30, 40, "p = 1\nn = 2", true, false, 0, 0},
		{"condition, every pair evaluated", 30, 40, `condition = "i != j"`, false, false, 1e-12, 0},
		{"condition, sampled", 300, 400, `condition = "abs(i - j) < 100"`, false, false, 0.05, 0},
		{"p as code, sampled", 300, 400, `p = "exp(-abs(i - j)/50.0)"`, false, false, 0.1, 0},
		{"condition on variables: a bound", 30, 40, `condition = "x_post > 0.5"`, false, true, 0, 1200},
		{"generator: a bound", 30, 40, `j = "k for k in range(i - 2, i + 3) if k >= 0 and k < N_post"`, false, true, 0, 1200},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := estimateModel(tc.ns, tc.nt, tc.connect)
			src = strings.Replace(src, "[[synapses.connect]]\n\n", "[[synapses.connect]]\np = 1\n", 1)
			f, err := Load("e.toml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if tc.name == "condition on variables: a bound" {
				src = strings.Replace(src, "[[synapses]]", "[neurons.init]\nx = \"i % 2\"\n[[synapses]]", 1)
				if f, err = Load("e.toml", []byte(src)); err != nil {
					t.Fatal(err)
				}
			}
			est := f.Estimate()
			se := est.Synapses[0]
			if se.Exact != tc.exact || se.Bound != tc.bound {
				t.Errorf("exact %v, bound %v; want %v, %v", se.Exact, se.Bound, tc.exact, tc.bound)
			}
			b, err := Build(f)
			if err != nil {
				t.Fatal(err)
			}
			got := float64(b.Synapses["S"].Count())
			switch {
			case tc.bound:
				if se.Count < tc.wantAtLeast || se.Count < got {
					t.Errorf("bound %g, but connect made %g", se.Count, got)
				}
			case tc.exact:
				if se.Count != got {
					t.Errorf("estimate %g, connect made %g", se.Count, got)
				}
			default:
				if math.Abs(se.Count-got) > tc.tol*got+1e-9 {
					t.Errorf("estimate %g, connect made %g (tolerance %g%%)", se.Count, got, 100*tc.tol)
				}
			}
			t.Logf("%s: %s, built %g", tc.name, se.Text(), got)
		})
	}
}

// TestRefuseHuge checks that a model far too big for any memory is refused
// before anything is allocated, with the estimate, at the table that needs
// the most; and that MaxMemory moves the limit.
func TestRefuseHuge(t *testing.T) {
	tests := []struct {
		name, src string
		limit     float64
		want      string
	}{
		{"absurd N", strings.Replace(estimateModel(10, 10, "p = 0"), "Ns = 10", "Ns = 1000000000000", 1), 0,
			"e.toml:9:5: the model needs about 29.1 TiB (A: 1000000000000 neurons), more than the"},
		{"absurd connectivity", estimateModel(10000000, 10000000, "p = 0.5"), 0,
			"e.toml:27:1: the model needs about 1273.3 TiB (S: about 5e+13 synapses), more than the"},
		{"a limit", estimateModel(1000, 1000, "p = 0.5"), 1 << 20,
			"the model needs about 13.4 MiB (S: about 500000 synapses), more than the 1.0 MiB of memory given with --max-memory"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := Load("e.toml", []byte(tc.src))
			if err != nil {
				t.Fatal(err)
			}
			_, err = BuildWith(f, Options{MaxMemory: tc.limit})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "\n") > 0 {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	// No limit: the small one builds.
	f, err := Load("e.toml", []byte(tests[2].src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BuildWith(f, Options{MaxMemory: -1}); err != nil {
		t.Fatal(err)
	}
}

// TestEstimateMemory checks the estimate of the memory against what the
// parts must take at the least: 8 bytes per variable per neuron and per
// synapse, and per recorded value.
func TestEstimateMemory(t *testing.T) {
	src := estimateModel(1000, 2000, "p = 0.1") + `
[[monitors]]
name = "trace"
type = "state"
source = "B"
variables = ["v", "x"]
record = true
`
	f, err := Load("e.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	e := f.Estimate()
	low := 8.0*(1000*1+2000*2) + 8*1000*2000*0.1*1 + 8*100*2000*2
	if e.Bytes < low || e.Bytes > 4*low {
		t.Errorf("estimate %s, want between %s and %s", bytesText(e.Bytes), bytesText(low), bytesText(4*low))
	}
}

func TestParseMemory(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  bool
	}{
		{"8GiB", 8 << 30, false}, {"500MB", 500e6, false}, {"1.5 GB", 1.5e9, false},
		{"4096", 4096, false}, {"2g", 2 << 30, false}, {"none", -1, false},
		{"lots", 0, true}, {"-3GB", 0, true}, {"8 parsecs", 0, true}, {"", 0, true},
	}
	for _, tc := range tests {
		got, err := ParseMemory(tc.in)
		if (err != nil) != tc.err || !tc.err && got != tc.want {
			t.Errorf("ParseMemory(%q) = %g, %v; want %g (error %v)", tc.in, got, err, tc.want, tc.err)
		}
	}
	if avail, from := AvailableMemory(); !(avail > 0) || from == "" {
		t.Errorf("AvailableMemory() = %g, %q", avail, from)
	}
}
