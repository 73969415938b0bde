package session

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

// oneShot runs a model as `myelin run` does and returns its results JSON
// without the timings.
func oneShot(t *testing.T, name string, src []byte, duration float64, sets ...string) *model.Results {
	t.Helper()
	f, err := model.Load(name, src)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sets {
		k, v, _ := strings.Cut(s, "=")
		if err := f.Override(k, v); err != nil {
			t.Fatal(err)
		}
	}
	b, err := model.Build(f)
	if err != nil {
		t.Fatal(err)
	}
	_, runErr := b.Run(duration)
	r := b.Results(0, true)
	if runErr != nil {
		r.Error = runErr.Error()
	}
	return plain(t, r)
}

// plain is r without the timings, which differ run to run.
func plain(t *testing.T, r *model.Results) *model.Results {
	t.Helper()
	r.WallSeconds, r.BuildSeconds = 0, 0
	return r
}

// runAll runs a session's started job to its end in pieces of sizes drawn
// by piece.
func runAll(t *testing.T, s *Session, piece func() int64) error {
	t.Helper()
	for range 1_000_000 {
		_, done, err := s.Advance(piece())
		if err != nil || done {
			return err
		}
	}
	t.Fatal("the run never finished")
	return nil
}

func models(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, n := range examples.Names() {
		src, err := examples.Read(n)
		if err != nil {
			t.Fatal(err)
		}
		out[n] = src
	}
	more, _ := filepath.Glob("../../wasm/testdata/*.toml")
	for _, p := range more {
		src, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(p)] = src
	}
	return out
}

// span is how long the tests that go through the whole library run a
// model: its own [[schedule]] when it has one (the schedule is part of what
// they test), otherwise at most maxSpan of its run, so that the library's
// longer models (COBAHH, smooth pursuit) keep the tests quick.
func span(t *testing.T, name string, src []byte) (duration float64, explicit bool) {
	t.Helper()
	f, err := model.Load(name, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Schedule) > 0 || f.Run.Duration.Value.Value <= maxSpan {
		return 0, false
	}
	return maxSpan, true
}

const maxSpan = 0.05

// A run split into pieces of any size gives the results of one run, for
// every example, with its schedule.
func TestSplitRunsLikeOneRun(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for name, src := range models(t) {
		if strings.HasPrefix(name, "blowup") {
			continue
		}
		d, explicit := span(t, name, src)
		want := oneShot(t, name, src, d)
		for _, pieces := range []func() int64{
			func() int64 { return 1 },
			func() int64 { return 1 + rng.Int64N(500) },
			func() int64 { return 1 << 40 },
		} {
			s, err := New(name, src, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := s.Start(d, explicit); err != nil {
				t.Fatal(err)
			}
			if err := runAll(t, s, pieces); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: a split run differs from one run", name)
			}
		}
	}
}

// A run that blows up stops at the same step with the same recording and
// error however it is split: pieces are multiples of checkAlign, which must
// equal core/sim's check interval.
func TestBlowUpSplitsLikeOneRun(t *testing.T) {
	src, err := os.ReadFile("../../wasm/testdata/blowup.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := oneShot(t, "blowup.toml", src, 0)
	if want.Error == "" {
		t.Fatal("the model does not blow up")
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for _, pieces := range []func() int64{
		func() int64 { return 1 },
		func() int64 { return 1 + rng.Int64N(300) },
	} {
		s, err := New("blowup.toml", src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Start(0, false); err != nil {
			t.Fatal(err)
		}
		if err := runAll(t, s, pieces); err == nil {
			t.Fatal("the split run did not fail")
		}
		if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
			t.Errorf("a split run that blows up differs from one run:\n got error %v, t=%v\nwant error %v, t=%v",
				got.Error, got.Duration, want.Error, want.Duration)
		}
		// It stays stopped.
		if err := s.Start(0, true); err == nil {
			t.Error("a blown-up model ran again")
		}
	}
}

// run(d) then pause then run() continues; run(d) pieces equal Built.Run(d).
func TestExplicitDurationAndResume(t *testing.T) {
	src, _ := examples.Read("lif.toml")
	want := oneShot(t, "lif.toml", src, 0.2)
	s, err := New("lif.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(0.2, true); err != nil {
		t.Fatal(err)
	}
	if _, done, _ := s.Advance(100); done {
		t.Fatal("done after 128 of 2000 steps")
	}
	// A pause is simply not advancing; run() with no duration resumes.
	if err := s.Start(0, false); err != nil {
		t.Fatal(err)
	}
	if err := runAll(t, s, func() int64 { return 333 }); err != nil {
		t.Fatal(err)
	}
	if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
		t.Error("paused and resumed run(200*ms) differs from myelin run --duration 200*ms")
	}
	if s.b.Net.T() != 0.2 {
		t.Errorf("t = %v after run(200*ms)", s.b.Net.T())
	}
}

// set of a constant rebuilds as --set does; reset keeps the sets; a group
// variable set applies now and, after reset, as --set G.v=... does.
func TestSetAndReset(t *testing.T) {
	src, _ := examples.Read("lif.toml")
	s, err := New("lif.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(0.05, true)
	runAll(t, s, func() int64 { return 1000 })
	rebuilt, err := s.Set("tau", "20*ms")
	if err != nil || !rebuilt {
		t.Fatalf("set tau: %v %v", rebuilt, err)
	}
	if s.b.Net.T() != 0 {
		t.Errorf("t = %v after setting a constant", s.b.Net.T())
	}
	if rebuilt, err := s.Set("G.I", "0.3*nA"); err != nil || rebuilt {
		t.Fatalf("set G.I: %v %v", rebuilt, err)
	}
	s.Start(0, false)
	runAll(t, s, func() int64 { return 1000 })
	want := oneShot(t, "lif.toml", src, 0, "tau=20*ms", "G.I=0.3*nA")
	if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
		t.Error("set tau and G.I then run differs from myelin run --set tau=20*ms --set G.I=0.3*nA")
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	s.Start(0, false)
	runAll(t, s, func() int64 { return 77 })
	if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
		t.Error("reset does not keep the sets")
	}

	// Errors: unknown names, wrong units, bad code with its column; none of
	// them changes anything.
	for _, c := range []struct{ name, value, msg string }{
		{"tua", "20*ms", "unknown constant 'tua'"},
		{"tau", "20", ""},
		{"G.I", "3*mV", ""},
		{"G.I", "0.1*nA + ", ""},
		{"H.I", "1*nA", "unknown group 'H'"},
		{"G.w", "1", "G has no variable 'w'"},
	} {
		before := len(s.sets)
		_, err := s.Set(c.name, c.value)
		if err == nil {
			t.Errorf("set(%s, %s): no error", c.name, c.value)
			continue
		}
		if !strings.Contains(err.Error(), c.msg) {
			t.Errorf("set(%s, %s): %v, want %q", c.name, c.value, err, c.msg)
		}
		if len(s.sets) != before {
			t.Errorf("set(%s, %s) failed but was remembered", c.name, c.value)
		}
	}
	_, err = s.Set("G.I", "0.1*nA + ")
	if me := AsError(err); me.Col != 10 {
		t.Errorf("col of the error in '0.1*nA + ' = %d, want 10 (%v)", me.Col, me.Message)
	}
	if _, err := s.Set("G.I[3]", "1*nA"); err != nil {
		t.Error(err)
	} else if v, _ := s.b.Groups["G"].Values("I"); v[3] != 1e-9 || v[2] == 1e-9 {
		t.Errorf("G.I[3] = 1*nA gave %v", v[:4])
	}
}

// A bad model reports every error with its line and column.
func TestLoadErrors(t *testing.T) {
	_, err := New("bad.toml", []byte("[model]\nname = \"x\"\n[run]\nduration = \"1*mV\"\n[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"dv/dt = -v/tau : volt\"\n"), nil)
	if err == nil {
		t.Fatal("no error")
	}
	me := AsError(err)
	if me.Line != 4 || me.Col != 12 || len(me.Errors) != 1 || !strings.Contains(me.Message, "duration must be a time") {
		t.Errorf("%+v", me)
	}
}

// The results in parts, put together, are the JSON of the command line.
func TestResultsParts(t *testing.T) {
	for name, src := range models(t) {
		for _, final := range []bool{false, true} {
			s, err := New(name, src, nil)
			if err != nil {
				t.Fatal(err)
			}
			s.Start(span(t, name, src))
			runErr := runAll(t, s, func() int64 { return 1 << 20 })
			text, arrays, err := s.ResultsParts(final)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(text), &got); err != nil {
				t.Fatal(err)
			}
			for _, a := range arrays {
				var vals []any
				for _, v := range a.F64 {
					if math.IsNaN(v) || math.IsInf(v, 0) {
						vals = append(vals, nil)
						continue
					}
					vals = append(vals, v)
				}
				for _, v := range a.I32 {
					vals = append(vals, float64(v))
				}
				var at any = got
				for k, key := range a.Path {
					last := k == len(a.Path)-1
					switch key := key.(type) {
					case string:
						if last {
							at.(map[string]any)[key] = vals
						} else {
							at = at.(map[string]any)[key]
						}
					case int:
						if last {
							at.([]any)[key] = vals
						} else {
							at = at.([]any)[key]
						}
					}
				}
			}
			if runErr != nil && got["error"] == nil {
				t.Errorf("%s: the results lack the error", name)
			}
			data, err := json.Marshal(s.Results(final))
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			json.Unmarshal(data, &want)
			delete(want, "wall_seconds")
			delete(got, "wall_seconds")
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (final state %v): the parts differ from the JSON\n got %.300v\nwant %.300v", name, final, got, want)
			}
		}
	}
}

// SetLive of a constant to its own value continues the run bit-identically
// (as one unsplit run); g_na = 0 mid-run, the TTX experiment, silences the
// HH neuron from then on; a change of structure restarts at t = 0.
func TestSetLive(t *testing.T) {
	src, _ := examples.Read("hh.toml")
	want := oneShot(t, "hh.toml", src, 0)
	s, err := New("hh.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(0, false)
	if _, _, err := s.Advance(4000); err != nil { // 40 ms: 20 ms into the current step
		t.Fatal(err)
	}
	f, _ := s.Built().File.Constant("g_na")
	same := f.Src.Text
	restarted, why, err := s.SetLive("g_na", same)
	if err != nil || restarted {
		t.Fatalf("SetLive(g_na, %s): restarted %v (%v), %v", same, restarted, why, err)
	}
	if err := runAll(t, s, func() int64 { return 1000 }); err != nil {
		t.Fatal(err)
	}
	if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
		t.Error("a run continued after SetLive of an unchanged constant differs from one run")
	}

	s, _ = New("hh.toml", src, nil)
	s.Start(0, false)
	s.Advance(4000)
	t0 := s.T()
	spikes := len(s.Built().Monitors[0].Spike.I)
	if spikes == 0 {
		t.Fatal("no spike in the first 40 ms")
	}
	if restarted, why, err := s.SetLive("g_na", "0*msiemens"); err != nil || restarted {
		t.Fatalf("SetLive(g_na, 0): restarted %v (%v), %v", restarted, why, err)
	}
	if s.T() != t0 {
		t.Errorf("t = %v after SetLive, want %v", s.T(), t0)
	}
	if err := runAll(t, s, func() int64 { return 1000 }); err != nil {
		t.Fatal(err)
	}
	// The last spike's depolarisation may still cross threshold within a
	// millisecond; after that, without sodium current, nothing does.
	for _, ts := range s.Built().Monitors[0].Spike.T[spikes:] {
		if ts > t0+1e-3 {
			t.Errorf("a spike at %v s after g_na = 0 at %v s", ts, t0)
		}
	}

	// A constant that sets N changes the structure: back to t = 0.
	model := []byte("[model]\nname = \"n\"\n[run]\nduration = \"10*ms\"\n[constants]\nn = \"3\"\n[[neurons]]\nname = \"G\"\nN = \"n\"\nmodel = \"dv/dt = -v/(10*ms) : 1\"\n[[monitors]]\nname = \"m\"\ntype = \"state\"\nsource = \"G\"\nvariables = [\"v\"]\nrecord = [0]\n")
	s, err = New("n.toml", model, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(0, false)
	s.Advance(64)
	restarted, why, err = s.SetLive("n", "4")
	if err != nil || !restarted || why == nil || s.T() != 0 || s.Built().Groups["G"].N != 4 {
		t.Errorf("SetLive(n, 4): restarted %v (%v), %v, t = %v", restarted, why, err, s.T())
	}
}

// cubaWe is CUBA shortened to two runs of 60 ms: plain, and with a
// [[schedule]] that sets a constant (we by default) between them.
func cubaWe(t *testing.T, name, value string) (plainSrc, scheduled []byte) {
	t.Helper()
	src, err := examples.Read("cuba.toml")
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Replace(string(src), `duration = "1*second"`, `duration = "120*ms"`, 1)
	s := strings.Replace(string(src), `duration = "1*second"`, "", 1) +
		"\n[[schedule]]\nrun = \"60*ms\"\n[[schedule]]\nset = {" + name + " = \"" + value + "\"}\n[[schedule]]\nrun = \"60*ms\"\n"
	return []byte(p), []byte(s)
}

// SetLive of a live constant during a run writes its column: no rebuild
// (the same network runs on), t goes on, and the results are bit for bit
// those of the model whose [[schedule]] sets the constant at that time,
// as `myelin run` gives them. we is a [[controls]] constant of CUBA, live
// from the start; taum is not, and becomes live by one rebuild that takes
// over the running state, after which changes are writes too. Changes of
// both, at the same time, give the schedule's results.
func TestSetLiveColumn(t *testing.T) {
	tests := []struct {
		name, value string
		live        bool // live before the change
	}{
		{"we", "0.5*we + 1*mV", true},
		{"taum", "0.5*taum + 2*ms", false},
	}
	for _, tc := range tests {
		plainSrc, schedSrc := cubaWe(t, tc.name, tc.value)
		want := oneShot(t, "cuba.toml", schedSrc, 0)
		s, err := New("cuba.toml", plainSrc, nil)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.Built().IsLive(tc.name); got != tc.live {
			t.Errorf("%s: live at the start %v, want %v", tc.name, got, tc.live)
		}
		if err := s.Start(0.06, true); err != nil {
			t.Fatal(err)
		}
		if err := runAll(t, s, func() int64 { return 100 }); err != nil {
			t.Fatal(err)
		}
		before, t0 := s.Built(), s.T()
		restarted, why, err := s.SetLive(tc.name, tc.value)
		if err != nil || restarted {
			t.Fatalf("SetLive(%s, %s): restarted %v (%v), %v", tc.name, tc.value, restarted, why, err)
		}
		if s.T() != t0 {
			t.Errorf("%s: t = %v after SetLive, want %v", tc.name, s.T(), t0)
		}
		if rebuilt := s.Built() != before; rebuilt == tc.live {
			t.Errorf("%s: rebuilt %v, want %v", tc.name, rebuilt, !tc.live)
		}
		if !s.Built().IsLive(tc.name) {
			t.Errorf("%s is not live after its change", tc.name)
		}
		if err := s.Start(0.06, true); err != nil {
			t.Fatal(err)
		}
		if err := runAll(t, s, func() int64 { return 1 << 20 }); err != nil {
			t.Fatal(err)
		}
		got := plain(t, s.Results(true))
		got.Duration, want.Duration = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the run with SetLive at 60 ms differs from the [[schedule]] set", tc.name)
		}
		// A second change is a write, whatever the first was.
		b := s.Built()
		if restarted, _, err := s.SetLive(tc.name, tc.value); err != nil || restarted || s.Built() != b {
			t.Errorf("%s: a second SetLive rebuilt or failed: %v", tc.name, err)
		}
		// The value is the model's, as info() and the sliders show it, and
		// a reset rebuilds with it.
		v, _ := s.Built().ConstantValue(tc.name)
		if err := s.Reset(); err != nil {
			t.Fatal(err)
		}
		if w, _ := s.Built().ConstantValue(tc.name); w != v || s.T() != 0 {
			t.Errorf("%s: %v after reset, want %v at t = 0 (t = %v)", tc.name, w, v, s.T())
		}
	}
}

// SetLive of a constant that fixes the structure (Ne: the sizes of the
// subgroups CUBA connects) restarts at t = 0, rebuilt with it, and says
// why; one that only initial values use continues (they were applied);
// before the run begins, either rebuilds at t = 0 without a notice; a
// wrong value changes nothing.
func TestSetLiveStructure(t *testing.T) {
	src, _ := cubaWe(t, "we", "we")
	s, err := New("cuba.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if restarted, why, err := s.SetLive("Ne", "3000"); err != nil || restarted || why != nil {
		t.Errorf("SetLive(Ne) at t = 0: restarted %v (%v), %v", restarted, why, err)
	}
	s.Start(0.01, true)
	runAll(t, s, func() int64 { return 64 })
	restarted, why, err := s.SetLive("Ne", "3200")
	if err != nil || !restarted || why == nil || s.T() != 0 || s.Pending() {
		t.Fatalf("SetLive(Ne) during the run: restarted %v (%v), %v, t = %v", restarted, why, err, s.T())
	}
	if want := "Ne is used by [[synapses]] 'Ce' source, which is fixed when the network is built"; why.Error() != want {
		t.Errorf("why = %q, want %q", why, want)
	}
	s.Start(0.01, true)
	runAll(t, s, func() int64 { return 64 })
	t0, b := s.T(), s.Built()
	if restarted, why, err := s.SetLive("Vr", "-55*mV"); err != nil || restarted || s.T() != t0 {
		t.Errorf("SetLive(Vr) during the run: restarted %v (%v), %v, t = %v", restarted, why, err, s.T())
	}
	if s.Built() == b || !s.Built().IsLive("Vr") {
		t.Error("Vr did not become live")
	}
	for _, bad := range []struct{ name, value string }{{"we", "3*ms"}, {"we", "2*"}, {"nope", "1"}} {
		b := s.Built()
		v, _ := b.ConstantValue("we")
		_, _, err := s.SetLive(bad.name, bad.value)
		if err == nil || s.Built() != b || s.T() != t0 {
			t.Errorf("SetLive(%s, %s): %v, rebuilt %v", bad.name, bad.value, err, s.Built() != b)
		}
		if w, _ := b.ConstantValue("we"); w != v {
			t.Errorf("SetLive(%s, %s) changed we", bad.name, bad.value)
		}
	}
	_, _, err = s.SetLive("we", "2*")
	if me := AsError(err); me.Col != 3 {
		t.Errorf("SetLive(we, 2*): col %d, want 3 (%v)", me.Col, err)
	}
}

// A [[schedule]] step evaluates its values when it comes: ball_and_stick
// injects I_soma at 10 ms, so I_soma changed live at 6.4 ms (its slider)
// gives the run of `myelin run --set I_soma=...`.
func TestSetLiveBeforeScheduleUse(t *testing.T) {
	src, err := examples.Read("ball_and_stick.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := oneShot(t, "ball_and_stick.toml", src, 0, "I_soma=0.3*nA")
	s, err := New("ball_and_stick.toml", src, nil)
	if err != nil {
		t.Fatal(err)
	}
	s.Start(0, false)
	if _, _, err := s.Advance(64); err != nil {
		t.Fatal(err)
	}
	b := s.Built()
	if restarted, why, err := s.SetLive("I_soma", "0.3*nA"); err != nil || restarted || s.Built() != b {
		t.Fatalf("SetLive(I_soma): restarted %v (%v), %v, rebuilt %v", restarted, why, err, s.Built() != b)
	}
	if err := runAll(t, s, func() int64 { return 1000 }); err != nil {
		t.Fatal(err)
	}
	if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
		t.Error("I_soma set live before the schedule injects it differs from --set I_soma")
	}
}

// Before the first step, SetLive of a constant that only the simulation's
// code uses (LIF's threshold Vt, not a control) makes it live without
// dropping the pending run or counting a reset, and the run gives the
// results of `myelin run --set`; a constant that initial values use (El)
// rebuilds at t = 0 and drops the pending run, as Set does.
func TestSetLiveBeforeFirstStep(t *testing.T) {
	src, err := examples.Read("lif.toml")
	if err != nil {
		t.Fatal(err)
	}
	const d = 0.15
	want := oneShot(t, "lif.toml", src, d, "Vt=-55*mV")
	if plainRun := oneShot(t, "lif.toml", src, d); reflect.DeepEqual(plainRun.Monitors, want.Monitors) {
		t.Fatal("Vt = -55 mV changes nothing: the test cannot tell")
	}
	tests := []struct {
		name  string
		start bool // Start(d) before the SetLive
	}{{"no run", false}, {"pending run", true}}
	for _, tc := range tests {
		s, err := New("lif.toml", src, nil)
		if err != nil {
			t.Fatal(err)
		}
		if tc.start {
			if err := s.Start(d, true); err != nil {
				t.Fatal(err)
			}
		}
		resets := s.Resets()
		for _, v := range []string{"-56*mV", "-55*mV"} { // the second is a write
			restarted, why, err := s.SetLive("Vt", v)
			if err != nil || restarted || why != nil {
				t.Fatalf("%s: SetLive(Vt, %s): restarted %v (%v), %v", tc.name, v, restarted, why, err)
			}
		}
		if s.Resets() != resets || s.Pending() != tc.start || s.T() != 0 || !s.Built().IsLive("Vt") {
			t.Errorf("%s: resets %d -> %d, pending %v, t = %v, live %v", tc.name, resets, s.Resets(), s.Pending(), s.T(), s.Built().IsLive("Vt"))
		}
		if !tc.start {
			s.Start(d, true)
		}
		if err := runAll(t, s, func() int64 { return 640 }); err != nil {
			t.Fatal(err)
		}
		if got := plain(t, s.Results(true)); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the run after SetLive(Vt) differs from --set Vt", tc.name)
		}
	}

	s, _ := New("lif.toml", src, nil)
	s.Start(d, true)
	resets := s.Resets()
	if restarted, why, err := s.SetLive("El", "-68*mV"); err != nil || restarted || why != nil {
		t.Fatalf("SetLive(El): restarted %v (%v), %v", restarted, why, err)
	}
	if s.Resets() != resets+1 || s.Pending() {
		t.Errorf("SetLive(El) before the first step: resets %d -> %d, pending %v; want a rebuild that drops the run", resets, s.Resets(), s.Pending())
	}
}
