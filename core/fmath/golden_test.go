package fmath

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden.txt with the results of this platform")

const goldenFile = "testdata/golden.txt"

// goldenRandom is the number of random inputs per function in the golden
// file, besides the special values (fewer for the exact functions).
const goldenRandom = 1500

// goldenInputs returns the inputs of the golden test for a function: its
// special values, then random inputs drawn in turn from its distributions,
// every eighth one a random bit pattern (NaNs, infinities, subnormals and
// all). They depend only on the function's name, so that functions can be
// added to the table without changing the inputs of the others.
func goldenInputs(tf *testFunc) [][2]float64 {
	var in [][2]float64
	if tf.arity == 1 {
		for _, x := range specialValues {
			in = append(in, [2]float64{x, 0})
		}
	} else {
		in = append(in, specialPairs...)
	}
	h := fnv.New64a()
	h.Write([]byte(tf.name))
	r := rand.New(rand.NewPCG(0x676f6c64656e, h.Sum64()))
	n := goldenRandom
	if tf.exact() {
		n /= 3
	}
	for k := 0; k < n; k++ {
		var x, y float64
		if k%8 == 7 {
			x, y = randomBits(r), randomBits(r)
		} else {
			x, y = tf.gens[k%len(tf.gens)].draw(r)
		}
		if tf.arity == 1 {
			y = 0
		}
		in = append(in, [2]float64{x, y})
	}
	return in
}

// inputsHash returns a short hash of the bits of the inputs, so that a
// change of the inputs is not reported as a change of the results.
func inputsHash(in [][2]float64) string {
	h := sha256.New()
	var b [16]byte
	for _, xy := range in {
		binary.LittleEndian.PutUint64(b[:8], math.Float64bits(xy[0]))
		binary.LittleEndian.PutUint64(b[8:], math.Float64bits(xy[1]))
		h.Write(b[:])
	}
	return fmt.Sprintf("%x", h.Sum(nil)[:8])
}

type goldenSection struct {
	hash    string
	results []uint64
}

// TestGolden checks that every function returns, bit for bit, the results
// recorded in testdata/golden.txt. The file was written on linux/amd64; the
// test must pass unchanged on every GOARCH and under GOOS=js GOARCH=wasm,
// which is the point of this package. With -update it rewrites the file.
func TestGolden(t *testing.T) {
	if *update {
		writeGolden(t)
		return
	}
	golden, err := readGolden()
	if err != nil {
		t.Fatal(err)
	}
	for _, tf := range funcs {
		in := goldenInputs(&tf)
		sec, ok := golden[tf.name]
		switch {
		case !ok:
			t.Errorf("%s: no section in %s; regenerate it with -update", tf.name, goldenFile)
			continue
		case sec.hash != inputsHash(in) || len(sec.results) != len(in):
			t.Errorf("%s: the inputs have changed since %s was written (generators or seeds); regenerate it with -update",
				tf.name, goldenFile)
			continue
		}
		var bad []string
		for k, xy := range in {
			got := math.Float64bits(tf.f(xy[0], xy[1]))
			if want := sec.results[k]; got != want {
				bad = append(bad, fmt.Sprintf("  %s%s = %v [%#016x], golden %v [%#016x]",
					tf.name, args(&tf, xy[0], xy[1]), math.Float64frombits(got), got,
					math.Float64frombits(want), want))
			}
		}
		if len(bad) > 0 {
			more := ""
			if len(bad) > 20 {
				more = fmt.Sprintf("\n  ... and %d more", len(bad)-20)
				bad = bad[:20]
			}
			t.Errorf("%s: %d of %d results differ from %s:\n%s%s",
				tf.name, len(bad), len(in), goldenFile, strings.Join(bad, "\n"), more)
		}
	}
}

func readGolden() (map[string]goldenSection, error) {
	f, err := os.Open(goldenFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	golden := map[string]goldenSection{}
	var name string
	var sec goldenSection
	flush := func() {
		if name != "" {
			golden[name] = sec
		}
	}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		s := sc.Text()
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
		case strings.HasPrefix(s, "== "):
			flush()
			fields := strings.Fields(s)
			if len(fields) != 4 {
				return nil, fmt.Errorf("%s:%d: bad section header %q", goldenFile, line, s)
			}
			n, err := strconv.Atoi(fields[2])
			if err != nil {
				return nil, fmt.Errorf("%s:%d: bad section header %q", goldenFile, line, s)
			}
			name, sec = fields[1], goldenSection{hash: fields[3], results: make([]uint64, 0, n)}
		default:
			b, err := strconv.ParseUint(s, 16, 64)
			if err != nil || name == "" {
				return nil, fmt.Errorf("%s:%d: bad result %q", goldenFile, line, s)
			}
			sec.results = append(sec.results, b)
		}
	}
	flush()
	return golden, sc.Err()
}

func writeGolden(t *testing.T) {
	var b strings.Builder
	b.WriteString(`# Golden results of package fmath: for each function, the bits of its
# result on a fixed list of inputs (goldenInputs in golden_test.go), in
# hexadecimal, one per line. Every GOOS/GOARCH must give exactly these.
# Regenerate with: go test ./core/fmath -run TestGolden -update
# Section header: == function number-of-inputs hash-of-inputs
`)
	for _, tf := range funcs {
		in := goldenInputs(&tf)
		fmt.Fprintf(&b, "== %s %d %s\n", tf.name, len(in), inputsHash(in))
		for _, xy := range in {
			fmt.Fprintf(&b, "%016x\n", math.Float64bits(tf.f(xy[0], xy[1])))
		}
	}
	if err := os.WriteFile(goldenFile, []byte(b.String()), 0o666); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s (%d bytes)", goldenFile, b.Len())
}

// TestNaNBits checks the part of the contract that concerns NaN: a NaN
// result is either a NaN argument, returned unchanged, or math.NaN(),
// (Abs clears its sign bit), never a NaN made by arithmetic, whose bits IEEE 754 leaves to the
// hardware (x86 and arm64 differ, and WebAssembly does not specify them).
func TestNaNBits(t *testing.T) {
	canonical := math.Float64bits(math.NaN())
	for _, tf := range funcs {
		for _, xy := range goldenInputs(&tf) {
			got := tf.f(xy[0], xy[1])
			if !math.IsNaN(got) {
				continue
			}
			b := math.Float64bits(got)
			ok := b == canonical || b == math.Float64bits(xy[0]) || tf.arity == 2 && b == math.Float64bits(xy[1])
			if tf.name == "Abs" {
				ok = b == math.Float64bits(xy[0])&^(1<<63) // clears the sign bit, portably
			}
			if !ok {
				t.Errorf("%s%s = NaN [%#016x], neither math.NaN() nor a NaN argument",
					tf.name, args(&tf, xy[0], xy[1]), b)
			}
		}
	}
}
