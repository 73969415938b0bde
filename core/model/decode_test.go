package model

import (
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

func load(t *testing.T, name string) *File {
	t.Helper()
	f, err := LoadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return f
}

func near(a, b float64) bool {
	return a == b || math.Abs(a-b) <= 1e-12*math.Max(math.Abs(a), math.Abs(b))
}

// wantQ checks a constant quantity: its value in SI units and dimension.
func wantQ(t *testing.T, what string, q Quantity, v float64, d units.Dim) {
	t.Helper()
	if !q.Const {
		t.Errorf("%s = %q: not a constant", what, q.Src.Text)
		return
	}
	if !near(q.Value.Value, v) || q.Value.Dim != d {
		t.Errorf("%s = %v (%s), want %g %s", what, q.Value, q.Value.Dim, v, d)
	}
}

func wantText(t *testing.T, what string, s String, text string) {
	t.Helper()
	if !s.IsSet() {
		t.Errorf("%s is not set, want %q", what, text)
		return
	}
	if s.Text != text {
		t.Errorf("%s = %q, want %q", what, s.Text, text)
	}
}

func entries(es []Entry) string {
	var parts []string
	for _, e := range es {
		parts = append(parts, e.Name+"="+e.Value.Text)
	}
	return strings.Join(parts, "; ")
}

var (
	ms   = 1e-3
	mV   = 1e-3
	um   = 1e-6
	volt = units.DimVoltage
	sec  = units.DimTime
)

// TestFull decodes the model that uses every key of the format.
func TestFull(t *testing.T) {
	f := load(t, "full.toml")

	wantText(t, "model.name", f.Model.Name, "Full")
	wantText(t, "model.description", f.Model.Description, "Every key of CONTRACT.md")
	wantQ(t, "run.dt", f.Run.Dt, 0.1*ms, sec)
	wantQ(t, "run.duration", f.Run.Duration, 1, sec)
	if f.Run.Seed.Value != 1 || !f.Run.Seed.IsSet() {
		t.Errorf("seed = %+v", f.Run.Seed)
	}

	// Constants, in file order, with their values and kinds.
	var names []string
	for _, c := range f.Constants {
		names = append(names, c.Name)
	}
	if got := strings.Join(names, " "); got != "taum taue taui Vt Vr El we wi N Ne gmax plastic" {
		t.Errorf("constants %s", got)
	}
	for _, c := range []struct {
		name string
		v    float64
		d    units.Dim
		kind expr.Kind
	}{
		{"taum", 20 * ms, sec, expr.Float},
		{"we", 60 * 0.27 / 10 * mV, volt, expr.Float},
		{"wi", -20 * 4.5 / 10 * mV, volt, expr.Float},
		{"N", 4000, units.Dimensionless, expr.Integer},
		{"Ne", 3200, units.Dimensionless, expr.Float},
		{"gmax", 0.01, units.Dimensionless, expr.Float},
		{"plastic", 1, units.Dimensionless, expr.Boolean},
	} {
		k, ok := f.Constant(c.name)
		if !ok {
			t.Errorf("no constant %s", c.name)
			continue
		}
		if !near(k.Value.Value, c.v) || k.Value.Dim != c.d || k.Kind != c.kind {
			t.Errorf("%s = %v %s %s, want %g %s %s", c.name, k.Value, k.Value.Dim, k.Kind, c.v, c.d, c.kind)
		}
	}

	// Timed arrays.
	ta := f.TimedArrays[0]
	wantText(t, "timed_array name", ta.Name, "stim_current")
	if !reflect.DeepEqual(ta.Values, [][]float64{{0}, {0.5}, {1}, {0.5}}) || ta.TwoD {
		t.Errorf("timed array values %v 2-D %v", ta.Values, ta.TwoD)
	}
	wantQ(t, "timed_array unit", ta.Unit, 1e-9, units.DimCurrent)
	wantQ(t, "timed_array dt", ta.Dt, 10*ms, sec)
	ta2 := f.TimedArrays[1]
	if !reflect.DeepEqual(ta2.Values, [][]float64{{0, 1}, {2, 3}}) || !ta2.TwoD || ta2.Unit.IsSet() {
		t.Errorf("2-D timed array %v %v %v", ta2.Values, ta2.TwoD, ta2.Unit)
	}
	if sig := ta2.Sig(); len(sig.Args) != 2 || sig.Result != units.Dimensionless {
		t.Errorf("2-D timed array signature %+v", sig)
	}

	// Neurons.
	p := f.Neurons[0]
	wantText(t, "neurons name", p.Name, "P")
	if p.N.Value != 4000 || p.N.Src.Text != "N" {
		t.Errorf("N = %+v", p.N)
	}
	if !strings.HasPrefix(p.Model.Text, "dv/dt  = (ge+gi-(v-El))/taum") || strings.HasPrefix(p.Model.Text, "\n") {
		t.Errorf("model %q", p.Model.Text)
	}
	wantText(t, "threshold", p.Threshold, "v>Vt")
	wantText(t, "reset", p.Reset, "v = Vr")
	wantQ(t, "refractory", p.Refractory, 5*ms, sec)
	wantText(t, "method", p.Method, "exact")
	if got := entries(p.Events); got != "burst=v > -40*mV" {
		t.Errorf("events %s", got)
	}
	if got := entries(p.Init); got != "v=Vr + rand()*(Vt - Vr); ge=0" {
		t.Errorf("init %s", got)
	}
	if !p.Init[1].Value.FromNumber {
		t.Errorf("ge = 0 is not marked as a number")
	}
	if len(p.Linked) != 1 || p.Linked[0].Name != "x" || p.Linked[0].Group != "eye" || p.Linked[0].Var != "x" {
		t.Errorf("linked %+v", p.Linked)
	}
	if len(p.RunRegularly) != 1 {
		t.Fatalf("run_regularly %+v", p.RunRegularly)
	}
	wantText(t, "run_regularly code", p.RunRegularly[0].Code, "v = 0*mV")
	wantQ(t, "run_regularly dt", p.RunRegularly[0].Dt, 10*ms, sec)
	if len(p.OnEvent) != 1 {
		t.Fatalf("on_event %+v", p.OnEvent)
	}
	wantText(t, "on_event event", p.OnEvent[0].Event, "burst")
	wantText(t, "on_event code", p.OnEvent[0].Code, "v -= 1*mV")
	eye := f.Neurons[1]
	if eye.Refractory.Const || eye.Refractory.Src.Text != "v > -20*mV" {
		t.Errorf("a refractory condition: %+v", eye.Refractory)
	}

	// Poisson groups and spike generators.
	wantText(t, "poisson name", f.Poisson[0].Name, "inputs")
	if f.Poisson[0].N.Value != 1000 {
		t.Errorf("poisson N %d", f.Poisson[0].N.Value)
	}
	wantQ(t, "rates", f.Poisson[0].Rates, 15, units.DimFrequency)
	sg := f.SpikeGens[0]
	if sg.N.Value != 3 || !reflect.DeepEqual(sg.Indices, []int{0, 1, 2}) || !reflect.DeepEqual(sg.Times, []float64{10, 20, 30}) {
		t.Errorf("spikegen %+v", sg)
	}
	wantQ(t, "time_unit", sg.TimeUnit, ms, sec)
	wantQ(t, "period", sg.Period, 0, sec)

	// Synapses.
	ce := f.Synapses[0]
	wantText(t, "synapses name", ce.Name, "Ce")
	if r := ce.Source; r.Name != "P" || !r.Slice || r.Start != 0 || r.Stop != 3200 {
		t.Errorf("source %+v", r)
	}
	if r := ce.Target; r.Name != "P" || r.Slice {
		t.Errorf("target %+v", r)
	}
	wantText(t, "synapses model", ce.Model, "w : volt")
	if got := entries(ce.OnPre); got != "pre=ge += we" {
		t.Errorf("on_pre %s", got)
	}
	if got := entries(ce.OnPost); got != "post=" {
		t.Errorf("on_post %s", got)
	}
	wantQ(t, "delay", ce.Delay, 0, sec)
	wantText(t, "synapses method", ce.Method, "exact")
	if len(ce.Connect) != 3 {
		t.Fatalf("connect %+v", ce.Connect)
	}
	c0, c1, c2 := ce.Connect[0], ce.Connect[1], ce.Connect[2]
	wantQ(t, "p", c0.P, 0.02, units.Dimensionless)
	wantText(t, "condition", c0.Condition, "i != j")
	if !c0.SkipIfInvalid || c0.I.IsSet() || c0.J.IsSet() {
		t.Errorf("connect 0 %+v", c0)
	}
	if !reflect.DeepEqual(c1.I.List, []int{0, 1}) || !reflect.DeepEqual(c1.J.List, []int{1, 2}) {
		t.Errorf("connect 1 i %v j %v", c1.I.List, c1.J.List)
	}
	wantText(t, "j generator", c2.J.Code, "k for k in range(i-3, i+4) if k != i")
	if c2.J.List != nil {
		t.Errorf("j generator has a list %v", c2.J.List)
	}
	wantQ(t, "n", c2.N, 2, units.Dimensionless)
	if got := entries(ce.Init); got != "w=rand()*gmax*mV; delay=rand()*5*ms" {
		t.Errorf("synapses init %s", got)
	}
	ci := f.Synapses[1]
	if r := ci.Source; !r.Slice || r.Start != 3200 || r.Stop != 4000 {
		t.Errorf("P[Ne:] = %+v", r)
	}
	if got := entries(ci.OnPre); got != "pre=gi += wi; pre2=v -= 0.1*mV" {
		t.Errorf("pathways %s", got)
	}

	// Poisson input.
	pi := f.PoissonInputs[0]
	if pi.Target.Name != "P" || pi.TargetVar.Text != "v" || pi.N.Value != 1000 {
		t.Errorf("poisson_input %+v", pi)
	}
	wantQ(t, "rate", pi.Rate, 1, units.DimFrequency)
	wantQ(t, "weight", pi.Weight, 0.1*mV, volt)

	// Spatial neurons.
	cell := f.Spatial[0]
	wantText(t, "swc", cell.SWC, "cell.swc")
	wantQ(t, "Cm", cell.Cm, 0.01, cmSpec.dim)
	wantQ(t, "Ri", cell.Ri, 1.5, riSpec.dim)
	wantText(t, "spatial method", cell.Method, "exponential_euler")
	if !strings.Contains(cell.Model.Text, "I : amp (point current)") {
		t.Errorf("spatial model %q", cell.Model.Text)
	}
	ball := f.Spatial[1]
	wantText(t, "spatial threshold", ball.Threshold, "v > 0*mV")
	wantText(t, "spatial reset", ball.Reset, "")
	wantQ(t, "spatial refractory", ball.Refractory, 2*ms, sec)
	if len(ball.Sections) != 3 {
		t.Fatalf("sections %+v", ball.Sections)
	}
	soma, dend, axon := ball.Sections[0], ball.Sections[1], ball.Sections[2]
	wantText(t, "soma type", soma.Type, "soma")
	if soma.Parent.IsSet() || soma.N.IsSet() || len(soma.Diameter.Values) != 1 || soma.Diameter.Array {
		t.Errorf("soma %+v", soma)
	}
	wantQ(t, "soma diameter", soma.Diameter.Values[0], 30*um, units.DimLength)
	wantText(t, "dend parent", dend.Parent, "soma")
	if dend.N.Value != 100 {
		t.Errorf("dend n %d", dend.N.Value)
	}
	wantQ(t, "dend length", dend.Length.Values[0], 1000*um, units.DimLength)
	if !axon.Diameter.Array || len(axon.Diameter.Values) != 3 || len(axon.X.Values) != 3 || len(axon.Z.Values) != 3 {
		t.Errorf("axon %+v", axon)
	}
	wantQ(t, "axon z[2]", axon.Z.Values[2], 5*um, units.DimLength)
	if got := entries(ball.Init); got != "v=EL" {
		t.Errorf("spatial init %s", got)
	}
	if len(ball.Set) != 2 {
		t.Fatalf("set %+v", ball.Set)
	}
	wantText(t, "set var", ball.Set[0].Var, "gL")
	wantText(t, "set value", ball.Set[0].Value, "1e-4*siemens/cm**2")
	wantText(t, "set where", ball.Set[0].Where, "distance > 100*um")
	wantText(t, "set section", ball.Set[1].Section, "soma")
	if !ball.Set[1].Index.IsSet() || ball.Set[1].Index.Value != 0 || ball.Set[0].Index.IsSet() {
		t.Errorf("set index %+v %+v", ball.Set[0].Index, ball.Set[1].Index)
	}

	// Monitors.
	if len(f.Monitors) != 5 {
		t.Fatalf("monitors %d", len(f.Monitors))
	}
	tr := f.Monitors[1]
	if tr.Type.Text != "state" || len(tr.Variables) != 2 || tr.Variables[1].Text != "ge" {
		t.Errorf("state monitor %+v", tr)
	}
	if !reflect.DeepEqual(tr.Record.Indices, []int{0, 10}) || tr.Record.All {
		t.Errorf("record %+v", tr.Record)
	}
	wantQ(t, "monitor dt", tr.Dt, 0.1*ms, sec)
	wantText(t, "event", f.Monitors[3].Event, "burst")
	syn := f.Monitors[4]
	if syn.Source.Name != "Ce" || !syn.Record.All || len(syn.Variables) != 1 || syn.Variables[0].Text != "w" {
		t.Errorf("synapse monitor %+v", syn)
	}
	if f.Monitors[0].Record.IsSet() {
		t.Errorf("spike monitor has record %+v", f.Monitors[0].Record)
	}

	// Plots, controls, schedule.
	var types []string
	for _, p := range f.Plots {
		types = append(types, p.Type.Text)
	}
	if got := strings.Join(types, " "); got != "raster trace rate xy morphology" {
		t.Errorf("plots %s", got)
	}
	wantText(t, "plot title", f.Plots[0].Title, "Spikes")
	wantText(t, "plot x", f.Plots[3].X, "v")
	wantText(t, "plot y", f.Plots[3].Y, "ge")
	wantText(t, "plot source", f.Plots[4].Source, "ball")
	we := f.Controls[0]
	if we.Group != "" || we.Var != "we" {
		t.Errorf("control %+v", we)
	}
	wantQ(t, "min", we.Min, 0, volt)
	wantQ(t, "max", we.Max, 5*mV, volt)
	wantQ(t, "step", we.Step, 0.1*mV, volt)
	wantText(t, "label", we.Label, "excitatory weight")
	if c := f.Controls[1]; c.Group != "P" || c.Var != "v" {
		t.Errorf("control %+v", c)
	}
	if len(f.Schedule) != 3 {
		t.Fatalf("schedule %+v", f.Schedule)
	}
	wantQ(t, "run", f.Schedule[0].Run, 100*ms, sec)
	set := f.Schedule[1].Set
	if len(set) != 3 {
		t.Fatalf("set %+v", set)
	}
	for i, want := range []Setting{
		{Key: "P.v", Group: "P", Var: "v", Index: -1},
		{Key: "ball.I[0]", Group: "ball", Var: "I", Index: 0},
		{Key: "gmax", Var: "gmax", Index: -1},
	} {
		got := set[i]
		if got.Key != want.Key || got.Group != want.Group || got.Var != want.Var || got.Index != want.Index {
			t.Errorf("set %d = %+v, want %+v", i, got, want)
		}
	}
	wantText(t, "set value", set[0].Value, "-55*mV")
	if !set[2].Value.FromNumber || set[2].Value.Text != "0.02" {
		t.Errorf("set gmax = %+v", set[2].Value)
	}
}

// TestPositions checks positions of values, keys and tables in full.toml.
func TestPositions(t *testing.T) {
	f := load(t, "full.toml")
	for _, c := range []struct {
		got  Position
		line int
		col  int
	}{
		{f.Model.Pos, 2, 1},
		{f.Run.Dt.Src.Pos, 7, 6},
		{f.Pos("constants", "we"), 18, 6},
		{f.KeyPos("constants", "we"), 18, 1},
		{f.Neurons[0].Pos, 36, 1},
		{f.Neurons[0].Model.Pos, 39, 9},
		{f.Neurons[0].Model.At(0), 40, 1}, // after the trimmed newline
		{f.Neurons[0].Model.At(len("dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)\n")), 41, 1},
		{f.Neurons[0].Events[0].KeyPos, 49, 11},
		{f.Neurons[0].Events[0].Value.Pos, 49, 19},
		{f.Neurons[0].Init[1].Value.Pos, 52, 6},
		{f.Neurons[0].RunRegularly[0].Pos, 55, 1},
		{f.Pos("neurons", 0, "on_event", 0, "code"), 60, 8},
		{f.Synapses[0].Connect[1].Pos, 94, 1},
		{f.Synapses[0].Connect[1].J.Pos, 96, 5},
		{f.Pos("synapses", 0, "connect", 1, "j", 1), 96, 9},
		{f.Synapses[1].OnPre[1].KeyPos, 108, 29},
		{f.Spatial[1].Sections[2].Pos, 146, 1},
		{f.Spatial[1].Sections[2].X.Values[1].Src.Pos, 152, 14},
		{f.Schedule[1].Set[1].KeyPos, 229, 26},
		{f.PosIn("schedule[1].set.\"P.v\"", 3), 229, 20},
		{f.PosIn("neurons[0].model", 0), 40, 1},
		{f.PosIn("no.such.path", 0), 1, 1},
		{f.Pos("neurons", 0, "no", "such", "key"), 36, 1}, // the nearest ancestor
	} {
		if c.got.Line != c.line || c.got.Col != c.col || c.got.File != filepath.Join("testdata", "full.toml") {
			t.Errorf("position %v, want %d:%d", c.got, c.line, c.col)
		}
	}
	if s, ok := f.StringAt("neurons", 0, "threshold"); !ok || s.Text != "v>Vt" || s.At(2).Col != 16 {
		t.Errorf("StringAt = %+v, %v", s, ok)
	}
	if _, ok := f.StringAt("run", "seed"); ok {
		t.Errorf("StringAt of a non-string")
	}
}

// TestRealistic loads the example models and checks what matters in each.
func TestRealistic(t *testing.T) {
	t.Run("cuba", func(t *testing.T) {
		f := load(t, "cuba.toml")
		if f.Neurons[0].N.Value != 4000 {
			t.Errorf("N = %d", f.Neurons[0].N.Value)
		}
		if k, _ := f.Constant("Ni"); k.Value.Value != 800 {
			t.Errorf("Ni = %v", k.Value)
		}
		if s := f.Synapses[0].Source; s.Start != 0 || s.Stop != 3200 {
			t.Errorf("Ce source %+v", s)
		}
		if s := f.Synapses[1].Source; s.Start != 3200 || s.Stop != 4000 {
			t.Errorf("Ci source %+v", s)
		}
		wantQ(t, "p", f.Synapses[1].Connect[0].P, 0.02, units.Dimensionless)
	})
	t.Run("hh", func(t *testing.T) {
		f := load(t, "hh.toml")
		cm, _ := f.Constant("Cm")
		if !near(cm.Value.Value, 1e-2*20000e-12) || cm.Value.Dim != units.DimCapacitance {
			t.Errorf("Cm = %v", cm.Value)
		}
		n := f.Neurons[0]
		if n.Refractory.Const || n.Method.Text != "exponential_euler" {
			t.Errorf("refractory %+v", n.Refractory)
		}
		if !strings.HasPrefix(n.Model.Text, "dv/dt = (gl*(El-v)") || strings.Count(n.Model.Text, "\n") != 5 {
			t.Errorf("model %q", n.Model.Text)
		}
		c := f.Controls[0]
		if c.Group != "HH" || c.Var != "I" {
			t.Errorf("control %+v", c)
		}
		wantQ(t, "max", c.Max, 2e-9, units.DimCurrent)
		wantQ(t, "step", c.Step, 0.05e-9, units.DimCurrent)
		if !f.Monitors[0].Record.All {
			t.Errorf("record %+v", f.Monitors[0].Record)
		}
	})
	t.Run("ball_and_stick", func(t *testing.T) {
		f := load(t, "ball_and_stick.toml")
		s := f.Spatial[0]
		if s.Sections[1].N.Value != 50 {
			t.Errorf("n = %d", s.Sections[1].N.Value)
		}
		if r := f.Monitors[1].Source; r.Name != "neuron" || !r.Slice || r.Start != 0 || r.Stop != 1 {
			t.Errorf("soma monitor source %+v", r)
		}
		wantQ(t, "Ri", s.Ri, 1, riSpec.dim)
		wantQ(t, "gL max", f.Controls[0].Max, 10, units.DimConductance.Div(units.DimLength.Mul(units.DimLength)))
	})
}

// TestMultilineStringPositions is the builder's path: an error found in one
// line of the equations maps back to its line and column in the file.
func TestMultilineStringPositions(t *testing.T) {
	src := "[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"\"\"\n" +
		"dv/dt = -v/tau : volt\n" +
		"dge/dt = -ge/tau + 3*ms : volt\n" +
		"\"\"\"\n[constants]\ntau = \"5*ms\"\n"
	f, err := Load("g.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	m := f.Neurons[0].Model
	// Take the right-hand side of the second equation, as the equations
	// parser would, and check it.
	line := strings.Split(m.Text, "\n")[1]
	start := strings.Index(m.Text, line) + strings.Index(line, "=") + 1
	end := strings.Index(m.Text, line) + strings.Index(line, ":")
	rhs := m.Sub(start, end)
	x, err := expr.ParseExpr(rhs.Text)
	if err != nil {
		t.Fatal(err)
	}
	ns := func(name string) (expr.Symbol, bool) {
		if name == "ge" {
			return expr.Symbol{Dim: units.DimVoltage}, true
		}
		return f.Namespace()(name)
	}
	_, err = expr.Check(x, ns)
	errs := rhs.Errors(err)
	if len(errs) != 1 {
		t.Fatalf("errors %v", errs)
	}
	// dge/dt = -ge/tau + 3*ms : volt
	//                  ^ column 18 of line 6
	if got, want := errs.Error(), "g.toml:6:18: cannot add volt/second and second: '-ge / tau' is in volt/second but '3 * ms' is in second"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestOverride checks --set on constants and on group variables.
func TestOverride(t *testing.T) {
	f := load(t, "cuba.toml")
	if err := f.Override("N", "5000"); err != nil {
		t.Fatal(err)
	}
	if f.Neurons[0].N.Value != 5000 {
		t.Errorf("N = %d after --set N=5000", f.Neurons[0].N.Value)
	}
	if ne, _ := f.Constant("Ne"); ne.Value.Value != 4000 {
		t.Errorf("Ne = %v", ne.Value)
	}
	if s := f.Synapses[1].Source; s.Start != 4000 || s.Stop != 5000 {
		t.Errorf("Ci source after --set %+v", s)
	}
	if c, _ := f.Constant("N"); !c.Set || c.Src.Text != "5000" {
		t.Errorf("constant after --set %+v", c)
	}
	if err := f.Override("taum", "10*ms"); err != nil {
		t.Fatal(err)
	}
	if c, _ := f.Constant("taum"); !near(c.Value.Value, 0.01) {
		t.Errorf("taum = %v", c.Value)
	}
	if err := f.Override("P.I", "0.5*nA"); err != nil {
		t.Fatal(err)
	}
	if err := f.Override("P.v[3]", "-50*mV"); err != nil {
		t.Fatal(err)
	}
	if len(f.Overrides) != 2 || f.Overrides[0].Group != "P" || f.Overrides[0].Var != "I" || f.Overrides[0].Value.Text != "0.5*nA" || f.Overrides[1].Index != 3 {
		t.Errorf("overrides %+v", f.Overrides)
	}
	for _, c := range []struct{ name, value, want string }{
		{"taum", "5", "--set taum=5: taum is in second in the model, but 5 is dimensionless: write 5*ms"},
		{"tau_m", "5*ms", "--set tau_m=5*ms: unknown constant 'tau_m' — did you mean 'taum'?"},
		{"P", "5", "--set P=5: unknown constant 'P': to set a variable of group P, write P.variable=value"},
		{"Q.v", "1*mV", "--set Q.v=1*mV: unknown group 'Q' — did you mean 'P'?"},
		{"we", "1*mV +", "--set we=1*mV +: expected an expression but found end of input"},
		{"we", "1*mVV", "--set we=1*mVV: unknown identifier 'mVV' — did you mean 'mV'?"},
		// The value is fine but makes the file wrong: the error is in the file.
		{"N", "4000.5", "testdata/cuba.toml:26:5: N must be an integer, but \"Ne + Ni\" is 4000.5\n" +
			"testdata/cuba.toml:43:14: an index must be an integer, but \"Ne\" is 3200.4\n" +
			"testdata/cuba.toml:51:13: an index must be an integer, but \"Ne\" is 3200.4"},
	} {
		err := f.Override(c.name, c.value)
		if err == nil {
			t.Errorf("--set %s=%s: no error", c.name, c.value)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("--set %s=%s:\n got %s\nwant %s", c.name, c.value, err, c.want)
		}
	}
	// Failed overrides leave the file as it was.
	if f.Neurons[0].N.Value != 5000 {
		t.Errorf("N = %d after failed overrides", f.Neurons[0].N.Value)
	}
	if c, _ := f.Constant("taum"); !near(c.Value.Value, 0.01) {
		t.Errorf("taum = %v after failed overrides", c.Value)
	}
}

// TestNamespace checks the namespace given to the builder.
func TestNamespace(t *testing.T) {
	f := load(t, "full.toml")
	ns := f.Namespace()
	s, ok := ns("we")
	if !ok || !s.Const || !s.Scalar || s.Dim != units.DimVoltage || !near(s.Value, 1.62e-3) {
		t.Errorf("we = %+v", s)
	}
	if s, ok := ns("stim_current"); !ok || s.Func == nil || s.Func.Result != units.DimCurrent {
		t.Errorf("stim_current = %+v", s)
	}
	if _, ok := ns("v"); ok {
		t.Errorf("v is in the namespace")
	}
	x, err := expr.ParseExpr("we/ms + stim_current(t)*ohm/ms")
	if err != nil {
		t.Fatal(err)
	}
	full := func(name string) (expr.Symbol, bool) {
		if name == "t" {
			return expr.Symbol{Dim: units.DimTime, Scalar: true}, true
		}
		return ns(name)
	}
	if _, err := expr.Check(x, full); err != nil {
		t.Errorf("check: %v", err)
	}
}

func TestParsePath(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []any
	}{
		{"neurons[0].model", []any{"neurons", 0, "model"}},
		{"constants.taum", []any{"constants", "taum"}},
		{`schedule[1].set."G.I"`, []any{"schedule", 1, "set", "G.I"}},
		{`a.'b[0]'.c`, []any{"a", "b[0]", "c"}},
		{"a[x]", []any{"a", "x"}},
		{"", nil},
	} {
		if got := ParsePath(c.in); !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParsePath(%q) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"name", "N", "model", "threshold", "reset", "refractory", "method", "events", "init", "linked", "run_regularly", "on_event"}
	for _, c := range []struct{ in, want string }{
		{"treshold", "threshold"},
		{"nmae", "name"},
		{"n", "N"},
		{"modle", "model"},
		{"refrac", "refractory"},
		{"eqs", "model"},
		{"xyz", ""},
		{"runregularly", "run_regularly"},
	} {
		if got := suggest(c.in, keys); got != c.want {
			t.Errorf("suggest(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestLoadErrorsTogether(t *testing.T) {
	src := "[run]\ndt = 1\n[[neurons]]\nname = \"G\"\nN = 0\nmodel = \"v : 1\"\ntreshold = \"v > 1\"\n"
	_, err := Load("m.toml", []byte(src))
	want := "m.toml:2:6: dt must be a time, but 1 is dimensionless: write \"1*ms\"\n" +
		"m.toml:5:5: N must be at least 1, but it is 0\n" +
		"m.toml:7:1: unknown key 'treshold' in [[neurons]] 'G' — did you mean 'threshold'?"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestEmptyAndBOM(t *testing.T) {
	f, err := Load("empty.toml", nil)
	if err != nil || f == nil {
		t.Fatalf("an empty file: %v", err)
	}
	_, err = Load("bom.toml", []byte("\xef\xbb\xbf[run]\ndt = \"1*mV\"\n"))
	if err == nil || err.Error() != "bom.toml:2:6: dt must be a time, but \"1*mV\" is in volt" {
		t.Errorf("with a byte order mark: %v", err)
	}
}

func TestLoadFileMissing(t *testing.T) {
	if _, err := LoadFile(filepath.Join("testdata", "no-such-file.toml")); err == nil {
		t.Error("no error for a missing file")
	}
}

// TestOverrideAll checks that --set arguments act as one set: shrinking the
// library's CUBA works in either order although N=1000 alone leaves
// P[:Ne] out of range, and an override that never holds is reported.
func TestOverrideAll(t *testing.T) {
	for _, sets := range [][]string{{"N=1000", "Ne=800"}, {"Ne=800", "N=1000"}} {
		f, err := LoadFile("../../examples/cuba.toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.OverrideAll(sets); err != nil {
			t.Fatalf("%v: %v", sets, err)
		}
		if n := f.Neurons[0].N.Value; n != 1000 {
			t.Errorf("%v: N = %d", sets, n)
		}
		if s := f.Synapses[1].Source; s.Start != 800 || s.Stop != 1000 {
			t.Errorf("%v: Ci's source is %d:%d", sets, s.Start, s.Stop)
		}
	}
	f, err := LoadFile("../../examples/cuba.toml")
	if err != nil {
		t.Fatal(err)
	}
	err = f.OverrideAll([]string{"N=1000", "Ne=8000"})
	if err == nil || !strings.Contains(err.Error(), "out of range") {
		t.Errorf("N=1000 with Ne=8000: %v, want a slice out of range", err)
	}
}
