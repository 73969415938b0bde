package kernel

import (
	"fmt"
	"strconv"
)

// Column is a named float64 state array. A vector column holds one value per
// element (len(Data) must cover every element a kernel runs over); a scalar
// column (Scalar true, len(Data) == 1) holds one shared value: t, dt, N or a
// shared variable.
//
// Kernels keep the *Column, not its slice: they read Data afresh at every
// call, so the owner may replace Data (to grow a synapse array, say) between
// calls without recompiling.
type Column struct {
	Name   string
	Data   []float64
	Scalar bool
}

// Index is a named int32 index array, such as the post-synaptic neuron of
// every synapse. A kernel reads a vector column through it (a gather:
// v[post[k]]) or writes a column through it (a scatter: ge[post[k]] += w[k]).
// Kernels never write index arrays.
type Index struct {
	Name string
	Data []int32
}

// Op is an operator of an expression: a unary or binary operator, or the
// kind of a leaf or call node.
type Op uint8

// The expression node kinds and operators. The binary operators follow
// Python: // is floor division, % is the floored modulo (with the sign of the
// divisor), ** is pow; comparisons, not, and and or give 1 or 0, and and or
// test truthiness (non-zero) and evaluate both operands.
const (
	OpInvalid Op = iota

	OpConst  // a number: Expr.Value
	OpVar    // a column: Expr.Col (element k of a vector, or the scalar)
	OpGather // Expr.Col read through Expr.Via: Col[Via[k]]
	OpTemp   // a temporary of the block: Expr.Name
	OpIndex  // the element index i, as a float64
	OpCall   // a built-in function: Expr.Func applied to Expr.Args
	OpLookup // a TimedArray: Expr.Table applied to Expr.Args (t) or (t, i)

	OpNeg // -x
	OpNot // not x

	OpAdd      // x + y
	OpSub      // x - y
	OpMul      // x * y
	OpDiv      // x / y
	OpFloorDiv // x // y
	OpMod      // x % y
	OpPow      // x ** y
	OpLt       // x < y
	OpLe       // x <= y
	OpGt       // x > y
	OpGe       // x >= y
	OpEq       // x == y
	OpNe       // x != y
	OpAnd      // x and y
	OpOr       // x or y

	opCount
)

var opNames = [...]string{
	OpInvalid: "invalid", OpConst: "const", OpVar: "var", OpGather: "gather",
	OpTemp: "temp", OpIndex: "i", OpCall: "call", OpLookup: "lookup",
	OpNeg: "-", OpNot: "not ",
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpFloorDiv: "//",
	OpMod: "%", OpPow: "**", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpEq: "==", OpNe: "!=", OpAnd: "and", OpOr: "or",
}

func (o Op) String() string {
	if int(o) < len(opNames) && opNames[o] != "" {
		return opNames[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// IsBinary reports whether o is a binary operator.
func (o Op) IsBinary() bool { return o >= OpAdd && o <= OpOr }

// Func is a built-in function of Brian2's code strings.
type Func uint8

// The built-in functions. Int truncates toward zero (Brian2's int(), as in
// C: int(-2.7) is -2); Sign is numpy's sign (-1, 0 or 1, and 0 keeps its
// sign); Clip is numpy's clip(x, lo, hi); Exprel is (exp(x)-1)/x, 1 at 0;
// Timestep is Brian2's timestep(t, dt). Rand, Randn and Poisson draw from the
// generator passed to the run, one number per element.
const (
	FuncInvalid Func = iota
	FuncExp
	FuncLog
	FuncLog10
	FuncSqrt
	FuncAbs
	FuncSign
	FuncSin
	FuncCos
	FuncTan
	FuncSinh
	FuncCosh
	FuncTanh
	FuncArcsin
	FuncArccos
	FuncArctan
	FuncExpm1
	FuncLog1p
	FuncExprel
	FuncFloor
	FuncCeil
	FuncInt
	FuncClip
	FuncTimestep
	FuncRand
	FuncRandn
	FuncPoisson

	funcCount
)

var funcNames = [...]string{
	FuncInvalid: "invalid", FuncExp: "exp", FuncLog: "log", FuncLog10: "log10",
	FuncSqrt: "sqrt", FuncAbs: "abs", FuncSign: "sign", FuncSin: "sin",
	FuncCos: "cos", FuncTan: "tan", FuncSinh: "sinh", FuncCosh: "cosh",
	FuncTanh: "tanh", FuncArcsin: "arcsin", FuncArccos: "arccos",
	FuncArctan: "arctan", FuncExpm1: "expm1", FuncLog1p: "log1p",
	FuncExprel: "exprel", FuncFloor: "floor", FuncCeil: "ceil", FuncInt: "int",
	FuncClip: "clip", FuncTimestep: "timestep", FuncRand: "rand",
	FuncRandn: "randn", FuncPoisson: "poisson",
}

func (f Func) String() string {
	if int(f) < len(funcNames) && funcNames[f] != "" {
		return funcNames[f]
	}
	return "Func(" + strconv.Itoa(int(f)) + ")"
}

// Arity is the number of arguments f takes.
func (f Func) Arity() int {
	switch f {
	case FuncClip:
		return 3
	case FuncTimestep:
		return 2
	case FuncRand, FuncRandn:
		return 0
	}
	return 1
}

// IsRandom reports whether f draws random numbers.
func (f Func) IsRandom() bool { return f == FuncRand || f == FuncRandn || f == FuncPoisson }

// FuncByName returns the built-in function called name in Brian2's code
// strings ("exp", "arcsin", "int", "rand", ...).
func FuncByName(name string) (Func, bool) {
	for f := FuncExp; f < funcCount; f++ {
		if funcNames[f] == name {
			return f, true
		}
	}
	return FuncInvalid, false
}

// Expr is an expression node of the intermediate representation: constants
// already folded and every quantity in SI units, as the layer above produces
// it. Build nodes with the constructors ([Const], [Var], [Bin], [Call] ...);
// a node may be shared between expressions and statements.
type Expr struct {
	Op    Op
	Value float64     // OpConst
	Col   *Column     // OpVar, OpGather
	Via   *Index      // OpGather
	Name  string      // OpTemp
	Func  Func        // OpCall
	Table *TimedArray // OpLookup
	Args  []*Expr     // operands: 1 for OpNeg/OpNot, 2 for binary operators, the call's arguments
}

// Const is the number x.
func Const(x float64) *Expr { return &Expr{Op: OpConst, Value: x} }

// Var reads column c: element k of a vector column, or the value of a scalar
// column.
func Var(c *Column) *Expr { return &Expr{Op: OpVar, Col: c} }

// Gather reads vector column c through index via: c[via[k]].
func Gather(c *Column, via *Index) *Expr { return &Expr{Op: OpGather, Col: c, Via: via} }

// Temp reads the block's temporary name, which an earlier statement assigned.
func Temp(name string) *Expr { return &Expr{Op: OpTemp, Name: name} }

// Elem is the element index i.
func Elem() *Expr { return &Expr{Op: OpIndex} }

// Neg is -x.
func Neg(x *Expr) *Expr { return &Expr{Op: OpNeg, Args: []*Expr{x}} }

// Not is not x: 1 when x is 0, else 0.
func Not(x *Expr) *Expr { return &Expr{Op: OpNot, Args: []*Expr{x}} }

// Bin applies the binary operator op to x and y.
func Bin(op Op, x, y *Expr) *Expr { return &Expr{Op: op, Args: []*Expr{x, y}} }

// Add is x + y.
func Add(x, y *Expr) *Expr { return Bin(OpAdd, x, y) }

// Sub is x - y.
func Sub(x, y *Expr) *Expr { return Bin(OpSub, x, y) }

// Mul is x * y.
func Mul(x, y *Expr) *Expr { return Bin(OpMul, x, y) }

// Div is x / y.
func Div(x, y *Expr) *Expr { return Bin(OpDiv, x, y) }

// Call applies the built-in function f to args.
func Call(f Func, args ...*Expr) *Expr { return &Expr{Op: OpCall, Func: f, Args: args} }

// Lookup reads a TimedArray: ta(t) for a 1-D array, ta(t, i) for a 2-D one.
func Lookup(ta *TimedArray, args ...*Expr) *Expr {
	return &Expr{Op: OpLookup, Table: ta, Args: args}
}

// AssignOp is the operator of a statement.
type AssignOp uint8

// The assignment operators. Target op= x means target = target op x.
const (
	Assign    AssignOp = iota // =
	AddAssign                 // +=
	SubAssign                 // -=
	MulAssign                 // *=
	DivAssign                 // /=
)

var assignNames = [...]string{"=", "+=", "-=", "*=", "/="}

func (a AssignOp) String() string {
	if int(a) < len(assignNames) {
		return assignNames[a]
	}
	return "AssignOp(" + strconv.Itoa(int(a)) + ")"
}

func (a AssignOp) binary() Op {
	switch a {
	case AddAssign:
		return OpAdd
	case SubAssign:
		return OpSub
	case MulAssign:
		return OpMul
	case DivAssign:
		return OpDiv
	}
	return OpInvalid
}

// Stmt is one statement of a block: Col (or Col through Via, or the
// temporary Temp when Col is nil) Op= Value.
//
// Statements run in order and each sees, for the same element, what the
// earlier ones wrote. A target through an index (ge_post += w) is a scatter:
// repeated indices all accumulate, in element order. A scalar column may be
// assigned only a value that does not vary over elements; it is evaluated
// once per call.
type Stmt struct {
	Col   *Column
	Via   *Index
	Temp  string
	Op    AssignOp
	Value *Expr
}

// Set is the statement c = x.
func Set(c *Column, x *Expr) Stmt { return Stmt{Col: c, Value: x} }

// Update is the statement c op= x, such as v += 1.
func Update(c *Column, op AssignOp, x *Expr) Stmt { return Stmt{Col: c, Op: op, Value: x} }

// Scatter is the statement c[via[k]] op= x, such as ge_post += w.
func Scatter(c *Column, via *Index, op AssignOp, x *Expr) Stmt {
	return Stmt{Col: c, Via: via, Op: op, Value: x}
}

// SetTemp is the statement name = x for a temporary of the block.
func SetTemp(name string, x *Expr) Stmt { return Stmt{Temp: name, Value: x} }

// String prints x in Brian2's syntax, fully parenthesised.
func (x *Expr) String() string {
	if x == nil {
		return "<nil>"
	}
	switch x.Op {
	case OpConst:
		if x.Value < 0 {
			return "(" + formatFloat(x.Value) + ")"
		}
		return formatFloat(x.Value)
	case OpVar:
		return colName(x.Col)
	case OpGather:
		return colName(x.Col) + "[" + indexName(x.Via) + "]"
	case OpTemp:
		return x.Name
	case OpIndex:
		return "i"
	case OpNeg:
		return "-" + argString(x, 0)
	case OpNot:
		return "not " + argString(x, 0)
	case OpCall, OpLookup:
		s := x.Func.String()
		if x.Op == OpLookup {
			s = "timedarray"
			if x.Table != nil && x.Table.Name != "" {
				s = x.Table.Name
			}
		}
		s += "("
		for i, a := range x.Args {
			if i > 0 {
				s += ", "
			}
			s += a.String()
		}
		return s + ")"
	}
	if x.Op.IsBinary() {
		return "(" + argString(x, 0) + " " + x.Op.String() + " " + argString(x, 1) + ")"
	}
	return x.Op.String()
}

func argString(x *Expr, i int) string {
	if i < len(x.Args) {
		return x.Args[i].String()
	}
	return "<missing>"
}

// String prints the statement in Brian2's syntax.
func (s Stmt) String() string {
	t := s.Temp
	if s.Col != nil {
		t = colName(s.Col)
		if s.Via != nil {
			t += "[" + indexName(s.Via) + "]"
		}
	}
	return fmt.Sprintf("%s %s %s", t, s.Op, s.Value)
}

func colName(c *Column) string {
	if c == nil {
		return "<nil column>"
	}
	if c.Name == "" {
		return "col"
	}
	return c.Name
}

func indexName(x *Index) string {
	if x == nil {
		return "<nil index>"
	}
	if x.Name == "" {
		return "index"
	}
	return x.Name
}

func formatFloat(x float64) string {
	return strconv.FormatFloat(x, 'g', -1, 64)
}
