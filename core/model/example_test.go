package model_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/model"
)

const lif = `[model]
name = "LIF"

[run]
duration = "100*ms"

[constants]
tau = "10*ms"
N = 100
Ne = "0.8*N"

[[neurons]]
name = "G"
N = "Ne"
model = """
dv/dt = (1 - v)/tau : 1
"""
threshold = "v > 0.8"
reset = "v = 0"
refractory = "2*ms"
`

func Example() {
	f, err := model.Load("lif.toml", []byte(lif))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range f.Constants {
		fmt.Println(c.Name, "=", c.Value)
	}
	g := f.Neurons[0]
	fmt.Println(g.Name.Text, "has", g.N.Value, "neurons, refractory", g.Refractory.Value)
	fmt.Println("its equations start at", g.Model.At(0))
	// Output:
	// tau = 10. ms
	// N = 100.
	// Ne = 80.
	// G has 80 neurons, refractory 2. ms
	// its equations start at lif.toml:16:1
}

// All the errors of a file come together, one a line, each at the place of
// the value that is wrong.
func ExampleLoad_errors() {
	src := `[run]
dt = "0.1*mV"

[[neurons]]
name = "G"
N = "Nn"
model = "dv/dt = -v/tau : volt"
treshold = "v > 1*mV"
`
	_, err := model.Load("bad.toml", []byte(src))
	fmt.Println(err)
	// Output:
	// bad.toml:2:6: dt must be a time, but "0.1*mV" is in volt
	// bad.toml:6:6: unknown identifier 'Nn'
	// bad.toml:8:1: unknown key 'treshold' in [[neurons]] 'G' — did you mean 'threshold'?
}

// A later stage that finds an error inside a code string reports it at its
// place in the file with String.Errors (or String.At for one offset).
func ExampleString_Errors() {
	src := "[[neurons]]\nname = \"G\"\nN = 1\nmodel = \"\"\"\n" +
		"dv/dt = (1 - v)/(10*ms) : 1\n\"\"\"\n" +
		"threshold = \"\"\"\n  v > 0.8*mV\"\"\"\n"
	f, err := model.Load("g.toml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	thr := f.Neurons[0].Threshold
	x, err := expr.ParseExpr(thr.Text)
	if err != nil {
		fmt.Println(thr.Errors(err))
		return
	}
	// The builder knows v from the equations: dimensionless.
	_, err = expr.Check(x, func(name string) (expr.Symbol, bool) {
		if name == "v" {
			return expr.Symbol{}, true
		}
		return f.Namespace()(name)
	})
	fmt.Println(thr.Errors(err))
	// Output:
	// g.toml:8:5: cannot compare 1 and volt: 'v' is in 1 but '0.8 * mV' is in volt
}

func ExampleFile_Override() {
	f, _ := model.Load("lif.toml", []byte(lif))
	if err := f.Override("N", "1000"); err != nil {
		fmt.Println(err)
	}
	fmt.Println(f.Neurons[0].N.Value)
	fmt.Println(f.Override("tau", "5*mV"))
	fmt.Println(f.Override("G.v", "0.5"), f.Overrides[0].Group, f.Overrides[0].Var)
	// Output:
	// 800
	// --set tau=5*mV: tau is in second in the model, but 5*mV is in volt
	// <nil> G v
}
