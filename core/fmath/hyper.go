// Copyright 2009 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.
//
// The tanh coefficients are from the Cephes Math Library Release 2.8
// (June, 2000), Copyright 1984, 1987, 1989, 1992, 2000 by Stephen L.
// Moshier; see trig.go.
//
// Adapted for package fmath from Go's pure-Go math.sinh, math.cosh and
// math.tanh: they call fmath's Exp, a NaN argument is returned unchanged,
// and every product that takes part in an addition is wrapped in
// float64(...) so that no fused multiply-add can be formed.

package fmath

import "math"

// Sinh returns the hyperbolic sine of x.
//
// Special cases are:
//
//	Sinh(±0) = ±0
//	Sinh(±Inf) = ±Inf
//	Sinh(NaN) = NaN
//
// A rational approximation is used for |x| ≤ 0.5, and Exp beyond.
func Sinh(x float64) float64 {
	// The coefficients are #2029 from Hart & Cheney. (20.36D)
	const (
		P0 = -0.6307673640497716991184787251e+6
		P1 = -0.8991272022039509355398013511e+5
		P2 = -0.2894211355989563807284660366e+4
		P3 = -0.2630563213397497062819489e+2
		Q0 = -0.6307673640497716991212077277e+6
		Q1 = 0.1521517378790019070696485176e+5
		Q2 = -0.173678953558233699533450911e+3
	)

	if isNaN(x) {
		return x
	}
	sign := false
	if x < 0 {
		x = -x
		sign = true
	}

	var temp float64
	switch {
	case x > 21:
		temp = float64(Exp(x) * 0.5)

	case x > 0.5:
		ex := Exp(x)
		temp = float64((ex - 1/ex) * 0.5)

	default:
		sq := float64(x * x)
		p := float64(P3*sq) + P2
		p = float64(p*sq) + P1
		p = float64(p*sq) + P0
		q := float64((sq+Q2)*sq) + Q1
		q = float64(q*sq) + Q0
		temp = float64(p*x) / q
	}

	if sign {
		temp = -temp
	}
	return temp
}

// Cosh returns the hyperbolic cosine of x, computed from Exp.
//
// Special cases are:
//
//	Cosh(±0) = 1
//	Cosh(±Inf) = +Inf
//	Cosh(NaN) = NaN
func Cosh(x float64) float64 {
	if isNaN(x) {
		return x
	}
	x = math.Abs(x)
	if x > 21 {
		return float64(Exp(x) * 0.5)
	}
	ex := Exp(x)
	return float64((ex + 1/ex) * 0.5)
}

// Tanh returns the hyperbolic tangent of x.
//
// Special cases are:
//
//	Tanh(±0) = ±0
//	Tanh(±Inf) = ±1
//	Tanh(NaN) = NaN
//
// A rational approximation is used for |x| < 0.625, and 1 - 2/(e**2|x| + 1)
// beyond.
func Tanh(x float64) float64 {
	const (
		MAXLOG = 8.8029691931113054295988e+01 // log(2**127)

		P0 = -9.64399179425052238628e-1
		P1 = -9.92877231001918586564e1
		P2 = -1.61468768441708447952e3
		Q0 = 1.12811678491632931402e2
		Q1 = 2.23548839060100448583e3
		Q2 = 4.84406305325125486048e3
	)
	if isNaN(x) {
		return x
	}
	z := math.Abs(x)
	switch {
	case z > 0.5*MAXLOG:
		if x < 0 {
			return -1
		}
		return 1
	case z >= 0.625:
		s := Exp(float64(2 * z))
		z = 1 - 2/(s+1)
		if x < 0 {
			z = -z
		}
	default:
		if x == 0 {
			return x
		}
		s := float64(x * x)
		p := float64(P0*s) + P1
		p = float64(p*s) + P2
		q := float64((s+Q0)*s) + Q1
		q = float64(q*s) + Q2
		z = x + x*s*p/q
	}
	return z
}
