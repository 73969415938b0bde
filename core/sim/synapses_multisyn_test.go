package sim

import (
	"fmt"
	"strings"
	"testing"
)

// The reference data comes from scripts/brian2/multisyn_reference.py.

type multisynCase struct {
	Calls []map[string]any `json:"calls"`
	I     []int            `json:"i"`
	J     []int            `json:"j"`
	K     []int            `json:"k"`
	T     []float64        `json:"t"`
	Q     [][]float64      `json:"q"`
}

// connectSpecOf turns the keyword arguments of a connect call in the
// reference data into a ConnectSpec.
func connectSpecOf(t *testing.T, kw map[string]any) ConnectSpec {
	t.Helper()
	var c ConnectSpec
	ints := func(v any) []int {
		switch x := v.(type) {
		case float64:
			return []int{int(x)}
		case []any:
			out := make([]int, len(x))
			for n, e := range x {
				out[n] = int(e.(float64))
			}
			return out
		}
		t.Fatalf("not indices: %v", v)
		return nil
	}
	for key, v := range kw {
		switch key {
		case "condition":
			c.Condition = v.(string)
		case "i":
			c.I = ints(v)
		case "j":
			if s, ok := v.(string); ok {
				c.JGen = s
			} else {
				c.J = ints(v)
			}
		case "n":
			c.N = fmt.Sprint(v)
		case "skip_if_invalid":
			c.SkipIfInvalid = v.(bool)
		default:
			t.Fatalf("unknown connect argument %q", key)
		}
	}
	return c
}

// TestBrian2MultisynapticIndex compares the multisynaptic index (numbering
// the synapses between the same pair, over several connect calls) and the
// delays and effects that use it with Brian2.
func TestBrian2MultisynapticIndex(t *testing.T) {
	var ref map[string]multisynCase
	loadBrian2Ref(t, "multisyn/multisyn.json", &ref)
	if len(ref) == 0 {
		t.Fatal("no cases in multisyn.json")
	}
	for name, c := range ref {
		t.Run(name, func(t *testing.T) {
			net := synNet(t, 1e-4)
			idx := []int{0, 1, 2, 3, 4, 0, 1, 2, 3, 4}
			times := []float64{1e-3, 1e-3, 1e-3, 1e-3, 1e-3, 4e-3, 4e-3, 4e-3, 4e-3, 4e-3}
			g, err := net.NewSpikeGeneratorGroup("G", 5, idx, times, 0)
			if err != nil {
				t.Fatal(err)
			}
			h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 4, Model: "q : 1"})
			s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g.NeuronGroup), Target: All(h), Model: "w : 1",
				OnPre: "q_post += w*(k+1)", MultisynapticIndex: "k"})
			for _, kw := range c.Calls {
				synConnect(t, s, connectSpecOf(t, kw))
			}
			for _, set := range [][2]string{{"w", "1 + i + 10*j"}, {"delay", "(k+1)*ms"}} {
				if err := s.Set(set[0], set[1]); err != nil {
					t.Fatal(err)
				}
			}
			if s.Count() != len(c.K) {
				t.Fatalf("%d synapses, Brian2 %d", s.Count(), len(c.K))
			}
			I, J, order := s.I(), s.J(), s.CreationOrder()
			k, err := s.Values("k")
			if err != nil {
				t.Fatal(err)
			}
			for n := range order {
				b := order[n] // Brian2's index of synapse n
				if int(I[n]) != c.I[b] || int(J[n]) != c.J[b] || int(k[n]) != c.K[b] {
					t.Fatalf("synapse %d (Brian2's %d): i=%d j=%d k=%v, Brian2 i=%d j=%d k=%d", n, b, I[n], J[n], k[n], c.I[b], c.J[b], c.K[b])
				}
			}
			m, err := net.NewStateMonitor("m", All(h), []string{"q"}, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := net.Run(0.01); err != nil {
				t.Fatal(err)
			}
			compareTraces(t, "H.q", m.Values[0], c.Q, 1e-9)
		})
	}
}

// TestMultisynapticIndexErrors: the name must be a new, valid variable
// name; the index is an integer that code may use but that Connect
// recomputes.
func TestMultisynapticIndexErrors(t *testing.T) {
	for _, tc := range []struct{ name, model, want string }{
		{"w", "w : 1", "name of a variable of the model"},
		{"v", "w : 1", "same name as a variable of H"},
		{"j", "w : 1", "reserved"},
		{"delay", "w : 1", "reserved"},
		{"2k", "w : 1", "not a valid variable name"},
	} {
		net := synNet(t, 1e-4)
		h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 2, Model: "v : 1", Threshold: "v > 1"})
		_, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: All(h), Model: tc.model, MultisynapticIndex: tc.name})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("multisynaptic index %q: got %v, want an error containing %q", tc.name, err, tc.want)
		}
	}
	net := synNet(t, 1e-4)
	h := synGroup(t, net, NeuronGroupSpec{Name: "H", N: 2, Model: "v : 1", Threshold: "v > 1"})
	s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(h), Model: "w : 1", MultisynapticIndex: "syn_k"})
	synConnect(t, s, ConnectSpec{I: []int{1, 0, 1}, J: []int{0, 0, 0}, N: "2"})
	if err := s.Set("w", "syn_k * 2"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("syn_k", "7"); err != nil {
		t.Fatal(err)
	}
	synConnect(t, s, ConnectSpec{I: []int{1}, J: []int{0}})
	k, _ := s.Values("syn_k")
	w, _ := s.Values("w")
	// Grouped by source: 0→0 twice, then 1→0 four times and once more.
	wantK := []float64{0, 1, 0, 1, 2, 3, 4}
	wantW := []float64{0, 2, 0, 2, 4, 6, 0}
	for n := range wantK {
		if k[n] != wantK[n] || w[n] != wantW[n] {
			t.Fatalf("k = %v, w = %v; want k = %v, w = %v", k, w, wantK, wantW)
		}
	}
}
