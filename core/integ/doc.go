// Package integ owns the state updaters: it turns a system of differential
// equations into the abstract code of one time step, as Brian2's
// brian2.stateupdaters does, with the same methods, the same rules for which
// method accepts which equations, and the same default choice.
//
// The input is a system of differential equations after the subexpressions
// have been substituted ([DiffEq]: dName/dt = RHS), and an [Env] that says
// what the other names mean: which vary within a time step (t always),
// which functions of t are constant over a step (a TimedArray), and which
// values are known when the model is built. The output is a list of
// statements of the code-string language (package expr) that reads the
// state at t and leaves it at t + dt: intermediate variables first, then
// the new values _v, then v = _v for every variable, so that every
// right-hand side sees the state at the start of the step.
//
//	r, err := integ.Integrate(eqs, env)           // Brian2's default: exact, euler, heun
//	r, err := integ.Integrate(eqs, env, "rk4")    // one method
//	fmt.Println(r.Method, r)                      // the method chosen and the code
//
// # Methods
//
// euler, rk2, rk4, heun and milstein are explicit methods defined, as in
// Brian2, by short descriptions in Brian2's language for
// ExplicitStateUpdater (see [Explicit]); [NewExplicit] defines more. The
// description is applied to the syntax tree: in rk4's
// k_2 = dt*f(x + k_1/2, t + dt/2), f becomes the right-hand side with every
// state variable v replaced by v + _k_1_v/2 and t by t + dt/2.
//
// Noise symbols (xi, xi_*) must appear linearly; each equation is split
// into a deterministic part f and a factor g_i per symbol. As in Brian2,
// the code first draws the increment of each symbol's Wiener process,
// xi = dt**.5 * randn(), so that xi stands for dW, normal with variance dt,
// in the statements that follow. euler takes additive noise only (factors
// that use no state variable and are constant over a step); heun and
// milstein take multiplicative noise, which they read as Stratonovich
// equations; milstein needs diagonal noise. rk2, rk4, exponential_euler and
// exact take no noise.
//
// exponential_euler ([ExponentialEuler]) integrates conditionally linear
// systems, dx/dt = A*x + B with A and B free of x, exactly over a step with
// A and B frozen. exact ([Exact], also called linear) integrates linear
// systems whose coefficients are constant over a step exactly: in closed
// form when the variables feed each other without a cycle, with a
// numerically computed matrix exponential (Padé 13 with scaling and
// squaring) when they form a cycle and the coefficients are known at build
// time.
//
// A method that cannot integrate a system says why in an [UnsupportedError]
// ("exact needs linear equations: dv/dt depends on v * v"); a list of
// methods tries the next one, as Brian2 does, and the [Result] keeps the
// reasons. Equations that no method can integrate (a noise symbol under a
// square root, two equations for one variable) give other errors.
//
// [SplitLinear] and [Affine], the symbolic analysis the methods rest on,
// write an expression as a linear combination of some variables and a rest.
//
// # Where myelin differs from Brian2
//
//   - Brian2 names intermediate variables __k_1_v; myelin writes _k_1_v.
//     It drops intermediate variables that nothing reads (Brian2's heun
//     computes __g_support_v = 0 for equations without noise) and replaces
//     those assigned a number or a name by their value.
//   - exponential_euler writes x + dt*(A*x + B)*exprel(A*dt) where Brian2
//     writes -B/A + (x + B/A)*exp(A*dt): the same solution, without a
//     division by A, which may vanish at run time. Brian2 2.5.1 also
//     accepts r*x*(1 - x) and silently drops the x**2 term (its
//     get_conditionally_linear_system keeps only the terms in x and 1);
//     myelin rejects it.
//   - exact writes the closed form with exprel, which stays finite when two
//     time constants are equal; Brian2's sympy solution divides by their
//     difference (taue - taum). Coupled systems with per-element
//     coefficients, which Brian2 solves with sympy (with square roots that
//     can turn NaN at run time), are rejected, so the default list falls
//     back to euler where Brian2 uses exact; coupled systems with
//     coefficients known at build time get a numeric propagator.
//   - Brian2's derivative-free milstein puts the drift into its support
//     point without subtracting dt from dW**2, which leaves a bias of order
//     dt**.5 when the noise is multiplicative and the drift is not zero:
//     its strong order is then 0.5, not 1. myelin keeps Brian2's
//     definition so that models give the same results (see the tests).
//   - Brian2's heun treats the deterministic part with forward Euler: on
//     equations without noise it is Euler's method, of order 1.
package integ
