// Command bench is myelin's benchmark suite (make bench): CUBA and COBAHH
// at 1 000 to 64 000 neurons with 80 synapses per neuron, the I-F curve,
// Brunel & Hakim 1999, STDP with 1 000 inputs and the 1 000-compartment HH
// axon, each run by myelin natively on one core (GOMAXPROCS=1), natively on
// all cores (large groups' state updates and thresholds split over them,
// sim.Network.Threads) and in WebAssembly under Node (with every function
// optimised before the run, and with Node's default tiering), and by Brian2 with its cython
// and cpp_standalone targets, in the same invocation on the same machine.
// It prints a table of loop time, build or compile time, total time and
// peak memory, and the ratios myelin/Brian2.
//
//	bench [-cases cuba-4000,cobahh-*] [-quick] [-runners native1,wasm,cpp]
//	      [-wasm bench.wasm] [-python /usr/bin/python3] [-repeat 1]
//
// Every run is a child process, so that its peak memory (getrusage) and
// total time (start to exit) are its own: myelin's runs are this program
// again (bench -child CASE), compiled natively or to WebAssembly; Brian2's
// are the script that myelin's exporter (core/export) writes for the same
// model file, so both simulators run the same model by construction. The
// loop time is what each simulator measures around its simulation loop
// (model.Built.Run for myelin; Brian2's own run timer, measured inside
// the generated binary for cpp_standalone); the build time is myelin's
// parse and build (connecting included), under Node also Node's start
// and the compilation of the module before main (process.uptime()), and
// Brian2's network construction, code generation and compilation.
//
// The wasm runner runs Node with --no-liftoff --no-wasm-lazy-compilation:
// V8 compiles every function with its optimising compiler before the
// program starts, so the loop runs steady-state code, as cpp_standalone's
// compiled loop does (its compilation is excluded from its loop too). The
// wasm-tiering runner runs go_js_wasm_exec as it is: V8's baseline code
// first, each function optimised once it has run enough, and the loop of
// the one call of Network.Run never (a running call keeps its code); a
// browser does the same, so that is what a simulation's start costs there.
//
// The spike count of every run is printed as a check that the runs
// simulate the same thing (the random numbers differ between simulators,
// so the counts agree statistically, not exactly).
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	child := flag.String("child", "", "run this one case in this process and print its timings as JSON (used by the suite itself)")
	quick := flag.Bool("quick", false, "quick mode: a tenth of each model's simulated time (models with a schedule keep theirs), and by default a small selection of cases")
	warmup := flag.Float64("warmup", 0, "with -child: first build the case and run it for this many simulated seconds, apart, so that the measured run's code is compiled and optimised")
	cpuprofile := flag.String("cpuprofile", "", "with -child: write a CPU profile of the simulation loop to this file")
	var o options
	flag.StringVar(&o.cases, "cases", "", "comma-separated case names or globs (cuba-4000, cobahh-*); empty: all (or the quick selection with -quick); -list lists them")
	flag.StringVar(&o.runners, "runners", "native1,native,wasm,wasm-tiering,cython,cpp", "comma-separated runners: native1 (myelin, GOMAXPROCS=1), native (all cores), wasm (Node, all code optimised before the run), wasm-tiering (Node's default tiering), cython, cpp (Brian2 cpp_standalone)")
	flag.StringVar(&o.wasm, "wasm", "", "this program compiled with GOOS=js GOARCH=wasm (needed by the wasm runner)")
	flag.StringVar(&o.wasmExec, "wasmexec", "", "go_js_wasm_exec (default: $(go env GOROOT)/lib/wasm/go_js_wasm_exec)")
	flag.StringVar(&o.python, "python", "/usr/bin/python3", "the Python with Brian2")
	flag.StringVar(&o.driver, "brian2-driver", "scripts/bench/brian2_cpu.py", "the script that runs Brian2's exported script and measures its loop's processor time")
	flag.IntVar(&o.repeat, "repeat", 1, "runs of each case and runner; the fastest loop is kept")
	flag.BoolVar(&o.list, "list", false, "list the cases and exit")
	flag.Parse()
	o.quick = *quick
	var err error
	if *child != "" {
		err = runChild(os.Stdout, *child, *quick, *cpuprofile, *warmup)
	} else {
		err = runSuite(os.Stdout, os.Stderr, o)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the flags of a suite run.
type options struct {
	cases, runners string
	wasm, wasmExec string
	wasmNode       string // wasm_exec_node.js, for the wasm runner
	python, driver string
	repeat         int
	quick, list    bool
}
