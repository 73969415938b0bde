package sim

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadBrian2Ref reads the reference file testdata/brian2/<name>.
func loadBrian2Ref(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// The reference data comes from scripts/brian2/synapses_linked_reference.py.

type linkedRefData struct {
	KModel    string                    `json:"k_model"`
	PModel    string                    `json:"p_model"`
	HModel    string                    `json:"h_model"`
	Condition string                    `json:"condition"`
	Cases     map[string]linkedCaseData `json:"cases"`
	Connect   map[string]struct {
		Kwargs map[string]any `json:"kwargs"`
		I      []int          `json:"i"`
		J      []int          `json:"j"`
	} `json:"connect"`
}

type linkedCaseData struct {
	Model  string      `json:"model"`
	OnPre  string      `json:"on_pre"`
	W      string      `json:"w"`
	I      []int       `json:"i"`
	J      []int       `json:"j"`
	T      []float64   `json:"t"`
	Q      [][]float64 `json:"q"`
	S      [][]float64 `json:"s"`
	Z      [][]float64 `json:"z"`
	WFinal []float64   `json:"w_final"`
}

// linkedNet builds the network of the reference script: K with the
// variables linked to, the source P with x linked to K.z, the target H with
// y linked to K.z and ys to the shared K.c.
func linkedNet(t *testing.T, ref *linkedRefData) (net *Network, k, p, h *NeuronGroup) {
	t.Helper()
	net = synNet(t, 1e-4)
	k = synGroup(t, net, NeuronGroupSpec{Name: "K", N: 4, Model: ref.KModel, Method: "euler"})
	p = synGroup(t, net, NeuronGroupSpec{Name: "P", N: 4, Model: ref.PModel, Threshold: "v > 1", Reset: "v = 0", Method: "euler"})
	h = synGroup(t, net, NeuronGroupSpec{Name: "H", N: 4, Model: ref.HModel})
	for _, set := range [][2]string{{"z", "i*10"}, {"rate_z", "(i + 1)*100*Hz"}, {"c", "7"}} {
		if err := k.Set(set[0], set[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := p.Set("rate", "(300 + 90*i)*Hz"); err != nil {
		t.Fatal(err)
	}
	for _, l := range []struct {
		g          *NeuronGroup
		name, var_ string
	}{{p, "x", "z"}, {h, "y", "z"}, {h, "ys", "c"}} {
		if err := l.g.Link(l.name, All(k), l.var_, nil); err != nil {
			t.Fatal(err)
		}
	}
	return net, k, p, h
}

// TestBrian2SynapsesLinked runs synapse code that reads and writes linked
// variables of the source and target (in on_pre, a summed variable, a
// clock-driven equation and Set) and compares with Brian2.
func TestBrian2SynapsesLinked(t *testing.T) {
	var ref linkedRefData
	loadBrian2Ref(t, "synapses_linked/linked.json", &ref)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases in linked.json")
	}
	for name, c := range ref.Cases {
		t.Run(name, func(t *testing.T) {
			net, k, p, h := linkedNet(t, &ref)
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(p), Target: All(h), Model: c.Model, OnPre: c.OnPre, Method: "euler"})
			synConnect(t, s, ConnectSpec{Condition: ref.Condition})
			if err := s.Set("w", c.W); err != nil {
				t.Fatal(err)
			}
			I, J := s.I(), s.J()
			for n := range c.I {
				if int(I[n]) != c.I[n] || int(J[n]) != c.J[n] {
					t.Fatalf("synapse %d: %d→%d, Brian2 %d→%d", n, I[n], J[n], c.I[n], c.J[n])
				}
			}
			mh, err := net.NewStateMonitor("mh", All(h), []string{"q", "s"}, nil, 5e-4)
			if err != nil {
				t.Fatal(err)
			}
			mk, err := net.NewStateMonitor("mk", All(k), []string{"z"}, nil, 5e-4)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := net.Run(0.02); err != nil {
				t.Fatal(err)
			}
			if len(mh.T) != len(c.T) {
				t.Fatalf("%d recorded times, Brian2 %d", len(mh.T), len(c.T))
			}
			compareTraces(t, "H.q", mh.Values[0], c.Q, 1e-9)
			compareTraces(t, "H.s", mh.Values[1], c.S, 1e-9)
			compareTraces(t, "K.z", mk.Values[0], c.Z, 1e-9)
			w, err := s.Values("w")
			if err != nil {
				t.Fatal(err)
			}
			compareTraces(t, "S.w", [][]float64{w}, [][]float64{c.WFinal}, 1e-9)
		})
	}
}

// TestBrian2ConnectLinked: conditions and generators of connect() that
// read linked variables make Brian2's synapses.
func TestBrian2ConnectLinked(t *testing.T) {
	var ref linkedRefData
	loadBrian2Ref(t, "synapses_linked/linked.json", &ref)
	if len(ref.Connect) == 0 {
		t.Fatal("no connect cases in linked.json")
	}
	for name, c := range ref.Connect {
		t.Run(name, func(t *testing.T) {
			net, _, p, h := linkedNet(t, &ref)
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(p), Target: All(h), Model: "w : 1"})
			synConnect(t, s, connectSpecOf(t, c.Kwargs))
			I, J, order := s.I(), s.J(), s.CreationOrder()
			if len(I) != len(c.I) {
				t.Fatalf("%d synapses, Brian2 %d", len(I), len(c.I))
			}
			for n := range order {
				b := order[n]
				if int(I[n]) != c.I[b] || int(J[n]) != c.J[b] {
					t.Fatalf("synapse %d: %d→%d, Brian2 %d→%d", b, I[n], J[n], c.I[b], c.J[b])
				}
			}
		})
	}
}

// TestSynapsesLinkedBeyondBrian2 checks links that Brian2 leaves out of
// synapse code (with an index, to a group of one neuron) against what
// they mean: synapse s reads the element its post neuron's link reads.
func TestSynapsesLinkedBeyondBrian2(t *testing.T) {
	for _, tc := range []struct {
		name  string
		index []int
		one   bool
		want  []float64 // H.q after two spikes of each of 2 sources, all to all
	}{
		{"index", []int{3, 2, 1, 0, 0}, false, []float64{4 * 30, 4 * 20, 4 * 10, 0, 0}},
		{"one_neuron", nil, true, []float64{4 * 5, 4 * 5, 4 * 5, 4 * 5, 4 * 5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			net := synNet(t, 1e-4)
			k := synGroup(t, net, NeuronGroupSpec{Name: "K", N: 4, Model: "z : 1"})
			e := synGroup(t, net, NeuronGroupSpec{Name: "E", N: 1, Model: "ee : 1"})
			h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 5, Model: "y : 1 (linked)\nq : 1"})
			if err := k.Set("z", "i*10"); err != nil {
				t.Fatal(err)
			}
			if err := e.Set("ee", "5"); err != nil {
				t.Fatal(err)
			}
			var err error
			if tc.one {
				err = h.Link("y", All(e), "ee", nil)
			} else {
				err = h.Link("y", All(k), "z", tc.index)
			}
			if err != nil {
				t.Fatal(err)
			}
			g, err := net.NewSpikeGeneratorGroup("G", 2, []int{0, 1, 0, 1}, []float64{1e-3, 1e-3, 2e-3, 2e-3}, 0)
			if err != nil {
				t.Fatal(err)
			}
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g.NeuronGroup), Target: All(h), Model: "w : 1", OnPre: "q_post += y_post"})
			synConnect(t, s, ConnectSpec{})
			if _, err := net.Run(3e-3); err != nil {
				t.Fatal(err)
			}
			q, _ := h.Values("q")
			for n := range tc.want {
				if math.Abs(q[n]-tc.want[n]) > 1e-12 {
					t.Errorf("q = %v, want %v", q, tc.want)
					break
				}
			}
		})
	}
}

// TestSynapsesLinkedErrors: writing a variable linked to a shared one is
// refused (as Brian2 does), and a link without a target fails Set and Run
// with a message instead of reading nothing.
func TestSynapsesLinkedErrors(t *testing.T) {
	net := synNet(t, 1e-4)
	k := synGroup(t, net, NeuronGroupSpec{Name: "K", N: 2, Model: "c : 1 (shared)\nz : 1"})
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 2, Model: "ys : 1 (linked)\ny : 1 (linked)\nq : 1"})
	if err := h.Link("ys", All(k), "c", nil); err != nil {
		t.Fatal(err)
	}
	g, err := net.NewSpikeGeneratorGroup("G", 2, []int{0}, []float64{0}, 0)
	if err != nil {
		t.Fatal(err)
	}
	_, err = net.NewSynapses(SynapsesSpec{Name: "S1", Source: All(g.NeuronGroup), Target: All(h), Model: "w : 1", OnPre: "ys_post += w"})
	var ce *CodeError
	if err == nil || !errors.As(err, &ce) {
		t.Fatalf("writing a variable linked to a shared one: got %v, want a code error", err)
	}
	// y is not linked yet: Set and Run must say so.
	s := synNew(t, net, SynapsesSpec{Name: "S2", Source: All(g.NeuronGroup), Target: All(h), Model: "w : 1", OnPre: "q_post += y_post"})
	synConnect(t, s, ConnectSpec{})
	if err := s.Set("w", "y_post"); err == nil || !strings.Contains(err.Error(), "has no target") {
		t.Errorf("Set reading an unset link: got %v", err)
	}
	if _, err := net.Run(1e-3); err == nil || !strings.Contains(err.Error(), "has no target") {
		t.Errorf("Run with an unset link: got %v", err)
	}
	// Linking later makes it work, from the next run on.
	if err := h.Link("y", All(k), "z", []int{1, 0}); err != nil {
		t.Fatal(err)
	}
	if err := k.Set("z", "i + 2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("w", "y_post"); err != nil {
		t.Fatal(err)
	}
	w, _ := s.Values("w")
	want := []float64{3, 2, 3, 2} // synapses (0,0) (0,1) (1,0) (1,1): z[1], z[0], ...
	for n := range want {
		if w[n] != want[n] {
			t.Fatalf("w = %v, want %v", w, want)
		}
	}
}

// TestLinkToOneNeuron: a group linked without an index to a group of one
// neuron reads that neuron everywhere, as Brian2 does (index '0').
func TestLinkToOneNeuron(t *testing.T) {
	net := synNet(t, 1e-4)
	e := synGroup(t, net, NeuronGroupSpec{Name: "E", N: 1, Model: "x : 1"})
	r := synGroup(t, net, NeuronGroupSpec{Name: "R", N: 3, Model: "x_eye : 1 (linked)\nd = x_eye*i : 1"})
	if err := e.Set("x", "0.25"); err != nil {
		t.Fatal(err)
	}
	if err := r.Link("x_eye", All(e), "x", nil); err != nil {
		t.Fatal(err)
	}
	got, err := r.Values("d")
	if err != nil {
		t.Fatal(err)
	}
	for n, want := range []float64{0, 0.25, 0.5} {
		if got[n] != want {
			t.Fatalf("d = %v, want [0 0.25 0.5]", got)
		}
	}
	// A two-neuron target still needs an index.
	two := synGroup(t, net, NeuronGroupSpec{Name: "T", N: 2, Model: "x : 1"})
	if err := r.Link("x_eye", All(two), "x", nil); err == nil {
		t.Error("linking 3 neurons to 2 without an index: no error")
	}
}
