package integ

import (
	"math"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

// checkRoundTrip checks that generated code prints as code that parses
// back to statements that print the same and compute the same values.
func checkRoundTrip(t *testing.T, r *Result) {
	text := r.String()
	back, err := expr.ParseStmts(text)
	if err != nil {
		t.Fatalf("generated code does not parse: %v\n%s", err, text)
	}
	if len(back) != len(r.Stmts) {
		t.Fatalf("%d statements parse back as %d:\n%s", len(r.Stmts), len(back), text)
	}
	if again := expr.StmtsString(back); again != text {
		t.Fatalf("generated code prints differently once parsed:\n%s\n---\n%s", text, again)
	}
	vals := map[string]float64{}
	env := Env{Value: func(n string) (float64, bool) {
		if v, ok := vals[n]; ok {
			return v, true
		}
		v := 0.5 + float64(len(vals)%7)/7 // any value, the same for both
		vals[n] = v
		return v, true
	}}
	for i := range back {
		a, oka := evalConst(back[i].Value, env)
		b, okb := evalConst(r.Stmts[i].Value, env)
		if oka != okb || oka && !(a == b || math.IsNaN(a) && math.IsNaN(b)) {
			t.Fatalf("statement %d computes %v once printed and parsed, %v before: %s", i, a, b, r.Stmts[i])
		}
	}
}

// FuzzNewExplicit: no description makes the parser or the application of
// the method to a system panic, and what it generates is valid code.
func FuzzNewExplicit(f *testing.F) {
	for _, m := range []*Explicit{Euler, RK2, RK4, Heun, Milstein} {
		f.Add(m.Description())
	}
	f.Add("k = dt*f(x,t)*g(x,t)\nx_new = x + (k + dW)*(1 + f(x, t))")
	f.Add("x_new = x + dt*f(x + g(x,t), t)")
	systems := [][]DiffEq{
		parseSystem(f, "dv/dt = (ge - v)/tau\ndge/dt = -ge/taue"),
		parseSystem(f, "dv/dt = -v/tau + sigma*v*xi_1 + xi_2\ndw/dt = (v - w)/tau + xi_2"),
	}
	f.Fuzz(func(t *testing.T, desc string) {
		for _, noise := range []Noise{NoNoise, MultiplicativeNoise} {
			m, err := NewExplicit("fuzz", desc, noise)
			if err != nil {
				return
			}
			_ = m.String()
			for _, sys := range systems {
				r, err := IntegrateWith(sys, Env{}, m)
				if err == nil {
					checkRoundTrip(t, r)
				}
			}
		}
	})
}

// FuzzIntegrate: no right-hand side makes a method panic, and the code of
// every method that accepts it is valid.
func FuzzIntegrate(f *testing.F) {
	for _, s := range []string{
		"(ge + gi - (v - El))/taum", "-v/tau + sigma*xi", "v*v - w", "(w - v)/tau + xi_1*v",
		"exp(-v/mV)*w - v/(1 + t)", "-(v - -w)/--tau", "v**1 + 0*w + 1*xi - xi",
	} {
		f.Add(s, "-w/tau + v/tau")
	}
	env := mapEnv(map[string]float64{"tau": 0.01, "dt": 1e-4})
	f.Fuzz(func(t *testing.T, rv, rw string) {
		xv, err := expr.ParseExpr(rv)
		if err != nil {
			return
		}
		xw, err := expr.ParseExpr(rw)
		if err != nil {
			return
		}
		sys := []DiffEq{{Name: "v", RHS: xv}, {Name: "w", RHS: xw}}
		for _, m := range MethodNames {
			for _, e := range []Env{{}, env} {
				r, err := Integrate(sys, e, m)
				if err == nil {
					checkRoundTrip(t, r)
				}
			}
		}
	})
}
