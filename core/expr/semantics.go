package expr

import (
	"math"

	"github.com/myelin-sim/myelin/core/fmath"
)

// Funcs is the table of transcendental functions every part of myelin uses
// to evaluate code strings, at build time (constant folding) and at run time
// (kernels): fmath's portable implementations, so that a model gives the same
// bits natively and in WebAssembly.
var Funcs = struct {
	Exp, Log, Log10, Expm1, Log1p, Exprel func(float64) float64
	Sin, Cos, Tan, Sinh, Cosh, Tanh       func(float64) float64
	Asin, Acos, Atan                      func(float64) float64
	Pow                                   func(x, y float64) float64
}{
	Exp: fmath.Exp, Log: fmath.Log, Log10: fmath.Log10, Expm1: fmath.Expm1,
	Log1p: fmath.Log1p, Exprel: fmath.Exprel,
	Sin: fmath.Sin, Cos: fmath.Cos, Tan: fmath.Tan,
	Sinh: fmath.Sinh, Cosh: fmath.Cosh, Tanh: fmath.Tanh,
	Asin: fmath.Asin, Acos: fmath.Acos, Atan: fmath.Atan,
	Pow: fmath.Pow,
}

// FoldBinary applies a binary operator to two numbers with the language's
// semantics: Python's floor division and modulo, comparisons and logic
// giving 1 or 0.
func FoldBinary(op Op, x, y float64) float64 {
	switch op {
	case OpAdd:
		return x + y
	case OpSub:
		return x - y
	case OpMul:
		return x * y
	case OpDiv:
		return x / y
	case OpFloorDiv:
		return FloorDiv(x, y)
	case OpMod:
		return Mod(x, y)
	case OpPow:
		return Funcs.Pow(x, y)
	case OpLt:
		return b2f(x < y)
	case OpLe:
		return b2f(x <= y)
	case OpGt:
		return b2f(x > y)
	case OpGe:
		return b2f(x >= y)
	case OpEq:
		return b2f(x == y)
	case OpNe:
		return b2f(x != y)
	case OpAnd:
		return b2f(x != 0 && y != 0)
	case OpOr:
		return b2f(x != 0 || y != 0)
	}
	return math.NaN()
}

// FloorDiv is Python's (and numpy's) x // y for floats, computed as
// CPython does from the exact remainder: 1 // 0.1 is 9, not floor(10.0).
// Division by zero gives ±Inf or NaN, as in numpy.
func FloorDiv(x, y float64) float64 {
	if y == 0 || math.IsInf(x, 0) || math.IsNaN(x) || math.IsNaN(y) {
		return math.Floor(x / y)
	}
	mod := math.Mod(x, y)
	div := (x - mod) / y
	if mod != 0 && (y < 0) != (mod < 0) {
		div -= 1
	}
	if div == 0 {
		return math.Copysign(0, x/y)
	}
	f := math.Floor(div)
	if div-f > 0.5 {
		f++
	}
	return f
}

// Mod is Python's (and numpy's) x % y: the remainder with the sign of y.
func Mod(x, y float64) float64 {
	if y == 0 {
		return math.NaN()
	}
	r := math.Mod(x, y)
	switch {
	case r == 0:
		r = math.Copysign(0, y)
	case (r < 0) != (y < 0):
		r += y
	}
	return r
}

// Sign is numpy's sign: -1, 0 or 1 (NaN for NaN).
func Sign(x float64) float64 {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return x // 0, -0 or NaN
}

// Clip is numpy's clip(x, lo, hi).
func Clip(x, lo, hi float64) float64 {
	if x < lo {
		x = lo
	}
	if x > hi {
		x = hi
	}
	return x
}

// Timestep is Brian2's timestep(t, dt): the index of the time step that
// contains t, robust to rounding (it adds a thousandth of a step).
func Timestep(t, dt float64) float64 {
	return math.Trunc((t + float64(1e-3*dt)) / dt)
}
