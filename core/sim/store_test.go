package sim

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// storeNet is a network with noise, refractoriness, delayed synapses
// (spikes in flight at any time), a PoissonInput and every monitor.
func storeNet(t *testing.T) (*Network, *EventMonitor, *StateMonitor, *PopulationRateMonitor, *Synapses) {
	t.Helper()
	net, err := NewNetwork(0.1e-3, 7)
	if err != nil {
		t.Fatal(err)
	}
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 20,
		Model:     "dv/dt = (1.2 - v)/(10*ms) + 0.5*xi*sqrt(1/(10*ms)) : 1 (unless refractory)",
		Threshold: "v > 1", Reset: "v = 0", Refractory: "2*ms", Method: "euler"})
	if err != nil {
		t.Fatal(err)
	}
	if err := g.Set("v", "rand()"); err != nil {
		t.Fatal(err)
	}
	s, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: All(g), Model: "w : 1", OnPre: "v_post += w"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Connect(ConnectSpec{Condition: "i != j", P: "0.3"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("w", "0.05*rand()"); err != nil {
		t.Fatal(err)
	}
	if err := s.Set("delay", "rand()*5*ms"); err != nil {
		t.Fatal(err)
	}
	if _, err := net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: 10, Rate: 50, Weight: "0.01"}); err != nil {
		t.Fatal(err)
	}
	sm, err := net.NewSpikeMonitor("spikes", All(g), "v")
	if err != nil {
		t.Fatal(err)
	}
	st, err := net.NewStateMonitor("state", All(g), []string{"v"}, []int{0, 5}, 0)
	if err != nil {
		t.Fatal(err)
	}
	pr, err := net.NewPopulationRateMonitor("rate", All(g))
	if err != nil {
		t.Fatal(err)
	}
	return net, sm, st, pr, s
}

func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

func TestStoreRestoreBitIdentical(t *testing.T) {
	net, sm, st, pr, _ := storeNet(t)
	if _, err := net.Run(0.05); err != nil {
		t.Fatal(err)
	}
	net.Store("mid")
	nMid, tMid := sm.Len(), len(st.T)
	if _, err := net.Run(0.05); err != nil {
		t.Fatal(err)
	}
	i1, t1, v1 := slices.Clone(sm.I), slices.Clone(sm.T), slices.Clone(sm.Values[0])
	trace1, rate1 := slices.Clone(st.Values[0][1]), slices.Clone(pr.Rate)
	count1 := slices.Clone(sm.Count)
	v, _ := net.Object("G").(*NeuronGroup).Values("v")
	final1 := slices.Clone(v)
	if len(i1) == nMid {
		t.Fatal("no spikes after the store: the test tests nothing")
	}

	if err := net.Restore("mid"); err != nil {
		t.Fatal(err)
	}
	if net.T() != 0.05 || sm.Len() != nMid || len(st.T) != tMid || len(pr.T) != tMid {
		t.Fatalf("after restore: t = %v, %d spikes (want %d), %d samples (want %d)", net.T(), sm.Len(), nMid, len(st.T), tMid)
	}
	if _, err := net.Run(0.05); err != nil {
		t.Fatal(err)
	}
	v, _ = net.Object("G").(*NeuronGroup).Values("v")
	if !slices.Equal(sm.I, i1) || !sameBits(sm.T, t1) || !sameBits(sm.Values[0], v1) || !slices.Equal(sm.Count, count1) {
		t.Errorf("spikes differ after restore: %d vs %d", sm.Len(), len(i1))
	}
	if !sameBits(st.Values[0][1], trace1) || !sameBits(pr.Rate, rate1) || !sameBits(v, final1) {
		t.Errorf("state differs after restore")
	}
	// the first run's recordings were not overwritten by the second
	if !slices.Equal(i1, sm.I) {
		t.Errorf("recordings changed")
	}
}

func TestStoreAtStartAndTwice(t *testing.T) {
	net, sm, _, _, s := storeNet(t)
	net.Store("initial")
	if _, err := net.Run(0.03); err != nil {
		t.Fatal(err)
	}
	net.Store("later")
	if _, err := net.Run(0.03); err != nil {
		t.Fatal(err)
	}
	full := slices.Clone(sm.T)
	w, _ := s.Values("w")
	w1 := slices.Clone(w)
	if err := net.Restore("initial"); err != nil {
		t.Fatal(err)
	}
	if net.Step() != 0 || sm.Len() != 0 {
		t.Fatalf("restore to the start: step %d, %d spikes", net.Step(), sm.Len())
	}
	// back to a later state than the current one
	if err := net.Restore("later"); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.03); err != nil {
		t.Fatal(err)
	}
	w, _ = s.Values("w")
	if !sameBits(sm.T, full) || !sameBits(w, w1) {
		t.Errorf("restore to a later state: %d spikes, want %d", sm.Len(), len(full))
	}
	if got := net.Stored(); !slices.Equal(got, []string{"initial", "later"}) {
		t.Errorf("Stored() = %v", got)
	}
}

func TestRestoreErrors(t *testing.T) {
	net, _, _, _, _ := storeNet(t)
	net.Store("a")
	if err := net.Restore("b"); err == nil {
		t.Error("restoring an unknown name worked")
	}
	if _, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 1, Model: "dv/dt = -v/ms : 1"}); err != nil {
		t.Fatal(err)
	}
	if err := net.Restore("a"); err == nil {
		t.Error("restoring with an object added since worked")
	}
}

func TestStoreRestoreGenerator(t *testing.T) {
	net, err := NewNetwork(0.1e-3, 1)
	if err != nil {
		t.Fatal(err)
	}
	sg, err := net.NewSpikeGeneratorGroup("gen", 2, []int{0, 1, 0}, []float64{1e-3, 2e-3, 3e-3}, 0)
	if err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("m", All(sg.NeuronGroup))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(1.5e-3); err != nil {
		t.Fatal(err)
	}
	net.Store("s")
	if _, err := net.Run(5e-3); err != nil {
		t.Fatal(err)
	}
	err = net.Restore("s")
	if net.objects[generatorKey+"gen"] == nil {
		// Until inputs.go keeps the generator under generatorKey, its
		// position cannot be restored, and Restore says so.
		if err == nil {
			t.Fatal("restoring a SpikeGeneratorGroup worked without its state")
		}
		return
	}
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(5e-3); err != nil {
		t.Fatal(err)
	}
	if m.Len() != 3 {
		t.Errorf("%d spikes after restore, want 3", m.Len())
	}
}

func TestNetworkOperation(t *testing.T) {
	net, err := NewNetwork(0.1e-3, 1)
	if err != nil {
		t.Fatal(err)
	}
	var times []float64
	name, err := net.NetworkOperation("", 1e-3, Start, func(t float64) error {
		times = append(times, t)
		if len(times) == 3 {
			return Stop
		}
		return nil
	})
	if err != nil || name != "network_operation" {
		t.Fatal(name, err)
	}
	if _, err := net.Run(0.1); err != nil {
		t.Fatal(err)
	}
	if len(times) != 3 || net.Step() != 21 {
		t.Fatalf("stopped at step %d after %v", net.Step(), times)
	}
	// the next run goes on
	if _, err := net.Run(1.9e-3); err != nil {
		t.Fatal(err)
	}
	if len(times) != 4 || net.Step() != 40 {
		t.Fatalf("step %d after %v", net.Step(), times)
	}
	boom := errors.New("boom")
	name2, err := net.NetworkOperation("", 0, End, func(t float64) error {
		if t >= 5e-3 {
			return boom
		}
		return nil
	})
	if err != nil || name2 != "network_operation_1" {
		t.Fatal(name2, err)
	}
	_, err = net.Run(0.1)
	if !errors.Is(err, boom) || net.Step() != 51 {
		t.Fatalf("error %v at step %d", err, net.Step())
	}
	if _, err := net.NetworkOperation("x", 0.15e-3, Start, func(float64) error { return nil }); err == nil {
		t.Error("a dt that is not a multiple of the network's worked")
	}
	if _, err := net.NetworkOperation("network_operation", 0, Start, func(float64) error { return nil }); err == nil {
		t.Error("a name used twice worked")
	}
}
