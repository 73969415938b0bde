package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// TestSpatialNaNCoordinates: when some sections have coordinates and the
// soma has none, the soma's x, y and z are NaN, as in Brian2. That is a
// value, not a blow-up: the run goes on. A NaN in v still stops it.
func TestSpatialNaNCoordinates(t *testing.T) {
	build := func(t *testing.T) (*Network, *SpatialNeuron) {
		soma := morph.Must(morph.NewSoma(20e-6))
		dend := morph.Must(morph.NewCylinderBetween(10, 1e-6, morph.Point{}, morph.Point{X: 60e-6, Y: 80e-6}))
		if err := soma.Add("dend", dend); err != nil {
			t.Fatal(err)
		}
		net, err := NewNetwork(1e-4, 1)
		if err != nil {
			t.Fatal(err)
		}
		sn, err := net.NewSpatialNeuron(SpatialNeuronSpec{Name: "cell", Morphology: soma,
			Model: "Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2", Cm: 0.01, Ri: 1.5})
		if err != nil {
			t.Fatal(err)
		}
		return net, sn
	}
	net, sn := build(t)
	x, _ := sn.Values("x")
	if !math.IsNaN(x[0]) || math.IsNaN(x[1]) {
		t.Fatalf("x = %v: want NaN at the soma only", x[:2])
	}
	if _, err := net.Run(0.01); err != nil {
		t.Fatalf("a soma without coordinates stopped the run: %v", err)
	}
	net, sn = build(t)
	if err := sn.SetValue("v", 3, math.NaN()); err != nil {
		t.Fatal(err)
	}
	if _, err := net.Run(0.01); err == nil || !strings.Contains(err.Error(), "cell.v") {
		t.Errorf("a NaN in v: %v, want the blow-up named", err)
	}
}
