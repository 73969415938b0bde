// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// The original C code, the long comment, and the constants below were
// from http://netlib.sandia.gov/cephes/cmath/atan.c, available from
// http://www.netlib.org/cephes/cmath.tgz; see trig.go for the Cephes
// notice.
//
// Adapted for package fmath from Go's pure-Go math.asin, math.acos,
// math.atan and math.atan2: a NaN argument is returned unchanged, and every
// product that takes part in an addition is wrapped in float64(...) so that
// no fused multiply-add can be formed.

package fmath

import "math"

// satan returns atan(x) for x ≠ 0 and not NaN: it reduces |x| to the
// range [0, 0.66] and evaluates a rational approximation there (Go's
// satan and xatan, written out as one function so that Atan can be
// inlined).
func satan(x float64) float64 {
	const (
		Morebits = 6.123233995736765886130e-17 // pi/2 = PIO2 + Morebits
		Tan3pio8 = 2.41421356237309504880      // tan(3*pi/8)

		P0 = -8.750608600031904122785e-01
		P1 = -1.615753718733365076637e+01
		P2 = -7.500855792314704667340e+01
		P3 = -1.228866684490136173410e+02
		P4 = -6.485021904942025371773e+01
		Q0 = +2.485846490142306297962e+01
		Q1 = +1.650270098316988542046e+02
		Q2 = +4.328810604912902668951e+02
		Q3 = +4.853903996359136964868e+02
		Q4 = +1.945506571482613964425e+02
	)
	a := math.Abs(x)
	t := a
	if a > Tan3pio8 {
		t = 1 / a
	} else if a > 0.66 {
		t = (a - 1) / (a + 1)
	}

	// xatan(t)
	z := float64(t * t)
	p := float64(P0*z) + P1
	p = float64(p*z) + P2
	p = float64(p*z) + P3
	p = float64(p*z) + P4
	q := float64((z+Q0)*z) + Q1
	q = float64(q*z) + Q2
	q = float64(q*z) + Q3
	q = float64(q*z) + Q4
	z = z * p / q
	z = float64(t*z) + t

	if a > Tan3pio8 {
		z = math.Pi/2 - z + Morebits
	} else if a > 0.66 {
		z = math.Pi/4 + z + 0.5*Morebits
	}
	if x < 0 {
		return -z
	}
	return z
}

// Atan returns the arctangent, in radians, of x.
//
// Special cases are:
//
//	Atan(±0) = ±0
//	Atan(±Inf) = ±Pi/2
//	Atan(NaN) = NaN
func Atan(x float64) float64 {
	if x == 0 || isNaN(x) {
		return x
	}
	return satan(x)
}

// Atan2 returns the arc tangent of y/x, using the signs of the two to
// determine the quadrant of the return value.
//
// Special cases are (in order):
//
//	Atan2(y, NaN) = NaN
//	Atan2(NaN, x) = NaN
//	Atan2(+0, x>=0) = +0
//	Atan2(-0, x>=0) = -0
//	Atan2(+0, x<=-0) = +Pi
//	Atan2(-0, x<=-0) = -Pi
//	Atan2(y>0, 0) = +Pi/2
//	Atan2(y<0, 0) = -Pi/2
//	Atan2(+Inf, +Inf) = +Pi/4
//	Atan2(-Inf, +Inf) = -Pi/4
//	Atan2(+Inf, -Inf) = 3Pi/4
//	Atan2(-Inf, -Inf) = -3Pi/4
//	Atan2(y, +Inf) = 0
//	Atan2(y>0, -Inf) = +Pi
//	Atan2(y<0, -Inf) = -Pi
//	Atan2(+Inf, x) = +Pi/2
//	Atan2(-Inf, x) = -Pi/2
func Atan2(y, x float64) float64 {
	// special cases
	switch {
	case isNaN(y) || isNaN(x):
		return math.NaN()
	case y == 0:
		if x >= 0 && !math.Signbit(x) {
			return math.Copysign(0, y)
		}
		return math.Copysign(math.Pi, y)
	case x == 0:
		return math.Copysign(math.Pi/2, y)
	case isInf(x, 0):
		if isInf(x, 1) {
			switch {
			case isInf(y, 0):
				return math.Copysign(math.Pi/4, y)
			default:
				return math.Copysign(0, y)
			}
		}
		switch {
		case isInf(y, 0):
			return math.Copysign(3*math.Pi/4, y)
		default:
			return math.Copysign(math.Pi, y)
		}
	case isInf(y, 0):
		return math.Copysign(math.Pi/2, y)
	}

	// Call atan and determine the quadrant.
	q := Atan(y / x)
	if x < 0 {
		if q <= 0 {
			return q + math.Pi
		}
		return q - math.Pi
	}
	return q
}

// Asin returns the arcsine, in radians, of x.
//
// Special cases are:
//
//	Asin(±0) = ±0
//	Asin(x) = NaN if x < -1 or x > 1
//	Asin(NaN) = NaN
//
// Like Go's math.Asin it is computed as Atan(x/√(1-x²)); close to ±1 the
// rounding of x² limits its accuracy (see the package documentation).
func Asin(x float64) float64 {
	if x == 0 || isNaN(x) {
		return x // special case
	}
	sign := false
	if x < 0 {
		x = -x
		sign = true
	}
	if x > 1 {
		return math.NaN() // special case
	}

	temp := math.Sqrt(1 - float64(x*x))
	if x > 0.7 {
		temp = math.Pi/2 - satan(temp/x)
	} else {
		temp = satan(x / temp)
	}

	if sign {
		temp = -temp
	}
	return temp
}

// Acos returns the arccosine, in radians, of x, as π/2 - Asin(x).
//
// Special case is:
//
//	Acos(x) = NaN if x < -1 or x > 1
//	Acos(NaN) = NaN
func Acos(x float64) float64 {
	a := Asin(x)
	if isNaN(a) {
		return a // not Pi/2 - NaN, whose bits are not portable
	}
	return math.Pi/2 - a
}
