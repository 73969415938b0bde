package eqs

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
)

// MaxExpandedNodes bounds the size of an expression after substitution.
// Subexpressions that each use the previous one twice would otherwise grow
// exponentially.
const MaxExpandedNodes = 100000

// Def is a variable and the expression that defines it.
type Def struct {
	Name string
	RHS  expr.Expr
}

// Expand returns a copy of x in which every subexpression of the equations
// is replaced by its right-hand side, in parentheses (an [*expr.Paren]),
// recursively, as Brian2 does before it integrates the equations or runs
// code that uses them. x itself is not modified, and the result shares no
// node with x or with the equations.
//
// Two kinds of subexpression stay names: those flagged "constant over dt",
// which are computed and stored before each time step (see
// [Equations.ConstantOverDt]), and summed variables, whose names denote the
// variable they set in another group.
//
// Substituted nodes keep their positions, which point into the definition
// of the subexpression; the parentheses around them span the name they
// replace.
func (e *Equations) Expand(x expr.Expr) (expr.Expr, error) {
	s := &substituter{e: e}
	y, err := s.subst(x)
	if err != nil {
		return nil, err
	}
	return y, nil
}

// Substituted returns the differential equations, in the order written,
// each with its right-hand side expanded (see [Equations.Expand]).
func (e *Equations) Substituted() ([]Def, error) {
	s := &substituter{e: e}
	var out []Def
	var errs expr.ErrorList
	for _, eq := range e.list {
		if eq.Kind != Differential {
			continue
		}
		x, err := s.subst(eq.RHS)
		if err != nil {
			errs = append(errs, errList(err)...)
			continue
		}
		out = append(out, Def{eq.Name, x})
	}
	if len(errs) > 0 {
		return nil, tidy(errs)
	}
	return out, nil
}

// ConstantOverDt returns the subexpressions flagged "constant over dt",
// which are computed once per time step, before the state update, in the
// order to compute them in: each comes after those it uses, directly or
// through other subexpressions. Each right-hand side is expanded (see
// [Equations.Expand]); the other constant-over-dt subexpressions it uses
// stay names.
func (e *Equations) ConstantOverDt() ([]Def, error) {
	s := &substituter{e: e}
	expanded := map[*Equation]expr.Expr{}
	var errs expr.ErrorList
	for _, eq := range e.list {
		if eq.Kind == Subexpression && eq.Has(FlagConstantOverDt) {
			x, err := s.subst(eq.RHS)
			if err != nil {
				errs = append(errs, errList(err)...)
				continue
			}
			expanded[eq] = x
		}
	}
	if len(errs) > 0 {
		return nil, tidy(errs)
	}
	deps := func(eq *Equation) []*Equation {
		var out []*Equation
		if x := expanded[eq]; x != nil {
			for _, n := range expr.Names(x) {
				if d := e.byName[n]; d != nil && expanded[d] != nil {
					out = append(out, d)
				}
			}
		}
		return out
	}
	var out []Def
	for _, eq := range e.order(func(eq *Equation) bool { return expanded[eq] != nil }, deps) {
		out = append(out, Def{eq.Name, expanded[eq]})
	}
	return out, nil
}

func errList(err error) expr.ErrorList {
	if l, ok := err.(expr.ErrorList); ok {
		return l
	}
	return expr.ErrorList{{Pos: 0, Msg: err.Error()}}
}

// substituter expands subexpressions.
type substituter struct {
	e *Equations
}

// expandable returns the subexpression that name is replaced by, or nil.
func (s *substituter) expandable(name string) *Equation {
	eq := s.e.byName[name]
	if eq == nil || eq.Kind != Subexpression || eq.stored() {
		return nil
	}
	return eq
}

// subst returns a copy of x with subexpressions expanded.
func (s *substituter) subst(x expr.Expr) (expr.Expr, error) {
	n := 0
	y, ok := s.copy(x, &n)
	if !ok {
		return nil, expr.ErrorList{{Pos: x.Pos(), Msg: fmt.Sprintf(
			"substituting the subexpressions gives an expression of more than %d operations: store an intermediate subexpression with the flag 'constant over dt'",
			MaxExpandedNodes)}}
	}
	return y, nil
}

// copy copies x, expanding subexpressions (there are no cycles: Parse
// refuses them), and counts the nodes it makes in *n; it gives up (false)
// beyond MaxExpandedNodes, so that its work is bounded too.
func (s *substituter) copy(x expr.Expr, n *int) (expr.Expr, bool) {
	*n++
	if *n > MaxExpandedNodes {
		return nil, false
	}
	switch x := x.(type) {
	case *expr.Num:
		c := *x
		return &c, true
	case *expr.Name:
		if eq := s.expandable(x.Name); eq != nil {
			y, ok := s.copy(eq.RHS, n)
			return &expr.Paren{Lparen: x.NamePos, X: y, Rparen: x.End() - 1}, ok
		}
		c := *x
		return &c, true
	case *expr.Unary:
		y, ok := s.copy(x.X, n)
		return &expr.Unary{OpPos: x.OpPos, Op: x.Op, X: y}, ok
	case *expr.Binary:
		l, ok := s.copy(x.X, n)
		if !ok {
			return nil, false
		}
		r, ok := s.copy(x.Y, n)
		return &expr.Binary{X: l, OpPos: x.OpPos, Op: x.Op, Y: r}, ok
	case *expr.Paren:
		y, ok := s.copy(x.X, n)
		return &expr.Paren{Lparen: x.Lparen, X: y, Rparen: x.Rparen}, ok
	case *expr.Call:
		fun := *x.Fun
		c := &expr.Call{Fun: &fun, Lparen: x.Lparen, Rparen: x.Rparen, Args: make([]expr.Expr, len(x.Args))}
		for i, a := range x.Args {
			y, ok := s.copy(a, n)
			if !ok {
				return nil, false
			}
			c.Args[i] = y
		}
		return c, true
	}
	return x, true
}
