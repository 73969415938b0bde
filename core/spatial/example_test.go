package spatial_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/morph"
	"github.com/myelin-sim/myelin/core/spatial"
)

// A passive ball-and-stick neuron, as Brian2 writes it:
//
//	morpho = Soma(30*um)
//	morpho.dend = Cylinder(n=100, length=1000*um, diameter=1*um)
//	neuron = SpatialNeuron(morpho, '''Im = gL*(EL - v) : amp/meter**2
//	                                  I : amp (point current)''',
//	                       Cm=1*uF/cm**2, Ri=150*ohm*cm)
//	neuron.I[0] = 0.1*nA
//	run(50*ms)
//
// The membrane current Im = gL*(EL - v) is linear in v, so I0 = gL*EL and
// gtot = gL at every step; an active membrane would compute them from its
// channels before each step.
func Example() {
	const um = morph.Micrometre
	soma := morph.Must(morph.NewSoma(30 * um))
	if err := soma.Add("dend", morph.Must(morph.NewCylinder(100, 1000*um, 1*um))); err != nil {
		fmt.Println(err)
		return
	}
	flat := soma.Flatten()

	const (
		cm = 0.01   // 1 uF/cm² in F/m²
		ri = 1.5    // 150 ohm·cm in ohm·m
		gL = 1.0    // 1e-4 S/cm² in S/m²
		EL = -0.070 // V
		dt = 25e-6  // s
	)
	cable, err := spatial.New(flat, []float64{cm}, ri)
	if err != nil {
		fmt.Println(err)
		return
	}
	n := cable.N()
	v, i0, gtot, point := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		v[i] = EL
		i0[i] = gL * EL // Im = I0 - gtot*v
		gtot[i] = gL
	}
	point[0] = 0.1e-9 // 0.1 nA into the soma
	for range 2000 {  // 50 ms
		cable.Step(v, i0, gtot, point, dt)
	}
	fmt.Printf("soma: %.2f mV, dendrite's end: %.2f mV\n", v[0]*1e3, v[n-1]*1e3)
	// After five time constants, nearly the steady state (cable theory:
	// 244 Mohm).
	fmt.Printf("input resistance: %.0f Mohm\n", (v[0]-EL)/point[0]/1e6)

	// The axial current into the dendrite's first compartment, from the soma.
	axial := make([]float64, n)
	cable.AxialCurrent(v, axial)
	fmt.Printf("current into the dendrite: %.1f pA of %.1f pA\n", axial[1]*1e12, point[0]*1e12)
	// Output:
	// soma: -45.67 mV, dendrite's end: -65.92 mV
	// input resistance: 243 Mohm
	// current into the dendrite: 30.9 pA of 100.0 pA
}
