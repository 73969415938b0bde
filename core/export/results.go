package export

import (
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/model"
)

// monitors writes the monitors, and remembers how the results give each.
func (e *exporter) monitors() []string {
	var entries []string
	for _, m := range e.f.Monitors {
		v := e.vars[m.Name.Text]
		// The results name the source group, also of a slice, as myelin's.
		src := m.Source.Name
		e.section(fmt.Sprintf("[[monitors]] '%s': %s of %s", m.Name.Text, m.Type.Text, strings.TrimSpace(m.Source.Src.Text)))
		var vars []string
		for _, x := range m.Variables {
			vars = append(vars, pyStr(x.Text))
		}
		varList := "[" + strings.Join(vars, ", ") + "]"
		name := "name=" + pyStr(m.Name.Text)
		switch m.Type.Text {
		case "spike", "event":
			args := []string{e.ref(m.Source)}
			fn := e.b2("SpikeMonitor")
			res := []string{v, pyStr(src)}
			if m.Type.Text == "event" {
				fn = e.b2("EventMonitor")
				args = append(args, pyStr(m.Event.Text))
			}
			if len(vars) > 0 {
				args = append(args, "variables="+varList)
				res = append(res, "variables="+varList)
			}
			if m.Type.Text == "event" {
				res = append(res, "event="+pyStr(m.Event.Text))
			}
			if m.Record.IsSet() && !m.Record.All {
				if len(m.Record.Indices) == 0 {
					args = append(args, "record=False")
				} else {
					e.raw(wrapComment("", "record = "+quoteInts(m.Record.Indices)+": Brian2 records the spikes of every neuron, the results keep those of these."))
					res = append(res, "keep="+quoteInts(m.Record.Indices))
				}
			}
			if m.Dt.IsSet() {
				e.raw(wrapComment("", "dt = "+m.Dt.Src.Text+": Brian2 and myelin record spikes as they happen, at every time step."))
			}
			args = append(args, name)
			e.call(v, fn, args...)
			entries = append(entries, wrapCall("", e.in["spike_results"], res))
		case "state":
			args := []string{e.ref(m.Source), varList}
			record := "True"
			switch {
			case !m.Record.IsSet():
				// Brian2 requires record; myelin records nothing without it.
				e.raw(wrapComment("", "No record in the model: nothing is recorded, as in myelin."))
				record = "False"
			case !m.Record.All && len(m.Record.Indices) == 0:
				record = "False"
			case !m.Record.All:
				record = quoteInts(m.Record.Indices)
			}
			syn := e.synapsesNamed(m.Source.Name)
			if syn && record == "True" && !m.Source.Slice {
				e.raw(wrapComment("", "A standalone device cannot record every synapse (it does not know them before the run): give record a list of synapses for one."))
			}
			if syn && m.Source.Slice && record != "False" {
				// A StateMonitor cannot watch a slice of synapses: it records
				// those synapses by index.
				args[0] = e.vars[m.Source.Name]
				record = e.synapseRecord(m)
			}
			if len(record) > maxLine-30 {
				rv := e.names.claim(m.Name.Text + "_record")
				e.raw(wrapList("", rv+" = ", strings.Split(strings.Trim(record, "[]"), ", "), ""))
				record = rv
			}
			args = append(args, "record="+record)
			if m.Dt.IsSet() {
				args = append(args, "dt="+e.quantity(m.Dt))
			}
			args = append(args, name)
			e.call(v, e.b2("StateMonitor"), args...)
			entries = append(entries, wrapCall("", e.in["state_results"], []string{v, pyStr(src), varList}))
		case "rate":
			res := []string{v, pyStr(src)}
			if m.Dt.IsSet() {
				e.raw(wrapComment("", "dt = "+m.Dt.Src.Text+": Brian2 and myelin record the rate at every time step."))
			}
			e.call(v, e.b2("PopulationRateMonitor"), e.ref(m.Source), name)
			entries = append(entries, wrapCall("", e.in["rate_results"], res))
		}
	}
	return entries
}

func (e *exporter) synapsesNamed(name string) bool {
	for _, s := range e.f.Synapses {
		if s.Name.Text == name {
			return true
		}
	}
	return false
}

// synapseRecord writes the synapses that a state monitor of a slice of
// synapses records.
func (e *exporter) synapseRecord(m *model.Monitor) string {
	r := m.Source
	if m.Record.IsSet() && !m.Record.All {
		idx := make([]int, len(m.Record.Indices))
		for k, x := range m.Record.Indices {
			idx[k] = r.Start + x
		}
		return quoteInts(idx)
	}
	if r.Stop < 0 {
		return fmt.Sprintf("%s.arange(%d, len(%s))", e.np(), r.Start, e.vars[r.Name])
	}
	return fmt.Sprintf("%s.arange(%d, %d)", e.np(), r.Start, r.Stop)
}

// schedule writes the runs: the [[schedule]], or one run of the duration.
func (e *exporter) schedule() {
	in := e.in
	e.section("The network and its runs.")
	e.w("%s = %s(%s())", in["net"], e.b2("Network"), e.b2("collect"))
	if len(e.f.Schedule) == 0 {
		if !e.f.Run.Duration.IsSet() {
			pos := e.f.Run.Pos
			if !pos.IsValid() {
				pos = e.f.Pos()
			}
			e.errorf(pos, "the model has no duration in [run] and no [[schedule]]: give one of them")
			return
		}
		e.w("%s(%s)", in["simulate"], e.quantity(e.f.Run.Duration))
	} else {
		for k, st := range e.f.Schedule {
			if k > 0 && len(st.Set) > 0 {
				e.blank()
			}
			if st.Run.IsSet() {
				e.w("%s(%s)", in["simulate"], e.quantity(st.Run))
			}
			for _, s := range st.Set {
				e.setting(s)
			}
		}
	}
	e.blank()
	e.w("if %s:", in["standalone"])
	e.raw(wrapComment("    ", "Build and run the project in a temporary directory (give "+
		"one to keep it). Brian2 times the loop of the last run only."))
	e.w("    %s.build(directory=None)", e.b2("device"))
	e.w("    %s = getattr(%s(), '_last_run_time', 0.0)", in["wall_seconds"], e.b2("get_device"))
	e.w("%s = %s.perf_counter() - %s - %s", in["build_seconds"], in["time"], in["start"], in["wall_seconds"])
}

// results writes the results JSON.
func (e *exporter) results(entries []string) {
	in := e.in
	e.section("The results JSON, as myelin run writes it: SI units; the seed " +
		"is the model's, though Brian2 draws other random numbers from it.")
	seed := "1"
	if e.f.Run.Seed.IsSet() {
		seed = e.integer(e.f.Run.Seed)
	}
	e.w("%s = {", in["results"])
	e.w("    'model': %s,", pyStr(e.f.Model.Name.Text))
	e.w("    'dt': float(%s.dt),", e.b2("defaultclock"))
	e.w("    'duration': float(%s.t),", in["net"])
	e.w("    'seed': %s,", seed)
	e.w("    'build_seconds': %s,", in["build_seconds"])
	e.w("    'wall_seconds': %s,", in["wall_seconds"])
	if len(e.f.Monitors) == 0 {
		e.w("    'monitors': {},")
	} else {
		e.w("    'monitors': {")
		for k, m := range e.f.Monitors {
			e.entry("        ", pyStr(m.Name.Text), entries[k])
		}
		e.w("    },")
	}
	e.w("}")
	if e.opt.FinalState {
		e.finalState()
	}
	e.w("%s(%s, %s)", in["write_results"], in["results"], in["output"])
}

// entry writes key: value, in a dict, with value on the lines after the
// key when it does not fit.
func (e *exporter) entry(indent, key, value string) {
	value = strings.TrimSpace(value)
	if !strings.Contains(value, "\n") && len(indent+key+": "+value+",") <= maxLine {
		e.w("%s%s: %s,", indent, key, value)
		return
	}
	// Re-wrap the call with the deeper indent.
	open := strings.IndexByte(value, '(')
	if open < 0 || !strings.HasSuffix(value, ")") {
		e.w("%s%s: %s,", indent, key, value)
		return
	}
	fn := value[:open]
	args := splitArgs(value[open+1 : len(value)-1])
	e.w("%s%s: %s(", indent, key, fn)
	e.raw(pack(indent+"    ", args, "),"))
}

// splitArgs splits the arguments of a call written by wrapCall at its
// top-level commas.
func splitArgs(s string) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case c == ',' && depth == 0:
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// finalState writes the final values of groups and synapses into the
// results (--final-state).
func (e *exporter) finalState() {
	in := e.in
	fn := in["group_results"]
	if len(e.f.Synapses) > 0 {
		e.w("%s['synapses'] = {", in["results"])
		for _, s := range e.f.Synapses {
			m := e.modelVars[s.Name.Text]
			if m == "" {
				m = "''"
			}
			e.entry("    ", pyStr(s.Name.Text), fn+"("+e.vars[s.Name.Text]+", "+m+", 'count')")
		}
		e.w("}")
	}
	var groups []string
	for _, name := range e.entities() {
		m := e.modelVars[name]
		switch {
		case e.synapsesNamed(name) || e.monitorNamed(name) || e.poissonInputNamed(name):
			continue
		case e.spatialNamed(name):
			groups = append(groups, pyStr(name)+"\x00"+fn+"("+e.vars[name]+", "+m+", spatial=True)")
		case m != "":
			groups = append(groups, pyStr(name)+"\x00"+fn+"("+e.vars[name]+", "+m+")")
		default:
			groups = append(groups, pyStr(name)+"\x00"+fn+"("+e.vars[name]+")")
		}
	}
	if len(groups) > 0 {
		e.w("%s['groups'] = {", in["results"])
		for _, g := range groups {
			k, v, _ := strings.Cut(g, "\x00")
			e.entry("    ", k, v)
		}
		e.w("}")
	}
}

func (e *exporter) monitorNamed(name string) bool {
	for _, m := range e.f.Monitors {
		if m.Name.Text == name {
			return true
		}
	}
	return false
}

func (e *exporter) poissonInputNamed(name string) bool {
	for _, p := range e.f.PoissonInputs {
		if p.Name.Text == name {
			return true
		}
	}
	return false
}

func (e *exporter) spatialNamed(name string) bool {
	for _, s := range e.f.Spatial {
		if s.Name.Text == name {
			return true
		}
	}
	return false
}
