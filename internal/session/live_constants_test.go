package session

import (
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
)

// coupledSrc is a linear system whose coefficients include the control
// constant a: exact integration with a numeric propagator needs a's value
// when the network is built.
const coupledSrc = `
[model]
name = "coupled"
[run]
dt = "0.1*ms"
duration = "20*ms"
seed = 1
[constants]
tau = "10*ms"
tauw = "30*ms"
a = "0.5"
[[neurons]]
name = "G"
N = 4
model = """
dv/dt = (-v + a*w)/tau : 1
dw/dt = (v - w)/tauw : 1
"""
METHOD
[neurons.init]
v = "1 + i"
[[monitors]]
name = "m"
type = "state"
source = "G"
variables = ["v"]
record = true
[[controls]]
param = "a"
min = "0"
max = "1"
[[controls]]
param = "tauw"
min = "1*ms"
max = "100*ms"
`

// TestLiveControlKeepsMethod: a control constant that the integration of
// a group needs as a number is not built live, so the session integrates
// with the method (and statements) `myelin run` uses, and loads with
// method = "exact" given; a change during a run restarts with the reason.
// One the integration does not need (tau of a single equation) stays live.
func TestLiveControlKeepsMethod(t *testing.T) {
	const single = `
[model]
name = "single"
[run]
dt = "0.1*ms"
duration = "20*ms"
[constants]
tau = "10*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = -v/tau : 1"
[neurons.init]
v = "1"
[[controls]]
param = "tau"
min = "1*ms"
max = "100*ms"
`
	for _, tc := range []struct {
		name, src, param string
		live             bool
	}{
		{"auto method", strings.Replace(coupledSrc, "METHOD", "", 1), "a", false},
		{"exact given", strings.Replace(coupledSrc, "METHOD", `method = "exact"`, 1), "a", false},
		{"exact given, tauw", strings.Replace(coupledSrc, "METHOD", `method = "exact"`, 1), "tauw", false},
		{"euler given", strings.Replace(coupledSrc, "METHOD", `method = "euler"`, 1), "a", true},
		{"single equation", single, "tau", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			f, err := model.Load("c.toml", src)
			if err != nil {
				t.Fatal(err)
			}
			cli, err := model.Build(f)
			if err != nil {
				t.Fatal("cli build:", err)
			}
			s, err := New("c.toml", src, nil)
			if err != nil {
				t.Fatal("session build:", err)
			}
			if got, want := s.Built().Groups["G"].Method, cli.Groups["G"].Method; got != want {
				t.Errorf("session method %q, myelin run's %q", got, want)
			}
			if got := s.Built().IsLive(tc.param); got != tc.live {
				t.Errorf("IsLive(%s) = %v, want %v", tc.param, got, tc.live)
			}
			want := oneShot(t, "c.toml", src, 0)
			if err := s.Start(0, false); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, s, func() int64 { return 30 }); err != nil {
				t.Fatal(err)
			}
			got := plain(t, s.Results(true))
			got.Duration = want.Duration
			if !reflect.DeepEqual(got, want) {
				t.Errorf("session results differ from myelin run's")
			}
			if err := s.Start(0.01, true); err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Advance(50); err != nil {
				t.Fatal(err)
			}
			restarted, why, err := s.SetLive(tc.param, "0.9*"+unitOf(tc.param))
			if err != nil {
				t.Fatal(err)
			}
			if restarted != !tc.live || (why != nil) != !tc.live {
				t.Errorf("SetLive during the run: restarted %v (%v), want %v", restarted, why, !tc.live)
			}
			if !tc.live && why != nil && !strings.Contains(why.Error(), "'G' model") {
				t.Errorf("the reason %q does not name the group's model", why)
			}
		})
	}
}

// unitOf is the unit of the test's constants.
func unitOf(param string) string {
	if strings.HasPrefix(param, "tau") {
		return "ms"
	}
	return "1"
}

// TestScheduleDurationControl: a control constant that a [[schedule]]
// step's run duration uses fixes the program's steps: a change before the
// run rebuilds, so the schedule runs the new duration, and one during the
// run restarts with the reason.
func TestScheduleDurationControl(t *testing.T) {
	const src = `
[model]
name = "sched T"
[run]
dt = "0.1*ms"
[constants]
T = "50*ms"
T2 = "2*T"
tau = "10*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = -v/tau : 1"
[[schedule]]
run = "T2"
[[controls]]
param = "T"
min = "1*ms"
max = "100*ms"
`
	s, err := New("t.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Built().IsLive("T") {
		t.Errorf("T is live")
	}
	if _, _, err := s.SetLive("T", "10*ms"); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(0, false); err != nil {
		t.Fatal(err)
	}
	if err := runAll(t, s, func() int64 { return 100000 }); err != nil {
		t.Fatal(err)
	}
	if got := s.Built().Net.Step(); got != 200 {
		t.Errorf("after T = 10 ms the schedule ran %d steps, want 200", got)
	}
	if err := s.Start(0.001, true); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.Advance(10); err != nil {
		t.Fatal(err)
	}
	wantRestart(t, s, "T", "5*ms", "[[schedule]]")
}

// TestScheduleConstantSets: a session runs the [[schedule]] sets of
// constants as `myelin run` does, bit for bit: a constant of the
// equations, and a PoissonGroup's constant rate.
func TestScheduleConstantSets(t *testing.T) {
	const drive = `
[model]
name = "drive"
[run]
dt = "0.1*ms"
[constants]
tau = "10*ms"
I = "0.5"
I2 = "2*I"
[[neurons]]
name = "G"
N = 3
model = "dv/dt = (I2*(1 + i) - v)/tau : 1"
threshold = "v > 1"
reset = "v = 0"
[[monitors]]
name = "m"
type = "state"
source = "G"
variables = ["v"]
record = true
[[schedule]]
run = "20*ms"
[[schedule]]
set = {I = "0.9"}
[[schedule]]
run = "20*ms"
[[schedule]]
set = {I = "I/3"}
[[schedule]]
run = "5*ms"
`
	adaptive, err := os.ReadFile("../../examples/adaptive_threshold.toml")
	if err != nil {
		t.Fatal(err)
	}
	adaptive = append(adaptive, "\n[[schedule]]\nrun = \"100*ms\"\n[[schedule]]\nset = {rate = \"0*Hz\"}\n[[schedule]]\nrun = \"100*ms\"\n"...)
	for _, tc := range []struct {
		name string
		src  []byte
	}{
		{"drive", []byte(drive)},
		{"poisson rate", adaptive},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := oneShot(t, "s.toml", tc.src, 0)
			s, err := New("s.toml", tc.src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Start(0, false); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, s, func() int64 { return 70 }); err != nil {
				t.Fatal(err)
			}
			got := plain(t, s.Results(true))
			got.Duration = want.Duration
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the session's results differ from myelin run's")
			}
		})
	}
}

// spikeList returns the spikes a spike monitor recorded, as (index, time).
func spikeList(b *model.Built, name string) [][2]float64 {
	for _, m := range b.Monitors {
		if m.Name == name && m.Spike != nil {
			out := [][2]float64{}
			for k := range m.Spike.Len() {
				i, t := m.Spike.Spike(k)
				out = append(out, [2]float64{float64(i), t})
			}
			return out
		}
	}
	return nil
}

// TestLivePoissonRate: a change during a run of a constant that a
// PoissonGroup's constant rates use changes the rates from then on, as a
// [[schedule]] set of it does, spike for spike: for a [[controls]]
// constant (live from the start) and for one the session makes live at
// its first change (by a rebuild that adopts the running state).
func TestLivePoissonRate(t *testing.T) {
	adaptive, err := os.ReadFile("../../examples/adaptive_threshold.toml")
	if err != nil {
		t.Fatal(err)
	}
	const plainSrc = `
[model]
name = "poisson"
[run]
dt = "0.1*ms"
duration = "200*ms"
seed = 3
[constants]
r = "40*Hz"
rate = "2*r"
[[poisson]]
name = "P"
N = 50
rates = "rate"
[[monitors]]
name = "spikes"
type = "spike"
source = "P"
`
	for _, tc := range []struct {
		name     string
		src      []byte
		param    string
		value    string
		live     bool
		monitors []string
	}{
		{"adaptive_threshold control", adaptive, "rate", "100*Hz", true, []string{"spikes"}},
		{"adaptive_threshold to zero", adaptive, "rate", "0*Hz", true, []string{"spikes"}},
		{"made live at the change", []byte(plainSrc), "r", "5*Hz", false, []string{"spikes"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sched := append(append([]byte(nil), tc.src...),
				"\n[[schedule]]\nrun = \"100*ms\"\n[[schedule]]\nset = {"+tc.param+" = \""+tc.value+"\"}\n[[schedule]]\nrun = \"100*ms\"\n"...)
			ws, err := New("s.toml", sched, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := ws.Start(0, false); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, ws, func() int64 { return 1000 }); err != nil {
				t.Fatal(err)
			}

			s, err := New("s.toml", tc.src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := s.Built().IsLive(tc.param); got != tc.live {
				t.Errorf("IsLive(%s) = %v at the start, want %v", tc.param, got, tc.live)
			}
			if err := s.Start(0.1, true); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, s, func() int64 { return 300 }); err != nil {
				t.Fatal(err)
			}
			restarted, why, err := s.SetLive(tc.param, tc.value)
			if err != nil || restarted {
				t.Fatalf("SetLive: restarted %v (%v), err %v", restarted, why, err)
			}
			if err := s.Start(0.1, true); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, s, func() int64 { return 300 }); err != nil {
				t.Fatal(err)
			}
			for _, m := range tc.monitors {
				got, want := spikeList(s.Built(), m), spikeList(ws.Built(), m)
				if len(want) == 0 || !reflect.DeepEqual(got, want) {
					t.Errorf("monitor %s: %d spikes with the change during the run, %d with the [[schedule]] set", m, len(got), len(want))
				}
			}
		})
	}
}

// TestLivePoissonInputRate: a PoissonInput's rate is fixed when the input
// is made (as in `myelin run`, where a [[schedule]] set does not change
// it either), so a control of it is not live and a change during the run
// restarts it with the reason, rather than doing nothing.
func TestLivePoissonInputRate(t *testing.T) {
	const src = `
[model]
name = "poisson input"
[run]
dt = "0.1*ms"
duration = "50*ms"
[constants]
rate = "100*Hz"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = -v/(10*ms) : 1"
[[poisson_input]]
target = "G"
target_var = "v"
N = 10
rate = "rate"
weight = "0.1"
[[controls]]
param = "rate"
min = "0*Hz"
max = "500*Hz"
`
	s, err := New("p.toml", []byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Built().IsLive("rate") {
		t.Errorf("rate is live")
	}
	if err := s.Start(0.01, true); err != nil {
		t.Fatal(err)
	}
	if err := runAll(t, s, func() int64 { return 40 }); err != nil {
		t.Fatal(err)
	}
	wantRestart(t, s, "rate", "300*Hz", "[[poisson_input]]")
}

// TestLiveControlKeepsSynapsesMethod is TestLiveControlKeepsMethod for
// the clock-driven equations of Synapses; event-driven equations are
// integrated without dt known, so a live constant leaves them as they are
// and stays live.
func TestLiveControlKeepsSynapsesMethod(t *testing.T) {
	const src = `
[model]
name = "synapses"
[run]
dt = "0.1*ms"
duration = "10*ms"
[constants]
tau = "10*ms"
a = "0.5"
taupre = "20*ms"
[[neurons]]
name = "G"
N = 2
model = "dv/dt = -v/tau : 1"
threshold = "v > 1"
[[synapses]]
name = "S"
source = "G"
connect = {condition = "i != j"}
model = """
dx/dt = (-x + a*y)/tau : 1 (clock-driven)
dy/dt = (x - y)/tau : 1 (clock-driven)
dapre/dt = -apre/taupre : 1 (event-driven)
"""
on_pre = "apre += 1"
METHOD
[[controls]]
param = "a"
min = "0"
max = "1"
[[controls]]
param = "taupre"
min = "1*ms"
max = "40*ms"
`
	for _, method := range []string{"", `method = "exact"`} {
		text := strings.Replace(src, "METHOD", method, 1)
		f, err := model.Load("s.toml", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		cli, err := model.Build(f)
		if err != nil {
			t.Fatal("cli build:", err)
		}
		s, err := New("s.toml", []byte(text), nil)
		if err != nil {
			t.Fatalf("%s: session build: %v", method, err)
		}
		if got, want := s.Built().Synapses["S"].Method, cli.Synapses["S"].Method; got != want {
			t.Errorf("%s: session method %q, myelin run's %q", method, got, want)
		}
		if s.Built().IsLive("a") || !s.Built().IsLive("taupre") {
			t.Errorf("%s: live a %v, taupre %v; want false, true", method, s.Built().IsLive("a"), s.Built().IsLive("taupre"))
		}
	}
}

// TestStdpLiveTausLikeOneRun: with the STDP example's taupre (event-driven
// traces) and taum (an euler-integrated neuron) as controls, both are
// live and the session's run equals `myelin run` bit for bit.
func TestStdpLiveTausLikeOneRun(t *testing.T) {
	src, err := os.ReadFile("../../examples/stdp.toml")
	if err != nil {
		t.Fatal(err)
	}
	src = append(src, "\n[[controls]]\nparam = \"taupre\"\nmin = \"1*ms\"\nmax = \"40*ms\"\n[[controls]]\nparam = \"taum\"\nmin = \"1*ms\"\nmax = \"40*ms\"\n"...)
	want := oneShot(t, "s.toml", src, 0.3)
	s, err := New("s.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Built().IsLive("taupre") || !s.Built().IsLive("taum") {
		t.Errorf("live taupre %v, taum %v; want both", s.Built().IsLive("taupre"), s.Built().IsLive("taum"))
	}
	if err := s.Start(0.3, true); err != nil {
		t.Fatal(err)
	}
	if err := runAll(t, s, func() int64 { return 1000 }); err != nil {
		t.Fatal(err)
	}
	got := plain(t, s.Results(true))
	got.Duration = want.Duration
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the session with live taupre and taum differs from myelin run")
	}
}

// wantRestart sets name to value during a run and checks that the session
// went back to t = 0 with a reason naming where the constant is used.
func wantRestart(t *testing.T, s *Session, name, value, where string) {
	t.Helper()
	restarted, why, err := s.SetLive(name, value)
	if err != nil || !restarted || why == nil || !strings.Contains(why.Error(), where) {
		t.Errorf("SetLive(%s, %s) during the run: restarted %v, why %v, err %v; want a restart for the %s", name, value, restarted, why, err, where)
	}
}

// TestLiveIntegerConstant: a constant written as an integer and made live
// by a control may be given a fraction while the model runs; what code
// stores into an integer variable from it is truncated, as Brian2 stores
// it (k = 2.5 in m = i % k gives m = 0, 1, 2, 0, 1 in Brian2 2.5.1, where
// k = 4 gave 0, 1, 2, 3, 0), and not the fraction (0.5 and 1.5).
func TestLiveIntegerConstant(t *testing.T) {
	src := []byte(`
[model]
name = "intk"
[run]
dt = "0.1*ms"
duration = "50*ms"
[constants]
k = 4
[[neurons]]
name = "G"
N = 5
model = """
dv/dt = -v/(10*ms) : 1
m : integer
"""
[[neurons.run_regularly]]
code = "m = i % k"
dt = "0.1*ms"
[[controls]]
param = "k"
min = "1"
max = "5"
`)
	s, err := New("k.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Built().IsLive("k") {
		t.Fatal("k is not live")
	}
	if err := s.Start(0, false); err != nil {
		t.Fatal(err)
	}
	if _, done, err := s.Advance(5); err != nil || done {
		t.Fatalf("Advance: done %v, err %v; want a run with steps left", done, err)
	}
	restarted, why, err := s.SetLive("k", "2.5")
	if err != nil || restarted {
		t.Fatalf("SetLive(k, 2.5): restarted %v (%v), err %v", restarted, why, err)
	}
	if err := runAll(t, s, func() int64 { return 7 }); err != nil {
		t.Fatal(err)
	}
	got := s.Results(true).Groups["G"].Variables["m"]
	if want := []float64{0, 1, 2, 0, 1}; fmt.Sprint(got.Values) != fmt.Sprint(want) {
		t.Errorf("m = %v after k = 2.5, want %v", got.Values, want)
	}
}
