package integ

import (
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

// brian2Dir holds the code Brian2 2.5.1 generates for a few systems,
// written by scripts/brian2/integ_reference.py.
const brian2Dir = "../../testdata/brian2/integ"

type brian2Case struct {
	file    string
	eqs     []DiffEq
	methods []string          // in file order
	code    map[string]string // method → code, or "! error"
}

func readBrian2Cases(t *testing.T) []brian2Case {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(brian2Dir, "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Brian2 reference files in %s (run scripts/brian2/integ_reference.py): %v", brian2Dir, err)
	}
	var cases []brian2Case
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		c := brian2Case{file: filepath.Base(f), code: map[string]string{}}
		var section string
		var eqText []string
		body := map[string][]string{}
		for _, line := range strings.Split(string(data), "\n") {
			switch {
			case strings.HasPrefix(line, "#"):
			case strings.HasPrefix(line, "-- "):
				section = strings.TrimPrefix(line, "-- ")
				if section != "equations" {
					c.methods = append(c.methods, section)
				}
			case section == "equations":
				eqText = append(eqText, line)
			case section != "" && line != "":
				body[section] = append(body[section], line)
			}
		}
		c.eqs = parseSystem(t, strings.Join(eqText, "\n"))
		for m, lines := range body {
			c.code[m] = strings.Join(lines, "\n")
		}
		cases = append(cases, c)
	}
	return cases
}

// knownDifferences are the systems where myelin deliberately does not do
// what Brian2 does, and why.
var knownDifferences = map[string]string{
	// Brian2's get_conditionally_linear_system collects r*x - r*x**2 on x
	// and silently drops the x**2 term: its update x*exp(dt*r) is wrong.
	"logistic.txt/exponential_euler": "Brian2 drops the x**2 term of r*x*(1 - x)",
	// sympy gives a symbolic matrix exponential for 2x2 systems; myelin
	// needs the coefficients at build time for coupled systems.
	"oscillator.txt/exact/symbolic": "coupled system with coefficients not known at build time",
}

// TestAgainstBrian2 checks that for every system and method the code
// myelin generates computes the same step as Brian2's, at random values of
// the state variables, the parameters, t and dt (and the same noise), and
// that the two refuse the same systems.
func TestAgainstBrian2(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range readBrian2Cases(t) {
		for _, method := range c.methods {
			ref := c.code[method]
			for _, known := range []bool{false, true} {
				label := c.file + "/" + method
				if !known {
					label += "/symbolic"
				}
				t.Run(label, func(t *testing.T) {
					compareWithBrian2(t, rng, c, method, ref, known)
				})
			}
		}
	}
}

func compareWithBrian2(t *testing.T, rng *rand.Rand, c brian2Case, method, ref string, known bool) {
	key := c.file + "/" + method
	label := key
	if !known {
		label += "/symbolic"
	}
	refErr := strings.HasPrefix(ref, "!")
	var refProg *program
	if !refErr {
		stmts, err := expr.ParseStmts(ref)
		if err != nil {
			t.Fatalf("cannot parse Brian2's code: %v\n%s", err, ref)
		}
		refProg = compileProgram(t, dropNoise(stmts))
	}
	states := stateSet(c.eqs)
	for trial := range 5 {
		vals := map[string]float64{"dt": 0.01 + 0.09*rng.Float64(), "t": rng.Float64()}
		var params []string
		for _, eq := range c.eqs {
			vals[eq.Name] = 2*rng.Float64() - 1
			for _, n := range expr.Names(eq.RHS) {
				if _, ok := vals[n]; !ok && !IsNoise(n) {
					params = append(params, n)
					vals[n] = 0.5 + rng.Float64()
				}
			}
		}
		sort.Strings(params)
		env := Env{}
		if known {
			env = mapEnv(vals)
		}
		got, err := Integrate(c.eqs, env, method)
		if why, ok := knownDifferences[key]; ok || knownDifferences[label] != "" {
			if why == "" {
				why = knownDifferences[label]
			}
			if trial == 0 {
				t.Logf("known difference (%s): Brian2: %s; myelin: %v", why, firstLine(ref), err)
			}
			return
		}
		if refErr || err != nil {
			if !refErr {
				t.Fatalf("myelin refuses what Brian2 integrates: %v", err)
			}
			var u *UnsupportedError
			if err == nil || !errors.As(err, &u) {
				t.Fatalf("Brian2 refuses (%s) but myelin gives %v:\n%v", ref, err, got)
			}
			if trial == 0 {
				t.Logf("both refuse: Brian2 %s; myelin: %v", ref, err)
			}
			return
		}
		if trial == 0 {
			t.Logf("myelin:\n%s", got)
		}
		mine := compileProgram(t, dropNoise(got.Stmts))
		for _, xi := range noiseNames(c.eqs) {
			vals[xi] = math.Sqrt(vals["dt"]) * rng.NormFloat64()
		}
		sm, sr := mine.state(vals), refProg.state(vals)
		mine.run(sm)
		refProg.run(sr)
		for v := range states {
			a, b := mine.get(sm, v), refProg.get(sr, v)
			if !(math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))) {
				t.Errorf("trial %d: %s = %.17g, Brian2 gives %.17g (values %v)", trial, v, a, b, vals)
			}
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// dropNoise removes the statements that draw the noise increments, whose
// order differs between Brian2 runs; the tests set them directly.
func dropNoise(stmts []*expr.Stmt) []*expr.Stmt {
	var out []*expr.Stmt
	for _, s := range stmts {
		if !IsNoise(s.Target.Name) {
			out = append(out, s)
		}
	}
	return out
}

func noiseNames(eqs []DiffEq) []string {
	seen := map[string]bool{}
	var out []string
	for _, eq := range eqs {
		for _, n := range expr.Names(eq.RHS) {
			if IsNoise(n) && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	sort.Strings(out)
	return out
}
