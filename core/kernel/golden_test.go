package kernel

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from the golden file (go test -update rewrites it)\n--- got:\n%s\n--- want:\n%s", name, got, want)
	}
}

// TestDisassemblyGolden pins the compiled form of representative kernels:
// what is hoisted, how the shapes are fused, where results are flushed.
func TestDisassemblyGolden(t *testing.T) {
	var b strings.Builder
	add := func(title string, k *Kernel, err error) {
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		fmt.Fprintf(&b, "== %s\n%s\n", title, k)
	}
	l := newLIF(10)
	k, err := Compile(l.env.parse(t, lifCode))
	add("LIF, exact integration (CUBA)", k, err)
	l = newLIF(10)
	k, err = Compile(l.env.parse(t, lifIntegCode))
	add("LIF as core/integ writes it", k, err)
	h := newHH(10)
	k, err = Compile(h.env.parse(t, hhCode()))
	add("Hodgkin-Huxley, exponential Euler (COBAHH)", k, err)
	e := fixture(10, 1)
	k, err = Compile(e.parse(t, "g[post] += w*s"))
	add("spike delivery", k, err)
	k, err = Compile(e.parse(t, "v = -0.06; w += 0.001"))
	add("reset", k, err)
	k, err = Compile(e.parse(t, "s = s + dt; x = v + 0.1*randn()*sqrt(dt) + ta(t) + tb(t, i % 3); y = poisson(m*3)"))
	add("noise, TimedArrays and a scalar statement", k, err)
	k, err = CompileCondition(e.expr(t, "v > -0.05"))
	add("threshold", k, err)
	k, err = CompileCondition(e.expr(t, "rand() < m*dt*100"))
	add("Poisson spikes", k, err)
	golden(t, "disassembly.golden", b.String())
}

// Probes of fnExp: inputs where amd64's assembly math.Exp and the portable
// pure-Go algorithm (WebAssembly's math.Exp, core/fmath.Exp) differ in the
// last bit, with the portable results.
var expProbes = [][2]uint64{
	{0x3fd5e19f5ed82a80, 0x3ff685960378c52f},
	{0x4020629b6d5442a7, 0x40ac3c27f4b6bcb2},
	{0x401208f2b7615b0b, 0x4056b3a8e2786a9e},
}

// portableMath reports whether the functions of funcs.go give the
// portable bits here.
func portableMath() bool {
	for _, p := range expProbes {
		if math.Float64bits(fnExp(math.Float64frombits(p[0]))) != p[1] {
			return false
		}
	}
	return true
}

// noisyRun simulates 1000 noisy adaptive exponential neurons with
// synapses for 300 steps, through update, threshold, reset and spike
// delivery kernels, and hashes every bit of the state and the spikes.
func noisyRun(t *testing.T, seed uint64) string {
	const n, nsyn = 1000, 20000
	r := rand.New(rand.NewPCG(seed, 1))
	e := newEnv()
	col := func(name string, f func(i int) float64) *Column {
		d := make([]float64, n)
		for i := range d {
			d[i] = f(i)
		}
		return e.vec(name, d)
	}
	init := rand.New(rand.NewPCG(5, 6))
	v := col("v", func(int) float64 { return -0.07 + 0.02*init.Float64() })
	w := col("w", func(int) float64 { return 0 })
	I := col("I", func(int) float64 { return 0.8e-9 * init.Float64() })
	cnt := col("count", func(int) float64 { return 0 })
	wsyn := make([]float64, nsyn)
	post := make([]int32, nsyn)
	for k := range wsyn {
		wsyn[k] = 0.02e-9 * init.Float64()
		post[k] = int32(init.IntN(n))
	}
	e.vec("wsyn", wsyn)
	e.index("post", post)
	e.scalar("dt", 1e-4)
	e.scalar("t", 0)
	for name, val := range map[string]float64{"C": 281e-12, "gl": 30e-9, "El": -0.0706, "VT": -0.0504,
		"DeltaT": 0.002, "tauw": 0.144, "a": 4e-9, "b": 0.0805e-9, "Vr": -0.0706, "sigma": 0.002, "tauI": 0.005} {
		e.consts[name] = val
	}
	update, err := Compile(e.parse(t, `
_v = v + dt*(gl*(El - v) + gl*DeltaT*exp((v - VT)/DeltaT) - w + I)/C + sigma*sqrt(dt)*randn()
_w = w + dt*(a*(v - El) - w)/tauw
v = clip(_v, -0.1, 0.02)
w = _w
I = I*exp(-dt/tauI) + 0.03e-9*rand()
t = t + dt
`))
	if err != nil {
		t.Fatal(err)
	}
	thr, err := CompileCondition(e.expr(t, "v > -0.03"))
	if err != nil {
		t.Fatal(err)
	}
	reset, err := Compile(e.parse(t, "v = Vr; w += b; count += 1"))
	if err != nil {
		t.Fatal(err)
	}
	deliver, err := Compile(e.parse(t, "I[post] += wsyn*poisson(1.5)"))
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	var buf [8]byte
	spikes := make([]int32, 0, n)
	syns := make([]int32, 0, nsyn)
	total := 0
	for step := 0; step < 300; step++ {
		update.Run(0, n, r)
		spikes = thr.Select(0, n, r, spikes[:0])
		reset.RunIndices(spikes, r)
		// the synapses of the spiking neurons: synapse k belongs to neuron k % n
		syns = syns[:0]
		for _, i := range spikes {
			for k := int(i); k < nsyn; k += n {
				syns = append(syns, int32(k))
			}
		}
		sort.Slice(syns, func(a, b int) bool { return syns[a] < syns[b] })
		deliver.RunIndices(syns, r)
		for _, i := range spikes {
			binary.LittleEndian.PutUint32(buf[:4], uint32(i))
			h.Write(buf[:4])
		}
		total += len(spikes)
	}
	for _, c := range []*Column{v, w, I, cnt, e.cols["t"]} {
		for _, x := range c.Data {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(x))
			h.Write(buf[:])
		}
	}
	t.Logf("%d spikes", total)
	if total == 0 {
		t.Fatal("no spikes: the test exercises too little")
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestNoisyStateGolden checks that a noisy nonlinear network gives the same
// bits every time, on every platform: natively and in WebAssembly. The
// golden file holds the hash for portable functions (WebAssembly, and every
// platform once funcs.go calls core/fmath) and, while fnExp is still
// amd64's assembly math.Exp, the hash that gives there.
func TestNoisyStateGolden(t *testing.T) {
	got := noisyRun(t, 42)
	if again := noisyRun(t, 42); again != got {
		t.Fatalf("two runs with the same seed differ")
	}
	if other := noisyRun(t, 43); other == got {
		t.Fatalf("two seeds give the same state")
	}
	key := "portable"
	if !portableMath() {
		key = runtime.GOARCH + "-math"
	}
	path := filepath.Join("testdata", "noisy_state.golden")
	lines := map[string]string{}
	if data, err := os.ReadFile(path); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) == 2 && !strings.HasPrefix(l, "#") {
				lines[f[0]] = f[1]
			}
		}
	}
	if *update {
		lines[key] = got
		var b strings.Builder
		b.WriteString("# SHA-256 of the spikes and the final state of TestNoisyStateGolden's network.\n")
		b.WriteString("# portable: with portable math (WebAssembly; every platform once funcs.go calls core/fmath).\n")
		b.WriteString("# <arch>-math: natively on <arch> while fnExp is math.Exp (assembly, last bits differ).\n")
		keys := make([]string, 0, len(lines))
		for k := range lines {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s\n", k, lines[k])
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, ok := lines[key]
	if !ok {
		t.Skipf("no %s hash in %s: fnExp is not portable on %s yet (run -update here to record it)", key, path, runtime.GOARCH)
	}
	if got != want {
		t.Errorf("state hash %s, golden %s says %s", got, key, want)
	}
}
