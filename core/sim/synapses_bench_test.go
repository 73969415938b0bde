package sim

import (
	"fmt"
	"testing"
	"time"
)

// connectNet makes a group of n neurons with a threshold and a Synapses
// from it onto itself with ge_post += w.
func connectNet(tb testing.TB, n int, spec SynapsesSpec) (*Network, *NeuronGroup, *Synapses) {
	net := synNet(tb, 1e-4)
	g := synGroup(tb, net, NeuronGroupSpec{Name: "G", N: n, Model: "dv/dt = -v/(20*ms) : 1\nge : 1", Threshold: "v > 1", Reset: "v = 0"})
	spec.Name, spec.Source = "S", All(g)
	if spec.Model == "" {
		spec.Model = "w : 1"
	}
	if spec.OnPre == "" {
		spec.OnPre = "ge_post += w"
	}
	s := synNew(tb, net, spec)
	return net, g, s
}

// BenchmarkConnectCUBA: CUBA's connectivity, p = 0.02 over 4000×4000
// (about 320,000 synapses).
func BenchmarkConnectCUBA(b *testing.B) {
	for b.Loop() {
		_, _, s := connectNet(b, 4000, SynapsesSpec{})
		if err := s.Connect(ConnectSpec{P: "0.02"}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(s.Count()), "synapses")
	}
}

// BenchmarkConnectCUBACondition: the same with a condition (i != j), which
// Brian2 evaluates for every pair, with the probability sampled per i.
func BenchmarkConnectCUBACondition(b *testing.B) {
	for b.Loop() {
		_, _, s := connectNet(b, 4000, SynapsesSpec{})
		if err := s.Connect(ConnectSpec{Condition: "i != j", P: "0.02"}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConnectBrunelHakim: Brunel & Hakim's network, N = 5000 with
// C = 1000 connections per neuron (p = 0.2): 5 million synapses.
func BenchmarkConnectBrunelHakim(b *testing.B) {
	for b.Loop() {
		_, _, s := connectNet(b, 5000, SynapsesSpec{OnPre: "v_post += -0.1", Delay: "1.8*ms"})
		if err := s.Connect(ConnectSpec{P: "0.2"}); err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(s.Count()), "synapses")
	}
}

// deliverySetup connects n neurons with p (about n*p synapses per neuron)
// and returns the pre pathway and a function that makes every stride-th
// neuron (from a rotating offset) spike in the current step.
func deliverySetup(tb testing.TB, n int, p float64, delay string, stride int) (*Network, *pathway, func()) {
	spec := SynapsesSpec{}
	if delay != "" {
		spec.Delay = delay
	}
	net, g, s := connectNet(tb, n, spec)
	if err := s.Connect(ConnectSpec{P: fmt.Sprint(p)}); err != nil {
		tb.Fatal(err)
	}
	if err := s.Set("w", "0.01 + 0.001*rand()"); err != nil {
		tb.Fatal(err)
	}
	pw := s.pathways[0]
	off := 0
	spike := func() {
		g.spikes = g.spikes[:0]
		for k := off % stride; k < n; k += stride {
			g.spikes = append(g.spikes, int32(k))
		}
		off++
		g.spikeStep = net.step
	}
	return net, pw, spike
}

// BenchmarkDelivery: ge_post += w over about 80 synapses per spike (CUBA:
// 4000 neurons, p = 0.02), 40 spikes per step; per synaptic event. The
// baseline is the same loop written by hand over the same arrays.
func BenchmarkDelivery(b *testing.B) {
	for _, c := range []struct {
		name  string
		delay string
		het   bool
	}{{"nodelay", "", false}, {"constdelay", "2*ms", false}, {"heterodelays", "", true}} {
		b.Run(c.name, func(b *testing.B) {
			net, pw, spike := deliverySetup(b, 4000, 0.02, c.delay, 100)
			if c.het {
				if err := pw.s.Set("delay", "rand()*5*ms"); err != nil {
					b.Fatal(err)
				}
			}
			events := 0
			for k := 0; k < 100; k++ { // warm the queue
				spike()
				pw.run(net.step)
				net.step++
			}
			b.ResetTimer()
			for b.Loop() {
				spike()
				for _, x := range pw.src.Group.spikes {
					events += int(pw.s.ptr[x+1] - pw.s.ptr[x])
				}
				pw.run(net.step)
				net.step++
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
		})
	}
	b.Run("handwritten", func(b *testing.B) {
		net, pw, spike := deliverySetup(b, 4000, 0.02, "", 100)
		s := pw.s
		ge := s.tgt.Group.vars["ge"].Col.Data
		w := s.vars["w"].Col.Data
		post := s.post.Data
		events := 0
		b.ResetTimer()
		for b.Loop() {
			spike()
			for _, x := range pw.src.Group.spikes {
				for k := s.ptr[x]; k < s.ptr[x+1]; k++ {
					ge[post[k]] += w[k]
				}
				events += int(s.ptr[x+1] - s.ptr[x])
			}
			net.step++
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(events), "ns/event")
	})
}

// TestSynapsesDeliveryAllocs: once the queues are warm, delivering spikes
// allocates nothing, with no delay, one delay and per-synapse delays, for
// pre and post pathways.
func TestSynapsesDeliveryAllocs(t *testing.T) {
	for _, c := range []struct {
		name  string
		delay string
		het   bool
	}{{"nodelay", "", false}, {"constdelay", "2*ms", false}, {"heterodelays", "", true}} {
		t.Run(c.name, func(t *testing.T) {
			net, pw, spike := deliverySetup(t, 1000, 0.05, c.delay, 17)
			if c.het {
				if err := pw.s.Set("delay", "rand()*5*ms"); err != nil {
					t.Fatal(err)
				}
			}
			step := func() {
				spike()
				pw.run(net.step)
				net.step++
			}
			for k := 0; k < 200; k++ {
				step()
			}
			if a := testing.AllocsPerRun(200, step); a != 0 {
				t.Errorf("%v allocations per step", a)
			}
		})
	}
	t.Run("stdp", func(t *testing.T) {
		net := synNet(t, 1e-4)
		g := synGroup(t, net, NeuronGroupSpec{Name: "G", N: 200, Model: "dv/dt = (1.2 - v)/(10*ms) : 1\nge : 1",
			Threshold: "v > 1", Reset: "v = 0", Refractory: "2*ms"})
		if err := g.Set("v", "rand()"); err != nil {
			t.Fatal(err)
		}
		s := synNew(t, net, SynapsesSpec{Name: "S", Source: All(g),
			Model:  "w : 1\ndApre/dt = -Apre/(20*ms) : 1 (event-driven)\ndApost/dt = -Apost/(20*ms) : 1 (event-driven)",
			OnPre:  "ge_post += w\nApre += 0.01\nw = clip(w + Apost, 0, 1)",
			OnPost: "Apost -= 0.0105\nw = clip(w + Apre, 0, 1)"})
		if err := s.Connect(ConnectSpec{P: "0.1"}); err != nil {
			t.Fatal(err)
		}
		if err := s.Set("delay", "rand()*3*ms"); err != nil {
			t.Fatal(err)
		}
		if _, err := net.Run(0.05); err != nil {
			t.Fatal(err)
		}
		step := func() {
			st := net.step
			net.t.Data[0] = float64(st) * net.DT
			g.update.Run(0, g.N, net.rng)
			g.runThreshold(st)
			for _, p := range s.pathways {
				p.run(st)
			}
			net.step++
		}
		if a := testing.AllocsPerRun(200, step); a != 0 {
			t.Errorf("%v allocations per step", a)
		}
	})
}

// TestSynapsesConnectSpeed: connecting is close to linear in the synapses
// made: Brunel & Hakim's 5 million synapses take well under the few
// seconds allowed (the limit here is generous for slow machines and the
// race detector).
func TestSynapsesConnectSpeed(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 5 million synapses")
	}
	start := time.Now()
	_, _, s := connectNet(t, 5000, SynapsesSpec{OnPre: "v_post += -0.1", Delay: "1.8*ms"})
	if err := s.Connect(ConnectSpec{P: "0.2"}); err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	t.Logf("%d synapses in %v", s.Count(), el)
	if el > 20*time.Second {
		t.Errorf("connecting took %v", el)
	}
}
