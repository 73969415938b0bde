package integ

import (
	"errors"
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
)

// Noise is the kind of stochastic equations an explicit method accepts.
type Noise int

const (
	// NoNoise: deterministic equations only.
	NoNoise Noise = iota
	// AdditiveNoise: noise whose factors depend neither on the state
	// variables nor on time within a step (Brian2's stochastic='additive').
	AdditiveNoise
	// MultiplicativeNoise: any noise (stochastic='multiplicative').
	MultiplicativeNoise
)

// The explicit methods of Brian2 2.5.1, defined by the same descriptions
// (brian2/stateupdaters/explicit.py).
var (
	// Euler is the forward Euler method, Euler–Maruyama for additive noise.
	Euler = mustExplicit("euler", `x_new = x + dt*f(x,t) + g(x,t)*dW`, AdditiveNoise)
	// RK2 is the second-order Runge–Kutta (midpoint) method.
	RK2 = mustExplicit("rk2", `
		k = dt*f(x,t)
		x_new = x + dt*f(x + k/2, t + dt/2)`, NoNoise)
	// RK4 is the classical fourth-order Runge–Kutta method.
	RK4 = mustExplicit("rk4", `
		k_1 = dt*f(x,t)
		k_2 = dt*f(x + k_1/2, t + dt/2)
		k_3 = dt*f(x + k_2/2, t + dt/2)
		k_4 = dt*f(x + k_3, t + dt)
		x_new = x + (k_1 + 2*k_2 + 2*k_3 + k_4)/6`, NoNoise)
	// Heun is the stochastic Heun method for Stratonovich equations with
	// multiplicative (also non-diagonal) noise. Its deterministic part is
	// forward Euler, so on equations without noise it is Euler's method.
	Heun = mustExplicit("heun", `
		x_support = x + g(x,t)*dW
		g_support = g(x_support, t + dt)
		x_new = x + dt*f(x,t) + .5*dW*(g(x,t) + g_support)`, MultiplicativeNoise)
	// Milstein is the derivative-free Milstein method for Stratonovich
	// equations with diagonal noise (each noise symbol in one equation,
	// each equation with at most one).
	Milstein = func() *Explicit {
		m := mustExplicit("milstein", `
			x_support = x + dt*f(x,t) + dt**.5*g(x,t)
			g_support = g(x_support, t)
			k = 1/(2*dt**.5)*(g_support - g(x,t))*dW**2
			x_new = x + dt*f(x,t) + g(x,t)*dW + k`, MultiplicativeNoise)
		m.diagonal = true
		return m
	}()
)

// Explicit is an explicit method defined by a description in Brian2's
// language for ExplicitStateUpdater: assignments to intermediate variables
// and a final x_new = ..., written with
//
//	x        the state variable at the start of the step
//	t, dt    the time at the start of the step and the time step
//	f(x, t)  the deterministic part of the right-hand side, evaluated with
//	         the state variable(s) replaced by the first argument and the
//	         time by the second
//	g(x, t)  the factor of a noise symbol, evaluated in the same way
//	dW       the noise increment, normal with variance dt
//
// For example, the midpoint method:
//
//	k = dt*f(x,t)
//	x_new = x + dt*f(x + k/2, t + dt/2)
//
// The description is applied to every equation of a system at once: in
// f(x + k/2, t + dt/2), every state variable v of the right-hand side
// becomes v + _k_v/2, where _k_v is k computed for v. For a system with
// noise symbols xi_1, xi_2 ..., each statement is computed per symbol, as
// Brian2 does: the g and dW parts of a line use xi_i's factor and
// increment, and the intermediate variables get the symbol's name as a
// suffix (_x_support_v_xi_1); the final line adds the parts of all symbols.
// Terms that involve g or dW are dropped for equations without noise.
type Explicit struct {
	name     string
	desc     string
	noise    Noise
	diagonal bool
	temps    []string   // intermediate variables, in order
	lines    []descLine // their definitions
	out      descLine   // the x_new line
}

// descLine is one line of a description, split into its deterministic
// part (terms without g and dW) and its stochastic part (terms with g or
// dW); either may be nil.
type descLine struct {
	det, stoch expr.Expr
}

// NewExplicit parses a description (see [Explicit]) into a method.
func NewExplicit(name, description string, noise Noise) (*Explicit, error) {
	m := &Explicit{name: name, desc: description, noise: noise}
	stmts, err := expr.ParseStmts(description)
	if err != nil {
		var el expr.ErrorList
		if errors.As(err, &el) {
			return nil, fmt.Errorf("description of %s: %s", name, strings.ReplaceAll(el.Format(description), "\n", "; "))
		}
		return nil, fmt.Errorf("description of %s: %v", name, err)
	}
	if len(stmts) == 0 || stmts[len(stmts)-1].Target.Name != "x_new" {
		return nil, fmt.Errorf("description of %s: the last line must be x_new = ...", name)
	}
	defined := map[string]bool{}
	for i, s := range stmts {
		atPos := func(p expr.Pos, format string, args ...any) error {
			line, col := expr.LineCol(description, p)
			return fmt.Errorf("description of %s: %d:%d: %s", name, line, col, fmt.Sprintf(format, args...))
		}
		at := func(format string, args ...any) error { return atPos(s.Pos(), format, args...) }
		if s.Op != expr.OpAssign {
			return nil, at("only assignments with '=' are allowed, not '%s'", s.Op)
		}
		target := s.Target.Name
		last := i == len(stmts)-1
		switch {
		case !last && target == "x_new":
			return nil, at("x_new must be assigned once, on the last line")
		case reservedInDesc[target]:
			return nil, at("'%s' is reserved and cannot be assigned", target)
		case defined[target]:
			return nil, at("'%s' is assigned twice", target)
		}
		if err := checkDesc(s.Value, defined, false); err != nil {
			return nil, atPos(err.Pos, "%s", err.Msg)
		}
		l, err := splitLine(s.Value)
		if err != nil {
			return nil, at("%v", err)
		}
		if last {
			m.out = l
		} else {
			defined[target] = true
			m.temps = append(m.temps, target)
			m.lines = append(m.lines, l)
		}
	}
	return m, nil
}

func mustExplicit(name, desc string, noise Noise) *Explicit {
	m, err := NewExplicit(name, desc, noise)
	if err != nil {
		panic(err)
	}
	return m
}

var reservedInDesc = map[string]bool{"x": true, "t": true, "dt": true, "dW": true, "f": true, "g": true}

// checkDesc checks the names and calls of a description expression. inArg
// is set inside the arguments of f and g.
func checkDesc(x expr.Expr, defined map[string]bool, inArg bool) *expr.Error {
	var err *expr.Error
	fail := func(n expr.Node, format string, args ...any) {
		err = &expr.Error{Pos: n.Pos(), Msg: fmt.Sprintf(format, args...)}
	}
	expr.Inspect(x, func(n expr.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *expr.Name:
			switch {
			case n.Name == "dW" && inArg:
				fail(n, "dW cannot appear inside the arguments of f or g: assign the expression to an intermediate variable")
			case n.Name == "f" || n.Name == "g":
				fail(n, "%s is a function: write %s(x, t)", n.Name, n.Name)
			case !reservedInDesc[n.Name] && !defined[n.Name] && n.Name != "pi" && n.Name != "e":
				fail(n, "unknown name '%s': a description may use x, t, dt, dW, f(x, t), g(x, t) and the variables assigned before", n.Name)
			}
		case *expr.Call:
			fn := n.Fun.Name
			if fn != "f" && fn != "g" {
				if !expr.IsBuiltin(fn) {
					fail(n, "unknown function '%s'", fn)
					return false
				}
				for _, a := range n.Args {
					if err == nil {
						err = checkDesc(a, defined, inArg)
					}
				}
				return false
			}
			switch {
			case inArg:
				fail(n, "%s(...) cannot be nested inside f or g: assign it to an intermediate variable", fn)
			case len(n.Args) != 2:
				fail(n, "%s takes two arguments, the state and the time, as in %s(x, t)", fn, fn)
			default:
				if err = checkDesc(n.Args[0], defined, true); err == nil {
					err = checkTimeArg(n.Args[1])
				}
			}
			return false
		}
		return true
	})
	return err
}

// checkTimeArg checks the second argument of f or g: an expression of t,
// dt and numbers.
func checkTimeArg(x expr.Expr) *expr.Error {
	var err *expr.Error
	expr.Inspect(x, func(n expr.Node) bool {
		if err != nil {
			return false
		}
		switch n := n.(type) {
		case *expr.Name:
			if n.Name != "t" && n.Name != "dt" {
				err = &expr.Error{Pos: n.Pos(), Msg: fmt.Sprintf("the time argument of f or g may only use t, dt and numbers, not '%s'", n.Name)}
			}
		case *expr.Call:
			for _, a := range n.Args {
				if err == nil {
					err = checkTimeArg(a)
				}
			}
			return false
		}
		return true
	})
	return err
}

func hasCall(x expr.Expr, fn string) bool {
	found := false
	expr.Inspect(x, func(n expr.Node) bool {
		if c, ok := n.(*expr.Call); ok && c.Fun.Name == fn {
			found = true
		}
		return !found
	})
	return found
}

// splitLine splits a description expression into its deterministic and
// stochastic terms, as Brian2's split_expression does: a term with f is
// deterministic, a term with g or dW stochastic, and a term with none of
// them deterministic. A term that mixes f with g or dW is expanded; if a
// product of the two remains, the line is rejected.
func splitLine(x expr.Expr) (descLine, error) {
	var det, stoch []expr.Expr
	for _, t := range expandTerms(x, false) {
		kind := termKind(t)
		if kind == mixed {
			for _, u := range expandTerms(t, true) {
				switch termKind(u) {
				case mixed:
					return descLine{}, fmt.Errorf("the term %s mixes f with g or dW", quote(u))
				case detTerm:
					det = append(det, u)
				default:
					stoch = append(stoch, u)
				}
			}
			continue
		}
		if kind == detTerm {
			det = append(det, t)
		} else {
			stoch = append(stoch, t)
		}
	}
	var l descLine
	if len(det) > 0 {
		l.det = sum(det...)
	}
	if len(stoch) > 0 {
		l.stoch = sum(stoch...)
	}
	return l, nil
}

const (
	detTerm = iota
	stochTerm
	mixed
)

func termKind(t expr.Expr) int {
	f := hasCall(t, "f")
	s := hasCall(t, "g") || usesName(t, "dW")
	switch {
	case f && s:
		return mixed
	case s:
		return stochTerm
	}
	return detTerm
}

// expandTerms returns the terms of a sum. With products set it also
// multiplies out products and quotients of sums.
func expandTerms(x expr.Expr, products bool) []expr.Expr {
	switch v := x.(type) {
	case *expr.Paren:
		return expandTerms(v.X, products)
	case *expr.Unary:
		if v.Op == expr.OpNeg || v.Op == expr.OpPos {
			ts := expandTerms(v.X, products)
			if v.Op == expr.OpNeg {
				for i := range ts {
					ts[i] = neg(ts[i])
				}
			}
			return ts
		}
	case *expr.Binary:
		switch v.Op {
		case expr.OpAdd, expr.OpSub:
			l, r := expandTerms(v.X, products), expandTerms(v.Y, products)
			if v.Op == expr.OpSub {
				for i := range r {
					r[i] = neg(r[i])
				}
			}
			return append(l, r...)
		case expr.OpMul:
			if !products {
				break
			}
			var out []expr.Expr
			for _, a := range expandTerms(v.X, true) {
				for _, b := range expandTerms(v.Y, true) {
					out = append(out, mul(a, b))
				}
			}
			return out
		case expr.OpDiv:
			if !products {
				break
			}
			var out []expr.Expr
			for _, a := range expandTerms(v.X, true) {
				out = append(out, div(a, clone(v.Y)))
			}
			return out
		}
	}
	return []expr.Expr{clone(x)}
}

// Name returns the method's name.
func (m *Explicit) Name() string { return m.name }

// Noise returns the kind of noise the method accepts.
func (m *Explicit) Noise() Noise { return m.noise }

// Description returns the description the method was made from.
func (m *Explicit) Description() string { return m.desc }

// String returns the description in canonical form, split as the method
// understands it: each line's deterministic part, then its stochastic
// part in brackets.
func (m *Explicit) String() string {
	var b strings.Builder
	show := func(target string, l descLine) {
		b.WriteString(target + " = ")
		switch {
		case l.det == nil && l.stoch == nil:
			b.WriteString("0")
		case l.stoch == nil:
			b.WriteString(expr.String(l.det))
		case l.det == nil:
			b.WriteString("[" + expr.String(l.stoch) + "]")
		default:
			b.WriteString(expr.String(l.det) + " + [" + expr.String(l.stoch) + "]")
		}
		b.WriteByte('\n')
	}
	for i, t := range m.temps {
		show(t, m.lines[i])
	}
	show("x_new", m.out)
	return strings.TrimSuffix(b.String(), "\n")
}

// Integrate applies the description to the system.
func (m *Explicit) Integrate(eqs []DiffEq, env Env) ([]*expr.Stmt, error) {
	if err := checkSystem(eqs); err != nil {
		return nil, err
	}
	st, _ := splitNoise(eqs) // checkSystem has split it once without error
	states := stateSet(eqs)
	if len(st.noise) > 0 {
		if err := m.checkNoise(eqs, st, states, env); err != nil {
			return nil, err
		}
	}
	a := applier{m: m, eqs: eqs, st: st, states: states}
	if err := a.checkNames(); err != nil {
		return nil, err
	}
	return a.apply(), nil
}

func (m *Explicit) checkNoise(eqs []DiffEq, st *stochastic, states map[string]bool, env Env) error {
	switch m.noise {
	case NoNoise:
		for i, eq := range eqs {
			if len(st.byEq[i]) > 0 {
				return unsupported(m.name, "cannot integrate stochastic equations: d%s/dt contains %s", eq.Name, st.byEq[i][0])
			}
		}
	case AdditiveNoise:
		// Brian2's rule: the noise is multiplicative when a factor uses a
		// state variable or is not constant over a time step.
		for i, eq := range eqs {
			for _, xi := range st.byEq[i] {
				g := st.g[i][xi]
				if v := firstUsed(g, states); v != "" {
					return unsupported(m.name, "cannot integrate equations with multiplicative noise: the factor of %s in d%s/dt depends on %s (use method 'heun' or 'milstein')", xi, eq.Name, v)
				}
				if why := notConstant(g, env); why != "" {
					return unsupported(m.name, "cannot integrate equations with multiplicative noise: the factor of %s in d%s/dt depends on %s (use method 'heun' or 'milstein')", xi, eq.Name, why)
				}
			}
		}
	}
	if m.diagonal {
		for i, eq := range eqs {
			if len(st.byEq[i]) > 1 {
				return unsupported(m.name, "cannot integrate equations with non-diagonal noise: d%s/dt contains %s and %s", eq.Name, st.byEq[i][0], st.byEq[i][1])
			}
			for _, xi := range st.byEq[i] {
				if first := st.first[xi]; first != eq.Name {
					return unsupported(m.name, "cannot integrate equations with non-diagonal noise: %s appears in d%s/dt and d%s/dt", xi, first, eq.Name)
				}
			}
		}
	}
	return nil
}

// applier applies one method to one system.
type applier struct {
	m      *Explicit
	eqs    []DiffEq
	st     *stochastic
	states map[string]bool
}

func tempName(temp, v, xi string) string {
	if xi == "" {
		return "_" + temp + "_" + v
	}
	return "_" + temp + "_" + v + "_" + xi
}

// checkNames makes sure that the names the method introduces are new.
func (a *applier) checkNames() error {
	taken := map[string]string{}
	for _, eq := range a.eqs {
		taken[eq.Name] = "a state variable"
		for _, n := range expr.Names(eq.RHS) {
			if _, ok := taken[n]; !ok {
				taken[n] = "a name used in the equations"
			}
		}
		for _, n := range expr.FuncNames(eq.RHS) {
			if _, ok := taken[n]; !ok {
				taken[n] = "a function used in the equations"
			}
		}
	}
	claim := func(n, what string) error {
		if prev, ok := taken[n]; ok {
			return fmt.Errorf("%s cannot name %s '%s': it is already %s", a.m.name, what, n, prev)
		}
		taken[n] = "the name of " + what
		return nil
	}
	xis := a.st.noise
	if len(xis) == 0 {
		xis = []string{""}
	}
	for _, temp := range a.m.temps {
		for _, eq := range a.eqs {
			for _, xi := range xis {
				if err := claim(tempName(temp, eq.Name, xi), "an intermediate variable"); err != nil {
					return err
				}
			}
		}
	}
	for _, eq := range a.eqs {
		if err := claim("_"+eq.Name, "the new value of "+eq.Name); err != nil {
			return err
		}
	}
	return nil
}

// mode says how the names of a description line are translated for one
// equation: the name of temp T for the state variable u, and the noise
// symbol that dW and g stand for ("" when there is none).
type mode struct {
	temp func(T, u string) expr.Expr
	xi   string
}

func (a *applier) apply() []*expr.Stmt {
	var out []*expr.Stmt
	for _, xi := range a.st.noise {
		// Brian2: xi = dt**.5 * randn(), the increment of the Wiener
		// process over the step.
		out = append(out, assign(xi, mul(bin(name("dt"), expr.OpPow, &expr.Num{ValuePos: expr.NoPos, Lit: ".5", Value: 0.5}), call("randn"))))
	}
	if len(a.st.noise) == 0 {
		md := mode{temp: func(T, u string) expr.Expr { return name(tempName(T, u, "")) }}
		for li, T := range a.m.temps {
			for i, eq := range a.eqs {
				out = append(out, assign(tempName(T, eq.Name, ""), a.gen(a.m.lines[li].det, i, md)))
			}
		}
		for i, eq := range a.eqs {
			out = append(out, assign("_"+eq.Name, a.gen(a.m.out.det, i, md)))
		}
	} else {
		for li, T := range a.m.temps {
			for i, eq := range a.eqs {
				for _, xi := range a.st.noise {
					md := a.noiseMode(xi)
					rhs := add(a.gen(a.m.lines[li].det, i, md), a.gen(a.m.lines[li].stoch, i, md))
					out = append(out, assign(tempName(T, eq.Name, xi), rhs))
				}
			}
		}
		// In the last line, an intermediate variable of the deterministic
		// part stands for the sum of its values for all noise symbols.
		sumMode := mode{temp: func(T, u string) expr.Expr {
			var terms []expr.Expr
			for _, xi := range a.st.noise {
				terms = append(terms, name(tempName(T, u, xi)))
			}
			return sum(terms...)
		}}
		for i, eq := range a.eqs {
			rhs := a.gen(a.m.out.det, i, sumMode)
			for _, xi := range a.st.noise {
				rhs = add(rhs, a.gen(a.m.out.stoch, i, a.noiseMode(xi)))
			}
			out = append(out, assign("_"+eq.Name, rhs))
		}
	}
	for _, eq := range a.eqs {
		out = append(out, assign(eq.Name, name("_"+eq.Name)))
	}
	return pruneUnused(propagate(out, len(a.eqs)), len(a.eqs))
}

// propagate replaces the intermediate variables that are assigned a
// number or a name by that value in the statements that follow, and drops
// their assignments. The last 2*n statements are never dropped. This is
// safe because no name read by a step is assigned before the final v = _v
// statements.
func propagate(stmts []*expr.Stmt, n int) []*expr.Stmt {
	known := map[string]expr.Expr{}
	var out []*expr.Stmt
	for i, s := range stmts {
		v := s.Value
		if len(known) > 0 {
			v = substitute(v, known)
		}
		if i < len(stmts)-2*n && !isNoiseStmt(s) {
			switch v.(type) {
			case *expr.Num, *expr.Name:
				known[s.Target.Name] = v
				continue
			}
		}
		out = append(out, assign(s.Target.Name, v))
	}
	return out
}

func isNoiseStmt(s *expr.Stmt) bool { return IsNoise(s.Target.Name) }

func (a *applier) noiseMode(xi string) mode {
	return mode{xi: xi, temp: func(T, u string) expr.Expr { return name(tempName(T, u, xi)) }}
}

// gen translates a part of a description line for equation i.
func (a *applier) gen(d expr.Expr, i int, md mode) expr.Expr {
	if d == nil {
		return zero()
	}
	v := a.eqs[i].Name
	isTemp := map[string]bool{}
	for _, T := range a.m.temps {
		isTemp[T] = true
	}
	// arg translates the state argument of f or g for state variable u.
	arg := func(x expr.Expr, u string) expr.Expr {
		return rebuild(x, func(n string) (expr.Expr, bool) {
			switch {
			case n == "x":
				return name(u), true
			case isTemp[n]:
				return md.temp(n, u), true
			}
			return nil, false
		})
	}
	return transform(d, func(n string) (expr.Expr, bool) {
		switch {
		case n == "x":
			return name(v), true
		case isTemp[n]:
			return md.temp(n, v), true
		case n == "dW":
			if md.xi == "" {
				return zero(), true
			}
			return name(md.xi), true
		}
		return nil, false
	}, func(c *expr.Call) (expr.Expr, bool) {
		var rhs expr.Expr
		switch c.Fun.Name {
		case "f":
			rhs = a.st.f[i]
		case "g":
			if md.xi == "" || a.st.g[i][md.xi] == nil {
				return zero(), true
			}
			rhs = a.st.g[i][md.xi]
		default:
			return nil, false
		}
		m := map[string]expr.Expr{}
		for _, eq := range a.eqs {
			m[eq.Name] = arg(c.Args[0], eq.Name)
		}
		if tn, ok := expr.Unparen(c.Args[1]).(*expr.Name); !ok || tn.Name != "t" {
			m["t"] = clone(c.Args[1])
		}
		return substitute(rhs, m), true
	})
}

// pruneUnused drops the assignments to intermediate variables that no
// later statement reads. The last 2*n statements (_v = ... and v = _v for
// each of the n variables) are always kept.
func pruneUnused(stmts []*expr.Stmt, n int) []*expr.Stmt {
	keep := make([]bool, len(stmts))
	used := map[string]bool{}
	for i := len(stmts) - 1; i >= 0; i-- {
		s := stmts[i]
		if i < len(stmts)-2*n && !used[s.Target.Name] {
			continue
		}
		keep[i] = true
		for _, nm := range expr.Names(s.Value) {
			used[nm] = true
		}
	}
	var out []*expr.Stmt
	for i, s := range stmts {
		if keep[i] {
			out = append(out, s)
		}
	}
	return out
}
