package integ

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

// TestErrors checks what each method says when it cannot integrate a
// system, and which failures let a list of methods try the next one
// (*UnsupportedError) and which do not (the equations are wrong).
func TestErrors(t *testing.T) {
	timeVarying := Env{TimeVarying: func(n string) bool { return n == "I_ext" }}
	cases := []struct {
		eqs, method string
		env         Env
		want        string // the whole message
		unsupported bool
	}{
		// exact
		{"dv/dt = (v*v - v)/tau", "exact", Env{}, "exact needs linear equations: dv/dt depends on v * v", true},
		{"dv/dt = -v/tau\ndw/dt = v*w/tau", "exact", Env{}, "exact needs linear equations: dw/dt depends on v * w", true},
		{"dv/dt = (exp(v/mV) - v)/tau", "exact", Env{}, "exact needs linear equations: dv/dt depends on exp(v / mV)", true},
		{"dv/dt = 1/(v*tau)", "exact", Env{}, "exact needs linear equations: dv/dt depends on 1 / (v * tau)", true},
		{"dv/dt = (-v + sin(t/ms))/tau", "exact", Env{}, "exact needs coefficients that are constant over a time step: dv/dt depends on t", true},
		{"dv/dt = -v*t/tau", "exact", Env{}, "exact needs coefficients that are constant over a time step: the factor of v in dv/dt depends on t", true},
		{"dv/dt = (-v + rand())/tau", "exact", Env{}, "exact needs coefficients that are constant over a time step: dv/dt depends on rand()", true},
		{"dv/dt = (I_ext - v)/tau", "exact", timeVarying, "exact needs coefficients that are constant over a time step: dv/dt depends on I_ext", true},
		{"dv/dt = (stim(t + dt) - v)/tau", "exact", Env{LocallyConstant: func(string) bool { return true }},
			"exact needs coefficients that are constant over a time step: dv/dt depends on t", true},
		{"dv/dt = -v/tau + xi/sqrt(tau)", "exact", Env{}, "exact cannot integrate stochastic equations: dv/dt contains xi", true},
		{"dv/dt = (w - v)/tau\ndw/dt = (v - w)/tau", "exact", Env{},
			"exact cannot integrate coupled equations with coefficients not known when the model is built yet: v and w depend on each other, and the factor of v in dv/dt, -1 / tau, is not known (use method 'exponential_euler' or 'rk4')", true},
		{"dv/dt = (w - v)/tau\ndw/dt = (v - w)/tau", "exact", mapEnv(map[string]float64{"tau": 1}),
			"exact needs the value of dt when the model is built to integrate coupled equations: v and w depend on each other", true},
		{"dx/dt = y/tau\ndy/dt = z/tau\ndz/dt = x/tau", "exact", Env{},
			"exact cannot integrate coupled equations with coefficients not known when the model is built yet: x, y and z depend on each other, and the factor of y in dx/dt, 1 / tau, is not known (use method 'exponential_euler' or 'rk4')", true},
		{"dx1/dt = (c - x1)/t1\ndx2/dt = (x1 - x2)/t2\ndx3/dt = (x2 - x3)/t3\ndx4/dt = (x3 - x4)/t1", "exact", Env{},
			"exact needs the coefficients when the model is built for this chain of equations (x1, x2, x3, x4), which is too long to solve symbolically, but the factor of x1 in dx1/dt, -1 / t1, is not known", true},
		// exponential_euler
		{"dv/dt = (v**2 - v)/tau", "exponential_euler", Env{}, "exponential_euler needs equations that are linear in their own variable: dv/dt depends on v ** 2", true},
		{"dv/dt = -v/tau + xi_noise/sqrt(tau)", "exponential_euler", Env{}, "exponential_euler cannot integrate stochastic equations: dv/dt contains xi_noise", true},
		// explicit methods
		{"dv/dt = -v/tau + xi/sqrt(tau)", "rk4", Env{}, "rk4 cannot integrate stochastic equations: dv/dt contains xi", true},
		{"dv/dt = -v/tau + v*xi/sqrt(tau)", "euler", Env{}, "euler cannot integrate equations with multiplicative noise: the factor of xi in dv/dt depends on v (use method 'heun' or 'milstein')", true},
		{"dv/dt = -v/tau + w*xi/sqrt(tau)\ndw/dt = -w/tau", "euler", Env{}, "euler cannot integrate equations with multiplicative noise: the factor of xi in dv/dt depends on w (use method 'heun' or 'milstein')", true},
		{"dv/dt = -v/tau + sin(t/ms)*xi/sqrt(tau)", "euler", Env{}, "euler cannot integrate equations with multiplicative noise: the factor of xi in dv/dt depends on t (use method 'heun' or 'milstein')", true},
		{"dv/dt = -v/tau + xi_1/sqrt(tau) + xi_2/sqrt(tau)", "milstein", Env{}, "milstein cannot integrate equations with non-diagonal noise: dv/dt contains xi_1 and xi_2", true},
		{"dv/dt = -v/tau + xi/sqrt(tau)\ndw/dt = -w/tau + xi/sqrt(tau)", "milstein", Env{}, "milstein cannot integrate equations with non-diagonal noise: xi appears in dv/dt and dw/dt", true},
		// Wrong equations: an error for every method.
		{"dv/dt = -v/tau + xi**2", "heun", Env{}, "dv/dt must be a sum of terms proportional to the noise xi, but it depends on xi ** 2", false},
		{"dv/dt = -v/tau + sqrt(xi)", "default", Env{}, "dv/dt must be a sum of terms proportional to the noise xi, but it depends on sqrt(xi)", false},
		{"dv/dt = -v/tau\ndv/dt = v", "euler", Env{}, "v has two differential equations", false},
		{"dxi/dt = -xi/tau", "euler", Env{}, "xi is a noise symbol and cannot have a differential equation", false},
		{"dv/dt = (_k_v - v)/tau", "rk2", Env{}, "rk2 cannot name an intermediate variable '_k_v': it is already a name used in the equations", false},
		{"dv/dt = (_v - v)/tau", "exact", Env{}, "exact cannot name the new value of v '_v': the name is already used", false},
		// Lists of methods.
		{"dv/dt = -v/tau + v*xi/sqrt(tau)", "exact,euler,exponential_euler", Env{},
			"none of the integration methods exact, euler, exponential_euler can integrate these equations: " +
				"exact cannot integrate stochastic equations: dv/dt contains xi; " +
				"euler cannot integrate equations with multiplicative noise: the factor of xi in dv/dt depends on v (use method 'heun' or 'milstein'); " +
				"exponential_euler cannot integrate stochastic equations: dv/dt contains xi", false},
		{"dv/dt = -v/tau", "eular", Env{}, "unknown integration method 'eular' — did you mean 'euler'?", false},
		{"dv/dt = -v/tau", "gsl_rk4", Env{}, "integration method 'gsl_rk4' (Brian2's GSL integrators) is not supported: use 'rk4', or 'exact' for linear equations", false},
		{"dv/dt = -v/tau", "independent", Env{}, "integration method 'independent' is deprecated in Brian2 and not supported: use 'exact'", false},
		{"dv/dt = -v/tau", "runge_kutta", Env{}, "unknown integration method 'runge_kutta'; the methods are euler, rk2, rk4, heun, milstein, exponential_euler, exact, linear", false},
	}
	for _, c := range cases {
		var methods []string
		if c.method != "default" {
			methods = strings.Split(c.method, ",")
		}
		_, err := Integrate(parseSystem(t, c.eqs), c.env, methods...)
		if err == nil {
			t.Errorf("%s with %s: no error, want %q", c.eqs, c.method, c.want)
			continue
		}
		if err.Error() != c.want {
			t.Errorf("%s with %s:\n got %q\nwant %q", c.eqs, c.method, err, c.want)
		}
		var u *UnsupportedError
		if errors.As(err, &u) != c.unsupported {
			t.Errorf("%s with %s: unsupported = %v, want %v", c.eqs, c.method, !c.unsupported, c.unsupported)
		}
	}
}

func TestMethodChoice(t *testing.T) {
	cases := []struct {
		eqs     string
		env     Env
		methods []string
		want    string
	}{
		{"dv/dt = -v/tau", Env{}, nil, "exact"},
		{"dv/dt = (v**2 - v)/tau", Env{}, nil, "euler"},
		{"dv/dt = -v/tau + xi/sqrt(tau)", Env{}, nil, "euler"},
		{"dv/dt = -v/tau + v*xi/sqrt(tau)", Env{}, nil, "heun"},
		{"dv/dt = (v**2 - v)/tau", Env{}, DefaultSpatialMethods, "rk2"},
		{"dv/dt = (m - v)/tau\ndm/dt = (v**2 - m)/tau", Env{}, DefaultSpatialMethods, "exponential_euler"},
		{"dv/dt = (m - v)/tau\ndm/dt = (m**2 - v)/tau", Env{}, DefaultSpatialMethods, "rk2"},
		{"dv/dt = (m - v)/tau\ndm/dt = (v**2 - m)/tau", Env{}, []string{"exact", "exponential_euler"}, "exponential_euler"},
		{"dv/dt = -v/tau", Env{}, []string{"RK4"}, "rk4"},
		{"dv/dt = -v/tau", Env{}, []string{"Linear"}, "linear"},
		{"dv/dt = -v/tau", Env{}, []string{"euler", "exact"}, "euler"},
	}
	for _, c := range cases {
		r, err := Integrate(parseSystem(t, c.eqs), c.env, c.methods...)
		if err != nil {
			t.Errorf("%s with %v: %v", c.eqs, c.methods, err)
			continue
		}
		if r.Method != c.want {
			t.Errorf("%s with %v: method %s, want %s", c.eqs, c.methods, r.Method, c.want)
		}
	}
	if len(DefaultMethods) != 3 || DefaultMethods[0] != "exact" || DefaultMethods[1] != "euler" || DefaultMethods[2] != "heun" {
		t.Errorf("DefaultMethods = %v, want Brian2's [exact euler heun]", DefaultMethods)
	}
	for _, n := range MethodNames {
		if _, err := Lookup(n); err != nil {
			t.Errorf("Lookup(%q): %v", n, err)
		}
	}
}

// TestEmptySystem: a model without differential equations needs no code.
func TestEmptySystem(t *testing.T) {
	for _, m := range MethodNames {
		r, err := Integrate(nil, Env{}, m)
		if err != nil || len(r.Stmts) != 0 {
			t.Errorf("%s on no equations: %v, %v", m, r, err)
		}
	}
}

func TestEnvFromNamespace(t *testing.T) {
	ns := func(n string) (expr.Symbol, bool) {
		switch n {
		case "tau":
			return expr.Symbol{Const: true, Value: 0.01}, true
		case "I":
			return expr.Symbol{}, true // a per-neuron variable
		}
		return expr.Symbol{}, false
	}
	env := EnvFromNamespace(ns)
	for _, c := range []struct {
		name string
		v    float64
		ok   bool
	}{{"tau", 0.01, true}, {"I", 0, false}, {"ms", 1e-3, true}, {"pi", math.Pi, true}, {"t", 0, false}, {"xi", 0, false}, {"dt", 0, false}} {
		if v, ok := env.value(c.name); v != c.v || ok != c.ok {
			t.Errorf("value(%s) = %v, %v; want %v, %v", c.name, v, ok, c.v, c.ok)
		}
	}
	if _, ok := EnvFromNamespace(nil).value("tau"); ok {
		t.Error("a nil namespace knows tau")
	}
}
