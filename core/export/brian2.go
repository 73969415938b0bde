package export

import (
	"fmt"
	"io"
	"path"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/units"
)

// Options change what [Options.Brian2] writes.
type Options struct {
	// FinalState makes the script add the final values of the variables of
	// every group and synapses to the results ("groups" and "synapses"), as
	// myelin run --final-state does.
	FinalState bool
	// Source is the model file's name as the script's header gives it;
	// empty means the base name of the File's Name.
	Source string
	// ReadFile, when it is set, reads the SWC file of a [[spatial]] neuron
	// (given the path as the model writes it, relative to the model file),
	// and the script then carries the morphology in itself. When it is nil,
	// the script reads the file at run time, relative to its own directory:
	// right when the script is written beside the model, as
	// myelin export brian2 does by default.
	ReadFile func(name string) ([]byte, error)
}

// Brian2 writes a standalone Python script that builds the model of f with
// Brian2, runs it and writes the same results JSON as myelin run. It is
// Options{}.Brian2.
func Brian2(w io.Writer, f *model.File) error { return Options{}.Brian2(w, f) }

// Brian2 writes a standalone Python script that builds the model of f with
// Brian2's API, runs it and writes the same results JSON as myelin run,
// with the options o. A model that Brian2 cannot express gives a
// [model.ErrorList] with the place of each problem, and nothing is written.
func (o Options) Brian2(w io.Writer, f *model.File) error {
	if f == nil {
		return fmt.Errorf("export: no model")
	}
	e := &exporter{f: f, opt: o, names: newNamer(), vars: map[string]string{},
		b2q: map[string]bool{}, allunits: map[string]bool{}, consts: map[string]*model.Constant{},
		modelVars: map[string]string{}}
	e.plan()
	if len(e.errs) > 0 {
		e.errs.Sort()
		return e.errs
	}
	body := e.body()
	if len(e.errs) > 0 {
		e.errs.Sort()
		return e.errs
	}
	script := e.header() + body
	_, err := io.WriteString(w, script)
	return err
}

// exporter writes one script.
type exporter struct {
	f     *model.File
	opt   Options
	names *namer
	// vars maps the names of the model's groups, synapses, monitors and
	// poisson inputs to their Python variables.
	vars map[string]string
	// in maps the script's own names (modules, helpers, globals) to theirs.
	in map[string]string
	// b2q are the names of Brian2's API that a constant hides: the script
	// writes brian2.NAME for them, and then imports brian2.
	b2q          map[string]bool
	importBrian2 bool
	// allunits are the units to import from brian2.units.allunits.
	allunits map[string]bool
	consts   map[string]*model.Constant
	errs     model.ErrorList
	out      strings.Builder
	// hereDone records that the script has defined its directory, and
	// usesTempfile that it imports tempfile.
	hereDone, usesTempfile bool
	// modelVars maps groups and synapses to the variables of their models.
	modelVars map[string]string
}

func (e *exporter) errorf(pos model.Position, format string, args ...any) {
	e.errs = append(e.errs, model.Errorf(pos, "cannot export to Brian2: "+format, args...))
}

// internal are the script's own names, each with the names it may take in
// order of preference.
var internal = [][]string{
	{"json", "json_module"}, {"os", "os_module"}, {"sys", "sys_module"},
	{"time", "time_module"}, {"np", "numpy"}, {"tempfile", "tempfile_module"},
	{"brian2", "brian2_module"}, {"RuntimeDevice"},
	{"command_line"}, {"select_device"}, {"simulate"}, {"unit_name"},
	{"floats"}, {"spike_results"}, {"state_results"}, {"rate_results"},
	{"group_results"}, {"write_results"},
	{"output", "output_file"}, {"device_name"}, {"target", "codegen_target"},
	{"standalone"}, {"start", "start_time"}, {"wall_seconds"},
	{"build_seconds"}, {"net", "network"}, {"results"}, {"here"},
}

// plan checks what Brian2 cannot express and gives every name of the
// script.
func (e *exporter) plan() {
	f := e.f
	// Constants and timed arrays keep their names: code strings use them.
	for _, c := range f.Constants {
		e.consts[c.Name] = c
		switch {
		case pyKeywords[c.Name]:
			e.errorf(c.KeyPos, "the constant '%s' has the name of a Python keyword", c.Name)
		case usedBuiltins[c.Name]:
			e.errorf(c.KeyPos, "the constant '%s' would hide Python's %s()", c.Name, c.Name)
		}
		e.names.fix(c.Name)
		if brian2Names[c.Name] {
			e.b2q[c.Name] = true
		}
	}
	for _, t := range f.TimedArrays {
		n := t.Name.Text
		switch {
		case pyKeywords[n]:
			e.errorf(t.Name.Pos, "the timed array '%s' has the name of a Python keyword", n)
		case usedBuiltins[n]:
			e.errorf(t.Name.Pos, "the timed array '%s' would hide Python's %s()", n, n)
		case isUnit(n) && !e.isConst(n):
			e.errorf(t.Name.Pos, "the timed array '%s' would hide the unit %s in Python", n, n)
		}
		e.names.fix(n)
		if brian2Names[n] {
			e.b2q[n] = true
		}
	}
	// Groups and the like take their own names where they can; they avoid
	// every name that code strings or the script may use.
	for n := range pyBuiltins {
		e.names.avoid[n] = true
	}
	for n := range brian2Names {
		e.names.avoid[n] = true
	}
	for n := range codeNames {
		e.names.avoid[n] = true
	}
	for n := range pyFuncs {
		e.names.avoid[n] = true
	}
	for _, n := range []string{"rand", "randn", "poisson", "timestep", "exprel", "i", "j", "N"} {
		e.names.avoid[n] = true
	}
	e.names.avoidFn = func(n string) bool { return isUnit(n) || expr.IsBuiltin(n) }
	for _, ent := range e.entities() {
		e.vars[ent] = e.names.claim(ent)
	}
	for k, p := range f.PoissonInputs {
		if p.Name.IsSet() {
			continue
		}
		e.vars[poissonInputKey(k)] = e.names.claim("poisson_input")
	}
	e.in = map[string]string{}
	for _, cands := range internal {
		e.in[cands[0]] = e.names.claim(cands...)
	}
	e.checkNames()
}

func poissonInputKey(k int) string { return "\x00poisson_input" + strconv.Itoa(k) }

// entities are the names of the model's groups, synapses, monitors and
// poisson inputs, in file order.
func (e *exporter) entities() []string {
	type ent struct {
		name string
		off  int
	}
	var out []ent
	add := func(s model.String) {
		if s.IsSet() {
			out = append(out, ent{s.Text, s.Pos.Offset})
		}
	}
	for _, n := range e.f.Neurons {
		add(n.Name)
	}
	for _, p := range e.f.Poisson {
		add(p.Name)
	}
	for _, s := range e.f.SpikeGens {
		add(s.Name)
	}
	for _, s := range e.f.Synapses {
		add(s.Name)
	}
	for _, p := range e.f.PoissonInputs {
		add(p.Name)
	}
	for _, s := range e.f.Spatial {
		add(s.Name)
	}
	for _, m := range e.f.Monitors {
		add(m.Name)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].off < out[j].off })
	names := make([]string, len(out))
	for i, x := range out {
		names[i] = x.name
	}
	return names
}

// checkNames reports the names that the script would write as Python
// attributes and that Python cannot take.
func (e *exporter) checkNames() {
	variable := func(name string, pos model.Position, what string) {
		if !pyName(name) {
			e.errorf(pos, "%s '%s' is not a name that Python can take as an attribute", what, name)
		}
	}
	for _, n := range e.f.Neurons {
		for _, in := range n.Init {
			variable(in.Name, in.KeyPos, "the variable")
		}
		for _, l := range n.Linked {
			variable(l.Name, l.KeyPos, "the linked variable")
		}
	}
	for _, s := range e.f.Synapses {
		for _, in := range s.Init {
			variable(in.Name, in.KeyPos, "the variable")
		}
		if s.MultisynapticIndex.IsSet() {
			variable(s.MultisynapticIndex.Text, s.MultisynapticIndex.Pos, "the multisynaptic index")
		}
	}
	for _, s := range e.f.Spatial {
		for _, in := range s.Init {
			variable(in.Name, in.KeyPos, "the variable")
		}
		for _, op := range s.Set {
			variable(op.Var.Text, op.Var.Pos, "the variable")
		}
		for _, sec := range s.Sections {
			if n := sec.Name.Text; len(n) > 1 && strings.Trim(n, "LR123456789") == "" {
				e.errorf(sec.Name.Pos, "Brian2 reads the section name '%s' as a path in the tree (L, R and digits): give it another name", n)
			}
		}
	}
	for _, st := range e.f.Schedule {
		for _, s := range st.Set {
			if s.Group != "" {
				variable(s.Var, s.KeyPos, "the variable")
			}
		}
	}
	for _, s := range e.f.Overrides {
		if s.Group != "" {
			variable(s.Var, s.KeyPos, "the variable")
		}
	}
}

func isUnit(name string) bool {
	_, ok := units.Lookup(name)
	return ok
}

func (e *exporter) isConst(name string) bool { return e.consts[name] != nil }

// b2 writes a name of Brian2's API: qualified when the model hides it.
func (e *exporter) b2(name string) string {
	if e.b2q[name] {
		e.importBrian2 = true
		return e.in["brian2"] + "." + name
	}
	return name
}

// unit writes a unit's name for Python, importing it when `from brian2
// import *` does not define it.
func (e *exporter) unit(name string) string {
	if e.isConst(name) {
		e.importBrian2 = true
		return e.in["brian2"] + ".units.allunits." + name
	}
	if !starUnits[name] {
		e.allunits[name] = true
	}
	return name
}

var identRE = regexp.MustCompile(`[A-Za-z_][A-Za-z_0-9]*`)

// literal writes a value in SI units as a Python quantity.
func (e *exporter) literal(q units.Quantity) string {
	if q.Dim.IsDimensionless() {
		return pyNumber(q.Value)
	}
	u := identRE.ReplaceAllStringFunc(unitExpr(q.Dim), e.unit)
	return pyFloat(q.Value) + "*" + u
}

// pyExpr turns a constant expression of the model into Python: the same
// text when every name in it is a constant, a unit or one of Python's
// numbers, and every function one that Python has too.
func (e *exporter) pyExpr(src string) (string, bool) {
	return e.pyExprOf(src, true)
}

// pyExprOf is pyExpr; with consts false, the expression may use no
// constant (a value set on a group's variable, where the group's own
// variables would come first in Brian2).
func (e *exporter) pyExprOf(src string, consts bool) (string, bool) {
	if strings.TrimSpace(src) == "" {
		return "", false
	}
	x, err := expr.ParseExpr(src)
	if err != nil {
		return "", false
	}
	var used []string
	for _, n := range expr.Names(x) {
		switch {
		case e.isConst(n):
			if !consts {
				return "", false
			}
		case n == "True" || n == "False" || n == "pi" || n == "e" || n == "inf":
		case isUnit(n):
			used = append(used, n)
		default:
			return "", false
		}
	}
	for _, fn := range expr.FuncNames(x) {
		if !pyFuncs[fn] || e.isConst(fn) {
			return "", false
		}
	}
	for _, u := range used {
		if !starUnits[u] {
			e.allunits[u] = true
		}
	}
	return compact(src, x), true
}

// quantity writes a quantity of the model (a constant expression) for
// Python: its text, or its value where Python cannot read the text.
func (e *exporter) quantity(q model.Quantity) string {
	if s, ok := e.pyExpr(q.Src.Text); ok {
		return s
	}
	if q.Const {
		return e.literal(q.Value)
	}
	return pyStr(q.Src.Text)
}

// codeOrQuantity writes a key that takes a constant or code: a Python
// quantity, or a string of code.
func (e *exporter) codeOrQuantity(q model.Quantity) string {
	if q.Const || q.Src.FromNumber {
		return e.quantity(q)
	}
	return pyStr(strings.TrimSpace(q.Src.Text))
}

// usesAny reports whether the code uses one of names.
func usesAny(code string, names map[string]bool) bool {
	if len(names) == 0 {
		return false
	}
	x, err := expr.ParseExpr(code)
	if err != nil {
		return false
	}
	for _, n := range expr.Names(x) {
		if names[n] {
			return true
		}
	}
	return false
}

// value writes a value assigned to a group's variable: a Python quantity
// when it holds only numbers and units, otherwise a string of code that
// Brian2 evaluates for each element (so that the group's variables, i,
// rand() ... mean what they mean in the model).
func (e *exporter) value(s model.String) string {
	if s.FromNumber {
		return s.Text
	}
	if py, ok := e.pyExprOf(s.Text, false); ok {
		return py
	}
	return pyStr(strings.TrimSpace(s.Text))
}

// scale writes a unit as a factor: "*ms", "*(0.5*ms)".
func (e *exporter) scale(q model.Quantity) string {
	if !q.IsSet() {
		return "*" + e.unit("second")
	}
	s := e.quantity(q)
	if isIdent(s) {
		return "*" + s
	}
	return "*(" + s + ")"
}

var intLit = regexp.MustCompile(`^[+-]?[0-9]+$`)

// integer writes an integer of the model: a literal as it is, an integer
// constant by name, and other expressions as int(...).
func (e *exporter) integer(n model.Int) string {
	t := strings.TrimSpace(n.Src.Text)
	if n.Src.FromNumber || intLit.MatchString(t) {
		return t
	}
	if c := e.consts[t]; c != nil && c.Kind == expr.Integer {
		return t
	}
	if s, ok := e.pyExpr(t); ok {
		return "int(" + s + ")"
	}
	return strconv.Itoa(n.Value)
}

// bound writes a bound of a slice.
func (e *exporter) bound(t string) (string, bool) {
	t = strings.TrimSpace(t)
	if t == "" || intLit.MatchString(t) {
		return t, true
	}
	if c := e.consts[t]; c != nil && c.Kind == expr.Integer {
		return t, true
	}
	if s, ok := e.pyExpr(t); ok {
		return "int(" + s + ")", true
	}
	return "", false
}

// ref writes a reference to a group or a slice of one.
func (e *exporter) ref(r model.Ref) string {
	v := e.vars[r.Name]
	if !r.Slice {
		return v
	}
	for _, sg := range e.f.SpikeGens {
		if sg.Name.Text == r.Name {
			e.errorf(r.Src.Pos, "Brian2 cannot take a slice of a SpikeGeneratorGroup (%s): use the whole group %s and choose its neurons with i = [...] in [[synapses.connect]], or one [[spikegen]] per slice", r.Src.Text, r.Name)
			return v
		}
	}
	text := r.Src.Text
	open, end := strings.IndexByte(text, '['), strings.LastIndexByte(text, ']')
	if open < 0 || end < open {
		return v
	}
	parts := strings.Split(text[open+1:end], ":")
	resolved := func() string {
		if r.Stop < 0 {
			return fmt.Sprintf("%s[%d:]", v, r.Start)
		}
		return fmt.Sprintf("%s[%d:%d]", v, r.Start, r.Stop)
	}
	if len(parts) == 1 {
		return resolved()
	}
	a, ok1 := e.bound(parts[0])
	b, ok2 := e.bound(parts[1])
	if !ok1 || !ok2 {
		return resolved()
	}
	return v + "[" + a + ":" + b + "]"
}

// w writes one line of the script's body.
func (e *exporter) w(format string, args ...any) {
	fmt.Fprintf(&e.out, format, args...)
	e.out.WriteByte('\n')
}

// raw writes text that ends its own lines.
func (e *exporter) raw(s string) {
	e.out.WriteString(s)
	if !strings.HasSuffix(s, "\n") {
		e.out.WriteByte('\n')
	}
}

func (e *exporter) blank() { e.out.WriteByte('\n') }

// section starts a part of the script with a blank line and a comment.
func (e *exporter) section(text string) {
	e.blank()
	e.raw(wrapComment("", text))
}

// code writes a code string as an argument: inline when it is one line,
// else in a variable of its own whose name is given by the candidates.
func (e *exporter) code(text string, name ...string) string {
	if !multiline(text) {
		return pyStr(strings.TrimSpace(text))
	}
	v := e.names.claim(name...)
	e.w("%s = %s", v, pyBlock(text))
	return v
}

// call writes target = fn(args...), wrapped as PEP 8 asks.
func (e *exporter) call(target, fn string, args ...string) {
	prefix := fn
	if target != "" {
		prefix = target + " = " + fn
	}
	e.raw(wrapCall("", prefix, args))
}

// body writes everything after the imports and helpers.
func (e *exporter) body() string {
	e.command()
	e.run()
	e.constants()
	e.timedArrays()
	e.groups()
	e.synapses()
	e.poissonInputs()
	e.overrides()
	entries := e.monitors()
	e.schedule()
	e.results(entries)
	return e.out.String()
}

// modelName is the model's name for the header: its [model] name, or
// the file's.
func (e *exporter) modelName() string {
	if e.f.Model.Name.IsSet() {
		return e.f.Model.Name.Text
	}
	base := path.Base(strings.ReplaceAll(e.f.Name, `\`, "/"))
	return strings.TrimSuffix(base, path.Ext(base))
}

// sourceName is the model file's name in the header.
func (e *exporter) sourceName() string {
	if e.opt.Source != "" {
		return e.opt.Source
	}
	if e.f.Name == "" {
		return "a model file"
	}
	return path.Base(strings.ReplaceAll(e.f.Name, `\`, "/"))
}

// scriptName is the script's name in the header's usage line.
func (e *exporter) scriptName() string {
	base := e.sourceName()
	if base == "a model file" {
		return "MODEL.py"
	}
	return strings.TrimSuffix(base, path.Ext(base)) + ".py"
}

func (e *exporter) command() {
	in := e.in
	e.section("The command line chooses the results file, the device and the code generation target.")
	e.w("%s, %s, %s = %s(%s.argv)", in["output"], in["device_name"], in["target"], in["command_line"], in["sys"])
	e.w("%s(%s, %s)", in["select_device"], in["device_name"], in["target"])
	e.raw(wrapComment("", "Or choose the device here: every string of code below also runs "+
		"there, and several runs are built at the end."))
	e.w("# %s('cpp_standalone', build_on_run=False)", e.b2("set_device"))
	e.w("%s = not isinstance(%s(), %s)", in["standalone"], e.b2("get_device"), in["RuntimeDevice"])
	e.w("%s = 0.0", in["wall_seconds"])
	e.w("%s = %s.perf_counter()", in["start"], in["time"])
}

func (e *exporter) run() {
	r := e.f.Run
	e.section("[run]")
	if r.Dt.IsSet() {
		e.w("%s.dt = %s", e.b2("defaultclock"), e.quantity(r.Dt))
	}
	if r.Seed.IsSet() {
		e.w("%s(%s)", e.b2("seed"), e.integer(r.Seed))
	} else {
		e.w("%s(1)  # myelin's seed when the model gives none", e.b2("seed"))
	}
}

func (e *exporter) constants() {
	if len(e.f.Constants) == 0 {
		return
	}
	e.section("[constants]: the namespace of every string of code below.")
	for _, c := range e.f.Constants {
		e.w("%s", e.constant(c, c.Src.Text))
	}
}

// constant writes name = value for a constant whose expression is src.
func (e *exporter) constant(c *model.Constant, src string) string {
	if py, ok := e.pyExpr(src); ok {
		return c.Name + " = " + py
	}
	// Python lacks a function or unit of the expression: write its value.
	return fmt.Sprintf("%s = %s  # %s", c.Name, e.literal(c.Value), strings.Join(strings.Fields(src), " "))
}

func (e *exporter) timedArrays() {
	for _, t := range e.f.TimedArrays {
		e.section(fmt.Sprintf("[[timed_array]] '%s': called as %s(%s) in code.", t.Name.Text, t.Name.Text, map[bool]string{false: "t", true: "t, i"}[t.TwoD]))
		scale := ""
		if t.Unit.IsSet() {
			scale = e.scale(t.Unit)
		}
		var values string
		if t.TwoD {
			rows := make([]string, len(t.Values))
			for k, row := range t.Values {
				items := make([]string, len(row))
				for m, x := range row {
					items[m] = pyFloat(x)
				}
				rows[k] = "[" + strings.Join(items, ", ") + "]"
			}
			values = e.np() + ".array([" + strings.Join(rows, ", ") + "])" + scale
			if len(values)+len(t.Name.Text)+40 > maxLine {
				v := e.names.claim(t.Name.Text + "_values")
				e.raw(wrapList("", v+" = "+e.np()+".array(", rows, ")"+scale))
				values = v
			}
		} else {
			items := make([]string, len(t.Values))
			for k, row := range t.Values {
				items[k] = pyFloat(row[0])
			}
			values = "[" + strings.Join(items, ", ") + "]" + scale
			if scale == "" {
				values = e.np() + ".array(" + values + ")"
			}
			if len(values)+len(t.Name.Text)+40 > maxLine {
				v := e.names.claim(t.Name.Text + "_values")
				if scale == "" {
					e.raw(wrapList("", v+" = "+e.np()+".array(", items, ")"))
				} else {
					e.raw(wrapList("", v+" = ", items, scale))
				}
				values = v
			}
		}
		e.call(t.Name.Text, e.b2("TimedArray"), values, "dt="+e.quantity(t.Dt), "name="+pyStr(t.Name.Text))
	}
}

func (e *exporter) np() string { return e.in["np"] }

// group is a group of neurons of any kind, for writing them in order.
type group struct {
	name    string
	off     int
	neurons *model.Neurons
	poisson *model.Poisson
	gen     *model.SpikeGen
	spatial *model.Spatial
}

// groups writes the groups in file order, except that a group comes after
// the groups its linked variables refer to.
func (e *exporter) groups() {
	var gs []*group
	for _, n := range e.f.Neurons {
		gs = append(gs, &group{name: n.Name.Text, off: n.Pos.Offset, neurons: n})
	}
	for _, p := range e.f.Poisson {
		gs = append(gs, &group{name: p.Name.Text, off: p.Pos.Offset, poisson: p})
	}
	for _, s := range e.f.SpikeGens {
		gs = append(gs, &group{name: s.Name.Text, off: s.Pos.Offset, gen: s})
	}
	for _, s := range e.f.Spatial {
		gs = append(gs, &group{name: s.Name.Text, off: s.Pos.Offset, spatial: s})
	}
	sort.SliceStable(gs, func(i, j int) bool { return gs[i].off < gs[j].off })
	done := map[string]bool{}
	var later []func()
	for len(gs) > 0 {
		pick := 0
		for k, g := range gs {
			ready := true
			if g.neurons != nil {
				for _, l := range g.neurons.Linked {
					if l.Group != g.name && !done[l.Group] {
						ready = false
					}
				}
			}
			if ready {
				pick = k
				break
			}
		}
		g := gs[pick]
		gs = slices.Delete(gs, pick, pick+1)
		switch {
		case g.neurons != nil:
			if f := e.neurons(g.neurons, done); f != nil {
				later = append(later, f)
			}
		case g.poisson != nil:
			e.poisson(g.poisson)
		case g.gen != nil:
			e.spikegen(g.gen)
		case g.spatial != nil:
			e.spatialNeuron(g.spatial)
		}
		done[g.name] = true
	}
	if len(later) > 0 {
		e.section("Linked variables whose groups come later.")
		for _, f := range later {
			f()
		}
	}
}

func (e *exporter) neurons(n *model.Neurons, done map[string]bool) func() {
	v, b := e.vars[n.Name.Text], n.Name.Text
	e.section(fmt.Sprintf("[[neurons]] '%s'", n.Name.Text))
	eqs := e.names.claim(b+"_eqs", b+"_model")
	e.modelVars[n.Name.Text] = eqs
	e.w("%s = %s", eqs, e.modelString(n.Model.Text))
	args := []string{e.integer(n.N), eqs}
	if strings.TrimSpace(n.Threshold.Text) != "" {
		args = append(args, "threshold="+e.code(n.Threshold.Text, b+"_threshold"))
	}
	if n.Reset.IsSet() && (strings.TrimSpace(n.Reset.Text) != "" || strings.TrimSpace(n.Threshold.Text) != "") {
		args = append(args, "reset="+e.code(n.Reset.Text, b+"_reset"))
	}
	if n.Refractory.IsSet() {
		ref := e.codeOrQuantity(n.Refractory)
		if usesAny(n.Refractory.Src.Text, e.f.ScheduledConstants()) {
			// Brian2 evaluates a string at every run, a quantity only once:
			// a constant that the schedule changes must stay a name.
			ref = pyStr(strings.TrimSpace(n.Refractory.Src.Text))
		}
		args = append(args, "refractory="+ref)
	}
	if n.Method.IsSet() {
		args = append(args, "method="+pyStr(n.Method.Text))
	}
	if len(n.Events) > 0 {
		var items []string
		for _, ev := range n.Events {
			items = append(items, pyStr(ev.Name)+": "+e.code(ev.Value.Text, b+"_"+ev.Name))
		}
		args = append(args, "events={"+strings.Join(items, ", ")+"}")
	}
	args = append(args, "name="+pyStr(n.Name.Text))
	e.call(v, e.b2("NeuronGroup"), args...)
	var deferred []model.Link
	for _, l := range n.Linked {
		if l.Group != n.Name.Text && !done[l.Group] {
			deferred = append(deferred, l)
			continue
		}
		e.link(v, l)
	}
	e.inits(v, n.Init)
	for k, r := range n.RunRegularly {
		args := []string{e.code(r.Code.Text, b+"_regularly", b+"_regularly_"+strconv.Itoa(k+1))}
		if r.Dt.IsSet() {
			args = append(args, "dt="+e.quantity(r.Dt))
		}
		e.call("", v+".run_regularly", args...)
	}
	for _, ev := range n.OnEvent {
		e.call("", v+".run_on_event", pyStr(ev.Event.Text), e.code(ev.Code.Text, b+"_on_"+ev.Event.Text))
	}
	if len(deferred) == 0 {
		return nil
	}
	return func() {
		for _, l := range deferred {
			e.link(v, l)
		}
	}
}

func (e *exporter) link(v string, l model.Link) {
	e.w("%s.%s = %s(%s, %s)", v, l.Name, e.b2("linked_var"), e.vars[l.Group], pyStr(l.Var))
}

// modelString writes equations: a triple-quoted block when the model
// writes them on lines of their own.
func (e *exporter) modelString(text string) string {
	if strings.Contains(strings.TrimSpace(text), "\n") || strings.HasSuffix(text, "\n") {
		return pyBlock(text)
	}
	return pyStr(strings.TrimSpace(text))
}

// inits writes initial values, in file order.
func (e *exporter) inits(v string, init []model.Entry) {
	for _, in := range init {
		e.w("%s.%s = %s", v, in.Name, e.value(in.Value))
	}
}

func (e *exporter) poisson(p *model.Poisson) {
	v := e.vars[p.Name.Text]
	e.section(fmt.Sprintf("[[poisson]] '%s'", p.Name.Text))
	rates := e.codeOrQuantity(p.Rates)
	if usesAny(p.Rates.Src.Text, e.f.ScheduledConstants()) {
		// A string, which Brian2 evaluates at every step, follows a
		// constant that the schedule changes; a quantity would not.
		rates = pyStr(strings.TrimSpace(p.Rates.Src.Text))
	}
	e.call(v, e.b2("PoissonGroup"), e.integer(p.N), "rates="+rates, "name="+pyStr(p.Name.Text))
}

func (e *exporter) spikegen(s *model.SpikeGen) {
	v := e.vars[s.Name.Text]
	e.section(fmt.Sprintf("[[spikegen]] '%s'", s.Name.Text))
	times := make([]string, len(s.Times))
	for k, t := range s.Times {
		times[k] = pyFloat(t)
	}
	scale := e.scale(s.TimeUnit)
	indices := "[" + strings.Join(pyInts(s.Indices), ", ") + "]"
	timesArg := "[" + strings.Join(times, ", ") + "]" + scale
	args := []string{e.integer(s.N), indices, timesArg}
	if s.Period.IsSet() {
		args = append(args, "period="+e.quantity(s.Period))
	}
	args = append(args, "name="+pyStr(s.Name.Text))
	if len(v+" = "+e.b2("SpikeGeneratorGroup")+"("+strings.Join(args, ", ")+")") > maxLine {
		iv := e.names.claim(s.Name.Text + "_indices")
		tv := e.names.claim(s.Name.Text + "_times")
		e.raw(wrapList("", iv+" = ", pyInts(s.Indices), ""))
		e.raw(wrapList("", tv+" = ", times, scale))
		args[1], args[2] = iv, tv
	}
	e.call(v, e.b2("SpikeGeneratorGroup"), args...)
}

func (e *exporter) synapses() {
	for _, s := range e.f.Synapses {
		v := e.vars[s.Name.Text]
		e.section(fmt.Sprintf("[[synapses]] '%s'", s.Name.Text))
		args := []string{e.ref(s.Source), e.ref(s.Target)}
		if strings.TrimSpace(s.Model.Text) != "" {
			m := e.names.claim(s.Name.Text+"_model", s.Name.Text+"_eqs")
			e.modelVars[s.Name.Text] = m
			e.w("%s = %s", m, e.modelString(s.Model.Text))
			args = append(args, m)
		}
		if p := e.pathways(s.Name.Text, s.OnPre, "pre"); p != "" {
			args = append(args, "on_pre="+p)
		}
		if p := e.pathways(s.Name.Text, s.OnPost, "post"); p != "" {
			args = append(args, "on_post="+p)
		}
		perSynapse := false
		for _, in := range s.Init {
			perSynapse = perSynapse || in.Name == "delay"
		}
		switch {
		case s.Delay.IsSet() && perSynapse:
			// Brian2 makes a delay given here one for all synapses, which
			// the init could not set per synapse: the init sets them all.
			e.raw(wrapComment("", "delay = "+strings.TrimSpace(s.Delay.Src.Text)+
				" is left out: the initial values below set the delay of every synapse."))
		case s.Delay.IsSet():
			args = append(args, "delay="+e.quantity(s.Delay))
		case len(s.Delays) > 0:
			// Brian2 takes a dict of pathway delays, as the file's table.
			var items []string
			for _, d := range s.Delays {
				py, ok := e.pyExpr(d.Value.Text)
				if !ok {
					e.errorf(d.Value.Pos, "cannot export to Brian2: the delay of pathway %s must be a constant time", d.Name)
					continue
				}
				items = append(items, pyStr(d.Name)+": "+py)
			}
			args = append(args, "delay={"+strings.Join(items, ", ")+"}")
		}
		if s.Method.IsSet() {
			args = append(args, "method="+pyStr(s.Method.Text))
		}
		if s.MultisynapticIndex.IsSet() {
			args = append(args, "multisynaptic_index="+pyStr(s.MultisynapticIndex.Text))
		}
		args = append(args, "name="+pyStr(s.Name.Text))
		e.call(v, e.b2("Synapses"), args...)
		for _, c := range s.Connect {
			e.connect(v, s.Name.Text, c)
		}
		e.inits(v, s.Init)
	}
}

// pathways writes on_pre or on_post of the synapses called b: a string for
// the single default pathway, or a dict of pathways.
func (e *exporter) pathways(b string, ps []model.Entry, def string) string {
	var live []model.Entry
	for _, p := range ps {
		if strings.TrimSpace(p.Value.Text) != "" || len(ps) > 1 {
			live = append(live, p)
		}
	}
	if len(live) == 0 {
		return ""
	}
	if len(live) == 1 && live[0].Name == def {
		return e.code(live[0].Value.Text, b+"_"+def)
	}
	var items []string
	for _, p := range live {
		items = append(items, pyStr(p.Name)+": "+e.code(p.Value.Text, b+"_"+p.Name))
	}
	return "{" + strings.Join(items, ", ") + "}"
}

func (e *exporter) connect(v, b string, c *model.Connect) {
	var args []string
	if c.Condition.IsSet() && strings.TrimSpace(c.Condition.Text) != "" {
		args = append(args, "condition="+e.code(c.Condition.Text, b+"_condition"))
	}
	indices := func(key string, x model.Indices) {
		switch {
		case !x.IsSet():
		case x.List == nil:
			args = append(args, key+"="+pyStr(strings.Join(strings.Fields(x.Code.Text), " ")))
		case len(x.List) == 1:
			args = append(args, key+"="+strconv.Itoa(x.List[0]))
		default:
			list := "[" + strings.Join(pyInts(x.List), ", ") + "]"
			if len(list) > maxLine-20 {
				lv := e.names.claim(b + "_" + key)
				e.raw(wrapList("", lv+" = ", pyInts(x.List), ""))
				list = lv
			}
			args = append(args, key+"="+list)
		}
	}
	indices("i", c.I)
	indices("j", c.J)
	if c.P.IsSet() {
		args = append(args, "p="+e.codeOrQuantity(c.P))
	}
	if c.N.IsSet() {
		if c.N.Const {
			args = append(args, "n="+pyNumber(c.N.Value.Value))
		} else {
			args = append(args, "n="+e.codeOrQuantity(c.N))
		}
	}
	if c.SkipIfInvalid {
		args = append(args, "skip_if_invalid=True")
	}
	e.call("", v+".connect", args...)
}

func (e *exporter) poissonInputs() {
	for k, p := range e.f.PoissonInputs {
		key := p.Name.Text
		if !p.Name.IsSet() {
			key = poissonInputKey(k)
		}
		v := e.vars[key]
		title := "[[poisson_input]]"
		if p.Name.IsSet() {
			title += " '" + p.Name.Text + "'"
		}
		e.section(title + " into " + strings.TrimSpace(p.Target.Src.Text) + "." + p.TargetVar.Text)
		e.call(v, e.b2("PoissonInput"), e.ref(p.Target), pyStr(p.TargetVar.Text),
			"N="+e.integer(p.N), "rate="+e.quantity(p.Rate), "weight="+e.codeOrQuantity(p.Weight))
	}
}

// overrides writes the values of group variables given on the command line
// (myelin's --set G.I=0.5*nA).
func (e *exporter) overrides() {
	if len(e.f.Overrides) == 0 {
		return
	}
	e.section("Values set on myelin's command line (--set).")
	for _, s := range e.f.Overrides {
		e.setting(s)
	}
}

// setting writes one change of a value of a schedule or of --set.
func (e *exporter) setting(s model.Setting) {
	if s.Group == "" {
		e.setConstant(s)
		return
	}
	target := e.vars[s.Group] + "." + s.Var
	if s.Index >= 0 {
		target += "[" + strconv.Itoa(s.Index) + "]"
	}
	e.w("%s = %s", target, e.value(s.Value))
}

// setConstant changes a constant, and then every constant computed from
// it, as myelin's --set does.
func (e *exporter) setConstant(s model.Setting) {
	c := e.consts[s.Var]
	if c == nil {
		return
	}
	if py, ok := e.pyExpr(s.Value.Text); ok {
		e.w("%s = %s", c.Name, py)
	} else {
		e.w("%s = %s", c.Name, pyStr(s.Value.Text))
	}
	changed := map[string]bool{c.Name: true}
	for _, d := range e.f.Constants {
		if changed[d.Name] {
			continue
		}
		x, err := expr.ParseExpr(d.Src.Text)
		if err != nil {
			continue
		}
		for _, n := range expr.Names(x) {
			if changed[n] {
				changed[d.Name] = true
				if py, ok := e.pyExpr(d.Src.Text); ok {
					e.w("%s = %s  # follows %s", d.Name, py, n)
				}
				break
			}
		}
	}
}
