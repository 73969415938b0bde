package spatial

import (
	"math/big"

	"github.com/myelin-sim/myelin/core/morph"
)

// Two solvers of the backward Euler step in exact (128-bit) arithmetic, the
// references for the rounding error of Cable and of Brian2's scheme.

const exactPrec = 128

func bigF(x float64) *big.Float { return new(big.Float).SetPrec(exactPrec).SetFloat64(x) }
func bigZ() *big.Float          { return new(big.Float).SetPrec(exactPrec) }

// denseStep solves one step of the cable equation as Brian2 states it,
// built from the morphology alone (not from Cable): one unknown per
// compartment and one per section end, including the start of the root
// section and the sealed ends of the leaves (Brian2's _B), with Brian2's
// conductances _invr, _invr0, _invrn computed exactly from r_length, and
// Gaussian elimination on the dense matrix. i0 includes the point currents
// divided by the area, or point holds them (nil for none). It returns the
// new potentials rounded to float64.
func denseStep(f *morph.Flat, cm []float64, ri float64, v, i0, gtot, point []float64, dt float64) []float64 {
	n, ns := f.N, len(f.Start)
	// unknowns: compartments 0..n-1, then node n+0 (root start) and n+1+k
	// (end of section k)
	m := n + ns + 1
	a := make([][]*big.Float, m)
	for i := range a {
		a[i] = make([]*big.Float, m)
		for j := range a[i] {
			a[i][j] = bigZ()
		}
	}
	rhs := make([]*big.Float, m)
	for i := range rhs {
		rhs[i] = bigZ()
	}
	link := func(i, j int, g *big.Float) {
		a[i][i].Add(a[i][i], g)
		a[j][j].Add(a[j][j], g)
		a[i][j].Sub(a[i][j], g)
		a[j][i].Sub(a[j][i], g)
	}
	bri := bigF(ri)
	inv := func(x float64) *big.Float { return bigZ().Quo(bigF(1), bigF(x)) }
	for k := range ns {
		first, last := f.Start[k], f.End[k]-1
		for i := first + 1; i <= last; i++ {
			s := bigZ().Add(inv(f.RLength2[i-1]), inv(f.RLength1[i]))
			s.Mul(s, bri)
			link(i-1, i, bigZ().Quo(bigF(1), s))
		}
		start := n // the root's start node
		if p := f.Parent[k]; p >= 0 {
			start = n + 1 + p
		}
		link(start, first, bigZ().Quo(bigF(f.RLength1[first]), bri))
		link(n+1+k, last, bigZ().Quo(bigF(f.RLength2[last]), bri))
	}
	bdt := bigF(dt)
	for i := range n {
		c := bigZ().Quo(bigF(cm[min(i, len(cm)-1)]), bdt)
		area := bigF(f.Area[i])
		d := bigZ().Add(c, bigF(gtot[i]))
		a[i][i].Add(a[i][i], d.Mul(d, area))
		r := bigZ().Mul(c, bigF(v[i]))
		r.Add(r, bigF(i0[i]))
		rhs[i] = r.Mul(r, area)
		if point != nil {
			rhs[i].Add(rhs[i], bigF(point[i]))
		}
	}
	for k := range m {
		for i := k + 1; i < m; i++ {
			if a[i][k].Sign() == 0 {
				continue
			}
			fct := bigZ().Quo(a[i][k], a[k][k])
			for j := k; j < m; j++ {
				a[i][j].Sub(a[i][j], bigZ().Mul(fct, a[k][j]))
			}
			rhs[i].Sub(rhs[i], bigZ().Mul(fct, rhs[k]))
		}
	}
	x := make([]*big.Float, m)
	for i := m - 1; i >= 0; i-- {
		s := bigZ().Set(rhs[i])
		for j := i + 1; j < m; j++ {
			s.Sub(s, bigZ().Mul(a[i][j], x[j]))
		}
		x[i] = s.Quo(s, a[i][i])
	}
	out := make([]float64, n)
	for i := range out {
		out[i], _ = x[i].Float64()
	}
	return out
}

// exactTree runs Cable's elimination in 128-bit arithmetic, on the
// conductances of a Cable c (TestExactTree checks it against denseStep).
// It is fast enough for whole runs.
type exactTree struct {
	c                      *Cable
	v                      []*big.Float
	e                      []*big.Float
	nS, nB, nE, nQ, nV     []*big.Float
	cmdt                   []*big.Float
	s, b, g, d, t, tmp, dt *big.Float
}

func newExactTree(c *Cable, v0 []float64) *exactTree {
	x := &exactTree{c: c}
	mk := func(n int) []*big.Float {
		out := make([]*big.Float, n)
		for i := range out {
			out[i] = bigZ()
		}
		return out
	}
	ns := len(c.start)
	x.v, x.e, x.cmdt = mk(c.n), mk(c.n), mk(c.n)
	x.nS, x.nB, x.nE, x.nQ, x.nV = mk(ns), mk(ns), mk(ns), mk(ns), mk(ns)
	for i, v := range v0 {
		x.v[i].SetFloat64(v)
	}
	x.s, x.b, x.g, x.d, x.t, x.tmp, x.dt = bigZ(), bigZ(), bigZ(), bigZ(), bigZ(), bigZ(), bigZ()
	return x
}

func (x *exactTree) step(i0, gtot, point []float64, dt float64) {
	c := x.c
	if x.dt.Cmp(bigF(dt)) != 0 {
		x.dt.SetFloat64(dt)
		for i := range c.n {
			x.cmdt[i].Quo(bigF(c.cm[i]), x.dt)
		}
	}
	accS, accB := bigZ(), bigZ()
	for k := len(c.start) - 1; k >= 0; k-- {
		accS.SetInt64(0)
		accB.SetInt64(0)
		if c.hasNode[k] {
			x.g.SetFloat64(c.gOut[k])
			x.d.Add(x.nS[k], x.g)
			x.nE[k].Quo(x.g, x.d)
			x.nQ[k].Quo(x.nB[k], x.d)
			accS.Mul(x.nS[k], x.nE[k])
			accB.Mul(x.nB[k], x.nE[k])
			x.nS[k].SetInt64(0)
			x.nB[k].SetInt64(0)
		}
		for i := c.end[k] - 1; i >= c.start[k]; i-- {
			area := bigF(c.area[i])
			x.s.Add(x.cmdt[i], bigF(gtot[i]))
			x.s.Mul(x.s, area)
			x.s.Add(x.s, accS)
			x.b.Mul(x.cmdt[i], x.v[i])
			x.b.Add(x.b, bigF(i0[i]))
			x.b.Mul(x.b, area)
			if point != nil {
				x.b.Add(x.b, bigF(point[i]))
			}
			x.b.Add(x.b, accB)
			x.g.SetFloat64(c.gIn[i])
			x.d.Add(x.s, x.g)
			x.e[i].Quo(x.g, x.d)
			x.v[i].Quo(x.b, x.d)
			accS.Mul(x.s, x.e[i])
			accB.Mul(x.b, x.e[i])
		}
		if p := c.parent[k]; p >= 0 {
			x.nS[p].Add(x.nS[p], accS)
			x.nB[p].Add(x.nB[p], accB)
		}
	}
	for k := range c.start {
		xp := bigZ()
		if p := c.parent[k]; p >= 0 {
			xp.Set(x.nV[p])
		}
		for i := c.start[k]; i < c.end[k]; i++ {
			x.t.Mul(x.e[i], xp)
			x.v[i].Add(x.v[i], x.t)
			xp.Set(x.v[i])
		}
		if c.hasNode[k] {
			x.t.Mul(x.nE[k], xp)
			x.nV[k].Add(x.nQ[k], x.t)
		}
	}
}

func (x *exactTree) float64s(out []float64) {
	for i := range out {
		out[i], _ = x.v[i].Float64()
	}
}
