package sim

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/units"
)

// parCase is a network for TestParallelBitIdentical: build makes it in
// net, run runs it, and split and serial name the groups and synapses whose
// state update must run in chunks (split) or must not (serial: they draw
// random numbers, write a shared variable, or read through an index what
// they write).
type parCase struct {
	name          string
	duration      float64
	dt            float64
	build         func(t *testing.T, net *Network)
	split, serial []string
	// byCost: the runs are cut as outside the tests, by the kernels'
	// measured costs (the first steps on one goroutine, then, for the
	// costly ones, split), which depends on the machine: split is not
	// checked
	byCost bool
}

var parCases = []parCase{
	{
		// Brian2's CUBA example (examples/CUBA.py) at 3 000 neurons:
		// refractoriness by the fast path, exact update, synapses.
		name: "cuba", duration: 0.05, dt: 1e-4, split: []string{"P.update", "P.threshold"},
		build: func(t *testing.T, net *Network) {
			noErr(t, cuba(net, 3000, "5*ms"))
		},
	},
	{
		// the same with a refractory period per neuron (the general
		// refractoriness, compiled into the update)
		name: "cuba-refr-expr", duration: 0.05, dt: 1e-4, split: []string{"P.update", "P.threshold"},
		build: func(t *testing.T, net *Network) {
			noErr(t, cuba(net, 3000, "(2 + i % 5)*ms"))
		},
	},
	{
		// Brian2's COBAHH example (examples/COBAHH.py) at 1 000 neurons
		name: "cobahh", duration: 0.02, dt: 1e-4, split: []string{"P.update", "P.threshold"},
		build: func(t *testing.T, net *Network) { noErr(t, cobahh(net, 1000)) },
	},
	{
		// the same cut by cost: COBAHH's update (exp, exprel) is costly
		// enough to split after the first timed steps on most machines
		name: "cobahh-by-cost", duration: 0.02, dt: 1e-4, byCost: true,
		build: func(t *testing.T, net *Network) { noErr(t, cobahh(net, 1000)) },
	},
	{
		// noise: xi in the update, rand() in a threshold (a PoissonGroup)
		// and in a reset; the split threshold between them
		name: "noise", duration: 0.05, dt: 1e-4, split: []string{"N.threshold"}, serial: []string{"N.update", "S.threshold"},
		build: func(t *testing.T, net *Network) {
			c := constants(map[string]units.Quantity{"tau": {Value: 10e-3, Dim: units.DimTime}})
			g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "N", N: 1100,
				Model:     "dv/dt = (0.9 - v)/tau + 0.5*xi*tau**-0.5 : 1",
				Threshold: "v > 1", Reset: "v = rand()*0.5", Externals: c})
			noErr(t, err)
			noErr(t, g.Set("v", "rand()"))
			p, err := net.NewPoissonGroup(PoissonGroupSpec{Name: "S", N: 1300, Rates: "(5 + i % 50)*Hz"})
			noErr(t, err)
			s, err := net.NewSynapses(SynapsesSpec{Name: "PS", Source: All(p), Target: All(g), OnPre: "v_post += 0.05"})
			noErr(t, err)
			noErr(t, s.Connect(ConnectSpec{Condition: "i % 7 == j % 5", P: "0.3"}))
			_, err = net.NewSpikeMonitor("mS", All(p))
			noErr(t, err)
		},
	},
	{
		// clock-driven synapses (reading v_post through an index) and a
		// summed variable; a custom event; a shared variable read by an
		// update
		name: "summed", duration: 0.03, dt: 1e-4, split: []string{"G.update", "G.threshold", "C.update", "H.update"}, serial: nil,
		build: func(t *testing.T, net *Network) {
			c := constants(map[string]units.Quantity{"tau": {Value: 10e-3, Dim: units.DimTime}, "taus": {Value: 5e-3, Dim: units.DimTime}})
			g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 700,
				Model:     "dv/dt = (1.2 + Isyn - v)/tau : 1\nIsyn : 1",
				Threshold: "v > 1", Reset: "v = 0", Refractory: "2*ms", Externals: c,
				Events: map[string]string{"high": "v > 0.8"}})
			noErr(t, err)
			noErr(t, g.Set("v", "rand()"))
			h, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 600,
				Model: "du/dt = (phase - u)/tau : 1\nphase : 1 (shared)", Externals: c})
			noErr(t, err)
			noErr(t, h.Set("u", "i/N"))
			noErr(t, h.Set("phase", "0.5"))
			_, err = h.RunRegularly("phase = 1 - phase", 2e-3)
			noErr(t, err)
			s, err := net.NewSynapses(SynapsesSpec{Name: "C", Source: All(g), Target: All(g), Externals: c,
				Model: "w : 1\ndx/dt = (0.1*v_post - x)/taus : 1 (clock-driven)\nIsyn_post = w*x : 1 (summed)",
				OnPre: "x += 1"})
			noErr(t, err)
			noErr(t, s.Connect(ConnectSpec{P: "0.01"}))
			noErr(t, s.Set("w", "0.5*rand() - 0.2"))
			_, err = net.NewEventMonitor("mHigh", All(g), "high")
			noErr(t, err)
		},
	},
	{
		// a linked variable that reads the group's own v through a
		// permutation: split, neuron k would read a neuron of another
		// chunk while that chunk writes it
		name: "linked-self", duration: 0.03, dt: 1e-4, split: []string{"L.threshold"}, serial: []string{"L.update"},
		build: func(t *testing.T, net *Network) {
			c := constants(map[string]units.Quantity{"tau": {Value: 10e-3, Dim: units.DimTime}})
			g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "L", N: 900,
				Model:     "dv/dt = (1.5 + vl - v)/tau : 1\nvl : 1 (linked)",
				Threshold: "v > 1", Reset: "v = 0", Externals: c})
			noErr(t, err)
			idx := make([]int, g.N)
			for k := range idx {
				idx[k] = (k*389 + 11) % g.N
			}
			noErr(t, g.Link("vl", All(g), "v", idx))
			noErr(t, g.Set("v", "rand()"))
			_, err = net.NewSpikeMonitor("mL", All(g))
			noErr(t, err)
		},
	},
	{
		// a SpatialNeuron: its channels go through the group's state
		// update (split), gtot and I0 are split too; the cable equation
		// runs on one goroutine
		name: "spatial-hh", duration: 2e-3, dt: 1e-5, split: []string{"axon.update", "axon.threshold", "axon.linearised"},
		build: func(t *testing.T, net *Network) {
			axon := morph.Must(morph.NewCylinder(1000, 0.1, 2*238e-6))
			sn, err := net.NewSpatialNeuron(SpatialNeuronSpec{Name: "axon", Morphology: axon, Model: hhModel,
				Method: "exponential_euler", Threshold: "m > 0.5", Refractory: "m > 0.4",
				Cm: 0.01, Ri: 0.354, Externals: hhConstants()})
			noErr(t, err)
			for _, s := range [][2]string{{"v", "0*mV"}, {"h", "0.6"}, {"m", "0.05"}, {"n", "0.32"}, {"gNa", "120*msiemens/cm**2"}} {
				noErr(t, sn.Set(s[0], s[1]))
			}
			noErr(t, sn.SetValue("I", 0, 1e-6))
			_, err = net.NewSpikeMonitor("mAxon", All(sn.NeuronGroup))
			noErr(t, err)
		},
	},
}

// MYELIN_TEST_THREADS=N runs every test of the package with N threads
// and chunks of one block, so that the golden files, Brian2 comparisons
// and seed tests check split runs too:
//
//	MYELIN_TEST_THREADS=3 go test ./core/sim
func init() {
	if n, err := strconv.Atoi(os.Getenv("MYELIN_TEST_THREADS")); err == nil && n > 0 {
		forceThreads, forceMin = n, 1
	}
}

func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// cuba builds Brian2's CUBA example with n neurons (80 synapses per
// neuron: p = 80/n) and the given refractory period.
func cuba(net *Network, n int, refractory string) error {
	mV, ms := 1e-3, 1e-3
	c := constants(map[string]units.Quantity{
		"taum": {Value: 20 * ms, Dim: units.DimTime}, "taue": {Value: 5 * ms, Dim: units.DimTime},
		"taui": {Value: 10 * ms, Dim: units.DimTime}, "Vt": {Value: -50 * mV, Dim: units.DimVoltage},
		"Vr": {Value: -60 * mV, Dim: units.DimVoltage}, "El": {Value: -49 * mV, Dim: units.DimVoltage},
		"we": {Value: 60 * 0.27 / 10 * mV, Dim: units.DimVoltage}, "wi": {Value: -20 * 4.5 / 10 * mV, Dim: units.DimVoltage},
	})
	p, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "P", N: n,
		Model: `dv/dt = (ge+gi-(v-El))/taum : volt (unless refractory)
			dge/dt = -ge/taue : volt
			dgi/dt = -gi/taui : volt`,
		Threshold: "v > Vt", Reset: "v = Vr", Refractory: refractory, Method: "exact", Externals: c})
	if err != nil {
		return err
	}
	if err := p.Set("v", "Vr + rand()*(Vt - Vr)"); err != nil {
		return err
	}
	ce, err := net.NewSynapses(SynapsesSpec{Name: "Ce", Source: All(p), Target: All(p), OnPre: "ge += we", Externals: c})
	if err != nil {
		return err
	}
	ne, prob := n*4/5, fmt.Sprint(80/float64(n))
	if err := ce.Connect(ConnectSpec{Condition: fmt.Sprintf("i < %d", ne), P: prob}); err != nil {
		return err
	}
	ci, err := net.NewSynapses(SynapsesSpec{Name: "Ci", Source: All(p), Target: All(p), OnPre: "gi += wi", Externals: c})
	if err != nil {
		return err
	}
	if err := ci.Connect(ConnectSpec{Condition: fmt.Sprintf("i >= %d", ne), P: prob}); err != nil {
		return err
	}
	_, err = net.NewSpikeMonitor("spikes", All(p))
	return err
}

// cobahh builds Brian2's COBAHH example with n neurons.
func cobahh(net *Network, n int) error {
	mV, ms := 1e-3, 1e-3
	area := 20000e-12
	siemens := units.DimConductance
	c := constants(map[string]units.Quantity{
		"Cm": {Value: 1e-2 * area, Dim: units.DimCapacitance}, "gl": {Value: 5e-5 * 1e4 * area, Dim: siemens},
		"El": {Value: -60 * mV, Dim: units.DimVoltage}, "EK": {Value: -90 * mV, Dim: units.DimVoltage},
		"ENa": {Value: 50 * mV, Dim: units.DimVoltage}, "g_na": {Value: 100e-3 * 1e4 * area, Dim: siemens},
		"g_kd": {Value: 30e-3 * 1e4 * area, Dim: siemens}, "VT": {Value: -63 * mV, Dim: units.DimVoltage},
		"taue": {Value: 5 * ms, Dim: units.DimTime}, "taui": {Value: 10 * ms, Dim: units.DimTime},
		"Ee": {Value: 0, Dim: units.DimVoltage}, "Ei": {Value: -80 * mV, Dim: units.DimVoltage},
		"we": {Value: 6e-9, Dim: siemens}, "wi": {Value: 67e-9, Dim: siemens},
	})
	p, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "P", N: n,
		Model: `dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
			dm/dt = alpha_m*(1-m)-beta_m*m : 1
			dn/dt = alpha_n*(1-n)-beta_n*n : 1
			dh/dt = alpha_h*(1-h)-beta_h*h : 1
			dge/dt = -ge*(1./taue) : siemens
			dgi/dt = -gi*(1./taui) : siemens
			alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
			beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
			alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
			beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
			alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
			beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz`,
		Threshold: "v > -20*mV", Refractory: "3*ms", Method: "exponential_euler", Externals: c})
	if err != nil {
		return err
	}
	if err := p.Set("v", "El + (randn() * 5 - 5)*mV"); err != nil {
		return err
	}
	if err := p.Set("ge", "(randn() * 1.5 + 4) * 10.*nS"); err != nil {
		return err
	}
	if err := p.Set("gi", "(randn() * 12 + 20) * 10.*nS"); err != nil {
		return err
	}
	ne := n * 4 / 5
	ce, err := net.NewSynapses(SynapsesSpec{Name: "Ce", Source: All(p), Target: All(p), OnPre: "ge += we", Externals: c})
	if err != nil {
		return err
	}
	if err := ce.Connect(ConnectSpec{Condition: fmt.Sprintf("i < %d", ne), P: fmt.Sprint(80 / float64(n))}); err != nil {
		return err
	}
	ci, err := net.NewSynapses(SynapsesSpec{Name: "Ci", Source: All(p), Target: All(p), OnPre: "gi += wi", Externals: c})
	if err != nil {
		return err
	}
	if err := ci.Connect(ConnectSpec{Condition: fmt.Sprintf("i >= %d", ne), P: fmt.Sprint(80 / float64(n))}); err != nil {
		return err
	}
	_, err = net.NewSpikeMonitor("spikes", All(p))
	return err
}

// parState is everything a network holds after a run, as bits: every
// variable of every group and synapses, every event monitor's record, and
// the generator's next number.
type parState map[string][]uint64

func snapshotPar(t *testing.T, net *Network) parState {
	t.Helper()
	st := parState{}
	bits := func(key string, xs []float64) {
		b := make([]uint64, len(xs))
		for k, x := range xs {
			b[k] = math.Float64bits(x)
		}
		st[key] = b
	}
	for name, obj := range net.objects {
		switch o := obj.(type) {
		case *NeuronGroup:
			for vn := range o.vars {
				if o.vars[vn].Via != nil {
					continue
				}
				vals, err := o.Values(vn)
				noErr(t, err)
				bits(name+"."+vn, vals)
			}
		case *Synapses:
			for _, vn := range o.VariableNames() {
				vals, err := o.Values(vn)
				noErr(t, err)
				bits(name+"."+vn, vals)
			}
		case *EventMonitor:
			idx := make([]float64, len(o.I))
			for k, i := range o.I {
				idx[k] = float64(i)
			}
			bits(name+".i", idx)
			bits(name+".t", o.T)
		}
	}
	st["rng"] = []uint64{net.rng.Uint64()}
	return st
}

// TestParallelBitIdentical runs networks of every kind with 1, 2, 3 and 4
// threads, with chunks forced down to one block so that small groups are
// split, and checks that every variable, every recorded event and the
// generator's state are the same bit for bit; and that the kernels that
// may be split were, and those that may not were not.
func TestParallelBitIdentical(t *testing.T) {
	for _, c := range parCases {
		t.Run(c.name, func(t *testing.T) {
			var want parState
			for _, threads := range []int{1, 2, 3, 4} {
				net, err := NewNetwork(c.dt, 7)
				noErr(t, err)
				net.Threads, net.parMin = threads, 1
				if c.byCost {
					net.parMin = 0
					defer func(th, m int) { forceThreads, forceMin = th, m }(forceThreads, forceMin)
					forceThreads, forceMin = 0, 0
				}
				c.build(t, net)
				// two runs: the second starts where the first stopped
				_, err = net.Run(c.duration / 2)
				noErr(t, err)
				_, err = net.Run(c.duration / 2)
				noErr(t, err)
				got := snapshotPar(t, net)
				if c.byCost && threads > 1 {
					t.Logf("%d threads: the update of P ran in chunks in %d of %d steps", threads, forksOf(t, net, "P.update"), net.Step())
				}
				for _, name := range c.split {
					if f := forksOf(t, net, name); (f > 0) != (threads > 1) {
						t.Errorf("%d threads: the update of %s ran in chunks %d times", threads, name, f)
					}
				}
				for _, name := range c.serial {
					if f := forksOf(t, net, name); f != 0 {
						t.Errorf("%d threads: the update of %s ran in chunks %d times; it must not", threads, name, f)
					}
				}
				if threads == 1 {
					want = got
					spikes := 0
					for k, v := range want {
						if len(k) > 2 && k[len(k)-2:] == ".i" {
							spikes += len(v)
						}
					}
					t.Logf("%d variables and records, %d events", len(want), spikes)
					continue
				}
				if len(got) != len(want) {
					t.Fatalf("%d threads: %d arrays, 1 thread %d", threads, len(got), len(want))
				}
				for key, w := range want {
					g := got[key]
					if len(g) != len(w) {
						t.Fatalf("%d threads: %s has %d values, 1 thread %d", threads, key, len(g), len(w))
					}
					for k := range w {
						if g[k] != w[k] {
							t.Fatalf("%d threads: %s[%d] = %v, 1 thread %v", threads, key, k,
								math.Float64frombits(g[k]), math.Float64frombits(w[k]))
						}
					}
				}
			}
		})
	}
}

// forksOf is how many times a kernel ran in chunks: what is
// "G.update", "G.threshold" (a group's), "S.update" (a Synapses') or
// "A.linearised" (a SpatialNeuron's gtot and I0).
func forksOf(t *testing.T, net *Network, what string) int {
	name, kind, _ := strings.Cut(what, ".")
	var sp *split
	switch o := net.objects[name].(type) {
	case *NeuronGroup:
		sp = o.updateSplit
		if kind == "threshold" {
			sp = o.thresholdSplit
		}
		if s := net.SpatialNeuron(name); s != nil && kind == "linearised" {
			sp = s.linearisedSplit
		}
	case *Synapses:
		sp = o.updateSplit
	}
	if sp == nil {
		t.Fatalf("%s has no such kernel", what)
	}
	return sp.forks
}

// TestChunking checks how runs are cut: whole blocks, at most
// chunksPerThread chunks per thread and a multiple of the threads below
// that, none smaller than the minimum (elements, or work when min is 0),
// every element once.
func TestChunking(t *testing.T) {
	defer func(th, m int) { forceThreads, forceMin = th, m }(forceThreads, forceMin)
	forceThreads, forceMin = 0, 0
	cases := []struct {
		threads, min, size   int
		cost                 float64 // ns per element
		chunks, per, workers int
	}{
		{1, 1, 10000, 0, 1, 10000, 1},
		{2, 4096, 4000, 0, 1, 4000, 1},
		{2, 4096, 8192, 0, 2, 4096, 2},
		{2, 1024, 4000, 0, 2, 2048, 2},
		{2, 1024, 64000, 0, 8, 8192, 2},
		{4, 1024, 10000, 0, 8, 1280, 4},
		{3, 1, 3000, 0, 12, 256, 3},
		{4, 1, 1000, 0, 4, 256, 4},
		{3, 1, 1000, 0, 2, 512, 2},
		{8, 1, 300, 0, 2, 256, 2},
		{8, 1, 256, 0, 1, 256, 1},
		{2, 1024, 1100, 0, 1, 1100, 1},
		{2, 1, 0, 0, 1, 0, 1},
		// by cost: chunks of at least minChunkWork (10 µs)
		{2, 0, 4000, 1.5, 1, 4000, 1},
		{2, 0, 4000, 4, 1, 4000, 1},
		{2, 0, 4000, 6, 2, 2048, 2},
		{2, 0, 4000, 200, 8, 512, 2},
		{2, 0, 64000, 1.5, 8, 8192, 2},
		{1, 0, 64000, 200, 1, 64000, 1},
	}
	for _, c := range cases {
		net := &Network{Threads: c.threads, parMin: c.min}
		chunks, per, workers := net.chunking(c.size, c.cost)
		if chunks != c.chunks || per != c.per || workers != c.workers {
			t.Errorf("%d threads, min %d, %d elements of %g ns: %d chunks of %d on %d workers, want %d of %d on %d",
				c.threads, c.min, c.size, c.cost, chunks, per, workers, c.chunks, c.per, c.workers)
		}
		if chunks > 1 && ((chunks-1)*per >= c.size || chunks*per < c.size || per%256 != 0 || per < c.min) {
			t.Errorf("%d threads, %d elements: %d chunks of %d do not cut it right", c.threads, c.size, chunks, per)
		}
	}
}

// BenchmarkParallelStep times a step (ns/op) of CUBA and COBAHH (80
// synapses per neuron) with 1 thread and with all: cut by the kernels'
// costs (min=0), or in chunks of min elements whatever their cost. Compare the ratios
// within one run; the machine's load matters.
func BenchmarkParallelStep(b *testing.B) {
	for _, c := range []struct {
		model string
		n     int
	}{{"cuba", 4000}, {"cuba", 16000}, {"cuba", 64000}, {"cobahh", 4000}} {
		for _, th := range []struct{ threads, min int }{{1, 0}, {0, 0}, {0, 256}} {
			name := fmt.Sprintf("%s-%d/threads=%d/min=%d", c.model, c.n, th.threads, th.min)
			b.Run(name, func(b *testing.B) {
				net, err := NewNetwork(1e-4, 1)
				if err != nil {
					b.Fatal(err)
				}
				net.Threads, net.parMin = th.threads, th.min
				if c.model == "cuba" {
					err = cuba(net, c.n, "5*ms")
				} else {
					err = cobahh(net, c.n)
				}
				if err != nil {
					b.Fatal(err)
				}
				if _, err := net.Run(0.02); err != nil {
					b.Fatal(err)
				}
				b.ResetTimer()
				// one call (Run prepares the synapses at every call)
				if _, err := net.Run(float64(b.N) * net.DT); err != nil {
					b.Fatal(err)
				}
			})
		}
	}
}

// BenchmarkParallelFork times a step of a group of 512 neurons with a
// trivial update, on 1 thread and split in two chunks of one block: the
// difference is about the cost of a fork and join.
func BenchmarkParallelFork(b *testing.B) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			net, err := NewNetwork(1e-4, 1)
			if err != nil {
				b.Fatal(err)
			}
			net.Threads, net.parMin = threads, 1
			c := constants(map[string]units.Quantity{"tau": {Value: 10e-3, Dim: units.DimTime}})
			if _, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 512, Model: "dv/dt = -v/tau : 1", Externals: c}); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			if _, err := net.Run(float64(b.N) * net.DT); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// TestParallelPanic checks that a kernel's panic in a chunk that another
// goroutine runs (here: a column cut short behind the group's back) comes
// out of Run on the calling goroutine, where the command line and the app
// recover from it, after the other chunks have finished.
func TestParallelPanic(t *testing.T) {
	net, err := NewNetwork(1e-4, 1)
	noErr(t, err)
	net.Threads, net.parMin = 4, 1
	c := constants(map[string]units.Quantity{"tau": {Value: 10e-3, Dim: units.DimTime}})
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 2000, Model: "dv/dt = -v/tau : 1", Externals: c})
	noErr(t, err)
	v := g.Variable("v").Col
	v.Data = v.Data[:300]
	for range 3 { // the workers survive, and so does the split
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), "column v") {
					t.Errorf("Run panicked with %v, want the kernel's complaint about column v", r)
				}
			}()
			_, _ = net.Run(net.DT)
			t.Error("Run returned")
		}()
	}
}
