package export_test

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/export"
	"github.com/myelin-sim/myelin/core/model"
)

var update = flag.Bool("update", false, "rewrite the golden files testdata/*.py.golden")

// options are the options each test model is exported with.
func options(name string) export.Options {
	switch name {
	case "stdp", "full", "names":
		return export.Options{FinalState: true}
	}
	return export.Options{}
}

// models lists the test models by name.
func models(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "*.toml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no test models in testdata: %v", err)
	}
	var names []string
	for _, p := range paths {
		names = append(names, strings.TrimSuffix(filepath.Base(p), ".toml"))
	}
	return names
}

func load(t *testing.T, name string) *model.File {
	t.Helper()
	f, err := model.LoadFile(filepath.Join("testdata", name+".toml"))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func script(t *testing.T, f *model.File, opts export.Options) string {
	t.Helper()
	var b bytes.Buffer
	if err := opts.Brian2(&b, f); err != nil {
		t.Fatalf("export %s: %v", f.Name, err)
	}
	return b.String()
}

// TestGolden compares the scripts of the test models with their golden
// files; go test -update rewrites them.
func TestGolden(t *testing.T) {
	for _, name := range models(t) {
		t.Run(name, func(t *testing.T) {
			got := script(t, load(t, name), options(name))
			path := filepath.Join("testdata", name+".py.golden")
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to write it)", err)
			}
			if got != string(want) {
				t.Errorf("the script differs from %s (go test -update rewrites it):\n%s", path, firstDiff(string(want), got))
			}
			checkStyle(t, got)
		})
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\nwant %q\ngot  %q", i+1, a, b)
		}
	}
	return "(same lines)"
}

// checkStyle holds a script to PEP 8's layout where the exporter controls
// it: lines of at most 79 columns (except inside the model's own strings of
// code), no trailing blanks, no tabs in code, two blank lines around
// functions, one newline at the end.
func checkStyle(t *testing.T, s string) {
	t.Helper()
	if !strings.HasSuffix(s, "\n") || strings.HasSuffix(s, "\n\n") {
		t.Errorf("the script must end with exactly one newline")
	}
	inBlock := false
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	for i, line := range lines {
		n := i + 1
		if strings.Count(line, "'''")%2 == 1 {
			inBlock = !inBlock
			continue
		}
		if inBlock {
			continue
		}
		if strings.TrimRight(line, " \t") != line {
			t.Errorf("line %d has trailing blanks: %q", n, line)
		}
		if strings.Contains(line, "\t") {
			t.Errorf("line %d has a tab: %q", n, line)
		}
		if len(line) > 79 && !strings.ContainsAny(line, `'"`) {
			t.Errorf("line %d has %d columns: %q", n, len(line), line)
		}
		if strings.HasPrefix(line, "def ") && i >= 2 && (lines[i-1] != "" || lines[i-2] != "") {
			t.Errorf("line %d: a function needs two blank lines before it", n)
		}
	}
}

// TestErrors checks what Brian2 cannot take.
func TestErrors(t *testing.T) {
	const group = "[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"dv/dt = -v/(10*ms) : 1\"\n"
	tests := []struct {
		name, src, want string
	}{
		{"keyword", "[run]\nduration = \"1*ms\"\n[constants]\nlambda = 2\n",
			"m.toml:4:1: cannot export to Brian2: the constant 'lambda' has the name of a Python keyword"},
		{"builtin", "[run]\nduration = \"1*ms\"\n[constants]\nlen = 2\n",
			"m.toml:4:1: cannot export to Brian2: the constant 'len' would hide Python's len()"},
		{"timed array hides a unit", "[run]\nduration = \"1*ms\"\n[[timed_array]]\nname = \"mV\"\nvalues = [1]\ndt = \"1*ms\"\n",
			"m.toml:4:8: cannot export to Brian2: the timed array 'mV' would hide the unit mV in Python"},
		{"no duration", group,
			"m.toml:1:1: cannot export to Brian2: the model has no duration in [run] and no [[schedule]]: give one of them"},
		{"variable", "[run]\nduration = \"1*ms\"\n" + group + "[neurons.init]\n\"v-w\" = 0\n",
			"m.toml:8:1: cannot export to Brian2: the variable 'v-w' is not a name that Python can take as an attribute"},
		{"section path", "[run]\nduration = \"1*ms\"\n[[spatial]]\nname = \"c\"\nmodel = \"Im = 0*amp/meter**2 : amp/meter**2\"\n" +
			"[[spatial.sections]]\nname = \"soma\"\ntype = \"soma\"\ndiameter = \"10*um\"\n" +
			"[[spatial.sections]]\nname = \"LR\"\nparent = \"soma\"\ntype = \"cylinder\"\nlength = \"10*um\"\ndiameter = \"1*um\"\n",
			"m.toml:11:8: cannot export to Brian2: Brian2 reads the section name 'LR' as a path in the tree (L, R and digits): give it another name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := model.Load("m.toml", []byte(tt.src))
			if err != nil {
				t.Fatalf("the model does not load: %v", err)
			}
			var b bytes.Buffer
			err = export.Brian2(&b, f)
			if err == nil {
				t.Fatalf("no error; want %s", tt.want)
			}
			if err.Error() != tt.want {
				t.Errorf("error\n%s\nwant\n%s", err, tt.want)
			}
			var list model.ErrorList
			if !errors.As(err, &list) {
				t.Errorf("the error is a %T, want a model.ErrorList", err)
			}
			if b.Len() > 0 {
				t.Errorf("a failed export wrote %d bytes", b.Len())
			}
		})
	}
}

// TestNames checks the Python names of the names test model: groups and
// monitors that would hide something are renamed; Brian2's names that
// constants hide are qualified; the modules they hide are imported under
// other names.
func TestNames(t *testing.T) {
	s := script(t, load(t, "names"), export.Options{FinalState: true})
	for _, want := range []string{
		"import json as json_module\n", "import time as time_module\n",
		"import brian2\n", "import numpy\n",
		"brian2.seed(1)", "network = brian2.Network(collect())",
		"exp_ = NeuronGroup(", "name='exp')", "ms_ = NeuronGroup(seed, ",
		"np = NeuronGroup(Network, ", "print_ = StateMonitor(np, ",
		"results = SpikeMonitor(exp_, name='results')",
		"results_ = {", "'results': spike_results(results, 'exp'),",
		"write_results(results_, output_file)", "numpy.asarray(",
		"[0.001]*brian2.units.allunits.second",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
}

// TestEmbed checks that an SWC file read with Options.ReadFile is carried
// in the script.
func TestEmbed(t *testing.T) {
	f := load(t, "full")
	var asked string
	opts := export.Options{ReadFile: func(name string) ([]byte, error) {
		asked = name
		return os.ReadFile(filepath.Join("testdata", name))
	}}
	s := script(t, f, opts)
	if asked != "cell.swc" {
		t.Errorf("ReadFile was asked for %q, want cell.swc", asked)
	}
	for _, want := range []string{"import tempfile\n", "cell_swc = '''\n# A tiny cell", "4 3 30 0 0 0.5 3\n'''",
		"cell_morphology = Morphology.from_file(swc_file.name)"} {
		if !strings.Contains(s, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
	if strings.Contains(s, "__file__") {
		t.Errorf("a script that carries its morphology still reads it beside itself")
	}
	checkStyle(t, s)

	opts.ReadFile = func(string) ([]byte, error) { return nil, errors.New("no such file") }
	var b bytes.Buffer
	err := opts.Brian2(&b, f)
	if err == nil || !strings.Contains(err.Error(), "full.toml:168:7: cannot read the morphology: no such file") {
		t.Errorf("error %v, want one at the swc key", err)
	}
}

// TestOverrides checks that the values of --set reach the script: a
// constant through its new expression, a group's variable after the
// initial values.
func TestOverrides(t *testing.T) {
	f := load(t, "cuba")
	for _, s := range []string{"N=400", "T=200*ms", "P.v=-55*mV", "P.ge[3]=1*mV"} {
		name, value, _ := strings.Cut(s, "=")
		if err := f.Override(name, value); err != nil {
			t.Fatal(err)
		}
	}
	s := script(t, f, export.Options{})
	for _, want := range []string{"\nN = 400\n", "\nT = 200*ms\n", "simulate(T)",
		"# Values set on myelin's command line (--set).\nP.v = -55*mV\nP.ge[3] = 1*mV\n"} {
		if !strings.Contains(s, want) {
			t.Errorf("the script lacks %q", want)
		}
	}
}

// TestScheduledConstantsStayNames checks that code which uses a constant
// that the schedule changes stays a string, which Brian2 evaluates at every
// run: a quantity would keep the first value.
func TestScheduledConstantsStayNames(t *testing.T) {
	src := `
[run]
dt = "0.1*ms"
[constants]
rate = "10*Hz"
tref = "2*ms"
fixed = "3*ms"
[[poisson]]
name = "P"
N = 10
rates = "rate"
[[neurons]]
name = "G"
N = 1
model = "dv/dt = -v/(10*ms) : 1 (unless refractory)"
threshold = "v > 1"
refractory = "tref"
[[neurons]]
name = "H"
N = 1
model = "dv/dt = -v/(10*ms) : 1 (unless refractory)"
threshold = "v > 1"
refractory = "fixed"
[[schedule]]
run = "10*ms"
[[schedule]]
set = {rate = "20*Hz", tref = "4*ms"}
[[schedule]]
run = "10*ms"
`
	f, err := model.Load("s.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := script(t, f, export.Options{})
	for _, want := range []string{"rates='rate'", "refractory='tref'", "refractory=fixed", "rate = 20*Hz", "tref = 4*ms"} {
		if !strings.Contains(got, want) {
			t.Errorf("the script lacks %s", want)
		}
	}
}
