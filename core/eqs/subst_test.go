package eqs

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

func mustParse(t *testing.T, src string, owner Owner) *Equations {
	t.Helper()
	e, err := Parse(src, owner)
	if err != nil {
		t.Fatalf("%q:\n%s", src, err.(expr.ErrorList).Format(src))
	}
	return e
}

func TestSubstituted(t *testing.T) {
	src := `dv/dt = (I - v)/tau : volt
I = g*(E - v)*m : amp
dm/dt = (minf - m)/tau : 1
minf = 1/(1 + exp(-u)) : 1
u = v/mV : 1
g : siemens`
	e := mustParse(t, src, NeuronGroup)
	subst, err := e.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	var names []string
	for _, d := range subst {
		got[d.Name] = expr.String(d.RHS)
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"v", "m"}) {
		t.Errorf("substituted %q", names)
	}
	// Parentheses keep the precedence: I - v becomes (g*(E - v)*m) - v,
	// and 1 + exp(-u) becomes 1 + exp(-(v/mV)).
	if s := got["v"]; s != "((g * (E - v) * m) - v) / tau" {
		t.Errorf("dv/dt = %s", s)
	}
	if s := got["m"]; s != "((1 / (1 + exp(-(v / mV)))) - m) / tau" {
		t.Errorf("dm/dt = %s", s)
	}
	// The substituted node is a Paren whose span is the name it replaces,
	// and whose contents point into the definition.
	b := subst[0].RHS.(*expr.Binary)
	inner := expr.Unparen(b.X).(*expr.Binary).X.(*expr.Paren)
	if src[inner.Pos():inner.End()] != "I" {
		t.Errorf("parentheses span %q", src[inner.Pos():inner.End()])
	}
	if x := inner.X; src[x.Pos():x.End()] != "g*(E - v)*m" {
		t.Errorf("substituted expression at %q", src[x.Pos():x.End()])
	}
	if order := e.SubexpressionOrder(); !slices.Equal(order, []string{"I", "u", "minf"}) {
		t.Errorf("subexpression order %q", order)
	}
}

// TestSubstitutedCopies checks that the expanded trees share no node with
// the equations or with each other.
func TestSubstitutedCopies(t *testing.T) {
	e := mustParse(t, "dv/dt = a + a : 1\ndw/dt = a : 1\na = b*2 : 1\nb = exp(v) : 1", NeuronGroup)
	seen := map[expr.Node]string{}
	record := func(owner string, x expr.Expr) {
		expr.Inspect(x, func(n expr.Node) bool {
			if prev, ok := seen[n]; ok {
				t.Errorf("node %s shared by %s and %s", expr.String(n), prev, owner)
			}
			seen[n] = owner
			return true
		})
	}
	for _, eq := range e.All() {
		if eq.RHS != nil {
			record("equation "+eq.Name, eq.RHS)
		}
	}
	subst, err := e.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range subst {
		record("substituted "+d.Name, d.RHS)
	}
	x, err := e.Expand(e.Get("v").RHS)
	if err != nil {
		t.Fatal(err)
	}
	record("expanded", x)
	before := e.String()
	// Changing the expansion leaves the equations alone.
	expr.Inspect(subst[0].RHS, func(n expr.Node) bool {
		if nm, ok := n.(*expr.Name); ok {
			nm.Name = "changed"
		}
		return true
	})
	if e.String() != before {
		t.Errorf("equations changed:\n%s", e)
	}
	if s := expr.String(subst[1].RHS); s != "((exp(v)) * 2)" {
		t.Errorf("dw/dt = %s", s)
	}
}

func TestExpand(t *testing.T) {
	e := mustParse(t, "dv/dt = -v/tau : volt\nvt = v0 + 2*mV*sin(t/ms) : volt\nv0 : volt", NeuronGroup)
	cond, err := expr.ParseExpr("v > vt and not (v > 2*vt)")
	if err != nil {
		t.Fatal(err)
	}
	x, err := e.Expand(cond)
	if err != nil {
		t.Fatal(err)
	}
	if s := expr.String(x); s != "v > (v0 + 2 * mV * sin(t / ms)) and not (v > 2 * (v0 + 2 * mV * sin(t / ms)))" {
		t.Errorf("expanded: %s", s)
	}
	if expr.String(cond) != "v > vt and not (v > 2 * vt)" {
		t.Errorf("Expand changed its argument: %s", cond)
	}
}

// TestStoredSubexpressions checks that constant-over-dt subexpressions and
// summed variables are not substituted.
func TestStoredSubexpressions(t *testing.T) {
	src := `dv/dt = (El - v + noise)/tau : volt
noise = sigma*sqrt(tau)*drive/tau : volt
drive = scale*z : 1 (constant over dt)
scale = 1 + late : 1
late = lag*2 : 1 (constant over dt)
lag = 0.5*randn() : 1 (constant over dt)
z = 3 : 1 (constant over dt)`
	e := mustParse(t, src, NeuronGroup)
	subst, err := e.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	if s := expr.String(subst[0].RHS); s != "(El - v + (sigma * sqrt(tau) * drive / tau)) / tau" {
		t.Errorf("dv/dt = %s", s)
	}
	cod, err := e.ConstantOverDt()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range cod {
		got = append(got, d.Name+" = "+expr.String(d.RHS))
	}
	// drive uses late through scale, so late comes first; lag before late.
	want := []string{"lag = 0.5 * randn()", "late = lag * 2", "z = 3", "drive = (1 + late) * z"}
	if !slices.Equal(got, want) {
		t.Errorf("constant over dt:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	syn := mustParse(t, "dg/dt = -g/tau + I_post/nA/tau : 1 (clock-driven)\nI_post = g*nA : amp (summed)", Synapses)
	subst, err = syn.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	if s := expr.String(subst[0].RHS); s != "-g / tau + I_post / nA / tau" {
		t.Errorf("dg/dt = %s", s)
	}
	if ids := syn.Identifiers(); !slices.Equal(ids, []string{"tau", "I_post", "nA"}) {
		t.Errorf("identifiers %q", ids)
	}
}

// TestExpandedSize checks that subexpressions that double at each level
// give an error, not an exponential expression.
func TestExpandedSize(t *testing.T) {
	var b strings.Builder
	b.WriteString("dv/dt = a40/second : 1\na0 = v : 1\n")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&b, "a%d = a%d + a%d : 1\n", i, i-1, i-1)
	}
	src := b.String()
	e := mustParse(t, src, NeuronGroup)
	_, err := e.Substituted()
	if err == nil {
		t.Fatal("no error")
	}
	l := err.(expr.ErrorList)
	if len(l) != 1 || !strings.Contains(l[0].Msg, "more than 100000 operations") || int(l[0].Pos) != strings.Index(src, "a40/second") {
		t.Errorf("error: %s", l.Format(src))
	}
	// A dozen levels are fine.
	small := mustParse(t, strings.Replace(strings.SplitAfter(src, "a12 = a11 + a11 : 1\n")[0], "a40", "a12", 1), NeuronGroup)
	subst, err := small.Substituted()
	if err != nil {
		t.Fatal(err)
	}
	if n := size(subst[0].RHS); n < 4096 {
		t.Errorf("expanded to %d nodes", n)
	}
}

// size counts the nodes of x.
func size(x expr.Expr) int {
	n := 0
	expr.Inspect(x, func(expr.Node) bool { n++; return true })
	return n
}
