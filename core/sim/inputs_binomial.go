package sim

import (
	"math"
	"math/rand/v2"

	"github.com/myelin-sim/myelin/core/fmath"
)

// binomial draws binomial(n, p) numbers with the algorithms of numpy's
// legacy generator (which Brian2's numpy target calls): with r = min(p,
// 1-p), inversion of the distribution function when n*r <= 30, otherwise
// Kachitvichyanukul and Schmeiser's BTPE (triangle, parallelograms and
// exponential tails, with squeezes); a draw for 1-p is subtracted from n.
// The logarithms and exponentials are core/fmath's and no multiply-add can
// be fused, so a seed gives the same numbers natively and in WebAssembly.
type binomial struct {
	n       int64
	reverse bool // p > 0.5: draw for 1-p and return n - x
	none    bool // n == 0 or p == 0
	inv     bool // inversion rather than BTPE

	// Both: r = min(p, 1-p) and q = 1 - r.
	r, q float64
	// Inversion: q**n and the bound beyond which it starts again.
	qn    float64
	bound int64
	// BTPE.
	m                          int64
	nrq, fm, p1, xm, xl, xr, c float64
	laml, lamr, p2, p3, p4     float64
}

func newBinomial(n int64, p float64) binomial {
	b := binomial{n: n}
	if n == 0 || p == 0 {
		b.none = true
		return b
	}
	b.reverse = p > 0.5
	b.r = p
	if b.reverse {
		b.r = 1 - p
	}
	b.q = 1 - b.r
	fn := float64(n)
	if float64(b.r*fn) <= 30 {
		b.inv = true
		b.qn = fmath.Exp(float64(fn * fmath.Log(b.q)))
		np := b.r * fn
		b.bound = int64(math.Min(fn, np+float64(10*math.Sqrt(float64(np*b.q)+1))))
		return b
	}
	r, q := b.r, b.q
	b.nrq = float64(fn*r) * q
	b.fm = float64(fn*r) + r
	b.m = int64(math.Floor(b.fm))
	b.p1 = math.Floor(float64(2.195*math.Sqrt(b.nrq))-float64(4.6*q)) + 0.5
	b.xm = float64(b.m) + 0.5
	b.xl = b.xm - b.p1
	b.xr = b.xm + b.p1
	b.c = 0.134 + 20.5/(15.3+float64(b.m))
	a := (b.fm - b.xl) / (b.fm - float64(b.xl*r))
	b.laml = a * (1 + a/2)
	a = (b.xr - b.fm) / (b.xr * q)
	b.lamr = a * (1 + a/2)
	b.p2 = b.p1 * (1 + float64(2*b.c))
	b.p3 = b.p2 + b.c/b.laml
	b.p4 = b.p3 + b.c/b.lamr
	return b
}

// sample draws one number.
func (b *binomial) sample(rng *rand.Rand) int64 {
	if b.none {
		return 0
	}
	var x int64
	if b.inv {
		x = b.inversion(rng)
	} else {
		x = b.btpe(rng)
	}
	if b.reverse {
		return b.n - x
	}
	return x
}

// inversion walks up the distribution function from 0, starting again
// (with a new uniform number) in the far tail, where rounding has eaten
// the probabilities.
func (b *binomial) inversion(rng *rand.Rand) int64 {
	x := int64(0)
	px := b.qn
	u := rng.Float64()
	for u > px {
		x++
		if x > b.bound {
			x, px = 0, b.qn
			u = rng.Float64()
			continue
		}
		u -= px
		px = float64(float64(float64(b.n-x+1)*b.r)*px) / float64(float64(x)*b.q)
	}
	return x
}

// btpe is the BTPE algorithm for r = min(p, 1-p), n*r > 30.
func (b *binomial) btpe(rng *rand.Rand) int64 {
	n, r, q, m := b.n, b.r, b.q, b.m
	fn, fm := float64(n), float64(m)
	for {
		u := rng.Float64() * b.p4
		v := rng.Float64()
		var y int64
		switch {
		case u <= b.p1:
			// The triangle in the middle: accepted at once.
			return int64(math.Floor(b.xm - float64(b.p1*v) + u))
		case u <= b.p2:
			// The parallelograms.
			x := b.xl + (u-b.p1)/b.c
			v = float64(v*b.c) + 1 - math.Abs(fm-x+0.5)/b.p1
			if v > 1 {
				continue
			}
			y = int64(math.Floor(x))
		case u <= b.p3:
			// The left exponential tail.
			if v == 0 {
				continue
			}
			y = int64(math.Floor(b.xl + fmath.Log(v)/b.laml))
			if y < 0 {
				continue
			}
			v = float64(v*(u-b.p2)) * b.laml
		default:
			// The right exponential tail.
			if v == 0 {
				continue
			}
			y = int64(math.Floor(b.xr - fmath.Log(v)/b.lamr))
			if y > n {
				continue
			}
			v = float64(v*(u-b.p3)) * b.lamr
		}
		k := y - m
		if k < 0 {
			k = -k
		}
		fk := float64(k)
		if k <= 20 || fk >= b.nrq/2-1 {
			// Explicit evaluation of f(y)/f(m) by recursion.
			s := r / q
			a := s * (fn + 1)
			f := 1.0
			if m < y {
				for i := m + 1; i <= y; i++ {
					f *= a/float64(i) - s
				}
			} else if m > y {
				for i := y + 1; i <= m; i++ {
					f /= a/float64(i) - s
				}
			}
			if v <= f {
				return y
			}
			continue
		}
		// Squeezes on log(v), then the bound from Stirling's formula.
		rho := (fk / b.nrq) * ((float64(fk*(fk/3+0.625))+0.16666666666666666)/b.nrq + 0.5)
		t := -float64(fk*fk) / (2 * b.nrq)
		lv := fmath.Log(v)
		if lv < t-rho {
			return y
		}
		if lv > t+rho {
			continue
		}
		fy := float64(y)
		x1 := fy + 1
		f1 := fm + 1
		z := fn + 1 - fm
		w := fn - fy + 1
		bound := float64(b.xm*fmath.Log(f1/x1)) + float64((fn-fm+0.5)*fmath.Log(z/w)) +
			float64((fy-fm)*fmath.Log(w*r/(x1*q))) + stirlingTail(f1) + stirlingTail(z) + stirlingTail(x1) + stirlingTail(w)
		if lv <= bound {
			return y
		}
	}
}

// stirlingTail is the correction term of Stirling's series used by BTPE,
// (13860 - (462 - (132 - (99 - 140/x²)/x²)/x²)/x²)/x/166320 ≈ 1/(12x).
func stirlingTail(x float64) float64 {
	x2 := x * x
	return (13860 - (462-(132-(99-140/x2)/x2)/x2)/x2) / x / 166320
}
