package eqs

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

var update = flag.Bool("update", false, "rewrite golden files")

// describeModel writes what the package makes of equations: the canonical
// form, the orders, the substituted equations and the names used.
func describeModel(t *testing.T, e *Equations) string {
	t.Helper()
	var b strings.Builder
	section := func(title string, lines ...string) {
		b.WriteString("# " + title + "\n")
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		b.WriteString("\n")
	}
	section("equations", e.String())
	section("state variables", strings.Join(e.StateVariables(), ", "))
	section("subexpressions in dependency order", strings.Join(e.SubexpressionOrder(), ", "))
	subst, err := e.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, d := range subst {
		lines = append(lines, "d"+d.Name+"/dt = "+expr.String(d.RHS))
	}
	section("substituted", lines...)
	cod, err := e.ConstantOverDt()
	if err != nil {
		t.Fatal(err)
	}
	lines = nil
	for _, d := range cod {
		lines = append(lines, d.Name+" = "+expr.String(d.RHS))
	}
	section("constant over dt", lines...)
	section("identifiers", strings.Join(e.Identifiers(), ", "))
	section("functions", strings.Join(e.Functions(), ", "))
	section("stochastic variables", strings.Join(e.StochasticVariables(), ", "))
	return strings.TrimSuffix(b.String(), "\n")
}

// TestGolden checks the canonical form of every model of testdata/models
// against testdata/golden; go test -update rewrites the golden files.
func TestGolden(t *testing.T) {
	for _, path := range modelFiles(t) {
		m := readModel(t, path)
		t.Run(m.name, func(t *testing.T) {
			src := m.sections["equations"]
			e, err := Parse(src, m.owner)
			if err != nil {
				t.Fatalf("Parse:\n%s", err.(expr.ErrorList).Format(src))
			}
			got := describeModel(t, e)
			golden := filepath.Join("testdata", "golden", m.name+".golden")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got != string(want) {
				t.Errorf("golden file %s differs; got:\n%s", golden, got)
			}

			// The canonical form parses back to the same equations.
			again, err := Parse(e.String(), m.owner)
			if err != nil {
				t.Fatalf("canonical form does not parse:\n%s", err.(expr.ErrorList).Format(e.String()))
			}
			if err := again.Check(m.namespace(t).lookup); err != nil {
				t.Fatalf("canonical form does not check:\n%s", err.(expr.ErrorList).Format(e.String()))
			}
			if g := describeModel(t, again); g != got {
				t.Errorf("canonical form reads differently:\n%s", g)
			}
		})
	}
}
