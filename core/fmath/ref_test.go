package fmath

import (
	"math"
	"math/big"
	"sync"
)

// This file computes the exact values of the functions, to 256 bits, with
// math/big, to measure the accuracy of fmath (and of math) in ulps.

const refPrec = 256 // bits of the reference values

var (
	refOnce  sync.Once
	bigPi    *big.Float // π to piPrec bits, for reductions of huge arguments
	bigLn2   *big.Float // ln 2 to refPrec+64 bits
	bigLn10  *big.Float
	bigHalf  = big.NewFloat(0.5)
	bigOne   = big.NewFloat(1)
	bigTwo   = big.NewFloat(2)
	bigPiBy2 *big.Float
)

const piPrec = 1400 + refPrec // enough to reduce any float64 modulo π/2

func refInit() {
	refOnce.Do(func() {
		// Machin: π = 16 atan(1/5) - 4 atan(1/239).
		p := uint(piPrec + 64)
		a := atanSeries(quo(p, big.NewFloat(1), big.NewFloat(5)), p)
		b := atanSeries(quo(p, big.NewFloat(1), big.NewFloat(239)), p)
		a.Mul(a, big.NewFloat(16))
		b.Mul(b, big.NewFloat(4))
		bigPi = newF(piPrec).Sub(a, b)
		bigPiBy2 = newF(piPrec).Quo(bigPi, bigTwo)
		// ln 2 = 2 atanh(1/3).
		q := uint(refPrec + 128)
		bigLn2 = atanhSeries(quo(q, big.NewFloat(1), big.NewFloat(3)), q)
		bigLn2.Mul(bigLn2, bigTwo)
		// ln 10 = 3 ln 2 + ln 1.25 = 3 ln 2 + 2 atanh(1/9).
		bigLn10 = atanhSeries(quo(q, big.NewFloat(1), big.NewFloat(9)), q)
		bigLn10.Mul(bigLn10, bigTwo)
		bigLn10.Add(bigLn10, newF(q).Mul(bigLn2, big.NewFloat(3)))
	})
}

func newF(prec uint) *big.Float { return new(big.Float).SetPrec(prec) }

func quo(prec uint, a, b *big.Float) *big.Float { return newF(prec).Quo(a, b) }

func bf(x float64) *big.Float { return newF(refPrec + 64).SetFloat64(x) }

// atanSeries returns atan(u) = u - u³/3 + u⁵/5 - ... for small |u|.
func atanSeries(u *big.Float, prec uint) *big.Float {
	return oddSeries(u, prec, true)
}

// atanhSeries returns atanh(u) = u + u³/3 + u⁵/5 + ... for small |u|.
func atanhSeries(u *big.Float, prec uint) *big.Float {
	return oddSeries(u, prec, false)
}

func oddSeries(u *big.Float, prec uint, alternate bool) *big.Float {
	sum := newF(prec).Set(u)
	if u.Sign() == 0 {
		return sum
	}
	u2 := newF(prec).Mul(u, u)
	if alternate {
		u2.Neg(u2)
	}
	pow := newF(prec).Set(u)
	term := newF(prec)
	for k := int64(3); ; k += 2 {
		pow.Mul(pow, u2)
		term.Quo(pow, newF(prec).SetInt64(k))
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(prec)-8 {
			break
		}
		sum.Add(sum, term)
	}
	return sum
}

// refExpm1Series returns e**x - 1 = x + x²/2! + ... for |x| < 1.
func refExpm1Series(x *big.Float, prec uint) *big.Float {
	sum := newF(prec).Set(x)
	if x.Sign() == 0 {
		return sum
	}
	term := newF(prec).Set(x)
	for k := int64(2); ; k++ {
		term.Mul(term, x)
		term.Quo(term, newF(prec).SetInt64(k))
		if term.Sign() == 0 || term.MantExp(nil) < sum.MantExp(nil)-int(prec)-8 {
			break
		}
		sum.Add(sum, term)
	}
	return sum
}

// refExp returns e**x. Far outside the float64 range it returns 2**(±2**20)
// instead, which is enough to measure errors.
func refExp(x *big.Float) *big.Float {
	refInit()
	const wp = refPrec + 64
	if x.Sign() == 0 {
		return newF(wp).SetInt64(1)
	}
	if newF(wp).Abs(x).Cmp(big.NewFloat(1e5)) > 0 {
		return newF(wp).SetMantExp(bigOne, x.Sign()<<20)
	}
	// x = n ln2 + r, |r| ≤ ln2/2; e**r = (e**(r/2**10))**(2**10).
	nf := newF(wp).Quo(x, bigLn2)
	nf.Add(nf, newF(wp).SetFloat64(0.5*float64(nf.Sign())))
	n, _ := nf.Int64()
	r := newF(wp).Mul(newF(wp).SetInt64(n), bigLn2)
	r.Sub(x, r)
	r.SetMantExp(r, -10)
	s := refExpm1Series(r, wp)
	s.Add(s, bigOne)
	for i := 0; i < 10; i++ {
		s.Mul(s, s)
	}
	return s.SetMantExp(s, int(n))
}

// refExpm1 returns e**x - 1.
func refExpm1(x *big.Float) *big.Float {
	const wp = refPrec + 64
	if newF(wp).Abs(x).Cmp(bigHalf) < 0 {
		return refExpm1Series(x, wp)
	}
	e := refExp(x)
	return e.Sub(e, bigOne)
}

// refLog returns ln x for x > 0.
func refLog(x *big.Float) *big.Float {
	refInit()
	const wp = refPrec + 64
	m := newF(wp)
	e := x.MantExp(m) // x = m × 2**e, 0.5 ≤ m < 1
	if m.Cmp(big.NewFloat(math.Sqrt2/2)) < 0 {
		m.SetMantExp(m, 1)
		e--
	}
	// ln m = 2 atanh((m-1)/(m+1)).
	num := newF(wp).Sub(m, bigOne)
	den := newF(wp).Add(m, bigOne)
	l := atanhSeries(num.Quo(num, den), wp)
	l.Mul(l, bigTwo)
	return l.Add(l, newF(wp).Mul(newF(wp).SetInt64(int64(e)), bigLn2))
}

// refLog1p returns ln(1+x) for x > -1.
func refLog1p(x *big.Float) *big.Float {
	const wp = refPrec + 64
	if newF(wp).Abs(x).Cmp(bigHalf) < 0 {
		// ln(1+x) = 2 atanh(x/(2+x)).
		u := newF(wp).Quo(x, newF(wp).Add(bigTwo, x))
		l := atanhSeries(u, wp)
		return l.Mul(l, bigTwo)
	}
	return refLog(newF(wp).Add(bigOne, x))
}

// refSinCos returns sin x and cos x.
func refSinCos(x float64) (sin, cos *big.Float) {
	refInit()
	const wp = refPrec + 64
	X := newF(piPrec).SetFloat64(x)
	// q = round(x / (π/2)), r = x - q π/2, |r| ≤ π/4.
	qf := newF(piPrec).Quo(X, bigPiBy2)
	qf.Add(qf, newF(64).SetFloat64(0.5*float64(qf.Sign())))
	qi, _ := qf.Int(nil)
	r := newF(piPrec).Mul(newF(piPrec).SetInt(qi), bigPiBy2)
	r.Sub(X, r)
	r = newF(wp).Set(r)
	// Taylor series.
	r2 := newF(wp).Mul(r, r)
	s, c := newF(wp).Set(r), newF(wp).SetInt64(1)
	ts, tc := newF(wp).Set(r), newF(wp).SetInt64(1)
	for k := int64(1); ; k++ {
		ts.Mul(ts, r2)
		ts.Quo(ts, newF(wp).SetInt64(-(2*k)*(2*k+1)))
		tc.Mul(tc, r2)
		tc.Quo(tc, newF(wp).SetInt64(-(2*k-1)*(2*k)))
		s.Add(s, ts)
		c.Add(c, tc)
		if tc.Sign() == 0 || tc.MantExp(nil) < -int(wp)-8 && (ts.Sign() == 0 || ts.MantExp(nil) < s.MantExp(nil)-int(wp)-8) {
			break
		}
	}
	switch new(big.Int).And(qi, big.NewInt(3)).Int64() {
	case 0:
		return s, c
	case 1:
		return c, s.Neg(s)
	case 2:
		return s.Neg(s), c.Neg(c)
	default:
		return c.Neg(c), s
	}
}

// refAtan returns atan x.
func refAtan(x *big.Float) *big.Float {
	refInit()
	const wp = refPrec + 64
	if x.Sign() < 0 {
		a := refAtan(newF(wp).Neg(x))
		return a.Neg(a)
	}
	if x.Cmp(bigOne) > 0 {
		a := refAtan(newF(wp).Quo(bigOne, x))
		return a.Sub(newF(wp).Set(bigPiBy2), a)
	}
	// atan x = 2 atan(x/(1+√(1+x²))), three times.
	a := newF(wp).Set(x)
	for i := 0; i < 3; i++ {
		d := newF(wp).Mul(a, a)
		d.Add(d, bigOne)
		d.Sqrt(d)
		d.Add(d, bigOne)
		a.Quo(a, d)
	}
	a = atanSeries(a, wp)
	return a.SetMantExp(a, 3)
}

// refAsin returns asin x for |x| ≤ 1.
func refAsin(x *big.Float) *big.Float {
	refInit()
	const wp = refPrec + 64
	if newF(wp).Abs(x).Cmp(bigOne) == 0 {
		p := newF(wp).Set(bigPiBy2)
		if x.Sign() < 0 {
			p.Neg(p)
		}
		return p
	}
	d := newF(wp).Mul(x, x)
	d.Sub(bigOne, d)
	d.Sqrt(d)
	return refAtan(d.Quo(x, d))
}

// ref returns the exact value of the function at (x, y), or false if there
// is none to compare with (x outside the domain, or a special case that the
// reference does not compute: those are tested against math).
func ref(name string, x, y float64) (v *big.Float, ok bool) {
	refInit()
	const wp = refPrec + 64
	if math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0) {
		return nil, false
	}
	X := bf(x)
	switch name {
	case "Exp":
		return refExp(X), true
	case "Expm1":
		return refExpm1(X), true
	case "Exprel":
		if x == 0 {
			return nil, false
		}
		e := refExpm1(X)
		return e.Quo(e, X), true
	case "Log", "Log10":
		if x <= 0 {
			return nil, false
		}
		l := refLog(X)
		if name == "Log10" {
			l.Quo(l, bigLn10)
		}
		return l, true
	case "Log1p":
		if x <= -1 {
			return nil, false
		}
		return refLog1p(X), true
	case "Pow":
		if x == 0 || y == 0 {
			return nil, false
		}
		neg := false
		if x < 0 {
			if y != math.Trunc(y) {
				return nil, false
			}
			neg = math.Abs(y) < 1<<53 && math.Mod(y, 2) != 0
			X.Neg(X)
		}
		l := refLog(X)
		l.Mul(l, bf(y))
		e := refExp(l)
		if neg {
			e.Neg(e)
		}
		return e, true
	case "Sin", "Cos", "Tan":
		s, c := refSinCos(x)
		switch name {
		case "Sin":
			return s, true
		case "Cos":
			return c, true
		}
		return s.Quo(s, c), true
	case "Sinh", "Cosh", "Tanh":
		if name == "Tanh" {
			// tanh x = expm1(2x)/(expm1(2x)+2); for |x| > 40, tanh x
			// rounds to ±1.
			if math.Abs(x) > 40 {
				return newF(wp).SetFloat64(math.Copysign(1, x)), true
			}
			e := refExpm1(newF(wp).Mul(X, bigTwo))
			return e.Quo(e, newF(wp).Add(e, bigTwo)), true
		}
		var v *big.Float
		if name == "Sinh" {
			// (expm1(x) - expm1(-x))/2 has no cancellation.
			v = newF(wp).Sub(refExpm1(X), refExpm1(newF(wp).Neg(X)))
		} else {
			v = newF(wp).Add(refExp(X), refExp(newF(wp).Neg(X)))
		}
		return v.Quo(v, bigTwo), true
	case "Asin", "Acos":
		if math.Abs(x) > 1 {
			return nil, false
		}
		if name == "Asin" {
			return refAsin(X), true
		}
		// acos x = 2 atan √((1-x)/(1+x)), without cancellation near 1.
		if x == -1 {
			return newF(wp).Set(bigPi), true
		}
		d := newF(wp).Sub(bigOne, X)
		d.Quo(d, newF(wp).Add(bigOne, X))
		a := refAtan(d.Sqrt(d))
		return a.Mul(a, bigTwo), true
	case "Atan":
		return refAtan(X), true
	case "Atan2":
		if x == 0 || y == 0 {
			return nil, false
		}
		// Atan2(y, x) is called with y first: here x is y and y is x.
		a := refAtan(newF(wp).Quo(X, bf(y)))
		if y < 0 {
			if x >= 0 {
				a.Add(a, bigPi)
			} else {
				a.Sub(a, bigPi)
			}
		}
		return a, true
	}
	return nil, false
}

// ulpErr returns the error of got, in ulps of the exact value v, as a
// float64: 0.5 or less means got is the correctly rounded result. The ulp
// is that of the binade of v (the subnormal ulp below 2**-1022). A result
// that overflows to ±Inf counts as exact if v rounds to it.
func ulpErr(got float64, v *big.Float) float64 {
	want, _ := v.Float64()
	if math.IsInf(want, 0) {
		if got == want {
			return 0
		}
		return math.Inf(1)
	}
	if math.IsInf(got, 0) || math.IsNaN(got) {
		return math.Inf(1)
	}
	// ulp of the binade of v: v = m × 2**e with 0.5 ≤ |m| < 1.
	e := v.MantExp(nil)
	ue := max(e-53, -1074)
	if v.Sign() == 0 {
		ue = -1074
	}
	d := newF(refPrec+64).Sub(bf(got), v)
	d.Abs(d)
	d.SetMantExp(d, -ue)
	f, _ := d.Float64()
	return f
}
