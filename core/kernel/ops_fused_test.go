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
				var got [2][3][]int32
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
					got[k][2] = kn.Select(3, n-2, nil, nil) // blocks of 227 and 256 from 3
				}
				for j := range 3 {
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

// TestBlendDecayMatches compares the chain blend that decays its terms'
// columns in its own loop (opChainBlendDecay: CUBA's update of v held by
// refractoriness, with ge and gi decaying) with the general path, bit for
// bit, over several calls (checking and not checking stores), ranges and
// index lists, with chains of 2 to 4 terms, 1 to 3 decaying columns in any
// position, values that become subnormal, NaNs, infinities and masks that
// are not 0 or 1; and checks where it applies.
func TestBlendDecayMatches(t *testing.T) {
	const n = 700
	tests := []struct {
		code string
		fuse bool // opChainBlendDecay expected
	}{
		{"_v = v*0.99 + x*0.3 + x2*(-2.5) + (-2.4e-4); _x = x*0.98; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2", true},
		{"_v = v*0.99 + x*0.3; _x = x*0.98; v = _v*int(m) + (1 - int(m))*v; x = _x", true},
		{"_v = x*0.3 + v*0.99 + x2*0.5; _x2 = 0.99*x2; v = int(m)*_v + v*(1 - int(m)); x2 = _x2", true},
		{"_v = x*0.3 + x2*0.5 + w*0.25 + v*0.99; _x = x*0.5; _x2 = x2*0.75; _w = w*0.125; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2; w = _w", true},
		{"_v = x*0.3 + x2*0.5; _x = x*0.98; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2", true},
		{"_v = v*0.99 + x*0.3 + x2*0.5; _x = x*0.98; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2", true},
		{"_v = x*0.3 + x2*0.5 + w*2; _x = x*0.98; _x2 = x2*0.99; _w = w*0.5; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2; w = _w", true},
		{"_v = v*0.99 + x*0.3 + x2*(-2.5) + 1e-3; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x2 = _x2", true},
		{"_v = v*0.99 + x*0.3 + 1e-3; _x = x*0.98; v = _v*int(m) + v*(1 - int(m)); x = _x", true},
		{"_v = v*0.99 + x*0.3 + x2*0.5 + w*0.25; _x = x*0.98; _x2 = x2*0.99; _w = w*0.5; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2; w = _w", true},
		// x is read again after its decay: the decay is not fused, x2's is
		{"_v = v*0.99 + x*0.3 + x2*(-2.5); _x = x*0.98; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2; w = x + 1", true},
		// a decay that is not a product by an invariant
		{"_v = v*0.99 + x*0.3; _x = x*x2; v = _v*int(m) + v*(1 - int(m)); x = _x", false},
	}
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 3e-308, -3e-308, 1e-300}
	for ti, tc := range tests {
		var results [2][2]map[string][]float64 // fused or not, range or indices
		for f, fused := range []bool{true, false} {
			for ri := range 2 {
				e := newEnv()
				r := rand.New(rand.NewPCG(uint64(ti), 9))
				for _, name := range []string{"v", "x", "x2", "w"} {
					d := make([]float64, n)
					for i := range d {
						d[i] = r.NormFloat64()
						switch {
						case r.IntN(6) == 0:
							d[i] = odd[r.IntN(len(odd))]
						case i%3 == 0: // sinks into subnormal numbers
							d[i] *= 1e-306
						}
					}
					e.vec(name, d)
				}
				mv := make([]float64, n)
				for i := range mv {
					mv[i] = []float64{0, 1, 1, 1, math.Copysign(0, -1), 0.5, 1.7, -1, math.NaN(), math.Inf(1)}[r.IntN(10)]
				}
				e.vec("m", mv)
				var idx []int32
				for i := range int32(n) {
					if r.IntN(2) == 0 {
						idx = append(idx, i)
					}
				}
				fuseOps = fused
				kn, err := Compile(e.parse(t, tc.code))
				fuseOps = true
				if err != nil {
					t.Fatal(err)
				}
				if has := strings.Contains(kn.String(), "[chain blend decay"); has != (fused && tc.fuse) {
					t.Fatalf("%s: chain blend decay %v, want %v:\n%s", tc.code, has, fused && tc.fuse, kn)
				}
				for c := 0; c < 5; c++ {
					if ri == 0 {
						kn.Run(0, n, nil)
					} else {
						kn.RunIndices(idx, nil)
					}
				}
				results[f][ri] = map[string][]float64{}
				for name, col := range e.cols {
					results[f][ri][name] = col.Data
				}
			}
		}
		for ri := range 2 {
			for name, a := range results[0][ri] {
				b := results[1][ri][name]
				for i := range a {
					if !sameBits(a[i], b[i]) { // NaNs' payloads aside
						t.Fatalf("%s\nindex run %v: %s[%d] fused %v, general %v", tc.code, ri == 1, name, i, a[i], b[i])
					}
				}
			}
		}
	}
}
