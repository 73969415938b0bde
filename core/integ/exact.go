package integ

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
)

// Exact is Brian2's exact (also called linear): the exact solution over a
// step of a linear system dX/dt = A*X + b whose coefficients A and b are
// constant over the step. They may depend on parameters, per-element ones
// included, and on functions of t that are locally constant (a TimedArray),
// but not on the state variables, on t or on random numbers. Stochastic
// systems are not accepted.
//
// How the solution is written depends on the coupling between the
// variables:
//
//   - When no variable depends, directly or through others, on itself
//     (the system is triangular, as for a membrane potential fed by
//     exponentially decaying synaptic currents), the solution is written in
//     closed form, symbolically, so it holds for any dt and any parameter
//     values. Each variable's update sums, over the chains of variables
//     that feed it, the products of the coupling coefficients times divided
//     differences of exp(λ*dt) over the chain's rates λ (the diagonal of
//     A). The first divided differences are written with exprel, which
//     stays exact when two rates coincide or vanish: dx/dt = a*x + b gives
//     x*exp(a*dt) + b*dt*exprel(a*dt), and for CUBA's
//     dv/dt = (ge - (v - El))/taum, dge/dt = -ge/taue, the term in ge is
//     ge*dt*exp(-dt/taue)*exprel((1/taue - 1/taum)*dt)/taum.
//   - Chains of three or more variables (or two, fed by a constant input)
//     need higher divided differences. When A is known when the model is
//     built (its entries and dt have values in the Env), the update is
//     computed numerically instead, as for coupled systems. Otherwise the
//     higher differences are written by their recurrence, which divides by
//     the differences of two rates that are not written the same: such a
//     model must not give them the same value at run time.
//   - Coupled systems (a cycle of dependencies, like an oscillator or an
//     adaptive neuron) need the matrix exponential. When A and dt are known
//     at build time, the propagator is computed numerically (scaling and
//     squaring, Padé 13) and the update reads x_new = p11*x + p12*y + q1
//     with numbers for the p, and for the q where b is known too. Such code
//     holds for one dt only: integrate again if dt changes. Coupled systems
//     with coefficients not known at build time are rejected.
//
// Brian2 derives the solution with sympy, which fails for complex
// eigenvalues (oscillators) and divides by differences of rates even for
// two variables; myelin accepts more systems. So, where Brian2's default
// method list falls back from exact to euler for a linear oscillator with
// constant coefficients, myelin integrates it exactly; and where Brian2
// integrates a coupled system with per-element coefficients exactly,
// myelin falls back to euler.
var Exact Method = exactMethod{name: "exact"}

type exactMethod struct{ name string }

func (m exactMethod) Name() string { return m.name }

func (m exactMethod) Integrate(eqs []DiffEq, env Env) ([]*expr.Stmt, error) {
	if err := checkSystem(eqs); err != nil {
		return nil, err
	}
	st, _ := splitNoise(eqs)
	for i, eq := range eqs {
		if len(st.byEq[i]) > 0 {
			return nil, unsupported(m.name, "cannot integrate stochastic equations: d%s/dt contains %s", eq.Name, st.byEq[i][0])
		}
	}
	if err := claimNewValues(m.name, eqs); err != nil {
		return nil, err
	}
	n := len(eqs)
	if n == 0 {
		return nil, nil
	}
	vars := make([]string, n)
	for i, eq := range eqs {
		vars[i] = eq.Name
	}
	ls := &linSys{vars: vars, a: make([][]expr.Expr, n), b: make([]expr.Expr, n)}
	for i, eq := range eqs {
		l, err := SplitLinear(eq.RHS, vars...)
		if err != nil {
			var nl *NonlinearError
			if errors.As(err, &nl) {
				return nil, unsupported(m.name, "needs linear equations: d%s/dt depends on %s", eq.Name, quote(nl.Term))
			}
			return nil, err
		}
		ls.a[i] = make([]expr.Expr, n)
		for j, v := range vars {
			c := l.CoefOf(v)
			if why := notConstant(c, env); why != "" {
				return nil, unsupported(m.name, "needs coefficients that are constant over a time step: the factor of %s in d%s/dt depends on %s", v, eq.Name, why)
			}
			ls.a[i][j] = c
		}
		if why := notConstant(l.Rest, env); why != "" {
			return nil, unsupported(m.name, "needs coefficients that are constant over a time step: d%s/dt depends on %s", eq.Name, why)
		}
		ls.b[i] = l.Rest
	}
	ls.graph()

	cycle := ls.cycle()
	order := -1 // not defined for a cyclic system
	if cycle == nil {
		order = ls.maxOrder()
	}
	if cycle == nil && order <= 1 {
		if stmts, ok := ls.symbolic(); ok {
			return stmts, nil
		}
	}
	a, unknown := ls.numericA(env)
	dt, dtKnown := env.value("dt")
	if unknown == "" && dtKnown {
		stmts, err := ls.numeric(a, dt, env)
		if err != nil {
			return nil, unsupported(m.name, "cannot compute the propagator of %s: %v", strings.Join(vars, ", "), err)
		}
		return stmts, nil
	}
	if unknown == "" {
		unknown = "dt"
	}
	if cycle == nil {
		if order <= maxSymbolicOrder {
			if stmts, ok := ls.symbolic(); ok {
				return stmts, nil
			}
		}
		return nil, unsupported(m.name, "needs the coefficients when the model is built for this chain of equations (%s), which is too long to solve symbolically, but %s is not known", strings.Join(vars, ", "), unknown)
	}
	coupled := dependOnEachOther(cycle)
	if unknown != "dt" {
		return nil, unsupported(m.name, "cannot integrate coupled equations with coefficients not known when the model is built yet: %s, and %s is not known (use method 'exponential_euler' or 'rk4')", coupled, unknown)
	}
	return nil, unsupported(m.name, "needs the value of dt when the model is built to integrate coupled equations: %s", coupled)
}

// Limits of the symbolic solution: the order of the divided differences
// (their recurrence loses accuracy and grows quickly with it) and the
// number of chains summed (it grows exponentially in a dense system).
const (
	maxSymbolicOrder = 3
	maxSymbolicTerms = 1000
)

func dependOnEachOther(cycle []string) string {
	if len(cycle) == 1 {
		return cycle[0] + " depends on itself"
	}
	return strings.Join(cycle[:len(cycle)-1], ", ") + " and " + cycle[len(cycle)-1] + " depend on each other"
}

// linSys is dX/dt = A*X + b.
type linSys struct {
	vars []string
	a    [][]expr.Expr
	b    []expr.Expr
	deps [][]int // deps[i]: the j != i with a[i][j] != 0
}

func (s *linSys) graph() {
	s.deps = make([][]int, len(s.vars))
	for i := range s.vars {
		for j := range s.vars {
			if j != i && !isZero(s.a[i][j]) {
				s.deps[i] = append(s.deps[i], j)
			}
		}
	}
}

// cycle returns the variables of a cycle of dependencies, or nil.
func (s *linSys) cycle() []string {
	const (
		white = iota
		grey
		black
	)
	color := make([]int, len(s.vars))
	var stack []int
	var found []int
	var visit func(i int) bool
	visit = func(i int) bool {
		color[i] = grey
		stack = append(stack, i)
		for _, j := range s.deps[i] {
			switch color[j] {
			case grey:
				for k := len(stack) - 1; k >= 0; k-- {
					found = append(found, stack[k])
					if stack[k] == j {
						break
					}
				}
				return true
			case white:
				if visit(j) {
					return true
				}
			}
		}
		stack = stack[:len(stack)-1]
		color[i] = black
		return false
	}
	for i := range s.vars {
		if color[i] == white && visit(i) {
			sort.Ints(found)
			names := make([]string, len(found))
			for k, idx := range found {
				names[k] = s.vars[idx]
			}
			return names
		}
	}
	return nil
}

// maxOrder is the order of the highest divided difference the symbolic
// solution of an acyclic system (only) needs: the length of the longest chain of
// dependencies, plus one if a constant input feeds its end.
func (s *linSys) maxOrder() int {
	memo := make([]int, len(s.vars))
	for i := range memo {
		memo[i] = -1
	}
	var depth func(i int) int
	depth = func(i int) int {
		if memo[i] >= 0 {
			return memo[i]
		}
		d := 0
		if !isZero(s.b[i]) {
			d = 1
		}
		for _, j := range s.deps[i] {
			d = max(d, 1+depth(j))
		}
		memo[i] = d
		return d
	}
	m := 0
	for i := range s.vars {
		m = max(m, depth(i))
	}
	return m
}

// numericA evaluates A, or names a coefficient that is not known.
func (s *linSys) numericA(env Env) (matrix, string) {
	n := len(s.vars)
	a := newMatrix(n)
	for i := range n {
		for j := range n {
			v, ok := evalConst(s.a[i][j], env)
			if !ok {
				return nil, fmt.Sprintf("the factor of %s in d%s/dt, %s,", s.vars[j], s.vars[i], quote(s.a[i][j]))
			}
			a[i][j] = v
		}
	}
	return a, ""
}

// finish adds the assignments v = _v.
func (s *linSys) finish(stmts []*expr.Stmt) []*expr.Stmt {
	for _, v := range s.vars {
		stmts = append(stmts, assign(v, name("_"+v)))
	}
	return stmts
}

// symbolic writes the closed-form solution of an acyclic system. It
// reports false when that needs more than maxSymbolicTerms terms.
func (s *linSys) symbolic() ([]*expr.Stmt, bool) {
	n := len(s.vars)
	dd := &divDiff{n: n, rate: func(k int) expr.Expr {
		if k == n {
			return zero() // the constant input
		}
		return s.a[k][k]
	}, memo: map[string]expr.Expr{}}
	var stmts []*expr.Stmt
	budget := maxSymbolicTerms
	for i, v := range s.vars {
		coef := make([]expr.Expr, n)
		for k := range coef {
			coef[k] = zero()
		}
		var consts []expr.Expr
		var walk func(k int, prod expr.Expr, path []int)
		walk = func(k int, prod expr.Expr, path []int) {
			if budget--; budget < 0 {
				return
			}
			coef[k] = add(coef[k], mul(prod, dd.get(path)))
			if !isZero(s.b[k]) {
				withInput := append(append([]int(nil), path...), n)
				consts = append(consts, mul(mul(prod, s.b[k]), dd.get(withInput)))
			}
			for _, j := range s.deps[k] {
				walk(j, mul(prod, s.a[k][j]), append(append([]int(nil), path...), j))
			}
		}
		walk(i, one(), []int{i})
		if budget < 0 {
			return nil, false
		}
		var terms []expr.Expr
		order := append([]int{i}, otherThan(i, n)...)
		for _, k := range order {
			if !isZero(coef[k]) {
				terms = append(terms, scaled(name(s.vars[k]), coef[k]))
			}
		}
		terms = append(terms, consts...)
		stmts = append(stmts, assign("_"+v, sum(terms...)))
	}
	return s.finish(stmts), true
}

// scaled is x times the coefficient c, kept as x*(c): c does not vary over
// elements when the rates are parameters, so a kernel computes it once per
// step instead of multiplying x through its factors one by one.
func scaled(x, c expr.Expr) expr.Expr {
	c = expr.Unparen(c)
	switch c.(type) {
	case *expr.Num, *expr.Name, *expr.Call:
		return mul(x, c)
	}
	if n, ok := asNum(c); ok && (n.Value == 1 || n.Value == 0 || n.Value == -1) {
		return mul(x, c)
	}
	return &expr.Binary{X: x, OpPos: expr.NoPos, Op: expr.OpMul, Y: &expr.Paren{Lparen: expr.NoPos, X: c, Rparen: expr.NoPos}}
}

func otherThan(i, n int) []int {
	var out []int
	for k := range n {
		if k != i {
			out = append(out, k)
		}
	}
	return out
}

// divDiff builds dt^m times the divided differences of exp over the rates
// of m+1 nodes times dt: D[k] = exp(λk*dt), D[p,q] =
// (exp(λp*dt) - exp(λq*dt))/(λp - λq), and so on.
type divDiff struct {
	n    int
	rate func(k int) expr.Expr
	memo map[string]expr.Expr
}

func (d *divDiff) same(p, q int) bool { return expr.Equal(d.rate(p), d.rate(q)) }

// expOf returns exp(rate*dt).
func (d *divDiff) expOf(k int) expr.Expr {
	r := d.rate(k)
	if isZero(r) {
		return one()
	}
	return call("exp", mul(clone(r), name("dt")))
}

func (d *divDiff) get(nodes []int) expr.Expr {
	ns := append([]int(nil), nodes...)
	sort.Ints(ns)
	var key strings.Builder
	for _, k := range ns {
		key.WriteString(strconv.Itoa(k) + ",")
	}
	if e, ok := d.memo[key.String()]; ok {
		return clone(e)
	}
	e := d.compute(ns)
	d.memo[key.String()] = e
	return clone(e)
}

func (d *divDiff) compute(ns []int) expr.Expr {
	m := len(ns) - 1
	dt := func() expr.Expr { return name("dt") }
	if m == 0 {
		return d.expOf(ns[0])
	}
	allSame := true
	for _, k := range ns[1:] {
		allSame = allSame && d.same(ns[0], k)
	}
	if allSame {
		// All rates equal: dt^m/m! * exp(λ*dt).
		var p expr.Expr = dt()
		if m > 1 {
			p = bin(dt(), expr.OpPow, num(float64(m), true))
			fact := 1.0
			for k := 2; k <= m; k++ {
				fact *= float64(k)
			}
			p = div(p, num(fact, true))
		}
		return mul(p, d.expOf(ns[0]))
	}
	if m == 1 {
		p, q := ns[0], ns[1]
		if isZero(d.rate(p)) {
			p, q = q, p
		}
		// dt*exp(λq*dt)*exprel((λp - λq)*dt), exact for any λp, λq.
		return mul(mul(dt(), d.expOf(q)), call("exprel", mul(sub(clone(d.rate(p)), clone(d.rate(q))), dt())))
	}
	// The recurrence D[S] = (D[S\q] - D[S\p]) / (λp - λq) for rates that
	// are not written the same; prefer a pair with the constant input, whose
	// difference is the other rate itself.
	bp, bq := -1, -1
	for i := range ns {
		for j := i + 1; j < len(ns); j++ {
			if d.same(ns[i], ns[j]) {
				continue
			}
			withInput := ns[j] == d.n && !isZero(d.rate(ns[i]))
			if bp < 0 || withInput && ns[bq] != d.n {
				bp, bq = i, j
			}
		}
	}
	without := func(skip int) []int {
		var out []int
		for i, k := range ns {
			if i != skip {
				out = append(out, k)
			}
		}
		return out
	}
	numer := sub(d.get(without(bq)), d.get(without(bp)))
	return div(numer, sub(clone(d.rate(ns[bp])), clone(d.rate(ns[bq]))))
}

// numeric writes the update with a numerically computed propagator:
// X(t+dt) = P X(t) + Q b, with P = exp(A dt) and Q = ∫0^dt exp(A s) ds,
// both read off the exponential of the block matrix [[A dt, dt I], [0, 0]].
func (s *linSys) numeric(a matrix, dt float64, env Env) ([]*expr.Stmt, error) {
	n := len(s.vars)
	aug := newMatrix(2 * n)
	for i := range n {
		for j := range n {
			aug[i][j] = a[i][j] * dt
		}
		aug[i][n+i] = dt
	}
	e, err := expm(aug)
	if err != nil {
		return nil, err
	}
	for i := range n {
		for j := range 2 * n {
			if !finite(e[i][j]) {
				return nil, errors.New("it overflows: the solution grows by more than 1e308 in one step")
			}
		}
	}
	reach := s.reach()
	var stmts []*expr.Stmt
	for i, v := range s.vars {
		var terms []expr.Expr
		known := 0.0
		for _, j := range append([]int{i}, otherThan(i, n)...) {
			if !reach[i][j] {
				continue
			}
			if p := e[i][j]; p != 0 {
				terms = append(terms, mul(num(p, false), name(s.vars[j])))
			}
		}
		for j := range n {
			if !reach[i][j] || isZero(s.b[j]) {
				continue
			}
			q := e[i][n+j]
			if bv, ok := evalConst(s.b[j], env); ok && finite(bv) {
				known += float64(q * bv)
			} else if q != 0 {
				terms = append(terms, mul(num(q, false), clone(s.b[j])))
			}
		}
		if !finite(known) {
			return nil, errors.New("its constant term overflows")
		}
		if known != 0 {
			terms = append(terms, num(known, false))
		}
		stmts = append(stmts, assign("_"+v, sum(terms...)))
	}
	return s.finish(stmts), nil
}

// reach[i][j] reports whether x_i depends on x_j, directly or not, or i == j:
// where the propagator can be non-zero.
func (s *linSys) reach() [][]bool {
	n := len(s.vars)
	r := make([][]bool, n)
	for i := range n {
		r[i] = make([]bool, n)
		var visit func(k int)
		visit = func(k int) {
			if r[i][k] {
				return
			}
			r[i][k] = true
			for _, j := range s.deps[k] {
				visit(j)
			}
		}
		visit(i)
	}
	return r
}
