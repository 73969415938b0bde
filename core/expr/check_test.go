package expr

import (
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

// testNS is a namespace with the variables of a conductance-based neuron.
func testNS(name string) (Symbol, bool) {
	switch name {
	case "v", "El", "Vt":
		return Symbol{Dim: units.DimVoltage}, true
	case "I":
		return Symbol{Dim: units.DimCurrent}, true
	case "ge":
		return Symbol{Dim: units.DimConductance}, true
	case "tau":
		return Symbol{Dim: units.DimTime, Const: true, Scalar: true, Value: 0.01}, true
	case "C":
		return Symbol{Dim: units.DimCapacitance, Const: true, Scalar: true, Value: 2e-10}, true
	case "t", "dt":
		return Symbol{Dim: units.DimTime, Scalar: true}, true
	case "i", "N":
		return Symbol{Kind: Integer, Scalar: name == "N"}, true
	case "spiking":
		return Symbol{Kind: Boolean}, true
	case "stim":
		return Symbol{Func: &FuncSig{Args: []units.Dim{units.DimTime}, Result: units.DimCurrent}}, true
	}
	return Symbol{}, false
}

func TestCheck(t *testing.T) {
	tests := []struct {
		src   string
		dim   units.Dim
		kind  Kind
		value float64 // when folded; NaN when not constant
	}{
		{"(El - v)/tau", units.DimVoltage.Div(units.DimTime), Float, math.NaN()},
		{"(ge*(El - v) + I)/C", units.DimVoltage.Div(units.DimTime), Float, math.NaN()},
		{"v > Vt", units.Dimensionless, Boolean, math.NaN()},
		{"v > -50*mV and not spiking", units.Dimensionless, Boolean, math.NaN()},
		{"exp(-dt/tau)", units.Dimensionless, Float, math.NaN()},
		{"exp(-1*ms/tau)", units.Dimensionless, Float, math.Exp(-0.1)},
		{"sqrt(tau)", units.NewDim(0, 0, 0.5), Float, math.Sqrt(0.01)},
		{"tau**2", units.NewDim(0, 0, 2), Float, 1e-4},
		{"2**-1", units.Dimensionless, Float, 0.5},
		{"int(i/10) % 2 == 0", units.Dimensionless, Boolean, math.NaN()},
		{"7 // 2", units.Dimensionless, Integer, 3},
		{"-7 // 2", units.Dimensionless, Integer, -4},
		{"-7 % 3", units.Dimensionless, Integer, 2},
		{"1 // 0.1", units.Dimensionless, Float, 9},
		{"int(-2.7)", units.Dimensionless, Integer, -2},
		{"int(True)", units.Dimensionless, Integer, 1},
		{"clip(v, El, Vt)", units.DimVoltage, Float, math.NaN()},
		{"abs(-3*mV)", units.DimVoltage, Float, 3e-3},
		{"sign(-3*mV)", units.Dimensionless, Float, -1},
		{"stim(t)*2", units.DimCurrent, Float, math.NaN()},
		{"rand() < 0.2", units.Dimensionless, Boolean, math.NaN()},
		{"timestep(t, dt)", units.Dimensionless, Integer, math.NaN()},
		{"exprel(0)", units.Dimensionless, Float, 1},
		{"pi*e", units.Dimensionless, Float, math.Pi * math.E},
		{"v/mV > 0.9", units.Dimensionless, Boolean, math.NaN()},
		{"floor(2500*mV)", units.DimVoltage, Float, 2},
	}
	for _, tc := range tests {
		x, err := ParseExpr(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		c, err := Check(x, testNS)
		if err != nil {
			t.Errorf("Check(%q): %v", tc.src, err)
			continue
		}
		in := c.Info()
		if in.Dim != tc.dim || in.Kind != tc.kind {
			t.Errorf("Check(%q) = %s %s, want %s %s", tc.src, in.Dim, in.Kind, tc.dim, tc.kind)
		}
		if math.IsNaN(tc.value) {
			if in.Const {
				t.Errorf("Check(%q) folded to %v, but it is not constant", tc.src, in.Value)
			}
		} else if !in.Const || math.Abs(in.Value-tc.value) > 1e-12*math.Abs(tc.value) {
			t.Errorf("Check(%q): const=%v value %v, want %v", tc.src, in.Const, in.Value, tc.value)
		}
	}
}

func TestCheckErrors(t *testing.T) {
	tests := []struct {
		src  string
		col  int // 1-based column of the first error
		want string
		n    int // number of errors
	}{
		{"v > 0.9", 3, "cannot compare volt and 1: 'v' is in volt but '0.9' is dimensionless: write 0.9*mV or v/mV > 0.9", 1},
		{"(I - v)/tau", 4, "cannot subtract amp and volt: 'I' is in amp but 'v' is in volt", 1},
		{"exp(v)", 5, "exp needs a dimensionless argument, but it is in volt", 1},
		{"v**tau", 4, "the exponent must be dimensionless, but 'tau' is in second", 1},
		{"v**i", 4, "its exponent must be a constant number", 1},
		{"v // El", 1, "floor division '//' needs dimensionless values", 1},
		{"x + 1", 1, "unknown identifier 'x'", 1},
		{"10*msec", 4, "unknown identifier 'msec' — did you mean 'msecond'?", 1},
		{"foo(v)", 1, "unknown function 'foo'", 1},
		{"asin(0.5)", 1, "did you mean 'arcsin'?", 1},
		{"exp(1, 2)", 1, "exp takes 1 argument, but is called with 2", 1},
		{"stim + 1", 1, "'stim' is a function, but it is used like a variable", 1},
		{"stim(v)", 6, "argument 1 of stim must be in second, but 'v' is in volt", 1},
		{"v and spiking", 1, "'and' needs boolean operands", 1},
		{"not v", 5, "'not' needs a boolean operand", 1},
		{"clip(v, 0, 1)", 9, "clip's bounds must have the unit of its first argument", 1},
		{"exp(v) + log(I) + x", 5, "exp needs", 3},
		{"volt**0.25", 5, "cannot raise volt to the power 0.25", 1},
		{"timestep(t, 1)", 13, "timestep takes two times", 1},
		{"exp", 1, "'exp' is a function: call it", 1},
	}
	for _, tc := range tests {
		x, err := ParseExpr(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		_, err = Check(x, testNS)
		list, ok := err.(ErrorList)
		if !ok || len(list) == 0 {
			t.Errorf("Check(%q) = %v, want an ErrorList", tc.src, err)
			continue
		}
		first := list[0]
		if int(first.Pos)+1 != tc.col || !strings.Contains(first.Msg, tc.want) || len(list) != tc.n {
			t.Errorf("Check(%q): %d errors, first at column %d: %s\nwant %d, at column %d containing %q",
				tc.src, len(list), first.Pos+1, first.Msg, tc.n, tc.col, tc.want)
		}
	}
}

func TestFoldSemantics(t *testing.T) {
	tests := []struct {
		op   Op
		x, y float64
		want float64
	}{
		{OpFloorDiv, 7, 2, 3}, {OpFloorDiv, -7, 2, -4}, {OpFloorDiv, 7, -2, -4},
		{OpFloorDiv, 1, 0.1, 9}, {OpFloorDiv, -0.5, 1, -1},
		{OpMod, -7, 3, 2}, {OpMod, 7, -3, -2}, {OpMod, 5.5, 2, 1.5}, {OpMod, -1, 0.1, 5.551115123125783e-17},
		{OpPow, 2, 10, 1024}, {OpAnd, 1, 0, 0}, {OpOr, 0, 2, 1}, {OpNe, 1, 1, 0},
	}
	for _, tc := range tests {
		if got := FoldBinary(tc.op, tc.x, tc.y); got != tc.want {
			t.Errorf("%v %s %v = %v, want %v", tc.x, tc.op, tc.y, got, tc.want)
		}
	}
	if Timestep(0.3, 0.1) != 3 || Timestep(0.2998, 0.1) != 2 {
		t.Errorf("timestep: %v %v", Timestep(0.3, 0.1), Timestep(0.2998, 0.1))
	}
}
