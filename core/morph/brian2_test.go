package morph

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The reference data in testdata/brian2/morph was written by Brian2 2.5.1
// itself (scripts/brian2/morph_reference.py): morphologies built in code and
// loaded from the NeuroMorpho files in ../shared/morphologies, with the
// geometry of every compartment in Brian2's flat order.

// morphologies is where the shared NeuroMorpho reconstructions are, seen
// from this package's directory (natively and under Node alike).
var morphologies = filepath.Join("..", "..", "..", "shared", "morphologies")

func needMorphologies(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(morphologies); err != nil {
		t.Skipf("no shared morphologies at %s: %v", morphologies, err)
	}
}

type refSection struct {
	Path           string   `json:"path"`
	Kind           string   `json:"kind"`
	Type           *string  `json:"type"`
	N              int      `json:"n"`
	Start          int      `json:"start"`
	Parent         int      `json:"parent"`
	Names          []string `json:"names"`
	EndDistance    float64  `json:"end_distance"`
	HasCoordinates bool     `json:"has_coordinates"`
}

type refSums struct {
	Sum      float64 `json:"sum"`
	Abs      float64 `json:"abs"`
	Weighted float64 `json:"weighted"`
}

type refQuery struct {
	Op      string  `json:"op"`
	Path    string  `json:"path"`
	A       float64 `json:"a"`
	B       float64 `json:"b"`
	I       int     `json:"i"`
	Indices []int   `json:"indices"`
}

type refMorph struct {
	Brian2            string                `json:"brian2"`
	Name              string                `json:"name"`
	File              string                `json:"file"`
	TotalCompartments int                   `json:"total_compartments"`
	TotalSections     int                   `json:"total_sections"`
	TotalArea         float64               `json:"total_area"`
	TotalLength       float64               `json:"total_length"`
	TotalVolume       float64               `json:"total_volume"`
	HasCoordinates    bool                  `json:"has_coordinates"`
	Topology          string                `json:"topology"`
	Sections          []refSection          `json:"sections"`
	Head              int                   `json:"head"`
	Compartments      map[string][]*float64 `json:"compartments"`
	Sums              map[string]refSums    `json:"sums"`
	Queries           []refQuery            `json:"queries"`

	// namesSubset: Brian2's names of each section need only be among ours.
	namesSubset bool
	// inexact: values may differ from Brian2's in the last bits (generated
	// coordinates, whose sines and cosines are not numpy's); otherwise the
	// compartments' values must be Brian2's to the bit.
	inexact bool
}

func loadRef(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "brian2", "morph", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatal(err)
	}
}

// close reports whether a and b agree within 1e-9 relative; values that
// should be 0 may differ by a femtometre-sized rounding residue (1e-15 in
// SI, far below any length in a morphology).
func closeTo(a, b float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))+1e-15
}

// arrays returns the named per-compartment arrays of a Flat.
func arrays(f *Flat) map[string][]float64 {
	return map[string][]float64{
		"length": f.Length, "area": f.Area, "volume": f.Volume,
		"distance": f.Distance, "diameter": f.Diameter,
		"start_diameter": f.StartDiameter, "end_diameter": f.EndDiameter,
		"r_length_1": f.RLength1, "r_length_2": f.RLength2,
		"start_x": f.StartX, "start_y": f.StartY, "start_z": f.StartZ,
		"x": f.X, "y": f.Y, "z": f.Z,
		"end_x": f.EndX, "end_y": f.EndY, "end_z": f.EndZ,
	}
}

// compareFlat checks a morphology against Brian2's record of it.
func compareFlat(t *testing.T, m *Section, ref *refMorph) {
	t.Helper()
	f := m.Flatten()
	if f.N != ref.TotalCompartments || m.TotalCompartments() != ref.TotalCompartments {
		t.Fatalf("%d compartments, Brian2 has %d", f.N, ref.TotalCompartments)
	}
	if got := m.TotalSections(); got != ref.TotalSections {
		t.Errorf("%d sections, Brian2 has %d", got, ref.TotalSections)
	}
	if f.HasCoordinates != ref.HasCoordinates {
		t.Errorf("HasCoordinates = %v, Brian2 %v", f.HasCoordinates, ref.HasCoordinates)
	}
	if got := m.Topology(); got != ref.Topology {
		t.Errorf("topology:\n%s\nBrian2:\n%s", got, ref.Topology)
	}
	arr := arrays(f)
	for name, want := range ref.Compartments {
		got := arr[name]
		for i := 0; i < len(want); i++ {
			switch {
			case want[i] == nil && name != "start_diameter" && name != "end_diameter":
				if got != nil && !math.IsNaN(got[i]) {
					t.Errorf("%s[%d] = %g, Brian2 has NaN", name, i, got[i])
				}
			case want[i] == nil: // a soma's start/end diameter: Brian2 has none
			case got == nil:
				t.Fatalf("%s: no values, Brian2 has %v", name, *want[i])
			case !closeTo(got[i], *want[i]):
				t.Errorf("%s[%d] = %.17g, Brian2 %.17g", name, i, got[i], *want[i])
			case !ref.inexact && got[i] != *want[i]:
				// Within 1e-9, but Brian2's order of operations should
				// give Brian2's bits on every platform.
				t.Errorf("%s[%d] = %.17g, Brian2 %.17g: not to the bit", name, i, got[i], *want[i])
			}
		}
	}
	for name, want := range ref.Sums {
		got := arr[name]
		var s, a, w float64
		for i, v := range got {
			if math.IsNaN(v) {
				continue
			}
			if name == "start_diameter" || name == "end_diameter" {
				if f.Sections[f.SectionOf[i]].Kind() == KindSoma {
					continue
				}
			}
			s += v
			a += math.Abs(v)
			w += float64(i+1) * v
		}
		// Sums of many terms: numpy adds pairwise, this in a row.
		if !closeTo(s, want.Sum) && math.Abs(s-want.Sum) > 1e-12*want.Abs {
			t.Errorf("sum of %s = %.17g, Brian2 %.17g", name, s, want.Sum)
		}
		if !closeTo(a, want.Abs) {
			t.Errorf("sum of |%s| = %.17g, Brian2 %.17g", name, a, want.Abs)
		}
		if !closeTo(w, want.Weighted) && math.Abs(w-want.Weighted) > 1e-12*want.Abs*float64(f.N) {
			t.Errorf("weighted sum of %s = %.17g, Brian2 %.17g", name, w, want.Weighted)
		}
	}
	var area, length, volume float64
	for i := range f.N {
		area += f.Area[i]
		length += f.Length[i]
		volume += f.Volume[i]
	}
	if !closeTo(area, ref.TotalArea) || !closeTo(length, ref.TotalLength) || !closeTo(volume, ref.TotalVolume) {
		t.Errorf("totals: area %g, length %g, volume %g; Brian2 %g, %g, %g",
			area, length, volume, ref.TotalArea, ref.TotalLength, ref.TotalVolume)
	}
	if len(f.Sections) != len(ref.Sections) {
		t.Fatalf("%d sections, Brian2 lists %d", len(f.Sections), len(ref.Sections))
	}
	for k, rs := range ref.Sections {
		sec := f.Sections[k]
		where := "section " + rs.Path
		if got := sec.Kind().String(); got != rs.Kind {
			t.Errorf("%s: kind %s, Brian2 %s", where, got, rs.Kind)
		}
		wantType := ""
		if rs.Type != nil {
			wantType = *rs.Type
		}
		if sec.Type != wantType {
			t.Errorf("%s: type %q, Brian2 %q", where, sec.Type, wantType)
		}
		if sec.N() != rs.N || f.Start[k] != rs.Start || sec.StartIndex() != rs.Start || f.Parent[k] != rs.Parent {
			t.Errorf("%s: n %d start %d (%d) parent %d; Brian2 %d %d %d", where, sec.N(), f.Start[k], sec.StartIndex(), f.Parent[k], rs.N, rs.Start, rs.Parent)
		}
		if ref.namesSubset {
			have := map[string]bool{}
			for _, n := range sec.Names() {
				have[n] = true
			}
			for _, n := range rs.Names {
				if !have[n] {
					t.Errorf("%s: names %v lack Brian2's %q", where, sec.Names(), n)
				}
			}
		} else if got := strings.Join(sec.Names(), ","); got != strings.Join(rs.Names, ",") {
			t.Errorf("%s: names %s, Brian2 %s", where, got, strings.Join(rs.Names, ","))
		}
		if !closeTo(f.EndDistance[k], rs.EndDistance) || !closeTo(sec.EndDistance(), rs.EndDistance) {
			t.Errorf("%s: end distance %g (%g), Brian2 %g", where, f.EndDistance[k], sec.EndDistance(), rs.EndDistance)
		}
		if sec.HasCoordinates() != rs.HasCoordinates {
			t.Errorf("%s: HasCoordinates %v, Brian2 %v", where, sec.HasCoordinates(), rs.HasCoordinates)
		}
		// The path Brian2's topology prints ("None" for unnamed sections,
		// absent here) leads back to the section.
		if !strings.Contains(rs.Path, "None") {
			p := strings.TrimPrefix(rs.Path, ".")
			got, err := m.Get(p)
			if err != nil || got != sec {
				t.Errorf("Get(%q) = %v, %v; want section %d", p, got, err, k)
			}
		}
	}
	// Per-section values equal the flat ones.
	for k, sec := range f.Sections {
		checkSame := func(name string, got []float64, want []float64) {
			for i := range got {
				if got[i] != want[f.Start[k]+i] && !(math.IsNaN(got[i]) && math.IsNaN(want[f.Start[k]+i])) {
					t.Errorf("section %d %s[%d] = %g, flat %g", k, name, i, got[i], want[f.Start[k]+i])
				}
			}
		}
		checkSame("distance", sec.Distance(), f.Distance)
		checkSame("area", sec.Area(), f.Area)
		if c := sec.Coordinates(); c != nil {
			checkSame("x", c.X, f.X)
			checkSame("start_y", c.StartY, f.StartY)
			checkSame("end_z", c.EndZ, f.EndZ)
		}
	}
	for _, q := range ref.Queries {
		sec, err := m.Get(q.Path)
		if err != nil {
			t.Errorf("query %+v: %v", q, err)
			continue
		}
		var got []int
		switch q.Op {
		case "all":
			got = sec.Indices()
		case "index":
			var i int
			i, err = sec.Index(q.I)
			got = []int{i}
		case "slice":
			got, err = sec.IndicesBetween(q.A, q.B)
		case "at":
			var i int
			i, err = sec.IndexAt(q.A)
			got = []int{i}
		}
		if err != nil || !equalInts(got, q.Indices) {
			t.Errorf("query %s %q %g %g %d: %v, %v; Brian2 %v", q.Op, q.Path, q.A, q.B, q.I, got, err, q.Indices)
		}
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func ballAndStick(t testing.TB) *Section {
	t.Helper()
	soma := Must(NewSoma(u(30)))
	if err := soma.Add("dend", Must(NewCylinder(100, u(1000), u(1)))); err != nil {
		t.Fatal(err)
	}
	return soma
}

// micro is Micrometre as a variable: x*micro rounds as Python's x*um does,
// where x*Micrometre with a constant x would be exact.
var micro = Micrometre

// u returns x micrometres in metres, rounded as Brian2's x*um.
func u(x float64) float64 { return x * micro }

func um(v ...float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = u(x)
	}
	return out
}

func pointsUm(x, y, z []float64) []Point {
	p := make([]Point, len(x))
	for i := range p {
		p[i] = Point{u(x[i]), u(y[i]), u(z[i])}
	}
	return p
}

// branched builds the morphology of the reference script's branched().
func branched(t testing.TB, axonCoordinates bool) *Section {
	t.Helper()
	m := Must(NewSomaAt(u(20), Point{u(1), -u(2), u(0.5)}))
	var axon *Section
	if axonCoordinates {
		axon = Must(NewCylinderBetween(10, u(1), Point{-u(10), 0, 0}, Point{-u(210), u(5), 0}))
	} else {
		axon = Must(NewCylinder(10, u(200), u(1)))
	}
	axon.Type = "axon"
	dend := Must(NewSectionPoints(um(3, 2.5, 2, 1.8, 1.5), pointsUm(
		[]float64{10, 20, 30, 40, 50}, []float64{0, 5, 8, 10, 11}, []float64{0, 1, 1.5, 1.5, 2})))
	dend.Type = "dend"
	b1 := Must(NewSectionPoints(um(1.5, 1.2, 1.0, 0.8), pointsUm(
		[]float64{0, 10, 15, 22}, []float64{0, 8, 16, 25}, []float64{0, 1, 2, 3})))
	b2 := Must(NewSection(um(1.5, 1.4, 1.3, 1.2, 1.1, 1.0), um(5, 6, 7, 8, 9)))
	tip := Must(NewCylinder(3, u(30), u(0.5)))
	for _, a := range []struct {
		path string
		sec  *Section
	}{{"axon", axon}, {"dend", dend}, {"dend.branch1", b1}, {"dend.branch2", b2}, {"dend.branch2.tip", tip}} {
		if err := m.Add(a.path, a.sec); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func TestBrian2BallAndStick(t *testing.T) {
	var ref refMorph
	loadRef(t, "ball_and_stick.json", &ref)
	compareFlat(t, ballAndStick(t), &ref)
}

func TestBrian2Branched(t *testing.T) {
	var ref refMorph
	loadRef(t, "branched.json", &ref)
	compareFlat(t, branched(t, true), &ref)
}

func TestBrian2SWC(t *testing.T) {
	needMorphologies(t)
	for _, name := range []string{"gc2", "tc200"} {
		t.Run(name, func(t *testing.T) {
			var ref refMorph
			loadRef(t, name+".json", &ref)
			var warnings []string
			m, err := LoadSWC(filepath.Join(morphologies, ref.File), SWCOptions{
				Warn: func(line int, msg string) { warnings = append(warnings, msg) }})
			if err != nil {
				t.Fatal(err)
			}
			compareFlat(t, m, &ref)
			if name == "tc200" && len(warnings) != 1 {
				t.Errorf("warnings %q, want one about the 12 soma points", warnings)
			}
			if name == "gc2" && len(warnings) != 0 {
				t.Errorf("warnings %q, want none", warnings)
			}
		})
	}
}

// refGenerated are Brian2's generate_coordinates results.
type refGenerated map[string]json.RawMessage

func TestBrian2GenerateCoordinates(t *testing.T) {
	var ref refGenerated
	loadRef(t, "generated.json", &ref)
	cases := []struct {
		key  string
		make func(t testing.TB) *Section
		opt  CoordOptions
	}{
		{"ball_and_stick", ballAndStick, CoordOptions{}},
		{"branched_axon_length", func(t testing.TB) *Section { return branched(t, false) }, CoordOptions{}},
		{"branched_overwrite", func(t testing.TB) *Section { return branched(t, true) }, CoordOptions{Overwrite: true}},
		{"branched_random_seed7", func(t testing.TB) *Section { return branched(t, true) },
			CoordOptions{SectionRandomness: 20, CompartmentRandomness: 10, Overwrite: true, Seed: 7}},
		{"ball_and_stick_random_seed12345", ballAndStick, CoordOptions{CompartmentRandomness: 25, Seed: 12345}},
		{"gc2_overwrite", loadGC2, CoordOptions{Overwrite: true}},
		{"gc2_random_seed2024", loadGC2, CoordOptions{SectionRandomness: 15, CompartmentRandomness: 5, Overwrite: true, Seed: 2024}},
	}
	for _, c := range cases {
		t.Run(c.key, func(t *testing.T) {
			r := new(refMorph)
			if err := json.Unmarshal(ref[c.key], r); err != nil {
				t.Fatalf("reference %q: %v", c.key, err)
			}
			m := c.make(t)
			g, err := m.GenerateCoordinates(c.opt)
			if err != nil {
				t.Fatal(err)
			}
			// The generated morphology keeps more names than Brian2's
			// (see GenerateCoordinates).
			r.namesSubset = true
			r.inexact = true
			compareFlat(t, g, r)
			// The original is untouched.
			if c.key == "ball_and_stick" && m.Children()[0].HasCoordinates() {
				t.Error("GenerateCoordinates changed the original")
			}
		})
	}
}

func loadGC2(t testing.TB) *Section {
	t.Helper()
	needMorphologies(t)
	m, err := LoadSWC(filepath.Join(morphologies, "mp_ma_40984_gc2.CNG.swc"), SWCOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestBrian2Synthetic reads small SWC files that exercise the conversion
// rules (three-point soma, names, type changes, soma chains) and compares
// the result with Brian2's.
func TestBrian2Synthetic(t *testing.T) {
	var ref map[string]json.RawMessage
	loadRef(t, "synthetic.json", &ref)
	n := 0
	for key, raw := range ref {
		if key == "brian2" {
			continue
		}
		n++
		t.Run(key, func(t *testing.T) {
			var r struct {
				refMorph
				SWC           string `json:"swc"`
				SphericalSoma bool   `json:"spherical_soma"`
			}
			if err := json.Unmarshal(raw, &r); err != nil {
				t.Fatal(err)
			}
			m, err := ParseSWC([]byte(r.SWC), SWCOptions{CylindricalSoma: !r.SphericalSoma})
			if err != nil {
				t.Fatal(err)
			}
			compareFlat(t, m, &r.refMorph)
		})
	}
	if n != 3 {
		t.Errorf("%d synthetic morphologies, want 3", n)
	}
}

// TestGeneratedBits checks that generated coordinates, which use sines,
// cosines and logarithms, are the same to the bit natively and in
// WebAssembly: a hash of them must be the one recorded here (from a native
// run). If package fmath changes its functions' results, update the hash.
func TestGeneratedBits(t *testing.T) {
	g, err := branched(t, true).GenerateCoordinates(CoordOptions{SectionRandomness: 20, CompartmentRandomness: 10, Overwrite: true, Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	f := g.Flatten()
	for _, a := range [][]float64{f.StartX, f.StartY, f.StartZ, f.X, f.Y, f.Z, f.EndX, f.EndY, f.EndZ, f.Length, f.Area, f.Volume, f.Distance, f.RLength1, f.RLength2} {
		for _, v := range a {
			var b [8]byte
			binary.LittleEndian.PutUint64(b[:], math.Float64bits(v))
			h.Write(b[:])
		}
	}
	const want = "dce0141a89a462b0e4237b4e67466ad396f7d105defbe20488b0e4138e253d40"
	if got := hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("hash of generated coordinates %s, want %s", got, want)
	}
}
