package fmath

import (
	"math"
	"math/rand/v2"
	"strconv"
)

// This file holds what the tests share: the table of functions under test,
// their counterparts in package math, and portable generators of inputs.
// The generators use only integer operations, math/rand/v2's PCG and
// float64 operations that cannot be fused, so they produce the same inputs
// on every GOARCH; the golden test depends on that.

// testFunc describes one function of the package.
type testFunc struct {
	name  string
	arity int                        // 1, or 2 for Pow and Atan2
	f     func(x, y float64) float64 // the fmath function
	m     func(x, y float64) float64 // the same function from package math
	// archMath reports whether m depends on math.Exp or math.Log, which
	// have assembly implementations on amd64 (and arm64, s390x, ...).
	archMath bool
	// ownExp reports whether f uses fmath's own Exp or Expm1 (a table-driven
	// algorithm, not math's fdlibm one), so that its results differ from
	// math's pure-Go ones in the last bits on every platform.
	ownExp bool
	gens   []gen // input distributions for random tests
}

// gen draws an input (x, y) for a testFunc; y is ignored for arity 1.
type gen struct {
	what string
	// acc is the accuracy of the fmath function on this distribution: the
	// largest error, in ulps of the exact result, measured with
	// TestAccuracy -refn=50000 and rounded up; doc.go reports it.
	acc  float64
	draw func(r *rand.Rand) (x, y float64)
}

func (g gen) ulp(acc float64) gen { g.acc = acc; return g }

// maxAcc returns the largest acc of the function's distributions.
func (tf *testFunc) maxAcc() float64 {
	m := 0.0
	for _, g := range tf.gens {
		m = max(m, g.acc)
	}
	return m
}

func un(f func(float64) float64) func(x, y float64) float64 {
	return func(x, _ float64) float64 { return f(x) }
}

// mathExprel is Brian2's exprel written with package math.
func mathExprel(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return x
	case x > 717:
		return math.Inf(1)
	case math.Abs(x) < 1e-16:
		return 1
	}
	return math.Expm1(x) / x
}

// uniform returns a number uniformly distributed in [a, b).
func uniform(r *rand.Rand, a, b float64) float64 {
	return a + float64((b-a)*r.Float64())
}

// logUniform returns a number whose binary exponent is uniformly
// distributed in [emin, emax] (emin ≥ -1074, emax ≤ 1023), with random
// mantissa bits, and a random sign if signed. Exponents below -1022 give
// subnormal numbers.
func logUniform(r *rand.Rand, emin, emax int, signed bool) float64 {
	e := emin + r.IntN(emax-emin+1)
	var b uint64
	if e < -1022 {
		k := uint(e + 1074)
		b = 1<<k | r.Uint64()&(1<<k-1)
	} else {
		b = uint64(e+1023)<<52 | r.Uint64()>>12
	}
	if signed && r.Uint64()&1 == 1 {
		b |= 1 << 63
	}
	return math.Float64frombits(b)
}

// randomBits returns any float64 at all, NaNs and infinities included.
func randomBits(r *rand.Rand) float64 { return math.Float64frombits(r.Uint64()) }

func g1(what string, draw func(r *rand.Rand) float64) gen {
	return gen{what: what, draw: func(r *rand.Rand) (float64, float64) { return draw(r), 0 }}
}

func uni(a, b float64) gen {
	return g1(fmtRange(a, b), func(r *rand.Rand) float64 { return uniform(r, a, b) })
}

func logu(what string, emin, emax int, signed bool) gen {
	return g1(what, func(r *rand.Rand) float64 { return logUniform(r, emin, emax, signed) })
}

// near returns x + d where |d| has a binary exponent in [emin, emax].
func near(what string, x float64, emin, emax int) gen {
	return g1(what, func(r *rand.Rand) float64 { return x + logUniform(r, emin, emax, true) })
}

var anyBits = g1("any bits", randomBits)

func fmtRange(a, b float64) string {
	return "[" + ftoa(a) + ", " + ftoa(b) + ")"
}

func ftoa(x float64) string {
	switch x {
	case math.Pi:
		return "π"
	case -math.Pi:
		return "-π"
	}
	return strconv.FormatFloat(x, 'g', -1, 64)
}

// funcs is the table of functions under test. The accuracy of each
// distribution (gen.ulp) is what TestAccuracy measured with -refn=50000,
// rounded up; doc.go reports it.
var funcs = []testFunc{
	{name: "Exp", arity: 1, ownExp: true, f: un(Exp), m: un(math.Exp), archMath: true, gens: []gen{
		uni(-745.2, 709.8).ulp(0.55), uni(-1, 1).ulp(0.55), uni(-50, 50).ulp(0.55),
		logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(0.55), uni(-745.2, -708).ulp(0.55),
	}},
	{name: "Expm1", arity: 1, ownExp: true, f: un(Expm1), m: un(math.Expm1), gens: []gen{
		uni(-40, 709.8).ulp(0.85), uni(-1, 1).ulp(0.85), logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(0.85),
		uni(-0.35, 0.35).ulp(0.85),
	}},
	{name: "Exprel", arity: 1, ownExp: true, f: un(Exprel), m: un(mathExprel), gens: []gen{
		uni(-50, 50).ulp(1.6), uni(-1, 1).ulp(1.6), logu("log-uniform ±[2**-80, 0.5)", -80, -2, true).ulp(1.6),
		uni(-745, 709.78).ulp(1.6), // above 709.78, Expm1 overflows: +Inf, as in Brian2
	}},
	{name: "Log", arity: 1, f: un(Log), m: un(math.Log), archMath: true, gens: []gen{
		logu("log-uniform (0, MaxFloat64]", -1074, 1023, false).ulp(0.85), uni(0.5, 2).ulp(0.85),
		near("1 ± log-uniform [2**-60, 0.25)", 1, -60, -3).ulp(0.85), uni(0, 1e6).ulp(0.85),
	}},
	{name: "Log10", arity: 1, f: un(Log10), m: un(math.Log10), archMath: true, gens: []gen{
		logu("log-uniform (0, MaxFloat64]", -1074, 1023, false).ulp(1.9), uni(0.5, 2).ulp(1.9), uni(0, 1e6).ulp(1.9),
	}},
	{name: "Log1p", arity: 1, f: un(Log1p), m: un(math.Log1p), gens: []gen{
		// 1.1 for the special value √2-1 (1.03 ulp); 0.79 on random inputs.
		uni(-1, 1).ulp(1.1), logu("log-uniform ±[2**-80, 0.5)", -80, -2, true).ulp(0.85),
		logu("log-uniform [1, MaxFloat64]", 0, 1023, false).ulp(0.85), uni(-0.3, 0.42).ulp(0.85),
	}},
	{name: "Pow", arity: 2, ownExp: true, f: Pow, m: math.Pow, archMath: true, gens: []gen{
		gen{what: "x∈[0,10) y∈[-10,10)", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, 0, 10), uniform(r, -10, 10)
		}}.ulp(8),
		gen{what: "x∈[0,10) y∈[-3,3)", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, 0, 10), uniform(r, -3, 3)
		}}.ulp(8),
		gen{what: "x log-uniform [2**-30,2**31) y∈[-20,20)", draw: func(r *rand.Rand) (float64, float64) {
			return logUniform(r, -30, 30, false), uniform(r, -20, 20)
		}}.ulp(24),
		gen{what: "x∈[-10,10) y integer in [-30,30]", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, -10, 10), float64(r.IntN(61) - 30)
		}}.ulp(24),
		gen{what: "x∈[0,10) y half-integer in [-10,10]", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, 0, 10), float64(r.IntN(41)-20) / 2
		}}.ulp(8),
		gen{what: "x∈[0.5,2) y∈[-1000,1000)", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, 0.5, 2), uniform(r, -1000, 1000)
		}}.ulp(800),
	}},
	{name: "Sin", arity: 1, f: un(Sin), m: un(math.Sin), gens: trigGens(1.6, 1.6, 2e5, 20000)},
	{name: "Cos", arity: 1, f: un(Cos), m: un(math.Cos), gens: trigGens(1.6, 1.6, 2e5, 20000)},
	{name: "Tan", arity: 1, f: un(Tan), m: un(math.Tan), gens: trigGens(2.5, 28, 2e5, 30000)},
	{name: "Sinh", arity: 1, ownExp: true, f: un(Sinh), m: un(math.Sinh), archMath: true, gens: []gen{
		uni(-1, 1).ulp(2.9), uni(-30, 30).ulp(2.9), uni(-709.78, 709.78).ulp(2.9),
		logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(2.9),
	}},
	{name: "Cosh", arity: 1, ownExp: true, f: un(Cosh), m: un(math.Cosh), archMath: true, gens: []gen{
		uni(-1, 1).ulp(1.5), uni(-30, 30).ulp(1.5), uni(-709.78, 709.78).ulp(1.5),
		logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(1.5),
	}},
	{name: "Tanh", arity: 1, ownExp: true, f: un(Tanh), m: un(math.Tanh), archMath: true, gens: []gen{
		uni(-1, 1).ulp(1.4), uni(-25, 25).ulp(1.4), logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(1.4),
	}},
	{name: "Asin", arity: 1, f: un(Asin), m: un(math.Asin), gens: []gen{
		uni(-0.7, 0.7).ulp(2.1), logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(2.1),
		uni(-1, 1).ulp(40), near("1 - log-uniform [2**-53, 2**-3)", 1, -53, -4).ulp(1500),
	}},
	{name: "Acos", arity: 1, f: un(Acos), m: un(math.Acos), gens: []gen{
		uni(-0.7, 0.7).ulp(2.1), logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(2.1),
		uni(-1, 1).ulp(10000), near("-1 + log-uniform [2**-53, 2**-3)", -1, -53, -4).ulp(800),
		near("1 - log-uniform [2**-53, 2**-3)", 1, -53, -4).ulp(3e7),
	}},
	{name: "Atan", arity: 1, f: un(Atan), m: un(math.Atan), gens: []gen{
		uni(-10, 10).ulp(1.1), uni(-1, 1).ulp(1.1), logu("log-uniform ±(0, MaxFloat64]", -1074, 1023, true).ulp(1.1),
	}},
	{name: "Atan2", arity: 2, f: Atan2, m: math.Atan2, gens: []gen{
		gen{what: "y,x∈[-10,10)", draw: func(r *rand.Rand) (float64, float64) {
			return uniform(r, -10, 10), uniform(r, -10, 10)
		}}.ulp(1.6),
		gen{what: "y,x log-uniform ±[2**-100, 2**101)", draw: func(r *rand.Rand) (float64, float64) {
			return logUniform(r, -100, 100, true), logUniform(r, -100, 100, true)
		}}.ulp(1.6),
	}},
	// Exact functions, which only forward to package math.
	{name: "Sqrt", arity: 1, f: un(Sqrt), m: un(math.Sqrt), gens: []gen{
		logu("log-uniform (0, MaxFloat64]", -1074, 1023, false), anyBits,
	}},
	{name: "Abs", arity: 1, f: un(Abs), m: un(math.Abs), gens: []gen{anyBits}},
	{name: "Floor", arity: 1, f: un(Floor), m: un(math.Floor), gens: []gen{
		uni(-1e6, 1e6), logu("log-uniform ±[1, 2**61)", 0, 60, true), anyBits,
	}},
	{name: "Ceil", arity: 1, f: un(Ceil), m: un(math.Ceil), gens: []gen{
		uni(-1e6, 1e6), logu("log-uniform ±[1, 2**61)", 0, 60, true), anyBits,
	}},
	{name: "Trunc", arity: 1, f: un(Trunc), m: un(math.Trunc), gens: []gen{
		uni(-1e6, 1e6), logu("log-uniform ±[1, 2**61)", 0, 60, true), anyBits,
	}},
}

// trigGens returns the distributions of Sin, Cos and Tan, with the
// accuracy on moderate arguments, on small ones, close to the multiples of
// π/2, and on huge ones. Close to the zeros of the result, its small
// absolute error is a large relative error.
func trigGens(normal, small, zeros, huge float64) []gen {
	return []gen{
		uni(-math.Pi, math.Pi).ulp(normal), uni(-100, 100).ulp(normal), uni(-1e6, 1e6).ulp(normal),
		logu("log-uniform ±[2**-60, 0.5)", -60, -2, true).ulp(small),
		g1("±(k·π/2 ± 2 ulp), k ≤ 6366 (|x| ≤ 1e4)", func(r *rand.Rand) float64 {
			// Close to the zeros and poles: the product k*(π/2) is rounded
			// and then moved by up to 2 ulps.
			x := float64(float64(1+r.IntN(6366)) * (math.Pi / 2))
			x = math.Float64frombits(math.Float64bits(x) + uint64(r.IntN(5)) - 2)
			if r.Uint64()&1 == 1 {
				x = -x
			}
			return x
		}).ulp(zeros),
		logu("log-uniform ±[2**20, MaxFloat64]", 20, 1023, true).ulp(huge),
	}
}

// exact reports whether the function is one of the forwarding exact ones.
func (tf *testFunc) exact() bool {
	switch tf.name {
	case "Sqrt", "Abs", "Floor", "Ceil", "Trunc":
		return true
	}
	return false
}

// specialValues are inputs that every function is tested on.
var specialValues = func() []float64 {
	v := []float64{
		0, 1, 2, 0.5, 0.25, 3, 10, 100, 1e-300, 1e300,
		math.Inf(1), math.NaN(),
		math.SmallestNonzeroFloat64, 2 * math.SmallestNonzeroFloat64,
		math.Float64frombits(0x000fffffffffffff), // largest subnormal
		0x1p-1022,                                // smallest normal
		math.MaxFloat64,
		math.E, math.Pi, math.Pi / 2, math.Pi / 4, 3 * math.Pi / 4, 2 * math.Pi, 1e6 * math.Pi,
		math.Ln2, math.Ln2 / 2, 1.5 * math.Ln2, 56 * math.Ln2, math.Sqrt2, math.Sqrt2 / 2, math.Sqrt2 - 1,
		0x1p-28, 0x1p-29, 0x1p-54, 0x1p-55, 0x1p-20, 0x1p29, 0x1p52, 0x1p53, 0x1p63, 0x1p64, 0x1p1023,
		// Exp/Expm1 overflow and underflow thresholds, and around them.
		7.09782712893383973096e+02, -7.45133219101941108420e+02, 709, 710, 745, 746, 708.4, 1022 * math.Ln2,
		// Exprel: Brian2's cut-offs, and near 0.
		1e-16, 1e-17, 0.99e-16, 1.01e-16, 1e-15, 1e-12, 1e-8, 1e-4, 717, 717.5, 718,
		// Tanh and Sinh switch points.
		0.625, 21, 22, 44.01, 0.66, 2.41421356237309504880, 0.7, 0.9999999999999999,
		0.1, 0.2, 0.3, 1.0000000000000002, 1 - 0x1p-53, 1 + 0x1p-52,
	}
	var all []float64
	for _, x := range v {
		all = append(all, x, -x)
	}
	for _, x := range v { // and their neighbours
		if x != 0 && !math.IsInf(x, 0) && !math.IsNaN(x) {
			all = append(all, math.Nextafter(x, math.Inf(1)), math.Nextafter(x, math.Inf(-1)))
		}
	}
	return all
}()

// specialPairs are the (x, y) inputs for two-argument functions: the cross
// product of a smaller set of special values.
var specialPairs = func() [][2]float64 {
	v := []float64{0, 1, 2, 3, 0.5, 1.5, 2.5, -0.5, 0.25, 10, 1e-300, 1e300, 0x1p63, 0x1p64,
		math.Inf(1), math.NaN(), math.SmallestNonzeroFloat64, math.MaxFloat64, math.Pi}
	var all []float64
	for _, x := range v {
		all = append(all, x, -x)
	}
	var pairs [][2]float64
	for _, x := range all {
		for _, y := range all {
			pairs = append(pairs, [2]float64{x, y})
		}
	}
	return pairs
}()

// ulpDist returns the distance in units of the last place between a and
// b, counting the float64 values between them: 0 if they are the same
// number (and +0 and -0 are not the same), math.MaxUint64 if only one is
// NaN, and 0 if both are NaN (whatever the payload).
func ulpDist(a, b float64) uint64 {
	switch {
	case math.IsNaN(a) && math.IsNaN(b):
		return 0
	case math.IsNaN(a) || math.IsNaN(b):
		return math.MaxUint64
	case a == b && math.Signbit(a) == math.Signbit(b):
		return 0
	case a == 0 && b == 0: // zeros of opposite sign
		return math.MaxUint64
	}
	oa, ob := ordered(a), ordered(b)
	if oa > ob {
		return uint64(oa) - uint64(ob)
	}
	return uint64(ob) - uint64(oa)
}

// ordered maps float64 bits to integers in the order of the numbers.
func ordered(x float64) int64 {
	b := int64(math.Float64bits(x))
	if b < 0 {
		b = math.MinInt64 - b
	}
	return b
}
