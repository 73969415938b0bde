package model

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// The decoder walks what the TOML library decoded (maps, arrays, strings,
// numbers) and fills the typed tables of a File, strictly: every key must be
// one of the format's, of the right type, and required keys must be there.
// Quantities and integers are only recorded here; they are evaluated once
// the constants are known (eval.go), and references between tables are
// checked last (check.go).

type decoder struct {
	f    *File
	errs ErrorList
}

func (d *decoder) errorf(pos Position, format string, args ...any) {
	d.errs = append(d.errs, Errorf(pos, format, args...))
}

// table is one table of the file being decoded.
type table struct {
	d    *decoder
	m    map[string]any
	path []any
	what string // how messages name it: "[run]", "[[neurons]] 'G'"
}

func (t *table) at(key string) []any      { return append(t.path[:len(t.path):len(t.path)], key) }
func (t *table) pos() Position            { return t.d.f.Pos(t.path...) }
func (t *table) valPos(k string) Position { return t.d.f.Pos(t.at(k)...) }
func (t *table) keyPos(k string) Position { return t.d.f.KeyPos(t.at(k)...) }
func (t *table) errorf(pos Position, format string, args ...any) {
	t.d.errorf(pos, format, args...)
}

// sortedKeys returns the keys of m in file order.
func (d *decoder) sortedKeys(m map[string]any, path []any) []string {
	type key struct {
		name string
		seq  int
	}
	keys := make([]key, 0, len(m))
	for k := range m {
		seq := math.MaxInt
		if nd := d.f.nodes[pathKey(append(path[:len(path):len(path)], k))]; nd != nil {
			seq = nd.seq
		}
		keys = append(keys, key{k, seq})
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].seq != keys[j].seq {
			return keys[i].seq < keys[j].seq
		}
		return keys[i].name < keys[j].name
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.name
	}
	return out
}

// keys reports every key of t that is not one of valid.
func (t *table) keys(valid ...string) {
	for _, k := range t.d.sortedKeys(t.m, t.path) {
		if !slices.Contains(valid, k) {
			t.errorf(t.keyPos(k), "unknown key '%s' in %s%s", k, t.what, didYouMean(k, valid))
		}
	}
}

// get returns the value of key; a missing required key is an error at the
// table, with hint saying what the key is for.
func (t *table) get(key string, required bool, hint string) (any, bool) {
	v, ok := t.m[key]
	if !ok && required {
		if hint != "" {
			hint = ": " + hint
		}
		t.errorf(t.pos(), "missing key '%s' in %s%s", key, t.what, hint)
	}
	return v, ok
}

// describe names the TOML type of v for messages: "the integer 5", "a
// string".
func describe(v any) string {
	switch v := v.(type) {
	case string:
		return "a string"
	case int64:
		return "the integer " + strconv.FormatInt(v, 10)
	case float64:
		return "the float " + strconv.FormatFloat(v, 'g', -1, 64)
	case bool:
		return "the boolean " + strconv.FormatBool(v)
	case []any:
		return "an array"
	case []map[string]any:
		return "an array of tables"
	case map[string]any:
		return "a table"
	case time.Time, fmt.Stringer:
		return "a date"
	}
	return fmt.Sprintf("a %T", v)
}

func (t *table) wrongType(key string, v any, want string) {
	t.errorf(t.valPos(key), "%s must be %s, but it is %s", key, want, describe(v))
}

// str reads a string.
func (t *table) str(dst *String, key string, required bool, hint string) {
	v, ok := t.get(key, required, hint)
	if !ok {
		return
	}
	s, ok := v.(string)
	if !ok {
		t.wrongType(key, v, "a string")
		return
	}
	*dst = t.d.f.str(t.at(key), s)
}

// numberText writes a TOML number or boolean as code.
func numberText(v any) (string, bool) {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10), true
	case float64:
		switch {
		case math.IsInf(v, 1):
			return "inf", true
		case math.IsInf(v, -1):
			return "-inf", true
		case math.IsNaN(v):
			return "nan", true
		}
		s := strconv.FormatFloat(v, 'g', -1, 64)
		if !strings.ContainsAny(s, ".e") {
			s += ".0"
		}
		return s, true
	case bool:
		if v {
			return "True", true
		}
		return "False", true
	}
	return "", false
}

// codeAt makes the String of a code value at path: a string, or a number or
// boolean standing for one.
func (d *decoder) codeAt(path []any, v any) (String, bool) {
	if s, ok := v.(string); ok {
		return d.f.str(path, s), true
	}
	if text, ok := numberText(v); ok {
		return String{Text: text, Pos: d.f.Pos(path...), FromNumber: true}, true
	}
	return String{}, false
}

// code reads a code string, or a number standing for one.
func (t *table) code(dst *String, key string, required bool, hint string) {
	v, ok := t.get(key, required, hint)
	if !ok {
		return
	}
	s, ok := t.d.codeAt(t.at(key), v)
	if !ok {
		t.wrongType(key, v, "a string of code or a number")
		return
	}
	*dst = s
}

func (t *table) boolean(dst *bool, key string) {
	v, ok := t.get(key, false, "")
	if !ok {
		return
	}
	b, ok := v.(bool)
	if !ok {
		t.wrongType(key, v, "true or false")
		return
	}
	*dst = b
}

// integer reads an Int of at least lo: a TOML integer, or a string that is
// evaluated later.
func (t *table) integer(dst *Int, key string, required bool, hint string, lo int) {
	v, ok := t.get(key, required, hint)
	if !ok {
		return
	}
	t.d.intAt(dst, t.at(key), key, v, lo)
}

func (d *decoder) intAt(dst *Int, path []any, name string, v any, lo int) {
	pos := d.f.Pos(path...)
	switch x := v.(type) {
	case int64:
		text, _ := numberText(x)
		*dst = Int{Src: String{Text: text, Pos: pos, FromNumber: true}, Value: int(x)}
		if x < int64(lo) {
			d.errorf(pos, "%s must be at least %d, but it is %d", name, lo, x)
		}
	case string:
		*dst = Int{Src: d.f.str(path, x)}
		d.f.evals = append(d.f.evals, func(ev *evaluator) { ev.integer(dst, name, lo) })
	case float64:
		hint := ""
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			hint = fmt.Sprintf(": write %d", int64(x))
		}
		d.errorf(pos, "%s must be an integer, but it is the float %s%s", name, strconv.FormatFloat(x, 'g', -1, 64), hint)
	default:
		d.errorf(pos, "%s must be an integer, or a string with a constant expression such as \"2*N\", but it is %s", name, describe(v))
	}
}

// qspec says what a quantity must be.
type qspec struct {
	dim    units.Dim
	anyDim bool // any dimension will do
	code   bool // it may also be code that the builder checks (Const false)
	cond   bool // it may also be a boolean condition (refractory)
	// ns adds names to the constants; with it, the namespace is complete
	// and every error of checking is reported.
	ns func(ev *evaluator) expr.Namespace
}

var (
	timeSpec  = qspec{dim: units.DimTime}
	rateSpec  = qspec{dim: units.DimFrequency}
	anySpec   = qspec{anyDim: true}
	lenSpec   = qspec{dim: units.DimLength}
	dimless   = qspec{}
	codeSpec  = qspec{anyDim: true, code: true}
	probSpec  = qspec{code: true}
	cmSpec    = qspec{dim: units.DimCapacitance.Div(units.DimLength.Mul(units.DimLength))}
	riSpec    = qspec{dim: units.DimResistance.Mul(units.DimLength)}
	refracSpc = qspec{dim: units.DimTime, code: true, cond: true}
)

// quantity reads a Quantity: a string evaluated later, or a number.
func (t *table) quantity(dst *Quantity, key string, required bool, hint string, spec qspec) {
	v, ok := t.get(key, required, hint)
	if !ok {
		return
	}
	t.d.quantityAt(dst, t.at(key), key, v, spec)
}

func (d *decoder) quantityAt(dst *Quantity, path []any, name string, v any, spec qspec) {
	switch x := v.(type) {
	case string:
		*dst = Quantity{Src: d.f.str(path, x)}
	case int64, float64:
		text, _ := numberText(x)
		f, _ := x.(float64)
		if i, ok := x.(int64); ok {
			f = float64(i)
		}
		*dst = Quantity{Src: String{Text: text, Pos: d.f.Pos(path...), FromNumber: true}, Const: true, Value: units.Number(f)}
	default:
		want := "a string with a quantity such as \"10*ms\""
		if !spec.anyDim && spec.dim.IsDimensionless() {
			want = "a number or a string"
		}
		d.errorf(d.f.Pos(path...), "%s must be %s, but it is %s", name, want, describe(v))
		return
	}
	d.f.evals = append(d.f.evals, func(ev *evaluator) { ev.quantity(dst, name, spec) })
}

// sub returns the table at key, or nil.
func (t *table) sub(key, what string) *table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		if _, isArray := v.([]map[string]any); isArray {
			name := strings.Join(pathNames(t.at(key)), ".")
			t.errorf(t.valPos(key), "%s must be one table: write [%s], not [[%s]]", key, name, name)
			return nil
		}
		t.wrongType(key, v, "a table")
		return nil
	}
	return &table{d: t.d, m: m, path: t.at(key), what: what}
}

// tables returns the array of tables at key; with single, one table is
// taken as an array of one.
func (t *table) tables(key string, single bool) []*table {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	var out []*table
	add := func(i int, m map[string]any) {
		out = append(out, &table{d: t.d, m: m, path: append(t.at(key), i)})
	}
	switch x := v.(type) {
	case []map[string]any:
		for i, m := range x {
			add(i, m)
		}
	case []any:
		for i, e := range x {
			m, ok := e.(map[string]any)
			if !ok {
				t.errorf(t.d.f.Pos(append(t.at(key), i)...), "the elements of %s must be tables, but this one is %s", key, describe(e))
				continue
			}
			add(i, m)
		}
	case map[string]any:
		if single {
			return []*table{{d: t.d, m: x, path: t.at(key)}}
		}
		t.errorf(t.valPos(key), "%s must be an array of tables: write [[%s]] for each, not [%s]", key, strings.Join(pathNames(t.at(key)), "."), strings.Join(pathNames(t.at(key)), "."))
	default:
		t.wrongType(key, v, "an array of tables")
	}
	return out
}

// tomlKey writes a key as TOML needs it: bare when it can be, quoted
// otherwise.
func tomlKey(k string) string {
	for i := 0; i < len(k); i++ {
		if !isBareKeyChar(k[i]) {
			return strconv.Quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

// pathNames returns the keys of path, without indices.
func pathNames(path []any) []string {
	var out []string
	for _, p := range path {
		if s, ok := p.(string); ok {
			out = append(out, s)
		}
	}
	return out
}

// entries reads a table whose keys are names chosen by the user, each a
// code value, in file order.
func (t *table) entries(key string, code bool) []Entry {
	sub := t.sub(key, "")
	if sub == nil {
		return nil
	}
	var out []Entry
	for _, k := range t.d.sortedKeys(sub.m, sub.path) {
		v := sub.m[k]
		path := sub.at(k)
		var s String
		var ok bool
		if code {
			s, ok = t.d.codeAt(path, v)
		} else if str, isStr := v.(string); isStr {
			s, ok = t.d.f.str(path, str), true
		}
		if !ok {
			want := "a string"
			if code {
				want = "a string of code or a number"
			}
			t.errorf(t.d.f.Pos(path...), "%s.%s must be %s, but it is %s", key, tomlKey(k), want, describe(v))
			continue
		}
		out = append(out, Entry{Name: k, KeyPos: t.d.f.KeyPos(path...), Value: s})
	}
	return out
}

// intList reads an array of integers of at least 0 (or one integer, with
// single).
func (t *table) intList(key string, required bool, hint string, single bool) ([]int, bool) {
	v, ok := t.get(key, required, hint)
	if !ok {
		return nil, false
	}
	return t.d.intListAt(t.at(key), key, v, single)
}

func (d *decoder) intListAt(path []any, name string, v any, single bool) ([]int, bool) {
	if n, ok := v.(int64); ok && single {
		v = []any{n}
	}
	a, ok := v.([]any)
	if !ok {
		want := "an array of integers"
		if single {
			want = "an integer or an array of integers"
		}
		d.errorf(d.f.Pos(path...), "%s must be %s, but it is %s", name, want, describe(v))
		return nil, false
	}
	out := make([]int, 0, len(a))
	good := true
	for i, e := range a {
		epath := append(path[:len(path):len(path)], i)
		n, ok := e.(int64)
		switch {
		case !ok:
			d.errorf(d.f.Pos(epath...), "the elements of %s must be integers, but this one is %s", name, describe(e))
			good = false
		case n < 0:
			d.errorf(d.f.Pos(epath...), "the elements of %s must be indices (0 or more), but this one is %d", name, n)
			good = false
		case n > math.MaxInt32:
			d.errorf(d.f.Pos(epath...), "%d is too large for an index", n)
			good = false
		default:
			out = append(out, int(n))
		}
	}
	return out, good
}

// floatList reads an array of numbers.
func (d *decoder) floatListAt(path []any, name string, v any) ([]float64, bool) {
	a, ok := v.([]any)
	if !ok {
		d.errorf(d.f.Pos(path...), "%s must be an array of numbers, but it is %s", name, describe(v))
		return nil, false
	}
	out := make([]float64, 0, len(a))
	good := true
	for i, e := range a {
		switch n := e.(type) {
		case int64:
			out = append(out, float64(n))
		case float64:
			out = append(out, n)
		default:
			d.errorf(d.f.Pos(append(path[:len(path):len(path)], i)...), "the elements of %s must be numbers, but this one is %s", name, describe(e))
			good = false
		}
	}
	return out, good
}

// element names an element of an array of tables for messages: by its
// name where it has one, by its number otherwise.
func element(header string, i int, name String) string {
	if name.IsSet() && name.Text != "" {
		return fmt.Sprintf("%s '%s'", header, name.Text)
	}
	return fmt.Sprintf("%s #%d", header, i+1)
}

// The sections of a model file, in the order they are decoded and
// evaluated: timed arrays come before what may call them.
var sections = []struct {
	name  string
	array bool
}{
	{"model", false}, {"run", false}, {"constants", false},
	{"timed_array", true}, {"neurons", true}, {"poisson", true},
	{"spikegen", true}, {"synapses", true}, {"poisson_input", true},
	{"spatial", true}, {"monitors", true}, {"plots", true},
	{"controls", true}, {"schedule", true},
}

func sectionHeader(name string, array bool) string {
	if array {
		return "[[" + name + "]]"
	}
	return "[" + name + "]"
}

func (d *decoder) file(raw map[string]any) {
	top := &table{d: d, m: raw}
	var names []string
	for _, s := range sections {
		names = append(names, s.name)
	}
	for _, k := range d.sortedKeys(raw, nil) {
		if slices.Contains(names, k) {
			continue
		}
		what := "key '" + k + "' at the top of the file"
		switch raw[k].(type) {
		case map[string]any:
			what = "table [" + k + "]"
		case []map[string]any:
			what = "table [[" + k + "]]"
		}
		hint := ""
		if s := suggest(k, names); s != "" {
			for _, sec := range sections {
				if sec.name == s {
					hint = " — did you mean " + sectionHeader(s, sec.array) + "?"
				}
			}
		} else if _, isTable := raw[k].(map[string]any); !isTable {
			for _, sec := range []struct {
				header string
				keys   []string
			}{{"[model]", modelKeys}, {"[run]", runKeys}} {
				if slices.Contains(sec.keys, k) {
					hint = ": it belongs in " + sec.header
				} else if s := suggest(k, sec.keys); s != "" && hint == "" {
					hint = " — did you mean '" + s + "' in " + sec.header + "?"
				}
			}
		}
		d.errorf(d.f.KeyPos(k), "unknown %s%s", what, hint)
	}
	for _, s := range sections {
		if _, ok := raw[s.name]; !ok {
			continue
		}
		if !s.array {
			t := top.sub(s.name, sectionHeader(s.name, false))
			if t == nil {
				continue
			}
			switch s.name {
			case "model":
				d.model(t)
			case "run":
				d.run(t)
			case "constants":
				d.constants(t)
			}
			continue
		}
		for i, t := range top.tables(s.name, false) {
			header := sectionHeader(s.name, true)
			t.what = fmt.Sprintf("%s #%d", header, i+1)
			switch s.name {
			case "timed_array":
				d.timedArray(t, i)
			case "neurons":
				d.neurons(t, i)
			case "poisson":
				d.poisson(t, i)
			case "spikegen":
				d.spikegen(t, i)
			case "synapses":
				d.synapses(t, i)
			case "poisson_input":
				d.poissonInput(t, i)
			case "spatial":
				d.spatial(t, i)
			case "monitors":
				d.monitor(t, i)
			case "plots":
				d.plot(t, i)
			case "controls":
				d.control(t, i)
			case "schedule":
				d.step(t, i)
			}
		}
	}
}

var (
	modelKeys = []string{"name", "description"}
	runKeys   = []string{"dt", "duration", "seed"}
)

func (d *decoder) model(t *table) {
	m := &d.f.Model
	m.Pos = t.pos()
	t.keys(modelKeys...)
	t.str(&m.Name, "name", false, "")
	t.str(&m.Description, "description", false, "")
}

func (d *decoder) run(t *table) {
	r := &d.f.Run
	r.Pos = t.pos()
	t.keys(runKeys...)
	t.quantity(&r.Dt, "dt", false, "", timeSpec)
	t.quantity(&r.Duration, "duration", false, "", timeSpec)
	t.integer(&r.Seed, "seed", false, "", 0)
}

func (d *decoder) constants(t *table) {
	for _, k := range d.sortedKeys(t.m, t.path) {
		v := t.m[k]
		path := t.at(k)
		c := &Constant{Name: k, KeyPos: d.f.KeyPos(path...)}
		switch x := v.(type) {
		case string:
			c.Src = d.f.str(path, x)
		case int64, float64, bool:
			c.Src, _ = d.codeAt(path, x)
			c.num = x
		default:
			d.errorf(d.f.Pos(path...), "constant '%s' must be a number or a string with a quantity such as \"20*ms\", but it is %s", k, describe(v))
			continue
		}
		if !isIdent(k) {
			d.errorf(c.KeyPos, "constant name '%s' is not a name that code can use: use letters, digits and _, not starting with a digit", k)
			continue
		}
		if why := reservedName(k); why != "" {
			d.errorf(c.KeyPos, "a constant cannot be called '%s': %s", k, why)
			continue
		}
		d.f.Constants = append(d.f.Constants, c)
	}
}

// reservedName says why a name cannot be a constant's, or "".
func reservedName(name string) string {
	switch name {
	case "t":
		return "t is the simulation time"
	case "dt":
		return "dt is the time step"
	case "i", "j":
		return name + " is an index in code"
	case "xi":
		return "xi is white noise in equations"
	}
	if expr.IsBuiltin(name) {
		return name + " is a function"
	}
	return ""
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// The integration methods of Brian2.
var methods = []string{"exact", "linear", "independent", "euler", "rk2", "rk4", "heun", "milstein", "exponential_euler"}

func (t *table) method(dst *String) {
	t.str(dst, "method", false, "")
	if dst.IsSet() && !slices.Contains(methods, dst.Text) {
		t.errorf(dst.Pos, "unknown integration method '%s'%s (the methods are %s)", dst.Text, didYouMean(dst.Text, methods), strings.Join(methods, ", "))
	}
}

// name reads the name of an element of an array of tables and names the
// table after it in messages.
func (t *table) name(dst *String, header string, i int, required bool) {
	t.str(dst, "name", required, "every "+header+" needs a name")
	t.what = element(header, i, *dst)
}

func (d *decoder) neurons(t *table, i int) {
	n := &Neurons{Table: Table{t.pos()}}
	d.f.Neurons = append(d.f.Neurons, n)
	t.name(&n.Name, "[[neurons]]", i, true)
	t.keys("name", "N", "model", "threshold", "reset", "refractory", "method", "events", "init", "linked", "run_regularly", "on_event")
	t.integer(&n.N, "N", true, "the number of neurons", 1)
	t.str(&n.Model, "model", true, "the equations, as in model = \"dv/dt = -v/tau : volt\"")
	t.str(&n.Threshold, "threshold", false, "")
	t.str(&n.Reset, "reset", false, "")
	t.quantity(&n.Refractory, "refractory", false, "", refracSpc)
	t.method(&n.Method)
	n.Events = t.entries("events", false)
	for _, e := range n.Events {
		if e.Name == "spike" {
			t.errorf(e.KeyPos, "the event 'spike' is the threshold's: give the custom event another name")
		}
	}
	n.Init = t.entries("init", true)
	for _, e := range t.entries("linked", false) {
		n.Linked = append(n.Linked, d.link(e))
	}
	of := " of '" + n.Name.Text + "'"
	for j, rt := range t.tables("run_regularly", false) {
		r := &RunRegularly{Table: Table{rt.pos()}}
		n.RunRegularly = append(n.RunRegularly, r)
		rt.what = fmt.Sprintf("[[neurons.run_regularly]] #%d%s", j+1, of)
		rt.keys("code", "dt")
		rt.str(&r.Code, "code", true, "the statements to run")
		rt.quantity(&r.Dt, "dt", false, "", timeSpec)
	}
	for j, et := range t.tables("on_event", false) {
		e := &OnEvent{Table: Table{et.pos()}}
		n.OnEvent = append(n.OnEvent, e)
		et.what = fmt.Sprintf("[[neurons.on_event]] #%d%s", j+1, of)
		et.keys("event", "code")
		et.str(&e.Event, "event", true, "the name of the event")
		et.str(&e.Code, "code", true, "the statements to run")
	}
}

// link splits a linked variable "group.variable".
func (d *decoder) link(e Entry) Link {
	l := Link{Entry: e}
	g, v, ok := strings.Cut(strings.TrimSpace(e.Value.Text), ".")
	if !ok || !isIdent(g) || !isIdent(v) {
		d.errorf(e.Value.Pos, "linked variable '%s' must be \"group.variable\", but it is %q", e.Name, e.Value.Text)
		return l
	}
	l.Group, l.Var = g, v
	return l
}

func (d *decoder) poisson(t *table, i int) {
	p := &Poisson{Table: Table{t.pos()}}
	d.f.Poisson = append(d.f.Poisson, p)
	t.name(&p.Name, "[[poisson]]", i, true)
	t.keys("name", "N", "rates")
	t.integer(&p.N, "N", true, "the number of neurons", 1)
	spec := qspec{dim: units.DimFrequency, code: true, ns: func(ev *evaluator) expr.Namespace {
		return ev.groupNS(p.N)
	}}
	t.quantity(&p.Rates, "rates", true, "the firing rate, as in rates = \"15*Hz\"", spec)
}

func (d *decoder) spikegen(t *table, i int) {
	s := &SpikeGen{Table: Table{t.pos()}}
	d.f.SpikeGens = append(d.f.SpikeGens, s)
	t.name(&s.Name, "[[spikegen]]", i, true)
	t.keys("name", "N", "indices", "times", "time_unit", "period")
	t.integer(&s.N, "N", true, "the number of neurons", 1)
	if indices, ok := t.intList("indices", true, "the neuron of each spike", false); ok {
		s.Indices = indices
	}
	if v, ok := t.get("times", true, "the time of each spike, in time_unit"); ok {
		if times, ok := d.floatListAt(t.at("times"), "times", v); ok {
			s.Times = times
		}
	}
	t.quantity(&s.TimeUnit, "time_unit", false, "", timeSpec)
	t.quantity(&s.Period, "period", false, "", timeSpec)
}

func (d *decoder) timedArray(t *table, i int) {
	ta := &TimedArray{Table: Table{t.pos()}}
	d.f.TimedArrays = append(d.f.TimedArrays, ta)
	t.name(&ta.Name, "[[timed_array]]", i, true)
	t.keys("name", "values", "unit", "dt")
	if v, ok := t.get("values", true, "a list of numbers, or a list of lists for (t, i)"); ok {
		d.values(ta, t.at("values"), v)
	}
	t.quantity(&ta.Unit, "unit", false, "", anySpec)
	t.quantity(&ta.Dt, "dt", true, "the time step of the values, as in dt = \"1*ms\"", timeSpec)
}

// values reads the values of a timed array: numbers, or arrays of numbers
// all of one length.
func (d *decoder) values(ta *TimedArray, path []any, v any) {
	a, ok := v.([]any)
	if !ok {
		d.errorf(d.f.Pos(path...), "values must be an array of numbers, or of arrays of numbers, but it is %s", describe(v))
		return
	}
	if len(a) == 0 {
		d.errorf(d.f.Pos(path...), "values must not be empty")
		return
	}
	if _, ok := a[0].([]any); ok {
		ta.TwoD = true
		for k, row := range a {
			rpath := append(path[:len(path):len(path)], k)
			r, ok := d.floatListAt(rpath, "values", row)
			if !ok {
				continue
			}
			if len(ta.Values) > 0 && len(r) != len(ta.Values[0]) {
				d.errorf(d.f.Pos(rpath...), "every row of values must have %d numbers, as the first has, but this one has %d", len(ta.Values[0]), len(r))
				continue
			}
			ta.Values = append(ta.Values, r)
		}
		return
	}
	flat, ok := d.floatListAt(path, "values", v)
	if !ok {
		return
	}
	for _, x := range flat {
		ta.Values = append(ta.Values, []float64{x})
	}
}

func (d *decoder) synapses(t *table, i int) {
	s := &Synapses{Table: Table{t.pos()}}
	d.f.Synapses = append(d.f.Synapses, s)
	t.name(&s.Name, "[[synapses]]", i, true)
	t.keys("name", "source", "target", "model", "on_pre", "on_post", "delay", "method", "multisynaptic_index", "connect", "init")
	t.ref(&s.Source, "source", true, "the presynaptic group")
	t.ref(&s.Target, "target", false, "")
	t.str(&s.Model, "model", false, "")
	s.OnPre = t.pathways("on_pre", "pre")
	s.OnPost = t.pathways("on_post", "post")
	if _, isTable := t.m["delay"].(map[string]any); isTable {
		// A delay per pathway: delay = {pre = "1*ms", post = "2*ms"}.
		s.Delays = t.entries("delay", true)
	} else {
		t.quantity(&s.Delay, "delay", false, "", timeSpec)
	}
	t.method(&s.Method)
	t.str(&s.MultisynapticIndex, "multisynaptic_index", false, "")
	of := " of '" + s.Name.Text + "'"
	for j, ct := range t.tables("connect", true) {
		c := &Connect{Table: Table{ct.pos()}}
		s.Connect = append(s.Connect, c)
		ct.what = fmt.Sprintf("[[synapses.connect]] #%d%s", j+1, of)
		ct.keys("condition", "p", "i", "j", "n", "skip_if_invalid")
		ct.str(&c.Condition, "condition", false, "")
		ct.quantity(&c.P, "p", false, "", probSpec)
		ct.indices(&c.I, "i")
		ct.indices(&c.J, "j")
		ct.quantity(&c.N, "n", false, "", probSpec)
		ct.boolean(&c.SkipIfInvalid, "skip_if_invalid")
	}
	s.Init = t.entries("init", true)
}

// pathways reads on_pre or on_post: a string (the pathway named def), or a
// table of pathways.
func (t *table) pathways(key, def string) []Entry {
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	switch x := v.(type) {
	case string:
		return []Entry{{Name: def, KeyPos: t.keyPos(key), Value: t.d.f.str(t.at(key), x)}}
	case map[string]any:
		out := t.entries(key, false)
		for _, e := range out {
			if !isIdent(e.Name) {
				t.errorf(e.KeyPos, "pathway name '%s' must be a name: letters, digits and _", e.Name)
			}
		}
		return out
	}
	t.wrongType(key, v, "a string, or a table of pathways such as {pre = \"...\", pre2 = \"...\"}")
	return nil
}

// indices reads the i or j of a connect call.
func (t *table) indices(dst *Indices, key string) {
	v, ok := t.m[key]
	if !ok {
		return
	}
	dst.Pos = t.valPos(key)
	if s, ok := v.(string); ok {
		dst.Code = t.d.f.str(t.at(key), s)
		return
	}
	list, ok := t.d.intListAt(t.at(key), key, v, true)
	if !ok {
		*dst = Indices{}
		return
	}
	dst.List = list
}

func (t *table) ref(dst *Ref, key string, required bool, hint string) {
	var s String
	t.str(&s, key, required, hint)
	if s.IsSet() {
		*dst = Ref{Src: s}
	}
}

func (d *decoder) poissonInput(t *table, i int) {
	p := &PoissonInput{Table: Table{t.pos()}}
	d.f.PoissonInputs = append(d.f.PoissonInputs, p)
	t.name(&p.Name, "[[poisson_input]]", i, false)
	t.keys("name", "target", "target_var", "N", "rate", "weight")
	t.ref(&p.Target, "target", true, "the group that receives the input")
	t.str(&p.TargetVar, "target_var", true, "the variable that each input spike increases")
	t.integer(&p.N, "N", true, "the number of independent inputs", 1)
	t.quantity(&p.Rate, "rate", true, "the rate of each input, as in rate = \"1*Hz\"", rateSpec)
	t.quantity(&p.Weight, "weight", true, "what each input spike adds to target_var, as in weight = \"0.1*mV\"", codeSpec)
}

var sectionTypes = []string{"soma", "cylinder", "section"}

func (d *decoder) spatial(t *table, i int) {
	s := &Spatial{Table: Table{t.pos()}}
	d.f.Spatial = append(d.f.Spatial, s)
	t.name(&s.Name, "[[spatial]]", i, true)
	t.keys("name", "swc", "sections", "model", "Cm", "Ri", "method", "threshold", "reset", "refractory", "init", "set")
	t.str(&s.SWC, "swc", false, "")
	t.str(&s.Model, "model", true, "the equations of the membrane current Im")
	t.quantity(&s.Cm, "Cm", false, "", cmSpec)
	t.quantity(&s.Ri, "Ri", false, "", riSpec)
	t.method(&s.Method)
	t.str(&s.Threshold, "threshold", false, "")
	t.str(&s.Reset, "reset", false, "")
	t.quantity(&s.Refractory, "refractory", false, "", refracSpc)
	s.Init = t.entries("init", true)
	of := " of '" + s.Name.Text + "'"
	for j, st := range t.tables("sections", false) {
		sec := &Section{Table: Table{st.pos()}}
		s.Sections = append(s.Sections, sec)
		st.what = element("[[spatial.sections]]", j, String{}) + of
		st.str(&sec.Name, "name", true, "every section needs a name")
		st.what = element("[[spatial.sections]]", j, sec.Name) + of
		st.keys("name", "type", "parent", "n", "diameter", "length", "x", "y", "z")
		st.str(&sec.Type, "type", true, "soma, cylinder or section")
		if sec.Type.IsSet() && !slices.Contains(sectionTypes, sec.Type.Text) {
			st.errorf(sec.Type.Pos, "unknown section type '%s'%s (the types are soma, cylinder and section)", sec.Type.Text, didYouMean(sec.Type.Text, sectionTypes))
		}
		st.str(&sec.Parent, "parent", false, "")
		st.integer(&sec.N, "n", false, "", 1)
		st.lengths(&sec.Diameter, "diameter")
		st.lengths(&sec.Length, "length")
		st.lengths(&sec.X, "x")
		st.lengths(&sec.Y, "y")
		st.lengths(&sec.Z, "z")
	}
	switch {
	case s.SWC.IsSet() && len(s.Sections) > 0:
		t.errorf(t.valPos("sections"), "%s has both swc and sections: give one of them", t.what)
	case !s.SWC.IsSet() && len(s.Sections) == 0:
		if _, ok := t.m["sections"]; !ok {
			t.errorf(t.pos(), "%s needs a morphology: swc = \"file.swc\", or [[spatial.sections]]", t.what)
		}
	}
	for j, st := range t.tables("set", false) {
		op := &SetOp{Table: Table{st.pos()}}
		s.Set = append(s.Set, op)
		st.what = fmt.Sprintf("[[spatial.set]] #%d%s", j+1, of)
		st.keys("var", "value", "section", "index", "where")
		st.str(&op.Var, "var", true, "the variable to set")
		st.code(&op.Value, "value", true, "the value to give it")
		st.str(&op.Section, "section", false, "")
		st.integer(&op.Index, "index", false, "", 0)
		st.str(&op.Where, "where", false, "")
	}
}

// lengths reads one length, or an array of them.
func (t *table) lengths(dst *Lengths, key string) {
	v, ok := t.m[key]
	if !ok {
		return
	}
	dst.Pos = t.valPos(key)
	a, isArray := v.([]any)
	if !isArray {
		dst.Values = make([]Quantity, 1)
		t.d.quantityAt(&dst.Values[0], t.at(key), key, v, lenSpec)
		return
	}
	dst.Array = true
	dst.Values = make([]Quantity, len(a))
	for k, e := range a {
		t.d.quantityAt(&dst.Values[k], append(t.at(key), k), key, e, lenSpec)
	}
}

var monitorTypes = []string{"spike", "state", "rate", "event"}

func (d *decoder) monitor(t *table, i int) {
	m := &Monitor{Table: Table{t.pos()}}
	d.f.Monitors = append(d.f.Monitors, m)
	t.name(&m.Name, "[[monitors]]", i, true)
	t.keys("name", "type", "source", "variables", "record", "dt", "event")
	t.str(&m.Type, "type", true, "spike, state, rate or event")
	if m.Type.IsSet() && !slices.Contains(monitorTypes, m.Type.Text) {
		t.errorf(m.Type.Pos, "unknown monitor type '%s'%s (the types are spike, state, rate and event)", m.Type.Text, didYouMean(m.Type.Text, monitorTypes))
	}
	t.ref(&m.Source, "source", true, "the group, synapses or spatial neuron to watch")
	if v, ok := t.m["variables"]; ok {
		switch x := v.(type) {
		case string:
			m.Variables = []String{d.f.str(t.at("variables"), x)}
		case []any:
			for k, e := range x {
				path := append(t.at("variables"), k)
				s, ok := e.(string)
				if !ok {
					d.errorf(d.f.Pos(path...), "the elements of variables must be names of variables, but this one is %s", describe(e))
					continue
				}
				m.Variables = append(m.Variables, d.f.str(path, s))
			}
		default:
			t.wrongType("variables", v, "an array of names of variables")
		}
	}
	if v, ok := t.m["record"]; ok {
		m.Record.Pos = t.valPos("record")
		switch x := v.(type) {
		case bool:
			m.Record.All = x
			if !x {
				m.Record.Indices = []int{}
			}
		case int64, []any:
			if list, ok := d.intListAt(t.at("record"), "record", x, true); ok {
				m.Record.Indices = list
			} else {
				m.Record = Record{}
			}
		default:
			t.wrongType("record", v, "true (every element), an index, or an array of indices")
			m.Record = Record{}
		}
	}
	t.quantity(&m.Dt, "dt", false, "", timeSpec)
	t.str(&m.Event, "event", false, "")
	switch m.Type.Text {
	case "state":
		if _, ok := t.m["variables"]; !ok {
			t.errorf(t.pos(), "missing key 'variables' in %s: the variables to record, as in variables = [\"v\"]", t.what)
		}
	case "event":
		if !m.Event.IsSet() {
			t.errorf(t.pos(), "missing key 'event' in %s: the name of the event to record", t.what)
		}
	}
	if m.Event.IsSet() && m.Type.IsSet() && m.Type.Text != "event" {
		t.errorf(t.keyPos("event"), "event applies only to monitors of type \"event\", but %s is of type %q", t.what, m.Type.Text)
	}
}

var plotTypes = []string{"raster", "trace", "rate", "morphology", "xy"}

func (d *decoder) plot(t *table, i int) {
	p := &Plot{Table: Table{t.pos()}}
	d.f.Plots = append(d.f.Plots, p)
	t.keys("type", "monitor", "source", "variable", "x", "y", "title")
	t.str(&p.Type, "type", true, "raster, trace, rate, morphology or xy")
	if p.Type.IsSet() && !slices.Contains(plotTypes, p.Type.Text) {
		t.errorf(p.Type.Pos, "unknown plot type '%s'%s (the types are raster, trace, rate, morphology and xy)", p.Type.Text, didYouMean(p.Type.Text, plotTypes))
	}
	t.str(&p.Monitor, "monitor", false, "")
	t.str(&p.Source, "source", false, "")
	t.str(&p.Variable, "variable", false, "")
	t.str(&p.X, "x", false, "")
	t.str(&p.Y, "y", false, "")
	t.str(&p.Title, "title", false, "")
	switch p.Type.Text {
	case "raster", "trace", "rate", "xy":
		if !p.Monitor.IsSet() {
			t.errorf(t.pos(), "missing key 'monitor' in %s: the name of the monitor to draw", t.what)
		}
	case "morphology":
		if !p.Source.IsSet() {
			t.errorf(t.pos(), "missing key 'source' in %s: the name of the [[spatial]] neuron to draw", t.what)
		}
	}
	if p.Type.Text == "xy" {
		for _, k := range []string{"x", "y"} {
			if _, ok := t.m[k]; !ok {
				t.errorf(t.pos(), "missing key '%s' in %s: the variable drawn along %s", k, t.what, k)
			}
		}
	}
}

func (d *decoder) control(t *table, i int) {
	c := &Control{Table: Table{t.pos()}}
	d.f.Controls = append(d.f.Controls, c)
	t.str(&c.Param, "param", true, "the constant or group.variable that the slider sets")
	if c.Param.IsSet() {
		t.what = fmt.Sprintf("[[controls]] '%s'", c.Param.Text)
	}
	t.keys("param", "min", "max", "step", "label")
	if c.Param.IsSet() {
		g, v, dotted := strings.Cut(c.Param.Text, ".")
		switch {
		case dotted && isIdent(g) && isIdent(v):
			c.Group, c.Var = g, v
		case !dotted && isIdent(g):
			c.Var = g
		default:
			t.errorf(c.Param.Pos, "param must be a constant's name or \"group.variable\", but it is %q", c.Param.Text)
		}
	}
	t.quantity(&c.Min, "min", true, "the slider's lowest value", anySpec)
	t.quantity(&c.Max, "max", true, "the slider's highest value", anySpec)
	t.quantity(&c.Step, "step", false, "", anySpec)
	t.str(&c.Label, "label", false, "")
}

func (d *decoder) step(t *table, i int) {
	s := &Step{Table: Table{t.pos()}}
	d.f.Schedule = append(d.f.Schedule, s)
	t.keys("run", "set")
	t.quantity(&s.Run, "run", false, "", timeSpec)
	for _, e := range t.entries("set", true) {
		st, msg := parseSetting(e.Name)
		if msg != "" {
			t.errorf(e.KeyPos, "%s", msg)
			continue
		}
		st.KeyPos, st.Value = e.KeyPos, e.Value
		s.Set = append(s.Set, st)
	}
	_, hasRun := t.m["run"]
	_, hasSet := t.m["set"]
	switch {
	case hasRun && hasSet:
		t.errorf(t.pos(), "%s has both run and set: give each its own [[schedule]] table", t.what)
	case !hasRun && !hasSet:
		t.errorf(t.pos(), "%s needs run = \"100*ms\" or set = {...}", t.what)
	}
}

// parseSetting splits the name of a value to set: "tau", "G.I" or
// "cell.I[0]".
func parseSetting(key string) (Setting, string) {
	st := Setting{Key: key, Index: -1}
	name := strings.TrimSpace(key)
	if open := strings.IndexByte(name, '['); open >= 0 {
		if !strings.HasSuffix(name, "]") {
			return st, fmt.Sprintf("cannot set '%s': write group.variable or group.variable[index]", key)
		}
		n, err := strconv.Atoi(strings.TrimSpace(name[open+1 : len(name)-1]))
		if err != nil || n < 0 {
			return st, fmt.Sprintf("cannot set '%s': the index must be a number, 0 or more", key)
		}
		st.Index = n
		name = name[:open]
	}
	g, v, dotted := strings.Cut(name, ".")
	switch {
	case dotted && isIdent(g) && isIdent(v):
		st.Group, st.Var = g, v
	case !dotted && isIdent(g) && st.Index < 0:
		st.Var = g
	default:
		return st, fmt.Sprintf("cannot set '%s': write a constant's name, group.variable or group.variable[index]", key)
	}
	return st, ""
}
