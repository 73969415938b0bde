package integ

import (
	"math"
	"strings"
	"testing"
)

func TestNewExplicitErrors(t *testing.T) {
	cases := []struct{ desc, want string }{
		{"k = dt*f(x,t)", "the last line must be x_new = ..."},
		{"", "the last line must be x_new = ..."},
		{"x_new = x + dt*f(x,t) +", "1:24: expected an expression but found end of input"},
		{"x_new = x + dt*h(x,t)", "1:16: unknown function 'h'"},
		{"x_new = x + dt*f(x)", "1:16: f takes two arguments, the state and the time, as in f(x, t)"},
		{"x_new = x + k", "1:13: unknown name 'k': a description may use x, t, dt, dW, f(x, t), g(x, t) and the variables assigned before"},
		{"x_new = x + dt*f(x + dW, t)", "1:22: dW cannot appear inside the arguments of f or g: assign the expression to an intermediate variable"},
		{"x_new = x + dt*f(x + dt*f(x,t), t)", "1:25: f(...) cannot be nested inside f or g: assign it to an intermediate variable"},
		{"x_new = x + dt*f(x, x)", "1:21: the time argument of f or g may only use t, dt and numbers, not 'x'"},
		{"x_new = x + dt*f", "1:16: f is a function: write f(x, t)"},
		{"k = 1\nk = 2\nx_new = x + k", "2:1: 'k' is assigned twice"},
		{"t = 1\nx_new = x", "1:1: 't' is reserved and cannot be assigned"},
		{"x_new = x\nx_new = x", "1:1: x_new must be assigned once, on the last line"},
		{"k += 1\nx_new = x", "1:1: only assignments with '=' are allowed, not '+='"},
		{"x_new = x + dt*f(x,t)*g(x,t)*dW", "1:1: the term dt * f(x, t) * g(x, t) * dW mixes f with g or dW"},
	}
	for _, c := range cases {
		_, err := NewExplicit("test", c.desc, NoNoise)
		if err == nil {
			t.Errorf("%q: no error, want %q", c.desc, c.want)
			continue
		}
		want := "description of test: " + c.want
		if err.Error() != want {
			t.Errorf("%q:\n got %q\nwant %q", c.desc, err, want)
		}
	}
}

// TestCustomMethod defines methods in the description language and checks
// the code and the order of convergence.
func TestCustomMethod(t *testing.T) {
	// The explicit trapezoidal rule (Heun's deterministic method).
	trap, err := NewExplicit("trapezoid", `
		k1 = dt*f(x, t)
		k2 = dt*f(x + k1, t + dt)  # a comment
		x_new = x + (k1 + k2)/2`, NoNoise)
	if err != nil {
		t.Fatal(err)
	}
	r, err := IntegrateWith(parseSystem(t, "dx/dt = -x/tau + sin(t/tau)"), Env{}, trap)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"_k1_x = dt * (-x / tau + sin(t / tau))",
		"_k2_x = dt * (-(x + _k1_x) / tau + sin((t + dt) / tau))",
		"_x = x + (_k1_x + _k2_x) / 2",
		"x = _x",
	}, "\n")
	if r.String() != want || r.Method != "trapezoid" {
		t.Errorf("trapezoid gives (method %s)\n%s\nwant\n%s", r.Method, r, want)
	}
	// Its order on the oscillator.
	var errs []float64
	for _, n := range []int{40, 80, 160} {
		r, _ := IntegrateWith(parseSystem(t, oscillator.eqs), Env{}, trap)
		p := compileProgram(t, r.Stmts)
		s := run(p, map[string]float64{"w": 2, "x": 1, "y": 0}, oscillator.T/float64(n), n, nil)
		errs = append(errs, math.Hypot(p.get(s, "x")-oscillator.exact["x"], p.get(s, "y")-oscillator.exact["y"]))
	}
	if ord := math.Log2(errs[1] / errs[2]); math.Abs(ord-2) > 0.1 {
		t.Errorf("trapezoid: order %.3f, want 2", ord)
	}

	// A line mixing f and g in one product is expanded into its terms.
	mixed, err := NewExplicit("mixed", "x_new = x + (dt*f(x,t) + g(x,t)*dW)*1", AdditiveNoise)
	if err != nil {
		t.Fatal(err)
	}
	if got := mixed.String(); got != "x_new = x + dt * f(x, t) + [g(x, t) * dW]" {
		t.Errorf("mixed line split as %s", got)
	}
	r, err = IntegrateWith(parseSystem(t, "dv/dt = -v/tau + s*xi"), Env{}, mixed)
	if err != nil {
		t.Fatal(err)
	}
	if got := r.String(); got != "xi = dt ** .5 * randn()\n_v = v - dt * v / tau + s * xi\nv = _v" {
		t.Errorf("mixed gives\n%s", got)
	}
}

// TestExplicitDescriptions shows how the built-in descriptions are split
// into their deterministic and [stochastic] parts.
func TestExplicitDescriptions(t *testing.T) {
	want := map[*Explicit]string{
		Euler: "x_new = x + dt * f(x, t) + [g(x, t) * dW]",
		RK2:   "k = dt * f(x, t)\nx_new = x + dt * f(x + k / 2, t + dt / 2)",
		Heun: "x_support = x + [g(x, t) * dW]\ng_support = [g(x_support, t + dt)]\n" +
			"x_new = x + dt * f(x, t) + [.5 * dW * (g(x, t) + g_support)]",
		Milstein: "x_support = x + dt * f(x, t) + [dt ** .5 * g(x, t)]\ng_support = [g(x_support, t)]\n" +
			"k = [(g_support - g(x, t)) * dW ** 2 / (2 * dt ** .5)]\nx_new = x + dt * f(x, t) + k + [g(x, t) * dW]",
	}
	for m, w := range want {
		if got := m.String(); got != w {
			t.Errorf("%s:\n%s\nwant\n%s", m.Name(), got, w)
		}
	}
	if RK4.Noise() != NoNoise || Euler.Noise() != AdditiveNoise || Heun.Noise() != MultiplicativeNoise {
		t.Errorf("noise kinds: rk4 %v, euler %v, heun %v", RK4.Noise(), Euler.Noise(), Heun.Noise())
	}
	if !strings.Contains(RK4.Description(), "k_4 = dt*f(x + k_3, t + dt)") {
		t.Errorf("RK4.Description() = %q", RK4.Description())
	}
}
