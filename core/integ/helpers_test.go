package integ

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

// parseSystem reads equations written as in Brian2, one a line:
// "dv/dt = RHS" with an optional ": unit" that is ignored.
func parseSystem(tb testing.TB, src string) []DiffEq {
	tb.Helper()
	eqs, err := readSystem(src)
	if err != nil {
		tb.Fatal(err)
	}
	return eqs
}

func readSystem(src string) ([]DiffEq, error) {
	var eqs []DiffEq
	for _, line := range strings.Split(src, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.LastIndex(line, ":"); i >= 0 {
			line = line[:i]
		}
		lhs, rhs, ok := strings.Cut(line, "=")
		lhs = strings.TrimSpace(lhs)
		if !ok || !strings.HasPrefix(lhs, "d") || !strings.HasSuffix(lhs, "/dt") {
			return nil, fmt.Errorf("not a differential equation: %q", line)
		}
		x, err := expr.ParseExpr(rhs)
		if err != nil {
			return nil, fmt.Errorf("%q: %v", rhs, err)
		}
		eqs = append(eqs, DiffEq{Name: strings.TrimSpace(lhs[1 : len(lhs)-3]), RHS: x})
	}
	return eqs, nil
}

// mapEnv is an Env whose known values are those of a map.
func mapEnv(vals map[string]float64) Env {
	return Env{Value: func(n string) (float64, bool) {
		v, ok := vals[n]
		return v, ok
	}}
}

// program is abstract code compiled to closures over a slice of slots, a
// small stand-in for the kernel, fast enough for Monte Carlo tests.
type program struct {
	slots map[string]int
	names []string
	code  []func(s []float64)
	// randn draws the standard normal numbers of randn(); it may be
	// replaced between runs.
	randn func() float64
}

func compileProgram(tb testing.TB, stmts []*expr.Stmt) *program {
	tb.Helper()
	p := &program{slots: map[string]int{}, randn: func() float64 { panic("randn not set") }}
	for _, s := range stmts {
		if s.Op != expr.OpAssign {
			tb.Fatalf("unexpected %s in %s", s.Op, s)
		}
		f := p.expr(tb, s.Value)
		dst := p.slot(s.Target.Name)
		p.code = append(p.code, func(st []float64) { st[dst] = f(st) })
	}
	return p
}

func (p *program) slot(n string) int {
	if i, ok := p.slots[n]; ok {
		return i
	}
	p.slots[n] = len(p.names)
	p.names = append(p.names, n)
	return len(p.names) - 1
}

// state returns a slot slice with the values of vals set (other names 0,
// except the units, pi and e, which get their values).
func (p *program) state(vals map[string]float64) []float64 {
	s := make([]float64, len(p.names))
	for i, n := range p.names {
		if v, ok := (Env{}).value(n); ok {
			s[i] = v
		}
	}
	for n, v := range vals {
		if i, ok := p.slots[n]; ok {
			s[i] = v
		}
	}
	return s
}

func (p *program) get(s []float64, n string) float64 {
	i, ok := p.slots[n]
	if !ok {
		return math.NaN()
	}
	return s[i]
}

func (p *program) set(s []float64, n string, v float64) {
	if i, ok := p.slots[n]; ok {
		s[i] = v
	}
}

func (p *program) run(s []float64) {
	for _, c := range p.code {
		c(s)
	}
}

func (p *program) expr(tb testing.TB, x expr.Expr) func([]float64) float64 {
	switch x := x.(type) {
	case *expr.Num:
		v := x.Value
		return func([]float64) float64 { return v }
	case *expr.Name:
		i := p.slot(x.Name)
		return func(s []float64) float64 { return s[i] }
	case *expr.Paren:
		return p.expr(tb, x.X)
	case *expr.Unary:
		f := p.expr(tb, x.X)
		switch x.Op {
		case expr.OpNeg:
			return func(s []float64) float64 { return -f(s) }
		case expr.OpPos:
			return f
		case expr.OpNot:
			return func(s []float64) float64 {
				if f(s) == 0 {
					return 1
				}
				return 0
			}
		}
	case *expr.Binary:
		l, r := p.expr(tb, x.X), p.expr(tb, x.Y)
		switch x.Op {
		case expr.OpAdd:
			return func(s []float64) float64 { return l(s) + r(s) }
		case expr.OpSub:
			return func(s []float64) float64 { return l(s) - r(s) }
		case expr.OpMul:
			return func(s []float64) float64 { return l(s) * r(s) }
		case expr.OpDiv:
			return func(s []float64) float64 { return l(s) / r(s) }
		case expr.OpPow:
			if n, ok := asNum(x.Y); ok && n.Value == 2 {
				return func(s []float64) float64 { v := l(s); return v * v }
			}
			if n, ok := asNum(x.Y); ok && n.Value == 0.5 {
				return func(s []float64) float64 { return math.Sqrt(l(s)) }
			}
			return func(s []float64) float64 { return math.Pow(l(s), r(s)) }
		}
		op := x.Op
		return func(s []float64) float64 { return expr.FoldBinary(op, l(s), r(s)) }
	case *expr.Call:
		args := make([]func([]float64) float64, len(x.Args))
		for i, a := range x.Args {
			args[i] = p.expr(tb, a)
		}
		switch x.Fun.Name {
		case "randn":
			return func([]float64) float64 { return p.randn() }
		case "exp":
			return func(s []float64) float64 { return math.Exp(args[0](s)) }
		case "sqrt":
			return func(s []float64) float64 { return math.Sqrt(args[0](s)) }
		}
		f, ok := pureFuncs[x.Fun.Name]
		if !ok || f.nargs != len(args) {
			tb.Fatalf("test evaluator: unknown function %s", x.Fun.Name)
		}
		return func(s []float64) float64 {
			vals := make([]float64, len(args))
			for i, a := range args {
				vals[i] = a(s)
			}
			return f.fn(vals)
		}
	}
	tb.Fatalf("test evaluator: cannot evaluate %s", expr.String(x))
	return nil
}

func mustIntegrate(tb testing.TB, src, method string, env Env) []*expr.Stmt {
	tb.Helper()
	r, err := Integrate(parseSystem(tb, src), env, method)
	if err != nil {
		tb.Fatalf("%s: %v", method, err)
	}
	return r.Stmts
}
