package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/export"
)

// TestMain lets the suite's tests run this test binary as the suite's
// child (bench -child CASE), as the suite runs itself.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		main()
		return
	}
	os.Exit(m.Run())
}

// Every case loads, takes its overrides, and exports to a Brian2 script
// that carries them, in both modes.
func TestCasesLoadAndExport(t *testing.T) {
	for _, c := range allCases() {
		for _, quick := range []bool{false, true} {
			f, err := c.load(quick)
			if err != nil {
				t.Fatalf("%s (quick %v): %v", c.Name, quick, err)
			}
			var script bytes.Buffer
			if err := export.Brian2(&script, f); err != nil {
				t.Fatalf("%s: export: %v", c.Name, err)
			}
			for _, s := range c.set {
				if want := s[0] + " = " + s[1] + "\n"; !strings.Contains(script.String(), want) {
					t.Errorf("%s: the Brian2 script lacks %q", c.Name, want)
				}
			}
		}
	}
}

// Quick mode divides the simulated time of a [run] by ten and leaves a
// [[schedule]] alone.
func TestQuickDuration(t *testing.T) {
	for _, tc := range []struct {
		name       string
		full, fast float64
	}{
		{"cuba-4000", 1, 0.1},
		{"brunel-hakim", 0.2, 0.02},
	} {
		c, err := findCase(tc.name)
		if err != nil {
			t.Fatal(err)
		}
		for quick, want := range map[bool]float64{false: tc.full, true: tc.fast} {
			f, err := c.load(quick)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Run.Duration.Value.Value; abs(got-want) > 1e-12 {
				t.Errorf("%s quick=%v: duration %g s, want %g s", tc.name, quick, got, want)
			}
		}
	}
	c, _ := findCase("hh-axon")
	full, _ := c.text(false)
	fast, _ := c.text(true)
	if !bytes.Equal(full, fast) {
		t.Error("quick mode changed the HH axon, whose [[schedule]] sets the time")
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func TestSelectCases(t *testing.T) {
	for _, tc := range []struct {
		sel, want, err string
	}{
		{"cuba-*", "cuba-1000, cuba-4000, cuba-16000, cuba-64000", ""},
		{"cobahh-4000,cuba-4000,cobahh-4000", "cobahh-4000, cuba-4000", ""},
		{"stdp, hh-axon", "stdp, hh-axon", ""},
		{"cuba-5000", "", `no case matches "cuba-5000"`},
		{"[", "", "bad case pattern"},
	} {
		cs, err := selectCases(tc.sel)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%q: error %v, want one containing %q", tc.sel, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tc.sel, err)
		}
		if got := caseNames(cs); got != tc.want {
			t.Errorf("%q selects %s, want %s", tc.sel, got, tc.want)
		}
	}
	if all, _ := selectCases(""); len(all) != len(allCases()) {
		t.Errorf("the empty selection has %d cases, want all %d", len(all), len(allCases()))
	}
}

// The ratios are myelin's value over Brian2's, "–" when there is none.
func TestTableRatios(t *testing.T) {
	cases, _ := selectCases("cuba-4000")
	rs, _ := selectRunners("native1,cython,cpp")
	var out bytes.Buffer
	writeTable(&out, cases, rs, map[string]map[string]result{"cuba-4000": {
		"native1": {Loop: 0.5, LoopCPU: 0.4, Build: 0.1, Total: 0.7, CPU: 0.65, PeakMiB: 20, Spikes: 100},
		"cython":  {Loop: 1, LoopCPU: -1, Build: 40, Total: 42, PeakMiB: 200, Spikes: 110},
		"cpp":     {Err: "exit status 1"},
	}})
	for _, want := range []string{
		"| cuba-4000 | myelin native, 1 core | 0.50 | 0.40 | 0.10 | 0.70 | 0.65 | 20 | 100 |",
		"| cuba-4000 | Brian2 cpp_standalone | failed: exit status 1 |",
		"| cuba-4000 | Brian2 cython | 1.00 | – | 40.0 |",
		"| cuba-4000 | myelin native, 1 core | 0.50 | – | – | – | 0.017 | – |",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

// A smoke test of the whole path: the suite runs the smallest case in
// quick mode as a child process (this test binary, see TestMain) and
// reports it. It checks that something was simulated, never a time.
func TestSuiteSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process")
	}
	var out, log bytes.Buffer
	err := runSuite(&out, &log, options{cases: "cuba-1000", runners: "native1", quick: true, repeat: 1})
	if err != nil {
		t.Fatal(err)
	}
	var row string
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.HasPrefix(line, "| cuba-1000 | myelin native, 1 core |") {
			row = line
		}
	}
	cells := strings.Split(row, "|")
	if len(cells) < 10 || strings.Contains(row, "failed") {
		t.Fatalf("no result row for cuba-1000:\n%s\n%s", out.String(), log.String())
	}
	if spikes := strings.TrimSpace(cells[9]); spikes == "0" || spikes == "" {
		t.Errorf("cuba-1000 recorded no spikes: %s", row)
	}
	if !strings.Contains(out.String(), "machine: ") || !strings.Contains(out.String(), "load average") {
		t.Errorf("the report does not say where it ran:\n%s", out.String())
	}
}

// The child prints one line of JSON with its timings.
func TestChildJSON(t *testing.T) {
	var out bytes.Buffer
	if err := runChild(&out, "cuba-1000", true, "", 0); err != nil {
		t.Fatal(err)
	}
	var r childResult
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	if r.Case != "cuba-1000" || r.Loop <= 0 || r.Build <= 0 || r.Spikes == 0 {
		t.Errorf("implausible result %+v", r)
	}
	if err := runChild(&out, "nope", true, "", 0); err == nil || !strings.Contains(err.Error(), "unknown case") {
		t.Errorf("an unknown case gave %v", err)
	}
}
