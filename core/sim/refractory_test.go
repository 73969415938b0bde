package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/myelin-sim/myelin/core/kernel"
)

// TestRefrMaskMatches compares the fast path of refractoriness (one
// comparison with a cutoff per neuron) with Brian2's formula, bit for bit,
// on random times, steps, refractory periods and last spikes, among them
// the values on either side of the cutoff and odd ones (NaN, infinities,
// zeros of either sign, the largest floats).
func TestRefrMaskMatches(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	odd := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), math.MaxFloat64, -math.MaxFloat64,
		-1e4, 1e300, -1e300, 5e-324, -5e-324}
	for trial := range 2000 {
		dt := []float64{1e-4, 5e-5, 0.1e-3 / 3, 1e-3, 0.025e-3}[trial%5] * (1 + 1e-3*r.Float64()*float64(trial%2))
		step := r.Int64N(1 << 22)
		if trial%11 == 0 { // the first steps of a run
			step = int64(trial % 3)
		}
		tNow := float64(step) * dt
		k := math.Trunc(r.Float64() * 100)
		if trial%7 == 0 {
			k = 0
		}
		n := 200 + trial%8 // maskBelow's tail too
		last := make([]float64, 0, n)
		if cut, ok := refrCutoff(tNow, dt, k); ok {
			if !notRefractory(tNow, cut, dt, k) || notRefractory(tNow, math.Nextafter(cut, math.Inf(1)), dt, k) {
				t.Fatalf("t %v, dt %v, k %v: %v is not the cutoff", tNow, dt, k, cut)
			}
			last = append(last, cut, math.Nextafter(cut, math.Inf(1)), math.Nextafter(cut, math.Inf(-1)))
		} else {
			t.Fatalf("t %v, dt %v, k %v: no cutoff", tNow, dt, k)
		}
		last = append(last, odd...)
		for len(last) < n {
			switch r.IntN(3) {
			case 0: // recent spikes, on the grid
				last = append(last, float64(step-r.Int64N(int64(2*k)+3))*dt)
			case 1: // anywhere in the run
				last = append(last, r.Float64()*tNow)
			default: // near the cutoff, off the grid
				last = append(last, tNow-k*dt+(r.Float64()-0.5)*4*dt)
			}
		}
		tc := &kernel.Column{Name: "t", Data: []float64{tNow}, Scalar: true}
		m := &refrMask{t: tc, last: &kernel.Column{Data: last}, mask: &kernel.Column{Data: make([]float64, n)}, dt: dt, k: k}
		m.run(0, n)
		for i, ls := range last {
			want := 0.0
			if notRefractory(tNow, ls, dt, k) {
				want = 1
			}
			if m.mask.Data[i] != want {
				t.Fatalf("t %v, dt %v, k %v, lastspike %v: fast path %v, formula %v", tNow, dt, k, ls, m.mask.Data[i], want)
			}
		}
	}
	// where the cutoff is not assured, the formula itself runs
	for _, c := range [][3]float64{{math.NaN(), 1e-4, 50}, {math.Inf(1), 1e-4, 50}, {1, 0, 50}, {1, -1e-4, 50}, {1, 1e-4, math.NaN()}} {
		if _, ok := refrCutoff(c[0], c[1], c[2]); ok {
			t.Errorf("refrCutoff%v: ok, want a refusal", c)
		}
	}
}

// TestOrderKey checks that orderKey keeps the order of float64 values and
// that fromOrderKey inverts it.
func TestOrderKey(t *testing.T) {
	xs := []float64{math.Inf(-1), -math.MaxFloat64, -1, -5e-324, 0, 5e-324, 1, math.MaxFloat64, math.Inf(1)}
	for i := 1; i < len(xs); i++ {
		if orderKey(xs[i-1]) >= orderKey(xs[i]) {
			t.Errorf("orderKey(%v) >= orderKey(%v)", xs[i-1], xs[i])
		}
	}
	for _, x := range xs {
		if y := fromOrderKey(orderKey(x)); math.Float64bits(y) != math.Float64bits(x) {
			t.Errorf("fromOrderKey(orderKey(%v)) = %v", x, y)
		}
	}
	if orderKey(math.Copysign(0, -1)) != 0 {
		t.Error("orderKey(-0) is not 0")
	}
}

// fastPathNet is a randomised refractory network: LIF neurons with
// exponential synapses, random inputs, a per-group constant refractory
// period, a reset, Poisson-like random drive through run_regularly and
// recurrent synapses; everything the fast paths touch.
func fastPathNet(t *testing.T, seed uint64, n int, refractory string) (*Network, *NeuronGroup, *SpikeMonitor) {
	t.Helper()
	net, err := NewNetwork(1e-4, seed)
	if err != nil {
		t.Fatal(err)
	}
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: n,
		Model: `dv/dt = (I + ge - v)/(10*ms) : 1 (unless refractory)
dge/dt = -ge/(5*ms) : 1
I : 1`,
		Threshold: "v > 1", Reset: "v = 0.1*rand()", Refractory: refractory, Method: "exact"})
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range [][2]string{{"I", "0.5 + rand()"}, {"v", "rand()"}} {
		if err := g.Set(set[0], set[1]); err != nil {
			t.Fatal(err)
		}
	}
	s, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: All(g), Target: All(g), Model: "w : 1", OnPre: "ge += w"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Connect(ConnectSpec{P: "0.1"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("w", "0.2*rand() - 0.05"); err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("spikes", All(g))
	if err != nil {
		t.Fatal(err)
	}
	return net, g, m
}

// TestRefractoryFastPath runs randomised networks with the fast path of
// refractoriness and with the general path (the statement compiled into
// the state updater) and compares every variable and spike bit for bit.
func TestRefractoryFastPath(t *testing.T) {
	for _, c := range []struct {
		n    int
		refr string
	}{{300, "0*ms"}, {300, "5*ms"}, {300, "2.05*ms"}, {40, "3*ms"}, {5, "3*ms"}, {300, "0.1*ms"}} {
		var runs [2]struct {
			g *NeuronGroup
			m *SpikeMonitor
		}
		for k, fast := range []bool{true, false} {
			fastRefractory = fast
			net, g, m := fastPathNet(t, 7, c.n, c.refr)
			fastRefractory = true
			if (g.refrMask != nil) != fast {
				t.Fatalf("%+v: fast path %v, want %v", c, g.refrMask != nil, fast)
			}
			if _, err := net.Run(0.1); err != nil {
				t.Fatal(err)
			}
			// lastspike set by hand (as a restored state might), then more
			if err := g.Set("lastspike", "t - 3*ms*rand()"); err != nil {
				t.Fatal(err)
			}
			if _, err := net.Run(0.05); err != nil {
				t.Fatal(err)
			}
			runs[k].g, runs[k].m = g, m
		}
		a, b := runs[0], runs[1]
		if a.m.Len() == 0 || a.m.Len() != b.m.Len() {
			t.Fatalf("%+v: %d spikes with the fast path, %d without", c, a.m.Len(), b.m.Len())
		}
		for i := range a.m.I {
			if a.m.I[i] != b.m.I[i] || a.m.T[i] != b.m.T[i] {
				t.Fatalf("%+v: spike %d differs", c, i)
			}
		}
		for _, name := range []string{"v", "ge", "lastspike", "not_refractory"} {
			x, _ := a.g.Values(name)
			y, _ := b.g.Values(name)
			for i := range x {
				if math.Float64bits(x[i]) != math.Float64bits(y[i]) {
					t.Fatalf("%+v: %s[%d] = %v with the fast path, %v without", c, name, i, x[i], y[i])
				}
			}
		}
	}
}

// maskBelowRef is maskBelow as one branch per element, the loop it
// replaced.
func maskBelowRef(last, mask []float64, cut float64) {
	for i, ls := range last {
		var v float64
		if ls <= cut {
			v = 1
		}
		mask[i] = v
	}
}

// TestMaskBelow compares maskBelow (eight at a time, without branches)
// with one comparison per element, on every length up to 19 (the tail
// after the groups of eight) and values on either side of the cutoff,
// NaN and infinities, in every position.
func TestMaskBelow(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cut := 0.25
	vals := []float64{cut, math.Nextafter(cut, 1), math.Nextafter(cut, 0), math.NaN(), math.Inf(1), math.Inf(-1), 0, -1, 1}
	for n := range 20 {
		for trial := range 50 {
			last := make([]float64, n)
			for i := range last {
				last[i] = vals[r.IntN(len(vals))]
				if trial%5 == 0 {
					last[i] = r.Float64()*2 - 1
				}
			}
			got, want := make([]float64, n+1), make([]float64, n+1)
			got[n], want[n] = 7, 7 // past the end: untouched
			for i := range n {
				got[i] = 0.5
			}
			maskBelow(last, got, cut)
			maskBelowRef(last, want[:n], cut)
			for i := range got {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("n %d, last %v: mask %v, want %v", n, last, got, want)
				}
			}
		}
	}
}

// BenchmarkMaskBelow is the refractoriness mask of 4 000 neurons, a
// tenth of them refractory: as one branch per element, and maskBelow.
func BenchmarkMaskBelow(b *testing.B) {
	r := rand.New(rand.NewPCG(5, 6))
	last, mask := make([]float64, 4000), make([]float64, 4000)
	for i := range last {
		last[i] = r.Float64()
	}
	for _, c := range []struct {
		name string
		f    func(last, mask []float64, cut float64)
	}{{"branch", maskBelowRef}, {"maskBelow", maskBelow}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.f(last, mask, 0.9)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(last)), "ns/neuron")
		})
	}
}
