package sim_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/sim"
)

// ifNoiseRef is what scripts/brian2/ifnoise.py writes.
type ifNoiseRef struct {
	N          int
	Duration   float64
	Dt         float64
	Tau        float64
	Sigma      float64
	Model      string
	Threshold  string
	Reset      string
	Refractory string
	Method     string
	Seeds      []int
	I          []float64
	Counts     [][]int // Counts[run][neuron]
}

// ifNoiseCounts runs the noisy I–F curve of ref with one seed.
func ifNoiseCounts(ref *ifNoiseRef, seed uint64) ([]int, error) {
	net, err := sim.NewNetwork(ref.Dt, seed)
	if err != nil {
		return nil, err
	}
	g, err := net.NewNeuronGroup(sim.NeuronGroupSpec{Name: "G", N: ref.N, Model: ref.Model,
		Threshold: ref.Threshold, Reset: ref.Reset, Refractory: ref.Refractory, Method: ref.Method,
		Externals: constScope(map[string]string{"tau": "10*ms", "sigma": "0.3"})})
	if err != nil {
		return nil, err
	}
	if err := g.Set("I", "2.0*i/(N-1)"); err != nil {
		return nil, err
	}
	m, err := net.NewSpikeMonitor("spikes", sim.All(g))
	if err != nil {
		return nil, err
	}
	if _, err := net.Run(ref.Duration); err != nil {
		return nil, err
	}
	return m.Count, nil
}

// meanVar returns the mean and the sample variance of column i of counts.
func meanVar(counts [][]int, i int) (mean, variance float64) {
	n := float64(len(counts))
	for _, c := range counts {
		mean += float64(c[i])
	}
	mean /= n
	for _, c := range counts {
		d := float64(c[i]) - mean
		variance += d * d
	}
	return mean, variance / (n - 1)
}

// TestIFNoiseBrian2 compares the I–F curve of LIF neurons driven by xi
// noise with Brian2's (scripts/brian2/ifnoise.py, 20 seeds). The two draw
// different random numbers, so only the statistics can agree: for every
// input current, the difference of the mean spike counts over 20 seeds of
// each must lie within 4 of its standard errors (4 rather than 3, since 41
// currents are tested at once and a false alarm should be rare: about 0.3%
// here), and the sum of the squared standardised differences must lie
// below the 99.9% quantile of the chi-squared distribution, which a
// systematic shift of many means by less than 4 errors would exceed.
func TestIFNoiseBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "ifnoise.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref ifNoiseRef
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	if ref.Tau != 0.01 || ref.Sigma != 0.3 || len(ref.Counts) < 10 {
		t.Fatalf("the reference has tau %v, sigma %v and %d runs; this test expects 10 ms, 0.3 and at least 10", ref.Tau, ref.Sigma, len(ref.Counts))
	}
	var mine [][]int
	for k := range ref.Seeds {
		c, err := ifNoiseCounts(&ref, uint64(1000+k))
		if err != nil {
			t.Fatal(err)
		}
		mine = append(mine, c)
	}
	nb, nm := float64(len(ref.Counts)), float64(len(mine))
	chi2, dof := 0.0, 0
	for i := range ref.N {
		mb, vb := meanVar(ref.Counts, i)
		mm, vm := meanVar(mine, i)
		se := math.Sqrt(vb/nb + vm/nm)
		if se == 0 {
			if mb != mm {
				t.Errorf("I = %.2f: %v spikes in every run, Brian2 %v in every run", ref.I[i], mm, mb)
			}
			continue
		}
		z := (mm - mb) / se
		chi2 += z * z
		dof++
		if math.Abs(z) > 4 {
			t.Errorf("I = %.2f: mean count %.2f (sd %.2f), Brian2 %.2f (sd %.2f): %.1f standard errors apart",
				ref.I[i], mm, math.Sqrt(vm), mb, math.Sqrt(vb), z)
		}
	}
	// Wilson and Hilferty's approximation of the chi-squared quantile
	k := float64(dof)
	q := k * math.Pow(1-2/(9*k)+3.090*math.Sqrt(2/(9*k)), 3) // 3.090: the normal's 99.9% quantile
	if chi2 > q {
		t.Errorf("sum of squared standardised differences %.1f over %d currents, above the 99.9%% quantile %.1f", chi2, dof, q)
	}
	t.Logf("chi-squared %.1f over %d currents (99.9%% quantile %.1f)", chi2, dof, q)
}
