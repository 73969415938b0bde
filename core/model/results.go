package model

import (
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

// MonitorResults is one monitor's recording. Which fields are present
// depends on the type: spike and event (i, t, count), state (t, record,
// variables), rate (t, rate).
type MonitorResults struct {
	Type      string              `json:"type"`
	Event     string              `json:"event,omitempty"`
	Source    string              `json:"source"`
	I         []int32             `json:"i,omitempty"`
	T         []float64           `json:"t"`
	Count     []int               `json:"count,omitempty"`
	Record    []int               `json:"record,omitempty"`
	Variables map[string]Recorded `json:"variables,omitempty"`
	Rate      []float64           `json:"rate,omitempty"`
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
		mr := MonitorResults{Type: m.Type, Source: m.Source}
		switch {
		case m.Spike != nil:
			mr.I, mr.T, mr.Count = nonNil32(m.Spike.I), nonNilF(m.Spike.T), m.Spike.Count
		case m.Rate != nil:
			mr.T, mr.Rate = nonNilF(m.Rate.T), nonNilF(m.Rate.Rate)
		case m.State != nil:
			mr.T, mr.Record = nonNilF(m.State.T), m.State.Record
			mr.Variables = map[string]Recorded{}
			for vi, v := range m.State.Variables {
				rows := m.State.Values[vi]
				for i := range rows {
					rows[i] = nonNilF(rows[i])
				}
				mr.Variables[v] = Recorded{Unit: UnitSymbol(m.State.Units[vi]), Values: rows}
			}
		}
		r.Monitors[m.Name] = mr
	}
	if finalState {
		r.Groups = map[string]GroupResults{}
		for name, g := range b.Groups {
			gr := GroupResults{N: g.N, Variables: map[string]Recorded{}}
			for _, v := range g.VariableNames() {
				vals, _ := g.Values(v)
				d, _ := g.Dim(v)
				gr.Variables[v] = Recorded{Unit: UnitSymbol(d), Values: append([]float64(nil), vals...)}
			}
			r.Groups[name] = gr
		}
	}
	return r
}

// nonNil makes empty recordings print as [] rather than null.
func nonNilF(x []float64) []float64 {
	if x == nil {
		return []float64{}
	}
	return x
}

func nonNil32(x []int32) []int32 {
	if x == nil {
		return []int32{}
	}
	return x
}
