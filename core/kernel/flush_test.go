package kernel

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// subnormal reports whether x is a subnormal number.
func subnormal(x float64) bool { return x != 0 && math.Abs(x) < MinNormal }

// TestFlushEvery runs kernels whose stores sink into subnormal numbers for
// many calls, one per step as a simulation runs them, and compares every
// call with the reference: the calls that check (those of the steps
// FlushStep picks: 0, FlushEvery, 2*FlushEvery ...) flush what they store,
// the others store subnormal numbers as computed. It also checks the
// property the scheme exists for: a value never stays subnormal for
// FlushEvery calls.
func TestFlushEvery(t *testing.T) {
	tests := []struct{ name, code string }{
		{"decay", "v *= 0.5"},
		{"decay into another column", "w = v*0.25; v *= 0.5"},
		{"chain with decays (exponential synapses)", "v = v*0.5 + x*0.25 + y*0.125; x *= 0.5; y *= 0.25"},
		{"heavy function", "v = v*exp(-0.7)"},
		{"temporary then store", "_a = v*0.5; v = _a; w = _a*0.5 + v"},
		{"scatter beside", "v *= 0.5; g[post] += v*0.5"},
		{"blend held by a mask", "v = (v*0.5)*int(m > 0.3) + (1 - int(m > 0.3))*v"},
	}
	const n, calls = 600, 3*FlushEvery + 5
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ek, er := fixture(n, 7), fixture(n, 7)
			for _, e := range []*env{ek, er} {
				// values that reach the subnormal range after 980 to 1 000
				// halvings, some during the calls, none at the first
				for _, name := range []string{"v", "w", "x", "y", "g"} {
					d := e.cols[name].Data
					for i := range d {
						d[i] = math.Ldexp(1+float64(i%7)/8, -880-i%40)
						if i%3 == 0 {
							d[i] = -d[i]
						}
					}
				}
			}
			k, err := Compile(ek.parse(t, tc.code))
			if err != nil {
				t.Fatal(err)
			}
			stmts := er.parse(t, tc.code)
			sawSub, lastFlush := false, 0
			since := map[string][]int{} // calls each element has been subnormal
			for c := 0; c < calls; c++ {
				checked := FlushStep(int64(c), 1)
				k.RunFlush(0, n, nil, checked)
				refRunFlush(stmts, iotaN(0, n), nil, checked)
				if checked {
					lastFlush = c
				}
				for name, col := range ek.cols {
					want := er.cols[name].Data
					if since[name] == nil {
						since[name] = make([]int, len(col.Data))
					}
					for j, got := range col.Data {
						if !sameBits(got, want[j]) {
							t.Fatalf("call %d (checked %v): %s[%d] = %v, reference %v", c, checked, name, j, got, want[j])
						}
						if subnormal(got) {
							sawSub = true
							if checked && name != "g" {
								t.Fatalf("call %d checks its stores, but %s[%d] = %v", c, name, j, got)
							}
							since[name][j]++
							if since[name][j] >= FlushEvery {
								t.Fatalf("%s[%d] subnormal for %d calls", name, j, since[name][j])
							}
						} else {
							since[name][j] = 0
						}
					}
				}
			}
			if !sawSub {
				t.Errorf("no subnormal number appeared in %d calls: the test does not test the unchecked runs", calls)
			}
			if lastFlush != (calls-1)/FlushEvery*FlushEvery {
				t.Errorf("last checked call %d", lastFlush)
			}
		})
	}
}

// TestFlushIndexRuns: index runs always check their stores.
func TestFlushIndexRuns(t *testing.T) {
	e := fixture(300, 3)
	v := e.cols["v"].Data
	for i := range v {
		v[i] = math.Ldexp(1, -1020) * float64(i%5+1)
	}
	k, err := Compile(e.parse(t, "v *= 0.25"))
	if err != nil {
		t.Fatal(err)
	}
	k.RunFlush(0, 300, nil, false)
	idx := []int32{3, 17, 42, 250}
	for c := 0; c < 5; c++ {
		k.RunIndices(idx, nil)
		for _, i := range idx {
			if subnormal(v[i]) {
				t.Fatalf("index run %d left v[%d] = %v", c, i, v[i])
			}
		}
	}
}

// TestFlushStep checks the rule of FlushStep for clocks of several
// periods: every clock checks at step 0, one of period 1 exactly at the
// multiples of FlushEvery, one of period FlushEvery or more on every run,
// and no clock goes more than FlushEvery+every-1 steps between checks.
func TestFlushStep(t *testing.T) {
	tests := []struct {
		step, every int64
		want        bool
	}{
		{0, 1, true}, {1, 1, false}, {63, 1, false}, {64, 1, true}, {6400, 1, true}, {6401, 1, false},
		{0, 3, true}, {3, 3, false}, {63, 3, false}, {66, 3, true}, {69, 3, false}, {129, 3, true},
		{0, 10, true}, {60, 10, false}, {70, 10, true},
		{64, 64, true}, {128, 64, true}, {100, 100, true}, {7, 7, false},
		{5, 0, false}, {128, 0, true}, // a period below 1 counts as 1
	}
	for _, tc := range tests {
		if got := FlushStep(tc.step, tc.every); got != tc.want {
			t.Errorf("FlushStep(%d, %d) = %v, want %v", tc.step, tc.every, got, tc.want)
		}
	}
	for every := int64(1); every <= 3*FlushEvery; every++ {
		last := int64(-1)
		for s := int64(0); s < 20*FlushEvery; s += every {
			if !FlushStep(s, every) {
				continue
			}
			if last < 0 && s != 0 {
				t.Fatalf("every %d: first check at step %d", every, s)
			}
			if last >= 0 && s-last > FlushEvery+every-1 {
				t.Fatalf("every %d: checks at steps %d and %d", every, last, s)
			}
			last = s
		}
	}
}

// TestFlushClones: clones that run the chunks of a range between them
// (boundaries multiples of BlockSize), whichever clone takes which chunk
// at each step, told the same step's flag, give the bits of one kernel
// over the whole range.
func TestFlushClones(t *testing.T) {
	const n = 5*BlockSize + 77
	code := "v = v*0.5 + x*0.25; x *= 0.5; w = exp(v*0.1)"
	init := func(e *env) {
		for _, name := range []string{"v", "x"} {
			d := e.cols[name].Data
			for i := range d {
				d[i] = math.Ldexp(1.5, -900-i%60)
			}
		}
	}
	ea, eb := fixture(n, 5), fixture(n, 5)
	init(ea)
	init(eb)
	ka, err := Compile(ea.parse(t, code))
	if err != nil {
		t.Fatal(err)
	}
	kb, err := Compile(eb.parse(t, code))
	if err != nil {
		t.Fatal(err)
	}
	for c := 0; c < 10; c++ { // the clones start mid-period
		ka.RunFlush(0, n, nil, FlushStep(int64(c), 1))
		kb.RunFlush(0, n, nil, FlushStep(int64(c), 1))
	}
	clones := []*Kernel{kb, kb.Clone(), kb.Clone()}
	bounds := []int{0, BlockSize, 3 * BlockSize, 4 * BlockSize, n}
	r := rand.New(rand.NewPCG(1, 1))
	sawSub := false
	for c := 10; c < 2*FlushEvery+13; c++ {
		flush := FlushStep(int64(c), 1)
		ka.RunFlush(0, n, nil, flush)
		for _, p := range r.Perm(len(bounds) - 1) { // chunks in any order, by any clone
			clones[r.IntN(len(clones))].RunFlush(bounds[p], bounds[p+1], nil, flush)
		}
		for name, col := range ea.cols {
			for j, x := range col.Data {
				sawSub = sawSub || subnormal(x)
				if y := eb.cols[name].Data[j]; !sameBits(x, y) {
					t.Fatalf("call %d: %s[%d] = %v whole, %v in chunks", c, name, j, x, y)
				}
			}
		}
	}
	if !sawSub {
		t.Error("no subnormal number appeared")
	}
}

// TestRandomProgramsUnchecked runs the random programs of
// TestRandomPrograms as range runs that do not check their stores.
func TestRandomProgramsUnchecked(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(13, 14))}
	count := 200
	if testing.Short() {
		count = 50
	}
	for i := 0; i < count; i++ {
		code := g.program()
		for _, n := range []int{1, 257, 600} {
			ek, er := fixture(n, uint64(i)), fixture(n, uint64(i))
			k, err := Compile(ek.parse(t, code))
			if err != nil {
				if strings.Contains(err.Error(), "both element by element and through an index") {
					continue
				}
				t.Fatalf("%s: %v", code, err)
			}
			sr := er.parse(t, code)
			rk, rr := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
			k.RunFlush(0, n, rk, false)
			refRunFlush(sr, iotaN(0, n), rr, false)
			for name, c := range ek.cols {
				want := er.cols[name].Data
				for j, got := range c.Data {
					if !sameBits(got, want[j]) {
						t.Fatalf("%s\nn=%d: %s[%d] = %v, reference %v\n%s", code, n, name, j, got, want[j], k)
					}
				}
			}
		}
	}
}

// TestFlushGrownColumns: whether a range run checks depends on the call
// alone, over columns grown after compiling too: Run flushes every element
// on every call, RunFlush(false) stores subnormal numbers as computed.
func TestFlushGrownColumns(t *testing.T) {
	e := newEnv()
	v := e.vec("v", make([]float64, BlockSize))
	k, err := Compile(e.parse(t, "v *= 0.5"))
	if err != nil {
		t.Fatal(err)
	}
	v.Data = make([]float64, 3*BlockSize)
	for i := range v.Data {
		v.Data[i] = math.Ldexp(1, -1000-i%30)
	}
	sawSub := false
	for c := 1; c <= 60; c++ {
		k.RunFlush(0, len(v.Data), nil, false)
		for _, x := range v.Data {
			sawSub = sawSub || subnormal(x)
		}
		k.Run(0, len(v.Data), nil)
		for i, x := range v.Data {
			if subnormal(x) {
				t.Fatalf("run %d: Run left v[%d] = %v", c, i, x)
			}
		}
	}
	if !sawSub {
		t.Error("the unchecked runs never stored a subnormal number")
	}
}

// TestExprelBlock: the exprel operations, which call fnExprelSlice once per
// block, give fnExprel's bits element by element, in place or not.
func TestExprelBlock(t *testing.T) {
	const n = 1000
	r := rand.New(rand.NewPCG(8, 9))
	special := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e-17, 716, 718, -800, 0.3, -1.2}
	for _, code := range []string{"v = exprel(x)", "v = exprel(x*3)", "x = exprel(x)", "v = exprel(x*0.1) + exprel(y)"} {
		e := fixture(n, 4)
		for _, name := range []string{"x", "y"} {
			d := e.cols[name].Data
			for i := range d {
				d[i] = (r.Float64()*2 - 1) * []float64{1e-9, 0.5, 5, 50, 300}[i%5]
				if i%17 == 0 {
					d[i] = special[(i/17)%len(special)]
				}
			}
		}
		x0 := append([]float64(nil), e.cols["x"].Data...)
		y0 := append([]float64(nil), e.cols["y"].Data...)
		k, err := Compile(e.parse(t, code))
		if err != nil {
			t.Fatal(err)
		}
		k.Run(0, n, nil)
		for i := range n {
			var want float64
			switch code {
			case "v = exprel(x)", "x = exprel(x)":
				want = fnExprel(x0[i])
			case "v = exprel(x*3)":
				want = fnExprel(x0[i] * 3)
			default:
				want = fnExprel(x0[i]*0.1) + fnExprel(y0[i])
			}
			col := "v"
			if code == "x = exprel(x)" {
				col = "x"
			}
			if got := e.cols[col].Data[i]; !sameBits(got, flush(want)) {
				t.Fatalf("%s: element %d (x = %v): %v, fnExprel %v\n%s", code, i, x0[i], got, want, k)
			}
		}
	}
}
