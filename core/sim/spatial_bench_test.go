package sim

import (
	"strings"
	"testing"
	"time"

	"github.com/myelin-sim/myelin/core/morph"
)

// The 1 000-compartment HH neuron of the benchmarks: Brian2's
// examples/compartmental/hh_with_spikes.py (10 cm of axon, diameter 476 um,
// exponential Euler, dt = 0.01 ms, threshold m > 0.5, refractory m > 0.4),
// with 1 uA into compartment 0 so that a spike travels along it while the
// benchmark runs (steps 0 to 300 of each 1 000 inject).
const spatialBenchSteps = 1000

func spatialBenchNet(b *testing.B) (*Network, *SpatialNeuron) {
	axon := morph.Must(morph.NewCylinder(1000, 0.1, 2*238e-6))
	net, err := NewNetwork(1e-5, 1)
	if err != nil {
		b.Fatal(err)
	}
	sn, err := net.NewSpatialNeuron(SpatialNeuronSpec{Name: "axon", Morphology: axon, Model: hhModel,
		Method: "exponential_euler", Threshold: "m > 0.5", Refractory: "m > 0.4",
		Cm: 0.01, Ri: 0.354, Externals: hhConstants()})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range [][2]string{{"v", "0*mV"}, {"h", "0.6"}, {"m", "0.05"}, {"n", "0.32"}, {"gNa", "120*msiemens/cm**2"}} {
		if err := sn.Set(s[0], s[1]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := net.NewSpikeMonitor("spikes", All(sn.NeuronGroup)); err != nil {
		b.Fatal(err)
	}
	return net, sn
}

// BenchmarkSpatialHH runs the whole step of the 1 000-compartment HH axon
// (channels, threshold, cable equation, spike monitor) in rounds of 1 000
// steps (10 ms: a spike runs about 12 cm); ns/compartment is the time per
// compartment per step, and compartments/s its inverse.
func BenchmarkSpatialHH(b *testing.B) {
	net, sn := spatialBenchNet(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := processCPU()
	for range b.N {
		if err := sn.SetValue("I", 0, 1e-6); err != nil {
			b.Fatal(err)
		}
		if _, err := net.Run(300 * net.DT); err != nil {
			b.Fatal(err)
		}
		if err := sn.SetValue("I", 0, 0); err != nil {
			b.Fatal(err)
		}
		if _, err := net.Run((spatialBenchSteps - 300) * net.DT); err != nil {
			b.Fatal(err)
		}
	}
	reportSpatial(b, sn.NeuronGroup.N, cpu0, cpuOK)
}

// BenchmarkSpatialHHPoint is the baseline measured beside it: the same
// channels on 1 000 unconnected single-compartment neurons (a NeuronGroup
// with dv/dt = (Im + I/area)/Cm, integrated by exponential Euler), so the
// ratio of the two is the cost of the cable equation and of the
// SpatialNeuron's linearisation.
func BenchmarkSpatialHHPoint(b *testing.B) {
	net, err := NewNetwork(1e-5, 1)
	if err != nil {
		b.Fatal(err)
	}
	model := hhModel + "\ndv/dt = (Im + I/area)/Cm : volt\narea : meter**2\nCm : farad/meter**2\n"
	model = strings.Replace(model, "I : amp (point current)", "I : amp", 1)
	g, err := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 1000, Model: model,
		Method: "exponential_euler", Threshold: "m > 0.5", Refractory: "m > 0.4", Externals: hhConstants()})
	if err != nil {
		b.Fatal(err)
	}
	for _, s := range [][2]string{{"v", "0*mV"}, {"h", "0.6"}, {"m", "0.05"}, {"n", "0.32"},
		{"gNa", "120*msiemens/cm**2"}, {"Cm", "1*uF/cm**2"}, {"area", "1.5e-7*meter**2"}, {"I", "(i % 3)*0.01*uA"}} {
		if err := g.Set(s[0], s[1]); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := net.NewSpikeMonitor("spikes", All(g)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0, cpuOK := processCPU()
	for range b.N {
		if _, err := net.Run(spatialBenchSteps * net.DT); err != nil {
			b.Fatal(err)
		}
	}
	reportSpatial(b, g.N, cpu0, cpuOK)
}

// reportSpatial reports the wall time per compartment per step
// (ns/compartment), its inverse (compartments/s) and, where the process's
// CPU time is known, the CPU time per compartment per step
// (cpu-ns/compartment).
func reportSpatial(b *testing.B, n int, cpu0 time.Duration, cpuOK bool) {
	updates := float64(b.N) * spatialBenchSteps * float64(n)
	per := float64(b.Elapsed().Nanoseconds()) / updates
	b.ReportMetric(per, "ns/compartment")
	b.ReportMetric(1e9/per, "compartments/s")
	if cpu1, ok := processCPU(); ok && cpuOK {
		b.ReportMetric(float64((cpu1-cpu0).Nanoseconds())/updates, "cpu-ns/compartment")
	}
}
