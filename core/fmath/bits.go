// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// Adapted for package fmath: every product that takes part in an addition
// is wrapped in float64(...) so that no fused multiply-add can be formed.

package fmath

import "math"

const (
	mask     = 0x7FF
	shift    = 64 - 11 - 1
	bias     = 1023
	fracMask = 1<<shift - 1

	smallestNormal = 2.2250738585072014e-308 // 2**-1022
)

func isNaN(x float64) bool { return x != x }

// isInf reports whether x is an infinity, according to sign: sign > 0 asks
// for +Inf, sign < 0 for -Inf, sign == 0 for either.
func isInf(x float64, sign int) bool {
	return sign >= 0 && x > math.MaxFloat64 || sign <= 0 && x < -math.MaxFloat64
}

// normalize returns a normal number y and exponent exp satisfying
// x == y × 2**exp. It assumes x is finite and non-zero.
func normalize(x float64) (y float64, exp int) {
	if math.Abs(x) < smallestNormal {
		return float64(x * (1 << 52)), -52
	}
	return x, 0
}

// frexp is math.Frexp (pure Go; math.Frexp has assembly on s390x).
func frexp(f float64) (frac float64, exp int) {
	switch {
	case f == 0:
		return f, 0 // correctly return -0
	case isInf(f, 0) || isNaN(f):
		return f, 0
	}
	f, exp = normalize(f)
	x := math.Float64bits(f)
	exp += int((x>>shift)&mask) - bias + 1
	x &^= mask << shift
	x |= (-1 + bias) << shift
	frac = math.Float64frombits(x)
	return
}

// ldexp is math.Ldexp (pure Go; math.Ldexp has assembly on s390x). The
// result is frac × 2**exp rounded once, so it is exact unless it is
// subnormal.
func ldexp(frac float64, exp int) float64 {
	switch {
	case frac == 0:
		return frac // correctly return -0
	case isInf(frac, 0) || isNaN(frac):
		return frac
	}
	frac, e := normalize(frac)
	exp += e
	x := math.Float64bits(frac)
	exp += int(x>>shift)&mask - bias
	if exp < -1075 {
		return math.Copysign(0, frac) // underflow
	}
	if exp > 1023 { // overflow
		if frac < 0 {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	var m float64 = 1
	if exp < -1022 { // denormal
		exp += 53
		m = 1.0 / (1 << 53) // 2**-53
	}
	x &^= mask << shift
	x |= uint64(exp+bias) << shift
	return float64(m * math.Float64frombits(x))
}

// modf is math.Modf. Both parts are exact, so math.Trunc (which has
// assembly on several architectures) gives the same bits everywhere.
func modf(f float64) (integer float64, fractional float64) {
	integer = math.Trunc(f)
	fractional = math.Copysign(f-integer, f)
	return
}
