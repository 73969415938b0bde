package units_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/units"
)

func ExampleParse() {
	gL, err := units.Parse("5e-5*siemens*cm**-2")
	if err != nil {
		panic(err)
	}
	fmt.Println(gL.Value, gL.Dim)
	_, err = units.Parse("10*msec")
	fmt.Println(err)
	// Output:
	// 0.5 siemens/meter**2
	// column 4: unknown unit "msec" — did you mean 'msecond' or 'ms'?
}

func ExampleQuantity_String() {
	fmt.Println(units.Q(-65, units.MilliVolt))
	fmt.Println(units.Q(20, units.MilliSecond))
	fmt.Println(units.Q(0.1, units.MicroAmp))
	// Output:
	// -65. mV
	// 20. ms
	// 100. nA
}

func ExampleQuantity_Add() {
	v := units.Q(-65, units.MilliVolt)
	_, err := v.Add(units.Q(1, units.NanoAmp))
	fmt.Println(err)
	r := v.Div(units.Q(1, units.NanoAmp))
	fmt.Println(r, "is in", r.Dim)
	// Output:
	// cannot add volt and amp
	// -65. Mohm is in ohm
}

func ExampleDim_String() {
	area := units.MustParse("um**2").Dim
	fmt.Println(units.DimCurrent.Div(area))
	fmt.Println(units.MustParse("second**-0.5").Dim)
	// Output:
	// amp/meter**2
	// second**-0.5
}
