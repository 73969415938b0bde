package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/morph"
)

// evalAt evaluates x (arithmetic and the functions derivative knows) with
// v = at and w = 0.7: a test's own evaluator, independent of the kernels.
func evalAt(t *testing.T, x expr.Expr, at float64) float64 {
	t.Helper()
	switch x := x.(type) {
	case *expr.Num:
		return x.Value
	case *expr.Name:
		switch x.Name {
		case "v":
			return at
		case "w":
			return 0.7
		}
		t.Fatalf("unknown name %s", x.Name)
	case *expr.Paren:
		return evalAt(t, x.X, at)
	case *expr.Unary:
		if x.Op == expr.OpNeg {
			return -evalAt(t, x.X, at)
		}
		return evalAt(t, x.X, at)
	case *expr.Binary:
		return expr.FoldBinary(x.Op, evalAt(t, x.X, at), evalAt(t, x.Y, at))
	case *expr.Call:
		u := evalAt(t, x.Args[0], at)
		f := map[string]func(float64) float64{
			"exp": math.Exp, "log": math.Log, "log10": math.Log10, "expm1": math.Expm1,
			"log1p": math.Log1p, "exprel": expr.Funcs.Exprel, "sin": math.Sin, "cos": math.Cos,
			"tan": math.Tan, "sinh": math.Sinh, "cosh": math.Cosh, "tanh": math.Tanh,
			"arcsin": math.Asin, "arccos": math.Acos, "arctan": math.Atan, "sqrt": math.Sqrt,
			"abs": math.Abs, "floor": math.Floor, "sign": func(a float64) float64 {
				switch {
				case a > 0:
					return 1
				case a < 0:
					return -1
				}
				return 0
			},
		}[x.Fun.Name]
		if f == nil {
			t.Fatalf("unknown function %s", x.Fun.Name)
		}
		return f(u)
	}
	t.Fatalf("cannot evaluate %s", expr.String(x))
	return 0
}

// TestDerivative checks derivative against a central finite difference of
// the expression itself, at a few points.
func TestDerivative(t *testing.T) {
	for _, src := range []string{
		"3", "w", "v", "-v", "+v", "w*(2 - v)", "(v - w)/(1 + exp(-(v + 0.3)/w))",
		"v**3", "v**w", "2**v", "v**v", "w**2*v", "v/w", "w/v", "exp(v)*log(v)",
		"log10(v) + log1p(v) + expm1(v)", "exprel(v) + exprel(-2*v)",
		"sin(v) + cos(v) + tan(v)", "sinh(v) + cosh(v) + tanh(v)",
		"arcsin(v/2) + arccos(v/3) + arctan(v)", "sqrt(v)", "abs(v - 1)",
		"exp(w)*sin(w) + v", "floor(w)*v", "(w > 0)*v",
	} {
		x, err := expr.ParseExpr(src)
		if err != nil {
			t.Fatal(err)
		}
		d, err := derivative(x, "v")
		if err != nil {
			t.Errorf("%s: %v", src, err)
			continue
		}
		for _, at := range []float64{0.3, 0.55, 1.4} {
			h := 1e-6
			want := (evalAt(t, x, at+h) - evalAt(t, x, at-h)) / (2 * h)
			got := evalAt(t, d, at)
			if math.Abs(got-want) > 1e-6*(1+math.Abs(want)) {
				t.Errorf("d/dv %s at %g: %s = %g, finite difference %g", src, at, expr.String(d), got, want)
			}
		}
	}
}

// TestDerivativeRefused lists what Brian2's sympy cannot differentiate
// either (or turns into a Dirac delta).
func TestDerivativeRefused(t *testing.T) {
	for _, tc := range []struct{ src, term string }{
		{"floor(v)", "floor(v)"},
		{"w + 2*ceil(v/w)", "ceil(v / w)"},
		{"int(v)", "int(v)"},
		{"sign(v)*w", "sign(v)"},
		{"clip(v, 0, 1)", "clip(v, 0, 1)"},
		{"(v > 0)*w", "v > 0"},
		{"v % 2", "v % 2"},
		{"v // 2", "v // 2"},
	} {
		x, err := expr.ParseExpr(tc.src)
		if err != nil {
			t.Fatal(err)
		}
		_, err = derivative(x, "v")
		want := "cannot take the derivative of '" + tc.term + "' with respect to v"
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: %v, want %q", tc.src, err, want)
		}
	}
}

// TestSpatialNeuronImErrors: what Brian2 refuses in Im (and in the point
// currents it adds to Im) is refused where it is written; a non-linear Im
// and a constant-over-dt subexpression of v are accepted, as in Brian2.
func TestSpatialNeuronImErrors(t *testing.T) {
	for _, tc := range []struct{ model, want string }{
		{"Im = -v*v*siemens/meter**2/volt : amp/meter**2", ""},
		{"Im = -g*v : amp/meter**2\ng = (1 + (v/mV)**2)*siemens/meter**2 : siemens/meter**2 (constant over dt)", ""},
		{"Im = -v*siemens/meter**2 : amp/meter**2\nI : amp (point current)\nIx = I*v/volt : amp (point current)", ""},
		{"Im = (v > 0*mV)*amp/meter**2 : amp/meter**2",
			"offset 6: Im: cannot take the derivative of 'v > 0 * mV' with respect to v, which a SpatialNeuron needs (gtot = -dIm/dv, as in Brian2)"},
		{"gL : siemens/meter**2\nIm = gL*(floor(v/mV)*mV - v) : amp/meter**2",
			"offset 31: Im: cannot take the derivative of 'floor(v / mV)' with respect to v"},
		{"Im = -v*siemens/meter**2 : amp/meter**2\nI = clip(v, 0*mV, 1*mV)*nA/mV : amp (point current)",
			"offset 44: I: cannot take the derivative of 'clip(v, 0 * mV, 1 * mV)' with respect to v"},
		{"Im = -v*siemens/meter**2 : amp/meter**2 (constant over dt)", "Im cannot have flags"},
	} {
		net, err := NewNetwork(1e-4, 1)
		if err != nil {
			t.Fatal(err)
		}
		_, err = net.NewSpatialNeuron(SpatialNeuronSpec{Name: "c", Morphology: morph.Must(morph.NewSoma(30e-6)), Model: tc.model})
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v", tc.model, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: %v\nwant %q", tc.model, err, tc.want)
		}
	}
}
