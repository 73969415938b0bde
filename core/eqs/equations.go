package eqs

import (
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// Kind says what an equation defines.
type Kind int

const (
	// Differential is dx/dt = f : unit, a state variable integrated over time.
	Differential Kind = iota
	// Subexpression is x = f : unit, a name for an expression, computed
	// whenever it is used.
	Subexpression
	// Parameter is x : unit, a state variable that changes only when code
	// (a reset, a synaptic event, the user) sets it.
	Parameter
)

// String returns Brian2's name for the kind: "differential equation",
// "subexpression" or "parameter".
func (k Kind) String() string {
	switch k {
	case Differential:
		return "differential equation"
	case Subexpression:
		return "subexpression"
	case Parameter:
		return "parameter"
	}
	return "unknown kind"
}

// Owner is the kind of object that equations belong to. Brian2 allows
// different flags in each, and reserves different names.
type Owner int

const (
	NeuronGroup Owner = iota
	Synapses
	SpatialNeuron
)

// String returns the owner's Brian2 class name.
func (o Owner) String() string {
	switch o {
	case NeuronGroup:
		return "NeuronGroup"
	case Synapses:
		return "Synapses"
	case SpatialNeuron:
		return "SpatialNeuron"
	}
	return "unknown owner"
}

// The flags of Brian2's equations. Which equation kinds may carry which flag
// depends on the [Owner].
const (
	// FlagUnlessRefractory: a differential equation of a NeuronGroup whose
	// variable is clamped while the neuron is refractory.
	FlagUnlessRefractory = "unless refractory"
	// FlagConstant: a parameter that code may not change during a run.
	FlagConstant = "constant"
	// FlagConstantOverDt: a subexpression computed once per time step,
	// before the state update, and stored (it may call rand()).
	FlagConstantOverDt = "constant over dt"
	// FlagShared: a parameter or subexpression with one value for the whole
	// group rather than one per element.
	FlagShared = "shared"
	// FlagLinked: a parameter of a NeuronGroup that refers to a variable of
	// another group (set with linked_var).
	FlagLinked = "linked"
	// FlagSummed: a subexpression of Synapses named x_post (or x_pre) whose
	// value, summed over the synapses of each target, sets the target's
	// parameter x.
	FlagSummed = "summed"
	// FlagEventDriven: a differential equation of Synapses updated only when
	// a spike arrives.
	FlagEventDriven = "event-driven"
	// FlagClockDriven: a differential equation of Synapses integrated every
	// time step (the default).
	FlagClockDriven = "clock-driven"
	// FlagPointCurrent: in a SpatialNeuron, a current in amp injected at a
	// point rather than a density over the membrane.
	FlagPointCurrent = "point current"
)

// Equation is one line (or one multi-line statement) of an equations string.
type Equation struct {
	Kind Kind
	Name string
	// Pos is the offset of the name in the equations string: of x in
	// "dx/dt = ...". Start is the offset where the equation begins: of the
	// d in "dx/dt".
	Pos, Start expr.Pos
	// RHS is the right-hand side, nil for parameters. Its positions are
	// offsets into the whole equations string.
	RHS expr.Expr
	// Dim is the dimension of the variable, Type its value type (Float,
	// or Integer and Boolean, which are dimensionless).
	Dim  units.Dim
	Type expr.Kind
	// Unit is the unit as written (trimmed) and UnitPos its offset.
	Unit    string
	UnitPos expr.Pos
	// Flags are the flags as written, in order, and FlagPos their offsets.
	Flags   []string
	FlagPos []expr.Pos

	bad bool // had a syntax error: its unit or right-hand side is unknown
}

// Has reports whether the equation carries the flag.
func (eq *Equation) Has(flag string) bool {
	for _, f := range eq.Flags {
		if f == flag {
			return true
		}
	}
	return false
}

// UnitString returns the canonical unit of the variable: "integer" or
// "boolean" for those types, otherwise a unit expression in base units that
// Brian2 accepts ("volt", "amp/meter**2", "second**-0.5", "1").
func (eq *Equation) UnitString() string {
	switch eq.Type {
	case expr.Integer:
		return "integer"
	case expr.Boolean:
		return "boolean"
	}
	return formatUnit(eq.Dim)
}

// String returns the equation in canonical form, on one line:
// "dv/dt = -v / tau : volt (unless refractory)". Parsing it gives the same
// equation back.
func (eq *Equation) String() string {
	var b strings.Builder
	switch eq.Kind {
	case Differential:
		b.WriteString("d" + eq.Name + "/dt = " + expr.String(eq.RHS))
	case Subexpression:
		b.WriteString(eq.Name + " = " + expr.String(eq.RHS))
	default:
		b.WriteString(eq.Name)
	}
	b.WriteString(" : ")
	b.WriteString(eq.UnitString())
	if len(eq.Flags) > 0 {
		b.WriteString(" (" + strings.Join(eq.Flags, ", ") + ")")
	}
	return b.String()
}

// stored reports whether the equation's right-hand side is evaluated on
// its own, as a stored value, rather than substituted: subexpressions flagged
// "constant over dt" (computed before each step) and summed variables (whose
// name denotes the target's variable).
func (eq *Equation) stored() bool {
	return eq.Kind == Subexpression && (eq.Has(FlagConstantOverDt) || eq.Has(FlagSummed))
}

// Equations is a parsed, checked set of equations, in the order they were
// written.
type Equations struct {
	src    string
	owner  Owner
	list   []*Equation
	byName map[string]*Equation
	// subOrder holds the subexpressions in dependency order.
	subOrder []*Equation
}

// Source returns the equations string that was parsed.
func (e *Equations) Source() string { return e.src }

// Owner returns the owner the equations were checked for.
func (e *Equations) Owner() Owner { return e.owner }

// All returns the equations in the order they were written. The slice is a
// copy; the equations are shared and must not be modified.
func (e *Equations) All() []*Equation { return append([]*Equation(nil), e.list...) }

// Len returns the number of equations.
func (e *Equations) Len() int { return len(e.list) }

// Get returns the equation that defines name, or nil.
func (e *Equations) Get(name string) *Equation { return e.byName[name] }

// Names returns the names of all variables, in the order written.
func (e *Equations) Names() []string { return e.names(func(*Equation) bool { return true }) }

// Differential returns the names of the variables of differential equations.
func (e *Equations) Differential() []string {
	return e.names(func(eq *Equation) bool { return eq.Kind == Differential })
}

// Subexpressions returns the names of the subexpressions, in the order
// written (see [Equations.SubexpressionOrder] for dependency order).
func (e *Equations) Subexpressions() []string {
	return e.names(func(eq *Equation) bool { return eq.Kind == Subexpression })
}

// Parameters returns the names of the parameters.
func (e *Equations) Parameters() []string {
	return e.names(func(eq *Equation) bool { return eq.Kind == Parameter })
}

// StateVariables returns the names of the state variables: the variables of
// differential equations and the parameters, in the order written. Linked
// parameters are included; they refer to another group's variable (see
// [Equations.Linked]).
func (e *Equations) StateVariables() []string {
	return e.names(func(eq *Equation) bool { return eq.Kind != Subexpression })
}

// WithFlag returns the names of the variables that carry the flag.
func (e *Equations) WithFlag(flag string) []string {
	return e.names(func(eq *Equation) bool { return eq.Has(flag) })
}

// UnlessRefractory returns the variables flagged "unless refractory".
func (e *Equations) UnlessRefractory() []string { return e.WithFlag(FlagUnlessRefractory) }

// Shared returns the variables flagged "shared".
func (e *Equations) Shared() []string { return e.WithFlag(FlagShared) }

// Linked returns the parameters flagged "linked".
func (e *Equations) Linked() []string { return e.WithFlag(FlagLinked) }

func (e *Equations) names(keep func(*Equation) bool) []string {
	var out []string
	for _, eq := range e.list {
		if keep(eq) {
			out = append(out, eq.Name)
		}
	}
	return out
}

// SubexpressionOrder returns every subexpression in an order in which each
// comes after the subexpressions it uses: the order to evaluate them in, for
// a monitor or a summed variable. Among independent subexpressions the
// written order is kept.
func (e *Equations) SubexpressionOrder() []string {
	out := make([]string, len(e.subOrder))
	for i, eq := range e.subOrder {
		out[i] = eq.Name
	}
	return out
}

// Identifiers returns the names the right-hand sides use as values that the
// equations do not define, in order of first use: what the namespace given
// to [Equations.Check] must resolve (model constants, t, dt, i, N, the
// variables of other groups) or what is a unit or a built-in constant (mV,
// pi). The noise symbols xi and xi_* are left out: the equations supply
// them (see [Equations.StochasticVariables]). So are the names of called
// functions (see [Equations.Functions]). A summed variable's name, used in
// another equation, denotes the target group's variable and is included.
func (e *Equations) Identifiers() []string {
	var out []string
	seen := map[string]bool{}
	for _, eq := range e.list {
		if eq.RHS == nil {
			continue
		}
		for _, n := range expr.Names(eq.RHS) {
			if seen[n] || isNoise(n) || e.own(n) != nil {
				continue
			}
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}

// Functions returns the names of the functions the right-hand sides call,
// built-in ones (exp, exprel) and others (a TimedArray), in order of first
// call.
func (e *Equations) Functions() []string {
	var out []string
	seen := map[string]bool{}
	for _, eq := range e.list {
		if eq.RHS == nil {
			continue
		}
		for _, n := range expr.FuncNames(eq.RHS) {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// StochasticVariables returns the noise symbols the equations use (xi,
// xi_1, xi_inh ...), in order of first use. Each is white noise with the
// unit second**-0.5; different names are independent.
func (e *Equations) StochasticVariables() []string {
	var out []string
	seen := map[string]bool{}
	for _, eq := range e.list {
		if eq.RHS == nil {
			continue
		}
		for _, n := range expr.Names(eq.RHS) {
			if isNoise(n) && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out
}

// IsStochastic reports whether any equation uses a noise symbol.
func (e *Equations) IsStochastic() bool { return len(e.StochasticVariables()) > 0 }

// String returns the equations in canonical form, one per line in the order
// written, with no trailing newline (see [Equation.String]). Parsing it gives
// the same equations back.
func (e *Equations) String() string {
	lines := make([]string, len(e.list))
	for i, eq := range e.list {
		lines[i] = eq.String()
	}
	return strings.Join(lines, "\n")
}

// own returns the equation that defines name as a variable of these
// equations, or nil. A summed variable is not one: its name denotes the
// target group's variable.
func (e *Equations) own(name string) *Equation {
	eq := e.byName[name]
	if eq == nil || eq.Has(FlagSummed) {
		return nil
	}
	return eq
}

// isNoise reports whether name is a noise symbol: xi or xi_ followed by
// anything.
func isNoise(name string) bool { return name == "xi" || strings.HasPrefix(name, "xi_") }

// noiseDim is the dimension of white noise, second**-0.5.
var noiseDim = units.NewDim(0, 0, -0.5)
