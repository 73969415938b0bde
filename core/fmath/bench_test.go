package fmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Benchmarks of every function beside its counterpart in package math
// (BenchmarkExp and BenchmarkMathExp, ...), on 1024 inputs in the range a
// simulation typically uses. Each benchmark calls the function directly,
// so that it can be inlined as in real use.

var sink float64

const nIn = 1024 // a power of two

var (
	inExp    = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -10, 10) })
	inSmall  = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -1, 1) })
	inExprel = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -5, 5) })
	inPos    = benchInputs(func(r *rand.Rand) float64 { return logUniform(r, -10, 10, false) })
	inLog1p  = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -0.5, 1) })
	inTrig   = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -10, 10) })
	inHyp    = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -5, 5) })
	inUnit   = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -1, 1) })
	inPowX   = benchInputs(func(r *rand.Rand) float64 { return uniform(r, 0.1, 10) })
	inPowY   = benchInputs(func(r *rand.Rand) float64 { return uniform(r, -3, 3) })
)

func benchInputs(draw func(r *rand.Rand) float64) *[nIn]float64 {
	r := rand.New(rand.NewPCG(0x62656e6368, 1))
	var in [nIn]float64
	for i := range in {
		in[i] = draw(r)
	}
	return &in
}

func BenchmarkExp(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Exp(inExp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathExp(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Exp(inExp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkExpm1(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Expm1(inSmall[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathExpm1(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Expm1(inSmall[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkExprel(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Exprel(inExprel[i%nIn])
		i++
	}
	sink = s
}

// BenchmarkMathExprel is Brian2's exprel written with math.Expm1.
func BenchmarkMathExprel(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += mathExprel(inExprel[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkLog(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Log(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathLog(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Log(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkLog10(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Log10(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathLog10(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Log10(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkLog1p(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Log1p(inLog1p[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathLog1p(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Log1p(inLog1p[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkSin(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Sin(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathSin(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Sin(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkCos(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Cos(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathCos(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Cos(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkTan(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Tan(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathTan(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Tan(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkSinh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Sinh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathSinh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Sinh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkCosh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Cosh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathCosh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Cosh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkTanh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Tanh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathTanh(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Tanh(inHyp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkAsin(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Asin(inUnit[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathAsin(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Asin(inUnit[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkAcos(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Acos(inUnit[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathAcos(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Acos(inUnit[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkAtan(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Atan(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathAtan(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Atan(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkSqrt(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Sqrt(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathSqrt(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Sqrt(inPos[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkAbs(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Abs(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathAbs(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Abs(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkFloor(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Floor(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathFloor(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Floor(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkCeil(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Ceil(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathCeil(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Ceil(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkTrunc(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Trunc(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathTrunc(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Trunc(inTrig[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkPow(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Pow(inPowX[i%nIn], inPowY[i%nIn])
		i++
	}
	sink = s
}

// BenchmarkPowInt is x**3, which Pow computes by multiplications only.
func BenchmarkPowInt(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Pow(inPowX[i%nIn], 3)
		i++
	}
	sink = s
}

func BenchmarkAtan2(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += Atan2(inTrig[i%nIn], inExp[i%nIn])
		i++
	}
	sink = s
}

func BenchmarkMathPow(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Pow(inPowX[i%nIn], inPowY[i%nIn])
		i++
	}
	sink = s
}

// BenchmarkMathPowInt is x**3, which Pow computes by multiplications only.
func BenchmarkMathPowInt(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Pow(inPowX[i%nIn], 3)
		i++
	}
	sink = s
}

func BenchmarkMathAtan2(b *testing.B) {
	s, i := 0.0, 0
	for b.Loop() {
		s += math.Atan2(inTrig[i%nIn], inExp[i%nIn])
		i++
	}
	sink = s
}

// BenchmarkExprelSlice and BenchmarkExpSlice time the slice forms the
// kernels call, per element (ns/elem), beside a loop of Exprel or Exp
// calls on the same inputs (BenchmarkExprelLoop, BenchmarkExpLoop).
func BenchmarkExprelSlice(b *testing.B) {
	dst := make([]float64, nIn)
	for b.Loop() {
		ExprelSlice(dst, inExprel[:])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nIn), "ns/elem")
	sink = dst[0]
}

func BenchmarkExprelLoop(b *testing.B) {
	dst := make([]float64, nIn)
	for b.Loop() {
		for j, x := range inExprel {
			dst[j] = Exprel(x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nIn), "ns/elem")
	sink = dst[0]
}

func BenchmarkExpSlice(b *testing.B) {
	dst := make([]float64, nIn)
	for b.Loop() {
		ExpSlice(dst, inExp[:])
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nIn), "ns/elem")
	sink = dst[0]
}

func BenchmarkExpLoop(b *testing.B) {
	dst := make([]float64, nIn)
	for b.Loop() {
		for j, x := range inExp {
			dst[j] = Exp(x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nIn), "ns/elem")
	sink = dst[0]
}
