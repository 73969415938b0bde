package model

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/myelin-sim/myelin/units"
)

// entity is something of the file that has a name: a group, a synapses, a
// monitor, a timed array, a poisson input.
type entity struct {
	kind   string // the section: "neurons", "monitors" ...
	name   String
	size   int // number of elements, -1 when not known from the file alone
	events []string
	// what the entity is, as a pointer to its table
	neurons *Neurons
	spatial *Spatial
	monitor *Monitor
}

// Kinds of entities that references accept.
var (
	spikingKinds = []string{"neurons", "poisson", "spikegen", "spatial"}
	groupKinds   = []string{"neurons", "poisson", "spikegen", "spatial"}
	targetKinds  = []string{"neurons", "spatial"}
	watchedKinds = []string{"neurons", "poisson", "spikegen", "spatial", "synapses"}
)

// named lists every named entity of f in file order.
func (f *File) named() []*entity {
	var out []*entity
	// A size of 0 is an N that failed: unknown.
	size := func(n Int) int {
		if n.Value > 0 {
			return n.Value
		}
		return -1
	}
	for _, n := range f.Neurons {
		out = append(out, &entity{kind: "neurons", name: n.Name, size: size(n.N), events: eventNames(n.Events), neurons: n})
	}
	for _, p := range f.Poisson {
		out = append(out, &entity{kind: "poisson", name: p.Name, size: size(p.N)})
	}
	for _, s := range f.SpikeGens {
		out = append(out, &entity{kind: "spikegen", name: s.Name, size: size(s.N)})
	}
	for _, t := range f.TimedArrays {
		out = append(out, &entity{kind: "timed_array", name: t.Name, size: -1})
	}
	for _, s := range f.Synapses {
		out = append(out, &entity{kind: "synapses", name: s.Name, size: -1})
	}
	for _, p := range f.PoissonInputs {
		if p.Name.IsSet() {
			out = append(out, &entity{kind: "poisson_input", name: p.Name, size: -1})
		}
	}
	for _, s := range f.Spatial {
		size := -1
		if !s.SWC.IsSet() && len(s.Sections) > 0 {
			size = 0
			for _, sec := range s.Sections {
				size += max(1, sec.N.Value)
			}
		}
		out = append(out, &entity{kind: "spatial", name: s.Name, size: size, spatial: s})
	}
	for _, m := range f.Monitors {
		out = append(out, &entity{kind: "monitors", name: m.Name, size: -1, monitor: m})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].name.Pos.Offset < out[j].name.Pos.Offset })
	return out
}

func eventNames(events []Entry) []string {
	var out []string
	for _, e := range events {
		out = append(out, e.Name)
	}
	return out
}

// entities maps names to the first entity of that name.
func (f *File) entities() map[string]*entity {
	out := map[string]*entity{}
	for _, e := range f.named() {
		if _, dup := out[e.name.Text]; !dup && e.name.IsSet() {
			out[e.name.Text] = e
		}
	}
	return out
}

// groupNames returns the names of the groups, synapses and spatial neurons,
// whose variables can be set.
func (f *File) groupNames() []string {
	var out []string
	for _, e := range f.named() {
		if slices.Contains(watchedKinds, e.kind) {
			out = append(out, e.name.Text)
		}
	}
	return out
}

func kindHeaders(kinds []string) string {
	var hs []string
	for _, k := range kinds {
		hs = append(hs, "[["+k+"]]")
	}
	switch len(hs) {
	case 1:
		return hs[0]
	case 2:
		return hs[0] + " or " + hs[1]
	}
	return strings.Join(hs[:len(hs)-1], ", ") + " or " + hs[len(hs)-1]
}

// check checks names and the references between tables.
func (ev *evaluator) check() {
	f := ev.f
	ents := map[string]*entity{}
	for _, e := range f.named() {
		if !e.name.IsSet() {
			continue
		}
		if !isIdent(e.name.Text) {
			ev.errorf(e.name.Pos, "name %s is not a name that code can use: use letters, digits and _, not starting with a digit", quoted(e.name))
			continue
		}
		if first, dup := ents[e.name.Text]; dup {
			ev.errorf(e.name.Pos, "duplicate name '%s': [[%s]] '%s' on line %d has it already", e.name.Text, first.kind, first.name.Text, first.name.Pos.Line)
			continue
		}
		ents[e.name.Text] = e
		if e.kind == "timed_array" {
			if c, ok := f.Constant(e.name.Text); ok {
				ev.errorf(e.name.Pos, "the timed array '%s' has the name of the constant on line %d: code could not tell them apart", e.name.Text, c.KeyPos.Line)
			}
		}
	}
	for _, n := range f.Neurons {
		ev.checkNeurons(n, ents)
	}
	for _, s := range f.SpikeGens {
		ev.checkSpikeGen(s)
	}
	for _, t := range f.TimedArrays {
		ev.positive(t.Dt, "dt")
	}
	for _, s := range f.Synapses {
		if s.Source.IsSet() {
			ev.ref(&s.Source, "source", ents, spikingKinds)
		}
		if s.Target.IsSet() {
			ev.ref(&s.Target, "target", ents, groupKinds)
		} else {
			s.Target = s.Source
		}
		for _, c := range s.Connect {
			if c.P.Const && (c.P.Value.Value < 0 || c.P.Value.Value > 1) {
				ev.errorf(c.P.Src.Pos, "p must be a probability, from 0 to 1, but %s", valueIs(c.P.Src, c.P.Value.Value))
			}
			if c.N.Const && (c.N.Value.Value < 0 || c.N.Value.Value != float64(int(c.N.Value.Value))) {
				ev.errorf(c.N.Src.Pos, "n must be a whole number, 0 or more, but %s", valueIs(c.N.Src, c.N.Value.Value))
			}
			if c.I.List != nil && c.J.List != nil && len(c.I.List) != len(c.J.List) && len(c.I.List) > 1 && len(c.J.List) > 1 {
				ev.errorf(c.J.Pos, "i and j must have as many elements, but i has %d and j %d", len(c.I.List), len(c.J.List))
			}
		}
	}
	for _, p := range f.PoissonInputs {
		if p.Target.IsSet() {
			ev.ref(&p.Target, "target", ents, targetKinds)
		}
	}
	for _, s := range f.Spatial {
		ev.checkSpatial(s)
	}
	for _, m := range f.Monitors {
		ev.checkMonitor(m, ents)
	}
	for _, p := range f.Plots {
		ev.checkPlot(p, ents)
	}
	for _, c := range f.Controls {
		ev.checkControl(c, ents)
	}
	for _, s := range f.Schedule {
		for _, st := range s.Set {
			ev.setting(st, ents)
		}
		ev.positive(s.Run, "run")
	}
	ev.positive(f.Run.Dt, "dt")
	if d := f.Run.Duration; d.Const && d.Value.Value < 0 {
		ev.errorf(d.Src.Pos, "duration must not be negative, but %s is", quoted(d.Src))
	}
}

// positive reports a constant quantity that is not more than zero.
func (ev *evaluator) positive(q Quantity, name string) {
	if q.Const && !(q.Value.Value > 0) {
		ev.errorf(q.Src.Pos, "%s must be more than zero, but it is %s", name, quoted(q.Src))
	}
}

// unknownRef reports a name that refers to nothing suitable.
func (ev *evaluator) unknownRef(at Position, name string, ents map[string]*entity, kinds []string, role string) {
	if e, ok := ents[name]; ok {
		ev.errorf(at, "'%s' is a [[%s]], but %s must be a %s", name, e.kind, role, kindHeaders(kinds))
		return
	}
	var names []string
	for n, e := range ents {
		if slices.Contains(kinds, e.kind) {
			names = append(names, n)
		}
	}
	what := "group"
	if len(kinds) == 1 {
		what = map[string]string{"monitors": "monitor", "spatial": "spatial neuron"}[kinds[0]]
	}
	ev.errorf(at, "unknown %s '%s'%s", what, name, didYouMean(name, names))
}

// ref resolves a reference to a group or a slice of one.
func (ev *evaluator) ref(r *Ref, role string, ents map[string]*entity, kinds []string) *entity {
	text := r.Src.Text
	i := 0
	for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
		i++
	}
	j := i
	for j < len(text) && (isIdent(text[i : j+1])) {
		j++
	}
	name := text[i:j]
	rest := strings.TrimRight(text[j:], " \t")
	r.Name, r.Slice, r.Start, r.Stop = name, false, 0, 0
	if name == "" || rest != "" && (!strings.HasPrefix(strings.TrimLeft(rest, " \t"), "[") || !strings.HasSuffix(rest, "]")) {
		ev.errorf(r.Src.Pos, "%s must be the name of a group, or a slice of one such as \"P[:100]\", but it is %s", role, quoted(r.Src))
		return nil
	}
	e, ok := ents[name]
	if !ok || !slices.Contains(kinds, e.kind) {
		ev.unknownRef(r.Src.At(i), name, ents, kinds, role)
		return nil
	}
	if rest == "" {
		return e
	}
	open := j + strings.IndexByte(text[j:], '[')
	ev.slice(r, e, open)
	return e
}

// slice resolves the bracket of a reference, text[open:] = "[a:b]".
func (ev *evaluator) slice(r *Ref, e *entity, open int) {
	text := r.Src.Text
	end := strings.LastIndexByte(text, ']')
	inner := r.Src.Sub(open+1, end)
	parts := strings.Split(inner.Text, ":")
	if len(parts) > 2 {
		ev.errorf(r.Src.At(open), "a slice of a group has no step: write %s[start:stop]", r.Name)
		return
	}
	bound := func(off int, part string) (int, bool, bool) {
		if strings.TrimSpace(part) == "" {
			return 0, false, true
		}
		s := inner.Sub(off, off+len(part))
		x, ok := ev.parse(s)
		if !ok {
			return 0, true, false
		}
		v, ok := ev.intExpr(s, x, "an index")
		return v, true, ok
	}
	start, hasStart, ok1 := bound(0, parts[0])
	if !ok1 {
		return
	}
	stop, hasStop := start+1, true
	if len(parts) == 2 {
		var ok2 bool
		stop, hasStop, ok2 = bound(len(parts[0])+1, parts[1])
		if !ok2 {
			return
		}
	} else if !hasStart {
		ev.errorf(r.Src.At(open), "%s[] selects nothing: write %s[start:stop]", r.Name, r.Name)
		return
	}
	n := e.size
	noun := "element"
	if e.kind == "spatial" {
		noun = "compartment"
	} else if e.kind != "synapses" {
		noun = "neuron"
	}
	if n < 0 {
		if start < 0 || hasStop && stop < 0 {
			ev.errorf(r.Src.At(open), "%s: negative indices need a group whose size is known", quoted(r.Src))
			return
		}
		if !hasStop {
			stop = -1
		}
	} else {
		if start < 0 {
			start += n
		}
		if !hasStop {
			stop = n
		} else if stop < 0 && len(parts) == 2 {
			stop += n
		}
		if start < 0 || stop > n || start >= n {
			ev.errorf(r.Src.At(open), "%s is out of range: %s has %s", quoted(r.Src), r.Name, count(n, noun))
			return
		}
	}
	if stop >= 0 && stop <= start {
		ev.errorf(r.Src.At(open), "%s selects no %ss", quoted(r.Src), noun)
		return
	}
	r.Slice, r.Start, r.Stop = true, start, stop
}

func (ev *evaluator) checkNeurons(n *Neurons, ents map[string]*entity) {
	events := append([]string{"spike"}, eventNames(n.Events)...)
	for _, e := range n.OnEvent {
		if e.Event.IsSet() && !slices.Contains(events, e.Event.Text) {
			ev.errorf(e.Event.Pos, "'%s' is not an event of '%s'%s (its events are %s)", e.Event.Text, n.Name.Text, didYouMean(e.Event.Text, events), strings.Join(events, ", "))
		}
	}
	for _, r := range n.RunRegularly {
		ev.positive(r.Dt, "dt")
	}
	for _, l := range n.Linked {
		if l.Group == "" {
			continue
		}
		if _, ok := ents[l.Group]; !ok || !slices.Contains(groupKinds, ents[l.Group].kind) {
			ev.unknownRef(l.Value.Pos, l.Group, ents, groupKinds, "a linked variable's group")
		}
	}
	if n.Refractory.Const && n.Refractory.Value.Value < 0 {
		ev.errorf(n.Refractory.Src.Pos, "refractory must not be negative, but %s is", quoted(n.Refractory.Src))
	}
}

func (ev *evaluator) checkSpikeGen(s *SpikeGen) {
	if s.Indices != nil && s.Times != nil && len(s.Indices) != len(s.Times) {
		ev.errorf(s.Pos, "[[spikegen]] '%s' has %d indices but %d times: give one index for each time", s.Name.Text, len(s.Indices), len(s.Times))
	}
	for k, i := range s.Indices {
		if s.N.Value > 0 && i >= s.N.Value {
			ev.errorf(ev.f.Pos("spikegen", ev.spikegenIndex(s), "indices", k), "index %d is out of range: '%s' has %s", i, s.Name.Text, count(s.N.Value, "neuron"))
		}
	}
	for k, t := range s.Times {
		if t < 0 || t != t {
			ev.errorf(ev.f.Pos("spikegen", ev.spikegenIndex(s), "times", k), "spike times must not be negative, but this one is %g", t)
		}
	}
	if s.Period.Const && s.Period.Value.Value < 0 {
		ev.errorf(s.Period.Src.Pos, "period must not be negative, but %s is", quoted(s.Period.Src))
	}
}

func (ev *evaluator) spikegenIndex(s *SpikeGen) int {
	return slices.Index(ev.f.SpikeGens, s)
}

func sectionNames(s *Spatial) []string {
	var out []string
	for _, sec := range s.Sections {
		out = append(out, sec.Name.Text)
	}
	return out
}

func (ev *evaluator) checkSpatial(s *Spatial) {
	secs := map[string]*Section{}
	var names []string
	total := 0
	for k, sec := range s.Sections {
		count := max(1, sec.N.Value)
		if sec.Name.IsSet() {
			if first, dup := secs[sec.Name.Text]; dup {
				ev.errorf(sec.Name.Pos, "duplicate section name '%s': the section on line %d has it already", sec.Name.Text, first.Pos.Line)
			} else if !isIdent(sec.Name.Text) {
				ev.errorf(sec.Name.Pos, "section name %s is not a name: use letters, digits and _", quoted(sec.Name))
			}
		}
		switch {
		case k == 0 && sec.Parent.IsSet():
			ev.errorf(sec.Parent.Pos, "the first section is the root of the tree: it has no parent")
		case k > 0 && !sec.Parent.IsSet():
			ev.errorf(sec.Pos, "missing key 'parent' in [[spatial.sections]] '%s' of '%s': every section but the first hangs from an earlier one", sec.Name.Text, s.Name.Text)
		case k > 0:
			if _, ok := secs[sec.Parent.Text]; !ok {
				later := false
				for _, o := range s.Sections[k:] {
					later = later || o.Name.Text == sec.Parent.Text
				}
				if later {
					ev.errorf(sec.Parent.Pos, "parent '%s' is defined later: a section's parent must come before it", sec.Parent.Text)
				} else {
					ev.errorf(sec.Parent.Pos, "unknown section '%s'%s", sec.Parent.Text, didYouMean(sec.Parent.Text, sectionNames(s)))
				}
			}
		}
		if sec.Name.IsSet() {
			if _, dup := secs[sec.Name.Text]; !dup {
				secs[sec.Name.Text] = sec
				names = append(names, sec.Name.Text)
			}
		}
		ev.checkGeometry(sec, s)
		total += count
	}
	for _, op := range s.Set {
		var sec *Section
		if op.Section.IsSet() && len(s.Sections) > 0 {
			var ok bool
			if sec, ok = secs[op.Section.Text]; !ok {
				ev.errorf(op.Section.Pos, "unknown section '%s'%s", op.Section.Text, didYouMean(op.Section.Text, names))
				continue
			}
		}
		if op.Index.IsSet() {
			switch {
			case sec != nil && op.Index.Value >= max(1, sec.N.Value):
				ev.errorf(op.Index.Src.Pos, "index %d is out of range: section '%s' has %s", op.Index.Value, sec.Name.Text, count(max(1, sec.N.Value), "compartment"))
			case !op.Section.IsSet() && len(s.Sections) > 0 && op.Index.Value >= total:
				ev.errorf(op.Index.Src.Pos, "index %d is out of range: '%s' has %s", op.Index.Value, s.Name.Text, count(total, "compartment"))
			}
		}
	}
	if s.Cm.Const {
		ev.positive(s.Cm, "Cm")
	}
	if s.Ri.Const {
		ev.positive(s.Ri, "Ri")
	}
}

// checkGeometry checks that a section has the sizes its type needs.
func (ev *evaluator) checkGeometry(sec *Section, s *Spatial) {
	what := fmt.Sprintf("[[spatial.sections]] '%s' of '%s'", sec.Name.Text, s.Name.Text)
	n := max(1, sec.N.Value)
	coords := sec.X.IsSet() || sec.Y.IsSet() || sec.Z.IsSet()
	for _, l := range []struct {
		l   Lengths
		key string
	}{{sec.Diameter, "diameter"}, {sec.Length, "length"}} {
		for _, q := range l.l.Values {
			if q.Const && q.Value.Value < 0 {
				ev.errorf(q.Src.Pos, "a %s must not be negative, but it is %s", l.key, quoted(q.Src))
			}
		}
	}
	count := func(l Lengths, key string, want int) {
		if !l.IsSet() {
			return
		}
		per := "point"
		if key == "length" {
			per = "compartment"
		}
		got := len(l.Values)
		if !l.Array {
			ev.errorf(l.Pos, "%s of a section of type \"section\" must be an array of %d lengths, one per %s", key, want, per)
		} else if got != want {
			ev.errorf(l.Pos, "%s must have %d values for %s, one per %s, but it has %d", key, want, count(n, "compartment"), per, got)
		}
	}
	switch sec.Type.Text {
	case "soma":
		if !sec.Diameter.IsSet() {
			ev.errorf(sec.Pos, "missing key 'diameter' in %s", what)
		}
		if sec.Diameter.Array {
			ev.errorf(sec.Diameter.Pos, "the diameter of a soma is one length, not an array")
		}
		if sec.N.IsSet() && sec.N.Value != 1 {
			ev.errorf(sec.N.Src.Pos, "a soma is one compartment: leave out n")
		}
		if sec.Length.IsSet() {
			ev.errorf(sec.Length.Pos, "a soma is a sphere: it has a diameter but no length")
		}
	case "cylinder":
		if !sec.Diameter.IsSet() {
			ev.errorf(sec.Pos, "missing key 'diameter' in %s", what)
		}
		if sec.Diameter.Array {
			ev.errorf(sec.Diameter.Pos, "the diameter of a cylinder is one length: use type = \"section\" for one diameter per point")
		}
		if !sec.Length.IsSet() && !coords {
			ev.errorf(sec.Pos, "missing key 'length' in %s (or give its coordinates x, y, z)", what)
		}
		if sec.Length.Array {
			ev.errorf(sec.Length.Pos, "the length of a cylinder is one length: use type = \"section\" for one length per compartment")
		}
	case "section":
		if !sec.Diameter.IsSet() {
			ev.errorf(sec.Pos, "missing key 'diameter' in %s: one per point, n+1 in all", what)
		}
		count(sec.Diameter, "diameter", n+1)
		if !sec.Length.IsSet() && !coords {
			ev.errorf(sec.Pos, "missing key 'length' in %s (one per compartment), or the coordinates x, y, z", what)
		}
		count(sec.Length, "length", n)
		for _, c := range []struct {
			l   Lengths
			key string
		}{{sec.X, "x"}, {sec.Y, "y"}, {sec.Z, "z"}} {
			count(c.l, c.key, n+1)
		}
	}
}

func (ev *evaluator) checkMonitor(m *Monitor, ents map[string]*entity) {
	kinds := watchedKinds
	switch m.Type.Text {
	case "spike", "rate":
		kinds = spikingKinds
	case "event":
		kinds = []string{"neurons", "spatial"}
	}
	if !m.Source.IsSet() {
		return
	}
	e := ev.ref(&m.Source, "source", ents, kinds)
	if e == nil {
		return
	}
	if m.Type.Text == "event" && m.Event.IsSet() && e.neurons != nil {
		events := append([]string{"spike"}, e.events...)
		if !slices.Contains(events, m.Event.Text) {
			ev.errorf(m.Event.Pos, "'%s' is not an event of '%s'%s (its events are %s)", m.Event.Text, e.name.Text, didYouMean(m.Event.Text, events), strings.Join(events, ", "))
		}
	}
	ev.positive(m.Dt, "dt")
}

func (ev *evaluator) checkPlot(p *Plot, ents map[string]*entity) {
	if p.Monitor.IsSet() {
		e, ok := ents[p.Monitor.Text]
		if !ok || e.kind != "monitors" {
			ev.unknownRef(p.Monitor.Pos, p.Monitor.Text, ents, []string{"monitors"}, "monitor")
			return
		}
		want := map[string][]string{"raster": {"spike", "event"}, "trace": {"state"}, "xy": {"state"}, "rate": {"rate"}}[p.Type.Text]
		if mt := e.monitor.Type.Text; want != nil && !slices.Contains(want, mt) {
			ev.errorf(p.Monitor.Pos, "a %s plot draws a monitor of type %s, but '%s' is of type %q", p.Type.Text, strings.Join(quoteAll(want), " or "), p.Monitor.Text, mt)
			return
		}
		if e.monitor.Type.Text == "state" {
			var vars []string
			for _, v := range e.monitor.Variables {
				vars = append(vars, v.Text)
			}
			for _, v := range []String{p.Variable, p.X, p.Y} {
				if v.IsSet() && !slices.Contains(vars, v.Text) && v.Text != "t" {
					ev.errorf(v.Pos, "monitor '%s' does not record '%s'%s (it records %s)", p.Monitor.Text, v.Text, didYouMean(v.Text, vars), strings.Join(vars, ", "))
				}
			}
		}
	}
	if p.Source.IsSet() {
		if e, ok := ents[p.Source.Text]; !ok || e.kind != "spatial" {
			ev.unknownRef(p.Source.Pos, p.Source.Text, ents, []string{"spatial"}, "source")
		}
	}
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}

func (ev *evaluator) checkControl(c *Control, ents map[string]*entity) {
	if c.Var == "" {
		return
	}
	var want *units.Dim
	if c.Group == "" {
		k, ok := ev.f.Constant(c.Var)
		if !ok {
			var names []string
			for _, k := range ev.f.Constants {
				names = append(names, k.Name)
			}
			ev.errorf(c.Param.Pos, "unknown constant '%s'%s", c.Var, didYouMean(c.Var, names))
			return
		}
		if ev.bad[c.Var] {
			return
		}
		want = &k.Value.Dim
	} else if e, ok := ents[c.Group]; !ok || !slices.Contains(watchedKinds, e.kind) {
		ev.unknownRef(c.Param.Pos, c.Group, ents, watchedKinds, "the group of param")
		return
	}
	bad := false
	for _, b := range []struct {
		q   Quantity
		key string
	}{{c.Min, "min"}, {c.Max, "max"}, {c.Step, "step"}} {
		if b.q.IsSet() && !b.q.Const {
			bad = true
		}
		if b.q.Const && want != nil && b.q.Value.Dim != *want {
			ev.dimError(b.q.Src, b.key, c.Var, *want, b.q.Value.Dim)
			bad = true
		}
	}
	switch {
	case bad || !c.Min.Const || !c.Max.Const:
	case c.Min.Value.Dim != c.Max.Value.Dim:
		ev.errorf(c.Max.Src.Pos, "max is %s but min is %s: give them the same unit", inUnit(c.Max.Value.Dim), inUnit(c.Min.Value.Dim))
	case !(c.Min.Value.Value < c.Max.Value.Value):
		ev.errorf(c.Max.Src.Pos, "max must be more than min, but %s is not more than %s", quoted(c.Max.Src), quoted(c.Min.Src))
	case c.Step.Const && c.Step.Value.Dim != c.Min.Value.Dim:
		ev.errorf(c.Step.Src.Pos, "step is %s but min and max are %s: give them the same unit", inUnit(c.Step.Value.Dim), inUnit(c.Min.Value.Dim))
	}
	if c.Step.IsSet() {
		ev.positive(c.Step, "step")
	}
}

func (ev *evaluator) setting(st Setting, ents map[string]*entity) {
	if st.Group == "" {
		if _, ok := ev.f.Constant(st.Var); !ok {
			var names []string
			for _, c := range ev.f.Constants {
				names = append(names, c.Name)
			}
			hint := didYouMean(st.Var, names)
			if hint == "" {
				hint = ": set a constant, or a group's variable as group.variable"
			}
			ev.errorf(st.KeyPos, "unknown constant '%s'%s", st.Var, hint)
		}
		return
	}
	if e, ok := ents[st.Group]; !ok || !slices.Contains(watchedKinds, e.kind) {
		ev.unknownRef(st.KeyPos, st.Group, ents, watchedKinds, "the group of a setting")
		return
	} else if st.Index >= 0 && e.size >= 0 && st.Index >= e.size {
		ev.errorf(st.KeyPos, "index %d is out of range: '%s' has %s", st.Index, st.Group, count(e.size, "element"))
	}
}

// count writes n things: "1 neuron", "4000 neurons".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// valueIs says what a value is: "it is 1.5" for a number, "\"2*x\" is 1.5"
// for an expression.
func valueIs(s String, v float64) string {
	if s.FromNumber {
		return "it is " + s.Text
	}
	return fmt.Sprintf("%s is %g", quoted(s), v)
}
