package integ

import (
	"errors"
	"math"
)

// This file computes the exponential of a small dense matrix, for the
// propagators of coupled linear systems. It is the scaling and squaring
// method with diagonal Padé approximants of N. J. Higham, "The scaling and
// squaring method for the matrix exponential revisited", SIAM J. Matrix
// Anal. Appl. 26(4), 2005 (Algorithm 2.3), the algorithm of MATLAB's expm
// before 2009 and of gonum's mat.Exp. It is accurate to a few units of
// rounding relative to the norm of the result for any matrix, and meant for
// the handful of variables of a neuron model: it costs O(n³) per product.
//
// Every product is rounded before it is added (float64(a*b) + c), so the
// compiler cannot fuse multiply-adds and the result is the same bits on
// every platform, natively and in WebAssembly.

// matrix is a dense row-major square matrix.
type matrix [][]float64

func newMatrix(n int) matrix {
	m := make(matrix, n)
	for i := range m {
		m[i] = make([]float64, n)
	}
	return m
}

func identity(n int) matrix {
	m := newMatrix(n)
	for i := range m {
		m[i][i] = 1
	}
	return m
}

func (a matrix) mul(b matrix) matrix {
	n := len(a)
	c := newMatrix(n)
	for i := range n {
		for k := range n {
			aik := a[i][k]
			if aik == 0 {
				continue
			}
			for j := range n {
				c[i][j] += float64(aik * b[k][j])
			}
		}
	}
	return c
}

// lincomb returns Σ coef[i]*ms[i].
func lincomb(coef []float64, ms ...matrix) matrix {
	n := len(ms[0])
	c := newMatrix(n)
	for t, m := range ms {
		for i := range n {
			for j := range n {
				c[i][j] += float64(coef[t] * m[i][j])
			}
		}
	}
	return c
}

// norm1 is the largest column sum of absolute values.
func (a matrix) norm1() float64 {
	var max float64
	for j := range a {
		var s float64
		for i := range a {
			s += math.Abs(a[i][j])
		}
		if s > max || math.IsNaN(s) {
			max = s
		}
	}
	return max
}

// Padé coefficients b_0 .. b_m, scaled so that b_m = 1.
var (
	pade3  = []float64{120, 60, 12, 1}
	pade5  = []float64{30240, 15120, 3360, 420, 30, 1}
	pade7  = []float64{17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1}
	pade9  = []float64{17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1}
	pade13 = []float64{64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800,
		129060195264000, 10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1}
)

// The largest 1-norms for which the Padé approximant of each degree is
// accurate to double precision (Higham 2005, Table 2.3).
const (
	theta3  = 1.495585217958292e-2
	theta5  = 2.539398330063230e-1
	theta7  = 9.504178996162932e-1
	theta9  = 2.097847961257068e0
	theta13 = 5.371920351148152e0
)

var errExpm = errors.New("the matrix exponential is not defined for a matrix with infinite or NaN entries")

// expm returns e^a.
func expm(a matrix) (matrix, error) {
	n := len(a)
	for _, row := range a {
		if len(row) != n {
			return nil, errors.New("expm needs a square matrix")
		}
		for _, v := range row {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, errExpm
			}
		}
	}
	if n == 0 {
		return matrix{}, nil
	}
	norm := a.norm1()
	id := identity(n)
	for _, c := range []struct {
		theta float64
		b     []float64
	}{{theta3, pade3}, {theta5, pade5}, {theta7, pade7}, {theta9, pade9}} {
		if norm <= c.theta {
			// U = A Σ b_odd A^(j-1), V = Σ b_even A^j.
			m := len(c.b) - 1
			pows := []matrix{id, a.mul(a)} // I, A², A⁴ ...
			for len(pows) < m/2+1 {
				pows = append(pows, pows[len(pows)-1].mul(pows[1]))
			}
			var ub, vb []float64
			for j := 0; j <= m; j += 2 {
				vb = append(vb, c.b[j])
				ub = append(ub, c.b[j+1])
			}
			u := a.mul(lincomb(ub, pows...))
			v := lincomb(vb, pows...)
			return padeSolve(u, v)
		}
	}
	// Scale so that the norm is at most theta13, then square back.
	s := 0
	if r := norm / theta13; r > 1 {
		frac, exp := math.Frexp(r) // r = frac * 2^exp, frac in [0.5, 1)
		s = exp
		if frac == 0.5 {
			s--
		}
	}
	as := newMatrix(n)
	for i := range n {
		for j := range n {
			as[i][j] = math.Ldexp(a[i][j], -s)
		}
	}
	b := pade13
	a2 := as.mul(as)
	a4 := a2.mul(a2)
	a6 := a4.mul(a2)
	u := as.mul(lincomb([]float64{1, b[7], b[5], b[3], b[1]},
		a6.mul(lincomb([]float64{b[13], b[11], b[9]}, a6, a4, a2)), a6, a4, a2, id))
	v := lincomb([]float64{1, b[6], b[4], b[2], b[0]},
		a6.mul(lincomb([]float64{b[12], b[10], b[8]}, a6, a4, a2)), a6, a4, a2, id)
	r, err := padeSolve(u, v)
	if err != nil {
		return nil, err
	}
	for ; s > 0; s-- {
		r = r.mul(r)
	}
	return r, nil
}

// padeSolve returns (V - U)⁻¹ (V + U).
func padeSolve(u, v matrix) (matrix, error) {
	n := len(u)
	p := newMatrix(n)
	q := newMatrix(n)
	for i := range n {
		for j := range n {
			p[i][j] = v[i][j] + u[i][j]
			q[i][j] = v[i][j] - u[i][j]
		}
	}
	return solve(q, p)
}

// solve returns a⁻¹ b by Gaussian elimination with partial pivoting. a and
// b are overwritten.
func solve(a, b matrix) (matrix, error) {
	n := len(a)
	for k := range n {
		piv := k
		for i := k + 1; i < n; i++ {
			if math.Abs(a[i][k]) > math.Abs(a[piv][k]) {
				piv = i
			}
		}
		if a[piv][k] == 0 {
			return nil, errors.New("the Padé denominator of the matrix exponential is singular")
		}
		a[k], a[piv] = a[piv], a[k]
		b[k], b[piv] = b[piv], b[k]
		for i := k + 1; i < n; i++ {
			f := a[i][k] / a[k][k]
			if f == 0 {
				continue
			}
			for j := k; j < n; j++ {
				a[i][j] -= float64(f * a[k][j])
			}
			for j := range n {
				b[i][j] -= float64(f * b[k][j])
			}
		}
	}
	x := newMatrix(n)
	for j := range n {
		for i := n - 1; i >= 0; i-- {
			s := b[i][j]
			for k := i + 1; k < n; k++ {
				s -= float64(a[i][k] * x[k][j])
			}
			x[i][j] = s / a[i][i]
		}
	}
	return x, nil
}
