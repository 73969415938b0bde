package sim

import (
	"fmt"
	"math"
	"sort"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
	"github.com/myelin-sim/myelin/core/lower"
	"github.com/myelin-sim/myelin/units"
)

// Inputs: SpikeGeneratorGroup, PoissonGroup, PoissonInput and TimedArray,
// with Brian2's semantics.

// SpikeGeneratorGroup is Brian2's SpikeGeneratorGroup: N "neurons" that
// spike at given times. It is a NeuronGroup with no equations (use it as
// the source of monitors and synapses: All(sg.NeuronGroup)); its
// variables are i, N, t, dt and period.
//
// As in Brian2, a spike lands in time step int((time + 0.001*dt)/dt), so a
// time a hair below a multiple of dt still counts for that step; the
// spikes are sorted by time and then neuron, and emitted in that order in
// the thresholds slot (order 0, under the group's name). A spike whose step
// is before the current time when a run starts is skipped; with a period,
// the spikes repeat every period, which must be a whole number of steps
// and longer than the last spike. Two spikes of one neuron in one step are
// an error. (Brian2 2.5.1 only catches them when no other neuron's spike
// lies between them in time; myelin catches them all.)
type SpikeGeneratorGroup struct {
	*NeuronGroup
	indices []int32   // sorted by time, then index
	times   []float64 // seconds
	period  *kernel.Column

	timebins   []int64
	periodBins int64
	lastIndex  int
	changed    bool
	prevDT     float64
}

// NewSpikeGeneratorGroup makes a SpikeGeneratorGroup of n neurons where
// neuron indices[k] spikes at times[k] (seconds), repeating every period
// seconds (0: no repetition).
func (n *Network) NewSpikeGeneratorGroup(name string, size int, indices []int, times []float64, period float64) (*SpikeGeneratorGroup, error) {
	if size < 1 {
		return nil, fmt.Errorf("SpikeGeneratorGroup %s: N must be at least 1, not %d", name, size)
	}
	g := n.newGroup(name, size, "SpikeGeneratorGroup")
	sg := &SpikeGeneratorGroup{NeuronGroup: g, period: &kernel.Column{Name: "period", Data: []float64{0}, Scalar: true}}
	g.special["period"] = lower.Binding{Dim: units.DimTime, Col: sg.period, ReadOnly: true}
	if err := sg.SetSpikes(indices, times, period); err != nil {
		return nil, err
	}
	if err := n.register(name, g); err != nil {
		return nil, err
	}
	// Store and Restore find the generator's own state under this key.
	n.objects[generatorKey+name] = sg
	n.groups = append(n.groups, g)
	ev := g.addEvent("spike", nil, Thresholds)
	ev.runner = name // Brian2's SpikeGeneratorGroup runs under its own name
	n.beforeRun = append(n.beforeRun, sg.beforeRun)
	n.schedule(ev.slot, ev.order, ev.runner, 1, sg.run)
	return sg, nil
}

// Period returns the period of the spikes in seconds (0: none).
func (sg *SpikeGeneratorGroup) Period() float64 { return sg.period.Data[0] }

// SpikeTimes returns the neurons and times of the spikes, sorted by time and
// then neuron (not copies).
func (sg *SpikeGeneratorGroup) SpikeTimes() ([]int32, []float64) { return sg.indices, sg.times }

// SetSpikes replaces the spikes, as Brian2's set_spikes: the next run
// emits these (those before its start time are skipped).
func (sg *SpikeGeneratorGroup) SetSpikes(indices []int, times []float64, period float64) error {
	name, dt := sg.name, sg.net.DT
	switch {
	case len(indices) != len(times):
		return fmt.Errorf("SpikeGeneratorGroup %s: the lengths of the indices and times arrays must match, but %d != %d", name, len(indices), len(times))
	case period < 0 || math.IsNaN(period):
		return fmt.Errorf("SpikeGeneratorGroup %s: the period cannot be negative", name)
	}
	maxT := math.Inf(-1)
	for k, t := range times {
		switch {
		case math.IsNaN(t) || math.IsInf(t, 0):
			return fmt.Errorf("SpikeGeneratorGroup %s: spike time %d is %v", name, k, t)
		case t < 0:
			return fmt.Errorf("SpikeGeneratorGroup %s: spike times cannot be negative (spike %d is at %s)", name, k, units.Q(t, units.Second))
		case indices[k] < 0 || indices[k] >= sg.N:
			return fmt.Errorf("SpikeGeneratorGroup %s: indices have to lie in the interval [0, %d[, but spike %d is of neuron %d", name, sg.N, k, indices[k])
		}
		maxT = math.Max(maxT, t)
	}
	if len(times) > 0 && period != 0 {
		if expr.Timestep(maxT, dt) >= math.RoundToEven(period/dt) {
			return fmt.Errorf("SpikeGeneratorGroup %s: the period has to be greater than the maximum of the spike times (%s >= %s)",
				name, units.Q(maxT, units.Second), units.Q(period, units.Second))
		}
	}
	order := make([]int, len(times))
	for k := range order {
		order[k] = k
	}
	sort.SliceStable(order, func(a, b int) bool {
		ka, kb := order[a], order[b]
		if times[ka] != times[kb] {
			return times[ka] < times[kb]
		}
		return indices[ka] < indices[kb]
	})
	sg.indices = make([]int32, len(order))
	sg.times = make([]float64, len(order))
	for k, j := range order {
		sg.indices[k], sg.times[k] = int32(indices[j]), times[j]
	}
	sg.period.Data[0] = period
	sg.changed = true
	return nil
}

// beforeRun is Brian2's before_run: it skips the spikes in the past, bins
// the times and checks them against dt.
func (sg *SpikeGeneratorGroup) beforeRun() error {
	n := sg.net
	dt := n.DT
	period := sg.period.Data[0]
	if period != 0 && period < dt {
		return fmt.Errorf("the period of '%s' is %s, which is smaller than its dt of %s", sg.name, units.Q(period, units.Second), units.Q(dt, units.Second))
	}
	if !sg.changed && sg.prevDT == dt {
		return nil
	}
	if sg.changed {
		now := expr.Timestep(n.T(), dt)
		sg.lastIndex = 0
		for k, t := range sg.times {
			if expr.Timestep(t, dt) < now {
				sg.lastIndex = k + 1
			}
		}
	}
	shift := 1e-3 * dt
	sg.timebins = make([]int64, len(sg.times))
	last := make([]int, sg.N) // the last spike seen of each neuron, +1
	for k, t := range sg.times {
		bin := int64((t + shift) / dt)
		sg.timebins[k] = bin
		i := sg.indices[k]
		if j := last[i] - 1; j >= 0 && sg.timebins[j] == bin {
			return fmt.Errorf("using a dt of %s, some neurons of SpikeGeneratorGroup '%s' spike more than once during a time step (neuron %d at %s and %s)",
				units.Q(dt, units.Second), sg.name, i, units.Q(sg.times[j], units.Second), units.Q(t, units.Second))
		}
		last[i] = k + 1
	}
	bins := math.RoundToEven(period / dt)
	if bins > math.MaxInt32 {
		bins, period = 0, 0 // Brian2 treats such periods as infinite
	}
	if math.Abs(bins*dt-period) > period*0x1p-52 {
		return fmt.Errorf("the period of '%s' is %s, which is not an integer multiple of its dt of %s",
			sg.name, units.Q(period, units.Second), units.Q(dt, units.Second))
	}
	sg.periodBins = int64(bins)
	sg.prevDT = dt
	sg.changed = false
	return nil
}

// run emits the spikes of the step, as Brian2's spikegenerator template.
func (sg *SpikeGeneratorGroup) run(step int64) {
	bin := step
	last := sg.lastIndex
	if sg.periodBins > 0 {
		bin %= sg.periodBins
		if last > 0 && sg.timebins[last-1] >= bin {
			last = 0
		}
	}
	end := last
	for end < len(sg.timebins) && sg.timebins[end] <= bin {
		end++
	}
	sg.lastIndex = end
	sg.spikes = append(sg.spikes[:0], sg.indices[last:end]...)
	sg.spikeStep = step
}

// PoissonGroupSpec describes Brian2's PoissonGroup(N, rates).
type PoissonGroupSpec struct {
	Name string
	N    int
	// Rates is rates= given as a string: an expression in Hz of t, i, N,
	// constants and TimedArrays, evaluated at every step (the
	// subexpression "rates").
	Rates string
	// RateValues are stored rates in Hz, one for all neurons or one per
	// neuron (rates= given as a quantity or an array), held in the
	// parameter "rates", which Set and SetValue change later. Give Rates or
	// RateValues.
	RateValues []float64
	Externals  lower.Scope
}

// NewPoissonGroup makes Brian2's PoissonGroup: a group whose neuron k
// spikes in a step when rand() < rates*dt, drawing one number per neuron
// and step from the network's generator, in the thresholds slot (order 0,
// "G_spike_thresholder"), with no refractoriness.
func (n *Network) NewPoissonGroup(spec PoissonGroupSpec) (*NeuronGroup, error) {
	model := "rates : hertz"
	prefix := "rates = "
	switch {
	case spec.Rates != "" && spec.RateValues != nil:
		return nil, fmt.Errorf("PoissonGroup %s: give its rates as an expression or as values, not both", spec.Name)
	case spec.Rates != "":
		if err := checkOneLine(spec.Rates); err != nil {
			return nil, &CodeError{Object: spec.Name, Field: "rates", Err: err}
		}
		model = prefix + spec.Rates + " : hertz"
	case len(spec.RateValues) != 1 && len(spec.RateValues) != spec.N:
		return nil, fmt.Errorf("PoissonGroup %s: %d rates for %d neurons (give one, or one per neuron)", spec.Name, len(spec.RateValues), spec.N)
	}
	g, err := n.NewNeuronGroup(NeuronGroupSpec{Name: spec.Name, N: spec.N, Model: model,
		Threshold: "rand() < rates*dt", Externals: spec.Externals})
	if err != nil {
		if ce, ok := err.(*CodeError); ok && ce.Field == "model" {
			return nil, &CodeError{Object: spec.Name, Field: "rates", Err: shiftErr(ce.Err, -len(prefix))}
		}
		return nil, err
	}
	g.kind = "PoissonGroup"
	for k := range spec.RateValues {
		if spec.RateValues[k] < 0 || math.IsNaN(spec.RateValues[k]) {
			return nil, fmt.Errorf("PoissonGroup %s: rates cannot be negative (%v Hz)", spec.Name, spec.RateValues[k])
		}
	}
	if len(spec.RateValues) == 1 {
		_ = g.SetValue("rates", -1, spec.RateValues[0])
	} else if spec.RateValues != nil {
		copy(g.vars["rates"].Col.Data, spec.RateValues)
	}
	return g, nil
}

// checkOneLine refuses code that would end a one-line field of an
// equation early.
func checkOneLine(src string) error {
	for k, c := range src {
		if c == '\n' || c == ':' || c == '#' {
			return expr.ErrorList{{Pos: expr.Pos(k), Msg: fmt.Sprintf("unexpected %q in an expression", c)}}
		}
	}
	return nil
}

// PoissonInputSpec describes Brian2's PoissonInput(target, target_var, N,
// rate, weight).
type PoissonInputSpec struct {
	Name   string // "" for "poissoninput", "poissoninput_1" ...
	Target Source // a group or a slice of one
	Var    string // the target's variable that receives the input
	N      int    // the number of independent Poisson inputs of each neuron
	Rate   float64
	// Weight is an expression in Var's unit, in the target's namespace,
	// added for every input spike (Brian2's weight, a quantity or a string).
	Weight string
	// Approximate draws, where N*p > 5 and N*(1-p) > 5 (p = Rate*dt), a
	// normal number of mean N*p and variance N*p*(1-p) instead of a
	// binomial one, as Brian2's BinomialFunction does by default. Without
	// it, every draw is an exact binomial number.
	Approximate bool
}

// PoissonInput is Brian2's PoissonInput: in the synapses slot (order 0),
// every step, Var += binomial(N, Rate*dt)*Weight for each neuron of the
// target, one independent draw per neuron from the network's generator.
// It keeps no spikes and grows no memory.
type PoissonInput struct {
	Name   string
	Target Source
	Var    string
	N      int
	Rate   float64
	P      float64 // Rate*dt, the probability of a spike of one input in a step
	Normal bool    // draws come from the normal approximation

	count *kernel.Column
	draw  binomial
	k     *kernel.Kernel
}

// NewPoissonInput adds Poisson input to a variable of a group.
func (n *Network) NewPoissonInput(spec PoissonInputSpec) (*PoissonInput, error) {
	src := spec.Target
	if err := src.check(); err != nil {
		return nil, err
	}
	g := src.Group
	name := spec.Name
	if name == "" {
		name = n.uniqueName("poissoninput")
	}
	fail := func(format string, args ...any) error {
		return fmt.Errorf("PoissonInput %s: %s", name, fmt.Sprintf(format, args...))
	}
	v, ok := g.vars[spec.Var]
	switch {
	case !ok:
		return nil, fail("%s is not a variable of %s%s", spec.Var, g.name, suggest(spec.Var, g.order))
	case v.Shared:
		return nil, fail("%s.%s is shared: a PoissonInput needs a variable of every neuron", g.name, spec.Var)
	case spec.N < 0:
		return nil, fail("the number of inputs cannot be negative (%d)", spec.N)
	case !(spec.Rate >= 0) || math.IsInf(spec.Rate, 0):
		return nil, fail("the rate must be a non-negative frequency, not %v Hz", spec.Rate)
	}
	p := spec.Rate * n.DT
	if p > 1 {
		return nil, fail("rate*dt = %g is more than 1: the rate (%s) is too high for dt = %s",
			p, units.Q(spec.Rate, units.Hertz), units.Q(n.DT, units.Second))
	}
	pi := &PoissonInput{Name: name, Target: src, Var: spec.Var, N: spec.N, Rate: spec.Rate, P: p}
	ctx := codeCtx{offset: src.Start, size: src.N()}
	w, err := expr.ParseExpr(spec.Weight)
	if err == nil {
		if ctx.sub(g) {
			w = inSubgroup(w, ctx.offset, ctx.size) // before expanding: see compileIn
		}
		w, err = g.eqs.Expand(w)
	}
	if err == nil {
		var in expr.Info
		if _, in, err = lower.Expr(w, g.scopeIn(ctx)); err == nil && in.Dim != v.Dim {
			return nil, fail("the weight %s is in %s, but the target variable '%s' is in %s: they must have the same unit",
				spec.Weight, dimWords(in.Dim), spec.Var, dimWords(v.Dim))
		}
	}
	if err != nil {
		return nil, &CodeError{Object: name, Field: "weight", Err: err}
	}
	fN := float64(spec.N)
	pi.Normal = spec.Approximate && fN*p > 5 && fN*(1-p) > 5
	count := &expr.Name{NamePos: expr.NoPos, Name: "_poissoninput_count"}
	var draws expr.Expr = count
	if pi.Normal {
		// Brian2: randn()*sqrt(n*p*(1-p)) + n*p.
		loc, scale := fN*p, math.Sqrt(fN*p*(1-p))
		draws = &expr.Paren{Lparen: expr.NoPos, Rparen: expr.NoPos, X: &expr.Binary{
			X: &expr.Binary{X: &expr.Call{Fun: &expr.Name{NamePos: expr.NoPos, Name: "randn"}, Lparen: expr.NoPos, Rparen: expr.NoPos},
				OpPos: expr.NoPos, Op: expr.OpMul, Y: &expr.Num{ValuePos: expr.NoPos, Value: scale, Lit: fmt.Sprint(scale)}},
			OpPos: expr.NoPos, Op: expr.OpAdd, Y: &expr.Num{ValuePos: expr.NoPos, Value: loc, Lit: fmt.Sprint(loc)}}}
	} else {
		pi.count = &kernel.Column{Name: "_poissoninput_count", Data: make([]float64, g.N)}
		pi.draw = newBinomial(int64(spec.N), p)
		ctx.extra = func(s string) (lower.Binding, bool) {
			if s == count.Name {
				return lower.Binding{Col: pi.count, ReadOnly: true}, true
			}
			return lower.Binding{}, false
		}
	}
	stmt := &expr.Stmt{Target: &expr.Name{NamePos: expr.NoPos, Name: spec.Var}, OpPos: expr.NoPos, Op: expr.OpAddAssign,
		Value: &expr.Binary{X: draws, OpPos: expr.NoPos, Op: expr.OpMul, Y: &expr.Paren{Lparen: expr.NoPos, X: w, Rparen: expr.NoPos}}}
	// The weight is already expanded and made relative: compile the
	// statement as it is.
	ks, err := lower.Stmts([]*expr.Stmt{stmt}, g.scopeIn(ctx))
	if err == nil {
		pi.k, err = kernel.Compile(ks)
	}
	if err != nil {
		return nil, &CodeError{Object: name, Field: "weight", Err: err}
	}
	if err := n.register(name, pi); err != nil {
		return nil, err
	}
	lo, hi := src.Start, src.End
	n.schedule(SynapsesSlot, 0, name, 1, func(int64) {
		if pi.count != nil {
			c := pi.count.Data[lo:hi]
			for k := range c {
				c[k] = float64(pi.draw.sample(n.rng))
			}
		}
		pi.k.RunFlush(lo, hi, n.rng, n.flush)
	})
	return pi, nil
}

// NewTimedArray makes a 1-D TimedArray (values sampled every dt seconds)
// for the code of this network's groups, which call it as name(t); see
// [TimedArrayBinding].
func (n *Network) NewTimedArray(name string, values []float64, dt float64) (*kernel.TimedArray, error) {
	return kernel.NewTimedArray(name, values, dt, n.DT)
}

// NewTimedArray2D makes a 2-D TimedArray, rows×cols values with one row
// per time step dt (Brian2's TimedArray of a 2-D array: time along the
// first axis), called as name(t, i).
func (n *Network) NewTimedArray2D(name string, values []float64, rows, cols int, dt float64) (*kernel.TimedArray, error) {
	return kernel.NewTimedArray2D(name, values, rows, cols, dt, n.DT)
}

// TimedArrayBinding is what NeuronGroupSpec.Externals returns for the name
// of a TimedArray whose values are in dimension dim: a function of t (1-D)
// or of t and a neuron index (2-D).
func TimedArrayBinding(ta *kernel.TimedArray, dim units.Dim) lower.Binding {
	args := []units.Dim{units.DimTime}
	if ta.TwoD {
		args = append(args, units.Dimensionless)
	}
	return lower.Binding{Dim: dim, Table: ta, Args: args}
}
