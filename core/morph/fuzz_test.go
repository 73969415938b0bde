package morph

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// swcSeeds are small SWC files, valid and broken, to start the fuzzer from.
var swcSeeds = []string{
	"",
	"# only a comment\n",
	"1 1 0 0 0 5 -1\n",
	"1 1 0 0 0 5 -1\n2 3 0 10 0 1 1\n3 3 0 20 0 0.8 2\n4 3 -5 25 0 0.5 3\n5 3 5 25 0 0.5 3\n6 2 0 -10 0 0.5 1\n",
	"1 1 0 0 0 5 -1\r\n2 1 0 -5 0 5 1\r\n3 1 0 5 0 5 1\r\n4 3 0 0 10 1 1\r\n",
	"1 1 0 0 0 1.5 -1\n2 1 0 3 0 2 1\n3 1 0 6 0 1.5 2\n4 3 0 9 0 0.5 3\n5 1 -2 7 0 1 3\n",
	"1 3 0 0 0 1 -1\n2 3 0 1 0 1 1\n3 7 0 2 0 1 2\n4 4 0 3 0 1 3\n",
	"1 1 0 0 0 5 -1\n2 3 0 1 0 1 4\n3 3 0 2 0 1 2\n4 3 0 3 0 1 3\n",
	"1 1 0 0 0 5 -1\n2 3 0 1 0 1 1\n2 3 0 1 0 1 1\n",
	"1 1 0 0 0 -5 -1\n",
	"1 1 nan 0 0 5 -1\n",
	"1 1 0 0 0 5 -1 extra\n",
	"1 1 0 0 0 5 -1\n2 3 0 0 0 1 1\n",
	"1 1 1e308 -1e308 0 5 -1\n2 3 -1e308 1e308 0 1e308 1\n",
}

// FuzzSWC checks that no input makes ParseSWC panic, that every error is an
// SWCError of one line naming a line of the input, and that what it reads
// can be flattened and drawn.
func FuzzSWC(f *testing.F) {
	for _, s := range swcSeeds {
		f.Add([]byte(s))
	}
	if data, err := os.ReadFile(filepath.Join(morphologies, "mp_ma_40984_gc2.CNG.swc")); err == nil {
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []SWCOptions{{}, {CylindricalSoma: true}} {
			warnings := 0
			opt.Warn = func(line int, msg string) {
				warnings++
				if line < 1 || line > countLines(data) || strings.Contains(msg, "\n") {
					t.Fatalf("warning on line %d of %d: %q", line, countLines(data), msg)
				}
			}
			m, err := ParseSWC(data, opt)
			if err != nil {
				var se *SWCError
				if !errors.As(err, &se) {
					t.Fatalf("error %v is not an SWCError", err)
				}
				if se.Line < 1 || se.Line > max(1, countLines(data)) {
					t.Fatalf("error on line %d of %d: %v", se.Line, countLines(data), err)
				}
				if se.Msg == "" || strings.ContainsAny(err.Error(), "\n\r") {
					t.Fatalf("error not one line: %q", err)
				}
				continue
			}
			n := m.TotalCompartments()
			if n < 1 || m.Parent() != nil {
				t.Fatalf("%d compartments, parent %v", n, m.Parent())
			}
			fl := m.Flatten()
			if fl.N != n || len(fl.Area) != n || len(fl.Distance) != n || !fl.HasCoordinates {
				t.Fatalf("flat: N %d, %d areas, %d distances, coordinates %v", fl.N, len(fl.Area), len(fl.Distance), fl.HasCoordinates)
			}
			for i := range n {
				if !(fl.Length[i] >= 0) || !(fl.Diameter[i] > 0) {
					t.Fatalf("compartment %d: length %g, diameter %g", i, fl.Length[i], fl.Diameter[i])
				}
			}
			if m.TotalSections() < 200 {
				if !strings.Contains(m.Topology(), "[root]") {
					t.Fatal("topology without a root")
				}
				for _, s := range m.Sections() {
					if got, err := m.Get(s.Path()); s != m && (err != nil || got != s) && !isLRPath(s.pathName()) {
						t.Fatalf("Get(Path()) of %q: %v, %v", s.Path(), got, err)
					}
				}
			}
			if _, err := m.GenerateCoordinates(CoordOptions{Overwrite: true, SectionRandomness: 10, CompartmentRandomness: 10}); err != nil {
				// Only absurd coordinates (lengths that overflow) may fail.
				if !strings.Contains(err.Error(), "finite") {
					t.Fatalf("GenerateCoordinates: %v", err)
				}
			}
			// Reading is deterministic.
			again, err := ParseSWC(data, SWCOptions{CylindricalSoma: opt.CylindricalSoma})
			if err != nil || again.TotalSections() != m.TotalSections() {
				t.Fatalf("second read: %v", err)
			}
		}
	})
}

// countLines counts lines as ParseSWC does (\n, \r\n and \r end a line).
func countLines(data []byte) int {
	n := 0
	for len(data) > 0 {
		n++
		i := bytes.IndexAny(data, "\r\n")
		if i < 0 {
			break
		}
		if data[i] == '\r' && i+1 < len(data) && data[i+1] == '\n' {
			i++
		}
		data = data[i+1:]
	}
	return n
}
