package integ

import (
	"errors"
	"fmt"

	"github.com/myelin-sim/myelin/core/expr"
)

// ExponentialEuler is Brian2's exponential_euler: for conditionally linear
// systems, where each equation is linear in its own variable,
// dx/dt = A*x + B, with A and B free to depend on anything else (other state
// variables, t, non-linearly). Over a step, A and B are frozen at their
// values at the start of the step and the linear equation is solved
// exactly. Typical Hodgkin–Huxley equations have this form.
//
// Brian2 writes the update as x_new = -B/A + (x + B/A)*exp(A*dt), which
// divides by zero when A vanishes at run time. myelin writes the same
// solution as
//
//	x_new = x + dt*(A*x + B)*exprel(A*dt)
//
// with exprel(z) = (exp(z) - 1)/z and exprel(0) = 1, which is exact and
// well-behaved for every A, and uses the right-hand side as written for
// A*x + B. Like Brian2 it writes x_new = x + dt*B when A is 0 and
// x_new = x*exp(A*dt) when B is 0.
var ExponentialEuler Method = exponentialEuler{}

type exponentialEuler struct{}

func (exponentialEuler) Name() string { return "exponential_euler" }

func (m exponentialEuler) Integrate(eqs []DiffEq, env Env) ([]*expr.Stmt, error) {
	if err := checkSystem(eqs); err != nil {
		return nil, err
	}
	st, _ := splitNoise(eqs)
	for i, eq := range eqs {
		if len(st.byEq[i]) > 0 {
			return nil, unsupported(m.Name(), "cannot integrate stochastic equations: d%s/dt contains %s", eq.Name, st.byEq[i][0])
		}
	}
	if err := claimNewValues(m.Name(), eqs); err != nil {
		return nil, err
	}
	var out []*expr.Stmt
	for _, eq := range eqs {
		a, b, err := Affine(eq.RHS, eq.Name)
		if err != nil {
			var nl *NonlinearError
			if errors.As(err, &nl) {
				return nil, unsupported(m.Name(), "needs equations that are linear in their own variable: d%s/dt depends on %s", eq.Name, quote(nl.Term))
			}
			return nil, err
		}
		x, dt := name(eq.Name), name("dt")
		var rhs expr.Expr
		switch {
		case isZero(a):
			rhs = add(x, mul(dt, b))
		case isZero(b):
			rhs = mul(x, call("exp", mul(a, dt)))
		default:
			rhs = add(x, mul(mul(dt, clone(eq.RHS)), call("exprel", mul(a, dt))))
		}
		out = append(out, assign("_"+eq.Name, rhs))
	}
	for _, eq := range eqs {
		out = append(out, assign(eq.Name, name("_"+eq.Name)))
	}
	return out, nil
}

// claimNewValues checks that the names _v of the new values are not used
// by the equations.
func claimNewValues(method string, eqs []DiffEq) error {
	used := map[string]bool{}
	for _, eq := range eqs {
		used[eq.Name] = true
		for _, n := range expr.Names(eq.RHS) {
			used[n] = true
		}
	}
	for _, eq := range eqs {
		if used["_"+eq.Name] {
			return fmt.Errorf("%s cannot name the new value of %s '_%s': the name is already used", method, eq.Name, eq.Name)
		}
	}
	return nil
}
