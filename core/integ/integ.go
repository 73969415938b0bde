package integ

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// DiffEq is one differential equation dName/dt = RHS of a system, after
// the subexpressions have been substituted into RHS. RHS is in the unit of
// Name per second and may contain noise symbols (xi, or names that begin
// with xi_, in second**-0.5) as a sum of terms g*xi.
type DiffEq struct {
	Name string
	RHS  expr.Expr
}

// Env tells the integrators what the names in a system mean. The state
// variables are the names of the system's equations; t is the time and dt
// the time step; xi and xi_* are noise. Every other name is constant over a
// time step (a parameter, a constant, a unit) unless TimeVarying says
// otherwise. The zero Env knows nothing: no name varies within a step, no
// function of t is locally constant and no value is known.
type Env struct {
	// TimeVarying reports whether a name other than t changes within a
	// time step. nil means none does.
	TimeVarying func(name string) bool
	// LocallyConstant reports whether a function of the namespace (a
	// TimedArray) is constant over a time step when called with t, as
	// Brian2 assumes for a TimedArray whose dt is a multiple of the
	// clock's. nil means none is.
	LocallyConstant func(fun string) bool
	// Value returns the value in SI units of a name known when the model
	// is built: a constant of the namespace, or dt when the clock is fixed.
	// Per-element and shared variables are not known. Unit names (mV, ms),
	// pi, e and inf are known without it. nil means no name is known.
	Value func(name string) (float64, bool)
}

// EnvFromNamespace makes an Env from the namespace the unit checker uses:
// the constants it folds (Symbol.Const) are the known values.
func EnvFromNamespace(ns expr.Namespace) Env {
	return Env{Value: func(n string) (float64, bool) {
		if ns == nil {
			return 0, false
		}
		s, ok := ns(n)
		if !ok || !s.Const || s.Func != nil {
			return 0, false
		}
		return s.Value, true
	}}
}

func (e Env) timeVarying(n string) bool {
	return n == "t" || e.TimeVarying != nil && e.TimeVarying(n)
}

func (e Env) locallyConstant(fun string) bool {
	return e.LocallyConstant != nil && e.LocallyConstant(fun)
}

// value returns the build-time value of a name.
func (e Env) value(n string) (float64, bool) {
	if n == "t" || IsNoise(n) {
		return 0, false
	}
	if e.Value != nil {
		if v, ok := e.Value(n); ok {
			return v, true
		}
	}
	switch n {
	case "pi":
		return math.Pi, true
	case "e":
		return math.E, true
	case "inf":
		return math.Inf(1), true
	case "True":
		return 1, true
	case "False":
		return 0, true
	case "dt":
		return 0, false
	}
	if q, ok := units.Lookup(n); ok {
		return q.Value, true
	}
	return 0, false
}

// IsNoise reports whether a name is a noise symbol: xi, or xi_ followed by
// anything, as in Brian2.
func IsNoise(n string) bool { return n == "xi" || strings.HasPrefix(n, "xi_") }

// Method is an integration method: it turns a system of differential
// equations into the abstract code of one time step, statements that read
// the state at time t and leave it at t + dt.
type Method interface {
	// Name is the method's name, such as "rk4".
	Name() string
	// Integrate returns the statements of one step. It fails with an
	// *UnsupportedError when the method cannot integrate the system (the
	// next method of a list is then tried), and with another error when the
	// equations are wrong whatever the method.
	Integrate(eqs []DiffEq, env Env) ([]*expr.Stmt, error)
}

// UnsupportedError says that a method cannot integrate a system, and why.
// It is Brian2's UnsupportedEquationsException.
type UnsupportedError struct {
	Method string
	Reason string // such as "needs linear equations: dv/dt depends on v * v"
}

func (e *UnsupportedError) Error() string { return e.Method + " " + e.Reason }

func unsupported(method, format string, args ...any) error {
	return &UnsupportedError{Method: method, Reason: fmt.Sprintf(format, args...)}
}

// DefaultMethods are the methods tried, in order, when a NeuronGroup or
// Synapses gives none: Brian2 2.5.1's default method=('exact', 'euler',
// 'heun').
var DefaultMethods = []string{"exact", "euler", "heun"}

// DefaultSpatialMethods are the methods a SpatialNeuron tries by default in
// Brian2 2.5.1.
var DefaultSpatialMethods = []string{"exact", "exponential_euler", "rk2", "heun"}

// MethodNames are the names of the built-in methods, as Lookup knows them.
var MethodNames = []string{"euler", "rk2", "rk4", "heun", "milstein", "exponential_euler", "exact", "linear"}

// Lookup returns the built-in method of that name (ignoring case, as
// Brian2 does). "linear" is another name for "exact".
func Lookup(methodName string) (Method, error) {
	n := strings.ToLower(strings.TrimSpace(methodName))
	switch n {
	case "euler":
		return Euler, nil
	case "rk2":
		return RK2, nil
	case "rk4":
		return RK4, nil
	case "heun":
		return Heun, nil
	case "milstein":
		return Milstein, nil
	case "exponential_euler":
		return ExponentialEuler, nil
	case "exact":
		return Exact, nil
	case "linear":
		return exactMethod{name: "linear"}, nil
	case "independent":
		return nil, fmt.Errorf("integration method 'independent' is deprecated in Brian2 and not supported: use 'exact'")
	}
	if strings.HasPrefix(n, "gsl") {
		return nil, fmt.Errorf("integration method '%s' (Brian2's GSL integrators) is not supported: use 'rk4', or 'exact' for linear equations", methodName)
	}
	msg := fmt.Sprintf("unknown integration method '%s'", methodName)
	if s := closest(n, MethodNames); s != "" {
		msg += fmt.Sprintf(" — did you mean '%s'?", s)
	} else {
		msg += "; the methods are " + strings.Join(MethodNames, ", ")
	}
	return nil, errors.New(msg)
}

// closest returns the candidate nearest to s, if it is near enough to be a
// likely typo.
func closest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := units.EditDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

// Result is the abstract code of one time step and the method that made it.
type Result struct {
	Method string       // the name of the method used
	Stmts  []*expr.Stmt // the statements of one step
	// Rejected holds, when a list of methods was tried, why each method
	// before the one used could not integrate the system (each an
	// *UnsupportedError).
	Rejected []error
}

// String returns the statements as code, one a line.
func (r *Result) String() string { return expr.StmtsString(r.Stmts) }

// Integrate integrates the system with the first of the named methods that
// can, as Brian2 does with a list of methods; with no method it tries
// DefaultMethods. A single method that cannot integrate the system returns
// its *UnsupportedError; a list of which none can returns an error that
// gives each one's reason.
func Integrate(eqs []DiffEq, env Env, methods ...string) (*Result, error) {
	if len(methods) == 0 {
		methods = DefaultMethods
	}
	ms := make([]Method, len(methods))
	for i, n := range methods {
		m, err := Lookup(n)
		if err != nil {
			return nil, err
		}
		ms[i] = m
	}
	return IntegrateWith(eqs, env, ms...)
}

// IntegrateWith is Integrate with methods given as values, for methods
// defined with [NewExplicit].
func IntegrateWith(eqs []DiffEq, env Env, methods ...Method) (*Result, error) {
	if len(methods) == 0 {
		return nil, errors.New("no integration method given")
	}
	if err := checkSystem(eqs); err != nil {
		return nil, err
	}
	var rejected []error
	for _, m := range methods {
		stmts, err := m.Integrate(eqs, env)
		if err == nil {
			return &Result{Method: m.Name(), Stmts: stmts, Rejected: rejected}, nil
		}
		var u *UnsupportedError
		if !errors.As(err, &u) || len(methods) == 1 {
			return nil, err
		}
		rejected = append(rejected, err)
	}
	names := make([]string, len(methods))
	reasons := make([]string, len(rejected))
	for i, m := range methods {
		names[i] = m.Name()
	}
	for i, r := range rejected {
		reasons[i] = r.Error()
	}
	return nil, fmt.Errorf("none of the integration methods %s can integrate these equations: %s",
		strings.Join(names, ", "), strings.Join(reasons, "; "))
}

// checkSystem rejects systems no method can integrate: nameless or
// repeated variables, noise symbols or t as variables, right-hand sides
// that are missing or not linear in the noise.
func checkSystem(eqs []DiffEq) error {
	seen := map[string]bool{}
	for _, eq := range eqs {
		switch {
		case eq.Name == "":
			return errors.New("a differential equation has no variable name")
		case eq.RHS == nil:
			return fmt.Errorf("d%s/dt has no right-hand side", eq.Name)
		case seen[eq.Name]:
			return fmt.Errorf("%s has two differential equations", eq.Name)
		case IsNoise(eq.Name):
			return fmt.Errorf("%s is a noise symbol and cannot have a differential equation", eq.Name)
		case eq.Name == "t" || eq.Name == "dt":
			return fmt.Errorf("%s is the time or time step and cannot have a differential equation", eq.Name)
		}
		seen[eq.Name] = true
	}
	_, err := splitNoise(eqs)
	return err
}

// stochastic is a system split into its deterministic and noise parts.
type stochastic struct {
	f     []expr.Expr            // deterministic part of each equation
	g     []map[string]expr.Expr // noise factor of each equation, by noise symbol
	noise []string               // the noise symbols of the system, sorted
	first map[string]string      // the first equation that uses each symbol
	byEq  [][]string             // the noise symbols of each equation, sorted
}

// splitNoise splits each right-hand side into f + Σ g_i*xi_i, as Brian2's
// split_stochastic does. A right-hand side that is not linear in its noise
// symbols is an error for every method.
func splitNoise(eqs []DiffEq) (*stochastic, error) {
	s := &stochastic{first: map[string]string{}}
	for _, eq := range eqs {
		var syms []string
		for _, n := range expr.Names(eq.RHS) {
			if IsNoise(n) {
				syms = append(syms, n)
			}
		}
		sort.Strings(syms)
		if len(syms) == 0 {
			s.f = append(s.f, clone(eq.RHS))
			s.g = append(s.g, nil)
			s.byEq = append(s.byEq, nil)
			continue
		}
		l, err := SplitLinear(eq.RHS, syms...)
		if err != nil {
			var nl *NonlinearError
			if errors.As(err, &nl) {
				return nil, fmt.Errorf("d%s/dt must be a sum of terms proportional to the noise %s, but it depends on %s", eq.Name, nl.Var, quote(nl.Term))
			}
			return nil, err
		}
		s.f = append(s.f, l.Rest)
		s.g = append(s.g, l.Coef)
		var used []string
		for _, n := range syms {
			if _, ok := l.Coef[n]; !ok {
				continue // cancelled out, as in xi - xi
			}
			used = append(used, n)
			if _, ok := s.first[n]; !ok {
				s.first[n] = eq.Name
				s.noise = append(s.noise, n)
			}
		}
		s.byEq = append(s.byEq, used)
	}
	sort.Strings(s.noise)
	return s, nil
}

// stateSet returns the state variables of the system as a set.
func stateSet(eqs []DiffEq) map[string]bool {
	set := make(map[string]bool, len(eqs))
	for _, eq := range eqs {
		set[eq.Name] = true
	}
	return set
}

// notConstant returns a description of what makes x change within a time
// step, following Brian2's is_constant_over_dt: t (except as the sole
// argument of a locally constant function), a name the Env says varies,
// or a call of a random function. It returns "" when x is constant over a
// step.
func notConstant(x expr.Expr, env Env) string {
	var why string
	expr.Inspect(x, func(n expr.Node) bool {
		if why != "" {
			return false
		}
		switch n := n.(type) {
		case *expr.Name:
			if env.timeVarying(n.Name) {
				why = n.Name
			}
		case *expr.Call:
			if expr.IsRandom(n.Fun.Name) {
				why = n.Fun.Name + "()"
				return false
			}
			if env.locallyConstant(n.Fun.Name) {
				for _, a := range n.Args {
					if nm, ok := expr.Unparen(a).(*expr.Name); ok && nm.Name == "t" {
						continue
					}
					if w := notConstant(a, env); w != "" {
						why = w
					}
				}
				return false
			}
			for _, a := range n.Args {
				if w := notConstant(a, env); w != "" {
					why = w
					break
				}
			}
			return false
		}
		return true
	})
	return why
}
