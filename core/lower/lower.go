// Package lower turns code strings into the kernel's intermediate
// representation: it resolves every name of a checked expression or
// statement block to a column, an index, a folded constant, a temporary or a
// TimedArray, checks that assignments fit their targets' units, and builds
// kernel.Expr and kernel.Stmt values.
//
// It sits between the language (core/expr: syntax, units, folding) and the
// engine (core/kernel: running over index ranges), so that neither needs to
// know the other: the simulator describes what each name means with a
// [Scope], and gets kernels back.
package lower

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/units"
)

// Binding is what a name in a code string refers to at run time.
type Binding struct {
	Dim  units.Dim
	Kind expr.Kind

	// Exactly one of the following describes the value.
	Col     *kernel.Column // a variable (read through Via when Via is set)
	Via     *kernel.Index  // gather/scatter index for Col (v_post reads v[post[k]])
	Const   bool           // a constant known at build time, Value in SI
	Value   float64
	Elem    bool               // the element index (i of a group)
	ElemVia *kernel.Index      // an element index read through an index (i, j in synapses)
	Table   *kernel.TimedArray // a TimedArray function
	Args    []units.Dim        // the TimedArray's argument dimensions

	// ReadOnly forbids assignment (constants, t, dt, N, i, and variables
	// flagged constant in code that runs during a simulation).
	ReadOnly bool
}

// Scope resolves the names of a code string. Names it does not know fall
// back to Brian2's built-in constants and the unit names.
type Scope func(name string) (Binding, bool)

// Error is an error at an offset of the code string.
type Error = expr.Error

// block holds the state of lowering one statement block: the temporaries
// defined so far, with their dimensions.
type block struct {
	scope Scope
	temps map[string]expr.Info
}

func (b *block) namespace(name string) (expr.Symbol, bool) {
	if in, ok := b.temps[name]; ok {
		return expr.Symbol{Dim: in.Dim, Kind: in.Kind}, true
	}
	bd, ok := b.scope(name)
	if !ok {
		return expr.Symbol{}, false
	}
	return bd.Symbol(), true
}

// Symbol is what the unit checker needs to know of the binding: its
// dimension and kind, its value when it is a constant (which the checker
// folds), whether it is the same for every element, and a TimedArray's
// signature.
func (bd Binding) Symbol() expr.Symbol {
	s := expr.Symbol{Dim: bd.Dim, Kind: bd.Kind}
	switch {
	case bd.Const:
		s.Const, s.Scalar, s.Value = true, true, bd.Value
	case bd.Table != nil:
		s.Func = &expr.FuncSig{Args: bd.Args, Result: bd.Dim, Kind: expr.Float}
	case bd.Col != nil:
		s.Scalar = bd.Col.Scalar && bd.Via == nil
	}
	return s
}

// Expr checks x in scope and lowers it. The returned Info describes the
// whole expression (its dimension, kind, and whether it is constant).
func Expr(x expr.Expr, scope Scope) (*kernel.Expr, expr.Info, error) {
	b := &block{scope: scope, temps: map[string]expr.Info{}}
	return b.expr(x)
}

func (b *block) expr(x expr.Expr) (*kernel.Expr, expr.Info, error) {
	c, err := expr.Check(x, b.namespace)
	if err != nil {
		return nil, expr.Info{}, err
	}
	k, err := b.build(x, c)
	if err != nil {
		return nil, expr.Info{}, err
	}
	return k, c.Info(), nil
}

// Stmts checks and lowers a block of statements. An assignment to a name
// the scope does not know defines a temporary of the block, as in Brian2's
// abstract code (the integrators' _k_v, _v). All errors are reported
// together.
func Stmts(stmts []*expr.Stmt, scope Scope) ([]kernel.Stmt, error) {
	b := &block{scope: scope, temps: map[string]expr.Info{}}
	var out []kernel.Stmt
	var errs expr.ErrorList
	for _, s := range stmts {
		ks, err := b.stmt(s)
		if err != nil {
			errs = appendErr(errs, err)
			continue
		}
		out = append(out, ks)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

func appendErr(l expr.ErrorList, err error) expr.ErrorList {
	switch e := err.(type) {
	case expr.ErrorList:
		return append(l, e...)
	case *expr.Error:
		return append(l, e)
	}
	return append(l, &expr.Error{Pos: 0, Msg: err.Error()})
}

var assignOps = map[expr.Op]kernel.AssignOp{
	expr.OpAssign: kernel.Assign, expr.OpAddAssign: kernel.AddAssign,
	expr.OpSubAssign: kernel.SubAssign, expr.OpMulAssign: kernel.MulAssign,
	expr.OpDivAssign: kernel.DivAssign,
}

func (b *block) stmt(s *expr.Stmt) (kernel.Stmt, error) {
	value, in, err := b.expr(s.Value)
	if err != nil {
		return kernel.Stmt{}, err
	}
	op, ok := assignOps[s.Op]
	if !ok {
		return kernel.Stmt{}, &expr.Error{Pos: s.OpPos, Msg: fmt.Sprintf("'%s' is not an assignment", s.Op)}
	}
	name := s.Target.Name
	if tin, isTemp := b.temps[name]; isTemp {
		if op != kernel.Assign && !fits(op, tin.Dim, in.Dim) {
			return kernel.Stmt{}, b.mismatch(s, tin.Dim, in.Dim)
		}
		if op != kernel.Assign {
			value = kernel.Bin(binaryOf(op), kernel.Temp(name), value)
		}
		return kernel.SetTemp(name, value), nil
	}
	bd, known := b.scope(name)
	if !known {
		if op != kernel.Assign {
			return kernel.Stmt{}, &expr.Error{Pos: s.Target.Pos(), Msg: fmt.Sprintf("'%s' is not defined, so it cannot be updated with '%s'", name, s.Op)}
		}
		b.temps[name] = in
		return kernel.SetTemp(name, value), nil
	}
	if bd.ReadOnly || bd.Const || bd.Col == nil {
		return kernel.Stmt{}, &expr.Error{Pos: s.Target.Pos(), Msg: fmt.Sprintf("'%s' cannot be assigned to: it is read-only here", name)}
	}
	if !fits(op, bd.Dim, in.Dim) {
		return kernel.Stmt{}, b.mismatch(s, bd.Dim, in.Dim)
	}
	value, op, err = b.coerce(s, bd, op, value, in)
	if err != nil {
		return kernel.Stmt{}, err
	}
	if bd.Via != nil {
		return kernel.Scatter(bd.Col, bd.Via, op, value), nil
	}
	return kernel.Update(bd.Col, op, value), nil
}

// coerce makes the value stored into an integer or boolean variable one
// of its kind, as Brian2 stores it (a C cast in its C++ targets, numpy's
// assignment into an integer or boolean array): a value that may not be
// an integer is truncated towards zero (int), and one that is not a
// boolean is true where it is not zero. Without this, m = i*0.5 would
// store 0.5 in an integer m.
//
// An assignment that combines (m += x, m /= 2) truncates the combined
// value, as C's m += x does. Through an index (m_post += x), where
// several synapses may add to one element in a step, each synapse adds
// the integer part of its value: Brian2 truncates each sum, which differs
// only where a value's sign differs from the variable's. Multiplying or
// dividing an integer through an index by what may not give an integer,
// and combining into a boolean, are errors.
func (b *block) coerce(s *expr.Stmt, bd Binding, op kernel.AssignOp, value *kernel.Expr, in expr.Info) (*kernel.Expr, kernel.AssignOp, error) {
	switch bd.Kind {
	case expr.Integer:
		if in.Kind != expr.Float && op != kernel.DivAssign {
			return value, op, nil
		}
		switch {
		case op == kernel.Assign:
			return kernel.Call(kernel.FuncInt, value), op, nil
		case bd.Via == nil:
			return kernel.Call(kernel.FuncInt, kernel.Bin(binaryOf(op), kernel.Var(bd.Col), value)), kernel.Assign, nil
		case op == kernel.AddAssign || op == kernel.SubAssign:
			return kernel.Call(kernel.FuncInt, value), op, nil
		}
		return nil, op, &expr.Error{Pos: s.OpPos, Msg: fmt.Sprintf("'%s' is an integer variable, and '%s' through a synapse could make it a fraction: compute the value as an integer, with int(...), and assign it", s.Target.Name, s.Op)}
	case expr.Boolean:
		if op != kernel.Assign {
			return nil, op, &expr.Error{Pos: s.OpPos, Msg: fmt.Sprintf("'%s' is a boolean variable, so it cannot be updated with '%s': assign it a condition, as in %s = x > 0", s.Target.Name, s.Op, s.Target.Name)}
		}
		if in.Kind == expr.Boolean {
			return value, op, nil
		}
		return kernel.Bin(kernel.OpNe, value, kernel.Const(0)), op, nil
	}
	return value, op, nil
}

// fits reports whether a value of dimension v may be assigned with op to a
// target of dimension t: = += -= need equal units, *= /= a pure number.
func fits(op kernel.AssignOp, t, v units.Dim) bool {
	if op == kernel.MulAssign || op == kernel.DivAssign {
		return v.IsDimensionless()
	}
	return t == v
}

func (b *block) mismatch(s *expr.Stmt, t, v units.Dim) error {
	if s.Op == expr.OpMulAssign || s.Op == expr.OpDivAssign {
		return &expr.Error{Pos: s.OpPos, Msg: fmt.Sprintf("'%s' needs a dimensionless value, but %s is in %s", s.Op, expr.String(s.Value), v)}
	}
	return &expr.Error{Pos: s.OpPos, Msg: fmt.Sprintf("cannot assign a value in %s to '%s', which is in %s", dimWords(v), s.Target.Name, dimWords(t))}
}

func dimWords(d units.Dim) string {
	if d.IsDimensionless() {
		return "1 (dimensionless)"
	}
	return d.String()
}

func binaryOf(op kernel.AssignOp) kernel.Op {
	switch op {
	case kernel.AddAssign:
		return kernel.OpAdd
	case kernel.SubAssign:
		return kernel.OpSub
	case kernel.MulAssign:
		return kernel.OpMul
	case kernel.DivAssign:
		return kernel.OpDiv
	}
	return kernel.OpInvalid
}

var binOps = map[expr.Op]kernel.Op{
	expr.OpAdd: kernel.OpAdd, expr.OpSub: kernel.OpSub, expr.OpMul: kernel.OpMul,
	expr.OpDiv: kernel.OpDiv, expr.OpFloorDiv: kernel.OpFloorDiv, expr.OpMod: kernel.OpMod,
	expr.OpPow: kernel.OpPow, expr.OpLt: kernel.OpLt, expr.OpLe: kernel.OpLe,
	expr.OpGt: kernel.OpGt, expr.OpGe: kernel.OpGe, expr.OpEq: kernel.OpEq,
	expr.OpNe: kernel.OpNe, expr.OpAnd: kernel.OpAnd, expr.OpOr: kernel.OpOr,
}

// build converts a checked tree: folded subtrees become constants, names
// their bindings.
func (b *block) build(x expr.Expr, c *expr.Checked) (*kernel.Expr, error) {
	if in, ok := c.Nodes[x]; ok && in.Const {
		return kernel.Const(in.Value), nil
	}
	switch x := x.(type) {
	case *expr.Paren:
		return b.build(x.X, c)
	case *expr.Num:
		return kernel.Const(x.Value), nil
	case *expr.Name:
		if _, ok := b.temps[x.Name]; ok {
			return kernel.Temp(x.Name), nil
		}
		bd, ok := b.scope(x.Name)
		if !ok {
			// Checking succeeded, so this is a built-in constant or a unit,
			// and it was folded above.
			return nil, &expr.Error{Pos: x.Pos(), Msg: fmt.Sprintf("internal: '%s' has no value", x.Name)}
		}
		switch {
		case bd.Const:
			return kernel.Const(bd.Value), nil
		case bd.Elem:
			return kernel.Elem(), nil
		case bd.Col != nil && bd.Via != nil:
			return kernel.Gather(bd.Col, bd.Via), nil
		case bd.Col != nil:
			return kernel.Var(bd.Col), nil
		}
		return nil, &expr.Error{Pos: x.Pos(), Msg: fmt.Sprintf("'%s' cannot be used as a value here", x.Name)}
	case *expr.Unary:
		a, err := b.build(x.X, c)
		if err != nil {
			return nil, err
		}
		switch x.Op {
		case expr.OpNeg:
			return kernel.Neg(a), nil
		case expr.OpNot:
			return kernel.Not(a), nil
		}
		return a, nil
	case *expr.Binary:
		l, err := b.build(x.X, c)
		if err != nil {
			return nil, err
		}
		r, err := b.build(x.Y, c)
		if err != nil {
			return nil, err
		}
		return kernel.Bin(binOps[x.Op], l, r), nil
	case *expr.Call:
		args := make([]*kernel.Expr, len(x.Args))
		for i, a := range x.Args {
			k, err := b.build(a, c)
			if err != nil {
				return nil, err
			}
			args[i] = k
		}
		if bd, ok := b.scope(x.Fun.Name); ok && bd.Table != nil {
			return kernel.Lookup(bd.Table, args...), nil
		}
		f, ok := kernel.FuncByName(x.Fun.Name)
		if !ok {
			return nil, &expr.Error{Pos: x.Pos(), Msg: fmt.Sprintf("internal: no kernel function '%s'", x.Fun.Name)}
		}
		return kernel.Call(f, args...), nil
	}
	return nil, &expr.Error{Pos: x.Pos(), Msg: "internal: unsupported expression"}
}
