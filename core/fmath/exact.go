package fmath

import "math"

// The functions in this file are exact: IEEE 754 defines their result as the
// correctly rounded (for Sqrt) or exactly representable (for the others)
// value, so every correct implementation returns the same bits. They
// forward to package math, whose versions are compiled to a single
// instruction on most architectures, after returning a NaN argument
// unchanged: IEEE 754 does not fix the bits of a NaN that an instruction
// returns, and they do differ between amd64, arm64 and wasm.

// Sqrt returns the square root of x; it is math.Sqrt, which IEEE 754 requires
// to be correctly rounded.
//
// Special cases are:
//
//	Sqrt(+Inf) = +Inf
//	Sqrt(±0) = ±0
//	Sqrt(x < 0) = NaN
//	Sqrt(NaN) = NaN
func Sqrt(x float64) float64 {
	if !(x >= 0) { // x < 0 or NaN
		if isNaN(x) {
			return x
		}
		return math.NaN()
	}
	return math.Sqrt(x)
}

// Abs returns the absolute value of x; it is math.Abs, which only clears the
// sign bit.
func Abs(x float64) float64 { return math.Abs(x) }

// Floor returns the greatest integer value less than or equal to x; it is
// math.Floor, which is exact.
func Floor(x float64) float64 {
	if isNaN(x) {
		return x
	}
	return math.Floor(x)
}

// Ceil returns the least integer value greater than or equal to x; it is
// math.Ceil, which is exact.
func Ceil(x float64) float64 {
	if isNaN(x) {
		return x
	}
	return math.Ceil(x)
}

// Trunc returns the integer value of x; it is math.Trunc, which is exact.
func Trunc(x float64) float64 {
	if isNaN(x) {
		return x
	}
	return math.Trunc(x)
}
