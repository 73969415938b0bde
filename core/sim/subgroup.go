package sim

import (
	"fmt"
	"strconv"

	"github.com/myelin-sim/myelin/core/expr"
)

// Subgroups. A Source is Brian2's Subgroup: the contiguous neurons
// [Start, End) of a group, sharing its state (nothing is copied). In code
// that runs on a subgroup (Set, RunRegularly, a PoissonInput's weight), i
// counts from the subgroup's first neuron and N is its size, as in Brian2;
// monitors number its neurons the same way.

// Sub returns the subgroup of the neurons [start, stop) of g, Brian2's
// G[start:stop].
func (g *NeuronGroup) Sub(start, stop int) (Source, error) { return All(g).Sub(start, stop) }

// Sub returns the subgroup [start, stop) of s, counted from s's first
// neuron (a subgroup of a subgroup is a subgroup of the group).
func (s Source) Sub(start, stop int) (Source, error) {
	if err := s.check(); err != nil {
		return Source{}, err
	}
	n := s.N()
	switch {
	case start < 0 || stop < 0:
		return Source{}, fmt.Errorf("subgroup of %s: indices have to be positive, not [%d:%d]", s.Group.name, start, stop)
	case start >= stop:
		return Source{}, fmt.Errorf("subgroup of %s: illegal start/end values for subgroup, %d>=%d", s.Group.name, start, stop)
	case start >= n:
		return Source{}, fmt.Errorf("subgroup of %s: illegal start value for subgroup, %d>=%d", s.Group.name, start, n)
	case stop > n:
		return Source{}, fmt.Errorf("subgroup of %s: illegal stop value for subgroup, %d>%d", s.Group.name, stop, n)
	}
	return Source{s.Group, s.Start + start, s.Start + stop}, nil
}

// Name returns "G" for a whole group and "G[a:b]" for a subgroup.
func (s Source) Name() string {
	if s.Group == nil {
		return "<no group>"
	}
	if s.Start == 0 && s.End == s.Group.N {
		return s.Group.name
	}
	return fmt.Sprintf("%s[%d:%d]", s.Group.name, s.Start, s.End)
}

// Set evaluates code for every neuron of the subgroup and assigns it to the
// variable name, as Brian2's G[a:b].v = 'expr': i is the index within the
// subgroup, N its size; rand() and randn() draw one number per neuron of
// the subgroup, in order. A shared variable is set for the whole group.
func (s Source) Set(name, code string) error {
	if err := s.check(); err != nil {
		return err
	}
	return s.Group.set(name, code, s.Start, s.End)
}

// SetValue assigns value (SI) to the variable name of the subgroup's
// neuron index (relative to the subgroup), or to all its neurons when
// index is negative.
func (s Source) SetValue(name string, index int, value float64) error {
	if err := s.check(); err != nil {
		return err
	}
	g := s.Group
	v, ok := g.vars[name]
	if !ok || v.Shared || v.Via != nil {
		if ok && v.Shared {
			return g.SetValue(name, -1, value)
		}
		return g.SetValue(name, index, value) // the same errors
	}
	if index >= s.N() {
		return fmt.Errorf("%s has %d neurons; index %d is out of range", s.Name(), s.N(), index)
	}
	if index >= 0 {
		v.Col.Data[s.Start+index] = value
		return nil
	}
	for k := s.Start; k < s.End; k++ {
		v.Col.Data[k] = value
	}
	return nil
}

// Values returns the variable's values for the subgroup's neurons (SI):
// a state variable's slice is the group's own, not a copy; a shared
// variable has one value.
func (s Source) Values(name string) ([]float64, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	data, err := s.Group.Values(name)
	if err != nil || len(data) == 1 && s.Group.N > 1 {
		return data, err
	}
	if v := s.Group.vars[name]; v != nil && v.Shared {
		return data, nil
	}
	return data[s.Start:s.End:s.End], nil
}

// RunRegularly runs code on the subgroup's neurons every dt seconds (0:
// every step), in the start slot with order 0, as Brian2's
// G[a:b].run_regularly(code, dt); i is relative to the subgroup. It
// returns the operation's name in the schedule.
func (s Source) RunRegularly(code string, dt float64) (string, error) {
	if err := s.check(); err != nil {
		return "", err
	}
	g := s.Group
	n := g.net
	base := g.name
	if s.Start != 0 || s.End != g.N {
		base += "_subgroup"
	}
	name := n.uniqueName(base + "_run_regularly")
	every, err := n.stepsOf(dt, name)
	if err != nil {
		return "", err
	}
	stmts, err := expr.ParseStmts(code)
	if err != nil {
		return "", &CodeError{Object: g.name, Field: "run_regularly", Err: err}
	}
	// As in Brian2, t and dt in the code are the group's (the operation's
	// clock only says when it runs).
	ctx := codeCtx{offset: s.Start, size: s.N()}
	k, err := g.compileIn(stmts, ctx)
	if err != nil {
		return "", &CodeError{Object: g.name, Field: "run_regularly", Err: err}
	}
	lo, hi := s.Start, s.End
	n.schedule(Start, 0, name, every, func(int64) { k.RunFlush(lo, hi, n.rng, n.flush) })
	return name, nil
}

// inSubgroup returns x with i replaced by (i - offset) and N by size, for
// code run on the subgroup of size neurons from offset on, copying the
// nodes on the way and sharing the rest. It runs before subexpressions are
// expanded: in Brian2, i and N inside a subexpression are the group's.
func inSubgroup(x expr.Expr, offset, size int) expr.Expr {
	switch x := x.(type) {
	case *expr.Name:
		switch {
		case x.Name == "i" && offset != 0:
			return &expr.Paren{Lparen: expr.NoPos, Rparen: expr.NoPos, X: &expr.Binary{X: x, OpPos: expr.NoPos, Op: expr.OpSub,
				Y: &expr.Num{ValuePos: expr.NoPos, Lit: strconv.Itoa(offset), Value: float64(offset), IsInt: true}}}
		case x.Name == "N":
			return &expr.Num{ValuePos: x.NamePos, Lit: strconv.Itoa(size), Value: float64(size), IsInt: true}
		}
	case *expr.Paren:
		if y := inSubgroup(x.X, offset, size); y != x.X {
			c := *x
			c.X = y
			return &c
		}
	case *expr.Unary:
		if y := inSubgroup(x.X, offset, size); y != x.X {
			c := *x
			c.X = y
			return &c
		}
	case *expr.Binary:
		a, b := inSubgroup(x.X, offset, size), inSubgroup(x.Y, offset, size)
		if a != x.X || b != x.Y {
			c := *x
			c.X, c.Y = a, b
			return &c
		}
	case *expr.Call:
		var args []expr.Expr
		for k, a := range x.Args {
			if y := inSubgroup(a, offset, size); y != a {
				if args == nil {
					args = append([]expr.Expr(nil), x.Args...)
				}
				args[k] = y
			}
		}
		if args != nil {
			c := *x
			c.Args = args
			return &c
		}
	}
	return x
}
