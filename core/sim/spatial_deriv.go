package sim

import (
	"fmt"
	"math"
	"strconv"

	"github.com/myelin-sim/myelin/core/expr"
)

// derivError says that an expression cannot be differentiated with respect
// to a variable, naming the smallest part that stops it.
type derivError struct {
	Var  string
	Term expr.Expr
}

func (e *derivError) Error() string {
	return fmt.Sprintf("cannot take the derivative of '%s' with respect to %s", expr.String(e.Term), e.Var)
}

// derivative returns d x / d v, symbolically, as Brian2's SpatialNeuron
// does with sympy to split the membrane current into gtot = -dIm/dv and
// I0 = Im - dIm/dv*v: the rules of arithmetic, powers and the
// differentiable functions of Brian2's DEFAULT_FUNCTIONS (exp, log,
// log10, expm1, log1p, exprel, the trigonometric and hyperbolic functions
// and their inverses, sqrt, abs). A part of x that does not use v has
// derivative 0, whatever it is. Functions with no derivative (floor, ceil,
// int, sign, clip, comparisons, logical operators) of an argument that
// uses v are refused, as Brian2 refuses them ("Cannot take the derivative
// of ... with respect to v"). The result may share nodes with x; neither
// is modified afterwards.
func derivative(x expr.Expr, v string) (expr.Expr, error) {
	if !usesName(x, v) {
		return dnum(0), nil
	}
	switch x := x.(type) {
	case *expr.Name:
		return dnum(1), nil // x uses v, so it is v
	case *expr.Paren:
		return derivative(x.X, v)
	case *expr.Unary:
		if x.Op == expr.OpNot {
			return nil, &derivError{v, x}
		}
		d, err := derivative(x.X, v)
		if err != nil || x.Op == expr.OpPos {
			return d, err
		}
		return dneg(d), nil
	case *expr.Binary:
		return binaryDerivative(x, v)
	case *expr.Call:
		return callDerivative(x, v)
	}
	return nil, &derivError{v, x}
}

func binaryDerivative(x *expr.Binary, v string) (expr.Expr, error) {
	switch x.Op {
	case expr.OpAdd, expr.OpSub, expr.OpMul, expr.OpDiv, expr.OpPow:
	default:
		return nil, &derivError{v, x}
	}
	dx, err := derivative(x.X, v)
	if err != nil {
		return nil, err
	}
	dy, err := derivative(x.Y, v)
	if err != nil {
		return nil, err
	}
	a, b := x.X, x.Y
	switch x.Op {
	case expr.OpAdd:
		return dadd(dx, dy), nil
	case expr.OpSub:
		return dsub(dx, dy), nil
	case expr.OpMul:
		return dadd(dmul(dx, b), dmul(a, dy)), nil
	case expr.OpDiv:
		// (a/b)' = a'/b - a*b'/b**2
		return dsub(ddiv(dx, b), ddiv(dmul(a, dy), dpow(b, dnum(2)))), nil
	}
	// a**b
	switch {
	case isZero(dy): // b*a**(b-1)*a'
		return dmul(dmul(b, dpow(a, dsub(b, dnum(1)))), dx), nil
	case isZero(dx): // a**b*log(a)*b'
		return dmul(dmul(x, dcall("log", a)), dy), nil
	}
	// a**b*(b'*log(a) + b*a'/a)
	return dmul(x, dadd(dmul(dy, dcall("log", a)), ddiv(dmul(b, dx), a))), nil
}

func callDerivative(x *expr.Call, v string) (expr.Expr, error) {
	if len(x.Args) != 1 {
		return nil, &derivError{v, x}
	}
	u := x.Args[0]
	du, err := derivative(u, v)
	if err != nil {
		return nil, err
	}
	var f expr.Expr // f'(u)
	switch x.Fun.Name {
	case "exp", "expm1":
		f = dcall("exp", u)
	case "log":
		f = ddiv(dnum(1), u)
	case "log10":
		f = ddiv(dnum(1), dmul(u, dcall("log", dnum(10))))
	case "log1p":
		f = ddiv(dnum(1), dadd(dnum(1), u))
	case "exprel": // ((u-1)*exp(u) + 1)/u**2
		f = ddiv(dadd(dmul(dsub(u, dnum(1)), dcall("exp", u)), dnum(1)), dpow(u, dnum(2)))
	case "sin":
		f = dcall("cos", u)
	case "cos":
		f = dneg(dcall("sin", u))
	case "tan":
		f = dadd(dnum(1), dpow(dcall("tan", u), dnum(2)))
	case "sinh":
		f = dcall("cosh", u)
	case "cosh":
		f = dcall("sinh", u)
	case "tanh":
		f = dsub(dnum(1), dpow(dcall("tanh", u), dnum(2)))
	case "arcsin":
		f = ddiv(dnum(1), dcall("sqrt", dsub(dnum(1), dpow(u, dnum(2)))))
	case "arccos":
		f = dneg(ddiv(dnum(1), dcall("sqrt", dsub(dnum(1), dpow(u, dnum(2))))))
	case "arctan":
		f = ddiv(dnum(1), dadd(dnum(1), dpow(u, dnum(2))))
	case "sqrt":
		f = ddiv(dnum(0.5), dcall("sqrt", u))
	case "abs":
		f = dcall("sign", u)
	default:
		return nil, &derivError{v, x}
	}
	return dmul(f, du), nil
}

// usesName reports whether x mentions the name v (as a variable, not as a
// function).
func usesName(x expr.Expr, v string) bool {
	for _, n := range expr.Names(x) {
		if n == v {
			return true
		}
	}
	return false
}

func isZero(x expr.Expr) bool {
	n, ok := x.(*expr.Num)
	return ok && n.Value == 0
}

func isOne(x expr.Expr) bool {
	n, ok := x.(*expr.Num)
	return ok && n.Value == 1
}

func dnum(f float64) expr.Expr {
	lit := strconv.FormatFloat(f, 'g', -1, 64)
	isInt := f == math.Trunc(f) && math.Abs(f) < 1e15
	if !isInt && !containsAny(lit, ".eE") {
		lit += ".0"
	}
	if f < 0 {
		return &expr.Unary{OpPos: expr.NoPos, Op: expr.OpNeg, X: dnum(-f)}
	}
	return &expr.Num{ValuePos: expr.NoPos, Lit: lit, Value: f, IsInt: isInt}
}

func containsAny(s, chars string) bool {
	for _, c := range s {
		for _, d := range chars {
			if c == d {
				return true
			}
		}
	}
	return false
}

func dparen(x expr.Expr) expr.Expr {
	switch x.(type) {
	case *expr.Num, *expr.Name, *expr.Paren, *expr.Call:
		return x
	}
	return &expr.Paren{Lparen: expr.NoPos, X: x, Rparen: expr.NoPos}
}

func dbin(a expr.Expr, op expr.Op, b expr.Expr) expr.Expr {
	return &expr.Binary{X: dparen(a), OpPos: expr.NoPos, Op: op, Y: dparen(b)}
}

// numOf returns the value of a number literal (or its negation).
func numOf(x expr.Expr) (float64, bool) {
	switch x := x.(type) {
	case *expr.Num:
		return x.Value, true
	case *expr.Unary:
		if f, ok := numOf(x.X); ok && x.Op == expr.OpNeg {
			return -f, true
		}
	}
	return 0, false
}

func dadd(a, b expr.Expr) expr.Expr {
	if x, ok := numOf(a); ok {
		if y, ok := numOf(b); ok {
			return dnum(x + y)
		}
	}
	switch {
	case isZero(a):
		return b
	case isZero(b):
		return a
	}
	return dbin(a, expr.OpAdd, b)
}

func dsub(a, b expr.Expr) expr.Expr {
	if x, ok := numOf(a); ok {
		if y, ok := numOf(b); ok {
			return dnum(x - y)
		}
	}
	switch {
	case isZero(b):
		return a
	case isZero(a):
		return dneg(b)
	}
	return dbin(a, expr.OpSub, b)
}

func dmul(a, b expr.Expr) expr.Expr {
	if x, ok := numOf(a); ok {
		if y, ok := numOf(b); ok {
			return dnum(x * y)
		}
	}
	switch {
	case isZero(a) || isZero(b):
		return dnum(0)
	case isOne(a):
		return b
	case isOne(b):
		return a
	}
	return dbin(a, expr.OpMul, b)
}

func ddiv(a, b expr.Expr) expr.Expr {
	if isZero(a) {
		return dnum(0)
	}
	return dbin(a, expr.OpDiv, b)
}

func dpow(a, b expr.Expr) expr.Expr { return dbin(a, expr.OpPow, b) }

func dneg(a expr.Expr) expr.Expr {
	if isZero(a) {
		return a
	}
	return &expr.Unary{OpPos: expr.NoPos, Op: expr.OpNeg, X: dparen(a)}
}

func dcall(f string, args ...expr.Expr) expr.Expr {
	return &expr.Call{Fun: &expr.Name{NamePos: expr.NoPos, Name: f}, Lparen: expr.NoPos, Args: args, Rparen: expr.NoPos}
}
