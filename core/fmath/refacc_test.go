package fmath

import (
	"flag"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

var refN = flag.Int("refn", 400, "number of inputs per distribution in TestAccuracy")

// refNSet reports whether -refn is on the command line.
func refNSet() bool {
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "refn" })
	return set
}

// TestAccuracy measures the error of every function, in ulps of the exact
// result computed with math/big, on random inputs from each distribution in
// funcs (-refn of them, 50 with -short) and on the special values, and
// checks it against the documented accuracy. With -v it logs the errors,
// and those of math's function on the same inputs.
func TestAccuracy(t *testing.T) {
	n := *refN
	if testing.Short() || runtime.GOARCH == "wasm" && !refNSet() {
		// math/big is slow under wasm, and the results are the same bits
		// as natively (TestGolden), so their accuracy too.
		n = min(n, 50)
	}
	for i, tf := range funcs {
		if tf.exact() {
			continue
		}
		t.Run(tf.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(0x616363, uint64(i)))
			for _, g := range tf.gens {
				var fw, mw float64 // worst errors of fmath and math
				var fx, fy, mx, my float64
				for k := 0; k < n; k++ {
					x, y := g.draw(r)
					v, ok := ref(tf.name, x, y)
					if !ok {
						continue
					}
					if e := ulpErr(tf.f(x, y), v); !(e <= fw) {
						fw, fx, fy = e, x, y
					}
					if e := ulpErr(tf.m(x, y), v); !(e <= mw) {
						mw, mx, my = e, x, y
					}
				}
				t.Logf("%-6s %-36s fmath %8.3g ulp at %-50s math %8.3g ulp at %s",
					tf.name, g.what, fw, args(&tf, fx, fy), mw, args(&tf, mx, my))
				if !(fw <= g.acc) {
					t.Errorf("%s on %s: error %.3g ulp at %s; documented accuracy %g ulp",
						tf.name, g.what, fw, args(&tf, fx, fy), g.acc)
				}
			}
			for _, in := range specialInputs(&tf) {
				x, y := in[0], in[1]
				v, ok := ref(tf.name, x, y)
				if !ok || knownDefect(tf.name, x, y) {
					continue
				}
				if e := ulpErr(tf.f(x, y), v); !(e <= tf.maxAcc()) {
					t.Errorf("%s%s: error %.3g ulp; documented accuracy %g ulp", tf.name, args(&tf, x, y), e, tf.maxAcc())
				}
			}
		})
	}
}

// knownDefect reports the inputs where fmath, like Go's pure-Go math, is
// known to be wrong, as doc.go says.
func knownDefect(name string, x, y float64) bool {
	const overflow = 7.09782712893383973096e+02 // where Exp overflows
	switch name {
	case "Sinh", "Cosh":
		// Computed as Exp(|x|)/2, which overflows to +Inf for |x| in
		// (709.78, 710.48] where sinh and cosh are still finite.
		return math.Abs(x) > overflow && math.Abs(x) <= 710.4758600739439
	case "Expm1":
		// Expm1 returns +Inf from this threshold on, not only above it.
		return x == overflow
	case "Exprel":
		// Brian2's exprel is Expm1(x)/x, +Inf for x ≥ 709.78.
		return x >= overflow
	case "Atan2":
		// Atan2(y, x) with y < 0 and x < 0 is Atan(y/x) - π, unless y/x
		// underflows to +0: then it is +π where the exact result rounds
		// to -π.
		return x < 0 && y < 0 && x/y == 0 // here x is y and y is x
	}
	return false
}
