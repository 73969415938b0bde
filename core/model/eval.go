package model

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// evaluator evaluates the constants, then every quantity and integer of
// the file with the constants in scope, then checks the references between
// tables. It runs when a file is loaded and again after each
// [File.Override].
type evaluator struct {
	f      *File
	consts map[string]*Constant // evaluated so far
	bad    map[string]bool      // constants that failed: uses of them are not reported again
	errs   ErrorList
}

func (ev *evaluator) errorf(pos Position, format string, args ...any) {
	ev.errs = append(ev.errs, Errorf(pos, format, args...))
}

// resolve evaluates and checks f, and returns what is wrong.
func (f *File) resolve() ErrorList {
	ev := &evaluator{f: f, consts: map[string]*Constant{}, bad: map[string]bool{}}
	ev.constants()
	for _, e := range f.evals {
		e(ev)
	}
	ev.check()
	return ev.errs
}

// constNS resolves the constants evaluated so far.
func (ev *evaluator) constNS(name string) (expr.Symbol, bool) {
	c, ok := ev.consts[name]
	if !ok {
		return expr.Symbol{}, false
	}
	return constSymbol(c), true
}

func constSymbol(c *Constant) expr.Symbol {
	return expr.Symbol{Dim: c.Value.Dim, Kind: c.Kind, Const: true, Scalar: true, Value: c.Value.Value}
}

// groupNS resolves what the code of a group of n neurons may use besides
// constants: t, i, N and the timed arrays.
func (ev *evaluator) groupNS(n Int) expr.Namespace {
	return func(name string) (expr.Symbol, bool) {
		switch name {
		case "t":
			return expr.Symbol{Dim: units.DimTime, Scalar: true}, true
		case "dt":
			return expr.Symbol{Dim: units.DimTime, Scalar: true}, true
		case "i":
			return expr.Symbol{Kind: expr.Integer}, true
		case "N":
			return expr.Symbol{Kind: expr.Integer, Const: true, Scalar: true, Value: float64(n.Value)}, true
		}
		if s, ok := ev.constNS(name); ok {
			return s, true
		}
		for _, ta := range ev.f.TimedArrays {
			if ta.Name.Text == name {
				return expr.Symbol{Func: ta.Sig()}, true
			}
		}
		return expr.Symbol{}, false
	}
}

// parse parses s as an expression and reports its syntax errors. It
// returns false without a report when s uses a constant that failed.
func (ev *evaluator) parse(s String) (expr.Expr, bool) {
	x, err := expr.ParseExpr(s.Text)
	if err != nil {
		ev.errs = append(ev.errs, s.Errors(err)...)
		return nil, false
	}
	for _, n := range expr.Names(x) {
		if ev.bad[n] {
			return nil, false
		}
	}
	return x, true
}

// known reports whether the checker can resolve name with ns.
func known(name string, ns expr.Namespace) bool {
	if _, ok := ns(name); ok {
		return true
	}
	switch name {
	case "pi", "e", "inf", "True", "False":
		return true
	}
	_, ok := units.Lookup(name)
	return ok
}

// hasUnknown reports whether x uses names or functions that ns does not
// know: then x is code for the builder, which knows the model's variables.
func hasUnknown(x expr.Expr, ns expr.Namespace) bool {
	for _, n := range expr.Names(x) {
		if !known(n, ns) {
			return true
		}
	}
	for _, fn := range expr.FuncNames(x) {
		if _, ok := ns(fn); !ok && !expr.IsBuiltin(fn) {
			return true
		}
	}
	return false
}

// unknownNames reports the names of x that ns does not know, with the
// nearest name that it does know, and reports whether there were any.
// (The checker would report them too, but can suggest only units.)
func (ev *evaluator) unknownNames(s String, x expr.Expr, ns expr.Namespace, extra ...string) bool {
	found := false
	expr.Inspect(x, func(n expr.Node) bool {
		switch n := n.(type) {
		case *expr.Call:
			for _, a := range n.Args {
				if ev.unknownNames(s, a, ns, extra...) {
					found = true
				}
			}
			return false
		case *expr.Name:
			if known(n.Name, ns) || expr.IsBuiltin(n.Name) {
				return true
			}
			found = true
			names := append([]string(nil), extra...)
			for name := range ev.consts {
				names = append(names, name)
			}
			hint := didYouMean(n.Name, names)
			if hint == "" {
				if sug := units.Suggest(n.Name); len(sug) > 0 && strings.EqualFold(sug[0][:1], n.Name[:1]) {
					hint = " — did you mean '" + sug[0] + "'?"
				}
			}
			ev.errorf(s.At(int(n.Pos())), "unknown identifier '%s'%s", n.Name, hint)
		}
		return true
	})
	return found
}

// nonConst finds what keeps a checked expression from being constant.
func nonConst(c *expr.Checked) (expr.Pos, string) {
	var at expr.Pos
	why := "it is not a constant"
	found := false
	expr.Inspect(c.Root, func(n expr.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *expr.Call:
			if expr.IsRandom(n.Fun.Name) {
				at, why, found = n.Pos(), fmt.Sprintf("it uses %s(), which is random", n.Fun.Name), true
				return false
			}
			if !expr.IsBuiltin(n.Fun.Name) {
				at, why, found = n.Pos(), fmt.Sprintf("it calls %s(), which is not constant", n.Fun.Name), true
				return false
			}
		case *expr.Name:
			if in, ok := c.Nodes[n]; ok && !in.Const {
				at, why, found = n.Pos(), fmt.Sprintf("it uses '%s', which is not a constant", n.Name), true
				return false
			}
		}
		return true
	})
	return at, why
}

// quoted shows a value in a message: a string in quotes, a number as it is.
func quoted(s String) string {
	if s.FromNumber {
		return s.Text
	}
	text := s.Text
	if len(text) > 60 {
		text = text[:57] + "..."
	}
	return strconv.Quote(text)
}

// dimNoun names what a dimension is, and the unit to suggest for it.
func dimNoun(d units.Dim) (noun, unit string) {
	switch d {
	case units.Dimensionless:
		return "dimensionless", ""
	case units.DimTime:
		return "a time", "ms"
	case units.DimFrequency:
		return "a rate", "Hz"
	case units.DimLength:
		return "a length", "um"
	case units.DimVoltage:
		return "a voltage", "mV"
	case units.DimCurrent:
		return "a current", "nA"
	case units.DimConductance:
		return "a conductance", "nS"
	case units.DimCapacitance:
		return "a capacitance", "pF"
	case cmSpec.dim:
		return "a capacitance per area (farad/meter**2)", "uF/cm**2"
	case riSpec.dim:
		return "a resistivity (ohm*meter)", "ohm*cm"
	}
	return "in " + d.String(), d.String()
}

// dimError reports a value of dimension got where want is needed; as names
// what has the dimension wanted, if anything.
func (ev *evaluator) dimError(s String, name, as string, want, got units.Dim) {
	noun, unit := dimNoun(want)
	if as != "" {
		as = ", as " + as + " is"
	}
	if got.IsDimensionless() {
		hint := ""
		if _, err := strconv.ParseFloat(strings.TrimSpace(s.Text), 64); err == nil && unit != "" {
			hint = fmt.Sprintf(": write \"%s*%s\"", strings.TrimSpace(s.Text), unit)
		}
		ev.errorf(s.Pos, "%s must be %s%s, but %s is dimensionless%s", name, noun, as, quoted(s), hint)
		return
	}
	ev.errorf(s.Pos, "%s must be %s%s, but %s is in %s", name, noun, as, quoted(s), got)
}

// constants evaluates [constants] in file order.
func (ev *evaluator) constants() {
	later := map[string]*Constant{}
	for _, c := range ev.f.Constants {
		later[c.Name] = c
	}
	for _, c := range ev.f.Constants {
		delete(later, c.Name)
		if ev.constant(c, later) {
			ev.consts[c.Name] = c
		} else {
			ev.bad[c.Name] = true
		}
	}
}

func (ev *evaluator) constant(c *Constant, later map[string]*Constant) bool {
	switch v := c.num.(type) {
	case int64:
		c.Value, c.Kind = units.Number(float64(v)), expr.Integer
		return true
	case float64:
		c.Value, c.Kind = units.Number(v), expr.Float
		return true
	case bool:
		c.Value, c.Kind = units.Number(b2f(v)), expr.Boolean
		return true
	}
	x, ok := ev.parse(c.Src)
	if !ok {
		return false
	}
	good := true
	expr.Inspect(x, func(n expr.Node) bool {
		if name, ok := n.(*expr.Name); ok {
			if l := later[name.Name]; l != nil {
				ev.errorf(c.Src.At(int(name.Pos())), "constant '%s' is defined later, on line %d: a constant may use only the constants above it", name.Name, l.KeyPos.Line)
				good = false
			} else if name.Name == c.Name {
				ev.errorf(c.Src.At(int(name.Pos())), "constant '%s' cannot use itself", c.Name)
				good = false
			}
		}
		return true
	})
	if !good || ev.unknownNames(c.Src, x, ev.constNS) {
		return false
	}
	checked, err := expr.Check(x, ev.constNS)
	if err != nil {
		ev.errs = append(ev.errs, c.Src.Errors(err)...)
		return false
	}
	in := checked.Info()
	if !in.Const {
		at, why := nonConst(checked)
		ev.errorf(c.Src.At(int(at)), "constant '%s' must be a constant expression, but %s", c.Name, why)
		return false
	}
	c.Value, c.Kind = units.Quantity{Value: in.Value, Dim: in.Dim}, in.Kind
	return true
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// quantity evaluates q, a value named name in messages.
func (ev *evaluator) quantity(q *Quantity, name string, spec qspec) {
	if q.Src.FromNumber {
		if !spec.anyDim && q.Value.Dim != spec.dim {
			ev.dimError(q.Src, name, "", spec.dim, q.Value.Dim)
		}
		return
	}
	q.Const, q.Value = false, units.Quantity{}
	x, ok := ev.parse(q.Src)
	if !ok {
		return
	}
	ns := expr.Namespace(ev.constNS)
	var extra []string
	if spec.ns != nil {
		ns = spec.ns(ev)
		extra = []string{"t", "i", "N"}
		for _, ta := range ev.f.TimedArrays {
			extra = append(extra, ta.Name.Text)
		}
	} else if spec.code && hasUnknown(x, ns) {
		return // code, for the builder
	}
	if ev.unknownNames(q.Src, x, ns, extra...) {
		return
	}
	c, err := expr.Check(x, ns)
	if err != nil {
		ev.errs = append(ev.errs, q.Src.Errors(err)...)
		return
	}
	in := c.Info()
	if in.Kind == expr.Boolean && spec.cond {
		return // a condition
	}
	if !spec.anyDim && in.Dim != spec.dim {
		ev.dimError(q.Src, name, "", spec.dim, in.Dim)
		return
	}
	if !in.Const {
		if !spec.code {
			at, why := nonConst(c)
			ev.errorf(q.Src.At(int(at)), "%s must be a constant expression, but %s", name, why)
		}
		return
	}
	q.Const, q.Value = true, units.Quantity{Value: in.Value, Dim: in.Dim}
}

// integer evaluates an Int given as a string, of at least lo.
func (ev *evaluator) integer(n *Int, name string, lo int) {
	n.Value = 0
	x, ok := ev.parse(n.Src)
	if !ok {
		return
	}
	v, ok := ev.intExpr(n.Src, x, name)
	if !ok {
		return
	}
	if v < lo {
		ev.errorf(n.Src.Pos, "%s must be at least %d, but %s is %d", name, lo, quoted(n.Src), v)
		return
	}
	n.Value = v
}

// intExpr checks that x, the expression of s, is a constant integer.
func (ev *evaluator) intExpr(s String, x expr.Expr, name string) (int, bool) {
	if ev.unknownNames(s, x, ev.constNS) {
		return 0, false
	}
	c, err := expr.Check(x, ev.constNS)
	if err != nil {
		ev.errs = append(ev.errs, s.Errors(err)...)
		return 0, false
	}
	in := c.Info()
	switch {
	case !in.Dim.IsDimensionless():
		ev.errorf(s.Pos, "%s must be a dimensionless integer, but %s is in %s", name, quoted(s), in.Dim)
	case !in.Const:
		at, why := nonConst(c)
		ev.errorf(s.At(int(at)), "%s must be a constant expression, but %s", name, why)
	case in.Kind == expr.Boolean:
		ev.errorf(s.Pos, "%s must be an integer, but %s is a boolean", name, quoted(s))
	case in.Value != math.Trunc(in.Value) || math.IsInf(in.Value, 0):
		ev.errorf(s.Pos, "%s must be an integer, but %s is %s", name, quoted(s), strconv.FormatFloat(in.Value, 'g', -1, 64))
	case math.Abs(in.Value) > 1<<53:
		ev.errorf(s.Pos, "%s is too large: %s is %s", name, quoted(s), strconv.FormatFloat(in.Value, 'g', -1, 64))
	default:
		return int(in.Value), true
	}
	return 0, false
}

// Constant returns the constant called name.
func (f *File) Constant(name string) (*Constant, bool) {
	for _, c := range f.Constants {
		if c.Name == name {
			return c, true
		}
	}
	return nil, false
}

// Namespace resolves the constants of f (with their values, in SI units)
// and its timed arrays (as functions), for checking code strings with
// [expr.Check]. Unit names and Brian2's built-in constants are the
// checker's own.
func (f *File) Namespace() expr.Namespace {
	return func(name string) (expr.Symbol, bool) {
		for _, ta := range f.TimedArrays {
			if ta.Name.Text == name {
				return expr.Symbol{Func: ta.Sig()}, true
			}
		}
		if c, ok := f.Constant(name); ok {
			return constSymbol(c), true
		}
		return expr.Symbol{}, false
	}
}

// Override applies a --set NAME=VALUE of the command line. For a constant
// (--set tau=20*ms), it replaces the constant's expression with value,
// which must have the same dimension, and evaluates the file again, so that
// everything that uses the constant follows. For a group's variable (--set
// G.I=0.5*nA, or G.I[0]=...), it checks that G is a group and that value
// parses, and records it in f.Overrides for the builder. On an error f is
// left as it was.
func (f *File) Override(name, value string) error {
	arg := "--set " + name + "=" + value
	pos := Position{File: arg}
	fail := func(format string, args ...any) error {
		return ErrorList{Errorf(pos, format, args...)}
	}
	src := String{Text: value, Pos: pos}
	if _, err := expr.ParseExpr(value); err != nil {
		return fail("%s", firstMessage(err))
	}
	if strings.ContainsAny(name, ".[") {
		st, msg := parseSetting(name)
		if msg != "" {
			return fail("%s", msg)
		}
		if st.Group == "" {
			return fail("cannot set '%s': write group.variable", name)
		}
		if e, ok := f.entities()[st.Group]; !ok || !slices.Contains(watchedKinds, e.kind) {
			return fail("unknown group '%s'%s", st.Group, didYouMean(st.Group, f.groupNames()))
		}
		st.KeyPos, st.Value = pos, src
		f.Overrides = append(f.Overrides, st)
		return nil
	}
	c, ok := f.Constant(name)
	if !ok {
		var names []string
		for _, c := range f.Constants {
			names = append(names, c.Name)
		}
		hint := didYouMean(name, names)
		if _, isGroup := f.entities()[name]; isGroup {
			hint = ": to set a variable of group " + name + ", write " + name + ".variable=value"
		}
		return fail("unknown constant '%s'%s", name, hint)
	}

	old := *c
	c.Src, c.num, c.Set = src, nil, true
	if errs := f.resolve(); len(errs) > 0 {
		*c = old
		f.resolve()
		// Errors in the value itself have no line; show them with the
		// argument.
		for _, e := range errs {
			if e.Pos.File == arg {
				return fail("%s", e.Msg)
			}
		}
		return errs.Err()
	}
	if c.Value.Dim != old.Value.Dim {
		got := c.Value.Dim
		*c = old
		f.resolve()
		_, unit := dimNoun(old.Value.Dim)
		hint := ""
		if got.IsDimensionless() && unit != "" {
			if _, err := strconv.ParseFloat(value, 64); err == nil {
				hint = fmt.Sprintf(": write %s*%s", value, unit)
			}
		}
		return fail("%s is %s in the model, but %s is %s%s", name, inUnit(old.Value.Dim), value, inUnit(got), hint)
	}
	return nil
}

// OverrideAll performs the overrides of several --set arguments, each
// "NAME=VALUE" as in [File.Override], as one set: their order does not
// matter, so `--set N=1000 --set Ne=800` works as well as the reverse even
// though N=1000 alone leaves a slice P[:Ne] out of range. Each pass applies
// every override that holds with those applied so far; the error of the
// first one that never holds is returned.
func (f *File) OverrideAll(sets []string) error {
	pending := sets
	for len(pending) > 0 {
		var failed []string
		var first error
		for _, s := range pending {
			name, value, _ := strings.Cut(s, "=")
			if err := f.Override(strings.TrimSpace(name), strings.TrimSpace(value)); err != nil {
				failed = append(failed, s)
				if first == nil {
					first = err
				}
			}
		}
		if len(failed) == len(pending) {
			return first
		}
		pending = failed
	}
	return nil
}

// firstMessage returns the message of the first error of a code string.
func firstMessage(err error) string {
	var list expr.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		return list[0].Msg
	}
	var one *expr.Error
	if errors.As(err, &one) {
		return one.Msg
	}
	return err.Error()
}

func inUnit(d units.Dim) string {
	if d.IsDimensionless() {
		return "dimensionless"
	}
	return "in " + d.String()
}
