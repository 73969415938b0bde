package model

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ballAndStickSrc = `
[run]
dt = "0.1*ms"
duration = "150*ms"

[constants]
EL = "-70*mV"

[[spatial]]
name = "cell"
model = """
Im = gL*(EL - v) : amp/meter**2
gL : siemens/meter**2
I : amp (point current)
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
[[spatial.set]]
var = "gL"
value = "1e-4*siemens/cm**2"
[[spatial.set]]
var = "I"
value = "0.1*nA"
section = "soma"

[[monitors]]
name = "trace"
type = "state"
source = "cell"
variables = ["v"]
record = [0, 100]
`

// TestBuildSpatialBallAndStick: the steady state of a passive
// ball-and-stick with 0.1 nA into the soma is cable theory's, V - EL =
// I*Rin with Rin ~ 244 MOhm.
func TestBuildSpatialBallAndStick(t *testing.T) {
	f, err := Load("bs.toml", []byte(ballAndStickSrc))
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
	g := b.Groups["cell"]
	if g == nil || g.N != 101 {
		t.Fatalf("cell: %v", g)
	}
	v, err := g.Values("v")
	if err != nil {
		t.Fatal(err)
	}
	d, gl, ri := 1e-6, 1.0, 1.5
	lam := math.Sqrt(d / gl / (4 * ri))
	rin := 1 / (math.Pi*30e-6*30e-6*gl + math.Pi*d*d/(4*ri)/lam*math.Tanh(1000e-6/lam))
	want := 0.1e-9 * rin
	got := v[0] + 70e-3
	if math.Abs(got-want) > 0.01*want || math.Abs(got-24.4e-3) > 0.01*24.4e-3 {
		t.Errorf("V_soma - EL = %.4g mV, cable theory %.4g mV (Rin %.4g MOhm)", got*1e3, want*1e3, rin/1e6)
	}
	if sn := b.Net.SpatialNeuron("cell"); sn == nil || sn.NeuronGroup != g || sn.Flat.N != 101 {
		t.Errorf("Net.SpatialNeuron: %v", sn)
	}
	I, _ := g.Values("I")
	if math.Abs(I[0]-0.1e-9) > 1e-22 || I[1] != 0 {
		t.Errorf("I = %g, %g", I[0], I[1])
	}
	r := b.Results(0, true)
	if _, ok := r.Monitors["trace"]; !ok {
		t.Errorf("no results for the state monitor of the spatial neuron")
	}
}

func TestBuildSpatialSet(t *testing.T) {
	src := strings.Replace(ballAndStickSrc, `[[spatial.set]]
var = "I"`, `[[spatial.set]]
var = "gL"
value = "3e-4*siemens/cm**2"
where = "distance > 500*um"
[[spatial.set]]
var = "gL"
value = "5e-4*siemens/cm**2"
section = "dend"
index = 99
[[spatial.set]]
var = "I"`, 1)
	f, err := Load("bs.toml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	g := b.Groups["cell"]
	gl, _ := g.Values("gL")
	dist, _ := g.Values("distance")
	for k := range gl {
		want := 1.0
		switch {
		case k == 100:
			want = 5
		case dist[k] > 500e-6:
			want = 3
		}
		if math.Abs(gl[k]-want) > 1e-12 {
			t.Errorf("gL[%d] = %g, want %g (distance %g)", k, gl[k], want, dist[k])
		}
	}
}

// TestBuildSpatialSWC loads the morphology from an SWC file next to the
// model file.
func TestBuildSpatialSWC(t *testing.T) {
	dir := t.TempDir()
	swc := "1 1 0 0 0 15 -1\n2 3 15 0 0 0.5 1\n3 3 115 0 0 0.5 2\n4 3 215 0 0 0.5 3\n"
	if err := os.WriteFile(filepath.Join(dir, "cell.swc"), []byte(swc), 0o644); err != nil {
		t.Fatal(err)
	}
	src := `
[run]
duration = "1*ms"
[[spatial]]
name = "cell"
swc = "cell.swc"
model = """
Im = gL*(-70*mV - v) : amp/meter**2
gL : siemens/meter**2
"""
[spatial.init]
v = "-70*mV"
gL = "1e-4*siemens/cm**2"
[[spatial.set]]
var = "v"
value = "-60*mV"
where = "x > 100*um"
`
	path := filepath.Join(dir, "m.toml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(f)
	if err != nil {
		t.Fatal(err)
	}
	g := b.Groups["cell"]
	if g.N != 4 { // the soma and three compartments
		t.Fatalf("%d compartments", g.N)
	}
	v, _ := g.Values("v")
	if v[0] != -70e-3 || v[1] != -70e-3 || v[3] != -60e-3 {
		t.Errorf("v = %v", v)
	}
	if _, err := b.Run(0); err != nil {
		t.Fatal(err)
	}
}

func TestBuildSpatialErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{`[[spatial]]
name = "c"
model = """
Im = gL*(EL - v) : amp/meter**2
"""
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"
`, "4:"},
		{`[[spatial]]
name = "c"
model = "Im = floor(v/mV)*amp/meter**2 : amp/meter**2"
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"
`, "cannot take the derivative of 'floor(v / mV)' with respect to v"},
		{`[[spatial]]
name = "c"
model = "Im = -v*siemens/meter**2 : amp/meter**2"
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"
[[spatial.set]]
var = "v"
value = "0*mV"
where = "distance > 1"
`, "11:19: cannot compare meter and 1"},
	}
	for _, tc := range tests {
		f, err := Load("m.toml", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = Build(f)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Build: %v\nwant an error containing %q", err, tc.want)
		}
	}
}
