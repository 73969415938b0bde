package eqs

import (
	"os"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// FuzzParse feeds arbitrary strings to Parse for every owner. It must not
// panic or hang; every error must be one line with a position inside the
// input; and equations that parse must print in a canonical form that
// parses back to the same form. Checking and substituting them must not
// panic either, and must only produce positions inside the input.
func FuzzParse(f *testing.F) {
	for _, path := range []string{"cuba", "cobahh", "rothman_manis_2003", "stdp", "gapjunctions", "hh_with_spikes", "constant_over_dt"} {
		data, err := os.ReadFile("testdata/models/" + path + ".eqs")
		if err != nil {
			f.Fatal(err)
		}
		if _, eqs, ok := strings.Cut(string(data), "--- equations\n"); ok {
			f.Add(eqs)
		}
	}
	if data, err := os.ReadFile("testdata/errors.txt"); err == nil {
		for _, c := range strings.Split(string(data), "\n=== ") {
			if _, body, ok := strings.Cut(c, "\n"); ok {
				f.Add(body)
			}
		}
	}
	for _, s := range []string{
		"", "x", "x :", "x = ", "dv/dt", "d v / dt = -v/tau : volt", "x : 1 (", "x : 1 (a,",
		"x = a\n\n+ b : 1", "x = (a\n# c\n+ b) : 1", "x : volt y : volt", "a = b : 1\nb = a : 1",
		"x : meter**0.5*second**-1.5", "x : 1/1/second", "dv/dt = xi*second**-0.5 : 1",
		"x = a : 1 (summed)\ny : 1 (linked)", "\xff : 1", "x : \xc3\xa9", "x = a\r\n+ b : 1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		for _, owner := range []Owner{NeuronGroup, Synapses, SpatialNeuron} {
			e, err := Parse(src, owner)
			if err != nil {
				checkErrors(t, src, err)
				continue
			}
			canon := e.String()
			again, err := Parse(canon, owner)
			if err != nil {
				t.Fatalf("%s: canonical form %q of %q does not parse: %v", owner, canon, src, err)
			}
			if s := again.String(); s != canon {
				t.Fatalf("%s: canonical form changes: %q, then %q", owner, canon, s)
			}
			if err := e.Check(anything); err != nil {
				checkErrors(t, src, err)
			}
			subst, err := e.Substituted()
			if err != nil {
				checkErrors(t, src, err)
			}
			for _, d := range subst {
				checkPositions(t, src, d.RHS)
			}
			cod, err := e.ConstantOverDt()
			if err != nil {
				checkErrors(t, src, err)
			}
			for _, d := range cod {
				checkPositions(t, src, d.RHS)
			}
			if n := len(e.SubexpressionOrder()); n != len(e.Subexpressions()) {
				t.Fatalf("%d subexpressions in order, %d in all", n, len(e.Subexpressions()))
			}
			_ = e.Identifiers()
			_ = e.StochasticVariables()
		}
	})
}

// anything resolves every name that is not a unit or a constant as a
// dimensionless variable. (Unknown names are slow: the checker looks for
// similar unit names to suggest.)
func anything(name string) (expr.Symbol, bool) {
	if _, ok := units.Lookup(name); ok || name == "pi" || name == "e" || name == "inf" || name == "True" || name == "False" {
		return expr.Symbol{}, false
	}
	return expr.Symbol{}, true
}

func checkErrors(t *testing.T, src string, err error) {
	t.Helper()
	l, ok := err.(expr.ErrorList)
	if !ok || len(l) == 0 {
		t.Fatalf("error %v (%T) is not a non-empty expr.ErrorList", err, err)
	}
	for _, e := range l {
		if e.Pos < 0 || int(e.Pos) > len(src) {
			t.Fatalf("error %q at %d, outside the input of %d bytes", e.Msg, e.Pos, len(src))
		}
		if e.Msg == "" || strings.Contains(e.Msg, "\n") {
			t.Fatalf("bad message %q", e.Msg)
		}
	}
}

func checkPositions(t *testing.T, src string, x expr.Expr) {
	t.Helper()
	expr.Inspect(x, func(n expr.Node) bool {
		if n.Pos() < 0 || int(n.End()) > len(src) {
			t.Fatalf("node %s at %d..%d, outside the input of %d bytes", expr.String(n), n.Pos(), n.End(), len(src))
		}
		return true
	})
}
