//go:build !js && !wasip1

package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/core/export"
	"github.com/myelin-sim/myelin/core/model"
)

// The real test of the export: Brian2 runs each exported script (with the
// numpy code generation target, which starts fastest) and the results it
// writes must be what the model says: the monitors of the file with their
// shapes and units, and spikes where theory or myelin put them.

const python = "/usr/bin/python3"

var (
	brian2Once sync.Once
	brian2Err  error
)

// needBrian2 skips t where Brian2 cannot run the scripts.
func needBrian2(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: the exported scripts are not run with Brian2")
	}
	if _, err := os.Stat(python); err != nil {
		t.Skipf("%s is missing, so the exported scripts are not run with Brian2", python)
	}
	brian2Once.Do(func() {
		out, err := exec.Command(python, "-c",
			"import importlib.util, sys; sys.exit(importlib.util.find_spec('brian2') is None)").CombinedOutput()
		if err != nil {
			brian2Err = &exec.Error{Name: python + " cannot import brian2 " + strings.TrimSpace(string(out)), Err: err}
		}
	})
	if brian2Err != nil {
		t.Skipf("Brian2 is not installed (%v), so the exported scripts are not run with Brian2", brian2Err)
	}
}

// results is the results JSON.
type results struct {
	Model        string             `json:"model"`
	Dt           float64            `json:"dt"`
	Duration     float64            `json:"duration"`
	Seed         int64              `json:"seed"`
	BuildSeconds float64            `json:"build_seconds"`
	WallSeconds  float64            `json:"wall_seconds"`
	Monitors     map[string]monitor `json:"monitors"`
	Synapses     map[string]final   `json:"synapses"`
	Groups       map[string]final   `json:"groups"`
}

type monitor struct {
	Type      string              `json:"type"`
	Event     string              `json:"event"`
	Source    string              `json:"source"`
	I         []int               `json:"i"`
	T         []float64           `json:"t"`
	Count     []int               `json:"count"`
	Record    []int               `json:"record"`
	Rate      []float64           `json:"rate"`
	Variables map[string]recorded `json:"variables"`
}

type recorded struct {
	Unit   string          `json:"unit"`
	Values json.RawMessage `json:"values"`
}

// rows decodes the values of a state monitor.
func (r recorded) rows(t *testing.T) [][]float64 {
	t.Helper()
	var out [][]float64
	if err := json.Unmarshal(r.Values, &out); err != nil {
		t.Fatalf("values of a state monitor: %v", err)
	}
	return out
}

// list decodes one value per element.
func (r recorded) list(t *testing.T) []float64 {
	t.Helper()
	var out []float64
	if err := json.Unmarshal(r.Values, &out); err != nil {
		t.Fatalf("values: %v", err)
	}
	return out
}

type final struct {
	N         int                 `json:"N"`
	Count     int                 `json:"count"`
	Variables map[string]recorded `json:"variables"`
}

// job is one exported script for Brian2 to run.
type job struct {
	name   string
	f      *model.File
	script string // its path
	out    string // where it writes its results
	err    string // where the driver writes what went wrong
	stdout bool   // run it on its own, writing its results to stdout
}

// driver runs several scripts in one Python process, one after the other
// as python3 SCRIPT RESULTS.json runtime numpy would: importing Brian2
// takes seconds, and only once this way. Brian2's state that outlives a
// script (the default clock's dt) is reset before each.
const driver = `
import gc, json, runpy, sys, time, traceback
from brian2 import defaultclock, ms
for script, out, err in json.load(open(sys.argv[1])):
    sys.argv = [script, out, 'runtime', 'numpy']
    defaultclock.dt = 0.1*ms
    start = time.process_time()
    try:
        runpy.run_path(script, run_name='__main__')
    except BaseException:
        with open(err, 'w') as f:
            f.write(traceback.format_exc())
    gc.collect()
    print('%s: %.1f s of CPU' % (script, time.process_time() - start))
`

// runJobs runs the jobs: those with stdout each in a process of its own,
// the others shared between two driver processes.
func runJobs(t *testing.T, dir string, jobs []*job) {
	t.Helper()
	limit := 10 * time.Minute
	if os.Getenv("MYELIN_TEST_EXAMPLES") == "all" {
		limit = 60 * time.Minute
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	env := append(os.Environ(), "MYELIN_BRIAN2_TARGET=numpy", "PYTHONWARNINGS=ignore")
	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	var shared [2][][3]string
	var load [2]float64
	for _, j := range jobs {
		if j.stdout {
			cmd := exec.CommandContext(ctx, python, j.script, "-")
			cmd.Dir, cmd.Env = dir, env
			stdout, err := os.Create(j.out)
			if err != nil {
				t.Fatal(err)
			}
			defer stdout.Close()
			cmd.Stdout = stdout
			cmds = append(cmds, cmd)
			continue
		}
		k := 0
		if load[1] < load[0] {
			k = 1
		}
		shared[k] = append(shared[k], [3]string{j.script, j.out, j.err})
		load[k] += weight[j.name]
	}
	for n, list := range shared {
		if len(list) == 0 {
			continue
		}
		data, _ := json.Marshal(list)
		path := filepath.Join(dir, "jobs"+strconv.Itoa(n)+".json")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.CommandContext(ctx, python, "-c", driver, path)
		cmd.Dir, cmd.Env = dir, env
		cmds = append(cmds, cmd)
	}
	errs := make([]error, len(cmds))
	var wg sync.WaitGroup
	start := time.Now()
	for i, cmd := range cmds {
		var b bytes.Buffer
		outs = append(outs, &b)
		if cmd.Stdout == nil {
			cmd.Stdout = &b
		}
		cmd.Stderr = &b
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = cmd.Run()
		}()
	}
	wg.Wait()
	t.Logf("Brian2 ran %d scripts in %.1f s", len(jobs), time.Since(start).Seconds())
	for i, err := range errs {
		if cmds[i].Args[1] == "-c" {
			t.Logf("%s", outs[i])
		}
		if err != nil {
			t.Errorf("%s failed (%v):\n%s", strings.Join(cmds[i].Args[:2], " "), err, tail(outs[i].String(), 30))
		}
	}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// results reads what a job's script wrote.
func (j *job) results(t *testing.T) *results {
	t.Helper()
	if msg, err := os.ReadFile(j.err); err == nil {
		t.Fatalf("Brian2 failed on the script of %s:\n%s", j.f.Name, tail(string(msg), 30))
	}
	data, err := os.ReadFile(j.out)
	if err != nil || len(data) == 0 {
		t.Fatalf("the script of %s wrote no results (%v)", j.f.Name, err)
	}
	var r results
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("the results are not JSON: %v", err)
	}
	return &r
}

// size returns the number of elements of a monitor's source, or -1.
func size(f *model.File, r model.Ref) int {
	if r.Slice && r.Stop >= 0 {
		return r.Stop - r.Start
	}
	for _, n := range f.Neurons {
		if n.Name.Text == r.Name {
			return n.N.Value
		}
	}
	for _, p := range f.Poisson {
		if p.Name.Text == r.Name {
			return p.N.Value
		}
	}
	for _, s := range f.SpikeGens {
		if s.Name.Text == r.Name {
			return s.N.Value
		}
	}
	for _, s := range f.Spatial {
		if s.Name.Text == r.Name && !s.SWC.IsSet() {
			n := 0
			for _, sec := range s.Sections {
				n += max(1, sec.N.Value)
			}
			return n
		}
	}
	return -1
}

// duration is the simulated time of the model.
func duration(f *model.File) float64 {
	if len(f.Schedule) == 0 {
		return f.Run.Duration.Value.Value
	}
	d := 0.0
	for _, s := range f.Schedule {
		if s.Run.IsSet() {
			d += s.Run.Value.Value
		}
	}
	return d
}

// steps is how many samples a run of d records every dt.
func steps(d, dt float64) int { return int(math.Ceil(d/dt - 1e-9)) }

// checkResults checks what every results JSON must hold for its model.
func checkResults(t *testing.T, f *model.File, r *results) {
	t.Helper()
	dt := model.DefaultDt
	if f.Run.Dt.IsSet() {
		dt = f.Run.Dt.Value.Value
	}
	seed := int64(1)
	if f.Run.Seed.IsSet() {
		seed = int64(f.Run.Seed.Value)
	}
	d := duration(f)
	if r.Model != f.Model.Name.Text || r.Dt != dt || r.Seed != seed || math.Abs(r.Duration-d) > 1e-12 {
		t.Errorf("model %q, dt %g, seed %d, duration %g; want %q, %g, %d, %g", r.Model, r.Dt, r.Seed, r.Duration, f.Model.Name.Text, dt, seed, d)
	}
	if r.BuildSeconds < 0 || r.WallSeconds < 0 || r.WallSeconds > 600 {
		t.Errorf("build_seconds %g, wall_seconds %g", r.BuildSeconds, r.WallSeconds)
	}
	if len(r.Monitors) != len(f.Monitors) {
		t.Errorf("%d monitors, want %d", len(r.Monitors), len(f.Monitors))
	}
	for _, m := range f.Monitors {
		got, ok := r.Monitors[m.Name.Text]
		if !ok {
			t.Errorf("monitor %s is missing", m.Name.Text)
			continue
		}
		name := m.Name.Text
		if got.Type != m.Type.Text || got.Source != m.Source.Name || got.Event != m.Event.Text {
			t.Errorf("monitor %s: type %q, source %q, event %q; want %q, %q, %q", name, got.Type, got.Source, got.Event, m.Type.Text, m.Source.Name, m.Event.Text)
		}
		n := size(f, m.Source)
		switch m.Type.Text {
		case "spike", "event":
			if len(got.I) != len(got.T) || got.I == nil || got.T == nil || got.Count == nil {
				t.Errorf("monitor %s: %d indices, %d times, count %v", name, len(got.I), len(got.T), got.Count != nil)
			}
			if n >= 0 && len(got.Count) != n {
				t.Errorf("monitor %s: %d counts, want %d", name, len(got.Count), n)
			}
			total := 0
			for _, c := range got.Count {
				total += c
			}
			kept := m.Record.IsSet() && !m.Record.All
			if !kept && total != len(got.I) {
				t.Errorf("monitor %s: %d events, but the counts add up to %d", name, len(got.I), total)
			}
			for k, i := range got.I {
				if i < 0 || n >= 0 && i >= n || kept && !slices.Contains(m.Record.Indices, i) {
					t.Errorf("monitor %s: index %d", name, i)
				}
				if tk := got.T[k]; tk < 0 || tk > d || k > 0 && tk < got.T[k-1] {
					t.Errorf("monitor %s: time %g", name, tk)
				}
			}
		case "state":
			every := dt
			if m.Dt.IsSet() {
				every = m.Dt.Value.Value
			}
			if len(got.T) != steps(d, every) {
				t.Errorf("monitor %s: %d samples, want %d", name, len(got.T), steps(d, every))
			}
			switch {
			case !m.Record.IsSet() || !m.Record.All:
				want := m.Record.Indices
				if want == nil {
					want = []int{}
				}
				if !slices.Equal(got.Record, want) {
					t.Errorf("monitor %s: record %v, want %v", name, got.Record, want)
				}
			case n >= 0 && len(got.Record) != n:
				t.Errorf("monitor %s: %d recorded, want %d", name, len(got.Record), n)
			}
			if len(got.Variables) != len(m.Variables) {
				t.Errorf("monitor %s: %d variables, want %d", name, len(got.Variables), len(m.Variables))
			}
			for _, v := range m.Variables {
				rec, ok := got.Variables[v.Text]
				if !ok || rec.Unit == "" {
					t.Errorf("monitor %s: variable %s missing or without unit", name, v.Text)
					continue
				}
				rows := rec.rows(t)
				if len(rows) != len(got.Record) {
					t.Errorf("monitor %s: %d rows of %s, want %d", name, len(rows), v.Text, len(got.Record))
				}
				for _, row := range rows {
					if len(row) != len(got.T) {
						t.Errorf("monitor %s: a row of %s has %d values, want %d", name, v.Text, len(row), len(got.T))
						break
					}
				}
			}
		case "rate":
			if len(got.T) != steps(d, dt) || len(got.Rate) != len(got.T) {
				t.Errorf("monitor %s: %d times, %d rates, want %d", name, len(got.T), len(got.Rate), steps(d, dt))
			}
		}
	}
}

// unit checks the unit of a recorded variable.
func unit(t *testing.T, r *results, mon, v, want string) {
	t.Helper()
	if got := r.Monitors[mon].Variables[v].Unit; got != want {
		t.Errorf("monitor %s: the unit of %s is %q, want %q", mon, v, got, want)
	}
}

func TestBrian2(t *testing.T) {
	needBrian2(t)
	checks := map[string]func(*testing.T, *model.File, *results){
		"lif_ramp":        checkLIFRamp,
		"cuba":            checkCUBA,
		"hh_steps":        checkHH,
		"stdp":            checkSTDP,
		"spikegen_delays": checkSpikegen,
		"ball_and_stick":  checkBallAndStick,
		"full":            checkFull,
		"names":           nil,
		"schedule_constants": func(t *testing.T, f *model.File, r *results) {
			crossCheck(t, "schedule_constants", r, 0)
		},
	}
	// Smaller and shorter than the models themselves, for speed.
	overrides := map[string][]string{
		"cuba": {"N=400", "T=100*ms"},
		"stdp": {"T=300*ms"},
	}
	dir := t.TempDir()
	// The scripts read their SWC files beside themselves.
	swc, err := os.ReadFile(filepath.Join("testdata", "cell.swc"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "cell.swc"), swc, 0o644); err != nil {
		t.Fatal(err)
	}
	var jobs []*job
	// The heaviest first, so that the two drivers share the work evenly.
	names := models(t)
	sort.SliceStable(names, func(i, j int) bool { return weight[names[i]] > weight[names[j]] })
	for _, name := range names {
		if _, ok := checks[name]; !ok {
			t.Errorf("no check for the test model %s", name)
		}
		f := load(t, name)
		for _, o := range overrides[name] {
			k, v, _ := strings.Cut(o, "=")
			if err := f.Override(k, v); err != nil {
				t.Fatal(err)
			}
		}
		j := &job{name: name, f: f, script: filepath.Join(dir, name+".py"),
			out: filepath.Join(dir, name+".json"), err: filepath.Join(dir, name+".err"),
			stdout: name == "names"}
		if err := os.WriteFile(j.script, []byte(script(t, f, options(name))), 0o644); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	runJobs(t, dir, jobs)
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			r := j.results(t)
			checkResults(t, j.f, r)
			if check := checks[j.name]; check != nil {
				check(t, j.f, r)
			}
		})
	}
}

// weight is roughly how many seconds Brian2 takes for each test model.
var weight = map[string]float64{"hh_steps": 3.2, "cuba": 2.7, "stdp": 2.1,
	"full": 1.4, "lif_ramp": 1, "ball_and_stick": 1, "spikegen_delays": 0.5,
	"schedule_constants": 0.5}

// lifRampSpikes returns the spike times of lif_ramp.toml, from the exact
// solution: between spikes v - El = R*a*(t - tau) + C*exp(-t/tau) under
// the ramp I = a*t; after a spike v stays at Vr for the refractory period.
func lifRampSpikes(T float64) []float64 {
	const (
		tau, R, El, Vt, Vr = 10e-3, 100e6, -70e-3, -50e-3, -70e-3
		a, tref            = 2e-9, 2e-3
	)
	u := func(t, t0, u0 float64) float64 {
		c := (u0 - R*a*(t0-tau)) * math.Exp(t0/tau)
		return R*a*(t-tau) + c*math.Exp(-t/tau)
	}
	var spikes []float64
	t0, u0 := 0.0, 0.0
	for {
		// Step to the first crossing of the threshold, then bisect.
		lo := t0
		for lo < T && u(lo+1e-5, t0, u0) <= Vt-El {
			lo += 1e-5
		}
		if lo >= T {
			return spikes
		}
		hi := lo + 1e-5
		for hi-lo > 1e-12 {
			mid := (lo + hi) / 2
			if u(mid, t0, u0) > Vt-El {
				hi = mid
			} else {
				lo = mid
			}
		}
		if hi >= T {
			return spikes
		}
		spikes = append(spikes, hi)
		t0, u0 = hi+tref, Vr-El
	}
}

func checkLIFRamp(t *testing.T, f *model.File, r *results) {
	want := lifRampSpikes(r.Duration)
	got := r.Monitors["spikes"].T
	// Brian2 gives the time step in which the threshold is crossed, and
	// restarts the integration on the step grid after a spike: each spike
	// may come up to one step earlier or later than the one before it.
	if len(got) < len(want)-1 || len(got) > len(want)+1 || len(want) < 5 {
		t.Fatalf("%d spikes, want %d ± 1 (at %v)", len(got), len(want), want)
	}
	for k := 0; k < min(len(got), len(want)); k++ {
		if tol := float64(k+1) * r.Dt; math.Abs(got[k]-want[k]) > tol+1e-9 {
			t.Errorf("spike %d at %.5f s, want %.5f ± %g s", k, got[k], want[k], tol)
		}
	}
	t.Logf("Brian2: %d spikes, the first at %.4f s; theory: %d, the first at %.4f s", len(got), got[0], len(want), want[0])
	if want[0] < 0.1 {
		t.Errorf("the first spike at %g s comes before the current reaches rheobase at 0.1 s", want[0])
	}
	unit(t, r, "trace", "v", "V")
	unit(t, r, "trace", "I", "A")
	crossCheck(t, "lif_ramp", r, 1)
}

func checkCUBA(t *testing.T, f *model.File, r *results) {
	sp := r.Monitors["spikes"]
	rate := float64(len(sp.I)) / 400 / r.Duration
	if rate < 5 || rate > 100 {
		t.Errorf("the mean rate is %.1f Hz, not a rate of the CUBA network", rate)
	}
	// The population rate averages to the same.
	sum := 0.0
	for _, x := range r.Monitors["rate"].Rate {
		sum += x
	}
	if mean := sum / float64(len(r.Monitors["rate"].Rate)); math.Abs(mean-rate) > 0.01*rate {
		t.Errorf("the rate monitor's mean is %.2f Hz, the spike monitor's %.2f Hz", mean, rate)
	}
	unit(t, r, "trace", "v", "V")
}

func checkHH(t *testing.T, f *model.File, r *results) {
	sp := r.Monitors["spikes"]
	if len(sp.T) < 2 {
		t.Errorf("%d spikes under 0.7 nA for 30 ms", len(sp.T))
	}
	for k, i := range sp.I {
		if i != 0 || sp.T[k] < 0.010 || sp.T[k] > 0.042 {
			t.Errorf("neuron %d spiked at %g s: only neuron 0 has current, from 10 to 40 ms", i, sp.T[k])
		}
	}
	unit(t, r, "trace", "v", "V")
	unit(t, r, "trace", "m", "1")
	crossCheck(t, "hh_steps", r, 0)
}

func checkSTDP(t *testing.T, f *model.File, r *results) {
	c, _ := f.Constant("N")
	n := int(c.Value.Value)
	in := r.Monitors["input_spikes"]
	total := 0
	for _, x := range in.Count {
		total += x
	}
	if rate := float64(total) / float64(n) / r.Duration; math.Abs(rate-15) > 1.5 {
		t.Errorf("the inputs fire at %.2f Hz, want 15 Hz", rate)
	}
	if len(in.I) != 0 {
		t.Errorf("record = false, but the results have %d spikes", len(in.I))
	}
	if len(r.Monitors["output_spikes"].T) == 0 {
		t.Errorf("the neuron never fired")
	}
	s, ok := r.Synapses["S"]
	if !ok || s.Count != n {
		t.Fatalf("synapses %+v, want %d", s, n)
	}
	w := s.Variables["w"].list(t)
	if len(w) != n {
		t.Errorf("%d weights, want %d", len(w), n)
	}
	for _, x := range w {
		if x < 0 || x > 0.01 {
			t.Errorf("weight %g out of [0, gmax]", x)
			break
		}
	}
	if g, ok := r.Groups["neuron"]; !ok || g.N != 1 || g.Variables["v"].Unit != "V" || g.Variables["ge"].Unit != "1" {
		t.Errorf("the final state of the neuron: %+v", g)
	}
}

func checkSpikegen(t *testing.T, f *model.File, r *results) {
	const ms = 1e-3
	in := r.Monitors["input"]
	wantT := []float64{10 * ms, 20 * ms, 30 * ms, 60 * ms, 70 * ms, 80 * ms}
	if !slices.Equal(in.I, []int{0, 1, 2, 0, 1, 2}) || !near(in.T, wantT, 1e-9) {
		t.Errorf("the generator fired %v at %v, want [0 1 2 0 1 2] at %v", in.I, in.T, wantT)
	}
	// A spike that arrives at a synapse in one step makes its target cross
	// the threshold in the next (thresholds come before synapses in
	// Brian2's schedule): each target fires one step after its input
	// plus the delay, 2 ms for the fixed synapses, 1, 2 and 3 ms for the
	// others.
	out := r.Monitors["output"]
	got := map[int][]float64{}
	for k, i := range out.I {
		got[i] = append(got[i], out.T[k])
	}
	for j := range 6 {
		delay := 2 * ms
		if j >= 3 {
			delay = float64(j-2) * ms
		}
		input := float64(10*(j%3+1)) * ms
		want := []float64{input + delay + r.Dt, input + 50*ms + delay + r.Dt}
		if !near(got[j], want, 1e-9) {
			t.Errorf("target %d fired at %v, want %v", j, got[j], want)
		}
	}
}

func near(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > tol {
			return false
		}
	}
	return true
}

func checkBallAndStick(t *testing.T, f *model.File, r *results) {
	// Cable theory: the dendrite (sealed end) has the input conductance
	// pi*d^2/(4*Ri*lambda)*tanh(L/lambda), lambda = sqrt(d/(4*Ri*gL)), in
	// parallel with the soma's gL*pi*D^2. After 5 membrane time constants
	// the voltage is within 1% of its steady state.
	const (
		gL, Ri, d, L, D, I = 1.0, 1.0, 1e-6, 700e-6, 30e-6, 0.2e-9 // SI units
	)
	lambda := math.Sqrt(d / (4 * Ri * gL))
	gDend := math.Pi * d * d / (4 * Ri * lambda) * math.Tanh(L/lambda)
	gSoma := gL * math.Pi * D * D
	soma := I / (gSoma + gDend)
	tip := soma / math.Cosh(L/lambda)
	rows := r.Monitors["voltages"].Variables["v"].rows(t)
	last := func(k int) float64 { return rows[k][len(rows[k])-1] - (-65e-3) }
	if got := last(0); math.Abs(got-soma) > 0.02*soma {
		t.Errorf("the soma is depolarised by %.2f mV, want %.2f mV", got*1e3, soma*1e3)
	}
	if got := last(2); math.Abs(got-tip) > 0.03*tip {
		t.Errorf("the end of the dendrite is depolarised by %.2f mV, want %.2f mV", got*1e3, tip*1e3)
	}
	unit(t, r, "voltages", "v", "V")
}

func checkFull(t *testing.T, f *model.File, r *results) {
	for _, m := range []string{"ballv"} {
		if len(r.Monitors[m].Record) != 0 {
			t.Errorf("monitor %s has no record key but records %v", m, r.Monitors[m].Record)
		}
	}
	unit(t, r, "ballv", "gL", "m^-4 kg^-1 s^3 A^2")
	unit(t, r, "trace", "ge", "V")
	if sp := r.Monitors["spikes"]; sp.Variables["v"].Unit != "V" || len(sp.Variables["v"].list(t)) != len(sp.I) {
		t.Errorf("the spike monitor's v: %+v", sp.Variables["v"])
	}
	if len(r.Monitors["ev"].I) == 0 {
		t.Errorf("no burst event")
	}
	gen := r.Monitors["gen"]
	if !slices.Equal(gen.I, []int{0, 1, 2, 0, 1, 2}) {
		t.Errorf("the generator fired %v at %v", gen.I, gen.T)
	}
	for _, g := range []string{"P", "eye", "exp", "inputs", "stim", "cell", "ball"} {
		if _, ok := r.Groups[g]; !ok {
			t.Errorf("no final state of group %s", g)
		}
	}
	for _, s := range []string{"Ce", "Ci", "Sin", "Sstim"} {
		if r.Synapses[s].Count == 0 {
			t.Errorf("synapses %s: %+v", s, r.Synapses[s])
		}
	}
	if n := r.Synapses["Ce"].Count; len(r.Monitors["syn"].Record) != n {
		t.Errorf("monitor syn records %d synapses of %d", len(r.Monitors["syn"].Record), n)
	}
	if rec := r.Monitors["synslice"].Record; !slices.Equal(rec, []int{0, 1, 2, 3, 4}) {
		t.Errorf("monitor synslice records %v", rec)
	}
	if p := r.Groups["P"]; p.N != 40 || len(p.Variables) != 4 || p.Variables["y"].Unit != "1" {
		t.Errorf("the final state of P: %d neurons, variables %v", p.N, p.Variables)
	}
	if b := r.Groups["ball"]; b.N != 15 || b.Variables["v"].Unit != "V" {
		t.Errorf("the final state of ball: %+v", b)
	}
	// The schedule sets P.v to -55 mV after 10 ms.
	tr := r.Monitors["trace"]
	k := slices.Index(tr.T, 0.010)
	if v := tr.Variables["v"].rows(t); k < 0 || math.Abs(v[0][k]-(-55e-3)) > 0.5e-3 {
		t.Errorf("P.v after the schedule's set: %v", v[0][max(k, 0):max(k, 0)+1])
	}
}

// crossCheck runs a test model with myelin itself and compares its results
// with Brian2's: the same monitors, sources, records, sample times and
// units, and the same spikes within a step or two (spikeSlack more or
// fewer).
func crossCheck(t *testing.T, name string, b2 *results, spikeSlack int) {
	t.Helper()
	f := load(t, name)
	built, err := model.Build(f)
	if err != nil {
		t.Errorf("myelin cannot build %s, so its results are not compared with Brian2's: %v", name, err)
		return
	}
	wall, err := built.Run(0)
	if err != nil {
		t.Errorf("myelin cannot run %s: %v", name, err)
		return
	}
	data, err := json.Marshal(built.Results(wall.Seconds(), false))
	if err != nil {
		t.Fatal(err)
	}
	var my results
	if err := json.Unmarshal(data, &my); err != nil {
		t.Fatal(err)
	}
	if my.Model != b2.Model || my.Dt != b2.Dt || my.Seed != b2.Seed || math.Abs(my.Duration-b2.Duration) > 1e-12 {
		t.Errorf("myelin: model %q, dt %g, seed %d, duration %g; Brian2: %q, %g, %d, %g",
			my.Model, my.Dt, my.Seed, my.Duration, b2.Model, b2.Dt, b2.Seed, b2.Duration)
	}
	for mname, m := range my.Monitors {
		o, ok := b2.Monitors[mname]
		if !ok {
			t.Errorf("Brian2's results lack myelin's monitor %s", mname)
			continue
		}
		if m.Type != o.Type || m.Source != o.Source || !slices.Equal(m.Record, o.Record) || len(m.T) != len(o.T) {
			t.Errorf("monitor %s: myelin %s of %s, record %v, %d times; Brian2 %s of %s, record %v, %d times",
				mname, m.Type, m.Source, m.Record, len(m.T), o.Type, o.Source, o.Record, len(o.T))
		}
		for v, rec := range m.Variables {
			if o.Variables[v].Unit != rec.Unit {
				t.Errorf("monitor %s: %s is in %q for myelin, %q for Brian2", mname, v, rec.Unit, o.Variables[v].Unit)
			}
		}
		if m.Type == "spike" {
			worst := 0.0
			for k := 0; k < min(len(m.T), len(o.T)); k++ {
				worst = max(worst, math.Abs(m.T[k]-o.T[k]))
			}
			t.Logf("monitor %s: myelin %d spikes, Brian2 %d; times differ by %.3g s at most", mname, len(m.T), len(o.T), worst)
			if d := len(m.T) - len(o.T); d < -spikeSlack || d > spikeSlack || !slices.Equal(m.Count, o.Count) && spikeSlack == 0 {
				t.Errorf("monitor %s: myelin has %d spikes %v, Brian2 %d", mname, len(m.T), m.Count, len(o.T))
			}
			for k := 0; k < min(len(m.T), len(o.T)); k++ {
				if math.Abs(m.T[k]-o.T[k]) > 2*b2.Dt+1e-9 || m.I[k] != o.I[k] {
					t.Errorf("monitor %s: spike %d of neuron %d at %g s for myelin, of %d at %g s for Brian2", mname, k, m.I[k], m.T[k], o.I[k], o.T[k])
					break
				}
			}
		}
	}
}

// TestBrian2Standalone runs one exported script on Brian2's cpp_standalone
// device, which compiles the model with a C++ compiler: a minute or more,
// so only when MYELIN_TEST_BRIAN2_STANDALONE=1.
func TestBrian2Standalone(t *testing.T) {
	if os.Getenv("MYELIN_TEST_BRIAN2_STANDALONE") != "1" {
		t.Skip("set MYELIN_TEST_BRIAN2_STANDALONE=1 to compile and run a script on cpp_standalone")
	}
	needBrian2(t)
	dir := t.TempDir()
	f := load(t, "spikegen_delays")
	path := filepath.Join(dir, "spikegen_delays.py")
	if err := os.WriteFile(path, []byte(script(t, f, export.Options{FinalState: true})), 0o644); err != nil {
		t.Fatal(err)
	}
	j := &job{name: "spikegen_delays", f: f, script: path, out: filepath.Join(dir, "results.json"), err: filepath.Join(dir, "none")}
	cmd := exec.Command(python, path, j.out, "cpp_standalone")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cpp_standalone failed (%v):\n%s", err, tail(string(out), 30))
	}
	r := j.results(t)
	checkResults(t, f, r)
	checkSpikegen(t, f, r)
	if g := r.Groups["target"]; g.N != 6 || len(g.Variables["v"].list(t)) != 6 {
		t.Errorf("the final state of target: %+v", g)
	}
}
