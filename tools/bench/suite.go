//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"github.com/myelin-sim/myelin/core/export"
)

func runSuite(out, log io.Writer, o options) error {
	if o.list {
		for _, c := range allCases() {
			fmt.Fprintf(out, "%-14s %s\n", c.Name, c.About)
		}
		return nil
	}
	sel := o.cases
	if sel == "" && o.quick {
		sel = strings.Join(quickCases, ",")
	}
	cases, err := selectCases(sel)
	if err != nil {
		return err
	}
	rs, err := selectRunners(o.runners)
	if err != nil {
		return err
	}
	for _, r := range rs {
		if r.wasm() && o.wasm == "" {
			return fmt.Errorf("the %s runner needs -wasm: build this program with GOOS=js GOARCH=wasm (make bench does)", r.Name)
		}
	}
	for _, r := range rs {
		if r.Brian2 {
			if _, err := os.Stat(o.driver); err != nil {
				return fmt.Errorf("the Brian2 runners need %s (-brian2-driver): %v", o.driver, err)
			}
			if o.driver, err = filepath.Abs(o.driver); err != nil {
				return err
			}
			break
		}
	}
	if o.wasmExec == "" {
		o.wasmExec = filepath.Join(goroot(), "lib", "wasm", "go_js_wasm_exec")
	}
	for _, r := range rs {
		if r.Name == "wasm" {
			if o.wasmNode, err = wasmExecNode(o.wasmExec); err != nil {
				return err
			}
			break
		}
	}
	if o.repeat < 1 {
		o.repeat = 1
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "myelin-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	env := describeMachine(o, rs)
	fmt.Fprintln(log, env)
	results := map[string]map[string]result{}
	for _, c := range cases {
		results[c.Name] = map[string]result{}
		for _, r := range rs {
			var best result
			for k := 0; k < o.repeat; k++ {
				res := runOne(c, r, o, self, tmp)
				if k == 0 || (res.Err == "" && (best.Err != "" || res.Loop < best.Loop)) {
					best = res
				}
			}
			results[c.Name][r.Name] = best
			fmt.Fprintf(log, "%-14s %-28s %s\n", c.Name, r.Label, best.line())
		}
	}
	fmt.Fprintf(out, "%s\nload average at the end: %s\n\n", env, loadAverage())
	writeTable(out, cases, rs, results)
	return nil
}

func (r result) line() string {
	if r.Err != "" {
		return "failed: " + r.Err
	}
	return fmt.Sprintf("loop %.3f s (CPU %.3f s), build %.3f s, total %.3f s (CPU %.3f s), %.0f MiB, %d spikes", r.Loop, r.LoopCPU, r.Build, r.Total, r.CPU, r.PeakMiB, r.Spikes)
}

// runOne runs case c with runner r in a child process and measures its
// total time and peak memory.
func runOne(c benchCase, r runner, o options, self, tmp string) result {
	var cmd *exec.Cmd
	resultsFile, cpuFile := "", ""
	args := []string{"-child", c.Name}
	if o.quick {
		args = append(args, "-quick")
	}
	switch r.Name {
	case "native1", "native":
		cmd = exec.Command(self, args...)
		cmd.Env = withoutEnv(os.Environ(), "GOMAXPROCS")
		if r.Name == "native1" {
			cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
		}
	case "wasm":
		// Every function compiled by TurboFan before main runs (see
		// wasmFlags): the loop runs optimised code from its first step,
		// as cpp_standalone's compiled loop does, and the compilation
		// lands in the build column (Node's uptime at main).
		cmd = exec.Command("node", append(append(append([]string{}, wasmFlags...), o.wasmNode, o.wasm), args...)...)
	case "wasm-tiering":
		cmd = exec.Command(o.wasmExec, append([]string{o.wasm}, args...)...)
	default:
		dir, err := os.MkdirTemp(tmp, c.Name+"-"+r.Name+"-")
		if err != nil {
			return result{Err: err.Error()}
		}
		f, err := c.load(o.quick)
		if err != nil {
			return result{Err: err.Error()}
		}
		var script bytes.Buffer
		if err := export.Brian2(&script, f); err != nil {
			return result{Err: err.Error()}
		}
		py := filepath.Join(dir, "model.py")
		if err := os.WriteFile(py, script.Bytes(), 0o644); err != nil {
			return result{Err: err.Error()}
		}
		resultsFile = filepath.Join(dir, "results.json")
		device := []string{"runtime", "cython"}
		if r.Name == "cpp" {
			device = []string{"cpp_standalone"}
		}
		cpuFile = filepath.Join(dir, "cpu.json")
		cmd = exec.Command(o.python, append([]string{o.driver, cpuFile, py, resultsFile}, device...)...)
		cmd.Dir = dir
		// cpp_standalone builds in a temporary directory of its own, which
		// it keeps: put it under dir, which the suite removes.
		cmd.Env = append(withoutEnv(os.Environ(), "TMPDIR"), "TMPDIR="+dir)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	start := time.Now()
	err := cmd.Run()
	total := time.Since(start).Seconds()
	res := result{Total: total}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		res.PeakMiB = float64(ru.Maxrss) / 1024 // kilobytes on Linux
		res.CPU = time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
	}
	if err != nil {
		res.Err = err.Error()
		if msg := lastLine(stderr.String()); msg != "" {
			res.Err += ": " + msg
		}
		return res
	}
	if resultsFile == "" {
		var cr childResult
		if err := json.Unmarshal(lastJSONLine(stdout.Bytes()), &cr); err != nil {
			res.Err = fmt.Sprintf("reading the child's result: %v", err)
			return res
		}
		res.Loop, res.Build, res.Spikes, res.LoopCPU = cr.Loop, cr.Startup+cr.Build, cr.Spikes, cr.LoopCPU
		return res
	}
	data, err := os.ReadFile(resultsFile)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	var br struct {
		Build    float64 `json:"build_seconds"`
		Loop     float64 `json:"wall_seconds"`
		Monitors map[string]struct {
			Type string `json:"type"`
			I    []int  `json:"i"`
		} `json:"monitors"`
	}
	if err := json.Unmarshal(data, &br); err != nil {
		res.Err = fmt.Sprintf("reading Brian2's results: %v", err)
		return res
	}
	res.Loop, res.Build, res.LoopCPU = br.Loop, br.Build, -1
	if data, err := os.ReadFile(cpuFile); err == nil {
		var c struct {
			LoopCPU float64 `json:"loop_cpu_seconds"`
		}
		if json.Unmarshal(data, &c) == nil {
			res.LoopCPU = c.LoopCPU
		}
	}
	for _, m := range br.Monitors {
		if m.Type == "spike" {
			res.Spikes += len(m.I)
		}
	}
	return res
}

func withoutEnv(env []string, name string) []string {
	var out []string
	for _, e := range env {
		if !strings.HasPrefix(e, name+"=") {
			out = append(out, e)
		}
	}
	return out
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

func lastJSONLine(b []byte) []byte {
	var last []byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 && line[0] == '{' {
			last = append([]byte{}, line...)
		}
	}
	return last
}

// wasmFlags are the wasm runner's flags of Node (V8): the stack size of
// go_js_wasm_exec, and no baseline compiler (Liftoff) and no lazy
// compilation, so that V8 compiles the whole module with its optimising
// compiler (TurboFan) before instantiating it. Under the default tiering
// (the wasm-tiering runner, go_js_wasm_exec as it is) a function runs
// Liftoff's code until it has run enough to be recompiled in the
// background, and a call that is running keeps its code: the loop of
// Network.Run, called once, stays in Liftoff's code for the whole run,
// and every function of the step runs slowly at first. A browser tiers
// the same way, so there the difference is the start-up of a simulation.
var wasmFlags = []string{"--stack-size=8192", "--no-liftoff", "--no-wasm-lazy-compilation"}

// wasmExecNode finds wasm_exec_node.js, Go's loader for Node, beside
// go_js_wasm_exec (which may be a link to it, as Go's misc/wasm scripts are).
func wasmExecNode(wasmExec string) (string, error) {
	if p, err := filepath.EvalSymlinks(wasmExec); err == nil {
		wasmExec = p
	}
	js := filepath.Join(filepath.Dir(wasmExec), "wasm_exec_node.js")
	if _, err := os.Stat(js); err != nil {
		return "", fmt.Errorf("the wasm runner needs wasm_exec_node.js beside %s (-wasmexec): %v", wasmExec, err)
	}
	return js, nil
}

func goroot() string {
	if out, err := exec.Command("go", "env", "GOROOT").Output(); err == nil {
		return strings.TrimSpace(string(out))
	}
	return runtime.GOROOT()
}

// describeMachine says where and when the suite runs: the processor, the
// cores, the date, the load, and the versions of Go, Node and Brian2.
func describeMachine(o options, rs []runner) string {
	cpu := "unknown processor"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	s := fmt.Sprintf("machine: %s, %d cores; %s; %s\ndate: %s; load average at the start: %s",
		cpu, runtime.NumCPU(), runtime.Version(), runtime.GOOS+"/"+runtime.GOARCH,
		time.Now().UTC().Format("2006-01-02 15:04 MST"), loadAverage())
	for _, r := range rs {
		if r.wasm() {
			if v, err := exec.Command("node", "--version").Output(); err == nil {
				s += "; Node " + strings.TrimSpace(string(v))
			}
			break
		}
	}
	for _, r := range rs {
		if r.Brian2 {
			if v, err := exec.Command(o.python, "-c", "import brian2; print(brian2.__version__)").Output(); err == nil {
				s += "; Brian2 " + lastLine(string(v))
			}
			break
		}
	}
	if o.quick {
		s += "\nquick mode: a tenth of each model's simulated time (the HH axon keeps its schedule)"
	}
	return s
}

func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
