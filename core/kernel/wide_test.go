package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestWideRuns compares the runs of one operation over a whole range
// (runRange) with the same runs block by block, bit for bit: state
// updates with and without the vector of ones (the LIF blend and its
// general loop, with and without subnormal checks), selections, and
// programs that must keep their blocks (several operations, random
// numbers, an index), over ranges that start anywhere and end in part
// of a block. It also checks which programs run whole.
func TestWideRuns(t *testing.T) {
	const n = 1100
	blend := "_v = v*0.99 + x*0.3 + x2*(-2.5) + (-2.4e-4); _x = x*0.98; _x2 = x2*0.99; v = _v*int(m) + v*(1 - int(m)); x = _x; x2 = _x2"
	tests := []struct {
		code    string
		cond    bool
		lif     bool // fuseLIFBlend
		oneOp   bool // runs over the whole range
		indexed bool // reads the index k
	}{
		{code: blend, lif: true, oneOp: true},
		{code: blend, lif: false, oneOp: true},
		{code: "_v = v*0.99 + x*0.3 + 1e-3; _x = x*0.98; v = _v*int(m) + v*(1 - int(m)); x = _x", lif: true, oneOp: true},
		{code: "v = v*0.5 + x", oneOp: true},
		{code: "v > 0.25 and m", cond: true, oneOp: true},
		{code: "v > x and m", cond: true, oneOp: true},
		{code: "v = v*0.5 + x; x = exp(v) - x*x", oneOp: false},
		{code: "v = v + 0.1*rand()", oneOp: false},
		{code: "v = v + x2[k]", oneOp: false, indexed: true},
	}
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 3e-308, -3e-308}
	for ti, tc := range tests {
		for _, rg := range [][2]int{{0, n}, {5, n - 3}, {300, 300 + 2*BlockSize + 1}, {7, 200}} {
			var got [2]map[string][]float64
			var sel [2][]int32
			for w, wide := range []bool{true, false} {
				e := newEnv()
				r := rand.New(rand.NewPCG(uint64(ti), 11))
				for _, name := range []string{"v", "x", "x2"} {
					d := make([]float64, n)
					for i := range d {
						d[i] = r.NormFloat64()
						switch {
						case r.IntN(7) == 0:
							d[i] = odd[r.IntN(len(odd))]
						case i%5 == 0:
							d[i] *= 1e-306
						}
					}
					e.vec(name, d)
				}
				mv := make([]float64, n)
				for i := range mv {
					mv[i] = []float64{0, 1, 1, 1, 0.5, math.NaN()}[r.IntN(6)]
				}
				e.vec("m", mv)
				kx := make([]int32, n)
				for i := range kx {
					kx[i] = int32(r.IntN(n))
				}
				e.index("k", kx)
				fuseLIFBlend, wideRuns = tc.lif, wide
				var kn *Kernel
				var err error
				if tc.cond {
					kn, err = CompileCondition(e.expr(t, tc.code))
				} else {
					kn, err = Compile(e.parse(t, tc.code))
				}
				if err != nil {
					fuseLIFBlend, wideRuns = true, true
					t.Fatal(err)
				}
				if whole := kn.p.oneOp && len(kn.p.prog) == 1; whole != tc.oneOp {
					t.Errorf("%s: runs whole %v, want %v:\n%s", tc.code, whole, tc.oneOp, kn)
				}
				rng := rand.New(rand.NewPCG(1, 2))
				for step := range 3 {
					if tc.cond {
						sel[w] = kn.Select(rg[0], rg[1], rng, sel[w])
					} else {
						kn.RunFlush(rg[0], rg[1], rng, step != 1)
					}
				}
				fuseLIFBlend, wideRuns = true, true
				got[w] = map[string][]float64{}
				for name, col := range e.cols {
					got[w][name] = col.Data
				}
			}
			if !slices.Equal(sel[0], sel[1]) {
				t.Fatalf("%s over %v: whole range selects %v, blocks %v", tc.code, rg, sel[0], sel[1])
			}
			for name, a := range got[0] {
				b := got[1][name]
				for i := range a {
					if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
						t.Fatalf("%s over %v: %s[%d] whole range %v, blocks %v", tc.code, rg, name, i, a[i], b[i])
					}
				}
			}
		}
	}
}
