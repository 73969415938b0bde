package eqs

import (
	"slices"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

// wantEq describes an expected equation: its canonical line and where its
// name is.
type wantEq struct {
	line string // Equation.String()
	pos  int    // offset of the name
}

func TestParseForms(t *testing.T) {
	tests := []struct {
		name  string
		owner Owner
		src   string
		want  []wantEq
	}{
		{"differential equation", NeuronGroup, "dv/dt = -v/tau : volt", []wantEq{{"dv/dt = -v / tau : volt", 1}}},
		{"blanks in d/dt", NeuronGroup, "d v / dt = -v/tau : volt", []wantEq{{"dv/dt = -v / tau : volt", 2}}},
		{"no blanks", NeuronGroup, "dv/dt=-v/tau:volt", []wantEq{{"dv/dt = -v / tau : volt", 1}}},
		{"subexpression", NeuronGroup, "I = g*(E - v) : amp", []wantEq{{"I = g * (E - v) : amp", 0}}},
		{"parameter", NeuronGroup, "g : siemens", []wantEq{{"g : siemens", 0}}},
		{"dimensionless", NeuronGroup, "  m : 1", []wantEq{{"m : 1", 2}}},
		{"radian is dimensionless", NeuronGroup, "phase : radian", []wantEq{{"phase : 1", 0}}},
		{"boolean", NeuronGroup, "active : boolean", []wantEq{{"active : boolean", 0}}},
		{"integer", NeuronGroup, "count : integer (constant)", []wantEq{{"count : integer (constant)", 0}}},
		{"integer subexpression", NeuronGroup, "k = int(v/mV) : integer", []wantEq{{"k = int(v / mV) : integer", 0}}},
		{"boolean subexpression", NeuronGroup, "up = v > 0*mV : boolean", []wantEq{{"up = v > 0 * mV : boolean", 0}}},
		{"density", SpatialNeuron, "Im = gL*(EL - v) : amp/meter**2\ngL : siemens/meter**2\nEL : volt",
			[]wantEq{{"Im = gL * (EL - v) : amp/meter**2", 0}, {"gL : siemens/meter**2", 32}, {"EL : volt", 54}}},
		{"unit aliases", NeuronGroup, "r : Hz\nc : mM\nm : kgram\nl : metre", []wantEq{
			{"r : hertz", 0}, {"c : mmolar", 7}, {"m : kilogram", 14}, {"l : meter", 24}}},
		{"noise unit", NeuronGroup, "s : second**-0.5", []wantEq{{"s : second**-0.5", 0}}},
		{"product unit", NeuronGroup, "x : 1/(1)*volt/second/meter", nil}, // parentheses end the unit
		{"unit in pieces", NeuronGroup, "k : meter*kilogram/second**4/amp", []wantEq{{"k : meter*kilogram/second**4/amp", 0}}},
		{"1/unit", NeuronGroup, "r : 1/second", []wantEq{{"r : hertz", 0}}},
		{"unit over lines", NeuronGroup, "x\n:\nvolt", []wantEq{{"x : volt", 0}}},
		{"flags", NeuronGroup, "dv/dt = -v/tau : volt (unless refractory)", []wantEq{{"dv/dt = -v / tau : volt (unless refractory)", 1}}},
		{"several flags", NeuronGroup, "g : siemens (constant, shared)", []wantEq{{"g : siemens (constant, shared)", 0}}},
		{"flags over lines", NeuronGroup, "g : siemens (constant,\n  shared)", []wantEq{{"g : siemens (constant, shared)", 0}}},
		{"flags on the next line", NeuronGroup, "g : siemens\n(constant)", []wantEq{{"g : siemens (constant)", 0}}},
		{"flag with trailing blank", NeuronGroup, "g : siemens (constant )", []wantEq{{"g : siemens (constant)", 0}}},
		{"linked", NeuronGroup, "v_other : volt (linked)", []wantEq{{"v_other : volt (linked)", 0}}},
		{"constant over dt", NeuronGroup, "n = randn() : 1 (constant over dt)", []wantEq{{"n = randn() : 1 (constant over dt)", 0}}},
		{"shared subexpression", NeuronGroup, "s = t/second : 1 (shared)", []wantEq{{"s = t / second : 1 (shared)", 0}}},
		{"event-driven", Synapses, "dApre/dt = -Apre/taupre : 1 (event-driven)", []wantEq{{"dApre/dt = -Apre / taupre : 1 (event-driven)", 1}}},
		{"clock-driven", Synapses, "dg/dt = -g/tau : 1 (clock-driven)", []wantEq{{"dg/dt = -g / tau : 1 (clock-driven)", 1}}},
		{"summed", Synapses, "I_post = w*s : amp (summed)\nw : siemens\ns : volt", []wantEq{
			{"I_post = w * s : amp (summed)", 0}, {"w : siemens", 28}, {"s : volt", 40}}},
		{"point current", SpatialNeuron, "Im = 0*amp/meter**2 : amp/meter**2\nI : amp (point current)", []wantEq{
			{"Im = 0 * amp / meter ** 2 : amp/meter**2", 0}, {"I : amp (point current)", 35}}},
		{"comments and blank lines", NeuronGroup, "# a model\n\ndv/dt = -v/tau : volt  # the membrane\n\n# done\n",
			[]wantEq{{"dv/dt = -v / tau : volt", 12}}},
		{"multi-line right-hand side", NeuronGroup, "dv/dt = (a +\n   b) : 1\n", []wantEq{{"dv/dt = (a + b) : 1", 1}}},
		{"continuation without parentheses", NeuronGroup, "dv/dt = a\n   + b : 1\n", []wantEq{{"dv/dt = a + b : 1", 1}}},
		{"comment inside a right-hand side", NeuronGroup, "dv/dt = a  # first\n  # more\n   + b : 1", []wantEq{{"dv/dt = a + b : 1", 1}}},
		{"right-hand side on the next line", NeuronGroup, "x =\n  a + b : 1", []wantEq{{"x = a + b : 1", 0}}},
		{"two equations on a line after flags", NeuronGroup, "x : 1 (constant) y : 1", []wantEq{{"x : 1 (constant)", 0}, {"y : 1", 17}}},
		{"names like d", NeuronGroup, "d : 1\ndd = d : 1\ndt_x : 1", []wantEq{{"d : 1", 0}, {"dd = d : 1", 6}, {"dt_x : 1", 17}}},
		{"CRLF", NeuronGroup, "dv/dt = -v/tau : volt\r\nw : 1\r\n", []wantEq{{"dv/dt = -v / tau : volt", 1}, {"w : 1", 23}}},
		{"empty", NeuronGroup, "  \n# nothing\n", []wantEq{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Parse(tt.src, tt.owner)
			if tt.want == nil {
				if err == nil {
					t.Fatalf("parsed %q as\n%s", tt.src, e)
				}
				return
			}
			if err != nil {
				t.Fatalf("%q:\n%s", tt.src, err.(expr.ErrorList).Format(tt.src))
			}
			all := e.All()
			if len(all) != len(tt.want) {
				t.Fatalf("got %d equations:\n%s", len(all), e)
			}
			for i, w := range tt.want {
				if s := all[i].String(); s != w.line {
					t.Errorf("equation %d is %q, want %q", i, s, w.line)
				}
				if int(all[i].Pos) != w.pos || tt.src[w.pos:w.pos+len(all[i].Name)] != all[i].Name {
					t.Errorf("%s at %d, want %d", all[i].Name, all[i].Pos, w.pos)
				}
			}
		})
	}
}

func TestEquationFields(t *testing.T) {
	src := "dv/dt = (I - v)/tau : volt (unless refractory)\nI = g*(E - v) : amp\ng : siemens (constant, shared)\nn : integer\nb : boolean"
	e, err := Parse(src, NeuronGroup)
	if err != nil {
		t.Fatal(err)
	}
	v := e.Get("v")
	if v.Kind != Differential || v.Start != 0 || v.Pos != 1 || v.Unit != "volt" || int(v.UnitPos) != strings.Index(src, "volt") {
		t.Errorf("v: %+v", v)
	}
	if v.RHS.Pos() != 8 || v.RHS.End() != 19 || src[v.RHS.Pos():v.RHS.End()] != "(I - v)/tau" {
		t.Errorf("right-hand side of v at %d..%d", v.RHS.Pos(), v.RHS.End())
	}
	if !v.Has(FlagUnlessRefractory) || v.Has(FlagConstant) {
		t.Errorf("flags of v: %q", v.Flags)
	}
	g := e.Get("g")
	if g.Kind != Parameter || g.RHS != nil || !slices.Equal(g.Flags, []string{"constant", "shared"}) ||
		src[g.FlagPos[1]:g.FlagPos[1]+6] != "shared" {
		t.Errorf("g: %+v", g)
	}
	if n := e.Get("n"); n.Type != expr.Integer || !n.Dim.IsDimensionless() {
		t.Errorf("n: %+v", n)
	}
	if b := e.Get("b"); b.Type != expr.Boolean {
		t.Errorf("b: %+v", b)
	}
	if e.Get("nothing") != nil {
		t.Error("Get of an unknown name")
	}
	lists := []struct {
		got, want []string
	}{
		{e.Names(), []string{"v", "I", "g", "n", "b"}},
		{e.Differential(), []string{"v"}},
		{e.Subexpressions(), []string{"I"}},
		{e.Parameters(), []string{"g", "n", "b"}},
		{e.StateVariables(), []string{"v", "g", "n", "b"}},
		{e.UnlessRefractory(), []string{"v"}},
		{e.Shared(), []string{"g"}},
		{e.Linked(), nil},
		{e.WithFlag(FlagConstant), []string{"g"}},
		{e.Identifiers(), []string{"tau", "E"}},
	}
	for i, l := range lists {
		if !slices.Equal(l.got, l.want) {
			t.Errorf("list %d: %q, want %q", i, l.got, l.want)
		}
	}
	if e.Len() != 5 || e.Owner() != NeuronGroup || e.Source() != src {
		t.Error("Len, Owner or Source")
	}
}

func TestNoise(t *testing.T) {
	e, err := Parse("dv/dt = -v/tau + sigma*xi_1/sqrt(tau) + xi_2*mV/sqrt(tau) : volt\ndw/dt = xi/sqrt(second) : 1", NeuronGroup)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.StochasticVariables(); !slices.Equal(got, []string{"xi_1", "xi_2", "xi"}) {
		t.Errorf("stochastic variables %q", got)
	}
	if !e.IsStochastic() {
		t.Error("not stochastic")
	}
	if got := e.Identifiers(); !slices.Equal(got, []string{"tau", "sigma", "mV", "second"}) {
		t.Errorf("identifiers %q", got)
	}
	if got := e.Functions(); !slices.Equal(got, []string{"sqrt"}) {
		t.Errorf("functions %q", got)
	}
}

func TestKindAndOwnerNames(t *testing.T) {
	if Differential.String() != "differential equation" || Subexpression.String() != "subexpression" ||
		Parameter.String() != "parameter" || Kind(9).String() != "unknown kind" {
		t.Error("Kind.String")
	}
	if NeuronGroup.String() != "NeuronGroup" || Synapses.String() != "Synapses" ||
		SpatialNeuron.String() != "SpatialNeuron" || Owner(9).String() != "unknown owner" {
		t.Error("Owner.String")
	}
}
