package fmath_test

import (
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/core/fmath"
)

// fmath is used like package math, wherever a result must be the same on
// every platform: here the decay factor of an exponential synapse, and the
// rate of the Hodgkin-Huxley n gate at its removable singularity.
func Example() {
	const dt, tau = 0.1, 5.0 // ms
	decay := fmath.Exp(-dt / tau)
	fmt.Printf("%.17g %#016x\n", decay, math.Float64bits(decay))

	// alpha_n = 0.01/mV * 10*mV / exprel((-v + 10*mV)/(10*mV)) / ms at v = 10 mV.
	v := 10.0
	alphaN := 0.01 * 10 / fmath.Exprel((-v+10)/10)
	fmt.Println(alphaN)

	// A product that is then added must be rounded explicitly, in the
	// caller's code too, or the compiler may fuse it into an FMA on arm64:
	w := float64(decay*v) + 1
	fmt.Println(w)
	// Output:
	// 0.98019867330675525 0x3fef5dc99badec5b
	// 0.1
	// 10.801986733067553
}

func ExampleExprel() {
	for _, x := range []float64{0, 1e-10, 1e-3, 1, -1} {
		fmt.Printf("Exprel(%g) = %.17g\n", x, fmath.Exprel(x))
	}
	// Output:
	// Exprel(0) = 1
	// Exprel(1e-10) = 1.00000000005
	// Exprel(0.001) = 1.0005001667083417
	// Exprel(1) = 1.7182818284590453
	// Exprel(-1) = 0.63212055882855767
}
