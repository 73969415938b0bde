package kernel

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestPerfTable prints the kernels' speed against the hand-written loops,
// measured in interleaved short rounds and keeping each variant's fastest
// round: robust on a busy machine, where go test -bench's averages are not.
// It runs only with KERNEL_PERF set: 1 for every model, or a prefix of the
// models' names (KERNEL_PERF=HH); KERNEL_PERF_ROUNDS sets the rounds:
//
//	KERNEL_PERF=1 go test -count=1 -run PerfTable -v ./core/kernel/
func TestPerfTable(t *testing.T) {
	if os.Getenv("KERNEL_PERF") == "" {
		t.Skip("set KERNEL_PERF=1 to measure")
	}
	rounds := 30
	if r, err := strconv.Atoi(os.Getenv("KERNEL_PERF_ROUNDS")); err == nil {
		rounds = r
	}
	type variant struct {
		name string
		step func()
		n    int
	}
	type pair struct {
		name     string
		variants []variant
	}
	lif := func(n int) pair {
		s := newLIF(n)
		k, err := Compile(s.env.parse(t, lifCode))
		if err != nil {
			t.Fatal(err)
		}
		s2 := newLIF(n)
		k2, err := Compile(s2.env.parse(t, lifIntegCode))
		if err != nil {
			t.Fatal(err)
		}
		return pair{fmt.Sprintf("LIF/N=%d", n), []variant{
			{"kernel", simSteps(k, n), n},
			{"hand", func() { lifHand(s.v, s.ge, s.gi, s.dt.Data[0]) }, n},
			{"hand-noflush", func() { lifHandNoFlush(s.v, s.ge, s.gi, s.dt.Data[0]) }, n},
			{"kernel-integ-form", simSteps(k2, n), n},
			{"hand-integ-form", func() { lifHandIntegForm(s2.v, s2.ge, s2.gi, s2.dt.Data[0]) }, n},
		}}
	}
	hh := func(n int) pair {
		s := newHH(n)
		k, err := Compile(s.env.parse(t, hhCode()))
		if err != nil {
			t.Fatal(err)
		}
		s2 := newHH(n)
		return pair{fmt.Sprintf("HH/N=%d", n), []variant{
			{"kernel", simSteps(k, n), n},
			{"hand", func() { hhHand(s2.v, s2.m, s2.n, s2.h, s2.ge, s2.gi, s2.dt.Data[0]) }, n},
		}}
	}
	decay := func() pair {
		const n = 4000
		mk := func(v float64) []float64 {
			d := make([]float64, n)
			for i := range d {
				d[i] = v
			}
			return d
		}
		x, y, z := mk(1), mk(1), mk(1e-310)
		e := newEnv()
		e.vec("x", x)
		k, err := Compile(e.parse(t, "x = x*0.999999"))
		if err != nil {
			t.Fatal(err)
		}
		scale := func(d []float64) {
			for i := range d {
				d[i] *= 0.999999
			}
		}
		return pair{"Decay/N=4000", []variant{
			{"kernel", simSteps(k, n), n},
			{"hand", func() {
				m := uint64(1<<64 - 1)
				for i, v := range y {
					r := v * 0.999999
					y[i] = r
					m = min(m, subKey(r))
				}
				if m < subLim {
					flushSlice(y)
				}
			}, n},
			{"hand-noflush", func() { scale(y) }, n},
			{"subnormal-noflush", func() { scale(z) }, n},
		}}
	}
	pairs := []pair{lif(4000), lif(1000000), hh(4000), decay()}
	filter := os.Getenv("KERNEL_PERF")
	for _, p := range pairs {
		if filter != "1" && !strings.HasPrefix(p.name, filter) {
			continue
		}
		best := map[string]float64{}
		for r := 0; r < rounds; r++ {
			for _, v := range p.variants {
				// about 2 ms per round
				reps := max(1, 2000000/(v.n*3))
				if strings.HasPrefix(p.name, "HH") {
					reps = max(1, reps/30)
				}
				v.step()
				t0 := time.Now()
				for i := 0; i < reps; i++ {
					v.step()
				}
				ns := float64(time.Since(t0).Nanoseconds()) / float64(reps)
				if b, ok := best[v.name]; !ok || ns < b {
					best[v.name] = ns
				}
			}
		}
		names := make([]string, 0, len(best))
		for n := range best {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			ratio := ""
			switch n {
			case "kernel":
				ratio = fmt.Sprintf("  kernel/hand = %.2f", best[n]/best["hand"])
			case "kernel-integ-form":
				ratio = fmt.Sprintf("  kernel/hand = %.2f", best[n]/best["hand-integ-form"])
			case "hand-noflush":
				ratio = fmt.Sprintf("  hand/hand-noflush = %.2f", best["hand"]/best[n])
			case "subnormal-noflush":
				ratio = fmt.Sprintf("  subnormal/normal = %.2f", best[n]/best["hand-noflush"])
			}
			t.Logf("%-12s %-18s %12.0f ns/op %7.2f ns/elem%s", p.name, n, best[n], best[n]/float64(p.variants[0].n), ratio)
		}
	}
}

// simSteps returns a function that runs k over [0, n) as a simulation's
// successive steps do: checking its stores on the steps FlushStep picks.
func simSteps(k *Kernel, n int) func() {
	step := int64(0)
	return func() {
		k.RunFlush(0, n, nil, FlushStep(step, 1))
		step++
	}
}
