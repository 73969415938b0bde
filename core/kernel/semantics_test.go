package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

var negZero = math.Copysign(0, -1)

// pyDivMod holds x, y, x // y and x % y as CPython 3.11 computes them.
var pyDivMod = [][4]float64{
	{7.0, 2.0, 3.0, 1.0},
	{7.0, -2.0, -4.0, -1.0},
	{7.0, 0.1, 69.0, 0.09999999999999962},
	{7.0, -0.1, -70.0, -3.885780586188048e-16},
	{7.0, 3.0, 2.0, 1.0},
	{7.0, -3.0, -3.0, -2.0},
	{7.0, 0.7, 10.0, 4.440892098500626e-16},
	{7.0, math.Inf(1), 0.0, 7.0},
	{7.0, math.Inf(-1), -1.0, math.Inf(-1)},
	{-7.0, 2.0, -4.0, 1.0},
	{-7.0, -2.0, 3.0, -1.0},
	{-7.0, 0.1, -70.0, 3.885780586188048e-16},
	{-7.0, -0.1, 69.0, -0.09999999999999962},
	{-7.0, 3.0, -3.0, 2.0},
	{-7.0, -3.0, 2.0, -1.0},
	{-7.0, 0.7, -11.0, 0.6999999999999995},
	{-7.0, math.Inf(1), -1.0, math.Inf(1)},
	{-7.0, math.Inf(-1), 0.0, -7.0},
	{7.5, 2.0, 3.0, 1.5},
	{7.5, -2.0, -4.0, -0.5},
	{7.5, 0.1, 74.0, 0.09999999999999959},
	{7.5, -0.1, -75.0, -4.163336342344337e-16},
	{7.5, 3.0, 2.0, 1.5},
	{7.5, -3.0, -3.0, -1.5},
	{7.5, 0.7, 10.0, 0.5000000000000004},
	{7.5, math.Inf(1), 0.0, 7.5},
	{7.5, math.Inf(-1), -1.0, math.Inf(-1)},
	{-7.5, 2.0, -4.0, 0.5},
	{-7.5, -2.0, 3.0, -1.5},
	{-7.5, 0.1, -75.0, 4.163336342344337e-16},
	{-7.5, -0.1, 74.0, -0.09999999999999959},
	{-7.5, 3.0, -3.0, 1.5},
	{-7.5, -3.0, 2.0, -1.5},
	{-7.5, 0.7, -11.0, 0.1999999999999995},
	{-7.5, math.Inf(1), -1.0, math.Inf(1)},
	{-7.5, math.Inf(-1), 0.0, -7.5},
	{0.0, 2.0, 0.0, 0.0},
	{0.0, -2.0, negZero, negZero},
	{0.0, 0.1, 0.0, 0.0},
	{0.0, -0.1, negZero, negZero},
	{0.0, 3.0, 0.0, 0.0},
	{0.0, -3.0, negZero, negZero},
	{0.0, 0.7, 0.0, 0.0},
	{0.0, math.Inf(1), 0.0, 0.0},
	{0.0, math.Inf(-1), negZero, negZero},
	{negZero, 2.0, negZero, 0.0},
	{negZero, -2.0, 0.0, negZero},
	{negZero, 0.1, negZero, 0.0},
	{negZero, -0.1, 0.0, negZero},
	{negZero, 3.0, negZero, 0.0},
	{negZero, -3.0, 0.0, negZero},
	{negZero, 0.7, negZero, 0.0},
	{negZero, math.Inf(1), negZero, 0.0},
	{negZero, math.Inf(-1), 0.0, negZero},
	{1.0, 2.0, 0.0, 1.0},
	{1.0, -2.0, -1.0, -1.0},
	{1.0, 0.1, 9.0, 0.09999999999999995},
	{1.0, -0.1, -10.0, -5.551115123125783e-17},
	{1.0, 3.0, 0.0, 1.0},
	{1.0, -3.0, -1.0, -2.0},
	{1.0, 0.7, 1.0, 0.30000000000000004},
	{1.0, math.Inf(1), 0.0, 1.0},
	{1.0, math.Inf(-1), -1.0, math.Inf(-1)},
	{-1.0, 2.0, -1.0, 1.0},
	{-1.0, -2.0, 0.0, -1.0},
	{-1.0, 0.1, -10.0, 5.551115123125783e-17},
	{-1.0, -0.1, 9.0, -0.09999999999999995},
	{-1.0, 3.0, -1.0, 2.0},
	{-1.0, -3.0, 0.0, -1.0},
	{-1.0, 0.7, -2.0, 0.3999999999999999},
	{-1.0, math.Inf(1), -1.0, math.Inf(1)},
	{-1.0, math.Inf(-1), 0.0, -1.0},
	{2.5, 2.0, 1.0, 0.5},
	{2.5, -2.0, -2.0, -1.5},
	{2.5, 0.1, 24.0, 0.09999999999999987},
	{2.5, -0.1, -25.0, -1.3877787807814457e-16},
	{2.5, 3.0, 0.0, 2.5},
	{2.5, -3.0, -1.0, -0.5},
	{2.5, 0.7, 3.0, 0.40000000000000013},
	{2.5, math.Inf(1), 0.0, 2.5},
	{2.5, math.Inf(-1), -1.0, math.Inf(-1)},
	{-2.5, 2.0, -2.0, 1.5},
	{-2.5, -2.0, 1.0, -0.5},
	{-2.5, 0.1, -25.0, 1.3877787807814457e-16},
	{-2.5, -0.1, 24.0, -0.09999999999999987},
	{-2.5, 3.0, -1.0, 0.5},
	{-2.5, -3.0, 0.0, -2.5},
	{-2.5, 0.7, -4.0, 0.2999999999999998},
	{-2.5, math.Inf(1), -1.0, math.Inf(1)},
	{-2.5, math.Inf(-1), 0.0, -2.5},
	{1e-20, 2.0, 0.0, 1e-20},
	{1e-20, -2.0, -1.0, -2.0},
	{1e-20, 0.1, 0.0, 1e-20},
	{1e-20, -0.1, -1.0, -0.1},
	{1e-20, 3.0, 0.0, 1e-20},
	{1e-20, -3.0, -1.0, -3.0},
	{1e-20, 0.7, 0.0, 1e-20},
	{1e-20, math.Inf(1), 0.0, 1e-20},
	{1e-20, math.Inf(-1), -1.0, math.Inf(-1)},
	{-1e-20, 2.0, -1.0, 2.0},
	{-1e-20, -2.0, 0.0, -1e-20},
	{-1e-20, 0.1, -1.0, 0.1},
	{-1e-20, -0.1, 0.0, -1e-20},
	{-1e-20, 3.0, -1.0, 3.0},
	{-1e-20, -3.0, 0.0, -1e-20},
	{-1e-20, 0.7, -1.0, 0.7},
	{-1e-20, math.Inf(1), -1.0, math.Inf(1)},
	{-1e-20, math.Inf(-1), 0.0, -1e-20},
	{0.1, 2.0, 0.0, 0.1},
	{0.1, -2.0, -1.0, -1.9},
	{0.1, 0.1, 1.0, 0.0},
	{0.1, -0.1, -1.0, negZero},
	{0.1, 3.0, 0.0, 0.1},
	{0.1, -3.0, -1.0, -2.9},
	{0.1, 0.7, 0.0, 0.1},
	{0.1, math.Inf(1), 0.0, 0.1},
	{0.1, math.Inf(-1), -1.0, math.Inf(-1)},
	{3.0, 2.0, 1.0, 1.0},
	{3.0, -2.0, -2.0, -1.0},
	{3.0, 0.1, 29.0, 0.09999999999999984},
	{3.0, -0.1, -30.0, -1.6653345369377348e-16},
	{3.0, 3.0, 1.0, 0.0},
	{3.0, -3.0, -1.0, negZero},
	{3.0, 0.7, 4.0, 0.20000000000000018},
	{3.0, math.Inf(1), 0.0, 3.0},
	{3.0, math.Inf(-1), -1.0, math.Inf(-1)},
	{1e+16, 2.0, 5000000000000000.0, 0.0},
	{1e+16, -2.0, -5000000000000000.0, negZero},
	{1e+16, 0.1, 1e+17, 0.04488848768742176},
	{1e+16, -0.1, -1e+17, -0.05511151231257824},
	{1e+16, 3.0, 3333333333333333.0, 1.0},
	{1e+16, -3.0, -3333333333333335.0, -2.0},
	{1e+16, 0.7, 1.4285714285714286e+16, 0.4344131569286609},
	{1e+16, math.Inf(1), 0.0, 1e+16},
	{1e+16, math.Inf(-1), -1.0, math.Inf(-1)},
	{-1e+16, 2.0, -5000000000000000.0, 0.0},
	{-1e+16, -2.0, 5000000000000000.0, negZero},
	{-1e+16, 0.1, -1e+17, 0.05511151231257824},
	{-1e+16, -0.1, 1e+17, -0.04488848768742176},
	{-1e+16, 3.0, -3333333333333335.0, 2.0},
	{-1e+16, -3.0, 3333333333333333.0, -1.0},
	{-1e+16, 0.7, -1.4285714285714288e+16, 0.26558684307133906},
	{-1e+16, math.Inf(1), -1.0, math.Inf(1)},
	{-1e+16, math.Inf(-1), 0.0, -1e+16},
}

func sameBits(a, b float64) bool {
	return math.Float64bits(a) == math.Float64bits(b) || (a != a && b != b)
}

func TestFloorDivModMatchPython(t *testing.T) {
	for _, r := range pyDivMod {
		x, y := r[0], r[1]
		if got := pyFloorDiv(x, y); !sameBits(got, r[2]) {
			t.Errorf("%g // %g = %g, Python says %g", x, y, got, r[2])
		}
		if got := pyMod(x, y); !sameBits(got, r[3]) {
			t.Errorf("%g %% %g = %g, Python says %g", x, y, got, r[3])
		}
	}
}

func TestScalarSemantics(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"int(-2.7)", eval1(iInt, -2.7), -2},
		{"int(2.7)", eval1(iInt, 2.7), 2},
		{"int(-0.5)", eval1(iInt, -0.5), negZero},
		{"sign(-3)", eval1(iSign, -3), -1},
		{"sign(3)", eval1(iSign, 3), 1},
		{"sign(0)", eval1(iSign, 0), 0},
		{"sign(-0)", eval1(iSign, negZero), negZero},
		{"sign(nan)", eval1(iSign, nan), nan},
		{"clip(5, 0, 1)", clip(5, 0, 1), 1},
		{"clip(-5, 0, 1)", clip(-5, 0, 1), 0},
		{"clip(0.5, 0, 1)", clip(0.5, 0, 1), 0.5},
		{"clip(nan, 0, 1)", clip(nan, 0, 1), nan},
		{"exprel(0)", eval1(iExprel, 0), 1},
		{"exprel(1e-17)", eval1(iExprel, 1e-17), 1},
		{"exprel(-1e-300)", eval1(iExprel, -1e-300), 1},
		{"exprel(800)", eval1(iExprel, 800), math.Inf(1)},
		{"exprel(-inf)", eval1(iExprel, math.Inf(-1)), 0},
		{"not 0", eval1(iNot, 0), 1},
		{"not -0", eval1(iNot, negZero), 1},
		{"not 2", eval1(iNot, 2), 0},
		{"not nan", eval1(iNot, nan), 0},
		{"2 and 0", eval2(iAnd, 2, 0), 0},
		{"2 and -1", eval2(iAnd, 2, -1), 1},
		{"nan and 1", eval2(iAnd, nan, 1), 1},
		{"0 or 0", eval2(iOr, 0, 0), 0},
		{"0 or 3", eval2(iOr, 0, 3), 1},
		{"1 < 2", eval2(iLt, 1, 2), 1},
		{"2 <= 2", eval2(iLe, 2, 2), 1},
		{"1 > 2", eval2(iGt, 1, 2), 0},
		{"nan >= nan", eval2(iGe, nan, nan), 0},
		{"nan == nan", eval2(iEq, nan, nan), 0},
		{"nan != nan", eval2(iNe, nan, nan), 1},
		{"0 == -0", eval2(iEq, 0, negZero), 1},
		{"timestep(0.3e-3, 0.1e-3)", eval2(iTimestep, 0.3e-3, 0.1e-3), 3},
		{"timestep(0.2998e-3, 0.1e-3)", eval2(iTimestep, 0.2998e-3, 0.1e-3), 2},
		{"2**0.5", eval2(iPow, 2, 0.5), math.Sqrt2},
	}
	for _, tt := range tests {
		if !sameBits(tt.got, tt.want) {
			t.Errorf("%s = %v, want %v", tt.name, tt.got, tt.want)
		}
	}
	// exprel near 0 against its series 1 + x/2 + x²/6
	for _, x := range []float64{1e-15, -1e-15, 1e-10, -1e-10, 1e-6, -1e-6, 1, -1} {
		want := 1 + x/2 + x*x/6 + x*x*x/24
		if x == 1 || x == -1 {
			want = (math.Exp(x) - 1) / x
		}
		if got := eval1(iExprel, x); math.Abs(got-want) > 1e-15 {
			t.Errorf("exprel(%g) = %.17g, want %.17g", x, got, want)
		}
	}
}

// TestPowiMatchesPow checks that the multiplied-out integer powers give
// fnPow's bits, including near overflow and underflow.
func TestPowiMatchesPow(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := []float64{0, negZero, 1, -1, 2, -2, 0.5, math.Inf(1), math.Inf(-1), math.NaN(),
		1e-300, -1e-300, 1e300, 1e-160, 1e160, 1e-110, 5e-324, 1e-103, 1e-77, 1e77}
	for i := 0; i < 20000; i++ {
		xs = append(xs, (r.Float64()*2-1)*math.Pow(10, float64(r.IntN(40)-20)))
	}
	for _, x := range xs {
		for _, n := range []int{2, 3, 4, 5, 7, 8, -1, -2, -3, 13, 64, -64} {
			want := fnPow(x, float64(n))
			got := powi(x, n)
			switch n {
			case 2:
				got = powi2(x)
			case 3:
				got = powi3(x)
			case 4:
				got = powi4(x)
			}
			if !sameBits(got, want) {
				t.Fatalf("%g**%d = %g, pow gives %g", x, n, got, want)
			}
		}
	}
}

// TestTimedArrayBrian2 replays the examples of Brian2 2.5.1's TimedArray
// docstring, with the group's clock at 0.1 ms.
func TestTimedArrayBrian2(t *testing.T) {
	const ms, mV = 1e-3, 1e-3
	ta, err := NewTimedArray("ta", []float64{1 * mV, 2 * mV, 3 * mV, 4 * mV}, 0.1*ms, 0.1*ms)
	if err != nil {
		t.Fatal(err)
	}
	if got := ta.At(0.3 * ms); got != 4*mV {
		t.Errorf("ta(0.3 ms) = %g, want 4 mV", got)
	}
	want := []float64{1, 2, 3, 4, 4, 4, 4, 4, 4, 4}
	for step, w := range want {
		tt := float64(step) * 0.1 * ms
		if got := ta.At(tt); got != w*mV {
			t.Errorf("ta(step %d) = %g, want %g mV", step, got, w)
		}
	}
	if got := ta.At(-1); got != 1*mV {
		t.Errorf("ta(-1 s) = %g, want the first value", got)
	}
	ta2, err := NewTimedArray2D("ta2d", []float64{1, 2, 3, 4, 5, 6}, 3, 2, 0.1*ms, 0.1*ms)
	if err != nil {
		t.Fatal(err)
	}
	// G = NeuronGroup(4, 'v = ta2d(t, i%2)'): at t = 0 and 0.1 ms, [1 3] and [2 4] for i = 0 and 1.
	for step, row := range [][]float64{{1, 2, 1, 2}, {3, 4, 3, 4}} {
		for i, w := range row {
			if got := ta2.At2(float64(step)*0.1*ms, float64(i%2)); got != w {
				t.Errorf("ta2d(step %d, %d) = %g, want %g", step, i%2, got, w)
			}
		}
	}
	if got := ta2.At2(0, 2); !math.IsNaN(got) {
		t.Errorf("ta2d(0, 2) = %g, want NaN", got)
	}
	// a TimedArray sampled more coarsely than the clock: dt 1 ms, clock 0.1 ms
	ta3, _ := NewTimedArray("ta3", []float64{10, 20, 30}, 1*ms, 0.1*ms)
	for step, w := range []float64{10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 20, 20} {
		// K = 128: t is rounded to the nearest dt/K, then truncated to a sample
		if got := ta3.At(float64(step) * 0.1 * ms); got != w {
			t.Errorf("ta3(step %d) = %g, want %g", step, got, w)
		}
	}
	if ta3.k != 128 {
		t.Errorf("K = %g, want 128", ta3.k)
	}
}
