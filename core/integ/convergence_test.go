package integ

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// run integrates stmts from the values in init for steps steps of dt,
// advancing t, and returns the final state. randn, if not nil, supplies the
// standard normal numbers of the noise.
func run(p *program, init map[string]float64, dt float64, steps int, randn func() float64) []float64 {
	vals := map[string]float64{"dt": dt, "t": 0}
	for k, v := range init {
		vals[k] = v
	}
	s := p.state(vals)
	if randn != nil {
		p.randn = randn
	}
	ti := p.slot("t")
	if ti >= len(s) {
		s = append(s, make([]float64, ti-len(s)+1)...)
	}
	for k := range steps {
		s[ti] = float64(k) * dt
		p.run(s)
	}
	return s
}

// problem is an initial value problem with a known solution at time T.
type problem struct {
	name   string
	eqs    string
	params map[string]float64
	init   map[string]float64
	T      float64
	exact  map[string]float64 // the solution at T
}

var (
	forced = func() problem {
		tau, w, A, x0, T := 1.0, 3.0, 1.0, 0.5, 1.5
		xp := func(t float64) float64 { return A * (math.Sin(w*t)/tau - w*math.Cos(w*t)) / (1/(tau*tau) + w*w) }
		return problem{
			name:   "forced: dx/dt = -x/tau + A*sin(w*t)",
			eqs:    "dx/dt = -x/tau + A*sin(w*t)",
			params: map[string]float64{"tau": tau, "w": w, "A": A},
			init:   map[string]float64{"x": x0},
			T:      T,
			exact:  map[string]float64{"x": xp(T) + (x0-xp(0))*math.Exp(-T/tau)},
		}
	}()
	oscillator = problem{
		name:   "oscillator: dx/dt = w*y, dy/dt = -w*x",
		eqs:    "dx/dt = w*y\ndy/dt = -w*x",
		params: map[string]float64{"w": 2},
		init:   map[string]float64{"x": 1, "y": 0},
		T:      2,
		exact:  map[string]float64{"x": math.Cos(4), "y": -math.Sin(4)},
	}
	// Conditionally linear but not linear: x decays at the rate y.
	decayRate = problem{
		name:   "nonlinear: dx/dt = -x*y, dy/dt = -y/tau",
		eqs:    "dx/dt = -x*y\ndy/dt = -y/tau",
		params: map[string]float64{"tau": 0.5},
		init:   map[string]float64{"x": 1, "y": 2},
		T:      1,
		exact: map[string]float64{
			"x": math.Exp(-2 * 0.5 * (1 - math.Exp(-1/0.5))),
			"y": 2 * math.Exp(-1/0.5),
		},
	}
)

// order measures the order of convergence of a method on a problem: the
// slope of log(error) against log(dt), fitted by least squares over the
// step counts whose errors are well above rounding.
func order(t *testing.T, m string, pb problem, steps []int) (float64, []float64) {
	t.Helper()
	var p *program
	if m != "exact" {
		p = compileProgram(t, mustIntegrate(t, pb.eqs, m, mapEnv(pb.params)))
	}
	init := map[string]float64{}
	for k, v := range pb.params {
		init[k] = v
	}
	for k, v := range pb.init {
		init[k] = v
	}
	var xs, ys, errs []float64
	for _, n := range steps {
		dt := pb.T / float64(n)
		if m == "exact" {
			// Integrate again: the numeric propagator holds for one dt.
			env := mapEnv(pb.params)
			env.Value = func(name string) (float64, bool) {
				if name == "dt" {
					return dt, true
				}
				v, ok := pb.params[name]
				return v, ok
			}
			r, err := Integrate(parseSystem(t, pb.eqs), env, m)
			if err != nil {
				t.Fatal(err)
			}
			p = compileProgram(t, r.Stmts)
		}
		s := run(p, init, dt, n, nil)
		e := 0.0
		for v, want := range pb.exact {
			e = math.Max(e, math.Abs(p.get(s, v)-want))
		}
		errs = append(errs, e)
		if e > 1e-11 {
			xs = append(xs, math.Log(dt))
			ys = append(ys, math.Log(e))
		}
	}
	if len(xs) < 2 {
		return math.NaN(), errs
	}
	// Fit the three smallest steps only, where the error is asymptotic.
	if len(xs) > 3 {
		xs, ys = xs[len(xs)-3:], ys[len(ys)-3:]
	}
	var mx, my float64
	for i := range xs {
		mx += xs[i]
		my += ys[i]
	}
	mx /= float64(len(xs))
	my /= float64(len(xs))
	var sxy, sxx float64
	for i := range xs {
		sxy += (xs[i] - mx) * (ys[i] - my)
		sxx += (xs[i] - mx) * (xs[i] - mx)
	}
	return sxy / sxx, errs
}

// TestConvergenceOrders measures the order of each deterministic method on
// problems with known solutions and logs the table.
func TestConvergenceOrders(t *testing.T) {
	steps := []int{20, 40, 80, 160, 320}
	cases := []struct {
		method string
		pb     problem
		want   float64 // NaN: exact to rounding
	}{
		{"euler", forced, 1},
		{"euler", oscillator, 1},
		{"euler", decayRate, 1},
		{"rk2", forced, 2},
		{"rk2", oscillator, 2},
		{"rk2", decayRate, 2},
		{"rk4", forced, 4},
		{"rk4", oscillator, 4},
		{"rk4", decayRate, 4},
		// Brian2's heun and milstein treat the deterministic part with
		// forward Euler.
		{"heun", forced, 1},
		{"heun", decayRate, 1},
		{"milstein", forced, 1},
		{"milstein", decayRate, 1},
		{"exponential_euler", forced, 1},
		{"exponential_euler", decayRate, 1},
		{"exact", oscillator, math.NaN()},
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-18s %-44s %8s   errors at dt = T/20 ... T/320\n", "method", "problem", "order")
	for _, c := range cases {
		got, errs := order(t, c.method, c.pb, steps)
		es := make([]string, len(errs))
		for i, e := range errs {
			es[i] = fmt.Sprintf("%.1e", e)
		}
		shown := fmt.Sprintf("%8.3f", got)
		if math.IsNaN(c.want) {
			shown = "   exact"
			for _, e := range errs {
				if e > 1e-13 {
					t.Errorf("%s on %s: error %g, want rounding only", c.method, c.pb.name, e)
				}
			}
		} else if math.Abs(got-c.want) > 0.1 {
			t.Errorf("%s on %s: order %.3f, want %g (errors %v)", c.method, c.pb.name, got, c.want, es)
		}
		fmt.Fprintf(&table, "%-18s %-44s %s   %s\n", c.method, c.pb.name, shown, strings.Join(es, " "))
	}
	t.Log(table.String())
}

// TestExactSolutions checks exact and exponential_euler against analytic
// solutions of linear systems, with parameters known at build time and
// not (then the code is symbolic), and in the degenerate cases where two
// time constants are equal or a rate vanishes.
func TestExactSolutions(t *testing.T) {
	leak := func(a, tau, x0, T float64) float64 { return a + (x0-a)*math.Exp(-T/tau) }
	// CUBA: v relaxes to El and is driven by two decaying currents.
	cuba := func(p map[string]float64, T float64) map[string]float64 {
		v0, El, taum := p["v"], p["El"], p["taum"]
		v := El + (v0-El)*math.Exp(-T/taum)
		out := map[string]float64{}
		for _, s := range []struct{ g, tau string }{{"ge", "taue"}, {"gi", "taui"}} {
			g0, ts := p[s.g], p[s.tau]
			out[s.g] = g0 * math.Exp(-T/ts)
			if ts == taum {
				v += g0 * T / taum * math.Exp(-T/taum)
			} else {
				c := g0 * ts / (ts - taum)
				v += c * (math.Exp(-T/ts) - math.Exp(-T/taum))
			}
		}
		out["v"] = v
		return out
	}
	cubaEqs := "dv/dt = (ge + gi - (v - El))/taum\ndge/dt = -ge/taue\ndgi/dt = -gi/taui"
	cubaParams := func(taue, taui float64) map[string]float64 {
		return map[string]float64{"v": -0.06, "ge": 0.004, "gi": -0.003, "El": -0.07,
			"taum": 0.02, "taue": taue, "taui": taui}
	}
	cases := []struct {
		name, eqs, method string
		vals              map[string]float64
		T                 float64
		steps             int
		want              map[string]float64
	}{
		{"leak", "dx/dt = (a - x)/tau", "exact",
			map[string]float64{"a": 0.3, "tau": 0.01, "x": -1}, 0.1, 1000,
			map[string]float64{"x": leak(0.3, 0.01, -1, 0.1)}},
		{"leak", "dx/dt = (a - x)/tau", "exponential_euler",
			map[string]float64{"a": 0.3, "tau": 0.01, "x": -1}, 0.1, 1000,
			map[string]float64{"x": leak(0.3, 0.01, -1, 0.1)}},
		{"integrator", "dx/dt = I/C", "exact",
			map[string]float64{"I": 2, "C": 4, "x": 1}, 1, 10,
			map[string]float64{"x": 1.5}},
		{"cuba", cubaEqs, "exact", cubaParams(0.005, 0.01), 0.1, 1000, cuba(cubaParams(0.005, 0.01), 0.1)},
		{"cuba, taue = taum", cubaEqs, "exact", cubaParams(0.02, 0.01), 0.1, 1000, cuba(cubaParams(0.02, 0.01), 0.1)},
		{"cuba, large dt", cubaEqs, "exact", cubaParams(0.005, 0.01), 0.1, 10, cuba(cubaParams(0.005, 0.01), 0.1)},
	}
	for _, c := range cases {
		for _, known := range []bool{false, true} {
			name := c.name + "/" + c.method
			if known {
				name += "/known"
			}
			t.Run(name, func(t *testing.T) {
				dt := c.T / float64(c.steps)
				env := Env{}
				if known {
					vals := map[string]float64{"dt": dt}
					for k, v := range c.vals {
						vals[k] = v
					}
					for _, eq := range parseSystem(t, c.eqs) {
						delete(vals, eq.Name)
					}
					env = mapEnv(vals)
				}
				r, err := Integrate(parseSystem(t, c.eqs), env, c.method)
				if err != nil {
					t.Fatal(err)
				}
				p := compileProgram(t, r.Stmts)
				s := run(p, c.vals, dt, c.steps, nil)
				for v, want := range c.want {
					got := p.get(s, v)
					if !(math.Abs(got-want) <= 1e-12*math.Abs(want)) {
						t.Errorf("%s = %.17g, want %.17g (relative error %.2g)\n%s", v, got, want, math.Abs(got-want)/math.Abs(want), r)
					}
				}
			})
		}
	}
}

// rk4Reference integrates a system with rk4 and a tiny step.
func rk4Reference(t *testing.T, eqs string, vals map[string]float64, T float64) ([]float64, *program) {
	p := compileProgram(t, mustIntegrate(t, eqs, "rk4", Env{}))
	const n = 20000
	return run(p, vals, T/n, n, nil), p
}

// TestExactAgainstRK4 checks exact on systems without a simple analytic
// solution against rk4 with a very small step: chains of three variables
// (symbolic and numeric) and coupled systems (numeric).
func TestExactAgainstRK4(t *testing.T) {
	cases := []struct {
		name, eqs string
		vals      map[string]float64
		params    []string // those known at build time in the "known" variant
		T         float64
		steps     int
		symbolic  bool // also run with nothing known
	}{
		{"alpha synapse", "dv/dt = (g - v)/taum\ndg/dt = (h - g)/taus\ndh/dt = -h/taus",
			map[string]float64{"v": 0.1, "g": 0.5, "h": 1, "taum": 0.02, "taus": 0.005},
			[]string{"taum", "taus"}, 0.05, 50, true},
		{"alpha synapse with input", "dv/dt = (g - v)/taum\ndg/dt = (h - g)/taus\ndh/dt = (I - h)/taus",
			map[string]float64{"v": 0.1, "g": 0.5, "h": 1, "I": 2, "taum": 0.02, "taus": 0.005},
			[]string{"taum", "taus", "I"}, 0.05, 50, true},
		{"long chain", "dx1/dt = (c - x1)/t1\ndx2/dt = (x1 - x2)/t2\ndx3/dt = (x2 - x3)/t3\ndx4/dt = (x3 - x4)/t1",
			map[string]float64{"x1": 1, "x2": 0.5, "x3": -1, "x4": 0, "t1": 0.01, "t2": 0.02, "t3": 0.005, "c": 10},
			[]string{"t1", "t2", "t3", "c"}, 0.05, 10, false},
		{"chain with input", "dv/dt = (I + w - v)/taum\ndw/dt = (b - w)/tauw",
			map[string]float64{"v": 0.1, "w": 0.5, "I": 0.3, "b": 2, "taum": 0.02, "tauw": 0.1},
			[]string{"taum", "tauw"}, 0.05, 50, true},
		{"adaptive neuron", "dv/dt = (I - v - w)/tau\ndw/dt = (a*v - w)/tauw",
			map[string]float64{"v": 0.1, "w": 0.5, "I": 2, "a": 4, "tau": 0.01, "tauw": 0.1},
			[]string{"a", "tau", "tauw"}, 0.2, 20, false},
		{"three coupled", "dx/dt = -x/tau + y/tau2\ndy/dt = -z/tau2 - y/tau\ndz/dt = x/tau2 - z/tau + c",
			map[string]float64{"x": 1, "y": 0, "z": -1, "tau": 0.05, "tau2": 0.02, "c": 3},
			[]string{"tau", "tau2", "c"}, 0.1, 7, false},
	}
	for _, c := range cases {
		ref, rp := rk4Reference(t, c.eqs, c.vals, c.T)
		for _, known := range []bool{false, true} {
			if !known && !c.symbolic {
				continue
			}
			name := c.name
			if known {
				name += "/known"
			}
			t.Run(name, func(t *testing.T) {
				dt := c.T / float64(c.steps)
				env := Env{}
				if known {
					vals := map[string]float64{"dt": dt}
					for _, k := range c.params {
						vals[k] = c.vals[k]
					}
					env = mapEnv(vals)
				}
				r, err := Integrate(parseSystem(t, c.eqs), env, "exact")
				if err != nil {
					t.Fatal(err)
				}
				p := compileProgram(t, r.Stmts)
				s := run(p, c.vals, dt, c.steps, nil)
				for _, eq := range parseSystem(t, c.eqs) {
					got, want := p.get(s, eq.Name), rp.get(ref, eq.Name)
					if !(math.Abs(got-want) <= 1e-11*math.Max(1, math.Abs(want))) {
						t.Errorf("%s = %.17g, rk4 with a tiny step gives %.17g\n%s", eq.Name, got, want, r)
					}
				}
			})
		}
	}
}

// TestOrnsteinUhlenbeckVariance checks that the stochastic methods give the
// stationary variance sigma**2 of dx/dt = -x/tau + sigma*sqrt(2/tau)*xi,
// within three standard errors, over many independent trajectories.
func TestOrnsteinUhlenbeckVariance(t *testing.T) {
	const (
		tau, sigma = 0.01, 2.0
		dt         = tau / 40
		steps      = 200 // five time constants from x = 0
	)
	paths := 3000
	if testing.Short() {
		paths = 1000
	}
	eqs := "dx/dt = -x/tau + sigma*sqrt(2/tau)*xi"
	for _, m := range []string{"euler", "heun", "milstein"} {
		t.Run(m, func(t *testing.T) {
			p := compileProgram(t, mustIntegrate(t, eqs, m, Env{}))
			rng := rand.New(rand.NewPCG(7, 11))
			var sum, sum2 float64
			for range paths {
				s := run(p, map[string]float64{"tau": tau, "sigma": sigma, "x": 0}, dt, steps, rng.NormFloat64)
				x := p.get(s, "x")
				sum += x
				sum2 += x * x
			}
			n := float64(paths)
			mean := sum / n
			variance := (sum2 - n*mean*mean) / (n - 1)
			want := sigma * sigma * (1 - math.Exp(-2*steps*dt/tau))
			se := want * math.Sqrt(2/(n-1)) // standard error of a Gaussian sample variance
			t.Logf("%s: variance %.4f, want %.4f ± %.4f (one standard error)", m, variance, want, se)
			if math.Abs(variance-want) > 3*se {
				t.Errorf("variance %.4f differs from %.4f by more than 3 standard errors (%.4f)", variance, want, 3*se)
			}
			if math.Abs(mean) > 3*math.Sqrt(want/n) {
				t.Errorf("mean %.4f, want 0 ± %.4f", mean, math.Sqrt(want/n))
			}
		})
	}
}

// TestStochasticConvergence measures the strong order of heun and milstein
// on geometric Brownian motion read as a Stratonovich equation,
// dx/dt = a*x + s*x*xi, whose solution along a Brownian path W is
// x0*exp(a*t + s*W(t)); and checks the mean x0*exp((a + s**2/2)*t).
//
// Brian2's derivative-free Milstein puts the drift into its support point
// (x + dt*f + dt**.5*g) but does not subtract dt from dW**2, which leaves
// a term s*a*x*dt**.5*dW**2/2 of mean s*a*x*dt**1.5/2 in every step: with
// a drift, its error falls only as dt**.5. myelin keeps Brian2's
// definition, so that models give the same answers; the test pins the
// behaviour down.
func TestStochasticConvergence(t *testing.T) {
	const (
		s, x0, T = 0.8, 1.0, 1.0
		fine     = 1024
	)
	paths := 300
	if testing.Short() {
		paths = 100
	}
	var table strings.Builder
	fmt.Fprintf(&table, "\n%-9s %-26s %-12s %s\n", "method", "problem", "strong order", "mean |error| at dt = T/16 ... T/256")
	for _, c := range []struct {
		method string
		a      float64
		want   float64
	}{
		{"heun", 0.5, 1},
		{"heun", 0, 1},
		{"milstein", 0, 1},
		{"milstein", 0.5, 0.5},
	} {
		a := c.a
		eqs := "dx/dt = a*x + s*x*xi"
		p := compileProgram(t, mustIntegrate(t, eqs, c.method, Env{}))
		levels := []int{16, 32, 64, 128, 256}
		errs := make([]float64, len(levels))
		var sumFinal, sum2Final float64
		rng := rand.New(rand.NewPCG(3, 5))
		for range paths {
			dW := make([]float64, fine)
			W := 0.0
			for i := range dW {
				dW[i] = math.Sqrt(T/fine) * rng.NormFloat64()
				W += dW[i]
			}
			exact := x0 * math.Exp(a*T+s*W)
			for li, n := range levels {
				dt := T / float64(n)
				per := fine / n
				k := 0
				randn := func() float64 {
					var inc float64
					for j := range per {
						inc += dW[k*per+j]
					}
					k++
					return inc / math.Sqrt(dt)
				}
				st := run(p, map[string]float64{"a": a, "s": s, "x": x0}, dt, n, randn)
				x := p.get(st, "x")
				errs[li] += math.Abs(x-exact) / float64(paths)
				if li == len(levels)-1 {
					sumFinal += x
					sum2Final += x * x
				}
			}
		}
		// Least-squares slope of log(error) against log(dt).
		var mx, my, sxy, sxx float64
		for i, n := range levels {
			mx += math.Log(T / float64(n))
			my += math.Log(errs[i])
		}
		mx /= float64(len(levels))
		my /= float64(len(levels))
		for i, n := range levels {
			dx := math.Log(T/float64(n)) - mx
			sxy += dx * (math.Log(errs[i]) - my)
			sxx += dx * dx
		}
		ord := sxy / sxx
		es := make([]string, len(errs))
		for i, e := range errs {
			es[i] = fmt.Sprintf("%.1e", e)
		}
		name := fmt.Sprintf("GBM, a = %g, s = %g", a, s)
		fmt.Fprintf(&table, "%-9s %-26s %-12.3f %s\n", c.method, name, ord, strings.Join(es, " "))
		if math.Abs(ord-c.want) > 0.15 {
			t.Errorf("%s on %s: strong order %.3f, want %g", c.method, name, ord, c.want)
		}
		n := float64(paths)
		mean := sumFinal / n
		sd := math.Sqrt((sum2Final - n*mean*mean) / (n - 1))
		want := x0 * math.Exp((a+s*s/2)*T)
		if math.Abs(mean-want) > 3*sd/math.Sqrt(n) {
			t.Errorf("%s on %s: mean %.4f, the Stratonovich solution has mean %.4f (± %.4f)", c.method, name, mean, want, sd/math.Sqrt(n))
		}
	}
	t.Log(table.String())
}
