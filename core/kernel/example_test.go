package kernel_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/myelin-sim/myelin/core/kernel"
)

// A leaky integrate-and-fire group with exponential synapses, integrated
// exactly: compile the update, the threshold and the reset once, then run
// them every step.
func Example() {
	const n = 5
	v := &kernel.Column{Name: "v", Data: []float64{-0.06, -0.055, -0.0505, -0.052, -0.058}}
	ge := &kernel.Column{Name: "ge", Data: []float64{0, 0.004, 0.002, 0, 0.001}}
	dt := &kernel.Column{Name: "dt", Data: []float64{1e-4}, Scalar: true}
	el, taum, taue := kernel.Const(-0.049), kernel.Const(0.02), kernel.Const(0.005)

	// em = exp(-dt/taum) and ee = exp(-dt/taue) are invariant: computed once per call.
	em := kernel.Call(kernel.FuncExp, kernel.Div(kernel.Neg(kernel.Var(dt)), taum))
	ee := kernel.Call(kernel.FuncExp, kernel.Div(kernel.Neg(kernel.Var(dt)), taue))
	// the propagator of ge into v: taue/(taue - taum)*(ee - em)
	a := kernel.Mul(kernel.Div(taue, kernel.Sub(taue, taum)), kernel.Sub(ee, em))
	update, err := kernel.Compile([]kernel.Stmt{
		// _v = El + (v - El)*em + ge*a; ge = ge*ee; v = _v
		kernel.SetTemp("_v", kernel.Add(kernel.Add(el, kernel.Mul(kernel.Sub(kernel.Var(v), el), em)),
			kernel.Mul(kernel.Var(ge), a))),
		kernel.Set(ge, kernel.Mul(kernel.Var(ge), ee)),
		kernel.Set(v, kernel.Temp("_v")),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	threshold, _ := kernel.CompileCondition(kernel.Bin(kernel.OpGt, kernel.Var(v), kernel.Const(-0.05)))
	reset, _ := kernel.Compile([]kernel.Stmt{kernel.Set(v, kernel.Const(-0.06))})

	rng := rand.New(rand.NewPCG(1, 2)) // unused here: these kernels draw no random numbers
	spikes := make([]int32, 0, n)
	for step := 0; step < 100; step++ {
		update.Run(0, n, rng)
		spikes = threshold.Select(0, n, rng, spikes[:0])
		reset.RunIndices(spikes, rng)
		if len(spikes) > 0 {
			fmt.Printf("step %d: spikes %v\n", step, spikes)
		}
	}
	fmt.Printf("v[1] = %.4f V\n", v.Data[1])
	fmt.Print(update)
	// Output:
	// step 38: spikes [2]
	// v[1] = -0.0520 V
	// statements:
	//   _v = (((-0.049) + ((v - (-0.049)) * exp((-dt / 0.02)))) + (ge * ((0.005 / (0.005 - 0.02)) * (exp((-dt / 0.005)) - exp((-dt / 0.02))))))
	//   ge = (ge * exp((-dt / 0.005)))
	//   v = _v
	// per call (8):
	//   s0 = dt
	//   s1 = -s0
	//   s2 = s1 / 0.02
	//   s3 = exp(s2)
	//   s4 = s1 / 0.005
	//   s5 = exp(s4)
	//   s6 = s5 - s3
	//   s7 = (-0.33333333333333337) * s6
	// per block of 256 elements (1):
	//   v = (v - (-0.049))*s3 + (-0.049) + ge*s7; ge = ge*s5    [chainAK1d VSSSVSS, flush]
}
