//go:build !js && !wasip1

package export_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
)

// The round trip of the example library: every model of examples/ is
// exported, Brian2 2.5.1 runs the script, myelin runs the model, and the
// two results must agree. A deterministic model must give the same spikes
// (the same count for every neuron, each spike within two steps) and the
// same traces; a model that draws random numbers, which Brian2 and myelin
// draw differently from the same seed, the same number of spikes within
// statistical tolerance.
//
// Brian2 takes from a few seconds (numpy) to a minute (sympy working out a
// propagator) per script, so `go test` runs the examples marked fast,
// some shortened; MYELIN_TEST_EXAMPLES=all (make test-examples-brian2)
// runs every example for its full duration.

// roundTrip says how an example is compared with Brian2.
type roundTrip struct {
	// random: compare spike counts statistically; otherwise exactly.
	random bool
	// fast examples run in go test; short, when set, is the duration
	// they run for there (the full one with MYELIN_TEST_EXAMPLES=all).
	fast  bool
	short float64
	// trace is the largest difference allowed between the traces of
	// state monitors, in SI units, for deterministic models (0: 1e-9
	// of the values' range).
	trace float64
	// rel is the relative standard deviation of a monitor's spike count
	// from one seed to the next, measured with myelin over seeds 1 to 6:
	// a recurrent network fluctuates far more than Poisson noise (its
	// connectivity is drawn anew), a regular population less. A monitor
	// that is not listed counts as Poisson.
	rel map[string]float64
}

var roundTrips = map[string]roundTrip{
	"adaptive_threshold":   {random: true},
	"adex_firing_patterns": {},
	"ball_and_stick":       {fast: true, trace: 1e-7},
	"branched_neuron":      {fast: true, trace: 1e-7},
	"brunel_hakim":         {random: true},
	"cobahh":               {random: true, rel: map[string]float64{"spikes": 0.10}},
	"cuba":                 {random: true, rel: map[string]float64{"spikes": 0.066}},
	"hh":                   {trace: 1e-8},
	"hh_axon":              {trace: 1e-8},
	"if_curve_lif":         {},
	"if_curve_noise":       {random: true},
	"izhikevich_2003":      {random: true, rel: map[string]float64{"spikes": 0.024}},
	"lif":                  {},
	"lif_dimensionless":    {fast: true},
	"periodic_reset":       {fast: true},
	"random_transmission":  {random: true, fast: true, rel: map[string]float64{"spikes": 0.015}},
	"smooth_pursuit":       {random: true, rel: map[string]float64{"motor_spikes": 0.37}},
	"stdp":                 {random: true, rel: map[string]float64{"out": 0.21}},
	"wang_buzsaki":         {trace: 1e-8},
}

func TestExamplesBrian2(t *testing.T) {
	needBrian2(t)
	// MYELIN_TEST_EXAMPLES=all runs every example in full; a list such as
	// cuba,stdp runs those in full.
	listed := map[string]bool{}
	for _, name := range strings.Split(os.Getenv("MYELIN_TEST_EXAMPLES"), ",") {
		if name = strings.TrimSpace(name); name != "" {
			listed[name] = true
		}
	}
	all := listed["all"]
	paths, err := filepath.Glob(filepath.Join("..", "..", "examples", "*.toml"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	dir := t.TempDir()
	var jobs []*job
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".toml")
		rt, ok := roundTrips[name]
		if !ok {
			t.Errorf("example %s has no entry in roundTrips: say how it compares with Brian2", name)
			continue
		}
		full := all || listed[name]
		if !full && (len(listed) > 0 || !rt.fast) {
			continue
		}
		f, err := model.LoadFile(path)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !full && rt.short > 0 && len(f.Schedule) == 0 {
			f.Run.Duration.Value.Value = rt.short
			f.Run.Duration.Src.Text = strconv.FormatFloat(rt.short, 'g', -1, 64) + "*second"
		}
		// The scripts read SWC files beside themselves.
		for _, s := range f.Spatial {
			if s.SWC.IsSet() {
				data, err := os.ReadFile(filepath.Join(filepath.Dir(path), s.SWC.Text))
				if err == nil {
					err = os.WriteFile(filepath.Join(dir, s.SWC.Text), data, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}
		j := &job{name: name, f: f, script: filepath.Join(dir, name+".py"),
			out: filepath.Join(dir, name+".json"), err: filepath.Join(dir, name+".err")}
		if err := os.WriteFile(j.script, []byte(script(t, f, options(name))), 0o644); err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, j)
	}
	if !all {
		t.Logf("the fast examples only, some shortened: MYELIN_TEST_EXAMPLES=all runs all %d", len(paths))
	}
	sort.SliceStable(jobs, func(a, b int) bool { return weight[jobs[a].name] > weight[jobs[b].name] })
	runJobs(t, dir, jobs)
	for _, j := range jobs {
		t.Run(j.name, func(t *testing.T) {
			b2 := j.results(t)
			checkResults(t, j.f, b2)
			my := runMyelin(t, j.f)
			compareRuns(t, roundTrips[j.name], my, b2)
		})
	}
}

// runMyelin runs a loaded model with myelin and returns its results JSON,
// decoded as Brian2's are.
func runMyelin(t *testing.T, f *model.File) *results {
	t.Helper()
	b, err := model.Build(f)
	if err != nil {
		t.Fatalf("myelin cannot build the model: %v", err)
	}
	wall, err := b.Run(0)
	if err != nil {
		t.Fatalf("myelin cannot run the model: %v", err)
	}
	data, err := json.Marshal(b.Results(wall.Seconds(), false))
	if err != nil {
		t.Fatal(err)
	}
	var r results
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// compareRuns compares myelin's results with Brian2's.
func compareRuns(t *testing.T, rt roundTrip, my, b2 *results) {
	t.Helper()
	if my.Dt != b2.Dt || math.Abs(my.Duration-b2.Duration) > 1e-12 {
		t.Errorf("myelin: dt %g, duration %g; Brian2: %g, %g", my.Dt, my.Duration, b2.Dt, b2.Duration)
	}
	names := make([]string, 0, len(my.Monitors))
	for name := range my.Monitors {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		m, o := my.Monitors[name], b2.Monitors[name]
		if m.Type != o.Type || m.Source != o.Source || len(m.T) != len(o.T) && m.Type != "spike" && m.Type != "event" {
			t.Errorf("monitor %s: myelin %s of %s with %d times; Brian2 %s of %s with %d", name, m.Type, m.Source, len(m.T), o.Type, o.Source, len(o.T))
			continue
		}
		switch m.Type {
		case "spike", "event":
			if rt.random {
				compareCounts(t, name, rt, m, o)
			} else {
				compareSpikes(t, name, m, o, b2.Dt)
			}
		case "state":
			if !rt.random {
				compareTraces(t, name, rt, m, o)
			}
		}
	}
}

// compareSpikes wants the same spikes: the same count for every neuron,
// and the same neurons in the same order within two time steps.
func compareSpikes(t *testing.T, name string, m, o monitor, dt float64) {
	t.Helper()
	worst := 0.0
	for k := 0; k < min(len(m.T), len(o.T)); k++ {
		worst = max(worst, math.Abs(m.T[k]-o.T[k]))
	}
	t.Logf("monitor %s: myelin %d spikes, Brian2 %d; times differ by %.3g s at most", name, len(m.T), len(o.T), worst)
	if len(m.Count) != len(o.Count) {
		t.Errorf("monitor %s: myelin counts %d neurons, Brian2 %d", name, len(m.Count), len(o.Count))
		return
	}
	for i := range m.Count {
		if m.Count[i] != o.Count[i] {
			t.Errorf("monitor %s: neuron %d fired %d times in myelin, %d in Brian2", name, i, m.Count[i], o.Count[i])
			return
		}
	}
	// Spikes of one step may come in another order: compare them sorted
	// by neuron within each step.
	type spike struct {
		step int
		i    int
	}
	sorted := func(mon monitor) []spike {
		out := make([]spike, len(mon.I))
		for k := range mon.I {
			out[k] = spike{int(math.Round(mon.T[k] / dt)), mon.I[k]}
		}
		sort.Slice(out, func(a, b int) bool {
			if out[a].step != out[b].step {
				return out[a].step < out[b].step
			}
			return out[a].i < out[b].i
		})
		return out
	}
	a, b := sorted(m), sorted(o)
	for k := 0; k < min(len(a), len(b)); k++ {
		if a[k].i != b[k].i || abs(a[k].step-b[k].step) > 2 {
			t.Errorf("monitor %s: spike %d is neuron %d at step %d in myelin, neuron %d at step %d in Brian2", name, k, a[k].i, a[k].step, b[k].i, b[k].step)
			return
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// compareCounts wants as many spikes within statistical tolerance: four
// standard deviations of the difference of two independent runs, each
// with the standard deviation of a Poisson count or rt.rel of the count,
// whichever is larger.
func compareCounts(t *testing.T, name string, rt roundTrip, m, o monitor) {
	t.Helper()
	a, b := 0.0, 0.0
	for _, c := range m.Count {
		a += float64(c)
	}
	for _, c := range o.Count {
		b += float64(c)
	}
	mean := (a + b) / 2
	sd := math.Max(math.Sqrt(mean), rt.rel[name]*mean)
	tol := 4 * math.Sqrt2 * sd
	t.Logf("monitor %s: myelin %g spikes, Brian2 %g (tolerance %.0f)", name, a, b, tol)
	if math.Abs(a-b) > tol {
		t.Errorf("monitor %s: myelin has %g spikes, Brian2 %g: more apart than %.0f", name, a, b, tol)
	}
}

// compareTraces wants the same recorded values within rt.trace.
func compareTraces(t *testing.T, name string, rt roundTrip, m, o monitor) {
	t.Helper()
	for v, rec := range m.Variables {
		orec, ok := o.Variables[v]
		if !ok || orec.Unit != rec.Unit {
			t.Errorf("monitor %s: %s is in %q for myelin, %q for Brian2", name, v, rec.Unit, orec.Unit)
			continue
		}
		a, b := rec.rows(t), orec.rows(t)
		if len(a) != len(b) {
			t.Errorf("monitor %s: myelin records %d rows of %s, Brian2 %d", name, len(a), v, len(b))
			continue
		}
		lo, hi, worst, at := math.Inf(1), math.Inf(-1), 0.0, 0
		for r := range a {
			for k := 0; k < min(len(a[r]), len(b[r])); k++ {
				lo, hi = math.Min(lo, b[r][k]), math.Max(hi, b[r][k])
				if d := math.Abs(a[r][k] - b[r][k]); d > worst || math.IsNaN(d) {
					worst, at = d, k
				}
			}
		}
		tol := rt.trace
		if tol == 0 {
			tol = 1e-9 * (hi - lo)
		}
		t.Logf("monitor %s: %s differs by %.3g %s at most (sample %d; tolerance %.3g)", name, v, worst, rec.Unit, at, tol)
		if !(worst <= tol) {
			t.Errorf("monitor %s: %s differs by %.3g %s between myelin and Brian2 (sample %d), more than %.3g", name, v, worst, rec.Unit, at, tol)
		}
	}
}
