package integ

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

func TestAffine(t *testing.T) {
	cases := []struct {
		src, v string
		a, b   string // printed; "" with nonlinear set
		bad    string // the non-linear part
	}{
		{"-v/tau", "v", "-1 / tau", "0", ""},
		{"(ge + gi - (v - El))/taum", "v", "-1 / taum", "(ge + gi + El) / taum", ""},
		{"(El - v)/tau + I/C", "v", "-1 / tau", "El / tau + I / C", ""},
		{"3*v", "v", "3", "0", ""},
		{"-(2*v - 1)", "v", "-2", "1", ""},
		{"w*(a + v)/tau", "v", "w / tau", "w * a / tau", ""},
		{"+v", "v", "1", "0", ""},
		{"v**1", "v", "1", "0", ""},
		{"(v)", "v", "1", "0", ""},
		{"v - v", "v", "0", "0", ""},
		{"exp(w)*v", "v", "exp(w)", "0", ""},
		{"a*m**3*h*(E - v)", "v", "-a * m ** 3 * h", "a * m ** 3 * h * E", ""},
		{"u + 2", "v", "0", "u + 2", ""},
		{"0.1*(v + 40)/(1 - exp(-(v + 40)/10))", "v", "", "", "0.1 * (v + 40) / (1 - exp(-(v + 40) / 10))"},
		{"v*v", "v", "", "", "v * v"},
		{"a*v*(1 - v)", "v", "", "", "a * v * (1 - v)"},
		{"v**2", "v", "", "", "v ** 2"},
		{"2**v", "v", "", "", "2 ** v"},
		{"1/v", "v", "", "", "1 / v"},
		{"exp(v)", "v", "", "", "exp(v)"},
		{"v > 0", "v", "", "", "v > 0"},
		{"v % 2", "v", "", "", "v % 2"},
	}
	for _, c := range cases {
		x, err := expr.ParseExpr(c.src)
		if err != nil {
			t.Fatal(err)
		}
		a, b, err := Affine(x, c.v)
		if c.bad != "" {
			var nl *NonlinearError
			if !errors.As(err, &nl) {
				t.Errorf("Affine(%s): %v, want non-linear", c.src, err)
				continue
			}
			if got := expr.String(nl.Term); got != c.bad || nl.Var != c.v {
				t.Errorf("Affine(%s): non-linear in %s at %s, want %s at %s", c.src, nl.Var, got, c.v, c.bad)
			}
			continue
		}
		if err != nil {
			t.Errorf("Affine(%s): %v", c.src, err)
			continue
		}
		if expr.String(a) != c.a || expr.String(b) != c.b {
			t.Errorf("Affine(%s) = %s, %s; want %s, %s", c.src, a, b, c.a, c.b)
		}
		checkAffine(t, x, c.v, a, b)
	}
}

// checkAffine evaluates x and a*v + b at random values.
func checkAffine(t *testing.T, x expr.Expr, v string, a, b expr.Expr) {
	t.Helper()
	if usesName(a, v) || usesName(b, v) {
		t.Errorf("%s: coefficients %s, %s use %s", x, a, b, v)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	for range 5 {
		vals := map[string]float64{}
		for _, n := range append(expr.Names(x), v) {
			vals[n] = 0.5 + rng.Float64()
		}
		env := mapEnv(vals)
		want, ok1 := evalConst(x, env)
		av, ok2 := evalConst(a, env)
		bv, ok3 := evalConst(b, env)
		if !ok1 || !ok2 || !ok3 {
			t.Fatalf("cannot evaluate %s or %s, %s", x, a, b)
		}
		if got := av*vals[v] + bv; math.Abs(got-want) > 1e-12*math.Max(1, math.Abs(want)) {
			t.Errorf("%s = %g but a*%s + b = %g", x, want, v, got)
		}
	}
}

func TestSplitLinear(t *testing.T) {
	x, _ := expr.ParseExpr("(ge + gi - (v - El))/taum + 2*w*c")
	l, err := SplitLinear(x, "v", "ge", "gi", "w")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"v": "-1 / taum", "ge": "1 / taum", "gi": "1 / taum", "w": "2 * c"}
	if len(l.Coef) != len(want) {
		t.Errorf("coefficients %v", l.Coef)
	}
	for v, w := range want {
		if got := expr.String(l.CoefOf(v)); got != w {
			t.Errorf("coefficient of %s: %s, want %s", v, got, w)
		}
	}
	if got := expr.String(l.Rest); got != "El / taum" {
		t.Errorf("rest %s, want El / taum", got)
	}
	if got := expr.String(l.CoefOf("z")); got != "0" {
		t.Errorf("coefficient of an absent variable: %s", got)
	}
	x, _ = expr.ParseExpr("-v/tau + a*w*v")
	_, err = SplitLinear(x, "v", "w")
	var nl *NonlinearError
	if !errors.As(err, &nl) || expr.String(nl.Term) != "a * w * v" || nl.Var != "w" {
		t.Errorf("SplitLinear(-v/tau + a*w*v): %v", err)
	}
}

// TestSimplify checks the constructors on a few shapes.
func TestSimplify(t *testing.T) {
	v, w := name("v"), name("w")
	cases := []struct {
		got  expr.Expr
		want string
	}{
		{add(v, zero()), "v"},
		{add(zero(), v), "v"},
		{add(v, neg(w)), "v - w"},
		{sub(v, neg(w)), "v + w"},
		{sub(zero(), v), "-v"},
		{mul(one(), v), "v"},
		{mul(v, num(0, true)), "0"},
		{mul(num(-1, true), v), "-v"},
		{mul(v, neg(w)), "-v * w"},
		{mul(neg(v), neg(w)), "v * w"},
		{mul(div(num(-1, true), name("tau")), name("dt")), "-dt / tau"},
		{div(v, num(1, true)), "v"},
		{div(v, neg(w)), "-v / w"},
		{div(div(v, w), name("c")), "v / (w * c)"},
		{neg(neg(v)), "v"},
		{neg(sub(v, w)), "w - v"},
		{add(num(1, true), num(2, true)), "3"},
		{div(num(1, true), num(4, true)), "0.25"},
		{mul(num(2, true), num(0.5, false)), "1."},
		{sum(), "0"},
	}
	for _, c := range cases {
		if got := expr.String(c.got); got != c.want {
			t.Errorf("got %s, want %s", got, c.want)
		}
	}
}
