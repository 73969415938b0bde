package integ

import (
	"math"

	"github.com/myelin-sim/myelin/core/expr"
)

// This file builds the expressions the integrators produce. The
// constructors simplify as they go, just enough that the generated code
// stays readable: they fold operations on two numbers, drop +0, *1 and /1,
// turn *0 into 0, cancel double negations and keep minus signs on the left
// of products, where Python's grammar puts them (-a*b is (-a)*b). They never
// reorder terms, and they never use an identity that changes a result by
// more than rounding. Generated nodes have no source position (expr.NoPos)
// and no parentheses: the printer adds the parentheses a tree needs.

// num returns a number node. isInt marks an integer literal, as the parser
// would for a number written without a decimal point.
func num(v float64, isInt bool) *expr.Num {
	if isInt && (v != math.Trunc(v) || math.Abs(v) > 1<<53) {
		isInt = false
	}
	return &expr.Num{ValuePos: expr.NoPos, Value: v, IsInt: isInt}
}

// finite reports whether a folded result can be written as a number: NaN
// and infinities are left unfolded, so that the code keeps saying how they
// arise.
func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

func name(s string) *expr.Name { return &expr.Name{NamePos: expr.NoPos, Name: s} }

func call(fun string, args ...expr.Expr) *expr.Call {
	return &expr.Call{Fun: name(fun), Lparen: expr.NoPos, Args: args, Rparen: expr.NoPos}
}

func bin(x expr.Expr, op expr.Op, y expr.Expr) *expr.Binary {
	return &expr.Binary{X: x, OpPos: expr.NoPos, Op: op, Y: y}
}

func assign(target string, value expr.Expr) *expr.Stmt {
	return &expr.Stmt{Target: name(target), OpPos: expr.NoPos, Op: expr.OpAssign, Value: value}
}

// asNum returns the number x is, seeing through parentheses.
func asNum(x expr.Expr) (*expr.Num, bool) {
	n, ok := expr.Unparen(x).(*expr.Num)
	return n, ok && n != nil
}

func isZero(x expr.Expr) bool { n, ok := asNum(x); return ok && n.Value == 0 }
func isOne(x expr.Expr) bool  { n, ok := asNum(x); return ok && n.Value == 1 }

func zero() *expr.Num { return num(0, true) }
func one() *expr.Num  { return num(1, true) }

// isNegative reports whether x is written with a leading minus sign: a
// negative number, a unary minus, or a product or quotient whose left
// operand is one of those.
func isNegative(x expr.Expr) bool {
	switch x := expr.Unparen(x).(type) {
	case *expr.Num:
		return x.Value < 0
	case *expr.Unary:
		return x.Op == expr.OpNeg
	case *expr.Binary:
		return (x.Op == expr.OpMul || x.Op == expr.OpDiv) && isNegative(x.X)
	}
	return false
}

// neg returns -x.
func neg(x expr.Expr) expr.Expr {
	x = expr.Unparen(x)
	switch v := x.(type) {
	case *expr.Num:
		if v.Value == 0 {
			return zero()
		}
		return num(-v.Value, v.IsInt)
	case *expr.Unary:
		switch v.Op {
		case expr.OpNeg:
			return v.X
		case expr.OpPos:
			return neg(v.X)
		}
	case *expr.Binary:
		switch v.Op {
		case expr.OpMul, expr.OpDiv:
			// -(a*b) is (-a)*b: the sign goes to the leftmost factor.
			return bin(neg(v.X), v.Op, v.Y)
		case expr.OpSub:
			// -(a - b) is b - a.
			return sub(v.Y, v.X)
		}
	}
	return &expr.Unary{OpPos: expr.NoPos, Op: expr.OpNeg, X: x}
}

// add returns x + y.
func add(x, y expr.Expr) expr.Expr {
	x, y = expr.Unparen(x), expr.Unparen(y)
	a, aok := asNum(x)
	b, bok := asNum(y)
	switch {
	case aok && bok && finite(a.Value+b.Value):
		return num(a.Value+b.Value, a.IsInt && b.IsInt)
	case bok && b.Value == 0:
		return x
	case aok && a.Value == 0:
		return y
	case isNegative(y):
		return bin(x, expr.OpSub, neg(y))
	}
	return bin(x, expr.OpAdd, y)
}

// sub returns x - y.
func sub(x, y expr.Expr) expr.Expr {
	x, y = expr.Unparen(x), expr.Unparen(y)
	a, aok := asNum(x)
	b, bok := asNum(y)
	switch {
	case aok && bok && finite(a.Value-b.Value):
		return num(a.Value-b.Value, a.IsInt && b.IsInt)
	case bok && b.Value == 0:
		return x
	case aok && a.Value == 0:
		return neg(y)
	case isNegative(y):
		return bin(x, expr.OpAdd, neg(y))
	}
	return bin(x, expr.OpSub, y)
}

// mul returns x * y.
func mul(x, y expr.Expr) expr.Expr {
	x, y = expr.Unparen(x), expr.Unparen(y)
	a, aok := asNum(x)
	b, bok := asNum(y)
	switch {
	case aok && bok && finite(a.Value*b.Value):
		return num(a.Value*b.Value, a.IsInt && b.IsInt)
	case aok && a.Value == 0, bok && b.Value == 0:
		return zero()
	case aok && a.Value == 1:
		return y
	case bok && b.Value == 1:
		return x
	case aok && a.Value == -1:
		return neg(y)
	case bok && b.Value == -1:
		return neg(x)
	}
	if isNegative(y) {
		// a * -b is -a * b, and -a * -b is a * b.
		return mul(neg(x), neg(y))
	}
	if q, ok := y.(*expr.Binary); ok && q.Op == expr.OpDiv {
		// a * (b/c) is (a*b)/c.
		return div(mul(x, q.X), q.Y)
	}
	if p, ok := y.(*expr.Binary); ok && p.Op == expr.OpMul {
		// a * (b*c) is (a*b)*c: products print without parentheses.
		return mul(mul(x, p.X), p.Y)
	}
	if q, ok := x.(*expr.Binary); ok && q.Op == expr.OpDiv {
		// (a/b) * c is (a*c)/b, so that -1/tau*dt prints as -dt/tau.
		return div(mul(q.X, y), q.Y)
	}
	return bin(x, expr.OpMul, y)
}

// div returns x / y.
func div(x, y expr.Expr) expr.Expr {
	x, y = expr.Unparen(x), expr.Unparen(y)
	a, aok := asNum(x)
	b, bok := asNum(y)
	switch {
	case aok && bok && finite(a.Value/b.Value):
		return num(a.Value/b.Value, false)
	case bok && b.Value == 1:
		return x
	case bok && b.Value == -1:
		return neg(x)
	case aok && a.Value == 0:
		return zero()
	}
	if isNegative(y) {
		return div(neg(x), neg(y))
	}
	if q, ok := y.(*expr.Binary); ok && q.Op == expr.OpDiv {
		// a / (b/c) is (a*c)/b.
		return div(mul(x, q.Y), q.X)
	}
	if q, ok := x.(*expr.Binary); ok && q.Op == expr.OpDiv {
		// (a/b) / c is a/(b*c).
		return div(q.X, mul(q.Y, y))
	}
	return bin(x, expr.OpDiv, y)
}

// sum adds up terms, left to right; the sum of nothing is 0.
func sum(terms ...expr.Expr) expr.Expr {
	var s expr.Expr = zero()
	for _, t := range terms {
		s = add(s, t)
	}
	return s
}

// rebuild copies x without positions or parentheses, replacing the names
// that repl maps (function names are never replaced) and simplifying
// arithmetic with the constructors above. A replacement is copied at each
// use, so the result shares no node with x or with repl.
func rebuild(x expr.Expr, repl func(name string) (expr.Expr, bool)) expr.Expr {
	return transform(x, repl, nil)
}

// transform is rebuild with a hook for calls as well: onCall may return the
// replacement of a call (already built), or false to have it copied with its
// arguments transformed.
func transform(x expr.Expr, repl func(name string) (expr.Expr, bool), onCall func(*expr.Call) (expr.Expr, bool)) expr.Expr {
	switch x := x.(type) {
	case *expr.Num:
		return &expr.Num{ValuePos: expr.NoPos, Lit: x.Lit, Value: x.Value, IsInt: x.IsInt}
	case *expr.Name:
		if repl != nil {
			if r, ok := repl(x.Name); ok {
				return rebuild(r, nil)
			}
		}
		return name(x.Name)
	case *expr.Paren:
		return transform(x.X, repl, onCall)
	case *expr.Unary:
		inner := transform(x.X, repl, onCall)
		switch x.Op {
		case expr.OpNeg:
			return neg(inner)
		case expr.OpPos:
			return inner
		}
		return &expr.Unary{OpPos: expr.NoPos, Op: x.Op, X: inner}
	case *expr.Binary:
		l, r := transform(x.X, repl, onCall), transform(x.Y, repl, onCall)
		switch x.Op {
		case expr.OpAdd:
			return add(l, r)
		case expr.OpSub:
			return sub(l, r)
		case expr.OpMul:
			return mul(l, r)
		case expr.OpDiv:
			return div(l, r)
		}
		return bin(l, x.Op, r)
	case *expr.Call:
		if onCall != nil {
			if r, ok := onCall(x); ok {
				return r
			}
		}
		args := make([]expr.Expr, len(x.Args))
		for i, a := range x.Args {
			args[i] = transform(a, repl, onCall)
		}
		return call(x.Fun.Name, args...)
	}
	return x
}

// clone copies x (see rebuild) without replacing anything.
func clone(x expr.Expr) expr.Expr { return rebuild(x, nil) }

// substitute copies x with the names in m replaced.
func substitute(x expr.Expr, m map[string]expr.Expr) expr.Expr {
	if len(m) == 0 {
		return clone(x)
	}
	return rebuild(x, func(n string) (expr.Expr, bool) {
		r, ok := m[n]
		return r, ok
	})
}

// uses reports whether x uses any of the names as a value (not as the name
// of a called function).
func uses(x expr.Expr, names map[string]bool) bool {
	found := false
	expr.Inspect(x, func(n expr.Node) bool {
		if found {
			return false
		}
		switch n := n.(type) {
		case *expr.Name:
			found = names[n.Name]
		case *expr.Call:
			for _, a := range n.Args {
				if uses(a, names) {
					found = true
				}
			}
			return false
		}
		return !found
	})
	return found
}

// usesName reports whether x uses the name as a value.
func usesName(x expr.Expr, n string) bool { return uses(x, map[string]bool{n: true}) }

// quote prints x for an error message, shortened if long.
func quote(x expr.Expr) string {
	s := expr.String(x)
	if len(s) > 50 {
		s = s[:47] + "..."
	}
	return s
}
