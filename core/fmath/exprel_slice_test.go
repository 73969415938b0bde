package fmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestExprelSlice compares ExprelSlice with Exprel bit for bit: on special
// values, on the limits of the written-out path (ln2/2, -56*ln2, 709) and
// of fdlibm's branches (k = 0, ±1, below 20, above 56), and on random
// values over the whole range, in place and not.
func TestExprelSlice(t *testing.T) {
	compareSlice(t, "ExprelSlice", ExprelSlice, Exprel)
}

// TestExpSlice compares ExpSlice with Exp bit for bit, on the same inputs.
func TestExpSlice(t *testing.T) {
	compareSlice(t, "ExpSlice", ExpSlice, Exp)
}

func compareSlice(t *testing.T, name string, fs func(dst, src []float64), f func(float64) float64) {
	r := rand.New(rand.NewPCG(21, 22))
	in := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e-17, -1e-17, 1e-16, 2e-16,
		5e-324, -5e-324, 0x1p-54, -0x1p-54, 0x1p-55, 0.34657359027997264, 0.3465735902799727, 1.0397207708399179, -1.0397207708399179,
		38.816242111356935, -38.816242111356935, 709, 708.9999999999999, -700, -700.0000000000001, -708, -745.1332191019411, 709.782712893384, 709.79, 716.9, 717, 717.1, -745, -746, -1e300, 1e300, math.MaxFloat64}
	for _, sc := range []float64{1e-20, 1e-10, 1e-5, 0.1, 0.5, 1, 2, 5, 20, 40, 100, 709, 800} {
		for range 2000 {
			in = append(in, (r.Float64()*2-1)*sc)
		}
	}
	for range 20000 {
		in = append(in, math.Float64frombits(r.Uint64()))
	}
	got := make([]float64, len(in))
	fs(got, in)
	inPlace := append([]float64(nil), in...)
	fs(inPlace, inPlace)
	for i, x := range in {
		want := f(x)
		for _, g := range []float64{got[i], inPlace[i]} {
			if math.Float64bits(g) != math.Float64bits(want) && !(g != g && want != want) {
				t.Fatalf("%s(%v) = %v (%#x), want %v (%#x)", name, x, g, math.Float64bits(g), want, math.Float64bits(want))
			}
		}
	}
}
