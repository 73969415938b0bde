package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

// The reference data comes from scripts/brian2/synapses_reference.py.

func loadSynapsesRef(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "synapses", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

type connectCase struct {
	Source    [3]any           `json:"source"`
	Target    [3]any           `json:"target"`
	Calls     []map[string]any `json:"calls"`
	I         []int            `json:"i"`
	J         []int            `json:"j"`
	NIncoming []int            `json:"n_incoming"`
	NOutgoing []int            `json:"n_outgoing"`
}

// toConnectSpec turns Brian2's keyword arguments into a ConnectSpec.
func toConnectSpec(t *testing.T, kw map[string]any) ConnectSpec {
	var c ConnectSpec
	ints := func(v any) []int {
		switch v := v.(type) {
		case float64:
			return []int{int(v)}
		case []any:
			out := make([]int, len(v))
			for k, x := range v {
				out[k] = int(x.(float64))
			}
			return out
		}
		t.Fatalf("bad index argument %v", v)
		return nil
	}
	for k, v := range kw {
		switch k {
		case "condition":
			switch v := v.(type) {
			case string:
				c.Condition = v
			case bool:
				c.Condition = map[bool]string{true: "True", false: "False"}[v]
			}
		case "i":
			if s, ok := v.(string); ok {
				c.IGen = s
			} else {
				c.I = ints(v)
			}
		case "j":
			if s, ok := v.(string); ok {
				c.JGen = s
			} else {
				c.J = ints(v)
			}
		case "n":
			c.N = fmt.Sprint(v)
		case "p":
			c.P = fmt.Sprint(v)
		case "skip_if_invalid":
			c.SkipIfInvalid = v.(bool)
		default:
			t.Fatalf("unknown connect argument %s", k)
		}
	}
	return c
}

// connectGroups makes Brian2's G (12 neurons, x = i*i % 7) and H (10
// neurons, y = 3*i % 5).
func connectGroups(t *testing.T, net *Network) map[string]*NeuronGroup {
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 12, Model: "x : integer"})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 10, Model: "y : integer"})
	if err := g.Set("x", "i*i % 7"); err != nil {
		t.Fatal(err)
	}
	if err := h.Set("y", "3*i % 5"); err != nil {
		t.Fatal(err)
	}
	return map[string]*NeuronGroup{"G": g, "H": h}
}

func sliceOf(t *testing.T, groups map[string]*NeuronGroup, spec [3]any) Source {
	src, err := groups[spec[0].(string)].Sub(int(spec[1].(float64)), int(spec[2].(float64)))
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// TestBrian2Connect checks every deterministic way of connecting against
// Brian2's synapse lists: the same synapses, in Brian2's order once
// sorted by presynaptic neuron (CreationOrder gives Brian2's numbering).
func TestBrian2Connect(t *testing.T) {
	var cases map[string]connectCase
	loadSynapsesRef(t, "connect.json", &cases)
	names := make([]string, 0, len(cases))
	for k := range cases {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, name := range names {
		c := cases[name]
		t.Run(name, func(t *testing.T) {
			net := synNet(t, 1e-4)
			groups := connectGroups(t, net)
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: sliceOf(t, groups, c.Source), Target: sliceOf(t, groups, c.Target), Model: "w : 1"})
			for _, kw := range c.Calls {
				if err := s.Connect(toConnectSpec(t, kw)); err != nil {
					t.Fatal(err)
				}
			}
			if s.Count() != len(c.I) {
				t.Fatalf("%d synapses, Brian2 has %d", s.Count(), len(c.I))
			}
			// Brian2's synapse k is ours at position pos[k]
			order := s.CreationOrder()
			pos := make([]int, len(order))
			for k, b := range order {
				pos[b] = k
			}
			I, J := s.I(), s.J()
			for k := range c.I {
				if int(I[pos[k]]) != c.I[k] || int(J[pos[k]]) != c.J[k] {
					t.Fatalf("Brian2's synapse %d is %d→%d, ours %d→%d", k, c.I[k], c.J[k], I[pos[k]], J[pos[k]])
				}
			}
			// sorted by presynaptic neuron
			for k := 1; k < len(I); k++ {
				if I[k] < I[k-1] || I[k] == I[k-1] && order[k] < order[k-1] {
					t.Fatalf("synapse %d is out of order", k)
				}
			}
			if len(c.I) == 0 {
				return
			}
			src, tgt := sliceOf(t, groups, c.Source), sliceOf(t, groups, c.Target)
			in, out := s.NIncoming(), s.NOutgoing()
			for k := range in {
				if in[k] != c.NIncoming[tgt.Start+k] {
					t.Fatalf("N_incoming[%d] = %d, Brian2: %d", k, in[k], c.NIncoming[tgt.Start+k])
				}
			}
			for k := range out {
				if out[k] != c.NOutgoing[src.Start+k] {
					t.Fatalf("N_outgoing[%d] = %d, Brian2: %d", k, out[k], c.NOutgoing[src.Start+k])
				}
			}
		})
	}
}

type delaysRef struct {
	SrcModel string      `json:"src_model"`
	TgtModel string      `json:"tgt_model"`
	I        []int       `json:"i"`
	J        []int       `json:"j"`
	Delay    []float64   `json:"delay"`
	PreI     []int       `json:"pre_i"`
	PreT     []float64   `json:"pre_t"`
	PostI    []int       `json:"post_i"`
	PostT    []float64   `json:"post_t"`
	T        []float64   `json:"t"`
	V        [][]float64 `json:"v"`
	U        [][]float64 `json:"u"`
}

func compareSpikes(t *testing.T, what string, dt float64, gotI []int32, gotT []float64, wantI []int, wantT []float64) {
	t.Helper()
	if len(gotI) != len(wantI) {
		t.Fatalf("%s: %d spikes, Brian2 has %d", what, len(gotI), len(wantI))
	}
	for k := range gotI {
		if int(gotI[k]) != wantI[k] || math.Round(gotT[k]/dt) != math.Round(wantT[k]/dt) {
			t.Fatalf("%s: spike %d is neuron %d at %v s, Brian2: neuron %d at %v s", what, k, gotI[k], gotT[k], wantI[k], wantT[k])
		}
	}
}

func compareTraces(t *testing.T, what string, got, want [][]float64, tol float64) {
	t.Helper()
	worst := 0.0
	for r := range want {
		if len(got[r]) != len(want[r]) {
			t.Fatalf("%s: %d values, Brian2 has %d", what, len(got[r]), len(want[r]))
		}
		for k := range want[r] {
			worst = math.Max(worst, math.Abs(got[r][k]-want[r][k]))
		}
	}
	if worst > tol {
		t.Errorf("%s differs from Brian2 by up to %g", what, worst)
	}
	t.Logf("%s: largest difference from Brian2 %g", what, worst)
}

// TestBrian2Delays: heterogeneous per-synapse delays (some zero) on one
// pathway and a constant delay on another; the targets' traces and
// spikes match Brian2's.
func TestBrian2Delays(t *testing.T) {
	var ref delaysRef
	loadSynapsesRef(t, "delays.json", &ref)
	net := synNet(t, 1e-4)
	p := synGroup(t, net, NeuronGroupSpec{Name: "P", N: 5, Model: ref.SrcModel, Threshold: "v > 1", Reset: "v = 0", Method: "euler"})
	q := synGroup(t, net, NeuronGroupSpec{Name: "Q", N: 4, Model: ref.TgtModel, Threshold: "v > 1", Reset: "v = 0", Method: "exact"})
	if err := p.Set("rate", "(250 + 70*i)*Hz"); err != nil {
		t.Fatal(err)
	}
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(p), Target: All(q), Model: "w : 1",
		OnPre: "v_post += w", PrePathways: map[string]string{"slow": "u_post += 0.25*w"},
		Delays: map[string]string{"slow": "1.3*ms"}})
	if err := s.Connect(ConnectSpec{Condition: "(i + j) % 3 != 1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("w", "0.2 + 0.1*j + 0.05*i"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("delay", "((3*i + 7*j) % 11)*0.2*ms"); err != nil {
		t.Fatal(err)
	}
	d, err := s.Values("delay")
	if err != nil {
		t.Fatal(err)
	}
	I, J := s.I(), s.J()
	for k := range ref.I {
		if int(I[k]) != ref.I[k] || int(J[k]) != ref.J[k] || math.Abs(d[k]-ref.Delay[k]) > 1e-15 {
			t.Fatalf("synapse %d: %d→%d delay %v, Brian2: %d→%d delay %v", k, I[k], J[k], d[k], ref.I[k], ref.J[k], ref.Delay[k])
		}
	}
	sp, _ := net.NewSpikeMonitor("sp", All(p))
	sq, _ := net.NewSpikeMonitor("sq", All(q))
	st, err := net.NewStateMonitor("st", All(q), []string{"v", "u"}, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.03); err != nil {
		t.Fatal(err)
	}
	compareSpikes(t, "source spikes", net.DT, sp.I, sp.T, ref.PreI, ref.PreT)
	compareSpikes(t, "target spikes", net.DT, sq.I, sq.T, ref.PostI, ref.PostT)
	compareTraces(t, "v", st.Values[0], ref.V, 1e-12)
	compareTraces(t, "u", st.Values[1], ref.U, 1e-12)
}

type summedRef struct {
	SpikeI []int       `json:"spike_i"`
	SpikeT []float64   `json:"spike_t"`
	T      []float64   `json:"t"`
	Record []int       `json:"record"`
	V      [][]float64 `json:"v"`
	Igap   [][]float64 `json:"igap"`
}

// TestBrian2Summed: Brian2's gap junction example, with the coupling over
// two Synapses that both sum into Igap (Brian2 needs a variable for each).
func TestBrian2Summed(t *testing.T) {
	var ref summedRef
	loadSynapsesRef(t, "summed.json", &ref)
	net := synNet(t, 1e-4)
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 10, Method: "exact", Threshold: "v > 1", Reset: "v = 0",
		Model:     "dv/dt = (v0 - v + Igap) / tau : 1\nv0 : 1\nIgap : 1",
		Externals: constants(map[string]units.Quantity{"tau": units.Q(10, units.MilliSecond)})})
	if err := g.Set("v0", "1.05 + 0.25*i/N"); err != nil {
		t.Fatal(err)
	}
	for k, cond := range []string{"i < j", "i > j"} {
		s := synNew(t, net, SynapsesSpec{Name: fmt.Sprint("S", k+1), Source: All(g),
			Model: "w : 1\nIgap_post = w * (v_pre - v_post) : 1 (summed)"})
		if err := s.Connect(ConnectSpec{Condition: cond}); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("w", []string{"0.02", ".02 + 0.001*i"}[k]); err != nil {
			t.Fatal(err)
		}
	}
	sm, _ := net.NewSpikeMonitor("sm", All(g))
	st, err := net.NewStateMonitor("st", All(g), []string{"v", "Igap"}, ref.Record, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.1); err != nil {
		t.Fatal(err)
	}
	compareSpikes(t, "spikes", net.DT, sm.I, sm.T, ref.SpikeI, ref.SpikeT)
	compareTraces(t, "v", st.Values[0], ref.V, 1e-12)
	compareTraces(t, "Igap", st.Values[1], ref.Igap, 1e-12)
}

type stdpRef struct {
	Model      string      `json:"model"`
	Syn        string      `json:"syn"`
	OnPre      string      `json:"on_pre"`
	OnPost     string      `json:"on_post"`
	I          []int       `json:"i"`
	J          []int       `json:"j"`
	W          []float64   `json:"w"`
	Apre       []float64   `json:"Apre"`
	Apost      []float64   `json:"Apost"`
	Lastupdate []float64   `json:"lastupdate"`
	PreI       []int       `json:"pre_i"`
	PreT       []float64   `json:"pre_t"`
	PostI      []int       `json:"post_i"`
	PostT      []float64   `json:"post_t"`
	T          []float64   `json:"t"`
	V          [][]float64 `json:"v"`
	Ge         [][]float64 `json:"ge"`
}

// TestBrian2STDP: Brian2's STDP example (event-driven traces, on_pre and
// on_post updating w with clip) on deterministic inputs that drive the
// postsynaptic neurons: spikes, traces and final weights match Brian2.
func TestBrian2STDP(t *testing.T) {
	var ref stdpRef
	loadSynapsesRef(t, "stdp.json", &ref)
	net := synNet(t, 1e-4)
	gmax := 0.08
	dApre := 0.01 * gmax
	dApost := -0.01 * 1.05 * gmax
	consts := constants(map[string]units.Quantity{
		"taum": units.Q(10, units.MilliSecond), "taupre": units.Q(20, units.MilliSecond),
		"taupost": units.Q(20, units.MilliSecond), "Ee": units.Q(0, units.MilliVolt),
		"vt": units.Q(-54, units.MilliVolt), "vr": units.Q(-60, units.MilliVolt),
		"El": units.Q(-74, units.MilliVolt), "taue": units.Q(5, units.MilliSecond),
		"gmax": {Value: gmax}, "dApre": {Value: dApre}, "dApost": {Value: dApost},
	})
	inp := synGroup(t, net, NeuronGroupSpec{Name: "inp", N: 20, Model: "dx/dt = rate : 1\nrate : Hz",
		Threshold: "x > 1", Reset: "x = 0", Method: "euler"})
	for name, code := range map[string]string{"rate": "(40 + 7*i)*Hz", "x": "0.05*i"} {
		if err := inp.Set(name, code); err != nil {
			t.Fatal(err)
		}
	}
	post := synGroup(t, net, NeuronGroupSpec{Name: "post", N: 2, Model: ref.Model, Threshold: "v>vt", Reset: "v = vr",
		Method: "euler", Externals: consts})
	if err := post.Set("v", "vr"); err != nil {
		t.Fatal(err)
	}
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(inp), Target: All(post), Model: ref.Syn,
		OnPre: ref.OnPre, OnPost: ref.OnPost, Externals: consts})
	if err := s.Connect(ConnectSpec{}); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("w", "(0.2 + 0.03*i + 0.1*j)*gmax"); err != nil {
		t.Fatal(err)
	}
	sp, _ := net.NewSpikeMonitor("sp", All(inp))
	sq, _ := net.NewSpikeMonitor("sq", All(post))
	st, err := net.NewStateMonitor("st", All(post), []string{"v", "ge"}, nil, 1e-3)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.4); err != nil {
		t.Fatal(err)
	}
	compareSpikes(t, "input spikes", net.DT, sp.I, sp.T, ref.PreI, ref.PreT)
	compareSpikes(t, "output spikes", net.DT, sq.I, sq.T, ref.PostI, ref.PostT)
	compareTraces(t, "v", st.Values[0], ref.V, 1e-12)
	compareTraces(t, "ge", st.Values[1], ref.Ge, 1e-12)
	for _, v := range []struct {
		name string
		want []float64
	}{{"w", ref.W}, {"Apre", ref.Apre}, {"Apost", ref.Apost}, {"lastupdate", ref.Lastupdate}} {
		got, err := s.Values(v.name)
		if err != nil {
			t.Fatal(err)
		}
		compareTraces(t, v.name, [][]float64{got}, [][]float64{v.want}, 1e-15)
	}
}

type randomRef struct {
	N         int     `json:"n"`
	P         float64 `json:"p"`
	Count     int     `json:"count"`
	OutMean   float64 `json:"out_mean"`
	OutStd    float64 `json:"out_std"`
	InMean    float64 `json:"in_mean"`
	InStd     float64 `json:"in_std"`
	SizeCount int     `json:"size_count"`
}

// TestBrian2RandomStats: CUBA's connectivity (p = 0.02 over 4000 neurons)
// has the binomial statistics Brian2's has, and sample(size=...) gives
// exactly size synapses per neuron.
func TestBrian2RandomStats(t *testing.T) {
	var ref randomRef
	loadSynapsesRef(t, "random.json", &ref)
	net := synNet(t, 1e-4)
	g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: ref.N, Model: "v : 1"})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g)})
	if err := s.Connect(ConnectSpec{P: fmt.Sprint(ref.P)}); err != nil {
		t.Fatal(err)
	}
	n, p := float64(ref.N), ref.P
	mean, sd := n*n*p, math.Sqrt(n*n*p*(1-p))
	check := func(what string, got, want, sd float64) {
		t.Helper()
		if math.Abs(got-want) > 4*sd {
			t.Errorf("%s: %v, expected %v ± %v", what, got, want, sd)
		}
		t.Logf("%s: %v (expected %v ± %v)", what, got, want, sd)
	}
	check("synapses", float64(s.Count()), mean, sd)
	check("Brian2's synapses", float64(ref.Count), mean, sd)
	for _, x := range []struct {
		what   string
		counts []int
		bmean  float64
		bstd   float64
	}{{"N_outgoing", s.NOutgoing(), ref.OutMean, ref.OutStd}, {"N_incoming", s.NIncoming(), ref.InMean, ref.InStd}} {
		var sum, sq float64
		for _, c := range x.counts {
			sum += float64(c)
		}
		m := sum / n
		for _, c := range x.counts {
			sq += (float64(c) - m) * (float64(c) - m)
		}
		std := math.Sqrt(sq / n)
		// per neuron: Binomial(n, p), mean n*p, sd sqrt(n*p*(1-p)); the
		// sample standard deviation of n values has sd about sd/sqrt(2n)
		bsd := math.Sqrt(n * p * (1 - p))
		check(x.what+" mean", m, n*p, bsd/math.Sqrt(n))
		check(x.what+" std", std, bsd, bsd/math.Sqrt(2*n))
		check("Brian2's "+x.what+" std", x.bstd, bsd, bsd/math.Sqrt(2*n))
	}
	sub, _ := g.Sub(0, 300)
	tgt, _ := g.Sub(0, 500)
	s2 := synNew(t, net, SynapsesSpec{Name: "S2", Source: sub, Target: tgt})
	if err := s2.Connect(ConnectSpec{JGen: "k for k in sample(N_post, size=25)"}); err != nil {
		t.Fatal(err)
	}
	if s2.Count() != ref.SizeCount {
		t.Errorf("sample(size=25): %d synapses, Brian2: %d", s2.Count(), ref.SizeCount)
	}
	for k, c := range s2.NOutgoing() {
		if c != 25 {
			t.Fatalf("neuron %d has %d synapses, not 25", k, c)
		}
	}
	J := s2.J()
	I := s2.I()
	for k := 1; k < len(J); k++ {
		if I[k] == I[k-1] && J[k] <= J[k-1] {
			t.Fatalf("the targets of neuron %d are not distinct and sorted", I[k])
		}
	}
}
