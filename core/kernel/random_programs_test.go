package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// progGen writes random programs in the test syntax.
type progGen struct {
	r     *rand.Rand
	temps []string
}

var (
	progVecs    = []string{"v", "w", "x", "y", "z", "m", "p"}
	progScalars = []string{"s", "t", "dt"}
)

func (g *progGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *progGen) leaf(scalar bool) string {
	switch k := g.r.IntN(10); {
	case k < 2:
		return fmt.Sprintf("%.3g", g.r.Float64()*4-2)
	case k < 4 || scalar:
		return g.pick(progScalars)
	case k < 5 && len(g.temps) > 0:
		return g.pick(g.temps)
	case k < 6:
		return g.pick(progVecs) + "[" + g.pick([]string{"post", "perm"}) + "]"
	}
	return g.pick(progVecs)
}

func (g *progGen) expr(depth int, scalar bool) string {
	if depth == 0 || g.r.IntN(4) == 0 {
		return g.leaf(scalar)
	}
	a, b := g.expr(depth-1, scalar), g.expr(depth-1, scalar)
	switch g.r.IntN(16) {
	case 0:
		return "exp(" + a + "*0.1)"
	case 1:
		return "(" + a + " > " + b + ")"
	case 2:
		return "clip(" + a + ", -0.5, " + b + ")"
	case 3:
		return "(" + a + ")**" + g.pick([]string{"2", "3", "4", "-1"})
	case 4:
		if !scalar {
			return "(" + a + " + " + g.pick([]string{"rand()", "randn()", "poisson(2)"}) + ")"
		}
		return a
	case 5:
		return "-(" + a + ")"
	case 6:
		return "(" + a + ") / (" + b + " + 3)"
	case 7, 8:
		return "(" + a + ") * " + b
	case 9, 10:
		return "(" + a + ") - " + b
	case 11:
		return "(" + a + " - " + b + ")*" + g.leaf(true)
	case 12:
		return a + "*" + g.leaf(true) + " + " + b
	}
	return "(" + a + ") + " + b
}

func (g *progGen) program() string {
	g.temps = nil
	var lines []string
	n := 1 + g.r.IntN(7)
	for i := 0; i < n; i++ {
		switch k := g.r.IntN(12); {
		case k < 3:
			name := fmt.Sprintf("_%c", 'a'+rune(g.r.IntN(4)))
			lines = append(lines, name+" = "+g.expr(3, false))
			g.temps = append(g.temps, name)
		case k < 4 && len(g.temps) > 0:
			lines = append(lines, g.pick(g.temps)+" "+g.pick([]string{"+=", "*="})+" "+g.expr(2, false))
		case k < 5:
			lines = append(lines, "g[post] "+g.pick([]string{"=", "+=", "-=", "*="})+" "+g.expr(2, false))
		case k < 6:
			lines = append(lines, "s "+g.pick([]string{"=", "+="})+" "+g.expr(2, true))
		case k < 8 && len(g.temps) > 0:
			lines = append(lines, g.pick(progVecs)+" = "+g.pick(g.temps))
		default:
			lines = append(lines, g.pick(progVecs)+" "+g.pick([]string{"=", "=", "+=", "*="})+" "+g.expr(3, false))
		}
	}
	return strings.Join(lines, "; ")
}

func TestRandomPrograms(t *testing.T) {
	g := &progGen{r: rand.New(rand.NewPCG(11, 12))}
	count := 400
	if testing.Short() {
		count = 100
	}
	compiled := 0
	for i := 0; i < count; i++ {
		code := g.program()
		for _, n := range []int{1, 257, 600} {
			for _, mode := range []runMode{runModes[0], runModes[3]} {
				ek, er := fixture(n, uint64(i)), fixture(n, uint64(i))
				k, err := Compile(ek.parse(t, code))
				if err != nil {
					if strings.Contains(err.Error(), "both element by element and through an index") {
						continue
					}
					t.Fatalf("%s: %v", code, err)
				}
				compiled++
				sr := er.parse(t, code)
				rk, rr := rand.New(rand.NewPCG(3, 4)), rand.New(rand.NewPCG(3, 4))
				var elems []int32
				if mode.index {
					elems = mode.elems(n, rand.New(rand.NewPCG(uint64(n), 5)))
					k.RunIndices(elems, rk)
				} else {
					elems = iotaN(0, n)
					k.Run(0, n, rk)
				}
				refRun(sr, elems, rr)
				for name, c := range ek.cols {
					want := er.cols[name].Data
					for j, got := range c.Data {
						if !sameBits(got, want[j]) {
							t.Fatalf("%s\nn=%d %s: %s[%d] = %v (%#x), reference %v (%#x)\n%s",
								code, n, mode.name, name, j, got, math.Float64bits(got), want[j], math.Float64bits(want[j]), k)
						}
					}
				}
				if rk.Uint64() != rr.Uint64() {
					t.Fatalf("%s\nn=%d %s: the generators differ\n%s", code, n, mode.name, k)
				}
			}
		}
	}
	if compiled < count {
		t.Errorf("only %d of %d runs compiled", compiled, 6*count)
	}
}
