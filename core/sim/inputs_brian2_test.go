package sim

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// The reference runs of scripts/brian2/inputs_reference.py (Brian2 2.5.1,
// numpy target), in testdata/brian2/inputs.

type refSpikes struct {
	I  []int     `json:"i"`
	T  []float64 `json:"t"`
	V  []float64 `json:"v"`
	NB []float64 `json:"nb"`
	NS []float64 `json:"ns"`
}

type refStates struct {
	T      []float64              `json:"t"`
	Record []int                  `json:"record"`
	Values map[string][][]float64 `json:"values"`
}

func loadInputs(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "inputs", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

func must[T any](t *testing.T) func(T, error) T {
	return func(x T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sameSpikes compares recorded events with Brian2's, in order: the same
// neurons in the same steps.
func sameSpikes(t *testing.T, what string, dt float64, m *EventMonitor, ref refSpikes) {
	t.Helper()
	if len(m.I) != len(ref.I) {
		t.Fatalf("%s: %d events, Brian2 has %d\n got %v at %v\nwant %v at %v", what, len(m.I), len(ref.I), m.I, m.T, ref.I, ref.T)
	}
	for k := range m.I {
		if int(m.I[k]) != ref.I[k] || m.T[k] != ref.T[k] && math.Round(m.T[k]/dt) != math.Round(ref.T[k]/dt) {
			t.Fatalf("%s: event %d is neuron %d at %v s, Brian2: neuron %d at %v s", what, k, m.I[k], m.T[k], ref.I[k], ref.T[k])
		}
	}
}

// sameValues compares one recorded variable with Brian2's values.
func sameValues(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, Brian2 has %d", what, len(got), len(want))
	}
	for k := range got {
		if d := math.Abs(got[k] - want[k]); !(d <= tol) {
			t.Fatalf("%s[%d] = %.17g, Brian2 %.17g", what, k, got[k], want[k])
		}
	}
}

// sameStates compares a StateMonitor with Brian2's: recording times
// exactly, values to tol.
func sameStates(t *testing.T, what string, m *StateMonitor, ref refStates, tol float64) {
	t.Helper()
	sameValues(t, what+".t", m.T, ref.T, 0)
	for vi, v := range m.Variables {
		want, ok := ref.Values[v]
		if !ok {
			t.Fatalf("%s: Brian2 recorded no %s", what, v)
		}
		if len(m.Record) != len(ref.Record) {
			t.Fatalf("%s: records %d neurons, Brian2 %d", what, len(m.Record), len(ref.Record))
		}
		for r := range m.Record {
			sameValues(t, what+"."+v+"["+strconv.Itoa(m.Record[r])+"]", m.Values[vi][r], want[r], tol)
		}
	}
}

func newNet(t *testing.T, dt float64) *Network {
	t.Helper()
	return must[*Network](t)(NewNetwork(dt, 1))
}

// TestBrian2SpikeGenerator: spikes land in Brian2's steps (a hair below a
// multiple of dt counts for it), in Brian2's order; a second run goes on;
// set_spikes skips the spikes in the past; a period repeats them.
func TestBrian2SpikeGenerator(t *testing.T) {
	var ref struct {
		Cases []struct {
			Name       string    `json:"name"`
			N          int       `json:"n"`
			Indices    []int     `json:"indices"`
			Times      []float64 `json:"times"`
			Period     float64   `json:"period"`
			Durations  []float64 `json:"durations"`
			SetIndices []int     `json:"set_indices"`
			SetTimes   []float64 `json:"set_times"`
			First      refSpikes `json:"first"`
			Spikes     refSpikes `json:"spikes"`
		} `json:"cases"`
	}
	loadInputs(t, "spikegen.json", &ref)
	for _, c := range ref.Cases {
		t.Run(c.Name, func(t *testing.T) {
			net := newNet(t, 1e-4)
			sg := must[*SpikeGeneratorGroup](t)(net.NewSpikeGeneratorGroup("spikegeneratorgroup", c.N, c.Indices, c.Times, c.Period))
			mon := must[*SpikeMonitor](t)(net.NewSpikeMonitor("spikemonitor", All(sg.NeuronGroup)))
			must[any](t)(net.Run(c.Durations[0]))
			if c.SetTimes != nil {
				sameSpikes(t, "first run", net.DT, mon, c.First)
				check(t, sg.SetSpikes(c.SetIndices, c.SetTimes, 0))
				must[any](t)(net.Run(c.Durations[1]))
			}
			sameSpikes(t, "spikes", net.DT, mon, c.Spikes)
		})
	}
}

// TestBrian2RunRegularly: operations with their own clock (t and dt in
// their code are that clock's) and in the end slot, against a StateMonitor
// in start.
func TestBrian2RunRegularly(t *testing.T) {
	var ref struct {
		Model string    `json:"model"`
		State refStates `json:"state"`
	}
	loadInputs(t, "run_regularly.json", &ref)
	net := newNet(t, 1e-4)
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "neurongroup", N: 4, Model: ref.Model, Method: "exact"}))
	if name := must[string](t)(g.RunRegularly("v += (1 + i)*mV\nc += 1", 0.3e-3)); name != "neurongroup_run_regularly" {
		t.Errorf("the first run_regularly is called %s", name)
	}
	must[string](t)(g.RunRegularly("tt = t\ndd = dt", 0.5e-3))
	end := must[string](t)(g.RunRegularly("x = v", 0))
	if end != "neurongroup_run_regularly_2" {
		t.Errorf("the third run_regularly is called %s", end)
	}
	check(t, net.Reschedule(end, End, 0))
	mon := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor", All(g), []string{"v", "x", "c", "tt", "dd"}, nil, 0))
	must[any](t)(net.Run(3e-3))
	sameStates(t, "state", mon, ref.State, 1e-15)
}

// TestBrian2Events: custom events with run_on_event in after_resets, an
// event moved to before_resets whose code runs in before_end, an
// EventMonitor and a SpikeMonitor recording variables at the events.
func TestBrian2Events(t *testing.T) {
	var ref struct {
		Model string    `json:"model"`
		Burst refSpikes `json:"burst"`
		Up    refSpikes `json:"up"`
		Spike refSpikes `json:"spike"`
		State refStates `json:"state"`
	}
	loadInputs(t, "events.json", &ref)
	net := newNet(t, 1e-4)
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "neurongroup", N: 3, Model: ref.Model,
		Threshold: "v > 20*mV", Reset: "v = 0*mV\nns += 1", Refractory: "2*ms", Method: "exact",
		Events: map[string]string{"burst": "v > 15*mV and not_refractory", "up": "v > 10*mV"}}))
	if name := must[string](t)(g.RunOnEvent("burst", "nb += 1\nv += 0.5*mV")); name != "neurongroup_burst_resetter" {
		t.Errorf("run_on_event is called %s", name)
	}
	check(t, g.SetEventSchedule("up", BeforeResets, 0))
	check(t, net.Reschedule(must[string](t)(g.RunOnEvent("up", "nu += 1")), BeforeEnd, 0))
	check(t, g.Set("I", "(25 + 5*i)*mV"))
	em := must[*EventMonitor](t)(net.NewEventMonitor("eventmonitor", All(g), "burst", "v", "nb"))
	um := must[*EventMonitor](t)(net.NewEventMonitor("eventmonitor_1", All(g), "up"))
	sm := must[*SpikeMonitor](t)(net.NewSpikeMonitor("spikemonitor", All(g), "v", "ns"))
	st := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor", All(g), []string{"v", "nb", "nu"}, nil, 0))
	must[any](t)(net.Run(30e-3))

	sameSpikes(t, "burst", net.DT, em, ref.Burst)
	sameValues(t, "burst.v", em.Values[0], ref.Burst.V, 1e-15)
	sameValues(t, "burst.nb", em.Values[1], ref.Burst.NB, 0)
	sameSpikes(t, "up", net.DT, um, ref.Up)
	sameSpikes(t, "spike", net.DT, sm, ref.Spike)
	sameValues(t, "spike.v", sm.Values[0], ref.Spike.V, 1e-15)
	sameValues(t, "spike.ns", sm.Values[1], ref.Spike.NS, 0)
	sameStates(t, "state", st, ref.State, 1e-15)
	if len(ref.Burst.I) == 0 || len(ref.Spike.I) == 0 || len(ref.Up.I) == 0 {
		t.Fatal("the reference has no events")
	}
	// Brian2's per-neuron views.
	trains := sm.Trains()
	vs := must[[]float64](t)(sm.Of("v", 2))
	if len(trains[2]) != len(vs) || len(vs) == 0 || sm.Count[2] != len(vs) {
		t.Errorf("neuron 2: %d spike times, %d values of v, count %d", len(trains[2]), len(vs), sm.Count[2])
	}
}

// TestBrian2Linked: linked variables of the same size, through an index,
// to a subgroup, and to a shared variable, read as the target changes.
func TestBrian2Linked(t *testing.T) {
	var ref struct {
		Model  string               `json:"model"`
		States map[string]refStates `json:"states"`
	}
	loadInputs(t, "linked.json", &ref)
	net := newNet(t, 1e-4)
	h := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 3,
		Model: "dy/dt = (k - y)/(5*ms) : volt\nk : volt\ns : volt (shared)", Method: "exact"}))
	check(t, h.Set("k", "(i + 1)*10*mV"))
	must[string](t)(h.RunRegularly("s += 1*mV", 0))
	groups := map[string]*NeuronGroup{}
	for name, n := range map[string]int{"G": 3, "G2": 6, "G3": 2, "G4": 2} {
		groups[name] = must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: name, N: n, Model: ref.Model, Method: "exact"}))
	}
	if _, err := net.Run(1e-4); err == nil {
		t.Fatal("a run with unlinked variables worked")
	} else {
		t.Log(err)
	}
	check(t, groups["G"].Link("x", All(h), "y", nil))
	check(t, groups["G2"].Link("x", All(h), "y", []int{0, 0, 1, 1, 2, 2}))
	check(t, groups["G3"].Link("x", must[Source](t)(h.Sub(1, 3)), "y", nil))
	check(t, groups["G4"].Link("x", All(h), "s", nil))
	mons := map[string]*StateMonitor{}
	for name, g := range groups {
		mons[name] = must[*StateMonitor](t)(net.NewStateMonitor("statemonitor_"+name, All(g), []string{"z", "x"}, nil, 0))
	}
	must[any](t)(net.Run(5e-3))
	for name, m := range mons {
		sameStates(t, name, m, ref.States[name], 1e-15)
	}
}

// TestBrian2TimedArray: f(t) in an equation, g(t, i) in a subexpression
// and in a run_regularly, past the ends of both arrays.
func TestBrian2TimedArray(t *testing.T) {
	var ref struct {
		Model   string    `json:"model"`
		TA      []float64 `json:"ta"`
		TADt    float64   `json:"ta_dt"`
		TB      []float64 `json:"tb"`
		TBShape []int     `json:"tb_shape"`
		TBDt    float64   `json:"tb_dt"`
		State   refStates `json:"state"`
	}
	loadInputs(t, "timedarray.json", &ref)
	net := newNet(t, 1e-4)
	ta := must[*kernel.TimedArray](t)(net.NewTimedArray("ta", ref.TA, ref.TADt))
	tb := must[*kernel.TimedArray](t)(net.NewTimedArray2D("tb", ref.TB, ref.TBShape[0], ref.TBShape[1], ref.TBDt))
	ext := func(name string) (lower.Binding, bool) {
		switch name {
		case "ta":
			return TimedArrayBinding(ta, units.Volt.Dim), true
		case "tb":
			return TimedArrayBinding(tb, units.Volt.Dim), true
		}
		return lower.Binding{}, false
	}
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "neurongroup", N: 3, Model: ref.Model, Method: "euler", Externals: ext}))
	check(t, net.Reschedule(must[string](t)(g.RunRegularly("w = ta(t)*2 + tb(t, 2)", 0)), End, 0))
	mon := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor", All(g), []string{"v", "u", "w"}, nil, 0))
	must[any](t)(net.Run(3e-3))
	sameStates(t, "state", mon, ref.State, 1e-15)
}

// TestBrian2Subgroups: values set on subgroups with i and N relative to
// them, a run_regularly on one, and monitors of subgroups (spikes, states
// with record=True and a list, a subexpression using i, the rate).
func TestBrian2Subgroups(t *testing.T) {
	var ref struct {
		Model  string    `json:"model"`
		Spikes refSpikes `json:"spikes"`
		A      refStates `json:"a"`
		B      refStates `json:"b"`
		Rate   []float64 `json:"rate"`
		RateT  []float64 `json:"rate_t"`
	}
	loadInputs(t, "subgroups.json", &ref)
	net := newNet(t, 1e-4)
	p := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "neurongroup", N: 10, Model: ref.Model,
		Threshold: "v > 10*mV", Reset: "v = 0*mV", Method: "exact"}))
	pa := must[Source](t)(p.Sub(0, 4))
	pb := must[Source](t)(p.Sub(4, 10))
	check(t, pa.Set("I", "(15 + i)*mV"))
	check(t, pb.Set("I", "(12 + 2*i)*mV"))
	check(t, p.Set("w", "i"))
	check(t, pb.Set("w", "N + i*10 + w"))
	check(t, pb.Set("y", "u + i + m + N"))
	must[string](t)(pb.RunRegularly("w += i", 1e-3))
	sm := must[*SpikeMonitor](t)(net.NewSpikeMonitor("spikemonitor", pb))
	sa := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor", pa, []string{"v", "w"}, nil, 0))
	sb := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor_1", pb, []string{"w", "u", "y"}, []int{0, 5}, 0))
	rm := must[*PopulationRateMonitor](t)(net.NewPopulationRateMonitor("ratemonitor", pb))
	must[any](t)(net.Run(20e-3))
	sameSpikes(t, "spikes", net.DT, sm, ref.Spikes)
	sameStates(t, "a", sa, ref.A, 1e-15)
	sameStates(t, "b", sb, ref.B, 0)
	sameValues(t, "rate", rm.Rate, ref.Rate, 0)
	sameValues(t, "rate.t", rm.T, ref.RateT, 0)
	w := must[[]float64](t)(pb.Values("w"))
	if len(w) != 6 || &w[0] != &p.Variable("w").Col.Data[4] {
		t.Errorf("a subgroup's values are not a view of the group's")
	}
}

// TestBrian2Initial: initial values from expressions of i and N, integer
// and boolean variables, a shared variable changed by code and recorded
// with a subexpression that uses it.
func TestBrian2Initial(t *testing.T) {
	var ref struct {
		Model string               `json:"model"`
		Init  map[string][]float64 `json:"init"`
		State refStates            `json:"state"`
	}
	loadInputs(t, "initial.json", &ref)
	net := newNet(t, 1e-4)
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "neurongroup", N: 7, Model: ref.Model}))
	for _, s := range [][2]string{{"a", "-70*mV + i*N*0.5*mV"}, {"b", "i % 3 + 0.5"}, {"c", "int(i/2)*3 - N"},
		{"d", "i > N/2"}, {"s", "3*mV"}, {"b", "b*2 + i**2"}} {
		check(t, g.Set(s[0], s[1]))
	}
	for name, want := range ref.Init {
		sameValues(t, "init."+name, must[[]float64](t)(g.Values(name)), want, 0)
	}
	must[string](t)(g.RunRegularly("s += 1*mV", 0))
	check(t, net.Reschedule(must[string](t)(g.RunRegularly("a += s", 0)), End, 0))
	mon := must[*StateMonitor](t)(net.NewStateMonitor("statemonitor", All(g), []string{"a", "s", "q"}, []int{0, 3}, 0))
	must[any](t)(net.Run(1e-3))
	sameStates(t, "state", mon, ref.State, 1e-18)
}
