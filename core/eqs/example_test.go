package eqs_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// Equations are parsed once for their owner, checked against a namespace
// that knows the model's constants and the group's variables, and handed to
// the integrator with their subexpressions substituted.
func Example() {
	src := `
dv/dt = (El - v + R*I)/tau : volt (unless refractory)
I = g*(E - v) : amp   # a synaptic current
g : siemens
`
	e, err := eqs.Parse(src, eqs.NeuronGroup)
	if err != nil {
		fmt.Println(err.(expr.ErrorList).Format(src))
		return
	}
	constants := map[string]string{"El": "-70*mV", "E": "0*mV", "R": "100*Mohm", "tau": "10*ms"}
	ns := func(name string) (expr.Symbol, bool) {
		if s, ok := constants[name]; ok {
			q := units.MustParse(s)
			return expr.Symbol{Dim: q.Dim, Const: true, Value: q.Value, Scalar: true}, true
		}
		return expr.Symbol{}, false // t, dt, i ... would come here
	}
	if err := e.Check(ns); err != nil {
		fmt.Println(err.(expr.ErrorList).Format(src))
		return
	}
	fmt.Println(e)
	fmt.Println("state variables:", e.StateVariables())
	fmt.Println("external names:", e.Identifiers())
	subst, _ := e.Substituted()
	for _, d := range subst {
		fmt.Printf("d%s/dt = %s\n", d.Name, expr.String(d.RHS))
	}
	// Output:
	// dv/dt = (El - v + R * I) / tau : volt (unless refractory)
	// I = g * (E - v) : amp
	// g : siemens
	// state variables: [v g]
	// external names: [El R tau E]
	// dv/dt = (El - v + R * (g * (E - v))) / tau
}

// Errors point into the equations string, so that a caller can show them at
// the line and column of the file the string came from.
func ExampleParse_errors() {
	src := `dv/dt = (I - v)/tau : mV
I : amp (constant, summed)
`
	_, err := eqs.Parse(src, eqs.NeuronGroup)
	fmt.Println(err.(expr.ErrorList).Format(src))
	// Output:
	// 1:23: the unit of v must be written in base units, and 'mV' is not one: use 'volt' instead
	// 2:20: a parameter in a NeuronGroup cannot have the flag 'summed' (allowed: constant, shared, linked); 'summed' is a flag of subexpressions in a Synapses
}

// Check finds the unit errors of right-hand sides.
func ExampleEquations_Check() {
	src := `dv/dt = (I - v)/tau : volt
I : amp
`
	e, _ := eqs.Parse(src, eqs.NeuronGroup)
	tau := units.MustParse("10*ms")
	err := e.Check(func(name string) (expr.Symbol, bool) {
		if name == "tau" {
			return expr.Symbol{Dim: tau.Dim, Const: true, Value: tau.Value, Scalar: true}, true
		}
		return expr.Symbol{}, false
	})
	fmt.Println(err.(expr.ErrorList).Format(src))
	// Output:
	// 1:12: cannot subtract amp and volt: 'I' is in amp but 'v' is in volt
}
