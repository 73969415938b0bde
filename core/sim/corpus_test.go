package sim

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// corpusModel is a file of core/eqs/testdata/models: the equations of a
// published Brian2 example with its constants (see core/eqs for the
// format).
type corpusModel struct {
	owner    string
	consts   map[string]units.Quantity
	sections map[string]string
}

func readCorpusModel(t *testing.T, path string) *corpusModel {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := &corpusModel{consts: map[string]units.Quantity{}, sections: map[string]string{}}
	current := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "--- "):
			current = strings.TrimSpace(line[4:])
		case current != "":
			m.sections[current] += line + "\n"
		case strings.HasPrefix(line, "owner:"):
			m.owner = strings.TrimSpace(line[6:])
		case strings.HasPrefix(line, "const "):
			name, value, _ := strings.Cut(line[6:], "=")
			q, err := units.ParseIn(strings.TrimSpace(value), func(n string) (units.Quantity, bool) {
				q, ok := m.consts[n]
				return q, ok
			})
			if err != nil {
				t.Fatalf("%s: constant %s: %v", path, name, err)
			}
			m.consts[strings.TrimSpace(name)] = q
		}
	}
	return m
}

// TestBrian2Corpus builds and runs, for a few steps, the equations of
// Brian2's published examples that core/eqs parses and checks (CUBA,
// COBAHH, the I-F curves, adaptive threshold, Brunel & Hakim, Izhikevich,
// AdEx, Morris-Lecar, Hindmarsh-Rose, Wang-Buzsaki, Rothman-Manis, STDP,
// gap junctions): every one integrates with Brian2's default method choice
// and compiles into kernels.
func TestBrian2Corpus(t *testing.T) {
	paths, _ := filepath.Glob(filepath.Join("..", "eqs", "testdata", "models", "*.eqs"))
	if len(paths) < 10 {
		t.Fatalf("found %d corpus models", len(paths))
	}
	built := 0
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".eqs")
		t.Run(name, func(t *testing.T) {
			m := readCorpusModel(t, path)
			net, err := NewNetwork(1e-5, 1)
			if err != nil {
				t.Fatal(err)
			}
			ext := constants(m.consts)
			switch m.owner {
			case "NeuronGroup":
				g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 10, Model: m.sections["equations"], Externals: ext})
				if err != nil {
					t.Fatal(err)
				}
				// Start from rest: membrane potentials at -65 mV (an AdEx
				// neuron at 0 mV, say, blows up at once, in Brian2 too).
				for _, v := range g.VariableNames() {
					if d, _ := g.Dim(v); d == units.DimVoltage {
						if err := g.Set(v, "-65*mV"); err != nil {
							t.Fatal(err)
						}
					}
				}
				t.Logf("method %s", g.Method)
			case "Synapses":
				g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 10, Model: m.sections["group"], Externals: ext})
				if err != nil {
					t.Fatal(err)
				}
				s, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: All(g), Model: m.sections["equations"], Externals: ext})
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Connect(ConnectSpec{Condition: "i != j"}); err != nil {
					t.Fatal(err)
				}
			default:
				t.Skipf("%s equations are built by the SpatialNeuron runtime", m.owner)
			}
			if _, err := net.Run(10 * net.DT); err != nil {
				t.Fatal(err)
			}
			built++
		})
	}
	if built < 12 {
		t.Errorf("only %d corpus models built", built)
	}
}

var _ lower.Scope = constants(nil)
