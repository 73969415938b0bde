package sim

import (
	"math"
	"testing"

	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/units"
)

// ballAndStickRin is cable theory's input resistance of a soma of diameter
// ds and a sealed dendrite of length l and diameter d.
func ballAndStickRin(ds, l, d, gl, ri float64) float64 {
	lam := math.Sqrt(d / gl / (4 * ri))
	ginf := math.Pi * d * d / (4 * ri) / lam
	return 1 / (math.Pi*ds*ds*gl + ginf*math.Tanh(l/lam))
}

func TestSpatialNeuronBallAndStick(t *testing.T) {
	soma := morph.Must(morph.NewSoma(30e-6))
	if err := soma.Add("dend", morph.Must(morph.NewCylinder(100, 1000e-6, 1e-6))); err != nil {
		t.Fatal(err)
	}
	net, err := NewNetwork(1e-4, 1)
	if err != nil {
		t.Fatal(err)
	}
	el := -70e-3
	sn, err := net.NewSpatialNeuron(SpatialNeuronSpec{Name: "cell", Morphology: soma,
		Model: `
Im = gL*(EL - v) : amp/meter**2
gL : siemens/meter**2
I : amp (point current)
`, Cm: 0.01, Ri: 1.5,
		Externals: constants(map[string]units.Quantity{"EL": {Value: el, Dim: units.DimVoltage}})})
	if err != nil {
		t.Fatal(err)
	}
	if sn.NeuronGroup.N != 101 {
		t.Fatalf("N = %d", sn.NeuronGroup.N)
	}
	for _, s := range [][2]string{{"v", "EL"}, {"gL", "1e-4*siemens/cm**2"}} {
		if err := sn.Set(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sn.SetAt("I", "0.1*nA", []int{0}, ""); err != nil {
		t.Fatal(err)
	}
	mon, err := net.NewStateMonitor("m", All(sn.NeuronGroup), []string{"v"}, []int{0, 100}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.15); err != nil {
		t.Fatal(err)
	}
	v, _ := sn.Values("v")
	want := 0.1e-9 * ballAndStickRin(30e-6, 1000e-6, 1e-6, 1, 1.5)
	got := v[0] - el
	if math.Abs(got-want) > 0.01*want {
		t.Errorf("V_soma - EL = %g V, cable theory %g V", got, want)
	}
	if math.Abs(want-24.4e-3) > 0.2e-3 {
		t.Errorf("cable theory's value %g is not ~24.4 mV", want)
	}
	if v[100] >= v[0] || v[100] <= el {
		t.Errorf("v at the dendrite's end %g, soma %g", v[100], v[0])
	}
	if len(mon.T) == 0 {
		t.Errorf("the monitor recorded nothing")
	}
	// Ic is ~0 at steady state; the where condition selects compartments.
	if err := sn.SetAt("gL", "2e-4*siemens/cm**2", nil, "distance > 500*um"); err != nil {
		t.Fatal(err)
	}
	gl, _ := sn.Values("gL")
	d, _ := sn.Values("distance")
	for k := range gl {
		want := 1.0
		if d[k] > 500e-6 {
			want = 2
		}
		if gl[k] != want {
			t.Fatalf("gL[%d] = %g at distance %g", k, gl[k], d[k])
		}
	}
}

const hhModel = `
Im = gl * (El-v) + gNa * m**3 * h * (ENa-v) + gK * n**4 * (EK-v) : amp/meter**2
I : amp (point current)
gNa : siemens/meter**2
dm/dt = alpham * (1-m) - betam * m : 1
dn/dt = alphan * (1-n) - betan * n : 1
dh/dt = alphah * (1-h) - betah * h : 1
alpham = (0.1/mV) * 10*mV/exprel((-v+25*mV)/(10*mV))/ms : Hz
betam = 4 * exp(-v/(18*mV))/ms : Hz
alphah = 0.07 * exp(-v/(20*mV))/ms : Hz
alphan = (0.01/mV) * 10*mV/exprel((-v+10*mV)/(10*mV))/ms : Hz
betan = 0.125*exp(-v/(80*mV))/ms : Hz
betah = 1/(exp((-v+30*mV) / (10*mV)) + 1)/ms : Hz
`

func hhConstants() lower.Scope {
	return constants(map[string]units.Quantity{
		"El":  {Value: 10.613e-3, Dim: units.DimVoltage},
		"ENa": {Value: 115e-3, Dim: units.DimVoltage},
		"EK":  {Value: -12e-3, Dim: units.DimVoltage},
		"gl":  {Value: 3, Dim: units.DimConductance.Div(units.DimLength.Mul(units.DimLength))},
		"gK":  {Value: 360, Dim: units.DimConductance.Div(units.DimLength.Mul(units.DimLength))},
	})
}

// TestSpatialNeuronHHAxon is Brian2's examples/compartmental/hh_with_spikes.py
// on a shorter axon: a current injected at one end starts a spike that
// reaches the other end later.
func TestSpatialNeuronHHAxon(t *testing.T) {
	for _, method := range []string{"exponential_euler", ""} {
		t.Run("method="+method, func(t *testing.T) { hhAxon(t, method) })
	}
}

func hhAxon(t *testing.T, method string) {
	axon := morph.Must(morph.NewCylinder(200, 4e-2, 2*238e-6))
	net, err := NewNetwork(1e-5, 1)
	if err != nil {
		t.Fatal(err)
	}
	sn, err := net.NewSpatialNeuron(SpatialNeuronSpec{Name: "axon", Morphology: axon, Model: hhModel,
		Method: method, Threshold: "m > 0.5", Refractory: "m > 0.4",
		Cm: 0.01, Ri: 0.354, Externals: hhConstants()})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range [][2]string{{"v", "0*mV"}, {"h", "1"}, {"m", "0"}, {"n", "0.5"}, {"gNa", "120*msiemens/cm**2"}} {
		if err := sn.Set(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	spikes, err := net.NewSpikeMonitor("spikes", All(sn.NeuronGroup))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(5e-3); err != nil {
		t.Fatal(err)
	}
	if spikes.Len() != 0 {
		t.Fatalf("%d spikes before the injection", spikes.Len())
	}
	if err := sn.SetValue("I", 0, 1e-6); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(3e-3); err != nil {
		t.Fatal(err)
	}
	if err := sn.SetValue("I", -1, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(10e-3); err != nil {
		t.Fatal(err)
	}
	first := map[int]float64{}
	for k := 0; k < spikes.Len(); k++ {
		i, ts := spikes.Spike(k)
		if _, ok := first[i]; !ok {
			first[i] = ts
		}
	}
	t0, ok0 := first[0]
	tn, okn := first[199]
	tm, okm := first[100]
	if !ok0 || !okn || !okm {
		t.Fatalf("the spike did not propagate: first spikes %v", first)
	}
	if !(t0 < tm && tm < tn) {
		t.Errorf("spike times: near end %g, middle %g, far end %g", t0, tm, tn)
	}
	// Conduction velocity: Brian2's example gives ~12 m/s for this axon.
	vel := (float64(199) * 2e-4) / (tn - t0)
	if vel < 5 || vel > 30 {
		t.Errorf("conduction velocity %g m/s", vel)
	}
	t.Logf("method %s, spike at 0: %g s, at 199: %g s, velocity %g m/s", sn.Method, t0, tn, vel)
}
