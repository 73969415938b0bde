package model

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/myelin-sim/myelin/core/eqs"
	"github.com/myelin-sim/myelin/core/expr"
)

// Estimate is what a model will take, worked out from the file alone,
// before anything is allocated: the size of every group, the number of
// synapses each [[synapses]] will make, and the memory of the state and of
// the recordings. Builders refuse a model whose estimate exceeds the memory
// at hand ([Options.MaxMemory]); myelin check prints it.
type Estimate struct {
	Groups   []GroupEstimate
	Synapses []SynapseEstimate
	// Bytes is the memory that the state, the synapses and the recordings
	// need, as far as the file tells: without the synapses of a
	// [SynapseEstimate.Bound] and without recorded spikes, whose number
	// depends on the run.
	Bytes float64
	// Largest is the position of the table that needs the most memory,
	// where a refusal points.
	Largest Position
}

// GroupEstimate is a group of neurons, or the compartments of a spatial
// neuron.
type GroupEstimate struct {
	Name  string
	Kind  string // neurons, poisson, spikegen, spatial
	N     int    // -1 when the file does not tell (a morphology in an SWC file)
	Bytes float64
}

// SynapseEstimate is the number of synapses that a [[synapses]] table's
// connect calls will make.
type SynapseEstimate struct {
	Name  string
	Count float64
	// Exact means Count is the number connect will make (index lists, p =
	// 1); otherwise it is the expected number (p < 1, or a condition
	// sampled at random pairs of neurons).
	Exact bool
	// Bound means some connect call could not be estimated (a generator,
	// or a condition on the neurons' variables): Count is then an upper
	// bound, every pair of neurons, and Bytes leaves those synapses out.
	Bound bool
	Bytes float64
}

// Bytes per element, measured on the simulator (Go's heap after building
// and running): a synapse takes its two int32 indices, a third for the
// queues, and 8 bytes per variable; a neuron 8 bytes per variable, and
// 16 more for lastspike and not_refractory.
const (
	bytesPerSynapse   = 20
	bytesPerVariable  = 8
	bytesRefractory   = 16
	bytesCompartment  = 8 * 24 // geometry, the cable's coefficients and its solver
	estimateSamples   = 2000   // pairs of neurons a condition is evaluated at, at most
	exhaustivePairs   = 2000   // up to this many pairs, every one is evaluated
	bytesPerRateEntry = 16
)

// Estimate works out the estimate of f.
func (f *File) Estimate() *Estimate {
	e := &Estimate{}
	largest := 0.0
	note := func(b float64, pos Position) {
		e.Bytes += b
		if b > largest {
			largest, e.Largest = b, pos
		}
	}
	for _, n := range f.Neurons {
		vars := variableCount(n.Model.Text, eqs.NeuronGroup) + 1
		per := float64(vars * bytesPerVariable)
		if n.Refractory.IsSet() {
			per += bytesRefractory
		}
		g := GroupEstimate{Name: n.Name.Text, Kind: "neurons", N: n.N.Value, Bytes: per * float64(n.N.Value)}
		e.Groups = append(e.Groups, g)
		note(g.Bytes, n.N.Src.Pos)
	}
	for _, p := range f.Poisson {
		g := GroupEstimate{Name: p.Name.Text, Kind: "poisson", N: p.N.Value, Bytes: 3 * bytesPerVariable * float64(p.N.Value)}
		e.Groups = append(e.Groups, g)
		note(g.Bytes, p.N.Src.Pos)
	}
	for _, s := range f.SpikeGens {
		g := GroupEstimate{Name: s.Name.Text, Kind: "spikegen", N: s.N.Value,
			Bytes: 2*bytesPerVariable*float64(s.N.Value) + 16*float64(len(s.Times))}
		e.Groups = append(e.Groups, g)
		note(g.Bytes, s.N.Src.Pos)
	}
	for _, s := range f.Spatial {
		n := -1
		if !s.SWC.IsSet() {
			n = 0
			for _, sec := range s.Sections {
				n += max(1, sec.N.Value)
			}
		}
		vars := variableCount(s.Model.Text, eqs.SpatialNeuron)
		g := GroupEstimate{Name: s.Name.Text, Kind: "spatial", N: n,
			Bytes: float64(max(n, 0)) * float64(bytesCompartment+vars*bytesPerVariable)}
		e.Groups = append(e.Groups, g)
		note(g.Bytes, s.Pos)
	}
	sizes := map[string]int{}
	for _, g := range e.Groups {
		sizes[g.Name] = g.N
	}
	for _, s := range f.Synapses {
		se := f.estimateSynapses(s, sizes)
		e.Synapses = append(e.Synapses, se)
		pos := s.Pos
		if len(s.Connect) > 0 {
			pos = s.Connect[0].Pos
		}
		note(se.Bytes, pos)
	}
	steps := math.Ceil(f.duration()/f.dt() - 1e-9)
	for _, m := range f.Monitors {
		var b float64
		switch m.Type.Text {
		case "state":
			every := 1.0
			if m.Dt.IsSet() && m.Dt.Value.Value > 0 {
				every = math.Max(1, math.Round(m.Dt.Value.Value/f.dt()))
			}
			rec := float64(len(m.Record.Indices))
			if m.Record.All {
				rec = float64(max(sizes[m.Source.Name], 0))
				if m.Source.Slice && m.Source.Stop >= 0 {
					rec = float64(m.Source.Stop - m.Source.Start)
				}
			}
			b = math.Ceil(steps/every) * bytesPerVariable * (rec*float64(len(m.Variables)) + 1)
		case "rate":
			b = steps * bytesPerRateEntry
		}
		note(b, m.Pos)
	}
	return e
}

// dt is the time step of the file.
func (f *File) dt() float64 {
	if f.Run.Dt.IsSet() && f.Run.Dt.Value.Value > 0 {
		return f.Run.Dt.Value.Value
	}
	return DefaultDt
}

// duration is the simulated time of the schedule, or of [run].
func (f *File) duration() float64 {
	if len(f.Schedule) == 0 {
		return f.Run.Duration.Value.Value
	}
	total := 0.0
	for _, s := range f.Schedule {
		if s.Run.IsSet() {
			total += s.Run.Value.Value
		}
	}
	return total
}

// variableCount is the number of variables that equations store per
// element; a model that does not parse counts as one (the builder reports
// what is wrong with it).
func variableCount(model string, owner eqs.Owner) int {
	if strings.TrimSpace(model) == "" {
		return 0
	}
	e, err := eqs.Parse(model, owner)
	if err != nil {
		return 1
	}
	return len(e.StateVariables())
}

// refSize is the number of neurons a reference to a group or a slice of
// one covers, or -1.
func refSize(r Ref, sizes map[string]int) int {
	n, ok := sizes[r.Name]
	if !ok || n < 0 {
		if r.Slice && r.Stop >= 0 {
			return r.Stop - r.Start
		}
		return -1
	}
	if r.Slice {
		stop := r.Stop
		if stop < 0 {
			stop = n
		}
		return max(0, stop-r.Start)
	}
	return n
}

// estimateSynapses estimates the synapses of s.
func (f *File) estimateSynapses(s *Synapses, sizes map[string]int) SynapseEstimate {
	se := SynapseEstimate{Name: s.Name.Text, Exact: true}
	ns, nt := refSize(s.Source, sizes), refSize(s.Target, sizes)
	if !s.Target.IsSet() {
		nt = ns
	}
	if ns < 0 || nt < 0 {
		// A morphology from an SWC file: its size is known once it is read.
		se.Exact, se.Bound = false, len(s.Connect) > 0
		return se
	}
	bounded := 0.0
	for _, c := range s.Connect {
		count, exact, bound := f.estimateConnect(c, ns, nt)
		if bound {
			se.Bound = true
			bounded += count
		}
		se.Count += count
		se.Exact = se.Exact && exact
	}
	per := float64(bytesPerSynapse + variableCount(s.Model.Text, eqs.Synapses)*bytesPerVariable)
	for _, e := range s.Init {
		if e.Name == "delay" || strings.HasPrefix(e.Name, "delay.") {
			per += bytesPerVariable
		}
	}
	se.Bytes = per * (se.Count - bounded)
	return se
}

// estimateConnect estimates the synapses of one connect call between ns
// sources and nt targets: the count, whether it is exact, and whether it
// is only an upper bound.
func (f *File) estimateConnect(c *Connect, ns, nt int) (count float64, exact, bound bool) {
	n := 1.0
	if c.N.IsSet() {
		if !c.N.Const {
			return float64(ns) * float64(nt), false, true
		}
		n = c.N.Value.Value
	}
	switch {
	case c.I.List != nil && c.J.List != nil:
		return n * float64(max(len(c.I.List), len(c.J.List))), true, false
	case c.I.Code.IsSet() || c.J.Code.IsSet():
		// A generator: its size is known only once it runs.
		return n * float64(ns) * float64(nt), false, true
	}
	pairs := float64(ns) * float64(nt)
	if c.I.List != nil {
		pairs = float64(len(c.I.List)) * float64(nt)
	}
	if c.J.List != nil {
		pairs = float64(ns) * float64(len(c.J.List))
	}
	p, pConst := 1.0, true
	if c.P.IsSet() {
		if c.P.Const {
			p = c.P.Value.Value
		} else {
			pConst = false
		}
	}
	cond := strings.TrimSpace(c.Condition.Text)
	if pConst && (cond == "" || cond == "True") {
		return n * p * pairs, p == 1 || p == 0, false
	}
	frac, ok := f.sampleConnect(c, ns, nt)
	if !ok {
		return n * p * pairs, false, true
	}
	return n * frac * pairs, false, false
}

// sampleConnect estimates the fraction of the pairs (i, j) that a
// condition and a p given as code connect, when they use only i, j, N_pre,
// N_post and constants: the mean of condition*p over random pairs, or
// over all of them when there are few.
func (f *File) sampleConnect(c *Connect, ns, nt int) (float64, bool) {
	var cond, p expr.Expr
	var err error
	if s := strings.TrimSpace(c.Condition.Text); s != "" {
		if cond, err = expr.ParseExpr(s); err != nil {
			return 0, false
		}
	}
	if c.P.IsSet() && !c.P.Const {
		if p, err = expr.ParseExpr(c.P.Src.Text); err != nil {
			return 0, false
		}
	}
	if ns == 0 || nt == 0 {
		return 0, true
	}
	consts := f.Namespace()
	// Sampling takes milliseconds, and the app builds a model again at
	// every change of a slider: remember the fractions found.
	key := fmt.Sprintf("%s|%s|%d|%d", c.Condition.Text, c.P.Src.Text, ns, nt)
	for _, x := range []expr.Expr{cond, p} {
		if x != nil {
			for _, n := range expr.Names(x) {
				if sym, ok := consts(n); ok {
					key += fmt.Sprintf("|%s=%v", n, sym.Value)
				}
			}
		}
	}
	sampled.Lock()
	frac, ok := sampled.m[key]
	sampled.Unlock()
	if ok {
		return frac, true
	}
	var i, j float64
	ns2 := func(name string) (expr.Symbol, bool) {
		switch name {
		case "i":
			return expr.Symbol{Kind: expr.Integer, Const: true, Scalar: true, Value: i}, true
		case "j":
			return expr.Symbol{Kind: expr.Integer, Const: true, Scalar: true, Value: j}, true
		case "N_pre":
			return expr.Symbol{Kind: expr.Integer, Const: true, Scalar: true, Value: float64(ns)}, true
		case "N_post":
			return expr.Symbol{Kind: expr.Integer, Const: true, Scalar: true, Value: float64(nt)}, true
		}
		return consts(name)
	}
	value := func(x expr.Expr) (float64, bool) {
		if x == nil {
			return 1, true
		}
		ck, err := expr.Check(x, ns2)
		if err != nil || !ck.Info().Const {
			return 0, false
		}
		return ck.Info().Value, true
	}
	sum, count := 0.0, 0
	eval := func() bool {
		a, ok := value(cond)
		if !ok {
			return false
		}
		if a != 0 {
			b, ok := value(p)
			if !ok {
				return false
			}
			sum += math.Max(0, math.Min(1, b))
		}
		count++
		return true
	}
	if float64(ns)*float64(nt) <= exhaustivePairs {
		for a := range ns {
			for b := range nt {
				if i, j = float64(a), float64(b); !eval() {
					return 0, false
				}
			}
		}
	} else {
		r := rand.New(rand.NewPCG(1, 2))
		for k := range estimateSamples {
			if i, j = float64(r.IntN(ns)), float64(r.IntN(nt)); !eval() {
				return 0, false
			}
			// Stop early once the standard error is 1% of the fraction.
			if m := sum / float64(count); k >= 200 && m > 0 && m*(1-m)/float64(count) < 1e-4*m*m {
				break
			}
		}
	}
	frac = sum / float64(count)
	sampled.Lock()
	if len(sampled.m) >= 256 {
		clear(sampled.m)
	}
	sampled.m[key] = frac
	sampled.Unlock()
	return frac, true
}

// sampled remembers the fractions that sampleConnect found.
var sampled = struct {
	sync.Mutex
	m map[string]float64
}{m: map[string]float64{}}

// DefaultWasmMemory is the memory a model may take in WebAssembly, where
// the browser gives no figure: 2 GiB, what browsers let a 32-bit
// WebAssembly memory grow to at the least.
const DefaultWasmMemory = 2 << 30

// DefaultMemory is the limit where the system does not say how much memory
// is available (no /proc/meminfo, as on macOS and Windows).
const DefaultMemory = 16 << 30

// AvailableMemory returns the memory a model may take, in bytes, and where
// that figure comes from: MemAvailable of /proc/meminfo on Linux,
// [DefaultWasmMemory] in WebAssembly, [DefaultMemory] elsewhere.
func AvailableMemory() (float64, string) {
	if runtime.GOARCH == "wasm" {
		return DefaultWasmMemory, "the WebAssembly default"
	}
	data, err := os.ReadFile("/proc/meminfo")
	if err == nil {
		for _, line := range strings.Split(string(data), "\n") {
			if rest, ok := strings.CutPrefix(line, "MemAvailable:"); ok {
				fields := strings.Fields(rest)
				if len(fields) >= 1 {
					if kb, err := strconv.ParseFloat(fields[0], 64); err == nil {
						return kb * 1024, "available (/proc/meminfo)"
					}
				}
			}
		}
	}
	return DefaultMemory, "the default limit"
}

// ParseMemory reads a size of memory as --max-memory takes it: a number of
// bytes with an optional unit (KB, MB, GB, TB; KiB, MiB, GiB, TiB), or
// "none" for no limit, which it returns as -1.
func ParseMemory(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if strings.EqualFold(t, "none") || strings.EqualFold(t, "unlimited") {
		return -1, nil
	}
	k := len(t)
	for k > 0 && (t[k-1] < '0' || t[k-1] > '9') && t[k-1] != '.' {
		k--
	}
	num, unit := strings.TrimSpace(t[:k]), strings.ToLower(strings.TrimSpace(t[k:]))
	v, err := strconv.ParseFloat(num, 64)
	scale := map[string]float64{"": 1, "b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12,
		"k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40,
		"kib": 1 << 10, "mib": 1 << 20, "gib": 1 << 30, "tib": 1 << 40}[unit]
	if err != nil || scale == 0 || !(v > 0) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a size of memory: write it as 8GiB, 500MB or none", s)
	}
	return v * scale, nil
}

// Check refuses a model whose estimate exceeds the limit: limit > 0
// is a limit in bytes, 0 means [AvailableMemory], < 0 no limit.
func (e *Estimate) Check(limit float64) error {
	if limit < 0 {
		return nil
	}
	what := "of memory given with --max-memory"
	if limit == 0 {
		var from string
		limit, from = AvailableMemory()
		what = "of memory " + from
		if from == "available (/proc/meminfo)" {
			what = "of memory available"
		}
	}
	if e.Bytes <= limit {
		return nil
	}
	return Errorf(e.Largest, "the model needs about %s%s, more than the %s %s: make it smaller, or export it to Brian2 (myelin export brian2); --max-memory SIZE (or none) overrides the limit",
		bytesText(e.Bytes), e.biggest(), bytesText(limit), what)
}

// biggest describes the largest part of the estimate.
func (e *Estimate) biggest() string {
	best, text := 0.0, ""
	for _, g := range e.Groups {
		if g.Bytes > best {
			best, text = g.Bytes, fmt.Sprintf(" (%s: %s)", g.Name, count(g.N, "neuron"))
		}
	}
	for _, s := range e.Synapses {
		if s.Bytes > best {
			best, text = s.Bytes, fmt.Sprintf(" (%s: %s)", s.Name, s.Text())
		}
	}
	return text
}

// countSynapses writes "1 synapse", "12 synapses".
func countSynapses(n int) string { return count(n, "synapse") }

// countText writes a count that may be huge: 1234567, or 5e+13.
func countText(n float64) string {
	if n < 1e9 {
		return strconv.FormatFloat(math.Round(n), 'f', -1, 64)
	}
	return strconv.FormatFloat(n, 'g', 3, 64)
}

// bytesText writes a size of memory: 12 B, 3.4 KiB, 5.6 MiB, 7.8 GiB.
func bytesText(n float64) string {
	switch {
	case n >= 1<<40:
		return fmt.Sprintf("%.1f TiB", n/(1<<40))
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", n/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", n/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", n/(1<<10))
	}
	return fmt.Sprintf("%d B", int64(n))
}

// Text describes the estimate, as myelin check prints it when the model
// is too big to build.
func (e *Estimate) Text() string {
	var s strings.Builder
	for _, g := range e.Groups {
		n := "unknown until its SWC file is read"
		if g.N >= 0 {
			n = strconv.Itoa(g.N)
		}
		fmt.Fprintf(&s, "  [[%s]] %s: N = %s, about %s\n", g.Kind, g.Name, n, bytesText(g.Bytes))
	}
	for _, syn := range e.Synapses {
		fmt.Fprintf(&s, "  [[synapses]] %s: %s, about %s\n", syn.Name, syn.Text(), bytesText(syn.Bytes))
	}
	fmt.Fprintf(&s, "  memory: about %s for state, synapses and recordings (recorded spikes extra)\n", bytesText(e.Bytes))
	return s.String()
}
