package sim_test

import (
	"fmt"
	"math"
	"os"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/core/sim"
)

// The whole step of a LIF population, as the I–F curve runs it:
//
//	dv/dt = (I - v)/tau : 1 (unless refractory)
//	I : 1
//
// with I = 2.0*i/(N-1), tau 10 ms, threshold v > 1, reset v = 0,
// refractory 5 ms, method exact, dt 0.1 ms, and a SpikeMonitor on every
// neuron: state update, threshold, reset and monitor, everything a step
// of the network does. The inputs make the neurons fire at 0 to 84 Hz.
const (
	stepTau  = 10e-3
	stepRefr = 5e-3
	stepDt   = 1e-4
	// stepWarmUp is how many steps the benchmarks run before timing, past
	// the synchronous first spikes of the neurons that start at v = 0.
	stepWarmUp = 500
)

// stepNet builds the network of the step benchmarks; without refractory,
// the same without refractoriness.
func stepNet(tb testing.TB, n int, refractory bool) (*sim.Network, *sim.SpikeMonitor) {
	model, refr := "dv/dt = (I - v)/tau : 1 (unless refractory)\nI : 1", "5*ms"
	if !refractory {
		model, refr = "dv/dt = (I - v)/tau : 1\nI : 1", ""
	}
	net, err := sim.NewNetwork(stepDt, 1)
	if err != nil {
		tb.Fatal(err)
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: n,
		Model: model, Threshold: "v > 1", Reset: "v = 0", Refractory: refr, Method: "exact",
		Externals: constScope(map[string]string{"tau": "10*ms"})})
	if err != nil {
		tb.Fatal(err)
	}
	if err := g.Set("I", "2.0*i/(N-1)"); err != nil {
		tb.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		tb.Fatal(err)
	}
	return net, m
}

// handLIF is the same network written by hand: the same maths in plain Go
// loops, with a spike monitor of two slices and counts.
type handLIF struct {
	refractory    bool
	v, input      []float64
	lastspike     []float64
	notRefractory []bool
	spikes        []int32
	monI          []int32
	monT          []float64
	count         []int
	step          int64
}

func newHandLIF(n int, refractory bool) *handLIF {
	h := &handLIF{refractory: refractory, v: make([]float64, n), input: make([]float64, n), lastspike: make([]float64, n),
		notRefractory: make([]bool, n), count: make([]int, n)}
	for i := range h.input {
		h.input[i] = 2.0 * float64(i) / float64(n-1)
		h.lastspike[i] = -1e4
		h.notRefractory[i] = true
	}
	return h
}

// run advances the network by steps time steps.
func (h *handLIF) run(steps int) {
	decay := math.Exp(-stepDt / stepTau)
	refrSteps := math.Trunc((stepRefr + 1e-3*stepDt) / stepDt)
	for range steps {
		t := float64(h.step) * stepDt
		h.spikes = h.spikes[:0]
		if h.refractory {
			// state update: refractoriness as Brian2 computes it,
			// timestep(t - lastspike, dt) >= timestep(refractory, dt), then
			// the exact solution where the neuron is not refractory
			for i, x := range h.v {
				nr := math.Trunc((t-h.lastspike[i]+1e-3*stepDt)/stepDt) >= refrSteps
				h.notRefractory[i] = nr
				if nr {
					in := h.input[i]
					h.v[i] = in + (x-in)*decay
				}
			}
			// threshold
			for i, x := range h.v {
				if x > 1 && h.notRefractory[i] {
					h.spikes = append(h.spikes, int32(i))
					h.lastspike[i] = t
					h.notRefractory[i] = false
				}
			}
		} else {
			for i, x := range h.v {
				in := h.input[i]
				h.v[i] = in + (x-in)*decay
			}
			for i, x := range h.v {
				if x > 1 {
					h.spikes = append(h.spikes, int32(i))
				}
			}
		}
		// monitor, then reset
		for _, i := range h.spikes {
			h.monI = append(h.monI, i)
			h.monT = append(h.monT, t)
			h.count[i]++
		}
		for _, i := range h.spikes {
			h.v[i] = 0
		}
		h.step++
	}
}

// BenchmarkStep times one step of the LIF network (ns/op is per step) in
// myelin and by hand, for 4 000 and 100 000 neurons. Recordings grow as in
// a real run.
func BenchmarkStep(b *testing.B) {
	for _, c := range []struct {
		n          int
		refractory bool
	}{{4000, true}, {100000, true}, {4000, false}, {100000, false}} {
		n := c.n
		name := fmt.Sprintf("N=%d", n)
		if !c.refractory {
			name += "/no-refractory"
		}
		b.Run(name+"/myelin", func(b *testing.B) {
			net, m := stepNet(b, n, c.refractory)
			if _, err := net.Run(stepWarmUp * stepDt); err != nil { // compile and warm up
				b.Fatal(err)
			}
			b.ResetTimer()
			if _, err := net.Run(float64(b.N) * stepDt); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if m.Len() == 0 {
				b.Fatal("no spikes")
			}
			b.ReportMetric(float64(m.Len())/float64(net.Step()), "spikes/step")
		})
		b.Run(name+"/hand", func(b *testing.B) {
			h := newHandLIF(n, c.refractory)
			h.run(stepWarmUp)
			b.ResetTimer()
			h.run(b.N)
			b.StopTimer()
			b.ReportMetric(float64(len(h.monI))/float64(h.step), "spikes/step")
		})
	}
}

// TestStepLoopAllocates checks that a run's step loop allocates nothing:
// state update, threshold, reset and spike monitor of the LIF network, once
// the monitor has room for what it records (its recordings are the only
// memory a run may take).
func TestStepLoopAllocates(t *testing.T) {
	net, m := stepNet(t, 4000, true)
	if _, err := net.Run(0.02); err != nil {
		t.Fatal(err)
	}
	m.I = append(make([]int32, 0, len(m.I)+1<<20), m.I...)
	m.T = append(make([]float64, 0, len(m.T)+1<<20), m.T...)
	before := m.Len()
	allocs := testing.AllocsPerRun(10, func() {
		if _, err := net.Run(200 * stepDt); err != nil {
			t.Fatal(err)
		}
	})
	if m.Len() == before {
		t.Fatal("no spikes were recorded: the loop did not do its work")
	}
	if allocs != 0 {
		t.Errorf("a run of 200 steps allocates %v times, want none", allocs)
	}
}

// TestHandLIFMatches checks that the hand-written loop of BenchmarkStep
// computes what myelin computes: the same spikes.
func TestHandLIFMatches(t *testing.T) {
	for _, refractory := range []bool{true, false} {
		net, m := stepNet(t, 200, refractory)
		if _, err := net.Run(0.2); err != nil {
			t.Fatal(err)
		}
		h := newHandLIF(200, refractory)
		h.run(2000)
		if len(h.monI) != m.Len() {
			t.Fatalf("refractory %v: the hand loop records %d spikes, myelin %d", refractory, len(h.monI), m.Len())
		}
		for k := range h.monI {
			if h.monI[k] != m.I[k] || h.monT[k] != m.T[k] {
				t.Fatalf("refractory %v: spike %d: hand loop neuron %d at %v s, myelin neuron %d at %v s",
					refractory, k, h.monI[k], h.monT[k], m.I[k], m.T[k])
			}
		}
	}
}

// TestStepPerfTable prints the table of docs/performance.md: for each
// network, myelin's step and the hand-written loop's are timed in
// alternation, in rounds of a few hundred steps, and the fastest round of
// each is kept, so that both see the same load of a shared machine. It
// runs only with STEP_PERF=1 (natively, or with GOOS=js GOARCH=wasm).
func TestStepPerfTable(t *testing.T) {
	if os.Getenv("STEP_PERF") == "" {
		t.Skip("set STEP_PERF=1 to measure")
	}
	for _, c := range []struct {
		n          int
		refractory bool
	}{{4000, true}, {100000, true}, {4000, false}, {100000, false}, {50, true}, {50, false}} {
		net, _ := stepNet(t, c.n, c.refractory)
		h := newHandLIF(c.n, c.refractory)
		if _, err := net.Run(stepWarmUp * stepDt); err != nil {
			t.Fatal(err)
		}
		h.run(stepWarmUp)
		steps := 4_000_000 / c.n // rounds of about the same work
		bestM, bestH := math.Inf(1), math.Inf(1)
		for range 15 {
			start := time.Now()
			if _, err := net.Run(float64(steps) * stepDt); err != nil {
				t.Fatal(err)
			}
			bestM = min(bestM, time.Since(start).Seconds()/float64(steps))
			start = time.Now()
			h.run(steps)
			bestH = min(bestH, time.Since(start).Seconds()/float64(steps))
		}
		t.Logf("N = %d, refractory %v: myelin %.1f µs/step, hand %.1f µs/step, ratio %.2f",
			c.n, c.refractory, bestM*1e6, bestH*1e6, bestM/bestH)
	}
}
