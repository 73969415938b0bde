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
					fuseSelect = fused
					kn, err := CompileCondition(cond)
					fuseSelect = true
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
