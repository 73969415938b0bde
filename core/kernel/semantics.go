package kernel

import (
	"math"

	"github.com/myelin-sim/myelin/core/expr"
)

// The scalar semantics of every operator and function. Constant folding, the
// once-per-call scalar code and the generated block operations all use these
// definitions, so a subexpression gives the same bits wherever it is
// evaluated. They agree with core/expr's FoldBinary, FloorDiv, Mod, Sign,
// Clip and Timestep.
//
// Every product that feeds an addition is written float64(x*y) + z: Go may
// otherwise fuse it into one multiply-add on arm64 and round differently.

const (
	expMask  = 0x7ff0000000000000
	fracMask = 0x000fffffffffffff
	// subLim: a value x is subnormal exactly when
	// Float64bits(x)<<1 - 1 < subLim (unsigned; zero wraps to the top).
	subLim = (1 << 53) - 1
	// MinNormal is the smallest positive normal float64. Stores to columns
	// flush results smaller in magnitude (subnormal numbers) to zero.
	MinNormal = 2.2250738585072014e-308
)

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// subKey maps x to a number that is below subLim exactly when x is
// subnormal; the minimum of subKey over a block tells whether any value of
// the block needs flushing, without a branch per element.
func subKey(x float64) uint64 { return math.Float64bits(x)<<1 - 1 }

// flush returns x, or zero with x's sign when x is subnormal.
func flush(x float64) float64 {
	if subKey(x) < subLim {
		return math.Copysign(0, x)
	}
	return x
}

// flushSlice flushes the subnormal values of d to zero.
func flushSlice(d []float64) {
	for j, x := range d {
		if subKey(x) < subLim {
			d[j] = math.Copysign(0, x)
		}
	}
}

// pyFloorDiv, pyMod, sign, clip and timestep are the language's semantics,
// defined once in core/expr (which constant folding uses too), so a kernel
// and a folded constant always agree.
func pyFloorDiv(x, y float64) float64 { return expr.FloorDiv(x, y) }

func pyMod(x, y float64) float64 { return expr.Mod(x, y) }

func sign(x float64) float64 { return expr.Sign(x) }

func clip(x, lo, hi float64) float64 { return expr.Clip(x, lo, hi) }

func timestep(t, dt float64) float64 { return expr.Timestep(t, dt) }

// normal reports whether x is a normal, finite number (not zero).
func normal(x float64) bool {
	e := math.Float64bits(x) & expMask
	return e != 0 && e != expMask
}

// x**n for the integer constants 2, 3 and 4, and powi for other integers,
// multiply in the order of the binary exponentiation fnPow (Go's and
// fmath's Pow) uses, so they give its bits whenever the result is normal;
// anything else (zero, a subnormal, an overflow, NaN) is left to fnPow.

func powi2(x float64) float64 {
	r := x * x
	if !normal(r) {
		return fnPow(x, 2)
	}
	return r
}

func powi3(x float64) float64 {
	r := x * (x * x)
	if !normal(r) {
		return fnPow(x, 3)
	}
	return r
}

func powi4(x float64) float64 {
	p := x * x
	r := p * p
	if !normal(r) {
		return fnPow(x, 4)
	}
	return r
}

// maxPowi bounds the integer exponents that powi multiplies out.
const maxPowi = 64

func powi(x float64, n int) float64 {
	m := n
	if m < 0 {
		m = -m
	}
	if n == 0 || m > maxPowi {
		return fnPow(x, float64(n))
	}
	a, p := 1.0, x
	for i := m; i != 0; i >>= 1 {
		if i&1 == 1 {
			a *= p
		}
		if i > 1 {
			p *= p
		}
	}
	if !normal(a) {
		return fnPow(x, float64(n))
	}
	if n < 0 {
		a = 1 / a
		if !normal(a) {
			return fnPow(x, float64(n))
		}
	}
	return a
}

// intExponent reports whether y is a small integer exponent that x**y
// evaluates by multiplication.
func intExponent(y float64) (int, bool) {
	if y != fnTrunc(y) || y < -maxPowi || y > maxPowi || y == 0 {
		return 0, false
	}
	return int(y), true
}

// iop is the kernel's internal operation code: Op and Func merged.
type iop uint8

const (
	iNone iop = iota
	// unary
	iNeg
	iNot
	iExp
	iLog
	iLog10
	iSqrt
	iAbs
	iSign
	iSin
	iCos
	iTan
	iSinh
	iCosh
	iTanh
	iAsin
	iAcos
	iAtan
	iExpm1
	iLog1p
	iExprel
	iFloor
	iCeil
	iInt
	// binary
	iAdd
	iSub
	iMul
	iDiv
	iFloorDiv
	iMod
	iPow
	iLt
	iLe
	iGt
	iGe
	iEq
	iNe
	iAnd
	iOr
	iTimestep
	// others
	iClip
	iPowi
	iRand
	iRandn
	iPoisson
	iLookup
	iCount
)

var iopNames = [...]string{
	iNone: "?", iNeg: "neg", iNot: "not", iExp: "exp", iLog: "log", iLog10: "log10",
	iSqrt: "sqrt", iAbs: "abs", iSign: "sign", iSin: "sin", iCos: "cos", iTan: "tan",
	iSinh: "sinh", iCosh: "cosh", iTanh: "tanh", iAsin: "arcsin", iAcos: "arccos",
	iAtan: "arctan", iExpm1: "expm1", iLog1p: "log1p", iExprel: "exprel",
	iFloor: "floor", iCeil: "ceil", iInt: "int",
	iAdd: "+", iSub: "-", iMul: "*", iDiv: "/", iFloorDiv: "//", iMod: "%",
	iPow: "**", iLt: "<", iLe: "<=", iGt: ">", iGe: ">=", iEq: "==", iNe: "!=",
	iAnd: "and", iOr: "or", iTimestep: "timestep",
	iClip: "clip", iPowi: "powi", iRand: "rand", iRandn: "randn",
	iPoisson: "poisson", iLookup: "lookup",
}

func (o iop) String() string { return iopNames[o] }

func (o iop) unary() bool  { return o >= iNeg && o <= iInt }
func (o iop) binary() bool { return o >= iAdd && o <= iTimestep }

// commutes reports whether x o y == y o x bit for bit.
func (o iop) commutes() bool {
	switch o {
	case iAdd, iMul, iEq, iNe, iAnd, iOr:
		return true
	}
	return false
}

// mirror is the comparison o' with x o y == y o' x.
func (o iop) mirror() iop {
	switch o {
	case iLt:
		return iGt
	case iLe:
		return iGe
	case iGt:
		return iLt
	case iGe:
		return iLe
	}
	return o
}

// integral reports whether o's results are always integers, ±0 or NaN, so
// that storing them needs no subnormal check.
func (o iop) integral() bool {
	switch o {
	case iNot, iSign, iFloor, iCeil, iInt, iFloorDiv, iLt, iLe, iGt, iGe, iEq, iNe, iAnd, iOr, iTimestep, iRand, iPoisson:
		return true
	}
	return false
}

var opToIop = [...]iop{
	OpNeg: iNeg, OpNot: iNot, OpAdd: iAdd, OpSub: iSub, OpMul: iMul, OpDiv: iDiv,
	OpFloorDiv: iFloorDiv, OpMod: iMod, OpPow: iPow, OpLt: iLt, OpLe: iLe,
	OpGt: iGt, OpGe: iGe, OpEq: iEq, OpNe: iNe, OpAnd: iAnd, OpOr: iOr,
}

var funcToIop = [...]iop{
	FuncExp: iExp, FuncLog: iLog, FuncLog10: iLog10, FuncSqrt: iSqrt, FuncAbs: iAbs,
	FuncSign: iSign, FuncSin: iSin, FuncCos: iCos, FuncTan: iTan, FuncSinh: iSinh,
	FuncCosh: iCosh, FuncTanh: iTanh, FuncArcsin: iAsin, FuncArccos: iAcos,
	FuncArctan: iAtan, FuncExpm1: iExpm1, FuncLog1p: iLog1p, FuncExprel: iExprel,
	FuncFloor: iFloor, FuncCeil: iCeil, FuncInt: iInt, FuncClip: iClip,
	FuncTimestep: iTimestep, FuncRand: iRand, FuncRandn: iRandn, FuncPoisson: iPoisson,
}

// eval1 applies a unary operation.
func eval1(o iop, x float64) float64 {
	switch o {
	case iNeg:
		return -x
	case iNot:
		return b2f(x == 0)
	case iExp:
		return fnExp(x)
	case iLog:
		return fnLog(x)
	case iLog10:
		return fnLog10(x)
	case iSqrt:
		return fnSqrt(x)
	case iAbs:
		return fnAbs(x)
	case iSign:
		return sign(x)
	case iSin:
		return fnSin(x)
	case iCos:
		return fnCos(x)
	case iTan:
		return fnTan(x)
	case iSinh:
		return fnSinh(x)
	case iCosh:
		return fnCosh(x)
	case iTanh:
		return fnTanh(x)
	case iAsin:
		return fnAsin(x)
	case iAcos:
		return fnAcos(x)
	case iAtan:
		return fnAtan(x)
	case iExpm1:
		return fnExpm1(x)
	case iLog1p:
		return fnLog1p(x)
	case iExprel:
		return fnExprel(x)
	case iFloor:
		return fnFloor(x)
	case iCeil:
		return fnCeil(x)
	case iInt:
		return fnTrunc(x)
	}
	return math.NaN()
}

// eval2 applies a binary operation.
func eval2(o iop, x, y float64) float64 {
	switch o {
	case iAdd:
		return x + y
	case iSub:
		return x - y
	case iMul:
		return x * y
	case iDiv:
		return x / y
	case iFloorDiv:
		return pyFloorDiv(x, y)
	case iMod:
		return pyMod(x, y)
	case iPow:
		return fnPow(x, y)
	case iLt:
		return b2f(x < y)
	case iLe:
		return b2f(x <= y)
	case iGt:
		return b2f(x > y)
	case iGe:
		return b2f(x >= y)
	case iEq:
		return b2f(x == y)
	case iNe:
		return b2f(x != y)
	case iAnd:
		return b2f(x != 0 && y != 0)
	case iOr:
		return b2f(x != 0 || y != 0)
	case iTimestep:
		return timestep(x, y)
	}
	return math.NaN()
}
