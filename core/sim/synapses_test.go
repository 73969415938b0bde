package sim

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

func synNet(t testing.TB, dt float64) *Network {
	t.Helper()
	net, err := NewNetwork(dt, 1)
	if err != nil {
		t.Fatal(err)
	}
	return net
}

func synGroup(t testing.TB, net *Network, spec NeuronGroupSpec) *NeuronGroup {
	t.Helper()
	g, err := net.NewNeuronGroup(spec)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func synNew(t testing.TB, net *Network, spec SynapsesSpec) *Synapses {
	t.Helper()
	s, err := net.NewSynapses(spec)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func synConnect(t testing.TB, s *Synapses, c ConnectSpec) {
	t.Helper()
	if err := s.Connect(c); err != nil {
		t.Fatal(err)
	}
}

func synSet(t testing.TB, s *Synapses, name, code string) {
	t.Helper()
	if err := s.Set(name, code); err != nil {
		t.Fatal(err)
	}
}

func synValues(t testing.TB, s *Synapses, name string) []float64 {
	t.Helper()
	v, err := s.Values(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func groupValues(t testing.TB, g *NeuronGroup, name string) []float64 {
	t.Helper()
	v, err := g.Values(name)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// spiker is a group whose neuron k spikes at the steps listed in at[k]
// (with dt = 0.1 ms).
func spiker(t testing.TB, net *Network, name string, at [][]int) *NeuronGroup {
	var conds []string
	for k, steps := range at {
		for _, s := range steps {
			conds = append(conds, fmt.Sprintf("(i == %d and abs(t - %d*dt) < 0.5*dt)", k, s))
		}
	}
	if len(conds) == 0 {
		conds = []string{"False"}
	}
	return synGroup(t, net, NeuronGroupSpec{Name: name, N: len(at), Model: "v : 1", Threshold: strings.Join(conds, " or ")})
}

func TestSynapsesSmoke(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{5}, nil, nil})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 3, Model: "v : 1"})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(h), Model: "w : 1", OnPre: "v_post += w"})
	synConnect(t, s, ConnectSpec{})
	if s.Count() != 9 {
		t.Fatalf("%d synapses", s.Count())
	}
	synSet(t, s, "w", "i*10 + j")
	if _, err := net.Run(1e-3); err != nil {
		t.Fatal(err)
	}
	if v := groupValues(t, h, "v"); !slices.Equal(v, []float64{0, 1, 2}) {
		t.Errorf("v = %v", v)
	}
}

// TestSynapsesNames: how names resolve in synapse code, as in Brian2.
func TestSynapsesNames(t *testing.T) {
	net := synNet(t, 1e-4)
	consts := constants(map[string]units.Quantity{"E": units.Q(10, units.MilliVolt), "k": {Value: 2}})
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 4, Model: "v : volt\nx : 1", Threshold: "v > 1*volt"})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 6, Model: "v : volt\ng : siemens\nI = g*(E - v) : amp\ny : 1", Externals: consts})
	if err := g.Set("x", "10 + i"); err != nil {
		t.Fatal(err)
	}
	if err := h.Set("y", "100 + i"); err != nil {
		t.Fatal(err)
	}
	if err := h.Set("g", "i*nS"); err != nil {
		t.Fatal(err)
	}
	src, _ := g.Sub(1, 4)
	tgt, _ := h.Sub(2, 6)
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: src, Target: tgt, Externals: consts,
		Model: "a : 1\nb : 1\nc : 1\nd : 1\ne2 : amp\nf : 1\ntwice = 2*a : 1"})
	synConnect(t, s, ConnectSpec{Condition: "i <= j"})
	// i and j count from the slices' first neurons; x_pre and y_post read
	// the neurons' variables; y alone is the target's
	synSet(t, s, "a", "i + 10*j")
	synSet(t, s, "b", "x_pre")
	synSet(t, s, "c", "y_post - y")
	synSet(t, s, "d", "N + 100*N_pre + 1000*N_post")
	synSet(t, s, "e2", "I_post")
	synSet(t, s, "f", "N_incoming + 10*N_outgoing + k")
	I, J := s.I(), s.J()
	a, b, c, d, e2, f, twice := synValues(t, s, "a"), synValues(t, s, "b"), synValues(t, s, "c"), synValues(t, s, "d"),
		synValues(t, s, "e2"), synValues(t, s, "f"), synValues(t, s, "twice")
	in, out := s.NIncoming(), s.NOutgoing()
	for k := range I {
		i, j := int(I[k]), int(J[k])
		if i > j {
			t.Fatalf("synapse %d: %d→%d", k, i, j)
		}
		want := map[string][2]float64{
			"a": {a[k], float64(i + 10*j)}, "b": {b[k], float64(11 + i)}, "c": {c[k], 0},
			"d":  {d[k], float64(s.Count() + 300 + 4000)},
			"e2": {e2[k], float64(j+2) * 1e-9 * (10e-3 - 0)},
			"f":  {f[k], float64(in[j] + 10*out[i] + 2)}, "twice": {twice[k], 2 * a[k]},
		}
		for name, w := range want {
			if math.Abs(w[0]-w[1]) > 1e-12*math.Abs(w[1]) {
				t.Errorf("synapse %d (%d→%d): %s = %v, want %v", k, i, j, name, w[0], w[1])
			}
		}
	}
	// writes through the indices: ge_post and x_pre, with repeated targets
	// accumulating
	s2 := synNew(t, net, SynapsesSpec{Name: "S2", Source: All(g), Target: All(h), Model: "w : 1",
		OnPre: "y += w\nx_pre -= 1"})
	synConnect(t, s2, ConnectSpec{I: []int{0, 0, 3, 2}, J: []int{5, 5, 1, 5}})
	synSet(t, s2, "w", "1 + i")
	if err := g.Set("v", "2*volt"); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(1e-4); err != nil {
		t.Fatal(err)
	}
	if y := groupValues(t, h, "y"); y[5] != 105+1+1+3 || y[1] != 101+4 || y[0] != 100 {
		t.Errorf("y = %v", y)
	}
	if x := groupValues(t, g, "x"); !slices.Equal(x, []float64{8, 11, 11, 12}) {
		t.Errorf("x = %v", x)
	}
}

// TestSynapsesSchedule: the names and places of the synapses' operations
// are Brian2's.
func TestSynapsesSchedule(t *testing.T) {
	net := synNet(t, 1e-4)
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 3, Model: "dv/dt = -v/(10*ms) : 1\nI : 1", Threshold: "v > 1"})
	synNew(t, net, SynapsesSpec{Name: "S", Source: All(g),
		Model: "dx/dt = -x/(5*ms) : 1 (clock-driven)\nI_post = x : 1 (summed)",
		OnPre: "x += 1", OnPost: "x -= 1", PrePathways: map[string]string{"late": "x += 2"}})
	want := []string{
		"groups, -1, S_summed_variable_I_post",
		"groups, 0, G_stateupdater",
		"groups, 0, S_stateupdater",
		"thresholds, 0, G_spike_thresholder",
		"synapses, -1, S_late",
		"synapses, -1, S_pre",
		"synapses, 1, S_post",
	}
	got := net.Schedule()
	if !slices.Equal(got, want) {
		t.Errorf("schedule:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSynapsesClockDriven: a synaptic differential equation integrated
// every step (exact), and one updated only at spikes (event-driven),
// agree with the closed form.
func TestSynapsesClockDriven(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{10, 30}})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g),
		Model: "dx/dt = -x/(5*ms) : 1 (clock-driven)\ndy/dt = -y/(5*ms) : 1 (event-driven)\nseen : 1",
		OnPre: "x += 1\ny += 1\nseen = y"})
	synConnect(t, s, ConnectSpec{})
	if s.Method != "exact" {
		t.Errorf("method %s", s.Method)
	}
	if _, err := net.Run(4e-3); err != nil {
		t.Fatal(err)
	}
	// x decays from the first spike (step 10) to the second (step 30), gets
	// +1, decays 10 more steps
	// (steps 31 to 39: the run ends before step 40's update)
	want := (math.Exp(-2e-3/5e-3) + 1) * math.Exp(-0.9e-3/5e-3)
	if x := synValues(t, s, "x")[0]; math.Abs(x-want) > 1e-12 {
		t.Errorf("x = %v, want %v", x, want)
	}
	// y is only brought up to date at spikes: its value is that after the
	// second spike
	if y, seen := synValues(t, s, "y")[0], synValues(t, s, "seen")[0]; math.Abs(y-(math.Exp(-2e-3/5e-3)+1)) > 1e-12 || y != seen {
		t.Errorf("y = %v, seen = %v", y, seen)
	}
	if lu := synValues(t, s, "lastupdate")[0]; math.Abs(lu-3e-3) > 1e-15 {
		t.Errorf("lastupdate = %v", lu)
	}
}

// deliveries runs a network in which G's neurons spike at given steps,
// through synapses with on_pre "n_post += 1 + 0*w; last_post = t" onto H,
// and records at which steps each of H's neurons received what.
type delivery struct {
	step   int64
	neuron int
	count  float64
}

func recordDeliveries(t *testing.T, net *Network, h *NeuronGroup, steps int) []delivery {
	t.Helper()
	var out []delivery
	prev := append([]float64(nil), groupValues(t, h, "n")...)
	for k := 0; k < steps; k++ {
		if _, err := net.Run(net.DT); err != nil {
			t.Fatal(err)
		}
		n := groupValues(t, h, "n")
		for j := range n {
			if n[j] != prev[j] {
				out = append(out, delivery{net.Step() - 1, j, n[j] - prev[j]})
				prev[j] = n[j]
			}
		}
	}
	return out
}

// TestSynapsesDelays: spikes arrive after their synapse's delay, rounded
// to steps; a delay of zero delivers in the step of the spike; changing
// the delays between runs keeps the spikes already on their way.
func TestSynapsesDelays(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{2, 12}, {3}})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 3, Model: "n : 1"})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(h), OnPre: "n_post += 1"})
	synConnect(t, s, ConnectSpec{I: []int{0, 0, 1}, J: []int{0, 1, 2}})
	synSet(t, s, "delay", "j*0.3*ms") // 0, 3, 6 steps
	got := recordDeliveries(t, net, h, 10)
	want := []delivery{{2, 0, 1}, {5, 1, 1}, {9, 2, 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries %v, want %v", got, want)
	}
	// the spike of step 12 from neuron 0: with all delays 0.5 ms (one
	// delay: neuron buckets) it arrives at step 17
	synSet(t, s, "delay", "0.5*ms")
	if !s.pathways[0].dirty {
		t.Fatal("setting the delays did not mark the queue")
	}
	got = recordDeliveries(t, net, h, 10)
	want = []delivery{{17, 0, 1}, {17, 1, 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries %v, want %v", got, want)
	}
	if err := s.Set("delay", "-1*ms"); err == nil || !strings.Contains(err.Error(), "positive") {
		t.Errorf("a negative delay: %v", err)
	}
	if d := synValues(t, s, "delay"); d[0] != 0.5e-3 {
		t.Errorf("a refused delay changed the delays: %v", d)
	}
}

// TestSynapsesQueueChanges: spikes on their way keep their synapses and
// arrival steps when the delays change from one value to several, when
// the ring grows, and when new synapses are made (which do not receive
// spikes sent before they existed).
func TestSynapsesQueueChanges(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{1}, {2}})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 4, Model: "n : 1"})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(h), OnPre: "n_post += 1"})
	synConnect(t, s, ConnectSpec{I: []int{1, 0}, J: []int{1, 0}})
	synSet(t, s, "delay", "0.4*ms")
	if _, err := net.Run(3e-4); err != nil { // steps 0-2: both spikes queued (homogeneous)
		t.Fatal(err)
	}
	// new synapses from both neurons, and different delays for all
	synConnect(t, s, ConnectSpec{I: []int{0, 1}, J: []int{2, 3}})
	synSet(t, s, "delay", "(0.4 + 0.6*(j >= 2))*ms")
	got := recordDeliveries(t, net, h, 12)
	want := []delivery{{5, 0, 1}, {6, 1, 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries %v, want %v", got, want)
	}
}

// TestSynapsesPostPathway: on_post with its own delays, and a pathway on
// a custom event.
func TestSynapsesPostPathway(t *testing.T) {
	net := synNet(t, 1e-4)
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 2, Model: "v : 1"})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 3, Model: "n : 1\nm : 1",
		Threshold: "abs(t - (2 + i)*dt) < 0.5*dt", Events: map[string]string{"odd": "abs(t - 7*dt) < 0.5*dt and i == 1"}})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(h), Model: "c : 1",
		OnPost: "c += 1\nn_post += 1", PostPathways: map[string]string{"ev": "m_post += 1"},
		OnEvent: map[string]string{"ev": "odd"}})
	synConnect(t, s, ConnectSpec{})
	synSet(t, s, "post.delay", "i*0.2*ms")
	synSet(t, s, "ev.delay", "0.1*ms")
	got := recordDeliveries(t, net, h, 12)
	// target neuron j spikes at step 2+j; synapse i→j arrives 2i steps later
	want := []delivery{{2, 0, 1}, {3, 1, 1}, {4, 0, 1}, {4, 2, 1}, {5, 1, 1}, {6, 2, 1}}
	if !slices.Equal(got, want) {
		t.Fatalf("deliveries %v, want %v", got, want)
	}
	if c := synValues(t, s, "c"); !slices.Equal(c, []float64{1, 1, 1, 1, 1, 1}) {
		t.Errorf("c = %v", c)
	}
	if m := groupValues(t, h, "m"); !slices.Equal(m, []float64{0, 2, 0}) {
		t.Errorf("m = %v (the event pathway)", m)
	}
}

// TestSynapsesSubgroups: spikes of neurons outside the source slice do not
// go through, and i, j count from the slices' first neurons.
func TestSynapsesSubgroups(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{1}, {2}, {3}, {4}, {5}, {6}})
	src, _ := g.Sub(2, 5)
	tgt, _ := g.Sub(1, 3)
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 1, Model: "n : 1"})
	_ = h
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: src, Target: tgt, Model: "got : 1", OnPre: "v_post += 10*i + j + 1\ngot += 1"})
	synConnect(t, s, ConnectSpec{JGen: "k for k in range(2) if k != i"})
	if _, err := net.Run(1e-3); err != nil {
		t.Fatal(err)
	}
	// source neurons 2, 3, 4 of G are i = 0, 1, 2; targets 1, 2 are j = 0,
	// 1; the synapses are 0→1, 1→0, 2→0, 2→1
	v := groupValues(t, g, "v")
	want := []float64{0, (1*10 + 0 + 1) + (2*10 + 0 + 1), (0*10 + 1 + 1) + (2*10 + 1 + 1), 0, 0, 0}
	if !slices.Equal(v, want) {
		t.Errorf("v = %v, want %v", v, want)
	}
	if got := synValues(t, s, "got"); !slices.Equal(got, []float64{1, 1, 1, 1}) {
		t.Errorf("got = %v", got)
	}
}

// TestSynapsesRandomConnect: p and sample() by expression, drawn from the
// network's generator: reproducible with the seed, and with the
// statistics they should have.
func TestSynapsesRandomConnect(t *testing.T) {
	build := func(seed uint64, c ConnectSpec) *Synapses {
		net, err := NewNetwork(1e-4, seed)
		if err != nil {
			t.Fatal(err)
		}
		g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 400, Model: "v : 1"})
		s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g)})
		synConnect(t, s, c)
		return s
	}
	cases := []struct {
		c    ConnectSpec
		mean func(i, j int) float64 // probability of each pair
	}{
		{ConnectSpec{P: "0.05"}, func(i, j int) float64 { return 0.05 }},
		{ConnectSpec{P: "0.5"}, func(i, j int) float64 { return 0.5 }},
		{ConnectSpec{Condition: "i != j", P: "0.1*(i % 3)"}, func(i, j int) float64 { return b2f(i != j) * 0.1 * float64(i%3) }},
		{ConnectSpec{P: "exp(-abs(i - j)/20.)"}, func(i, j int) float64 { return math.Exp(-math.Abs(float64(i-j)) / 20) }},
		{ConnectSpec{JGen: "k for k in sample(N_post, p=0.02) if k > i"}, func(i, j int) float64 { return 0.02 * b2f(j > i) }},
		{ConnectSpec{JGen: "k for k in sample(i, N_post, 2, p=0.3)"}, func(i, j int) float64 { return 0.3 * b2f(j >= i && (j-i)%2 == 0) }},
		{ConnectSpec{JGen: "sample(N_post, p=0.03)"}, func(i, j int) float64 { return 0.03 }},
	}
	for _, c := range cases {
		a, b := build(7, c.c), build(7, c.c)
		if !slices.Equal(a.I(), b.I()) || !slices.Equal(a.J(), b.J()) {
			t.Errorf("%+v: the same seed gives other synapses", c.c)
		}
		var mean, vr float64
		for i := 0; i < 400; i++ {
			for j := 0; j < 400; j++ {
				p := c.mean(i, j)
				mean += p
				vr += p * (1 - p)
			}
		}
		n := float64(a.Count())
		if math.Abs(n-mean) > 4*math.Sqrt(vr)+1 {
			t.Errorf("%+v: %v synapses, expected %.1f ± %.1f", c.c, n, mean, math.Sqrt(vr))
		}
		I, J := a.I(), a.J()
		for k := range I {
			if c.mean(int(I[k]), int(J[k])) == 0 {
				t.Fatalf("%+v: synapse %d→%d is impossible", c.c, I[k], J[k])
			}
			if k > 0 && I[k] == I[k-1] && J[k] <= J[k-1] {
				t.Fatalf("%+v: repeated or unsorted targets", c.c)
			}
		}
	}
	// size with SkipIfInvalid takes what there is
	s := build(1, ConnectSpec{JGen: "k for k in sample(i, N_post, size=5)", SkipIfInvalid: true})
	for i, c := range s.NOutgoing() {
		if c != min(5, 400-i) {
			t.Fatalf("neuron %d: %d synapses", i, c)
		}
	}
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// TestSynapsesMultapses: n synapses per pair, by number and by expression.
func TestSynapsesMultapses(t *testing.T) {
	net := synNet(t, 1e-4)
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 5, Model: "x : 1"})
	if err := g.Set("x", "i"); err != nil {
		t.Fatal(err)
	}
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g)})
	synConnect(t, s, ConnectSpec{Condition: "i == j", N: "j % 3"})
	if out := s.NOutgoing(); !slices.Equal(out, []int{0, 1, 2, 0, 1}) {
		t.Errorf("N_outgoing %v", out)
	}
	synConnect(t, s, ConnectSpec{I: []int{4}, J: []int{0, 1}, N: "2"})
	if out := s.NOutgoing(); !slices.Equal(out, []int{0, 1, 2, 0, 5}) {
		t.Errorf("N_outgoing %v", out)
	}
	if in := s.NIncoming(); !slices.Equal(in, []int{2, 3, 2, 0, 1}) {
		t.Errorf("N_incoming %v", in)
	}
	if order := s.CreationOrder(); !slices.Equal(order, []int32{0, 1, 2, 3, 4, 5, 6, 7}) {
		t.Errorf("creation order %v", order)
	}
}

// TestSynapsesErrors: every mistake is one clear error, pointing into the
// code string where it can.
func TestSynapsesErrors(t *testing.T) {
	build := func() (*Network, *NeuronGroup, *NeuronGroup) {
		net := synNet(t, 1e-4)
		g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 4, Model: "dv/dt = -v/(10*ms) : volt\nI : amp\nJ = 2*I : amp", Threshold: "v > 1*mV"})
		h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 3, Model: "u : 1\nw : 1"})
		return net, g, h
	}
	cases := []struct {
		spec SynapsesSpec
		want string
	}{
		{SynapsesSpec{OnPre: "v_post += x"}, "on_pre: offset 10: unknown identifier 'x'"},
		{SynapsesSpec{OnPre: "u_post += 1*mV"}, "cannot assign a value in volt to 'u_post'"},
		{SynapsesSpec{OnPre: "v_post += 1"}, "'v_post' is not defined"},
		{SynapsesSpec{Model: "x : 1", OnPost: "x += 1"}, "has no event 'spike': did you forget to set a threshold?"},
		{SynapsesSpec{Model: "I_post = 1*nA : amp (summed)"}, "does not refer to any variable of H"},
		{SynapsesSpec{Model: "u_post = 1 : 1 (summed)", OnPre: ""}, ""},
		{SynapsesSpec{Model: "v_pre = 1*mV : volt (summed)"}, "needs a parameter v in G"},
		{SynapsesSpec{Model: "J_pre = 1*nA : amp (summed)"}, "needs a parameter J in G"},
		{SynapsesSpec{Model: "dx/dt = -x**2/(10*ms) : 1 (event-driven)", OnPre: "x += 1"}, "as event-driven"},
		{SynapsesSpec{Model: "w : 1"}, "the post-synaptic variable w has the same name as a synaptic variable"},
		{SynapsesSpec{OnPre: "u += 1", Delay: "2*mV"}, "a delay is a time"},
		{SynapsesSpec{OnPre: "u += 1", Delays: map[string]string{"post": "1*ms"}}, "unknown pathway"},
		{SynapsesSpec{OnPre: "u += 1", PrePathways: map[string]string{"pre": "u += 2"}}, "two pathways called 'pre'"},
		{SynapsesSpec{Model: "x : 1\ny = 2*x : 1", OnPre: "y = 1"}, "'y' is a subexpression and cannot be assigned to"},
		{SynapsesSpec{OnPre: "u += 1", OnEvent: map[string]string{"pre": "burst"}}, "has no event 'burst'"},
	}
	for _, c := range cases {
		net, g, h := build()
		c.spec.Name, c.spec.Source, c.spec.Target = "S", All(g), All(h)
		if c.spec.Name == "S" && strings.Contains(c.want, "no event 'spike'") {
			c.spec.Source, c.spec.Target = All(h), All(h)
			c.spec.Model = "x : 1"
		}
		_, err := net.NewSynapses(c.spec)
		if c.want == "" {
			if err != nil {
				t.Errorf("%+v: %v", c.spec, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
	// connect and set
	net, g, h := build()
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g), Target: All(h), Model: "x : 1", OnPre: "u += x"})
	if err := s.Set("x", "1"); err == nil || !strings.Contains(err.Error(), "Connect first") {
		t.Errorf("set before connect: %v", err)
	}
	if _, err := net.Run(1e-3); err == nil || !strings.Contains(err.Error(), "has not created synapses") {
		t.Errorf("run before connect: %v", err)
	}
	connects := []struct {
		c    ConnectSpec
		want string
	}{
		{ConnectSpec{Condition: "k for k in range(3)"}, "generator expression given for condition"},
		{ConnectSpec{Condition: "i + j"}, "connect.condition: offset 0: the condition must be true or false"},
		{ConnectSpec{Condition: "N_incoming > 1"}, "cannot refer to 'N_incoming'"},
		{ConnectSpec{Condition: "x > 1"}, "offset 0: 'x' is a variable of the synapses"},
		{ConnectSpec{Condition: "i == j", I: []int{1}, J: []int{2}}, "cannot combine a condition with i or j"},
		{ConnectSpec{JGen: "k for k in range(i, i+3)"}, "index j=3 outside allowed range from 0 to 2"},
		{ConnectSpec{JGen: "k for k in range(i, i+3) if u_post > 0"}, "the condition refers to a postsynaptic variable"},
		{ConnectSpec{JGen: "k for k in range(j)"}, "cannot depend on the postsynaptic index"},
		{ConnectSpec{JGen: "k for k in range(0.5*N_post)"}, "the 'high' argument of range must be an integer"},
		{ConnectSpec{JGen: "k for k in sample(N_post, p=0.1, size=2)"}, "sample takes one keyword argument"},
		{ConnectSpec{JGen: "k for k in sample(N_post, size=5)"}, "requested sample size 5 is bigger than the population size 3"},
		{ConnectSpec{JGen: "k for k in range(3)", P: "0.5"}, "generator syntax cannot be combined with p"},
		{ConnectSpec{JGen: "i/2"}, "which is not an index"},
		{ConnectSpec{JGen: "k for k in range(3, 0, 0)"}, "must not be zero"},
		{ConnectSpec{I: []int{0, 1}, J: []int{0, 1, 2}}, "must have the same length"},
		{ConnectSpec{I: []int{0, 4}, J: []int{0, 1}}, "outside of the range [0, 3]"},
		{ConnectSpec{I: []int{0}, J: []int{0}, N: "j"}, "connect.n"},
		{ConnectSpec{Condition: "i < j", N: "-1"}, "n must be a whole number"},
		{ConnectSpec{P: "1*mV"}, "p must be dimensionless"},
	}
	for _, c := range connects {
		err := s.Connect(c.c)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.c, err, c.want)
		}
	}
	if s.Count() != 0 {
		t.Errorf("failed connects made %d synapses", s.Count())
	}
	synConnect(t, s, ConnectSpec{})
	for _, c := range []struct{ name, code, want string }{
		{"y", "1", "has no variable 'y'"},
		{"x", "1*mV", "cannot assign a value in volt to"},
		{"x", "(", "S x: offset 1"},
		{"post.delay", "1*ms", "no pathway 'post'"},
		{"delay", "u_post*ms + v_pre/mV*ms", ""},
	} {
		err := s.Set(c.name, c.code)
		if c.want == "" {
			if err != nil {
				t.Errorf("Set(%s, %s): %v", c.name, c.code, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Set(%s, %s): error %v, want %q", c.name, c.code, err, c.want)
		}
	}
	var ce *CodeError
	err := s.Connect(ConnectSpec{Condition: "i < j and foo"})
	if !errors.As(err, &ce) {
		t.Fatalf("%v is not a CodeError", err)
	}
	if l, ok := ce.Err.(expr.ErrorList); !ok || len(l) == 0 || l[0].Pos != 10 {
		t.Errorf("the error %v does not point at foo", ce.Err)
	}
}

// TestSynapsesEventDrivenCoupled: linear event-driven equations that feed
// each other without a cycle have a closed form (Brian2's linear solver
// takes them too); a cycle needs dt, which event-driven updates do not
// have, and is refused with the advice to make them clock-driven.
func TestSynapsesEventDrivenCoupled(t *testing.T) {
	net := synNet(t, 1e-4)
	g := spiker(t, net, "G", [][]int{{10, 40}})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g),
		Model: "dx/dt = (y - x)/(10*ms) : 1 (event-driven)\ndy/dt = -y/(5*ms) : 1 (event-driven)",
		OnPre: "y += 1"})
	synConnect(t, s, ConnectSpec{})
	if _, err := net.Run(5e-3); err != nil {
		t.Fatal(err)
	}
	// from step 10 (x=0, y=1) to step 40: T = 3 ms
	T, a, b := 3e-3, 10e-3, 5e-3
	y := math.Exp(-T / b)
	x := (math.Exp(-T/b) - math.Exp(-T/a)) / a / (1/a - 1/b)
	if gx, gy := synValues(t, s, "x")[0], synValues(t, s, "y")[0]; math.Abs(gx-x) > 1e-12 || math.Abs(gy-(y+1)) > 1e-12 {
		t.Errorf("x = %v, y = %v; want %v, %v", gx, gy, x, y+1)
	}
	_, err := net.NewSynapses(SynapsesSpec{Name: "S2", Source: All(g),
		Model: "dx/dt = -y/(10*ms) : 1 (event-driven)\ndy/dt = x/(5*ms) : 1 (event-driven)", OnPre: "y += 1"})
	if err == nil || !strings.Contains(err.Error(), "use (clock-driven) instead") {
		t.Errorf("a cycle: %v", err)
	}
	_, err = net.NewSynapses(SynapsesSpec{Name: "S3", Source: All(g),
		Model: "dx/dt = -x/(10*ms) : 1 (event-driven)\ndy/dt = x/(5*ms) - y/(5*ms) : 1 (clock-driven)", OnPre: "x += 1"})
	if err == nil || !strings.Contains(err.Error(), "must not depend on the event-driven variable x") {
		t.Errorf("clock-driven on event-driven: %v", err)
	}
}
