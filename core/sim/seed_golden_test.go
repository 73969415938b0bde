package sim_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/sim"
)

var updateGolden = flag.Bool("update", false, "rewrite core/sim's golden files")

// TestSeedGolden runs a noisy network — initial values from rand() and
// randn(), xi noise, a PoissonGroup, a PoissonInput's binomial draws and
// Synapses connected with a probability — and compares every spike with
// testdata/seed.golden. The test runs natively (make test-native) and under
// WebAssembly (make test-wasm) against the same file: one seed gives
// identical spikes on both. go test -run SeedGolden -update rewrites it.
func TestSeedGolden(t *testing.T) {
	net, err := sim.NewNetwork(1e-4, 42)
	if err != nil {
		t.Fatal(err)
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: 40,
		Model: `dv/dt = (I - v)/tau + sigma*xi*tau**-0.5 : 1 (unless refractory)
			I : 1`,
		Threshold: "v > 1", Reset: "v = 0", Refractory: "2*ms", Method: "euler",
		Externals: constScope(map[string]string{"tau": "10*ms", "sigma": "0.3"})})
	if err != nil {
		t.Fatal(err)
	}
	// In this order: each draws from the network's generator.
	for _, set := range [][2]string{{"v", "rand()"}, {"I", "0.8 + 0.1*randn()"}} {
		if err := g.Set(set[0], set[1]); err != nil {
			t.Fatal(err)
		}
	}
	p, err := net.NewPoissonGroup(sim.PoissonGroupSpec{Name: "P", N: 20, RateValues: []float64{30}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := net.NewSynapses(sim.SynapsesSpec{Name: "S", Source: sim.All(p), Target: sim.All(g), OnPre: "v_post += 0.1"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Connect(sim.ConnectSpec{P: "0.2"}); err != nil {
		t.Fatal(err)
	}
	if _, err := net.NewPoissonInput(sim.PoissonInputSpec{Target: sim.All(g), Var: "v", N: 50, Rate: 20, Weight: "0.02"}); err != nil {
		t.Fatal(err)
	}
	m, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.3); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "# %d synapses; neuron and step of every spike of G\n", s.Count())
	for k := range m.I {
		fmt.Fprintf(&out, "%d %.0f\n", m.I[k], m.T[k]/1e-4)
	}
	path := filepath.Join("testdata", "seed.golden")
	if *updateGolden {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() < 50 {
		t.Fatalf("only %d spikes: the comparison says little", m.Len())
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Errorf("the spikes differ from %s (%d spikes now): the same seed must give the same run everywhere", path, m.Len())
	}
}
