package fmath

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// exactVsMath reports whether fmath must return exactly math's results for
// the function on this platform: for the exact functions always, and where
// math runs the same pure-Go algorithms without fused multiply-adds (not
// for the functions built on fmath's own Exp and Expm1).
func exactVsMath(tf *testFunc) bool {
	return tf.exact() || !tf.ownExp && (mathIsPureGo || mathIsUnfused && !tf.archMath)
}

// TestAgainstMath compares every function with its counterpart in package
// math on 10⁵ random inputs (10⁴ with -short) drawn from the distributions
// in funcs. Where math runs the same algorithms (see exactVsMath) the
// results must be identical. Elsewhere they may differ by 1 ulp; where they
// differ by more, the exact value decides: fmath must then be within its
// documented accuracy (math's assembly is the one that is off).
func TestAgainstMath(t *testing.T) {
	n := 100000
	if testing.Short() {
		n = 10000
	}
	for i, tf := range funcs {
		t.Run(tf.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(0x6d79656c696e, uint64(i)))
			exact := exactVsMath(&tf)
			var same, one, far int
			var worst uint64
			var worstX, worstY float64
			for k := 0; k < n; k++ {
				g := &tf.gens[k%len(tf.gens)]
				x, y := g.draw(r)
				got, want := tf.f(x, y), tf.m(x, y)
				d := ulpDist(got, want)
				switch {
				case d == 0:
					same++
					continue
				case exact:
					t.Fatalf("%s%s = %v [%#016x], math gives %v [%#016x]: they must be identical here",
						tf.name, args(&tf, x, y), got, math.Float64bits(got), want, math.Float64bits(want))
				case d == 1:
					one++
					continue
				}
				far++
				if d > worst {
					worst, worstX, worstY = d, x, y
				}
				if v, ok := ref(tf.name, x, y); !ok || !(ulpErr(got, v) <= g.acc) {
					t.Fatalf("%s%s = %v, math gives %v, %d ulp apart, and fmath is not within %g ulp of the exact value",
						tf.name, args(&tf, x, y), got, want, d, g.acc)
				}
			}
			msg := fmt.Sprintf("%-6s vs math: %6d same, %5d 1 ulp apart, %4d further", tf.name, same, one, far)
			if far > 0 {
				msg += fmt.Sprintf(" (up to %d ulp, at %s) where fmath is within its accuracy",
					worst, args(&tf, worstX, worstY))
			}
			t.Log(msg)
		})
	}
}

// args formats the arguments of a call for messages, with their bits.
func args(tf *testFunc, x, y float64) string {
	s := fmt.Sprintf("(%v [%#016x]", x, math.Float64bits(x))
	if tf.arity == 2 {
		s += fmt.Sprintf(", %v [%#016x]", y, math.Float64bits(y))
	}
	return s + ")"
}

// specialInputs returns the special inputs of a function: specialValues,
// or specialPairs for two arguments.
func specialInputs(tf *testFunc) [][2]float64 {
	if tf.arity == 2 {
		return specialPairs
	}
	in := make([][2]float64, len(specialValues))
	for i, x := range specialValues {
		in[i] = [2]float64{x, 0}
	}
	return in
}

// TestSpecialValues checks every function against math on special values:
// ±0, ±Inf, NaN, subnormals, thresholds of the algorithms and their
// neighbours. Results that are zero, infinite or NaN must agree with math's
// exactly (signs included; NaNs may differ in their bits), others as in
// TestAgainstMath. Where they differ, the exact value must show fmath within
// its accuracy, or the input be one of fmath's known defects (math's
// assembly on s390x gets some of those right).
func TestSpecialValues(t *testing.T) {
	for _, tf := range funcs {
		exact := exactVsMath(&tf)
		var bad, mathOff []string
		for _, in := range specialInputs(&tf) {
			x, y := in[0], in[1]
			got, want := tf.f(x, y), tf.m(x, y)
			d := ulpDist(got, want)
			special := want == 0 || math.IsInf(want, 0) || math.IsNaN(want) ||
				got == 0 || math.IsInf(got, 0) || math.IsNaN(got)
			if d == 0 || d == 1 && !special && !exact {
				continue
			}
			msg := fmt.Sprintf("%s%s = %v [%#016x], math gives %v [%#016x] (%d ulp apart)",
				tf.name, args(&tf, x, y), got, math.Float64bits(got), want, math.Float64bits(want), d)
			switch v, ok := ref(tf.name, x, y); {
			case exact:
				bad = append(bad, msg)
			case ok && ulpErr(got, v) <= tf.maxAcc():
				mathOff = append(mathOff, msg+fmt.Sprintf("; fmath is %.2g ulp from the exact value", ulpErr(got, v)))
			case math.IsNaN(got) && (math.IsNaN(x) || tf.arity == 2 && math.IsNaN(y)):
				// NaN in, NaN out; math.Log10(NaN) is -Inf on s390x.
				mathOff = append(mathOff, msg+"; fmath returns NaN for NaN")
			case knownDefect(tf.name, x, y):
				// fmath is wrong, like Go's pure-Go math; math's assembly
				// may be right (s390x).
				mathOff = append(mathOff, msg+"; a known defect of fmath (see doc.go)")
			default:
				bad = append(bad, msg)
			}
		}
		if len(mathOff) > 0 {
			t.Logf("%d special values where math is off:\n%s", len(mathOff), strings.Join(mathOff, "\n"))
		}
		if len(bad) > 0 {
			t.Errorf("%d special values differ:\n%s", len(bad), strings.Join(bad, "\n"))
		}
	}
}
