package kernel

import (
	"math"

	"github.com/myelin-sim/myelin/core/fmath"
)

// This file is the only place where the kernel calls mathematical
// functions. The kernels, the constant folding, the per-call scalar code,
// the random number generators and the benchmarks' hand-written baselines
// all call these, and they are core/fmath's portable pure-Go
// implementations, with the same bits on every GOARCH: a seed gives the
// same run natively and in WebAssembly. (Go's math.Exp and math.Log are
// assembly on amd64 and differ from the WebAssembly results in the last
// bit.) Sqrt, Abs, Floor, Ceil, Trunc and Mod are exact everywhere.
//
// They are functions, not func variables, so that calls are direct and the
// compiler may inline them.

func fnExp(x float64) float64    { return fmath.Exp(x) }
func fnLog(x float64) float64    { return fmath.Log(x) }
func fnLog10(x float64) float64  { return fmath.Log10(x) }
func fnExpm1(x float64) float64  { return fmath.Expm1(x) }
func fnLog1p(x float64) float64  { return fmath.Log1p(x) }
func fnPow(x, y float64) float64 { return fmath.Pow(x, y) }
func fnSin(x float64) float64    { return fmath.Sin(x) }
func fnCos(x float64) float64    { return fmath.Cos(x) }
func fnTan(x float64) float64    { return fmath.Tan(x) }
func fnSinh(x float64) float64   { return fmath.Sinh(x) }
func fnCosh(x float64) float64   { return fmath.Cosh(x) }
func fnTanh(x float64) float64   { return fmath.Tanh(x) }
func fnAsin(x float64) float64   { return fmath.Asin(x) }
func fnAcos(x float64) float64   { return fmath.Acos(x) }
func fnAtan(x float64) float64   { return fmath.Atan(x) }

// fnExprel is (exp(x)-1)/x, Brian2's exprel: 1 for |x| < 1e-16, +Inf above
// 717 (fmath.Exprel has the same special cases).
func fnExprel(x float64) float64 {
	switch {
	case x != x:
		return x
	case x > 717:
		return math.Inf(1)
	case math.Abs(x) < 1e-16:
		return 1
	}
	return fnExpm1(x) / x
}

// fnExprelSlice sets d[j] = fnExprel(a[j]) (d and a may be the same
// slice): fmath.ExprelSlice, Exprel's bits without a call per element.
func fnExprelSlice(d, a []float64) { fmath.ExprelSlice(d, a) }

// fnExpSlice sets d[j] = fnExp(a[j]) (d and a may be the same slice):
// fmath.ExpSlice, Exp's bits without a call per element.
func fnExpSlice(d, a []float64) { fmath.ExpSlice(d, a) }

// These are exact (correctly rounded or bit manipulation) on every platform.

func fnSqrt(x float64) float64  { return math.Sqrt(x) }
func fnAbs(x float64) float64   { return math.Abs(x) }
func fnFloor(x float64) float64 { return math.Floor(x) }
func fnCeil(x float64) float64  { return math.Ceil(x) }
func fnTrunc(x float64) float64 { return math.Trunc(x) }
func fnFmod(x, y float64) float64 {
	return math.Mod(x, y)
}
