// Exp, Expm1 and Exprel are this package's own algorithms (see doc.go),
// written from the mathematics; the thresholds (where Exp overflows and
// underflows, and where Expm1 is -1) are those of fdlibm and Go's math.

package fmath

import "math"

// Exp returns e**x, the base-e exponential of x.
//
// Special cases are:
//
//	Exp(+Inf) = +Inf
//	Exp(NaN) = NaN
//
// Very large values overflow to 0 or +Inf.
// Very small values underflow to 1.
//
// It reduces x = (k/N)*ln2 + r with N = expN = 128 and |r| ≤ ln2/(2N),
// so that e**x = 2**(k/N) * e**r: 2**(k/N) is 2**floor(k/N), added to the
// exponent bits, times 2**(j/N), j = k mod N, from a table (expBits) kept
// to about 106 bits with its relative tail (expTail); e**r - 1 is its
// Taylor polynomial of degree 5 (the next term is below 2**-60). There is
// no division, and the result is rounded once, at the last addition, so
// the error stays near 0.5 ulp (TestAccuracy: 0.51).
func Exp(x float64) float64 {
	const (
		Overflow  = 7.09782712893383973096e+02
		Underflow = -7.45133219101941108420e+02
	)
	if !(-700 < x && x < 709) { // NaN included
		switch {
		case isNaN(x):
			return x
		case x > Overflow: // handles case where x is +∞
			return math.Inf(1)
		case x < Underflow: // handles case where x is -∞
			return 0
		}
		k, q := expReduce(x)
		return expScaleSlow(k, q)
	}
	// expReduce, written out: a call costs as much as the arithmetic in
	// WebAssembly.
	const (
		Shift     = 0x1.8p52
		ShiftBits = 0x4338000000000000
		C2        = 1.0 / 2
		C3        = 1.0 / 6
		C4        = 1.0 / 24
		C5        = 1.0 / 120
	)
	z := float64(x*expInvLn2N) + Shift
	kd := z - Shift
	k := math.Float64bits(z) - ShiftBits
	r := (x - float64(kd*expLn2HiN)) - float64(kd*expLn2LoN)
	r2 := float64(r * r)
	p := r + float64(r2*(C2+float64(r*C3)+float64(r2*(C4+float64(r*C5)))))
	q := expTail[k%expN] + p
	// s = 2**(k/N) rounded: the table entry with floor(k/N) added to its
	// exponent; e**x = s*(1 + q).
	s := math.Float64frombits(expBits[k%expN] + (k&^(expN-1))<<(52-7))
	return s + float64(s*q)
}

// expReduce returns k = round(x*N/ln2), as the bits of a two's complement
// int64, and q with e**x = 2**(k/N) * (1 + q) to about 2**-60 relative,
// where 2**(j/N) (j = k mod N) is expBits[j]: q = expTail[j] + e**r - 1.
func expReduce(x float64) (k uint64, q float64) {
	const (
		Shift     = 0x1.8p52 // adding it rounds to an integer, kept in the low bits
		ShiftBits = 0x4338000000000000
		C2        = 1.0 / 2
		C3        = 1.0 / 6
		C4        = 1.0 / 24
		C5        = 1.0 / 120
	)
	z := float64(x*expInvLn2N) + Shift
	kd := z - Shift
	k = math.Float64bits(z) - ShiftBits
	// kd*expLn2HiN is exact, and so is the subtraction (Sterbenz).
	r := (x - float64(kd*expLn2HiN)) - float64(kd*expLn2LoN)
	r2 := float64(r * r)
	p := r + float64(r2*(C2+float64(r*C3)+float64(r2*(C4+float64(r*C5)))))
	return k, expTail[k%expN] + p
}

// expScaleSlow returns 2**(k/N) * (1 + q) where the scale 2**floor(k/N)
// is not a normal number (x near the overflow threshold), or the result
// may be subnormal (x < -700), rounded once.
func expScaleSlow(k uint64, q float64) float64 {
	e := int64(k) >> 7 // floor(k/N)
	hb := expBits[k%expN]
	if e > 0 { // e is 1023 or 1024: scale by 2**(e-1), then double (exactly, or to +Inf).
		s := math.Float64frombits(hb + uint64(e-1)<<52)
		return float64((s + float64(s*q)) * 2)
	}
	// e in [-1075, -1010]: t = 2**(k/N + 1022) is normal (at least 2**-53).
	t := math.Float64frombits(hb + uint64(e+1022)<<52)
	c := float64(t * q)
	if v := t + c; v >= 1 {
		return float64(v * 0x1p-1022) // a normal result: exact
	}
	// The result is below 2**-1022, on the grid of the subnormals, 2**-1074:
	// round t + c to a multiple of 2**-52 once, as 1 + t + c in [1, 2]. The
	// error of 1 + t is err, exactly (Fast2Sum, 1 ≥ t).
	w := 1 + t
	err := t - (w - 1)
	w += err + c
	return float64((w - 1) * 0x1p-1022) // both exact
}

// Expm1 returns e**x - 1, the base-e exponential of x minus 1.
// It is more accurate than Exp(x) - 1 when x is near zero.
//
// Special cases are:
//
//	Expm1(+Inf) = +Inf
//	Expm1(-Inf) = -1
//	Expm1(NaN) = NaN
//
// Very large values overflow to -1 or +Inf.
//
// For ln2/2 < |x| (and x < 709, x > -56*ln2, below which the result is -1)
// it is e**x - 1 from Exp's reduction, e**x = s*(1 + q): (s - 1), whose
// rounding error is kept exactly (Fast2Sum), plus s*q. For
// 2**-54 ≤ |x| ≤ ln2/2 it is x + (h + x*h*R(x)), h = x*x/2 and R the
// Taylor polynomial of degree 11 of (e**x - 1 - x - x**2/2)/(x**3/2) (the
// next term is below 2**-61), evaluated by Estrin's scheme. There is no
// division. Below 2**-54 it is x; from 709 on, Exp(x).
func Expm1(x float64) float64 {
	a := math.Abs(x)
	if a > expm1Lo && x < 709 && x > -expm1Hi {
		// expReduce, written out; then s*(1 + q) - 1 rounded once (nearly):
		// d = s - 1 and its exact error err (Fast2Sum: |s| ≥ 1 for x > 0,
		// |s| < 1 for x < 0), then d + (err + s*q).
		const (
			Shift     = 0x1.8p52
			ShiftBits = 0x4338000000000000
			C2        = 1.0 / 2
			C3        = 1.0 / 6
			C4        = 1.0 / 24
			C5        = 1.0 / 120
		)
		z := float64(x*expInvLn2N) + Shift
		kd := z - Shift
		k := math.Float64bits(z) - ShiftBits
		r := (x - float64(kd*expLn2HiN)) - float64(kd*expLn2LoN)
		r2 := float64(r * r)
		p := r + float64(r2*(C2+float64(r*C3)+float64(r2*(C4+float64(r*C5)))))
		q := expTail[k%expN] + p
		s := math.Float64frombits(expBits[k%expN] + (k&^(expN-1))<<(52-7))
		d := s - 1
		var err float64
		if x > 0 {
			err = (s - d) - 1
		} else {
			err = s - (d + 1)
		}
		return d + (err + float64(s*q))
	}
	if a <= expm1Lo && a >= 0x1p-54 {
		return expm1Small(x)
	}
	const Othreshold = 7.09782712893383973096e+02 // where Exp overflows
	switch {
	case isNaN(x):
		return x
	case x > Othreshold: // +Inf included; Exp(Othreshold) is finite
		return math.Inf(1)
	case x <= -expm1Hi: // -Inf included: e**x < 2**-56
		return -1
	case x >= 709: // e**x > 2**1022: subtracting 1 changes nothing
		return Exp(x)
	}
	return x // |x| < 2**-54, or ±0
}

const (
	expm1Lo = 3.46573590279972654709e-01 // ln2/2: below it, expm1Small
	expm1Hi = 3.88162421113569373274e+01 // 56*ln2: below -expm1Hi, Expm1 is -1
)

// expm1Small returns e**x - 1 for 2**-54 ≤ |x| ≤ ln2/2 as x + (h + x*h*R),
// h = x*x/2 (exact from x*x), R(x) = sum over n ≥ 3 of 2*x**(n-3)/n!, to
// n = 14. The error is that of h and of the last two additions, near
// 0.5 ulp.
func expm1Small(x float64) float64 {
	const (
		R0  = 2.0 / 6
		R1  = 2.0 / 24
		R2  = 2.0 / 120
		R3  = 2.0 / 720
		R4  = 2.0 / 5040
		R5  = 2.0 / 40320
		R6  = 2.0 / 362880
		R7  = 2.0 / 3628800
		R8  = 2.0 / 39916800
		R9  = 2.0 / 479001600
		R10 = 2.0 / 6227020800
		R11 = 2.0 / 87178291200
	)
	x2 := float64(x * x)
	x4 := float64(x2 * x2)
	q01 := R0 + float64(x*R1)
	q23 := R2 + float64(x*R3)
	q45 := R4 + float64(x*R5)
	q67 := R6 + float64(x*R7)
	q89 := R8 + float64(x*R9)
	qab := R10 + float64(x*R11)
	q03 := q01 + float64(x2*q23)
	q47 := q45 + float64(x2*q67)
	q8b := q89 + float64(x2*qab)
	r := q03 + float64(x4*(q47+float64(x4*q8b)))
	h := float64(0.5 * x2)
	return x + (h + float64(float64(x*h)*r))
}

// Exprel returns (e**x - 1)/x, with Exprel(0) = 1: Brian2's exprel
// function, which keeps rate equations such as
// alpha_n = 0.01/mV*10*mV/exprel((-v+10*mV)/(10*mV))/ms finite at their
// removable singularity. It is computed as Expm1(x)/x, so it is accurate
// near 0, and follows Brian2's definition exactly:
//
//	Exprel(x) = 1       if |x| < 1e-16
//	Exprel(x) = +Inf    if x > 717
//	Exprel(-Inf) = 0
//	Exprel(NaN) = NaN
func Exprel(x float64) float64 {
	switch {
	case isNaN(x):
		return x
	case x > 717:
		return math.Inf(1)
	case math.Abs(x) < 1e-16:
		return 1
	}
	return Expm1(x) / x
}
