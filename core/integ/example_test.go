package integ_test

import (
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/integ"
)

func mustParse(s string) expr.Expr {
	x, err := expr.ParseExpr(s)
	if err != nil {
		panic(err)
	}
	return x
}

// The CUBA model: with no method given, integ tries exact first, as Brian2
// does, and finds the closed-form solution.
func ExampleIntegrate() {
	eqs := []integ.DiffEq{
		{Name: "v", RHS: mustParse("(ge + gi - (v - El))/taum")},
		{Name: "ge", RHS: mustParse("-ge/taue")},
		{Name: "gi", RHS: mustParse("-gi/taui")},
	}
	r, err := integ.Integrate(eqs, integ.Env{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("method:", r.Method)
	fmt.Println(r)
	// Output:
	// method: exact
	// _v = v * exp(-dt / taum) + ge * (dt * exp(-dt / taue) * exprel((-1 / taum + 1 / taue) * dt) / taum) + gi * (dt * exp(-dt / taui) * exprel((-1 / taum + 1 / taui) * dt) / taum) + El * dt * exprel(-dt / taum) / taum
	// _ge = ge * exp(-dt / taue)
	// _gi = gi * exp(-dt / taui)
	// v = _v
	// ge = _ge
	// gi = _gi
}

// Multiplicative noise: exact and euler refuse it, heun takes it.
func ExampleIntegrate_fallback() {
	eqs := []integ.DiffEq{{Name: "x", RHS: mustParse("-x/tau + sigma*x*xi/sqrt(tau)")}}
	r, err := integ.Integrate(eqs, integ.Env{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("method:", r.Method)
	for _, why := range r.Rejected {
		fmt.Println("not", why)
	}
	fmt.Println(r)
	// Output:
	// method: heun
	// not exact cannot integrate stochastic equations: dx/dt contains xi
	// not euler cannot integrate equations with multiplicative noise: the factor of xi in dx/dt depends on x (use method 'heun' or 'milstein')
	// xi = dt ** .5 * randn()
	// _x_support_x_xi = x + sigma * x * xi / sqrt(tau)
	// _g_support_x_xi = sigma * _x_support_x_xi / sqrt(tau)
	// _x = x - dt * x / tau + .5 * xi * (sigma * x / sqrt(tau) + _g_support_x_xi)
	// x = _x
}

// A method of one's own, in Brian2's description language.
func ExampleNewExplicit() {
	trapezoid, err := integ.NewExplicit("trapezoid", `
		k1 = dt*f(x, t)
		k2 = dt*f(x + k1, t + dt)
		x_new = x + (k1 + k2)/2`, integ.NoNoise)
	if err != nil {
		fmt.Println(err)
		return
	}
	eqs := []integ.DiffEq{{Name: "v", RHS: mustParse("(I*sin(t/tau) - v)/tau")}}
	r, err := integ.IntegrateWith(eqs, integ.Env{}, trapezoid)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r)
	// Output:
	// _k1_v = dt * (I * sin(t / tau) - v) / tau
	// _k2_v = dt * (I * sin((t + dt) / tau) - (v + _k1_v)) / tau
	// _v = v + (_k1_v + _k2_v) / 2
	// v = _v
}

func ExampleAffine() {
	a, b, err := integ.Affine(mustParse("(gl*(El - v) + g*(E - v))/C"), "v")
	fmt.Println(a, "|", b, "|", err)
	_, _, err = integ.Affine(mustParse("(v**2 - v)/tau"), "v")
	fmt.Println(err)
	// Output:
	// (-gl - g) / C | (gl * El + g * E) / C | <nil>
	// depends on v ** 2
}
