// Package eqs owns model equations: the multi-line strings in which a
// Brian2 model declares its variables, such as
//
//	dv/dt = (ge + gi - (v - El))/taum : volt (unless refractory)
//	dge/dt = -ge/taue : volt
//	I = g*(E - v) : amp
//	g : siemens (constant)
//
// It parses them as Brian2 2.5.1 does ([Parse]), classifies every line as a
// differential equation, a subexpression or a parameter ([Kind]), checks the
// flags each owner allows ([Owner]: NeuronGroup, Synapses, SpatialNeuron) and
// the names Brian2 reserves, checks units ([Equations.Check]) and substitutes
// subexpressions into the equations that use them ([Equations.Substituted],
// [Equations.Expand]), as Brian2 does before it integrates.
//
// # Syntax
//
// The grammar is Brian2's: an equation is one of
//
//	dx/dt = expression : unit (flags)
//	x = expression : unit (flags)
//	x : unit (flags)
//
// where the flags and their parentheses are optional and flags are separated
// by commas. Comments run from # to the end of the line. A right-hand side
// runs from '=' to the ':' that introduces the unit, so it may continue over
// several lines without parentheses; as in Brian2, an empty line ends it.
// The unit is written with base units only (volt, amp/meter**2,
// siemens/meter**2, second**-0.5, hertz, 1 for dimensionless), or is one of
// the types boolean and integer: a declaration names a dimension, so scaled
// units such as mV belong in values, not here.
//
// # Errors
//
// Every error is an [expr.Error] whose Pos is a byte offset into the whole
// equations string, also for errors inside a right-hand side, so that a
// caller can map it to a line and column of the file the string came from
// ([expr.LineCol]). Parse and Check report all the errors they find at once,
// as an [expr.ErrorList] sorted by position.
//
// # What other packages use
//
// [Equations.Check] needs a namespace for the names the equations do not
// define; [Equations.Identifiers] lists them. The state variables, and those
// flagged "unless refractory", "shared" or "linked", have their own lists.
// [Equations.Substituted] gives the differential equations ready for an
// integrator, [Equations.ConstantOverDt] the subexpressions to compute once
// per step before it, [Equations.SubexpressionOrder] the order in which to
// evaluate subexpressions for a monitor, and [Equations.Expand] substitutes
// subexpressions into any other code string (a threshold, a reset).
// An [Equations] does not change after Parse and is safe for concurrent use.
//
// # Positions in trees
//
// The right-hand sides are [expr.Expr] trees whose positions are offsets
// into the whole equations string. Substitution keeps the positions of the
// substituted nodes (they point into the subexpression's definition), so an
// error found later in an expanded expression still points at source text.
package eqs
