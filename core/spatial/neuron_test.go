package spatial

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/myelin-sim/myelin/core/morph"
)

// neuronRun is a passive cell run in NEURON 8.2, written by
// scripts/neuron/passive_reference.py.
type neuronRun struct {
	Neuron   string      `json:"neuron"`
	Name     string      `json:"name"`
	SomaRa   float64     `json:"soma_Ra"` // ohm cm
	Matched  bool        `json:"matched_soma"`
	Dt       float64     `json:"dt"`
	Steps    int         `json:"steps"`
	N        int         `json:"N"`
	Area     []float64   `json:"area"`
	Record   []int       `json:"record"`
	Every    int         `json:"record_every"`
	V        [][]float64 `json:"v"`
	SnapStep int         `json:"snapshot_every"`
	Snaps    [][]float64 `json:"snapshots"`
}

func loadNeuron(t *testing.T, name string) *neuronRun {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "neuron", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var r neuronRun
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return &r
}

// TestNEURON compares Cable with NEURON 8.2 (implicit Euler, one segment
// per compartment) on the passive ball-and-stick and branched cells of the
// Brian2 test, driven with the same currents (the Brian2 runs' schedules).
//
// NEURON places its nodes as Brian2 does for cylinders (segment centres,
// plus a node without membrane where sections join), so when its soma is
// given Brian2's axial resistance (Ri/(1 m) = 1.5 ohm from centre to end;
// the "matched" runs) the two solve the same equations, and Cable agrees
// with NEURON to 6e-13 V (NEURON's rounding; Brian2 itself is 2e-9 V away,
// see TestBrian2). With NEURON's own soma resistance (Ra = 150 ohm cm on a
// 30 um soma: 32 kOhm, the "plain" run) Cable with Brian2's soma differs by
// 0.67 uV, all of it that resistance: given the same soma resistance
// (r_length = pi*d/2 for a cylinder of length d), Cable agrees with that
// run to 3e-15 V.
func TestNEURON(t *testing.T) {
	for _, tc := range []struct {
		name, brian2 string
		morph        func() *morph.Section
		neuronSoma   bool // give the soma NEURON's axial resistance
		tol          float64
	}{
		{"ball_and_stick", "ball_and_stick", ballAndStick, false, 1e-11},
		{"branched", "branched", func() *morph.Section { return branchedTree(false) }, false, 1e-11},
		{"ball_and_stick_plain", "ball_and_stick", ballAndStick, true, 1e-11},
		{"ball_and_stick_plain", "ball_and_stick", ballAndStick, false, 1e-6},
	} {
		name := tc.name
		if tc.neuronSoma {
			name += "/NEURON's soma resistance"
		} else if tc.tol > 1e-9 {
			name += "/Brian2's soma resistance"
		}
		t.Run(name, func(t *testing.T) {
			nr := loadNeuron(t, tc.name)
			br := loadBrian2(t, tc.brian2) // for the membrane and currents
			flat := tc.morph().Flatten()
			if flat.N != nr.N {
				t.Fatalf("%d compartments, NEURON has %d segments", flat.N, nr.N)
			}
			for i := range nr.N {
				if math.Abs(flat.Area[i]-nr.Area[i]) > 1e-14*flat.Area[i] {
					t.Fatalf("compartment %d: area %g, NEURON %g", i, flat.Area[i], nr.Area[i])
				}
			}
			if tc.neuronSoma {
				// NEURON's soma is a cylinder of length d and diameter d:
				// r_length = pi*d²/(2*l) per half, with l = d
				d := 30 * um
				rl := math.Pi * d / 2
				flat.RLength1[0], flat.RLength2[0] = rl, rl
			}
			c, err := New(flat, br.Cm, br.Ri)
			if err != nil {
				t.Fatal(err)
			}
			var dv float64
			replay(br, cableStepper(c, br.Dt), func(k int, v []float64) {
				if k >= nr.Steps {
					return
				}
				if k%nr.Every == 0 {
					for j, i := range nr.Record {
						dv = max(dv, math.Abs(v[i]-nr.V[j][k/nr.Every]))
					}
				}
				if k%nr.SnapStep == 0 {
					dv = max(dv, maxDiff(v, nr.Snaps[k/nr.SnapStep]))
				}
			})
			t.Logf("NEURON %s (soma Ra %.4g ohm cm): max |v - NEURON| = %.3g V", nr.Neuron, nr.SomaRa, dv)
			if dv > tc.tol {
				t.Errorf("v differs from NEURON's by %.3g V > %.3g V", dv, tc.tol)
			}
		})
	}
}
