package lower

import (
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/units"
)

// lifScope is the scope of a LIF group: v a vector, dt a scalar column,
// tau and El constants, w a synaptic weight read through an index.
func lifScope() (Scope, map[string]*kernel.Column) {
	cols := map[string]*kernel.Column{
		"v":  {Name: "v", Data: make([]float64, 4)},
		"ge": {Name: "ge", Data: make([]float64, 4)},
		"dt": {Name: "dt", Data: []float64{1e-4}, Scalar: true},
		"t":  {Name: "t", Data: []float64{0}, Scalar: true},
	}
	post := &kernel.Index{Name: "_post", Data: []int32{0, 1, 1}}
	return func(name string) (Binding, bool) {
		switch name {
		case "v":
			return Binding{Dim: units.DimVoltage, Col: cols["v"]}, true
		case "ge":
			return Binding{Dim: units.DimVoltage, Col: cols["ge"]}, true
		case "ge_post":
			return Binding{Dim: units.DimVoltage, Col: cols["ge"], Via: post}, true
		case "dt":
			return Binding{Dim: units.DimTime, Col: cols["dt"], ReadOnly: true}, true
		case "t":
			return Binding{Dim: units.DimTime, Col: cols["t"], ReadOnly: true}, true
		case "tau":
			return Binding{Dim: units.DimTime, Const: true, Value: 0.02, ReadOnly: true}, true
		case "El":
			return Binding{Dim: units.DimVoltage, Const: true, Value: -0.06, ReadOnly: true}, true
		case "i":
			return Binding{Kind: expr.Integer, Elem: true, ReadOnly: true}, true
		}
		return Binding{}, false
	}, cols
}

func TestStmts(t *testing.T) {
	scope, _ := lifScope()
	tests := []struct {
		src  string
		want []string // kernel statements as printed
	}{
		{"v = v + dt*(El - v)/tau", []string{"v = "}},
		{"_v = v*exp(-dt/tau)\nv = _v", []string{"_v = ", "v = "}},
		{"ge_post += 0.5*mV", []string{"ge"}},
		{"v = El + i*mV", []string{"v = "}},
	}
	for _, tc := range tests {
		stmts, err := expr.ParseStmts(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		ks, err := Stmts(stmts, scope)
		if err != nil {
			t.Errorf("Stmts(%q): %v", tc.src, err)
			continue
		}
		if len(ks) != len(tc.want) {
			t.Errorf("Stmts(%q) = %d statements, want %d", tc.src, len(ks), len(tc.want))
			continue
		}
		for i, k := range ks {
			if !strings.HasPrefix(k.String(), tc.want[i]) {
				t.Errorf("Stmts(%q)[%d] = %s, want prefix %q", tc.src, i, k, tc.want[i])
			}
		}
	}
}

func TestStmtsFolds(t *testing.T) {
	scope, _ := lifScope()
	stmts, _ := expr.ParseStmts("v = El*2 + 1*mV")
	ks, err := Stmts(stmts, scope)
	if err != nil {
		t.Fatal(err)
	}
	v := ks[0].Value
	if v.Op != kernel.OpConst || v.Value != -0.119 {
		t.Errorf("El*2 + 1*mV lowered to %s, want the constant -0.119", v)
	}
}

func TestStmtsErrors(t *testing.T) {
	scope, _ := lifScope()
	tests := []struct {
		src  string
		col  int
		want string
	}{
		{"v = 1", 3, "cannot assign a value in 1 (dimensionless) to 'v', which is in volt"},
		{"v += 1*nA", 3, "cannot assign a value in amp to 'v', which is in volt"},
		{"v *= 2*mV", 3, "'*=' needs a dimensionless value"},
		{"dt = 1*ms", 1, "'dt' cannot be assigned to"},
		{"tau = 1*ms", 1, "'tau' cannot be assigned to"},
		{"x += 1", 1, "'x' is not defined"},
		{"v = v + q", 9, "unknown identifier 'q'"},
	}
	for _, tc := range tests {
		stmts, err := expr.ParseStmts(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		_, err = Stmts(stmts, scope)
		list, ok := err.(expr.ErrorList)
		if !ok || len(list) == 0 {
			t.Errorf("Stmts(%q) = %v, want errors", tc.src, err)
			continue
		}
		if int(list[0].Pos)+1 != tc.col || !strings.Contains(list[0].Msg, tc.want) {
			t.Errorf("Stmts(%q): column %d: %s\nwant column %d containing %q", tc.src, list[0].Pos+1, list[0].Msg, tc.col, tc.want)
		}
	}
}

func TestExpr(t *testing.T) {
	scope, _ := lifScope()
	x, _ := expr.ParseExpr("v > El + 20*mV")
	k, in, err := Expr(x, scope)
	if err != nil {
		t.Fatal(err)
	}
	if in.Kind != expr.Boolean || k.Op != kernel.OpGt || k.Args[1].Op != kernel.OpConst {
		t.Errorf("threshold lowered to %s (%v)", k, in)
	}
}

// TestStoreKinds checks that what is stored into an integer or boolean
// variable is of its kind, as Brian2 stores it: an integer target
// truncates towards zero (Brian2 2.5.1, numpy target: m = -i*0.7 gives
// 0, 0, -1, -2, -2 for i = 0..4; G.m = 'i*0.7' gives 0, 0, 1, 2, 2) and a
// boolean target is true where the value is not zero (b = i*0.5 gives
// False, True, True, True, True). Through an index each synapse adds the
// integer part of its value (n_post += 1.75 from five synapses onto two
// neurons: 2 and 3).
func TestStoreKinds(t *testing.T) {
	cols := map[string]*kernel.Column{
		"m": {Name: "m", Data: make([]float64, 5)},
		"b": {Name: "b", Data: make([]float64, 5)},
		"n": {Name: "n", Data: make([]float64, 2)},
	}
	post := &kernel.Index{Name: "_post", Data: []int32{0, 1, 1, 0, 1}}
	scope := func(name string) (Binding, bool) {
		switch name {
		case "m":
			return Binding{Kind: expr.Integer, Col: cols["m"]}, true
		case "b":
			return Binding{Kind: expr.Boolean, Col: cols["b"]}, true
		case "n_post":
			return Binding{Kind: expr.Integer, Col: cols["n"], Via: post}, true
		case "i":
			return Binding{Kind: expr.Integer, Elem: true, ReadOnly: true}, true
		case "k":
			return Binding{Const: true, Value: 2.5, ReadOnly: true}, true
		}
		return Binding{}, false
	}
	tests := []struct {
		src   string
		col   string
		start []float64
		want  []float64
	}{
		{"m = -i*0.7", "m", nil, []float64{0, 0, -1, -2, -2}},
		{"m = i*0.7", "m", nil, []float64{0, 0, 1, 2, 2}},
		{"m = i % k", "m", nil, []float64{0, 1, 2, 0, 1}},
		{"m = i*2", "m", nil, []float64{0, 2, 4, 6, 8}},
		{"m = i > 2", "m", nil, []float64{0, 0, 0, 1, 1}},
		{"m += 0.75", "m", []float64{0, 1, -1, 2, -2}, []float64{0, 1, 0, 2, -1}},
		{"m /= 2", "m", []float64{0, 1, -3, 4, 5}, []float64{0, 0, -1, 2, 2}},
		{"m *= 3", "m", []float64{0, 1, -3, 4, 5}, []float64{0, 3, -9, 12, 15}},
		{"b = i*0.5", "b", nil, []float64{0, 1, 1, 1, 1}},
		{"b = i - 2", "b", nil, []float64{1, 1, 0, 1, 1}},
		{"b = i > 2", "b", nil, []float64{0, 0, 0, 1, 1}},
		{"n_post += 1", "n", nil, []float64{2, 3}},
		{"n_post += 1.75", "n", nil, []float64{2, 3}},
		{"n_post -= 0.5 + 1", "n", nil, []float64{-2, -3}},
		{"n_post *= 2", "n", []float64{1, -3}, []float64{4, -24}},
	}
	for _, tc := range tests {
		stmts, err := expr.ParseStmts(tc.src)
		if err != nil {
			t.Fatalf("%s: %v", tc.src, err)
		}
		c := cols[tc.col]
		for j := range c.Data {
			c.Data[j] = 0
			if tc.start != nil {
				c.Data[j] = tc.start[j]
			}
		}
		ks, err := Stmts(stmts, scope)
		if err != nil {
			t.Errorf("Stmts(%q): %v", tc.src, err)
			continue
		}
		k, err := kernel.Compile(ks)
		if err != nil {
			t.Errorf("Compile(%q): %v", tc.src, err)
			continue
		}
		n := 5
		if tc.col == "n" {
			n = len(post.Data)
		}
		k.Run(0, n, nil)
		for j, w := range tc.want {
			if c.Data[j] != w {
				t.Errorf("%s: %s = %v, want %v", tc.src, tc.col, c.Data, tc.want)
				break
			}
		}
	}
	for _, tc := range []struct{ src, want string }{
		{"n_post /= 2", "could make it a fraction"},
		{"n_post *= 0.5", "could make it a fraction"},
		{"b += 1", "cannot be updated with '+='"},
		{"b += i > 2", "cannot be updated with '+='"},
	} {
		stmts, _ := expr.ParseStmts(tc.src)
		_, err := Stmts(stmts, scope)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Stmts(%q) = %v, want an error saying %q", tc.src, err, tc.want)
		}
	}
}
