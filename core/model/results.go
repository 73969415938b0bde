package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/units"
)

// Results is the results JSON of CONTRACT.md: every number in SI base
// units, each variable with its unit.
type Results struct {
	Model        string                    `json:"model"`
	Dt           float64                   `json:"dt"`
	Duration     float64                   `json:"duration"`
	Seed         uint64                    `json:"seed"`
	BuildSeconds float64                   `json:"build_seconds"`
	WallSeconds  float64                   `json:"wall_seconds"`
	Monitors     map[string]MonitorResults `json:"monitors"`
	Synapses     map[string]SynapseResults `json:"synapses,omitempty"`
	Groups       map[string]GroupResults   `json:"groups,omitempty"`
	Error        string                    `json:"error,omitempty"` // set when the run stopped early
}

// MonitorResults is one monitor's recording, with the fields of its type
// (CONTRACT.md): spike and event monitors have i, t and count; state
// monitors t, record and variables; rate monitors t and rate. Empty
// recordings are empty arrays, never missing.
type MonitorResults map[string]any

// Floats marshals like []float64, except that NaN and infinities, which
// JSON cannot hold, become null: a run that blew up still writes what it
// recorded.
type Floats []float64

// MarshalJSON writes the numbers as encoding/json does, and null for
// non-finite ones.
func (f Floats) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 2+len(f)*10)
	b = append(b, '[')
	for i, v := range f {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendFloat(b, v)
	}
	return append(b, ']'), nil
}

// appendFloat formats v as encoding/json formats a float64.
func appendFloat(b []byte, v float64) []byte {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	abs := math.Abs(v)
	format := byte('f')
	if abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, v, format, -1, 64)
	if format == 'e' {
		// clean up e-09 to e-9, as encoding/json does
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// Recorded is a recorded or final variable: its unit and its values.
type Recorded struct {
	Unit   string `json:"unit"`
	Values any    `json:"values"` // []float64 per element, or [][]float64 per recorded element
}

// SynapseResults describes a Synapses object after the run.
type SynapseResults struct {
	Count     int                 `json:"count"`
	Variables map[string]Recorded `json:"variables,omitempty"`
}

// GroupResults holds a group's final state.
type GroupResults struct {
	N         int                 `json:"N"`
	Variables map[string]Recorded `json:"variables"`
}

// UnitSymbol is the symbol results use for a dimension: Brian2's display
// name of the unscaled unit ("V", "A", "S", "Hz", "m^2", "mM"), its plain
// dimension display where no unit is registered ("m^-2 A"), and "1" for
// dimensionless values.
func UnitSymbol(d units.Dim) string {
	if d.IsDimensionless() {
		return "1"
	}
	s := units.Quantity{Value: 1, Dim: d}.String()
	return strings.TrimPrefix(s, "1. ")
}

// Results collects what the run recorded. wall is the simulation loop's
// wall-clock time; finalState adds every group's final values.
func (b *Built) Results(wall float64, finalState bool) *Results {
	r := &Results{
		Model:        b.File.Model.Name.Text,
		Dt:           b.Net.DT,
		Duration:     b.Net.T(),
		Seed:         b.Seed,
		BuildSeconds: b.Build.Seconds(),
		WallSeconds:  wall,
		Monitors:     map[string]MonitorResults{},
	}
	for _, m := range b.Monitors {
		mr := MonitorResults{"type": m.Type, "source": m.Source}
		switch {
		case m.Spike != nil:
			mr["i"], mr["t"], mr["count"] = nonNil32(m.Spike.I), Floats(m.Spike.T), nonNilInt(m.Spike.Count)
			if m.Event != "" {
				mr["event"] = m.Event
			}
			if len(m.Spike.Variables) > 0 {
				vars := map[string]Recorded{}
				for vi, v := range m.Spike.Variables {
					vars[v] = Recorded{Unit: UnitSymbol(m.Spike.Units[vi]), Values: Floats(m.Spike.Values[vi])}
				}
				mr["variables"] = vars
			}
		case m.Rate != nil:
			mr["t"], mr["rate"] = Floats(m.Rate.T), Floats(m.Rate.Rate)
		case m.State != nil:
			mr["t"], mr["record"] = Floats(m.State.T), nonNilInt(m.State.Record)
			vars := map[string]Recorded{}
			for vi, v := range m.State.Variables {
				rows := make([]Floats, len(m.State.Values[vi]))
				for i, row := range m.State.Values[vi] {
					rows[i] = Floats(row)
				}
				vars[v] = Recorded{Unit: UnitSymbol(m.State.Units[vi]), Values: rows}
			}
			mr["variables"] = vars
		}
		r.Monitors[m.Name] = mr
	}
	if len(b.Synapses) > 0 {
		r.Synapses = map[string]SynapseResults{}
		for name, syn := range b.Synapses {
			sr := SynapseResults{Count: syn.Count()}
			if finalState {
				sr.Variables = map[string]Recorded{}
				for _, v := range syn.VariableNames() {
					vals, err := syn.Values(v)
					if err != nil {
						continue
					}
					d, _ := syn.Dim(v)
					sr.Variables[v] = Recorded{Unit: UnitSymbol(d), Values: Floats(append([]float64(nil), vals...))}
				}
			}
			r.Synapses[name] = sr
		}
	}
	if finalState {
		r.Groups = map[string]GroupResults{}
		for name, g := range b.Groups {
			gr := GroupResults{N: g.N, Variables: map[string]Recorded{}}
			for _, v := range g.VariableNames() {
				vals, _ := g.Values(v)
				d, _ := g.Dim(v)
				gr.Variables[v] = Recorded{Unit: UnitSymbol(d), Values: Floats(append([]float64(nil), vals...))}
			}
			r.Groups[name] = gr
		}
	}
	return r
}

// nonNil32 and nonNilInt make empty recordings print as [] rather than
// null.
func nonNilInt(x []int) []int {
	if x == nil {
		return []int{}
	}
	return x
}

func nonNil32(x []int32) []int32 {
	if x == nil {
		return []int32{}
	}
	return x
}
