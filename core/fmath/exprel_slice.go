package fmath

import "math"

// ExprelSlice sets dst[j] = Exprel(src[j]) for every j (dst and src may be
// the same slice; src has at least len(dst) values). It gives Exprel's
// bits: the loop body is Expm1(x)/x with Expm1 written out, expm1Small for
// 2**-54 ≤ |x| ≤ ln2/2 (exponential-Euler updates, rate equations near
// their singularity) and Exp's reduction and (s - 1) + s*q for ln2/2 < |x|
// (x < 709, x > -56*ln2), so that a kernel pays no call per element (in
// WebAssembly, calls cost as much as the arithmetic); other inputs call
// Exprel. TestExprelSlice compares it
// with Exprel.
func ExprelSlice(dst, src []float64) {
	src = src[:len(dst)]
	for j, x := range src {
		a := math.Abs(x)
		if a <= expm1Lo && a >= 0x1p-54 {
			// expm1Small, written out.
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
			dst[j] = (x + (h + float64(float64(x*h)*r))) / x
			continue
		}
		if !(a > expm1Lo && x < 709 && x > -expm1Hi) {
			dst[j] = Exprel(x)
			continue
		}
		// expReduce, written out.
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
		// Expm1's (s - 1) + s*q, written out.
		d := s - 1
		var err float64
		if x > 0 {
			err = (s - d) - 1
		} else {
			err = s - (d + 1)
		}
		dst[j] = (d + (err + float64(s*q))) / x
	}
}

// ExpSlice sets dst[j] = Exp(src[j]) for every j (dst and src may be the
// same slice; src has at least len(dst) values), with Exp's bits: for
// -700 < x < 709 the loop body is Exp written out, so that a kernel pays
// no call per element; other inputs call Exp. TestExpSlice compares it
// with Exp.
func ExpSlice(dst, src []float64) {
	src = src[:len(dst)]
	for j, x := range src {
		if !(-700 < x && x < 709) {
			dst[j] = Exp(x)
			continue
		}
		// expReduce, written out.
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
		dst[j] = s + float64(s*q)
	}
}
