package main

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// A runner runs one case in a child process.
//
// The two WebAssembly runners run the same module under Node: wasm with
// every function compiled by V8's optimising compiler before main
// (suite.go's wasmFlags; the compilation is in its build column, the
// loop is steady-state code as cpp_standalone's is), wasm-tiering with
// Node's defaults as go_js_wasm_exec runs it (baseline code first,
// optimised function by function while the loop runs), which is what a
// browser does at the start of a simulation.
type runner struct {
	Name   string
	Label  string
	Brian2 bool
}

var runners = []runner{
	{"native1", "myelin native, 1 core", false},
	{"native", "myelin native, all cores", false},
	{"wasm", "myelin WebAssembly (Node, optimised)", false},
	{"wasm-tiering", "myelin WebAssembly (Node, default tiering)", false},
	{"cython", "Brian2 cython", true},
	{"cpp", "Brian2 cpp_standalone", true},
}

// result is one run of one case by one runner.
type result struct {
	Loop, Build, Total float64 // seconds of wall-clock time
	// CPU is the processor time (user and system) of the child process
	// and its waited-for children (Brian2's compilers): on a loaded
	// machine it moves less than the wall-clock times.
	CPU float64
	// LoopCPU is the processor time of the loop alone (-1 when unknown;
	// for Brian2's cpp_standalone, that of the whole generated binary).
	LoopCPU float64
	PeakMiB float64
	Spikes  int
	Err     string
}

// wasm reports whether the runner runs this program compiled to WebAssembly.
func (r runner) wasm() bool { return r.Name == "wasm" || r.Name == "wasm-tiering" }

func selectRunners(list string) ([]runner, error) {
	var out []runner
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		found := false
		for _, r := range runners {
			if r.Name == name {
				out, found = append(out, r), true
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown runner %q; the runners are native1, native, wasm, wasm-tiering, cython, cpp", name)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no runner selected")
	}
	return out, nil
}

// writeTable prints the results as two Markdown tables: every run, then
// the ratios of each myelin runner to each Brian2 runner (loop time and
// total time; below 1 means myelin is faster).
func writeTable(w io.Writer, cases []benchCase, rs []runner, results map[string]map[string]result) {
	fmt.Fprintln(w, "| case | runner | loop (s) | loop CPU (s) | build or compile (s) | total (s) | CPU of the process (s) | peak memory (MiB) | spikes |")
	fmt.Fprintln(w, "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
	for _, c := range cases {
		for _, r := range rs {
			res, ok := results[c.Name][r.Name]
			if !ok {
				continue
			}
			if res.Err != "" {
				fmt.Fprintf(w, "| %s | %s | failed: %s | | | | | | |\n", c.Name, r.Label, res.Err)
				continue
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %.0f | %d |\n", c.Name, r.Label,
				secs(res.Loop), secs(res.LoopCPU), secs(res.Build), secs(res.Total), secs(res.CPU), res.PeakMiB, res.Spikes)
		}
	}
	var mine, theirs []runner
	for _, r := range rs {
		if r.Brian2 {
			theirs = append(theirs, r)
		} else {
			mine = append(mine, r)
		}
	}
	if len(mine) == 0 || len(theirs) == 0 {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "| case | myelin runner |")
	for _, b := range theirs {
		fmt.Fprintf(w, " loop / %s |", b.Label)
	}
	for _, b := range theirs {
		fmt.Fprintf(w, " loop CPU / %s |", b.Label)
	}
	for _, b := range theirs {
		fmt.Fprintf(w, " total / %s |", b.Label)
	}
	fmt.Fprintln(w)
	fmt.Fprint(w, "| --- | --- |")
	for range 3 * len(theirs) {
		fmt.Fprint(w, " ---: |")
	}
	fmt.Fprintln(w)
	for _, c := range cases {
		for _, m := range mine {
			res, ok := results[c.Name][m.Name]
			if !ok {
				continue
			}
			fmt.Fprintf(w, "| %s | %s |", c.Name, m.Label)
			for _, b := range theirs {
				fmt.Fprintf(w, " %s |", ratio(res, results[c.Name][b.Name], func(r result) float64 { return r.Loop }))
			}
			for _, b := range theirs {
				fmt.Fprintf(w, " %s |", ratio(res, results[c.Name][b.Name], func(r result) float64 { return r.LoopCPU }))
			}
			for _, b := range theirs {
				fmt.Fprintf(w, " %s |", ratio(res, results[c.Name][b.Name], func(r result) float64 { return r.Total }))
			}
			fmt.Fprintln(w)
		}
	}
}

func secs(s float64) string {
	switch {
	case s < 0:
		return "–"
	case s >= 10:
		return fmt.Sprintf("%.1f", s)
	case s >= 0.1:
		return fmt.Sprintf("%.2f", s)
	default:
		return fmt.Sprintf("%.3f", s)
	}
}

// ratio is a's value over b's, with two significant digits, or "–" when
// either run failed or b's value is zero.
func ratio(a, b result, v func(result) float64) string {
	if a.Err != "" || b.Err != "" || v(a) < 0 || v(b) <= 0 {
		return "–"
	}
	q := v(a) / v(b)
	digits := 1 - int(math.Floor(math.Log10(q)))
	if digits < 0 {
		digits = 0
	}
	return fmt.Sprintf("%.*f", digits, q)
}
