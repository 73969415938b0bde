package main

import (
	"encoding/json"
	"io"
	"os"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/myelin-sim/myelin/core/model"
)

// childResult is what one run of a case in this process reports (as one
// line of JSON on the standard output, for the parent).
type childResult struct {
	Case       string  `json:"case"`
	Startup    float64 `json:"startup_seconds"`  // under Node: Node's start and the module's compilation, before main (0 natively)
	Build      float64 `json:"build_seconds"`    // parse, override, build (connect included)
	Loop       float64 `json:"wall_seconds"`     // the simulation loop, as Built.Run measures it
	LoopCPU    float64 `json:"loop_cpu_seconds"` // processor time of the process during the loop; -1 if unknown
	WarmUp     float64 `json:"warmup_seconds"`   // the warm-up run, its build included (0: none)
	Spikes     int     `json:"spikes"`           // spikes recorded by the spike monitors
	GOMAXPROCS int     `json:"gomaxprocs"`
	GOOS       string  `json:"goos"`
	GOARCH     string  `json:"goarch"`
}

// runChild builds and runs one case in this process and writes its
// result to w. cpuprofile, when set, is a file for a CPU profile of the
// simulation loop alone. warmup, when positive, first builds the case
// apart and runs it for that many simulated seconds, so that the engine
// has compiled and optimised the code of the step before the measured
// run (under Node's default tiering, a warm-up of a few seconds brings
// the loop close to the wasm runner's; the measured run is the same
// either way: a fresh build of the case).
func runChild(w io.Writer, name string, quick bool, cpuprofile string, warmup float64) error {
	startup := processStart()
	c, err := findCase(name)
	if err != nil {
		return err
	}
	var warm float64
	if warmup > 0 {
		t0 := time.Now()
		b, err := buildCase(c, quick)
		if err != nil {
			return err
		}
		if _, err := b.Run(warmup); err != nil {
			return b.PlaceRunError(err)
		}
		warm = time.Since(t0).Seconds()
		// the warm-up's network is garbage now: collect it here, not
		// during the measured run (a collection under way makes every
		// pointer store of the step pay a write barrier)
		runtime.GC()
	}
	start := time.Now()
	b, err := buildCase(c, quick)
	if err != nil {
		return err
	}
	build := time.Since(start)
	if cpuprofile != "" {
		out, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			return err
		}
	}
	cpu0 := processCPU()
	loop, err := b.Run(0)
	cpu1 := processCPU()
	if cpuprofile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return b.PlaceRunError(err)
	}
	r := childResult{Case: name, Startup: startup, Build: build.Seconds(), Loop: loop.Seconds(), WarmUp: warm,
		LoopCPU:    -1,
		GOMAXPROCS: runtime.GOMAXPROCS(0), GOOS: runtime.GOOS, GOARCH: runtime.GOARCH}
	if cpu0 >= 0 && cpu1 >= 0 {
		r.LoopCPU = cpu1 - cpu0
	}
	for _, m := range b.Monitors {
		if m.Spike != nil && m.Type == "spike" {
			r.Spikes += m.Spike.Len()
		}
	}
	return json.NewEncoder(w).Encode(r)
}

// buildCase loads and builds case c with no memory limit, to run with as
// many threads as GOMAXPROCS (Threads 0), so that the runner native1
// (GOMAXPROCS=1) runs on one core and native splits the state updates and
// thresholds of large groups over every core (core/sim's parallel.go);
// the results are the same bit for bit.
func buildCase(c benchCase, quick bool) (*model.Built, error) {
	f, err := c.load(quick)
	if err != nil {
		return nil, err
	}
	b, err := model.BuildWith(f, model.Options{MaxMemory: -1})
	if err != nil {
		return nil, err
	}
	b.Net.Threads = 0
	return b, nil
}
