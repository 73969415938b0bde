package model

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
)

// A front end (the app's sliders, the JavaScript API's set) changes
// constants while a model runs. Brian2's meaning is that of a Python
// variable assigned between two run() calls: the code that runs from then
// on sees the new value, while what was computed before (group sizes,
// synapses connected, delays, initial values) stays as it was. A constant
// used only by code that runs during the simulation can therefore be a
// live one-element column (live.go), which a change simply writes. A
// constant that also fixes the structure of the network cannot: changing
// it means building the network again.

// ConstantUse says what a change of a constant needs, from the places the
// file uses it (and the constants computed from it).
type ConstantUse int

const (
	// UseRuntime: only code that runs during the simulation (equations,
	// threshold, reset, refractory, events, on_pre/on_post, run_regularly,
	// on_event code, Poisson rates, PoissonInput weights) uses it, or
	// nothing does. A live column follows every change.
	UseRuntime ConstantUse = iota
	// UseInit: initial values use it too ([neurons.init], [synapses.init],
	// [spatial.init], [[spatial.set]]). Those are applied once, when the
	// network is built: before the run begins a change must rebuild; after,
	// it changes what runs from then on, and the initial values already
	// applied stay (as in Brian2, and as a rebuild that keeps the running
	// state would leave them).
	UseInit
	// UseStructure: something the build fixes uses it (a group's N,
	// connect conditions and probabilities, synaptic delays, Cm or Ri,
	// morphologies, monitors, dt, timed arrays, PoissonInput rates, a
	// [[schedule]] step's run duration, the coefficients of equations
	// that exact integration needs as numbers (liveinteg.go) ...). A
	// change must rebuild the network.
	UseStructure
)

// useOfField classifies the fields of the file's tables, as
// "Type.Field"; fields not listed are structural. Fields of the tables
// that the simulation never reads (the model's name and description,
// plots, controls, the schedule's sets, whose values are evaluated when
// they run) are skipped in [File.ConstantUse]; the schedule's run
// durations are structural, checked there.
var useOfField = map[string]ConstantUse{
	"Neurons.Model": UseRuntime, "Neurons.Threshold": UseRuntime, "Neurons.Reset": UseRuntime,
	"Neurons.Refractory": UseRuntime, "Neurons.Events": UseRuntime,
	"RunRegularly.Code": UseRuntime, "OnEvent.Code": UseRuntime,
	"Synapses.Model": UseRuntime, "Synapses.OnPre": UseRuntime, "Synapses.OnPost": UseRuntime,
	"Poisson.Rates":       UseRuntime, // constant rates follow a live constant (followRates)
	"PoissonInput.Weight": UseRuntime,
	"Spatial.Model":       UseRuntime, "Spatial.Threshold": UseRuntime, "Spatial.Reset": UseRuntime,
	"Spatial.Refractory": UseRuntime,

	"Neurons.Init": UseInit, "Synapses.Init": UseInit, "Spatial.Init": UseInit, "Spatial.Set": UseInit,
}

// skippedTables are the tables of File that the simulation does not read
// when it is built.
var skippedTables = map[string]bool{
	"Name": true, "Src": true, "Model": true, "Constants": true, "Plots": true,
	"Controls": true, "Schedule": true, "Overrides": true,
}

var identRe = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// ConstantUse returns how the file uses the constant name, or the
// constants computed from it (directly or through others), and where the
// most demanding use is ("[[synapses]] 'Ce' connect.p"). The search is by
// name in every value the build reads, so a name that only looks like the
// constant's (a group of the same name) counts as a use: it errs on the
// side of rebuilding.
func (f *File) ConstantUse(name string) (use ConstantUse, where string) {
	names := map[string]bool{name: true}
	for _, c := range f.Constants {
		if names[c.Name] {
			continue
		}
		if x, err := expr.ParseExpr(c.Src.Text); err == nil {
			for _, n := range expr.Names(x) {
				if names[n] {
					names[c.Name] = true
					break
				}
			}
		}
	}
	fv := reflect.ValueOf(f).Elem()
	ft := fv.Type()
	for k := range ft.NumField() {
		fd := ft.Field(k)
		if !fd.IsExported() || skippedTables[fd.Name] {
			continue
		}
		scanUses(fv.Field(k), tableWord(fd.Name), nil, -1, names, &use, &where)
		if use == UseStructure {
			break
		}
	}
	if use < UseStructure {
		// A [[schedule]] step's run duration fixes the steps of the
		// program when it begins (the sets' values are evaluated when
		// they run, and are skipped).
		for k, st := range f.Schedule {
			if mentionsAny(st.Run.Src.Text, names) {
				return UseStructure, fmt.Sprintf("[[schedule]] step %d run", k+1)
			}
		}
		// The integration of a group that needs the value
		// (liveinteg.go).
		if w := f.integrationUse(names); w != "" {
			use, where = UseStructure, w
		}
	}
	return use, where
}

// tableWord is how a field of File is written in the file.
func tableWord(field string) string {
	switch field {
	case "Run":
		return "[run]"
	case "PoissonInputs":
		return "[[poisson_input]]"
	case "SpikeGens":
		return "[[spikegen]]"
	case "TimedArrays":
		return "[[timed_array]]"
	}
	return "[[" + strings.ToLower(field) + "]]"
}

// scanUses walks v, a value of the file, raising *use to the class of
// every String that mentions one of names. class is the class fixed by a
// field above (-1: not yet); path names the fields from the table down.
func scanUses(v reflect.Value, table string, path []string, class ConstantUse, names map[string]bool, use *ConstantUse, where *string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			scanUses(v.Elem(), table, path, class, names, use, where)
		}
	case reflect.Slice, reflect.Array:
		for k := range v.Len() {
			scanUses(v.Index(k), table, path, class, names, use, where)
		}
	case reflect.Struct:
		t := v.Type()
		if t == reflect.TypeOf(String{}) {
			s := v.Interface().(String)
			if class < 0 {
				class = UseStructure
			}
			if class <= *use && *where != "" {
				return
			}
			for _, id := range identRe.FindAllString(s.Text, -1) {
				if names[id] {
					*use = max(*use, class)
					*where = describeUse(table, v, path)
					return
				}
			}
			return
		}
		if t.Name() != "" && len(path) == 0 {
			// A table: remember its name for the message.
			if n := v.FieldByName("Name"); n.IsValid() && n.Type() == reflect.TypeOf(String{}) {
				if text := n.Interface().(String).Text; text != "" {
					table += " '" + text + "'"
				}
			}
		}
		for k := range t.NumField() {
			fd := t.Field(k)
			if !fd.IsExported() {
				continue
			}
			c := class
			if c < 0 {
				if u, ok := useOfField[t.Name()+"."+fd.Name]; ok {
					c = u
				}
			}
			p := path
			if fd.Name != "Table" && fd.Name != "Entry" && fd.Name != "Src" && fd.Name != "Value" && fd.Name != "Values" {
				p = append(append([]string(nil), path...), snake(fd.Name))
			}
			scanUses(v.Field(k), table, p, c, names, use, where)
		}
	}
}

// snake writes a field's name as the file's key: OnPre is on_pre.
func snake(name string) string {
	var b strings.Builder
	for k, r := range name {
		if r >= 'A' && r <= 'Z' {
			if k > 0 {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// describeUse names the place of a use: the table and the key.
func describeUse(table string, _ reflect.Value, path []string) string {
	if len(path) == 0 {
		return table
	}
	return table + " " + strings.Join(path, ".")
}

// LiveControls returns the constants of the file's [[controls]] that a
// live column can follow during a run (their use is below
// [UseStructure]), sorted: a front end builds with them live
// ([Options.Live]) so that a slider's change costs a write, not a rebuild.
func (f *File) LiveControls() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range f.Controls {
		if c.Group != "" || seen[c.Var] {
			continue
		}
		seen[c.Var] = true
		if _, ok := f.Constant(c.Var); !ok {
			continue
		}
		if use, _ := f.ConstantUse(c.Var); use < UseStructure {
			out = append(out, c.Var)
		}
	}
	sort.Strings(out)
	return out
}

// StructureError is the reason a change of a constant during a run cannot
// continue the run: the constant fixes part of the network's structure.
func StructureError(name, where string) error {
	return fmt.Errorf("%s is used by %s, which is fixed when the network is built", name, where)
}

// mentionsAny reports whether text has one of names as an identifier.
func mentionsAny(text string, names map[string]bool) bool {
	for _, id := range identRe.FindAllString(text, -1) {
		if names[id] {
			return true
		}
	}
	return false
}
