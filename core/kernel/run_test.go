package kernel

import (
	"math"
	"math/rand/v2"
	"sync"
	"testing"
)

func TestZeroAllocations(t *testing.T) {
	const n = 1000
	e := fixture(n, 1)
	codes := []string{
		lifCode,
		"x = v + rand(); y = randn()*0.1 + w; z = poisson(m*20)",
		"g[post] += w; x = v[perm]*2",
		"s = s + 1; x = ta(t) + tb(t, i % 3)*v",
		"_t = v; v = 5; x = _t",
	}
	e.consts["taui"], e.consts["taue"], e.consts["taum"], e.consts["El"] = 0.01, 0.005, 0.02, -0.049
	e.vec("ge", make([]float64, n))
	e.vec("gi", make([]float64, n))
	r := rand.New(rand.NewPCG(1, 2))
	var idx []int32
	for i := 0; i < n; i += 3 {
		idx = append(idx, int32(i))
	}
	for _, code := range codes {
		k, err := Compile(e.parse(t, code))
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(50, func() { k.Run(0, n, r) }); a != 0 {
			t.Errorf("Run %q: %v allocations", code, a)
		}
		if a := testing.AllocsPerRun(50, func() { k.RunIndices(idx, r) }); a != 0 {
			t.Errorf("RunIndices %q: %v allocations", code, a)
		}
	}
	out := make([]int32, 0, n)
	for _, code := range []string{"v > 0", "rand() < m", "v*2 + w > 0.5", "1 > 0"} {
		k, err := CompileCondition(e.expr(t, code))
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(50, func() { out = k.Select(0, n, r, out[:0]) }); a != 0 {
			t.Errorf("Select %q: %v allocations", code, a)
		}
		if a := testing.AllocsPerRun(50, func() { out = k.SelectIndices(idx, r, out[:0]) }); a != 0 {
			t.Errorf("SelectIndices %q: %v allocations", code, a)
		}
	}
}

func TestSubnormalFlush(t *testing.T) {
	const n = 300
	sub := 1e-310
	if sub >= MinNormal || sub == 0 {
		t.Fatal("1e-310 should be subnormal")
	}
	e := fixture(n, 1)
	for i := range e.cols["x"].Data {
		e.cols["x"].Data[i] = MinNormal * float64(1+i%4) // normal, halves into subnormals
		e.cols["y"].Data[i] = -MinNormal * 1.5
		e.cols["g"].Data[i] = 0
	}
	e.cols["s"].Data[0] = MinNormal
	post := e.idx["post"].Data
	for i := range post {
		post[i] = int32(i % 10)
	}
	for _, code := range []string{
		"x = x*0.5",                     // a generated operation
		"y = y/3",                       // another one, negative values
		"z = x*0.25 + y*0.25 + x*0.001", // a chain
		"w = 1e-310",                    // a constant
		"m = exp(-709.5)*i",             // exp is not fused into a store: checked after
		"g[post] += 1e-310",             // a scatter
		"s = s*0.25",                    // a scalar statement
		"_a = x*0.5; _b = y*0.5; x = _a; y = _b",
		"p = x**2", // integer power
	} {
		k, err := Compile(e.parse(t, code))
		if err != nil {
			t.Fatal(err)
		}
		k.Run(0, n, nil)
		for name, c := range e.cols {
			for i, v := range c.Data {
				if v != 0 && math.Abs(v) < MinNormal {
					t.Fatalf("%s: %s[%d] = %g is subnormal\n%s", code, name, i, v, k)
				}
			}
		}
	}
	if e.cols["x"].Data[0] != 0 || !math.Signbit(e.cols["y"].Data[0]) || e.cols["y"].Data[0] != 0 {
		t.Errorf("x = %g, y = %g: want 0 and -0", e.cols["x"].Data[0], e.cols["y"].Data[0])
	}
	// normal values pass unchanged, subnormal ones of RunIndices too
	k, _ := Compile(e.parse(t, "v = v*1e-308"))
	e.cols["v"].Data[5], e.cols["v"].Data[6] = 0.5, 3
	k.RunIndices([]int32{6, 5}, nil)
	f := 1e-308
	if want := 3 * f; e.cols["v"].Data[5] != 0 || e.cols["v"].Data[6] != want {
		t.Errorf("v[5], v[6] = %g, %g; want 0, 3e-308", e.cols["v"].Data[5], e.cols["v"].Data[6])
	}
}

func TestRandomNumbers(t *testing.T) {
	const n = 100000
	e := newEnv()
	x := e.vec("x", make([]float64, n))
	lam := e.scalar("lam", 0)
	k, err := Compile(e.parse(t, "x = rand()"))
	if err != nil {
		t.Fatal(err)
	}
	k.Run(0, n, rand.New(rand.NewPCG(1, 2)))
	mean, vari := moments(x.Data)
	for _, v := range x.Data {
		if v < 0 || v >= 1 {
			t.Fatalf("rand() = %g", v)
		}
	}
	se := math.Sqrt(1.0 / 12 / n)
	if math.Abs(mean-0.5) > 5*se || math.Abs(vari-1.0/12) > 0.005 {
		t.Errorf("rand(): mean %g, variance %g", mean, vari)
	}

	k, _ = Compile(e.parse(t, "x = randn()"))
	k.Run(0, n, rand.New(rand.NewPCG(3, 4)))
	mean, vari = moments(x.Data)
	tail := 0
	for _, v := range x.Data {
		if math.Abs(v) > zigR {
			tail++
		}
	}
	if math.Abs(mean) > 5/math.Sqrt(n) || math.Abs(vari-1) > 5*math.Sqrt(2.0/n) {
		t.Errorf("randn(): mean %g, variance %g", mean, vari)
	}
	// P(|x| > 3.4426) = 5.76e-4: 57.6 expected
	if tail < 25 || tail > 100 {
		t.Errorf("randn(): %d values beyond %g, want about 58", tail, zigR)
	}

	k, _ = Compile(e.parse(t, "x = poisson(lam)"))
	for _, l := range []float64{0, 1e-3, 0.7, 3.5, 9.99, 10, 25, 1000} {
		lam.Data[0] = l
		k.Run(0, n, rand.New(rand.NewPCG(5, uint64(l*100))))
		mean, vari = moments(x.Data)
		for _, v := range x.Data {
			if v < 0 || v != math.Trunc(v) {
				t.Fatalf("poisson(%g) = %g", l, v)
			}
		}
		se := math.Sqrt(l / n)
		if math.Abs(mean-l) > 5*se+1e-12 || math.Abs(vari-l) > 6*math.Sqrt((l+2*l*l)/n)+1e-12 {
			t.Errorf("poisson(%g): mean %g, variance %g", l, mean, vari)
		}
	}

	// the same seed gives the same numbers; another seed others
	k, _ = Compile(e.parse(t, "x = rand() + randn() + poisson(12)"))
	k.Run(0, n, rand.New(rand.NewPCG(7, 8)))
	a := append([]float64(nil), x.Data...)
	k.Run(0, n, rand.New(rand.NewPCG(7, 8)))
	for i := range a {
		if !sameBits(a[i], x.Data[i]) {
			t.Fatal("the same seed gave different numbers")
		}
	}
	k.Run(0, n, rand.New(rand.NewPCG(7, 9)))
	if a[0] == x.Data[0] && a[1] == x.Data[1] {
		t.Error("another seed gave the same numbers")
	}
}

func moments(d []float64) (mean, vari float64) {
	for _, v := range d {
		mean += v
	}
	mean /= float64(len(d))
	for _, v := range d {
		vari += (v - mean) * (v - mean)
	}
	return mean, vari / float64(len(d)-1)
}

func TestRunPanics(t *testing.T) {
	e := fixture(10, 1)
	k, _ := Compile(e.parse(t, "x = v + rand()"))
	c, _ := CompileCondition(e.expr(t, "v > 0"))
	for name, f := range map[string]func(){
		"nil generator":    func() { k.Run(0, 10, nil) },
		"short column":     func() { k.Run(0, 11, rand.New(rand.NewPCG(1, 1))) },
		"bad range":        func() { k.Run(5, 4, rand.New(rand.NewPCG(1, 1))) },
		"index too large":  func() { k.RunIndices([]int32{3, 10}, rand.New(rand.NewPCG(1, 1))) },
		"negative index":   func() { k.RunIndices([]int32{-1}, rand.New(rand.NewPCG(1, 1))) },
		"Run on condition": func() { c.Run(0, 10, nil) },
		"Select on block":  func() { k.Select(0, 10, nil, nil) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// TestClone runs clones of a kernel on disjoint ranges in parallel.
func TestClone(t *testing.T) {
	const n = 4096
	a, b := newLIF(n), newLIF(n)
	k, err := Compile(a.env.parse(t, lifCode))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for part := 0; part < 4; part++ {
		c := k.Clone()
		wg.Add(1)
		go func(lo, hi int) {
			defer wg.Done()
			for s := 0; s < 10; s++ {
				c.Run(lo, hi, nil)
			}
		}(part*n/4, (part+1)*n/4)
	}
	wg.Wait()
	for s := 0; s < 10; s++ {
		lifHand(b.v, b.ge, b.gi, b.dt.Data[0])
	}
	for i := range a.v {
		if !sameBits(a.v[i], b.v[i]) || !sameBits(a.ge[i], b.ge[i]) {
			t.Fatalf("element %d differs", i)
		}
	}
}
