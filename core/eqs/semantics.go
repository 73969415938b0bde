package eqs

import (
	"fmt"
	"slices"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// allowedFlags are the flags each owner allows on each kind of equation, as
// in Brian2's NeuronGroup, Synapses and SpatialNeuron.
var allowedFlags = map[Owner]map[Kind][]string{
	NeuronGroup: {
		Differential:  {FlagUnlessRefractory},
		Parameter:     {FlagConstant, FlagShared, FlagLinked},
		Subexpression: {FlagShared, FlagConstantOverDt},
	},
	Synapses: {
		Differential:  {FlagEventDriven, FlagClockDriven},
		Parameter:     {FlagConstant, FlagShared},
		Subexpression: {FlagSummed, FlagShared, FlagConstantOverDt},
	},
	SpatialNeuron: {
		Differential:  {FlagPointCurrent},
		Parameter:     {FlagConstant, FlagShared, FlagLinked, FlagPointCurrent},
		Subexpression: {FlagShared, FlagPointCurrent, FlagConstantOverDt},
	},
}

// incompatibleFlags are the sets of flags no equation may combine.
var incompatibleFlags = map[Owner][][]string{
	Synapses: {
		{FlagEventDriven, FlagClockDriven},
		{FlagSummed, FlagShared, FlagConstantOverDt},
	},
}

var kindPlural = map[Kind]string{
	Differential:  "differential equations",
	Subexpression: "subexpressions",
	Parameter:     "parameters",
}

// semantics checks the parsed equations and fills byName and subOrder.
// incomplete says that there were syntax errors, so that equations may be
// missing or bad.
func (e *Equations) semantics(incomplete bool) expr.ErrorList {
	var errs expr.ErrorList
	errorf := func(at expr.Pos, format string, args ...any) {
		errs = append(errs, &expr.Error{Pos: at, Msg: fmt.Sprintf(format, args...)})
	}
	hasEventDriven := false
	for _, eq := range e.list {
		if eq.Kind == Differential && eq.Has(FlagEventDriven) {
			hasEventDriven = true
		}
	}
	var newlines []int // offsets of the newlines of src, made when needed
	for _, eq := range e.list {
		if first := e.byName[eq.Name]; first != nil {
			if newlines == nil {
				newlines = []int{}
				for i := 0; i < len(e.src); i++ {
					if e.src[i] == '\n' {
						newlines = append(newlines, i)
					}
				}
			}
			line, _ := slices.BinarySearch(newlines, int(first.Pos))
			errorf(eq.Pos, "'%s' is defined twice (first on line %d)", eq.Name, line+1)
			continue
		}
		e.byName[eq.Name] = eq
		if msg := checkName(eq, e.owner, hasEventDriven); msg != "" {
			errorf(eq.Pos, "%s", msg)
		}
		if eq.Kind == Differential && eq.Type != expr.Float && !eq.bad {
			errorf(eq.UnitPos, "a differential equation defines a floating-point variable: %s cannot be %s", eq.Name, eq.Type)
		}
		errs = append(errs, e.checkFlags(eq)...)
	}
	errs = append(errs, e.checkNoise()...)
	errs = append(errs, e.checkRandom()...)
	errs = append(errs, e.checkCycles()...)
	switch e.owner {
	case Synapses:
		errs = append(errs, e.checkSynapticDeps()...)
	case SpatialNeuron:
		errs = append(errs, e.checkSpatial(incomplete)...)
	}
	if len(errs) == 0 && !incomplete {
		e.subOrder = e.order(func(eq *Equation) bool { return eq.Kind == Subexpression }, nil)
	}
	return errs
}

// checkFlags checks eq's flags against what its owner allows.
func (e *Equations) checkFlags(eq *Equation) expr.ErrorList {
	var errs expr.ErrorList
	allowed := allowedFlags[e.owner][eq.Kind]
	for k, f := range eq.Flags {
		at := eq.FlagPos[k]
		if !contains(allowed, f) {
			msg := fmt.Sprintf("%s in a %s cannot have the flag '%s' (allowed: %s)",
				article(eq.Kind), e.owner, f, strings.Join(allowed, ", "))
			errs = append(errs, &expr.Error{Pos: at, Msg: msg + flagHint(f)})
			continue
		}
		for _, set := range incompatibleFlags[e.owner] {
			if !contains(set, f) {
				continue
			}
			for _, g := range eq.Flags[k+1:] {
				if g != f && contains(set, g) {
					errs = append(errs, &expr.Error{Pos: at, Msg: fmt.Sprintf("the flag '%s' cannot be combined with the flag '%s'", f, g)})
				}
			}
		}
		if f == FlagLinked && len(eq.Flags) > 1 {
			errs = append(errs, &expr.Error{Pos: at, Msg: "the flag 'linked' cannot be combined with other flags"})
		}
	}
	return errs
}

func article(k Kind) string {
	switch k {
	case Differential:
		return "a differential equation"
	case Subexpression:
		return "a subexpression"
	}
	return "a parameter"
}

// flagHint says where a flag is valid, or what was probably meant.
func flagHint(f string) string {
	// "parameters in a NeuronGroup or a SpatialNeuron"
	var groups []string
	var owners [][]string
	for _, o := range []Owner{NeuronGroup, Synapses, SpatialNeuron} {
		var kinds []string
		for _, k := range []Kind{Differential, Subexpression, Parameter} {
			if contains(allowedFlags[o][k], f) {
				kinds = append(kinds, kindPlural[k])
			}
		}
		if len(kinds) == 0 {
			continue
		}
		g := joinAnd(kinds, "and")
		if i := slices.Index(groups, g); i >= 0 {
			owners[i] = append(owners[i], "a "+o.String())
		} else {
			groups = append(groups, g)
			owners = append(owners, []string{"a " + o.String()})
		}
	}
	if len(groups) > 0 {
		where := make([]string, len(groups))
		for i, g := range groups {
			where[i] = g + " in " + joinAnd(owners[i], "or")
		}
		return fmt.Sprintf("; '%s' is a flag of %s", f, strings.Join(where, ", and of "))
	}
	all := []string{FlagUnlessRefractory, FlagConstant, FlagConstantOverDt, FlagShared,
		FlagLinked, FlagSummed, FlagEventDriven, FlagClockDriven, FlagPointCurrent}
	if words := strings.Fields(f); len(words) > 1 {
		ok := true
		for _, w := range words {
			ok = ok && contains(all, w)
		}
		if ok {
			return "; separate flags with commas"
		}
	}
	norm := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(f, "_", " "))), " ")
	for _, g := range all {
		if norm == g || norm == strings.ReplaceAll(g, "-", " ") || units.EditDistance(f, g) <= 2 {
			return fmt.Sprintf(" — did you mean '%s'?", g)
		}
	}
	return ""
}

// checkNoise checks the uses of xi: only in differential equations, and in
// only one of them (Brian2 asks for xi_1, xi_2 ... to make clear whether
// noise terms are the same or independent).
func (e *Equations) checkNoise() expr.ErrorList {
	var errs expr.ErrorList
	var user *Equation
	for _, eq := range e.list {
		if eq.RHS == nil || e.byName[eq.Name] != eq {
			continue
		}
		at := firstName(eq.RHS, "xi")
		if at == nil {
			continue
		}
		switch {
		case eq.Kind != Differential:
			errs = append(errs, &expr.Error{Pos: at.Pos(), Msg: fmt.Sprintf(
				"xi (white noise) can only appear in differential equations, but %s is a %s", eq.Name, eq.Kind)})
		case user != nil:
			errs = append(errs, &expr.Error{Pos: at.Pos(), Msg: fmt.Sprintf(
				"xi is already used in the equation of %s: use xi_1, xi_2 ... for independent noise (the same name twice would give the same noise)", user.Name)})
		default:
			user = eq
		}
	}
	return errs
}

// firstName returns the first use of name as a value in x, or nil.
func firstName(x expr.Expr, name string) *expr.Name {
	var found *expr.Name
	expr.Inspect(x, func(n expr.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *expr.Name:
			if n.Name == name {
				found = n
			}
		case *expr.Call:
			for _, a := range n.Args {
				if f := firstName(a, name); f != nil && found == nil {
					found = f
				}
			}
			return false
		}
		return true
	})
	return found
}

// checkRandom refuses random functions in subexpressions that are not
// "constant over dt": they would draw a new number at every use.
func (e *Equations) checkRandom() expr.ErrorList {
	var errs expr.ErrorList
	for _, eq := range e.list {
		if eq.Kind != Subexpression || eq.stored() || e.byName[eq.Name] != eq {
			continue
		}
		var call *expr.Call
		expr.Inspect(eq.RHS, func(n expr.Node) bool {
			if c, ok := n.(*expr.Call); ok && call == nil && expr.IsRandom(c.Fun.Name) {
				call = c
			}
			return call == nil
		})
		if call != nil {
			errs = append(errs, &expr.Error{Pos: call.Pos(), Msg: fmt.Sprintf(
				"the subexpression %s calls %s(), which gives a new value at every use: add the flag 'constant over dt' to compute it once per time step",
				eq.Name, call.Fun.Name)})
		}
	}
	return errs
}

// subDeps returns the subexpressions that eq's right-hand side uses, in
// order of first use.
func (e *Equations) subDeps(eq *Equation) []*Equation {
	var out []*Equation
	if eq.RHS == nil {
		return nil
	}
	for _, n := range expr.Names(eq.RHS) {
		if d := e.byName[n]; d != nil && d.Kind == Subexpression {
			out = append(out, d)
		}
	}
	return out
}

// checkCycles finds subexpressions that depend on each other in a cycle.
func (e *Equations) checkCycles() expr.ErrorList {
	var errs expr.ErrorList
	const (
		white = iota
		grey
		black
	)
	state := map[*Equation]int{}
	var stack []*Equation
	var visit func(eq *Equation)
	visit = func(eq *Equation) {
		state[eq] = grey
		stack = append(stack, eq)
		for _, d := range e.subDeps(eq) {
			switch state[d] {
			case white:
				visit(d)
			case grey:
				k := len(stack) - 1
				for stack[k] != d {
					k--
				}
				cycle := stack[k:]
				// Start the cycle at the equation written first.
				first := 0
				for i, c := range cycle {
					if c.Pos < cycle[first].Pos {
						first = i
					}
				}
				names := make([]string, 0, len(cycle)+1)
				for i := range cycle {
					names = append(names, cycle[(first+i)%len(cycle)].Name)
				}
				names = append(names, names[0])
				errs = append(errs, &expr.Error{Pos: cycle[first].Pos, Msg: "subexpressions depend on each other in a cycle: " + strings.Join(names, " -> ")})
			}
		}
		stack = stack[:len(stack)-1]
		state[eq] = black
	}
	for _, eq := range e.list {
		if eq.Kind == Subexpression && e.byName[eq.Name] == eq && state[eq] == white {
			visit(eq)
		}
	}
	return errs
}

// order returns the equations selected by keep in an order where each
// comes after those it depends on, following the written order where the
// dependencies allow. deps gives the dependencies of an equation; nil means
// the subexpressions its right-hand side uses. There must be no cycles.
func (e *Equations) order(keep func(*Equation) bool, deps func(*Equation) []*Equation) []*Equation {
	if deps == nil {
		deps = e.subDeps
	}
	var out []*Equation
	done := map[*Equation]bool{}
	var visit func(eq *Equation)
	visit = func(eq *Equation) {
		done[eq] = true
		for _, d := range deps(eq) {
			if !done[d] {
				visit(d)
			}
		}
		if keep(eq) {
			out = append(out, eq)
		}
	}
	for _, eq := range e.list {
		if keep(eq) && !done[eq] {
			visit(eq)
		}
	}
	return out
}

// uses returns, for every equation, the equations its right-hand side
// names, in order of first use.
func (e *Equations) uses() map[*Equation][]*Equation {
	out := map[*Equation][]*Equation{}
	for _, eq := range e.list {
		if eq.RHS == nil || e.byName[eq.Name] != eq {
			continue
		}
		for _, n := range expr.Names(eq.RHS) {
			if d := e.byName[n]; d != nil && d != eq {
				out[eq] = append(out[eq], d)
			}
		}
	}
	return out
}

// findDependency looks, breadth first, through everything eq depends on,
// directly and through other equations (but not through subexpressions
// that are constant over dt, which are stored variables), as Brian2's
// Equations.dependencies does, for an equation for which bad is true. It
// returns it and the equations it depends on it through, or nil.
func findDependency(eq *Equation, uses map[*Equation][]*Equation, bad func(*Equation) bool) (*Equation, []string) {
	parent := map[*Equation]*Equation{eq: nil}
	queue := []*Equation{eq}
	for len(queue) > 0 {
		cur := queue[0]
		queue = queue[1:]
		if cur != eq && cur.Has(FlagConstantOverDt) {
			continue
		}
		for _, d := range uses[cur] {
			if _, seen := parent[d]; seen {
				continue
			}
			parent[d] = cur
			if bad(d) {
				var via []string
				for p := cur; p != eq; p = parent[p] {
					via = append(via, p.Name)
				}
				slices.Reverse(via)
				return d, via
			}
			queue = append(queue, d)
		}
	}
	return nil, nil
}

// checkSynapticDeps enforces Brian2's rule that event-driven equations and
// the clock-driven ones (and summed variables) do not depend on each other.
func (e *Equations) checkSynapticDeps() expr.ErrorList {
	var errs expr.ErrorList
	uses := e.uses()
	eventDriven := func(d *Equation) bool { return d.Kind == Differential && d.Has(FlagEventDriven) }
	clockDriven := func(d *Equation) bool { return d.Kind == Differential && !d.Has(FlagEventDriven) }
	for _, eq := range e.list {
		if len(errs) >= maxErrors {
			break
		}
		if e.byName[eq.Name] != eq {
			continue
		}
		var what string
		var bad func(d *Equation) bool
		switch {
		case eventDriven(eq):
			what, bad = "event-driven", clockDriven
		case eq.Kind == Differential:
			what, bad = "clock-driven", eventDriven
		case eq.Has(FlagSummed):
			what, bad = "summed", eventDriven
		default:
			continue
		}
		d, via := findDependency(eq, uses, bad)
		if d == nil {
			continue
		}
		other := "clock-driven"
		if eventDriven(d) {
			other = "event-driven"
		}
		msg := fmt.Sprintf("the %s variable %s must not depend on the %s variable %s", what, eq.Name, other, d.Name)
		if len(via) > 0 {
			msg += " (it does through " + strings.Join(via, ", ") + ")"
		}
		errs = append(errs, &expr.Error{Pos: eq.Pos, Msg: msg})
	}
	return errs
}

var (
	dimCurrentDensity = units.DimCurrent.Div(units.DimLength.Mul(units.DimLength))
)

// checkSpatial checks what a SpatialNeuron requires: the membrane current
// density Im, and point currents in amp.
func (e *Equations) checkSpatial(incomplete bool) expr.ErrorList {
	var errs expr.ErrorList
	errorf := func(at expr.Pos, format string, args ...any) {
		errs = append(errs, &expr.Error{Pos: at, Msg: fmt.Sprintf(format, args...)})
	}
	im := e.byName["Im"]
	switch {
	case im == nil && incomplete:
	case im == nil:
		errorf(0, "the equations of a SpatialNeuron must define the transmembrane current density Im (Im = ... : amp/meter**2)")
	case im.Kind != Subexpression:
		errorf(im.Pos, "Im must be a subexpression: Im = ... : amp/meter**2")
	case !im.bad && (im.Type != expr.Float || im.Dim != dimCurrentDensity):
		errorf(im.UnitPos, "Im is a current density: its unit must be amp/meter**2, not %s", im.UnitString())
	}
	if im != nil && len(im.Flags) > 0 {
		errorf(im.FlagPos[0], "Im cannot have flags")
	}
	for _, eq := range e.list {
		if eq.Has(FlagPointCurrent) && !eq.bad && (eq.Type != expr.Float || eq.Dim != units.DimCurrent) {
			errorf(eq.UnitPos, "the point current %s must be in amp, not %s", eq.Name, eq.UnitString())
		}
	}
	return errs
}

// joinAnd joins words as in "a, b and c".
func joinAnd(words []string, and string) string {
	if len(words) == 1 {
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
