package model

import (
	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// String is a string value of the model file: a code string, a name, a
// quantity before evaluation. It knows where it is in the file, down to each
// byte of its content, so that an error found inside it by a later stage
// (the equations parser, the unit checker) can point at the exact line and
// column: see [String.At] and [String.Errors].
//
// The zero String is a value that the file does not have.
type String struct {
	Text string
	// Pos is where the value starts in the file: its opening quote.
	Pos Position
	// FromNumber marks a value that the file gives as a TOML number or
	// boolean where a code string is expected (v = 0, p = 0.1); Text is then
	// that number written as code ("0", "0.1", "True").
	FromNumber bool
	m          *stringMap
}

// stringMap maps the bytes of a decoded string back to the file.
type stringMap struct {
	src  *source
	offs []int // offs[k] is the file offset of byte k; len(offs) == len(Text)+1
}

// IsSet reports whether the file has this value.
func (s String) IsSet() bool { return s.Pos.IsValid() }

// At returns the position in the file of byte offset k of s.Text (an offset
// as in [expr.Error.Pos]). Inside a multi-line string this is the exact
// line and column, whatever escapes, line-ending backslashes or trimmed
// first newline lie before it. Offsets past the end give the closing quote.
// Where the exact place cannot be known (a number, or a value given with
// --set), At returns s.Pos.
func (s String) At(k int) Position {
	if s.m == nil || len(s.m.offs) == 0 {
		return s.Pos
	}
	k = max(0, min(k, len(s.m.offs)-1))
	return s.m.src.position(s.m.offs[k])
}

// Sub returns the part s.Text[i:j] as a String that still maps each of its
// bytes to the file: errors found in a part of a code string (one line of
// equations, the bounds of a slice) point at their place in the file.
func (s String) Sub(i, j int) String {
	i = max(0, min(i, len(s.Text)))
	j = max(i, min(j, len(s.Text)))
	out := String{Text: s.Text[i:j], Pos: s.At(i), FromNumber: s.FromNumber}
	if s.m != nil && len(s.m.offs) == len(s.Text)+1 {
		out.m = &stringMap{src: s.m.src, offs: s.m.offs[i : j+1]}
	}
	return out
}

// Errorf returns an error at byte offset k of s (see [String.At]).
func (s String) Errorf(k int, format string, args ...any) *Error {
	return Errorf(s.At(k), format, args...)
}

// Errors converts the errors of parsing or checking s.Text as code (an
// [expr.ErrorList] or [*expr.Error], whose positions are offsets into the
// string) into errors at their places in the file. Other errors are placed
// at the start of s. It returns nil for a nil err.
func (s String) Errors(err error) ErrorList { return exprErrors(s, err) }

// Quantity is a value with units: a TOML string holding a constant
// expression ("10*ms", "(60*0.27/10)*mV", "2*taum"), or a plain number,
// which is dimensionless.
//
// Some keys take either a constant or code that the simulator evaluates
// (refractory: "5*ms" or "v > -20*mV"; rates: "15*Hz" or an expression of
// t and i). For them Const tells which: when Const is false the value is
// code, to be checked by whoever builds the network, and Value is unset.
type Quantity struct {
	Src   String
	Const bool
	Value units.Quantity
}

// IsSet reports whether the file has this value.
func (q Quantity) IsSet() bool { return q.Src.IsSet() }

// Int is an integer value: a TOML integer, or a string holding a constant
// expression with an integer value ("N", "Ne + Ni", "0.8*N").
type Int struct {
	Src   String
	Value int
}

// IsSet reports whether the file has this value.
func (n Int) IsSet() bool { return n.Src.IsSet() }

// Table is what every table of the file has: where its header or inline
// table starts. Tables that the file does not have are at no position.
type Table struct {
	Pos Position
}

// Entry is one key = value of a table whose keys are names chosen by the
// user: initial values, events, linked variables.
type Entry struct {
	Name   string
	KeyPos Position
	Value  String
}

// Model is the [model] table.
type Model struct {
	Table
	Name        String
	Description String
}

// Run is the [run] table.
type Run struct {
	Table
	Dt       Quantity // a time; unset means Brian2's default of 0.1 ms
	Duration Quantity // a time
	Seed     Int
}

// Constant is one key of [constants], evaluated in file order: a constant
// may use the constants before it and units. Plain TOML numbers are
// dimensionless; integers keep the integer kind.
type Constant struct {
	Name   string
	KeyPos Position
	Src    String // the expression; for a TOML number, the number as code
	Value  units.Quantity
	Kind   expr.Kind
	// Set marks a constant changed with [File.Override].
	Set bool
	num any // the TOML number or boolean the file gives, if any
}

// Neurons is a [[neurons]] table: a NeuronGroup.
type Neurons struct {
	Table
	Name       String
	N          Int
	Model      String // the equations
	Threshold  String
	Reset      String
	Refractory Quantity // a time when Const; otherwise a condition
	Method     String
	// Events are the custom events (events = {name = "condition"}), in file
	// order.
	Events       []Entry
	Init         []Entry // [neurons.init], in file order
	Linked       []Link  // [neurons.linked], in file order
	RunRegularly []*RunRegularly
	OnEvent      []*OnEvent
}

// Link is a linked variable: name = "group.variable".
type Link struct {
	Entry
	Group, Var string
}

// RunRegularly is a [[neurons.run_regularly]] table.
type RunRegularly struct {
	Table
	Code String
	Dt   Quantity // a time; unset means every time step
}

// OnEvent is a [[neurons.on_event]] table: code run when an event happens.
type OnEvent struct {
	Table
	Event String
	Code  String
}

// Poisson is a [[poisson]] table: a PoissonGroup.
type Poisson struct {
	Table
	Name  String
	N     Int
	Rates Quantity // a rate when Const; otherwise code of i, t, N and constants
}

// SpikeGen is a [[spikegen]] table: a SpikeGeneratorGroup.
type SpikeGen struct {
	Table
	Name     String
	N        Int
	Indices  []int
	Times    []float64 // in TimeUnit
	TimeUnit Quantity  // a time; unset means second
	Period   Quantity  // a time; unset or zero means no repetition
}

// TimedArray is a [[timed_array]] table, callable in code as name(t), or
// name(t, i) when its values are 2-D.
type TimedArray struct {
	Table
	Name String
	// Values holds one row per time step: a single value for a 1-D array,
	// one per index for a 2-D one.
	Values [][]float64
	TwoD   bool
	Unit   Quantity // the unit of Values; unset means dimensionless
	Dt     Quantity // a time
}

// Sig returns the signature of t as a function of code strings.
func (t *TimedArray) Sig() *expr.FuncSig {
	args := []units.Dim{units.DimTime}
	if t.TwoD {
		args = append(args, units.Dimensionless)
	}
	return &expr.FuncSig{Args: args, Result: t.Unit.Value.Dim, Kind: expr.Float}
}

// Synapses is a [[synapses]] table.
type Synapses struct {
	Table
	Name   String
	Source Ref
	Target Ref // unset in the file means the source, as in Brian2
	Model  String
	// OnPre and OnPost are the pathways: one named "pre" (or "post") when
	// the file gives a string, or one per key of a table, in file order.
	OnPre  []Entry
	OnPost []Entry
	Delay  Quantity // a time
	// Delays are the delays of pathways by name, when the file gives
	// delay as a table ({pre = "1*ms", pre2 = "3*ms"}); each is a time.
	Delays []Entry
	Method String
	// MultisynapticIndex names the integer variable that numbers the
	// synapses between the same pair (Brian2's multisynaptic_index).
	MultisynapticIndex String
	Connect            []*Connect
	Init               []Entry
}

// Connect is one [[synapses.connect]] table: one call of connect().
type Connect struct {
	Table
	Condition     String
	P             Quantity // dimensionless; a number, or code of i, j ...
	I, J          Indices
	N             Quantity // dimensionless; an integer, or code
	SkipIfInvalid bool
}

// Indices are the i or j of a connect call: explicit indices (an integer
// or an array of them), or code (a string: an expression or a generator
// such as "k for k in range(i-3, i+4) if k != i").
type Indices struct {
	Pos  Position
	List []int  // explicit indices; nil when Code is set
	Code String // when the file gives a string
}

// IsSet reports whether the file gives these indices.
func (x Indices) IsSet() bool { return x.Pos.IsValid() }

// Ref refers to a group by name, or to a slice of one as in Brian2:
// "P", "P[:3200]", "P[3200:]", "P[10:20]".
type Ref struct {
	Src  String
	Name string
	// Slice marks a subgroup, Start:Stop. Stop is -1 for "to the end" when
	// the size of the group is not known (a spatial neuron from an SWC file);
	// otherwise both are resolved to 0 <= Start < Stop <= N.
	Slice       bool
	Start, Stop int
}

// IsSet reports whether the file gives this reference.
func (r Ref) IsSet() bool { return r.Src.IsSet() }

// PoissonInput is a [[poisson_input]] table.
type PoissonInput struct {
	Table
	Name      String // optional
	Target    Ref
	TargetVar String
	N         Int
	Rate      Quantity // a rate
	Weight    Quantity // a constant quantity, or code
}

// Spatial is a [[spatial]] table: a SpatialNeuron.
type Spatial struct {
	Table
	Name       String
	SWC        String // a path relative to the model file, or unset
	Sections   []*Section
	Model      String
	Cm         Quantity // farad/meter**2
	Ri         Quantity // ohm*meter
	Method     String
	Threshold  String
	Reset      String
	Refractory Quantity
	Init       []Entry
	Set        []*SetOp
}

// Section is a [[spatial.sections]] table, built like Brian2's Soma,
// Cylinder or Section and attached to its parent by name.
type Section struct {
	Table
	Name   String
	Type   String // "soma", "cylinder" or "section"
	Parent String // unset for the root
	N      Int    // compartments; unset means 1
	// Diameter, Length and the coordinates X, Y, Z are lengths: one value,
	// or for type "section" one per point (arrays in the file).
	Diameter, Length, X, Y, Z Lengths
}

// Lengths is one length, or an array of them.
type Lengths struct {
	Pos    Position
	Array  bool
	Values []Quantity
}

// IsSet reports whether the file gives this value.
func (l Lengths) IsSet() bool { return l.Pos.IsValid() }

// SetOp is a [[spatial.set]] table: an assignment on compartments.
type SetOp struct {
	Table
	Var     String
	Value   String
	Section String // optional
	Index   Int    // optional
	Where   String // optional condition
}

// Monitor is a [[monitors]] table.
type Monitor struct {
	Table
	Name      String
	Type      String // spike, state, rate or event
	Source    Ref
	Variables []String
	Record    Record
	Dt        Quantity // a time; optional
	Event     String   // the event of an event monitor
}

// Record says which elements a state monitor records: All (record = true),
// or a list of indices. Unset means the builder's default.
type Record struct {
	Pos     Position
	All     bool
	Indices []int
}

// IsSet reports whether the file gives record.
func (r Record) IsSet() bool { return r.Pos.IsValid() }

// Plot is a [[plots]] table: what the app and myelin plot draw.
type Plot struct {
	Table
	Type     String // raster, trace, rate, morphology or xy
	Monitor  String // the monitor drawn (raster, trace, rate, xy)
	Source   String // the spatial neuron drawn (morphology)
	Variable String // the variable drawn (trace, morphology)
	X, Y     String // the variables of an xy plot
	Title    String
}

// Control is a [[controls]] table: a live slider.
type Control struct {
	Table
	Param String // a constant, or group.variable
	// Group and Var are Param split at its dot; Group is "" for a constant.
	Group, Var string
	Min, Max   Quantity
	Step       Quantity // optional
	Label      String   // optional
}

// Step is a [[schedule]] table: a run, or a change of values.
type Step struct {
	Table
	Run Quantity // a time, when the step is a run
	Set []Setting
}

// Setting is a change of a value: of a constant (Group == ""), of a group's
// variable (Index == -1), or of one element of it ("cell.I[0]").
type Setting struct {
	Key    string
	KeyPos Position
	Group  string
	Var    string
	Index  int
	Value  String
}
