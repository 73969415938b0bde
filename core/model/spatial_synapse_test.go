package model

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// spatialSynapseSrc is scripts/brian2/spatial_active.py's "synapse" case as
// a model file: a SpikeGeneratorGroup with synapses onto single
// compartments of a ball-and-stick, a conductance onto compartment 60 and
// a current onto compartment 20 (point currents of the SpatialNeuron).
const spatialSynapseSrc = `
[run]
dt = "0.025*ms"
duration = "60*ms"

[constants]
EL = "-70*mV"
Es = "0*mV"
taus = "2*ms"
taue = "5*ms"

[[spatial]]
name = "cell"
model = """
Im = gL*(EL - v) : amp/meter**2
Is = gs*(Es - v) : amp (point current)
dgs/dt = -gs/taus : siemens
dIe/dt = -Ie/taue : amp (point current)
gL : siemens/meter**2
"""
Cm = "1*uF/cm**2"
Ri = "150*ohm*cm"
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"
[[spatial.sections]]
name = "dend"
parent = "soma"
type = "cylinder"
length = "1000*um"
diameter = "1*um"
n = 100
[spatial.init]
v = "EL"
gL = "1e-4*siemens/cm**2"

[[spikegen]]
name = "gen"
N = 1
indices = [0, 0, 0, 0, 0, 0]
times = [5, 8, 20, 21, 22, 40]
time_unit = "ms"

[[synapses]]
name = "syn_g"
source = "gen"
target = "cell"
model = "w : siemens"
on_pre = "gs_post += w"
[[synapses.connect]]
i = 0
j = 60
[synapses.init]
w = "2*nS"

[[synapses]]
name = "syn_i"
source = "gen"
target = "cell"
model = "we : amp"
on_pre = "Ie_post += we"
[[synapses.connect]]
i = 0
j = 20
[synapses.init]
we = "0.05*nA"

[[monitors]]
name = "trace"
type = "state"
source = "cell"
variables = ["v"]
record = [0, 20, 60]
dt = "0.1*ms"
`

// TestSpatialSynapsesModelFileBrian2: synapses onto compartments written in
// a model file give Brian2's traces (testdata/brian2/spatial/
// active_synapse.json) at the soma and both synapses within 10 nV.
func TestSpatialSynapsesModelFileBrian2(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "spatial", "active_synapse.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Record []int       `json:"record"`
		V      [][]float64 `json:"v"` // mV
	}
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	f, err := Load("syn.toml", []byte(spatialSynapseSrc))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
	var mon *BuiltMonitor
	for _, m := range b.Monitors {
		if m.Name == "trace" {
			mon = m
		}
	}
	if mon == nil || mon.State == nil {
		t.Fatal("no state monitor")
	}
	worst := 0.0
	for r, idx := range ref.Record {
		got, want := mon.State.Values[0][r], ref.V[r]
		if len(got) != len(want) {
			t.Fatalf("compartment %d: %d samples, Brian2 %d", idx, len(got), len(want))
		}
		for k := range want {
			d := math.Abs(got[k] - want[k]*1e-3)
			if !(d <= 1e-8) {
				t.Fatalf("compartment %d, sample %d: %.6f mV, Brian2 %.6f mV", idx, k, got[k]*1e3, want[k])
			}
			worst = math.Max(worst, d)
		}
	}
	if peak := spatialMaxOf(ref.V[0]); peak < -61 {
		t.Errorf("Brian2's soma peaks at %g mV: the synapses should reach it", peak)
	}
	t.Logf("largest difference from Brian2: %.3g V", worst)
}

func spatialMaxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
