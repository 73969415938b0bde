package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// fixture makes the columns the test code uses, n elements each, filled
// from seed: v, w in (-1, 1); m, p in (0, 1); g, x, y, z; scalars s, t, dt,
// tau; index arrays post (with repeats) and perm (a permutation); constants
// El, taum; TimedArrays ta (1-D) and tb (2-D, 3 columns).
func fixture(n int, seed uint64) *env {
	r := rand.New(rand.NewPCG(seed, 99))
	e := newEnv()
	fill := func(name string, f func() float64) {
		d := make([]float64, n)
		for i := range d {
			d[i] = f()
		}
		e.vec(name, d)
	}
	sym := func() float64 { return r.Float64()*2 - 1 }
	unit := func() float64 { return r.Float64() }
	fill("v", sym)
	fill("w", sym)
	fill("m", unit)
	fill("p", unit)
	fill("g", sym)
	fill("x", sym)
	fill("y", sym)
	fill("z", sym)
	if n > 3 { // a few special values
		e.cols["v"].Data[0] = 0
		e.cols["v"].Data[1] = negZero
		e.cols["w"].Data[2] = 0.5
	}
	e.scalar("s", 0.75)
	e.scalar("t", 0.0123)
	e.scalar("dt", 1e-4)
	e.scalar("tau", 0.02)
	post := make([]int32, n)
	for i := range post {
		post[i] = int32(r.IntN(n))
	}
	e.index("post", post)
	perm := make([]int32, n)
	for i, p := range r.Perm(n) {
		perm[i] = int32(p)
	}
	e.index("perm", perm)
	e.consts["El"] = -0.049
	e.consts["taum"] = 0.02
	e.consts["taue"] = 0.005
	ta, _ := NewTimedArray("ta", []float64{1, 2, 3, 4, 5, 6, 7}, 0.002, 1e-4)
	e.tas["ta"] = ta
	tb, _ := NewTimedArray2D("tb", []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 4, 3, 0.005, 1e-4)
	e.tas["tb"] = tb
	return e
}

// runMode is one way of running a kernel over n elements.
type runMode struct {
	name  string
	elems func(n int, r *rand.Rand) []int32
	lo    func(n int) int // range runs: [lo, n)
	index bool
}

var runModes = []runMode{
	{name: "range", lo: func(int) int { return 0 }},
	{name: "range-from-3", lo: func(n int) int { return min(3, n) }},
	{name: "indices-sorted", index: true, elems: func(n int, r *rand.Rand) []int32 {
		var out []int32
		for i := 0; i < n; i++ {
			if r.IntN(3) > 0 {
				out = append(out, int32(i))
			}
		}
		return out
	}},
	{name: "indices-shuffled", index: true, elems: func(n int, r *rand.Rand) []int32 {
		out := make([]int32, n)
		for i, p := range r.Perm(n) {
			out[i] = int32(p)
		}
		return out
	}},
}

var sizes = []int{0, 1, 255, 256, 257, 1000}

// checkAgainstReference compiles code, runs it twice in every mode and size,
// and compares every column, bit for bit, and the generator's state with the
// reference interpreter.
func checkAgainstReference(t *testing.T, code string) {
	t.Helper()
	for _, n := range sizes {
		for _, mode := range runModes {
			ek, er := fixture(n, 7), fixture(n, 7)
			sk, sr := ek.parse(t, code), er.parse(t, code)
			k, err := Compile(sk)
			if err != nil {
				t.Fatalf("%s: %v", code, err)
			}
			rk, rr := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
			mr := rand.New(rand.NewPCG(uint64(n), 5))
			var elems []int32
			lo := 0
			if mode.index {
				elems = mode.elems(n, mr)
			} else {
				lo = mode.lo(n)
				elems = iotaN(lo, n)
			}
			for call := 0; call < 2; call++ {
				if mode.index {
					k.RunIndices(elems, rk)
				} else {
					k.Run(lo, n, rk)
				}
				refRun(sr, elems, rr)
			}
			for name, c := range ek.cols {
				want := er.cols[name].Data
				for i, got := range c.Data {
					if !sameBits(got, want[i]) {
						t.Fatalf("%s\nn=%d %s: %s[%d] = %v (%#x), reference %v (%#x)\n%s",
							code, n, mode.name, name, i, got, math.Float64bits(got), want[i], math.Float64bits(want[i]), k)
					}
				}
			}
			if a, b := rk.Uint64(), rr.Uint64(); a != b {
				t.Fatalf("%s\nn=%d %s: the generators differ after the run (draws out of order or missing)\n%s", code, n, mode.name, k)
			}
		}
	}
}

func TestOperatorsAgainstReference(t *testing.T) {
	var codes []string
	for _, op := range []string{"+", "-", "*", "/", "//", "%", "**", "<", "<=", ">", ">=", "==", "!=", "and", "or"} {
		codes = append(codes,
			fmt.Sprintf("x = v %s w", op),
			fmt.Sprintf("x = v %s 0.5", op),
			fmt.Sprintf("x = 0.5 %s w", op),
			fmt.Sprintf("x = (v %s s) + (s %s w)", op, op),
		)
	}
	for _, f := range []string{"exp", "log", "log10", "sqrt", "abs", "sign", "sin", "cos", "tan",
		"sinh", "cosh", "tanh", "arcsin", "arccos", "arctan", "expm1", "log1p", "exprel", "floor", "ceil", "int"} {
		codes = append(codes, fmt.Sprintf("x = %s(v*3)", f), fmt.Sprintf("x = %s(m)", f), fmt.Sprintf("x = %s(s) + v", f))
	}
	codes = append(codes,
		"x = -v", "x = not v", "x = not (v > 0)", "x = -(-v)",
		"x = clip(v, -0.5, 0.5)", "x = clip(v, w, 0.5)", "x = clip(v, -0.5, w)", "x = clip(v, w, m)",
		"x = clip(0.2, v, w)", "x = clip(0.2, v, 0.5)", "x = clip(0.2, -0.5, w)",
		"x = timestep(m, 0.1)", "x = timestep(t, m)", "x = timestep(m*0.01, dt)",
		"x = v**2", "x = v**3", "x = w**4", "x = v**5", "x = v**-2", "x = m**0.5", "x = v**1", "x = v**0",
		"x = m**p", "x = 2**v", "x = (v*1e-200)**2", "x = (v*1e200)**3",
		"x = i", "x = i*0.5 + v", "x = i % 3", "x = i // 7",
	)
	for _, code := range codes {
		t.Run(code, func(t *testing.T) { checkAgainstReference(t, code) })
	}
}

func TestFusedShapesAgainstReference(t *testing.T) {
	codes := []string{
		// chains
		"x = El + (v - El)*0.99 + w*0.01 + y*0.02",
		"x = 1 + v*2 + w*3 + y*4 + z*5 + m*6",
		"x = (v - 0.5)*2 + w - y*3",
		"x = 2 - (v + 1)*3 + w",
		"x = (2 - v)*3 + w*2 - y",
		"x = -v + w - y + 0.5 - z*2",
		"x = v*s + w*s + y",
		"x = s + v*2 + w",
		"x = v + w*2 + y*3 + 4",
		"x = (v*2 + 1) + w*3 + y",
		"x = (v*2 - 1) + w*3 - y*4",
		"x = (v + 0.5)*2 - 1",
		"x = 0.5 + (v - 0.2)*3",
		"x = (0.3 - v)*3 - 2",
		"x = v*exp(-dt/tau) + w*dt*exp(-dt/taue)*exprel((-1/taum + 1/taue)*dt)/taum + El*dt*exprel(-dt/taum)/taum",
		// multiply-adds
		"x = v*w + y", "x = y + v*w", "x = v*2 + y", "x = v*w + 2", "x = v*2 + 1",
		"x = v*w - y", "x = v*2 - y", "x = v*w - 2", "x = v*2 - 1",
		"x = y - v*w", "x = 2 - v*w", "x = y - v*2", "x = 2 - v*3",
		// affine products
		"x = (v - w)*y", "x = (v - 1)*2", "x = (1 - v)*2", "x = (v - w)*2", "x = (v - 2)*w", "x = (2 - v)*w",
		"x = (v + w)*y", "x = (v + 1)*2", "x = (1 + v)*w", "x = y*(v - w)", "x = 2*(v + 1)",
		"x = v*2*3", "x = v*w*3", "x = v*2*3*4", "x = v*2/3", "x = v*2*3/4", "x = v*2*3*4/5", "x = (v/3)*2",
		"x = v*dt*s*3/tau", "x = 2*v*s",
		"x = exp(v*2)", "x = exp(v/3)", "x = exp(v*2 + 1)", "x = exp(v*2 - 1)", "x = exp(1 + v*2)", "x = exprel(v*3)",
		// shared subexpressions
		"x = exp(v*2) + exp(v*2)*w; y = exp(v*2)",
		"x = (v - w)*(v - w) + (v - w)",
	}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) { checkAgainstReference(t, code) })
	}
}

func TestStatementsAgainstReference(t *testing.T) {
	codes := []string{
		// sequential semantics
		"v = v + 1; w = v*2",
		"v = v*0.5; v = v + w; x = v",
		"x += v; x *= 2; x -= w; x /= 3",
		// temporaries
		"_a = v + w; _b = _a*_a; x = _b - _a; _a = 3; y = _a*v",
		"_a = exp(-dt/tau); v = v*_a; w = w*_a",
		"_a = v; _a += 1; _a *= w; x = _a",
		// Brian2's parallel updates, with cycles
		"_v = v + m*w; _m = m + v*0.1; v = _v; m = _m",
		"_ge = g*exp(-dt/taue); _v = El + (v - El)*0.99 + g*0.01; g = _ge; v = _v",
		"_v = v + w*m + p; _w = w - v; _m = m*v; _p = p + m; v = _v; w = _w; m = _m; p = _p",
		// linear updates with decaying synapses (fused) and near misses
		"_v = El + (v - El)*0.99 + x*0.01 + y*0.02; _x = x*0.9; _y = y*0.8; v = _v; x = _x; y = _y",
		"_v = v*0.9 + x*0.1 + y*0.2 + z*0.3; v = _v; x = x*0.5; y = 0.6*y; z = z*s",
		"_v = El + (v - El)*0.99 + x*0.01; _x = x*0.9; _w = w + x; v = _v; x = _x; w = _w",
		"_v = El + (v - El)*0.99 + x*0.01 + y*0.02; _x = x*0.9; v = _v; x = _x",
		"_v = (v - El)*0.99 + x*0.01 + x*0.02; _x = x*0.9; v = _v; x = _x",
		"_v = v*0.99 + x*0.01 + y*w; _x = x*0.9; _y = y*0.5; v = _v; x = _x; y = _y",
		"_v = v*0.99 + x*0.01 + y*0.1; _x = x*w; _y = y*0.5; v = _v; x = _x; y = _y",
		"_v = v*0.99 + x*0.01 + y*0.1; _x = x*0.5; _y = y*0.5; v = _v; x = _x; y = _y; z = x + y",
		// values needed after their column is overwritten
		"_t = v; v = 5; x = _t",
		"_t = v*2; v = w; x = _t + v",
		"_t = v; v = v + 1; x = _t*v; y = _t",
		"x = v; v = 2*v; y = x + v",
		"v = v; w = 3; x = w",
		// scalar targets
		"s = s + 1; x = v*s",
		"x = v*s; s = s*2; y = w*s",
		"s = 2; s += t; x = s + v",
		"s = exp(-dt/tau) + rand(); x = v*s",
		// gathers and scatters
		"x = v[post] + w",
		"x = v[perm]*2 + v[post]",
		"g[post] += w",
		"g[post] -= w*2; y[perm] += 1",
		"g[post] *= 1.01; g[post] /= m + 1",
		"g[post] = v",
		"g[post] = 3",
		"g[post] += s",
		"x[post] += w; y = x[perm]",
		// random numbers
		"x = rand()",
		"x = v + rand(); y = randn()*0.1 + w",
		"x = rand() + rand()*2; y = randn() - rand()",
		"x = poisson(3.5)",
		"x = poisson(m*20) + poisson(0.1)",
		"x = poisson(25) + poisson(m*30 + 10)",
		"_r = rand(); x = v*2; y = _r",
		"_r = rand(); _q = randn()",
		"x = v + 1; _r = rand()*v; y = w + _r; z = rand()",
		// TimedArrays
		"x = ta(t) + v",
		"x = ta(t + m*0.01)",
		"x = tb(t, i % 3)",
		"x = tb(m*0.02, 1)",
		"x = tb(m*0.02, i % 4)",
		"x = tb(t, 1)*v",
		// constants only
		"x = 2 + 3*4",
		"x = exp(1) + s",
	}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) { checkAgainstReference(t, code) })
	}
}

func TestConditionsAgainstReference(t *testing.T) {
	codes := []string{
		"v > 0.5", "0.5 < v", "v > w", "v >= 0", "v <= w", "v == 0", "v != 0", "0 == v",
		"(v > 0.5) and (w < 0)", "not (v > 0)", "v", "rand() < m*0.3", "rand() < 0.1",
		"1 > 0", "0 > 1", "s > 0.5", "v*2 + w > 0.5", "v > s",
	}
	for _, code := range codes {
		t.Run(code, func(t *testing.T) {
			for _, n := range sizes {
				for _, mode := range runModes {
					e := fixture(n, 7)
					cond := e.expr(t, code)
					k, err := CompileCondition(cond)
					if err != nil {
						t.Fatal(err)
					}
					rk, rr := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
					mr := rand.New(rand.NewPCG(uint64(n), 5))
					var got []int32
					var elems []int32
					prefix := []int32{-7, -8} // Select appends
					if mode.index {
						elems = mode.elems(n, mr)
						got = k.SelectIndices(elems, rk, slices.Clone(prefix))
					} else {
						lo := mode.lo(n)
						elems = iotaN(lo, n)
						got = k.Select(lo, n, rk, slices.Clone(prefix))
					}
					want := append(slices.Clone(prefix), refSelect(cond, elems, rr)...)
					if !slices.Equal(got, want) {
						t.Fatalf("n=%d %s: got %v, want %v\n%s", n, mode.name, got, want, k)
					}
				}
			}
		})
	}
}

func TestCompileErrors(t *testing.T) {
	e := fixture(10, 1)
	tests := []struct {
		code, want string
	}{
		{"x = _nope + 1", "read before it is assigned"},
		{"_a += 1", "updated before it is assigned"},
		{"s = v + 1", "varies over elements"},
		{"s[post] = 1", "scalar column s written through index"},
		{"x = s[post]", "scalar column s read through index"},
		{"v = v + 1; x = v[post]", "both element by element and through an index"},
		{"x = exp(v, w)", "exp takes 1 argument"},
		{"x = clip(v, 1)", "clip takes 3 argument"},
		{"x = ta(t, 1)", "takes 1 argument"},
	}
	for _, tt := range tests {
		_, err := Compile(e.parse(t, tt.code))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one containing %q", tt.code, err, tt.want)
		}
	}
	if _, err := Compile([]Stmt{{Col: e.cols["x"]}}); err == nil {
		t.Errorf("a statement without a value compiled")
	}
	if _, err := CompileCondition(nil); err == nil {
		t.Errorf("a nil condition compiled")
	}
}
