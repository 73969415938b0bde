package eqs

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// model is a file of testdata/models: an owner, constants, the equations and,
// for synapses, the equations of the group they connect.
type model struct {
	name     string
	owner    Owner
	consts   [][2]string
	sections map[string]string
}

func parseOwner(s string) (Owner, error) {
	for _, o := range []Owner{NeuronGroup, Synapses, SpatialNeuron} {
		if o.String() == s {
			return o, nil
		}
	}
	return 0, fmt.Errorf("unknown owner %q", s)
}

func readModel(t *testing.T, path string) *model {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := &model{name: strings.TrimSuffix(filepath.Base(path), ".eqs"), sections: map[string]string{}}
	current := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "--- "):
			current = strings.TrimSpace(line[4:])
			m.sections[current] = ""
		case current != "":
			m.sections[current] += line + "\n"
		case strings.HasPrefix(line, "owner:"):
			if m.owner, err = parseOwner(strings.TrimSpace(line[6:])); err != nil {
				t.Fatal(err)
			}
		case strings.HasPrefix(line, "const "):
			name, value, _ := strings.Cut(line[6:], "=")
			m.consts = append(m.consts, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

func modelFiles(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "models", "*.eqs"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no model files: %v", err)
	}
	return paths
}

// testNS is a namespace as a group would provide it: constants, the
// special variables of the owner and other variables.
type testNS map[string]expr.Symbol

func (ns testNS) lookup(name string) (expr.Symbol, bool) {
	s, ok := ns[name]
	return s, ok
}

func (ns testNS) constant(name, value string) error {
	q, err := units.ParseIn(value, func(n string) (units.Quantity, bool) {
		s, ok := ns[n]
		if !ok || !s.Const {
			return units.Quantity{}, false
		}
		return units.Quantity{Value: s.Value, Dim: s.Dim}, true
	})
	if err != nil {
		return fmt.Errorf("constant %s = %s: %v", name, value, err)
	}
	ns[name] = expr.Symbol{Dim: q.Dim, Const: true, Value: q.Value, Scalar: true}
	return nil
}

func (ns testNS) variable(name string, d units.Dim, k expr.Kind, scalar bool) {
	ns[name] = expr.Symbol{Dim: d, Kind: k, Scalar: scalar}
}

var (
	dimSecond = units.DimTime
	dimMeter  = units.DimLength
)

// specialNS returns the variables every group of the owner defines.
func specialNS(owner Owner) testNS {
	ns := testNS{}
	ns.variable("t", dimSecond, expr.Float, true)
	ns.variable("dt", dimSecond, expr.Float, true)
	ns.variable("t_in_timesteps", units.Dimensionless, expr.Integer, true)
	ns.variable("N", units.Dimensionless, expr.Integer, true)
	ns.variable("i", units.Dimensionless, expr.Integer, false)
	switch owner {
	case NeuronGroup, SpatialNeuron:
		ns.variable("lastspike", dimSecond, expr.Float, false)
		ns.variable("not_refractory", units.Dimensionless, expr.Boolean, false)
	case Synapses:
		ns.variable("j", units.Dimensionless, expr.Integer, false)
		ns.variable("lastupdate", dimSecond, expr.Float, false)
		ns.variable("N_incoming", units.Dimensionless, expr.Integer, false)
		ns.variable("N_outgoing", units.Dimensionless, expr.Integer, false)
	}
	if owner == SpatialNeuron {
		m2 := dimMeter.Mul(dimMeter)
		ns.variable("v", units.DimVoltage, expr.Float, false)
		for _, n := range []string{"length", "distance", "diameter", "r_length_1", "r_length_2", "space_constant"} {
			ns.variable(n, dimMeter, expr.Float, false)
		}
		ns.variable("area", m2, expr.Float, false)
		ns.variable("volume", m2.Mul(dimMeter), expr.Float, false)
		ns.variable("Cm", units.DimCapacitance.Div(m2), expr.Float, false)
		ns.variable("Ri", units.DimResistance.Mul(dimMeter), expr.Float, true)
		ns.variable("Ic", units.DimCurrent.Div(m2), expr.Float, false)
		ns.variable("time_constant", dimSecond, expr.Float, false)
	}
	return ns
}

// namespace returns the namespace of m: its constants and its owner's
// variables; for synapses, also the variables of the group they connect,
// with the suffixes _pre and _post and, for the postsynaptic group, without.
func (m *model) namespace(t *testing.T) testNS {
	t.Helper()
	ns := specialNS(m.owner)
	for _, c := range m.consts {
		if err := ns.constant(c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	if g, ok := m.sections["group"]; ok {
		group, err := Parse(g, NeuronGroup)
		if err != nil {
			t.Fatalf("group of %s: %s", m.name, err.(expr.ErrorList).Format(g))
		}
		for _, eq := range group.All() {
			for _, suffix := range []string{"_pre", "_post", ""} {
				ns.variable(eq.Name+suffix, eq.Dim, eq.Type, eq.Has(FlagShared))
			}
		}
	}
	return ns
}
