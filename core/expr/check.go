package expr

import (
	"fmt"
	"math"
	"strings"

	"github.com/myelin-sim/myelin/units"
)

// Kind is the value type of an expression, as Brian2 distinguishes them:
// floating point, integer and boolean.
type Kind int

const (
	Float Kind = iota
	Integer
	Boolean
)

func (k Kind) String() string {
	switch k {
	case Integer:
		return "integer"
	case Boolean:
		return "boolean"
	}
	return "float"
}

// Symbol is what a name means to the checker: a variable, a constant or a
// function, with its dimension and type.
type Symbol struct {
	Dim  units.Dim
	Kind Kind
	// Const marks values known when the model is built (constants, units,
	// dt in most uses); Value holds them in SI units, and the checker folds
	// expressions of them into numbers.
	Const bool
	Value float64
	// Scalar marks values that are the same for every element (constants,
	// shared variables, t, dt, N). Expressions of them are loop invariants.
	Scalar bool
	// Func is set when the name is a function the namespace provides (a
	// TimedArray); the built-in functions need no symbol.
	Func *FuncSig
}

// FuncSig describes a function a namespace provides: its arguments'
// dimensions and its result's dimension and kind.
type FuncSig struct {
	Args   []units.Dim
	Result units.Dim
	Kind   Kind
}

// Namespace resolves the identifiers of a code string. It returns false for
// unknown names; the checker then tries the built-in constants (pi, e, inf,
// True, False) and unit names (mV, ms ...).
type Namespace func(name string) (Symbol, bool)

// Info is what checking learns about each expression node.
type Info struct {
	Dim    units.Dim
	Kind   Kind
	Const  bool    // value known at build time
	Value  float64 // the folded value when Const
	Scalar bool    // same for every element
}

// Checked is a checked expression: the tree and what is known about every
// node in it.
type Checked struct {
	Root  Expr
	Nodes map[Expr]Info
}

// Info returns what checking found for the root.
func (c *Checked) Info() Info { return c.Nodes[c.Root] }

// builtin describes a built-in function of Brian2's code strings.
type builtin struct {
	nargs int
	// check validates the argument infos and returns the result's dimension
	// and kind, or an error message and the index of the argument at fault.
	check func(args []Info) (units.Dim, Kind, string, int)
	// fold computes the result from constant arguments; nil when the
	// function must not fold (random numbers).
	fold func(args []float64) float64
}

func dimensionless(name string, result Kind) func([]Info) (units.Dim, Kind, string, int) {
	return func(args []Info) (units.Dim, Kind, string, int) {
		for i, a := range args {
			if !a.Dim.IsDimensionless() {
				return units.Dimensionless, result, fmt.Sprintf("%s needs a dimensionless argument, but it is in %s", name, a.Dim), i
			}
		}
		return units.Dimensionless, result, "", 0
	}
}

func sameUnit(args []Info) (units.Dim, Kind, string, int) {
	return args[0].Dim, highestNumeric(args[0].Kind, args[0].Kind), "", 0
}

func floatOf(args []Info) (units.Dim, Kind, string, int) { return args[0].Dim, Float, "", 0 }

func unary(f func(float64) float64) func([]float64) float64 {
	return func(a []float64) float64 { return f(a[0]) }
}

// builtins are the functions of Brian2's DEFAULT_FUNCTIONS with Brian2's
// unit rules.
var builtins map[string]builtin

func init() {
	d1 := func(name string, f func(float64) float64) builtin {
		return builtin{1, dimensionless(name, Float), unary(f)}
	}
	builtins = map[string]builtin{
		"exp":    d1("exp", Funcs.Exp),
		"log":    d1("log", Funcs.Log),
		"log10":  d1("log10", Funcs.Log10),
		"expm1":  d1("expm1", Funcs.Expm1),
		"log1p":  d1("log1p", Funcs.Log1p),
		"exprel": d1("exprel", Funcs.Exprel),
		"sin":    d1("sin", Funcs.Sin),
		"cos":    d1("cos", Funcs.Cos),
		"tan":    d1("tan", Funcs.Tan),
		"sinh":   d1("sinh", Funcs.Sinh),
		"cosh":   d1("cosh", Funcs.Cosh),
		"tanh":   d1("tanh", Funcs.Tanh),
		"arcsin": d1("arcsin", Funcs.Asin),
		"arccos": d1("arccos", Funcs.Acos),
		"arctan": d1("arctan", Funcs.Atan),
		"sqrt": {1, func(a []Info) (units.Dim, Kind, string, int) {
			d, err := a[0].Dim.Pow(0.5)
			if err != nil {
				return d, Float, err.Error(), 0
			}
			return d, Float, "", 0
		}, unary(math.Sqrt)},
		"abs":   {1, sameUnit, unary(math.Abs)},
		"floor": {1, floatOf, unary(math.Floor)},
		"ceil":  {1, floatOf, unary(math.Ceil)},
		"sign": {1, func(a []Info) (units.Dim, Kind, string, int) {
			return units.Dimensionless, highestNumeric(a[0].Kind, a[0].Kind), "", 0
		}, unary(Sign)},
		"int": {1, dimensionless("int", Integer), unary(math.Trunc)},
		"clip": {3, func(a []Info) (units.Dim, Kind, string, int) {
			for i := 1; i < 3; i++ {
				if a[i].Dim != a[0].Dim {
					return a[0].Dim, Float, fmt.Sprintf("clip's bounds must have the unit of its first argument (%s), but argument %d is in %s", a[0].Dim, i+1, a[i].Dim), i
				}
			}
			return a[0].Dim, highestNumeric(highestNumeric(a[0].Kind, a[1].Kind), a[2].Kind), "", 0
		}, func(a []float64) float64 { return Clip(a[0], a[1], a[2]) }},
		"rand":    {0, dimensionless("rand", Float), nil},
		"randn":   {0, dimensionless("randn", Float), nil},
		"poisson": {1, dimensionless("poisson", Integer), nil},
		"timestep": {2, func(a []Info) (units.Dim, Kind, string, int) {
			for i := range a {
				if a[i].Dim != units.DimTime {
					return units.Dimensionless, Integer, fmt.Sprintf("timestep takes two times (t, dt), but argument %d is in %s", i+1, a[i].Dim), i
				}
			}
			return units.Dimensionless, Integer, "", 0
		}, func(a []float64) float64 { return Timestep(a[0], a[1]) }},
	}
}

// IsBuiltin reports whether name is one of Brian2's built-in functions.
func IsBuiltin(name string) bool { _, ok := builtins[name]; return ok }

// IsRandom reports whether name is a function that draws random numbers.
func IsRandom(name string) bool { return name == "rand" || name == "randn" || name == "poisson" }

func highestNumeric(a, b Kind) Kind {
	if a == Float || b == Float {
		return Float
	}
	return Integer // booleans in arithmetic count as integers, as in Python
}

// Check checks the units and types of x, the way Brian2 does before it
// generates code, and folds constant subexpressions. All errors are reported
// together, each at the offset of the offending token.
func Check(x Expr, ns Namespace) (*Checked, error) {
	c := &checker{ns: ns, nodes: map[Expr]Info{}}
	c.expr(x)
	if len(c.errs) > 0 {
		return nil, c.errs
	}
	return &Checked{Root: x, Nodes: c.nodes}, nil
}

type checker struct {
	ns    Namespace
	nodes map[Expr]Info
	errs  ErrorList
	// bad marks nodes whose errors were reported, so that their parents do
	// not report the same problem again.
	bad map[Expr]bool
}

func (c *checker) errorf(p Pos, format string, args ...any) {
	c.errs = append(c.errs, &Error{Pos: p, Msg: fmt.Sprintf(format, args...)})
}

func (c *checker) markBad(x Expr) Info {
	if c.bad == nil {
		c.bad = map[Expr]bool{}
	}
	c.bad[x] = true
	return Info{}
}

func (c *checker) isBad(xs ...Expr) bool {
	for _, x := range xs {
		if c.bad[x] {
			return true
		}
	}
	return false
}

func (c *checker) set(x Expr, in Info) Info {
	c.nodes[x] = in
	return in
}

// lookup resolves a name: the namespace first, then Brian2's constants and
// the unit names.
func (c *checker) lookup(name string) (Symbol, bool) {
	if c.ns != nil {
		if s, ok := c.ns(name); ok {
			return s, true
		}
	}
	switch name {
	case "pi":
		return Symbol{Const: true, Scalar: true, Value: math.Pi}, true
	case "e":
		return Symbol{Const: true, Scalar: true, Value: math.E}, true
	case "inf":
		return Symbol{Const: true, Scalar: true, Value: math.Inf(1)}, true
	case "True":
		return Symbol{Kind: Boolean, Const: true, Scalar: true, Value: 1}, true
	case "False":
		return Symbol{Kind: Boolean, Const: true, Scalar: true, Value: 0}, true
	}
	if q, ok := units.Lookup(name); ok {
		return Symbol{Dim: q.Dim, Const: true, Scalar: true, Value: q.Value}, true
	}
	return Symbol{}, false
}

func (c *checker) expr(x Expr) Info {
	switch x := x.(type) {
	case *Num:
		k := Float
		if x.IsInt {
			k = Integer
		}
		return c.set(x, Info{Kind: k, Const: true, Scalar: true, Value: x.Value})
	case *Name:
		s, ok := c.lookup(x.Name)
		if !ok {
			msg := fmt.Sprintf("unknown identifier '%s'", x.Name)
			if _, isFn := builtins[x.Name]; isFn {
				msg = fmt.Sprintf("'%s' is a function: call it, as in %s(...)", x.Name, x.Name)
			} else if sug := units.Suggest(x.Name); len(sug) > 0 {
				msg += " — did you mean '" + sug[0] + "'?"
			}
			c.errorf(x.Pos(), "%s", msg)
			return c.markBad(x)
		}
		if s.Func != nil {
			c.errorf(x.Pos(), "'%s' is a function, but it is used like a variable: call it, as in %s(t)", x.Name, x.Name)
			return c.markBad(x)
		}
		return c.set(x, Info{Dim: s.Dim, Kind: s.Kind, Const: s.Const, Value: s.Value, Scalar: s.Scalar || s.Const})
	case *Paren:
		in := c.expr(x.X)
		if c.isBad(x.X) {
			return c.markBad(x)
		}
		return c.set(x, in)
	case *Unary:
		return c.unary(x)
	case *Binary:
		return c.binary(x)
	case *Call:
		return c.call(x)
	}
	c.errorf(x.Pos(), "unsupported expression")
	return c.markBad(x)
}

func (c *checker) unary(x *Unary) Info {
	in := c.expr(x.X)
	if c.isBad(x.X) {
		return c.markBad(x)
	}
	out := Info{Dim: in.Dim, Kind: in.Kind, Const: in.Const, Scalar: in.Scalar}
	switch x.Op {
	case OpNot:
		if in.Kind != Boolean {
			c.errorf(x.X.Pos(), "'not' needs a boolean operand, such as a comparison; %s is %s", quoteExpr(x.X), in.Kind)
			return c.markBad(x)
		}
		out.Value = b2f(in.Value == 0)
	case OpNeg:
		if in.Kind == Boolean {
			out.Kind = Integer
		}
		out.Value = -in.Value
	case OpPos:
		if in.Kind == Boolean {
			out.Kind = Integer
		}
		out.Value = in.Value
	}
	return c.set(x, out)
}

func (c *checker) binary(x *Binary) Info {
	l := c.expr(x.X)
	r := c.expr(x.Y)
	if c.isBad(x.X, x.Y) {
		return c.markBad(x)
	}
	out := Info{Const: l.Const && r.Const, Scalar: l.Scalar && r.Scalar}
	switch x.Op {
	case OpAdd, OpSub, OpMod:
		if l.Dim != r.Dim {
			c.mismatch(x, l, r)
			return c.markBad(x)
		}
		out.Dim, out.Kind = l.Dim, highestNumeric(l.Kind, r.Kind)
	case OpMul:
		out.Dim, out.Kind = l.Dim.Mul(r.Dim), highestNumeric(l.Kind, r.Kind)
	case OpDiv:
		out.Dim, out.Kind = l.Dim.Div(r.Dim), Float
	case OpFloorDiv:
		if !l.Dim.IsDimensionless() || !r.Dim.IsDimensionless() {
			at, d := x.X, l.Dim
			if l.Dim.IsDimensionless() {
				at, d = x.Y, r.Dim
			}
			c.errorf(at.Pos(), "floor division '//' needs dimensionless values, but %s is in %s", quoteExpr(at), d)
			return c.markBad(x)
		}
		out.Kind = highestNumeric(l.Kind, r.Kind)
	case OpPow:
		if !r.Dim.IsDimensionless() {
			c.errorf(x.Y.Pos(), "the exponent must be dimensionless, but %s is in %s", quoteExpr(x.Y), r.Dim)
			return c.markBad(x)
		}
		// int**int stays an integer only for a known non-negative exponent.
		out.Kind = Float
		if highestNumeric(l.Kind, r.Kind) == Integer && r.Const && r.Value >= 0 {
			out.Kind = Integer
		}
		if !l.Dim.IsDimensionless() {
			if !r.Const {
				c.errorf(x.Y.Pos(), "%s is in %s, so its exponent must be a constant number, but %s is not", quoteExpr(x.X), l.Dim, quoteExpr(x.Y))
				return c.markBad(x)
			}
			d, err := l.Dim.Pow(r.Value)
			if err != nil {
				c.errorf(x.OpPos, "%v", err)
				return c.markBad(x)
			}
			out.Dim = d
		}
	case OpLt, OpLe, OpGt, OpGe, OpEq, OpNe:
		if l.Dim != r.Dim {
			c.mismatch(x, l, r)
			return c.markBad(x)
		}
		out.Kind = Boolean
	case OpAnd, OpOr:
		for _, side := range []struct {
			x  Expr
			in Info
		}{{x.X, l}, {x.Y, r}} {
			if side.in.Kind != Boolean {
				c.errorf(side.x.Pos(), "'%s' needs boolean operands, such as comparisons; %s is %s", x.Op, quoteExpr(side.x), side.in.Kind)
				return c.markBad(x)
			}
		}
		out.Kind = Boolean
	default:
		c.errorf(x.OpPos, "unsupported operator '%s'", x.Op)
		return c.markBad(x)
	}
	if out.Const {
		out.Value = FoldBinary(x.Op, l.Value, r.Value)
	}
	return c.set(x, out)
}

// mismatch reports operands of +, -, % or a comparison in different units,
// naming both and hinting at the fix when one side is a bare number.
func (c *checker) mismatch(x *Binary, l, r Info) {
	verb := map[Op]string{OpAdd: "add", OpSub: "subtract", OpMod: "take the remainder of"}[x.Op]
	if verb == "" {
		verb = "compare"
	}
	msg := fmt.Sprintf("cannot %s %s and %s: %s is in %s but %s is %s", verb, l.Dim, r.Dim,
		quoteExpr(x.X), l.Dim, quoteExpr(x.Y), inUnit(r.Dim))
	// A bare number beside a quantity: say how to give it a unit.
	if n, ok := Unparen(x.Y).(*Num); ok && r.Dim.IsDimensionless() {
		msg += fmt.Sprintf(": write %s*%s or %s/%s %s %s", n.Lit, displayUnit(l.Dim), String(x.X), displayUnit(l.Dim), x.Op, n.Lit)
	} else if n, ok := Unparen(x.X).(*Num); ok && l.Dim.IsDimensionless() {
		msg += fmt.Sprintf(": write %s*%s", n.Lit, displayUnit(r.Dim))
	}
	c.errorf(x.OpPos, "%s", msg)
}

// displayUnit names the common unit for a dimension in a hint: mV for volt,
// ms for second, and the unit expression otherwise.
func displayUnit(d units.Dim) string {
	switch d {
	case units.DimVoltage:
		return "mV"
	case units.DimTime:
		return "ms"
	case units.DimCurrent:
		return "nA"
	case units.DimConductance:
		return "nS"
	case units.DimFrequency:
		return "Hz"
	case units.DimCapacitance:
		return "pF"
	case units.DimLength:
		return "um"
	}
	return d.String()
}

func inUnit(d units.Dim) string {
	if d.IsDimensionless() {
		return "dimensionless"
	}
	return "in " + d.String()
}

func quoteExpr(x Expr) string {
	s := String(x)
	if len(s) > 40 {
		s = s[:37] + "..."
	}
	return "'" + s + "'"
}

func (c *checker) call(x *Call) Info {
	args := make([]Info, len(x.Args))
	bad := false
	for i, a := range x.Args {
		args[i] = c.expr(a)
		bad = bad || c.isBad(a)
	}
	if bad {
		return c.markBad(x)
	}
	name := x.Fun.Name
	if s, ok := c.ns.lookupFunc(name); ok {
		return c.userCall(x, s, args)
	}
	b, ok := builtins[name]
	if !ok {
		msg := fmt.Sprintf("unknown function '%s'", name)
		if sug := suggestFunc(name); sug != "" {
			msg += " — did you mean '" + sug + "'?"
		}
		c.errorf(x.Fun.Pos(), "%s", msg)
		return c.markBad(x)
	}
	if len(args) != b.nargs {
		c.errorf(x.Fun.Pos(), "%s takes %d argument%s, but is called with %d", name, b.nargs, plural(b.nargs), len(args))
		return c.markBad(x)
	}
	d, k, msg, at := b.check(args)
	if msg != "" {
		c.errorf(x.Args[at].Pos(), "%s", msg)
		return c.markBad(x)
	}
	out := Info{Dim: d, Kind: k, Const: b.fold != nil, Scalar: b.fold != nil}
	vals := make([]float64, len(args))
	for i, a := range args {
		out.Const = out.Const && a.Const
		out.Scalar = out.Scalar && a.Scalar
		vals[i] = a.Value
	}
	if out.Const {
		out.Value = b.fold(vals)
	}
	return c.set(x, out)
}

// lookupFunc finds a namespace-provided function (a TimedArray).
func (ns Namespace) lookupFunc(name string) (Symbol, bool) {
	if ns == nil {
		return Symbol{}, false
	}
	s, ok := ns(name)
	if !ok || s.Func == nil {
		return Symbol{}, false
	}
	return s, true
}

func (c *checker) userCall(x *Call, s Symbol, args []Info) Info {
	f := s.Func
	if len(args) != len(f.Args) {
		c.errorf(x.Fun.Pos(), "%s takes %d argument%s, but is called with %d", x.Fun.Name, len(f.Args), plural(len(f.Args)), len(args))
		return c.markBad(x)
	}
	out := Info{Dim: f.Result, Kind: f.Kind, Scalar: true}
	for i, a := range args {
		if a.Dim != f.Args[i] {
			c.errorf(x.Args[i].Pos(), "argument %d of %s must be %s, but %s is %s", i+1, x.Fun.Name, inUnit(f.Args[i]), quoteExpr(x.Args[i]), inUnit(a.Dim))
			return c.markBad(x)
		}
		out.Scalar = out.Scalar && a.Scalar
	}
	return c.set(x, out)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func suggestFunc(name string) string {
	aliases := map[string]string{"asin": "arcsin", "acos": "arccos", "atan": "arctan",
		"ln": "log", "pow": "**", "min": "clip", "max": "clip", "fabs": "abs", "round": "floor(x + 0.5)"}
	if a, ok := aliases[name]; ok {
		return a
	}
	lower := strings.ToLower(name)
	if _, ok := builtins[lower]; ok {
		return lower
	}
	return ""
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
