package integ

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
)

// Linear is an expression written as a linear combination of some variables
// plus a remainder that does not use them: Σ Coef[v]*v + Rest.
type Linear struct {
	// Coef holds the coefficient of each variable the expression uses; a
	// variable it does not use has no entry. Coefficients do not use any of
	// the variables.
	Coef map[string]expr.Expr
	// Rest is what remains, 0 if nothing does.
	Rest expr.Expr
}

// CoefOf returns the coefficient of v, 0 if x does not use v.
func (l *Linear) CoefOf(v string) expr.Expr {
	if c, ok := l.Coef[v]; ok {
		return c
	}
	return zero()
}

// NonlinearError says that an expression is not linear in a variable, and
// where.
type NonlinearError struct {
	Var  string    // the variable
	Term expr.Expr // the smallest part of the expression that is not linear in it
}

func (e *NonlinearError) Error() string {
	return fmt.Sprintf("depends on %s", quote(e.Term))
}

// SplitLinear writes x as a linear combination of vars plus a remainder
// (see [Linear]), working on the syntax tree: it sees through + - * /,
// unary minus and parentheses, and treats as non-linear a product of two
// factors that both use the variables (v*v, v*w), a variable in a divisor
// (1/v), under a power (v**2, 2**v) or inside a function call (exp(v)) or a
// comparison. It does not expand or cancel: v*v/v counts as non-linear. On
// failure the error is a *NonlinearError.
//
// The coefficients and the remainder are new trees, simplified a little
// (numbers folded, *1 and +0 dropped).
func SplitLinear(x expr.Expr, vars ...string) (*Linear, error) {
	set := make(map[string]bool, len(vars))
	for _, v := range vars {
		set[v] = true
	}
	coef, rest, err := linear(x, set)
	if err != nil {
		return nil, err
	}
	return &Linear{Coef: coef, Rest: rest}, nil
}

// Affine writes x as a*v + b, where neither a nor b uses v. a is 0 when x
// does not use v. On failure the error is a *NonlinearError.
func Affine(x expr.Expr, v string) (a, b expr.Expr, err error) {
	l, err := SplitLinear(x, v)
	if err != nil {
		return nil, nil, err
	}
	return l.CoefOf(v), l.Rest, nil
}

// firstUsed returns the first of vars that x uses, in source order.
func firstUsed(x expr.Expr, vars map[string]bool) string {
	for _, n := range expr.Names(x) {
		if vars[n] {
			return n
		}
	}
	return ""
}

func linear(x expr.Expr, vars map[string]bool) (map[string]expr.Expr, expr.Expr, error) {
	if !uses(x, vars) {
		return nil, clone(x), nil
	}
	nonlinear := func(term expr.Expr) (map[string]expr.Expr, expr.Expr, error) {
		return nil, nil, &NonlinearError{Var: firstUsed(term, vars), Term: term}
	}
	switch x := x.(type) {
	case *expr.Name:
		return map[string]expr.Expr{x.Name: one()}, zero(), nil
	case *expr.Paren:
		return linear(x.X, vars)
	case *expr.Unary:
		c, r, err := linear(x.X, vars)
		if err != nil {
			return nil, nil, err
		}
		switch x.Op {
		case expr.OpPos:
			return c, r, nil
		case expr.OpNeg:
			for v := range c {
				c[v] = neg(c[v])
			}
			return c, neg(r), nil
		}
		return nonlinear(x)
	case *expr.Binary:
		switch x.Op {
		case expr.OpAdd, expr.OpSub:
			c1, r1, err := linear(x.X, vars)
			if err != nil {
				return nil, nil, err
			}
			c2, r2, err := linear(x.Y, vars)
			if err != nil {
				return nil, nil, err
			}
			combine := add
			if x.Op == expr.OpSub {
				combine = sub
			}
			out := make(map[string]expr.Expr, len(c1)+len(c2))
			for v, c := range c1 {
				out[v] = c
			}
			for v, c := range c2 {
				if prev, ok := out[v]; ok {
					out[v] = combine(prev, c)
				} else {
					out[v] = combine(zero(), c)
				}
			}
			return dropZeros(out), combine(r1, r2), nil
		case expr.OpMul:
			lx, ly := uses(x.X, vars), uses(x.Y, vars)
			if lx && ly {
				// Report a non-linear factor rather than the whole product.
				for _, f := range []expr.Expr{x.X, x.Y} {
					if _, _, err := linear(f, vars); err != nil {
						return nil, nil, err
					}
				}
				return nonlinear(x)
			}
			if ly {
				c, r, err := linear(x.Y, vars)
				if err != nil {
					return nil, nil, err
				}
				for v := range c {
					c[v] = mul(clone(x.X), c[v])
				}
				return dropZeros(c), mul(clone(x.X), r), nil
			}
			c, r, err := linear(x.X, vars)
			if err != nil {
				return nil, nil, err
			}
			for v := range c {
				c[v] = mul(c[v], clone(x.Y))
			}
			return dropZeros(c), mul(r, clone(x.Y)), nil
		case expr.OpDiv:
			if uses(x.Y, vars) {
				return nonlinear(x)
			}
			c, r, err := linear(x.X, vars)
			if err != nil {
				return nil, nil, err
			}
			for v := range c {
				c[v] = div(c[v], clone(x.Y))
			}
			return dropZeros(c), div(r, clone(x.Y)), nil
		case expr.OpPow:
			if n, ok := asNum(x.Y); ok && n.Value == 1 {
				return linear(x.X, vars)
			}
		}
	}
	return nonlinear(x)
}

func dropZeros(c map[string]expr.Expr) map[string]expr.Expr {
	for v, e := range c {
		if isZero(e) {
			delete(c, v)
		}
	}
	return c
}
