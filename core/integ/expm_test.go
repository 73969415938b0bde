package integ

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestPadeCoefficients recomputes the coefficients of the diagonal Padé
// approximants, b_j = (2m-j)! m! / ((2m)! j! (m-j)!), scaled so b_m = 1.
func TestPadeCoefficients(t *testing.T) {
	fact := func(n int) *big.Int { return new(big.Int).MulRange(1, int64(max(n, 1))) }
	for _, c := range []struct {
		m int
		b []float64
	}{{3, pade3}, {5, pade5}, {7, pade7}, {9, pade9}, {13, pade13}} {
		if len(c.b) != c.m+1 {
			t.Fatalf("m = %d: %d coefficients", c.m, len(c.b))
		}
		coef := func(j int) *big.Rat {
			num := new(big.Int).Mul(fact(2*c.m-j), fact(c.m))
			den := new(big.Int).Mul(fact(2*c.m), fact(j))
			den.Mul(den, fact(c.m-j))
			return new(big.Rat).SetFrac(num, den)
		}
		last := coef(c.m)
		for j := 0; j <= c.m; j++ {
			want, _ := new(big.Rat).Quo(coef(j), last).Float64()
			if c.b[j] != want {
				t.Errorf("m = %d, b_%d = %v, want %v", c.m, j, c.b[j], want)
			}
		}
	}
}

func maxDiff(a, b matrix) float64 {
	d := 0.0
	for i := range a {
		for j := range a[i] {
			d = math.Max(d, math.Abs(a[i][j]-b[i][j]))
		}
	}
	return d
}

func maxAbs(a matrix) float64 {
	d := 0.0
	for i := range a {
		for j := range a[i] {
			d = math.Max(d, math.Abs(a[i][j]))
		}
	}
	return d
}

func TestExpmKnown(t *testing.T) {
	rot := func(th float64) (matrix, matrix) {
		return matrix{{0, th}, {-th, 0}}, matrix{{math.Cos(th), math.Sin(th)}, {-math.Sin(th), math.Cos(th)}}
	}
	tri := func(a, b, d float64) (matrix, matrix) {
		return matrix{{a, b}, {0, d}}, matrix{{math.Exp(a), b * (math.Exp(a) - math.Exp(d)) / (a - d)}, {0, math.Exp(d)}}
	}
	jordan := func(l float64) (matrix, matrix) {
		e := math.Exp(l)
		return matrix{{l, 1, 0}, {0, l, 1}, {0, 0, l}}, matrix{{e, e, e / 2}, {0, e, e}, {0, 0, e}}
	}
	type tc struct {
		name string
		a, w matrix
		tol  float64 // relative to the largest entry of the result
	}
	var cases []tc
	add := func(name string, a, w matrix, tol float64) { cases = append(cases, tc{name, a, w, tol}) }
	add("empty", matrix{}, matrix{}, 0)
	add("zero", matrix{{0, 0}, {0, 0}}, matrix{{1, 0}, {0, 1}}, 0)
	add("scalar", matrix{{-0.3}}, matrix{{math.Exp(-0.3)}}, 2e-16)
	// Scaling by 2^-5 and squaring back costs a few units of rounding.
	add("diagonal", matrix{{-100, 0}, {0, 2}}, matrix{{math.Exp(-100), 0}, {0, math.Exp(2)}}, 5e-15)
	add("nilpotent", matrix{{0, 1}, {0, 0}}, matrix{{1, 1}, {0, 1}}, 2e-16)
	for _, th := range []float64{1e-3, 0.1, 0.5, 1, 2, 4, 30} {
		a, w := rot(th)
		add("rotation", a, w, 20e-16*math.Max(1, th))
	}
	for _, v := range [][3]float64{{-0.001, 0.002, -0.003}, {-1, 3, -2}, {-50, 10, -0.5}, {2, -1, 1.5}, {-0.2, 5, 0.1}} {
		a, w := tri(v[0], v[1], v[2])
		add("triangular", a, w, 1e-14)
	}
	for _, l := range []float64{0, -1, -10, 3} {
		a, w := jordan(l)
		add("jordan", a, w, 1e-14)
	}
	for _, c := range cases {
		got, err := expm(c.a)
		if err != nil {
			t.Errorf("%s %v: %v", c.name, c.a, err)
			continue
		}
		if d := maxDiff(got, c.w); d > c.tol*math.Max(maxAbs(c.w), 1e-300) && d != 0 {
			t.Errorf("%s %v: got %v, want %v (difference %.2g)", c.name, c.a, got, c.w, d/maxAbs(c.w))
		}
	}
}

// taylorExp sums the Taylor series, for matrices of small norm.
func taylorExp(a matrix) matrix {
	n := len(a)
	sum := identity(n)
	term := identity(n)
	for k := 1; k < 40; k++ {
		term = term.mul(a)
		for i := range n {
			for j := range n {
				term[i][j] /= float64(k)
				sum[i][j] += term[i][j]
			}
		}
	}
	return sum
}

func randomMatrix(rng *rand.Rand, n int, norm float64) matrix {
	a := newMatrix(n)
	for i := range n {
		for j := range n {
			a[i][j] = rng.NormFloat64()
		}
	}
	s := norm / a.norm1()
	for i := range n {
		for j := range n {
			a[i][j] *= s
		}
	}
	return a
}

// TestExpmRandom exercises every Padé degree and the scaling: against the
// Taylor series for small norms, and exp(A)*exp(-A) = I and
// exp(A) = exp(A/2)**2 for larger ones.
func TestExpmRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	for _, norm := range []float64{0.01, 0.2, 0.9, 2, 5, 12, 60} {
		for n := 1; n <= 6; n++ {
			for range 5 {
				a := randomMatrix(rng, n, norm)
				e, err := expm(a)
				if err != nil {
					t.Fatal(err)
				}
				if norm <= 1 {
					if d := maxDiff(e, taylorExp(a)); d > 1e-14*maxAbs(e) {
						t.Errorf("norm %g, n %d: differs from the Taylor series by %.2g", norm, n, d/maxAbs(e))
					}
				}
				half := newMatrix(n)
				neg := newMatrix(n)
				for i := range n {
					for j := range n {
						half[i][j] = a[i][j] / 2
						neg[i][j] = -a[i][j]
					}
				}
				eh, _ := expm(half)
				if d := maxDiff(e, eh.mul(eh)); d > 1e-12*maxAbs(e) {
					t.Errorf("norm %g, n %d: exp(A) - exp(A/2)^2 = %.2g", norm, n, d/maxAbs(e))
				}
				if norm <= 12 {
					en, _ := expm(neg)
					cond := maxAbs(e) * maxAbs(en)
					if d := maxDiff(e.mul(en), identity(n)); d > 1e-13*cond*float64(n) {
						t.Errorf("norm %g, n %d: exp(A) exp(-A) - I = %.2g", norm, n, d)
					}
				}
			}
		}
	}
}

func TestExpmErrors(t *testing.T) {
	for _, a := range []matrix{{{math.NaN()}}, {{1, math.Inf(1)}, {0, 1}}, {{1, 2}}} {
		if _, err := expm(a); err == nil {
			t.Errorf("expm(%v): no error", a)
		}
	}
}

func BenchmarkExpm4(b *testing.B) {
	a := randomMatrix(rand.New(rand.NewPCG(1, 1)), 4, 3)
	for b.Loop() {
		if _, err := expm(a); err != nil {
			b.Fatal(err)
		}
	}
}
