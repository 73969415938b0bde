package sim

import (
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
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
