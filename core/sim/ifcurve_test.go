package sim_test

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/sim"
)

// ifCurve runs the I–F curve of scripts/brian2/ifcurve_reference.py with
// the integration method given and returns every neuron's spike count and
// input.
func ifCurve(method string, n int) (count []int, input []float64, err error) {
	net, err := sim.NewNetwork(0.1e-3, 1)
	if err != nil {
		return nil, nil, err
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: n,
		Model: `dv/dt = (I - v)/tau : 1 (unless refractory)
			I : 1`,
		Threshold: "v > 1", Reset: "v = 0", Refractory: "5*ms", Method: method,
		Externals: constScope(map[string]string{"tau": "10*ms"})})
	if err != nil {
		return nil, nil, err
	}
	if err := g.Set("I", "2.0*i/(N-1)"); err != nil {
		return nil, nil, err
	}
	m, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		return nil, nil, err
	}
	if _, err := net.Run(1); err != nil {
		return nil, nil, err
	}
	input, _ = g.Values("I")
	return m.Count, input, nil
}

func TestIFCurveBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "ifcurve", "ifcurve.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		N       int
		Methods map[string]struct {
			I     []float64
			Count []int
		}
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	for _, method := range []string{"exact", "euler"} {
		want, ok := ref.Methods[method]
		if !ok {
			t.Fatalf("no reference for method %s", method)
		}
		count, input, err := ifCurve(method, ref.N)
		if err != nil {
			t.Fatal(err)
		}
		for i := range count {
			// Brian2 computes 2.0/(N-1) once (its loop-invariant
			// optimisation) and multiplies by i: I can differ in the last bit.
			if math.Abs(input[i]-want.I[i]) > 1e-15*math.Abs(want.I[i]) {
				t.Errorf("%s: I[%d] = %v, Brian2 %v", method, i, input[i], want.I[i])
			}
			if count[i] != want.Count[i] {
				t.Errorf("%s: neuron %d (I = %.4f) spiked %d times, Brian2 %d", method, i, input[i], count[i], want.Count[i])
			}
		}
	}
}

// The I–F curve of a LIF neuron: 100 neurons with inputs from 0 to 2 (the
// threshold is 1), refractory for 5 ms after each spike; the spike counts
// in 1 s.
func ExampleNetwork_ifCurve() {
	count, input, err := ifCurve("exact", 100)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, i := range []int{0, 49, 50, 60, 80, 99} {
		fmt.Printf("I = %.3f: %d spikes\n", input[i], count[i])
	}
	// Output:
	// I = 0.000: 0 spikes
	// I = 0.990: 0 spikes
	// I = 1.010: 19 spikes
	// I = 1.212: 44 spikes
	// I = 1.616: 68 spikes
	// I = 2.000: 84 spikes
}
