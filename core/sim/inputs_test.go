package sim

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

// TestBinomial checks the sampler against the binomial distribution: mean
// and variance within a few standard errors, and (for small n) the
// probabilities by a chi-square test, in both of numpy's regimes
// (inversion for n*min(p,1-p) <= 30, BTPE above) and for p > 1/2.
func TestBinomial(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, c := range []struct {
		n int64
		p float64
	}{{1, 0.5}, {10, 0.3}, {50, 0.002}, {50, 0.9}, {40, 0.75}, {100, 0.5}, {1000, 0.05}, {10000, 0.01}, {200, 0.97}, {12, 0}, {12, 1}, {0, 0.3}} {
		b := newBinomial(c.n, c.p)
		const draws = 200000
		counts := map[int64]int{}
		sum, sum2 := 0.0, 0.0
		for k := 0; k < draws; k++ {
			x := b.sample(rng)
			if x < 0 || x > c.n {
				t.Fatalf("binomial(%d, %g) drew %d", c.n, c.p, x)
			}
			counts[x]++
			fx := float64(x)
			sum += fx
			sum2 += fx * fx
		}
		n := float64(c.n)
		mean, variance := n*c.p, n*c.p*(1-c.p)
		gotMean := sum / draws
		gotVar := sum2/draws - gotMean*gotMean
		if variance == 0 {
			if gotMean != mean || gotVar != 0 {
				t.Errorf("binomial(%d, %g): mean %g, variance %g", c.n, c.p, gotMean, gotVar)
			}
			continue
		}
		// The variance of the sample variance is (mu4 - sigma^4)/draws.
		mu4 := variance * (1 + 3*(n-2)*c.p*(1-c.p))
		seMean := math.Sqrt(variance / draws)
		seVar := math.Sqrt((mu4 - variance*variance) / draws)
		// (plus a second-order term, the whole error where mu4 = sigma^4)
		if math.Abs(gotMean-mean) > 5*seMean || math.Abs(gotVar-variance) > 5*seVar+25*variance/draws {
			t.Errorf("binomial(%d, %g): mean %g (want %g ± %.2g), variance %g (want %g ± %.2g)",
				c.n, c.p, gotMean, mean, seMean, gotVar, variance, seVar)
		}
		if c.n > 200 {
			continue
		}
		// Chi-square over the values with an expected count of at least 20.
		chi2, dof := 0.0, -1
		for x := int64(0); x <= c.n; x++ {
			lp := lgamma(n+1) - lgamma(float64(x)+1) - lgamma(n-float64(x)+1) +
				float64(x)*math.Log(c.p) + (n-float64(x))*math.Log1p(-c.p)
			want := draws * math.Exp(lp)
			if want < 20 {
				continue
			}
			d := float64(counts[x]) - want
			chi2 += d * d / want
			dof++
		}
		// Far beyond the 99.99th percentile of chi-square for these dof.
		if dof > 0 && chi2 > float64(dof)+8*math.Sqrt(2*float64(dof))+20 {
			t.Errorf("binomial(%d, %g): chi-square %g for %d degrees of freedom", c.n, c.p, chi2, dof)
		}
	}
}

func lgamma(x float64) float64 { v, _ := math.Lgamma(x); return v }

type poissonRef struct {
	N         int     `json:"n"`
	Rate      float64 `json:"rate"`
	Weight    float64 `json:"weight"`
	Neurons   int     `json:"neurons"`
	Steps     int     `json:"steps"`
	Mean      float64 `json:"mean"`
	Var       float64 `json:"var"`
	TheoryMu  float64 `json:"theory_mean"`
	TheoryVar float64 `json:"theory_var"`
}

// TestPoissonInputStatistics: the increments PoissonInput adds have the
// binomial mean and variance, as Brian2's do (within a few standard
// errors), exactly binomial or with Brian2's normal approximation.
func TestPoissonInputStatistics(t *testing.T) {
	var ref map[string]json.RawMessage
	loadInputs(t, "poisson.json", &ref)
	for _, name := range []string{"small", "large"} {
		var c poissonRef
		check(t, json.Unmarshal(ref[name], &c))
		for _, approx := range []bool{false, true} {
			net := newNet(t, 1e-4)
			g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: c.Neurons, Model: "v : volt"}))
			pi := must[*PoissonInput](t)(net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: c.N,
				Rate: c.Rate, Weight: fmt.Sprintf("%g*volt", c.Weight), Approximate: approx}))
			if pi.Name != "poissoninput" || pi.Normal != (approx && name == "large") {
				t.Errorf("%s: name %s, normal approximation %v", name, pi.Name, pi.Normal)
			}
			v := g.Variable("v").Col.Data
			prev := make([]float64, len(v))
			var incs []float64
			for s := 0; s < c.Steps; s++ {
				copy(prev, v)
				must[any](t)(net.Run(net.DT))
				for k := range v {
					incs = append(incs, (v[k]-prev[k])/c.Weight)
				}
			}
			mean, variance := meanVar(incs)
			m := float64(len(incs))
			seMean := math.Sqrt(c.TheoryVar / m)
			seVar := c.TheoryVar * math.Sqrt(2/m) * 1.5 // near-normal; generous for the skew of small n*p
			t.Logf("%s (approximate %v): mean %.5g var %.5g; Brian2 %.5g %.5g; theory %.5g %.5g",
				name, approx, mean, variance, c.Mean, c.Var, c.TheoryMu, c.TheoryVar)
			for _, x := range []struct {
				who      string
				mean, vr float64
			}{{"myelin", mean, variance}, {"Brian2", c.Mean, c.Var}} {
				if math.Abs(x.mean-c.TheoryMu) > 5*seMean || math.Abs(x.vr-c.TheoryVar) > 5*seVar {
					t.Errorf("%s %s: mean %g var %g, theory %g %g", name, x.who, x.mean, x.vr, c.TheoryMu, c.TheoryVar)
				}
			}
			if !approx {
				for _, x := range incs {
					if math.Abs(x-math.Round(x)) > 1e-6 {
						t.Fatalf("%s: an exact binomial increment of %g inputs", name, x)
					}
				}
			}
		}
	}
}

func meanVar(x []float64) (float64, float64) {
	s := 0.0
	for _, v := range x {
		s += v
	}
	m := s / float64(len(x))
	ss := 0.0
	for _, v := range x {
		ss += (v - m) * (v - m)
	}
	return m, ss / float64(len(x))
}

// TestPoissonGroupStatistics: spike counts of PoissonGroups (rates as an
// expression of t and i, and as values) agree with the expected counts,
// and so do Brian2's.
func TestPoissonGroupStatistics(t *testing.T) {
	var ref struct {
		Expr struct {
			N          int     `json:"n"`
			Rates      string  `json:"rates"`
			Duration   float64 `json:"duration"`
			Total      int     `json:"total"`
			FirstHalf  int     `json:"first_half"`
			SecondHalf int     `json:"second_half"`
		} `json:"group_expr"`
		Values struct {
			N        int     `json:"n"`
			Duration float64 `json:"duration"`
			Total    int     `json:"total"`
		} `json:"group_values"`
	}
	loadInputs(t, "poisson.json", &ref)
	net := newNet(t, 1e-4)
	p := must[*NeuronGroup](t)(net.NewPoissonGroup(PoissonGroupSpec{Name: "P", N: ref.Expr.N, Rates: ref.Expr.Rates}))
	values := make([]float64, ref.Values.N)
	for k := range values {
		values[k] = 5 + 45*float64(k)/float64(len(values)-1) // linspace(5, 50, 500)
	}
	q := must[*NeuronGroup](t)(net.NewPoissonGroup(PoissonGroupSpec{Name: "Q", N: ref.Values.N, RateValues: values}))
	mp := must[*SpikeMonitor](t)(net.NewSpikeMonitor("mp", All(p)))
	mq := must[*SpikeMonitor](t)(net.NewSpikeMonitor("mq", All(q)))
	must[any](t)(net.Run(ref.Expr.Duration))

	// Expected counts: a Bernoulli draw per neuron and step.
	steps := int(math.Round(ref.Expr.Duration / net.DT))
	var mean, variance [2]float64 // first and second half of P
	for s := 0; s < steps; s++ {
		tt := float64(s) * net.DT
		for i := 0; i < ref.Expr.N; i++ {
			r := (10 + 20*float64(i)/float64(ref.Expr.N)) * (1 + 0.5*math.Sin(2*math.Pi*20*tt))
			pr := r * net.DT
			h := 0
			if i >= ref.Expr.N/2 {
				h = 1
			}
			mean[h] += pr
			variance[h] += pr * (1 - pr)
		}
	}
	var got [2]int
	for _, i := range mp.I {
		got[int(i)/(ref.Expr.N/2)]++
	}
	want := [2]int{ref.Expr.FirstHalf, ref.Expr.SecondHalf}
	for h := range got {
		sd := math.Sqrt(variance[h])
		t.Logf("P half %d: %d spikes, Brian2 %d, expected %.1f ± %.1f", h, got[h], want[h], mean[h], sd)
		if math.Abs(float64(got[h])-mean[h]) > 5*sd || math.Abs(float64(want[h])-mean[h]) > 5*sd {
			t.Errorf("P half %d: %d spikes (Brian2 %d), expected %.1f ± %.1f", h, got[h], want[h], mean[h], sd)
		}
	}
	qm, qv := 0.0, 0.0
	for _, r := range values {
		pr := r * net.DT
		qm += pr * float64(steps)
		qv += pr * (1 - pr) * float64(steps)
	}
	t.Logf("Q: %d spikes, Brian2 %d, expected %.1f ± %.1f", mq.Len(), ref.Values.Total, qm, math.Sqrt(qv))
	for _, n := range []int{mq.Len(), ref.Values.Total} {
		if math.Abs(float64(n)-qm) > 5*math.Sqrt(qv) {
			t.Errorf("Q: %d spikes, expected %.1f ± %.1f", n, qm, math.Sqrt(qv))
		}
	}
	// Rates are a parameter that can be changed.
	check(t, q.Set("rates", "0*Hz"))
	before := mq.Len()
	must[any](t)(net.Run(0.01))
	if mq.Len() != before {
		t.Errorf("a PoissonGroup with rates 0 spiked")
	}
}

// TestSmoothRateBrian2 compares SmoothRate with what Brian2's smooth_rate
// returned (testdata/brian2/smooth_rate.json), numpy's length included.
func TestSmoothRateBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "smooth_rate.json"))
	check(t, err)
	var ref struct {
		Recordings []struct {
			DT    float64   `json:"dt"`
			Rate  []float64 `json:"rate"`
			Cases []struct {
				Window string    `json:"window"`
				Width  float64   `json:"width"`
				Smooth []float64 `json:"smooth"`
			} `json:"cases"`
		} `json:"recordings"`
	}
	check(t, json.Unmarshal(raw, &ref))
	cases := 0
	for _, rec := range ref.Recordings {
		scale := 0.0
		for _, v := range rec.Rate {
			scale = math.Max(scale, math.Abs(v))
		}
		for _, c := range rec.Cases {
			w := must[Window](t)(ParseWindow(c.Window))
			got := must[[]float64](t)(SmoothRate(rec.Rate, rec.DT, w, c.Width))
			// numpy sums in another order: agree to 1e-12 of the largest rate.
			sameValues(t, c.Window+" "+units.Q(c.Width, units.Second).String(), got, c.Smooth, 1e-12*scale)
			cases++
		}
	}
	if cases < 10 {
		t.Fatalf("only %d cases", cases)
	}
	m := &PopulationRateMonitor{Rate: ref.Recordings[0].Rate, dt: ref.Recordings[0].DT}
	a := must[[]float64](t)(m.SmoothRate(GaussianWindow, 1e-3))
	b := must[[]float64](t)(SmoothRateWith(m.Rate, must[[]float64](t)(SmoothingWindow(GaussianWindow, 1e-3, m.dt))))
	sameValues(t, "method", a, b, 0)
	for _, bad := range [][]float64{{1, 1}, {1, -1, 0}} {
		if _, err := SmoothRateWith(m.Rate, bad); err == nil {
			t.Errorf("window %v accepted", bad)
		}
	}
}

// TestNoAllocationsPerStep: a network with every kind of input and code
// but no monitor allocates nothing while it runs.
func TestNoAllocationsPerStep(t *testing.T) {
	net := newNet(t, 1e-4)
	g := must[*NeuronGroup](t)(net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 300,
		Model:     "dv/dt = (I - v)/(10*ms) : volt\nI : volt\nn : 1\nx : volt (linked)",
		Threshold: "v > 10*mV", Reset: "v = 0*mV", Refractory: "2*ms", Method: "exact",
		Events: map[string]string{"half": "v > 5*mV"}}))
	check(t, g.Set("I", "(5 + 10*rand())*mV"))
	check(t, g.Link("x", All(g), "v", nil))
	must[string](t)(g.RunOnEvent("half", "n += 1"))
	must[string](t)(must[Source](t)(g.Sub(100, 200)).RunRegularly("v += 0.1*mV*i/N", 3e-4))
	must[*PoissonInput](t)(net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: 100, Rate: 10, Weight: "0.2*mV"}))
	must[*NeuronGroup](t)(net.NewPoissonGroup(PoissonGroupSpec{Name: "P", N: 100, Rates: "20*Hz*(1 + sin(t/ms))"}))
	sg := must[*SpikeGeneratorGroup](t)(net.NewSpikeGeneratorGroup("S", 3, []int{0, 1, 2}, []float64{1e-4, 2e-4, 3e-4}, 1e-3))
	_ = sg
	must[any](t)(net.Run(5e-3)) // grow the spike buffers
	allocs := testing.AllocsPerRun(5, func() {
		if _, err := net.Run(5e-3); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("a run of 50 steps allocates %v times", allocs)
	}
}

func BenchmarkBinomial(b *testing.B) {
	for _, c := range []struct {
		name string
		n    int64
		p    float64
	}{{"inversion", 100, 0.002}, {"btpe", 10000, 0.01}} {
		b.Run(c.name, func(b *testing.B) {
			bin := newBinomial(c.n, c.p)
			rng := rand.New(rand.NewPCG(1, 2))
			s := int64(0)
			for b.Loop() {
				s += bin.sample(rng)
			}
			_ = s
		})
	}
}

// BenchmarkPoissonInput is a step of PoissonInput on 10000 neurons (1000
// inputs at 5 Hz each: binomial(1000, 0.0005) draws by inversion).
func BenchmarkPoissonInput(b *testing.B) {
	net, _ := NewNetwork(1e-4, 1)
	g, _ := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 10000, Model: "v : volt"})
	if _, err := net.NewPoissonInput(PoissonInputSpec{Target: All(g), Var: "v", N: 1000, Rate: 5, Weight: "0.1*mV"}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := net.Run(net.DT); err != nil {
			b.Fatal(err)
		}
	}
}
