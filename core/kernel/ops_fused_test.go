package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestSelCmpAndMatches compares the fused selection of "(a op b) and m"
// with the general path (the comparison, the and and the selection as
// three operations), on random values with NaNs, infinities, zeros of
// either sign and ties, over ranges and index lists, for every comparison
// and both kinds of right-hand side, with the operands either way round.
func TestSelCmpAndMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const n = 1000
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1, -1, 0.5}
	val := func() float64 {
		if r.IntN(4) == 0 {
			return odd[r.IntN(len(odd))]
		}
		return math.Round(r.NormFloat64()*4) / 4 // many ties
	}
	a, b, m := &Column{Name: "a", Data: make([]float64, n)}, &Column{Name: "b", Data: make([]float64, n)}, &Column{Name: "m", Data: make([]float64, n)}
	for i := range n {
		a.Data[i], b.Data[i] = val(), val()
		m.Data[i] = []float64{0, 1, 1, math.Copysign(0, -1), math.NaN(), 2}[r.IntN(6)]
	}
	var idx []int32
	for i := range int32(n) {
		if r.IntN(3) > 0 {
			idx = append(idx, i)
		}
	}
	for _, op := range []Op{OpLt, OpLe, OpGt, OpGe, OpEq, OpNe} {
		for _, rhs := range []*Expr{Var(b), Const(0.25), Const(math.Inf(1)), Var(&Column{Name: "s", Data: []float64{-0.5}, Scalar: true})} {
			for _, flip := range []bool{false, true} {
				cmp := Bin(op, Var(a), rhs)
				if flip { // the invariant on the left
					cmp = Bin(op, rhs, Var(a))
				}
				cond := Bin(OpAnd, cmp, Var(m))
				if flip {
					cond = Bin(OpAnd, Var(m), cmp)
				}
				var got [2][2][]int32
				for k, fused := range []bool{true, false} {
					fuseOps = fused
					kn, err := CompileCondition(cond)
					fuseOps = true
					if err != nil {
						t.Fatal(err)
					}
					if has := strings.Contains(kn.String(), "sel-cmp-and"); has != fused {
						t.Fatalf("%s: fused %v, want %v:\n%s", cond, has, fused, kn)
					}
					got[k][0] = kn.Select(0, n, nil, nil)
					got[k][1] = kn.SelectIndices(idx, nil, nil)
				}
				for j := range 2 {
					if len(got[0][j]) == 0 && op != OpEq && !math.IsInf(rhs.Value, 0) {
						t.Fatalf("%s: nothing selected", cond)
					}
					if !slices.Equal(got[0][j], got[1][j]) {
						t.Fatalf("%s (index run %v): fused selects %v, general path %v", cond, j == 1, got[0][j], got[1][j])
					}
				}
			}
		}
	}
}

// TestBlendMatches compares the fused blend, x*int(m) + (1 - int(m))*y
// (the conditional write of refractoriness), with the general path, bit for
// bit, on random values with NaNs, infinities, subnormal results and masks
// that are not 0 or 1, in every order of the operands, with int(m) shared
// by two statements or not, over ranges and index lists.
func TestBlendMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const n = 700
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 3e-308, -3e-308, 1e-300}
	fill := func(c *Column) {
		for i := range c.Data {
			c.Data[i] = r.NormFloat64()
			if r.IntN(5) == 0 {
				c.Data[i] = odd[r.IntN(len(odd))]
			}
		}
	}
	mk := func(name string) *Column { return &Column{Name: name, Data: make([]float64, n)} }
	x, x2, m := mk("x"), mk("x2"), mk("m")
	fill(x)
	fill(x2)
	for i := range m.Data {
		m.Data[i] = []float64{0, 1, 1, 1, math.Copysign(0, -1), 0.5, 1.7, -1, math.NaN(), math.Inf(1)}[r.IntN(10)]
	}
	var idx []int32
	for i := range int32(n) {
		if r.IntN(2) == 0 {
			idx = append(idx, i)
		}
	}
	type shape func(x, k, y *Expr) *Expr
	shapes := []shape{
		func(x, k, y *Expr) *Expr { return Add(Mul(x, k), Mul(y, Sub(Const(1), k))) },
		func(x, k, y *Expr) *Expr { return Add(Mul(k, x), Mul(Sub(Const(1), k), y)) },
		func(x, k, y *Expr) *Expr { return Add(Mul(y, Sub(Const(1), k)), Mul(x, k)) },
	}
	// x: one product, and chains of 2 to 4 terms (the exact update of LIF
	// neurons, which the blend computes in its own loop)
	xs := []func(v *Column) *Expr{
		func(v *Column) *Expr { return Mul(Var(x), Const(0.5)) },
		func(v *Column) *Expr { return Add(Mul(Var(v), Const(0.99)), Mul(Var(x), Const(0.3))) },
		func(v *Column) *Expr {
			return Sub(Add(Mul(Var(v), Const(0.99)), Mul(Var(x), Const(0.3))), Mul(Var(x2), Const(1e-3)))
		},
		func(v *Column) *Expr {
			return Sub(Add(Add(Mul(Var(v), Const(0.99)), Mul(Var(x), Const(0.3))), Mul(Var(x2), Const(-2.5))), Const(2.4e-4))
		},
	}
	for si, sh := range shapes {
		for xi, xe := range xs {
			for _, two := range []bool{false, true} {
				var results [2][2][][]float64 // fused or not, range or indices, columns v and w
				for f, fused := range []bool{true, false} {
					for ri := range 2 {
						v, w := mk("v"), mk("w")
						r2 := rand.New(rand.NewPCG(7, 8))
						for i := range n {
							v.Data[i], w.Data[i] = r2.NormFloat64(), r2.NormFloat64()
							if i%2 == 0 { // results that are subnormal numbers
								v.Data[i] *= 1e-307
							}
						}
						k := Call(FuncInt, Var(m))
						stmts := []Stmt{Set(v, sh(xe(v), k, Var(v)))}
						if two {
							stmts = append(stmts, Set(w, sh(Add(Var(x2), Var(w)), k, Var(w))))
						}
						fuseOps = fused
						kn, err := Compile(stmts)
						fuseOps = true
						if err != nil {
							t.Fatal(err)
						}
						if has := strings.Contains(kn.String(), "[blend") || strings.Contains(kn.String(), "[chain blend"); has != fused {
							t.Fatalf("shape %d, x %d, two %v: blend %v, want %v:\n%s", si, xi, two, has, fused, kn)
						}
						if chain := strings.Contains(kn.String(), "[chain blend"); fused && xi > 0 && !two && !chain {
							t.Fatalf("shape %d, x %d: no chain blend:\n%s", si, xi, kn)
						}
						if ri == 0 {
							kn.Run(0, n, nil)
						} else {
							kn.RunIndices(idx, nil)
						}
						results[f][ri] = [][]float64{v.Data, w.Data}
					}
				}
				for ri := range 2 {
					for c := range 2 {
						a, b := results[0][ri][c], results[1][ri][c]
						for i := range a {
							if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
								t.Fatalf("shape %d, x %d, two %v, index run %v, column %d, element %d (m = %v): fused %v, general %v",
									si, xi, two, ri == 1, c, i, m.Data[i], a[i], b[i])
							}
						}
					}
				}
			}
		}
	}
}
