package sim

import (
	"fmt"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
)

func genString(g *generator) string {
	str := func(x expr.Expr) string {
		if x == nil {
			return "-"
		}
		return expr.String(x)
	}
	return fmt.Sprintf("elem=%s inner=%s fn=%s low=%s high=%s step=%s p=%s size=%s cond=%s",
		str(g.elem), g.inner, g.fn, str(g.low), str(g.high), str(g.step), str(g.p), str(g.size), str(g.cond))
}

func TestParseGenerator(t *testing.T) {
	cases := []struct{ src, want string }{
		{"k for k in range(10)", "elem=- inner=k fn=range low=- high=10 step=- p=- size=- cond=-"},
		{"k for k in range(i-3, i+4) if k != i", "elem=- inner=k fn=range low=i - 3 high=i + 4 step=- p=- size=- cond=k != i"},
		{"i+(-1)**k for k in range(2) if i>0 and i<N_pre-1", "elem=i + (-1) ** k inner=k fn=range low=- high=2 step=- p=- size=- cond=i > 0 and i < N_pre - 1"},
		{"k for k in range(0, N_post, 2)", "elem=- inner=k fn=range low=0 high=N_post step=2 p=- size=- cond=-"},
		{"k for k in sample(N_post, p=0.1)", "elem=- inner=k fn=sample low=- high=N_post step=- p=0.1 size=- cond=-"},
		{"k for k in sample(N_post, size=10)", "elem=- inner=k fn=sample low=- high=N_post step=- p=- size=10 cond=-"},
		{"k for k in sample(i, N_post, 2, p=exp(-i/10.)) if k >= i", "elem=- inner=k fn=sample low=i high=N_post step=2 p=exp(-i / 10.) size=- cond=k >= i"},
		{"k for k in sample(N_post, p = (i == 1)*0.5)", "elem=- inner=k fn=sample low=- high=N_post step=- p=(i == 1) * 0.5 size=- cond=-"},
		{"i", "elem=i inner=_ fn=range low=- high=1 step=- p=- size=- cond=-"},
		{"i+1 if i < N_pre-1", "elem=i + 1 inner=_ fn=range low=- high=1 step=- p=- size=- cond=i < N_pre - 1"},
		{"sample(N_post, p=0.1)", "elem=- inner=_k fn=sample low=- high=N_post step=- p=0.1 size=- cond=-"},
		{" for_x for for_x in range(int(3)) if info > 1", "elem=- inner=for_x fn=range low=- high=int(3) step=- p=- size=- cond=info > 1"},
		{"2*k for k in range(N_post//2) if (k if_ 1) ", ""},
	}
	for _, c := range cases {
		g, err := parseGenerator(c.src)
		if c.want == "" {
			if err == nil {
				t.Errorf("%q: no error", c.src)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", c.src, err)
			continue
		}
		if got := genString(g); got != c.want {
			t.Errorf("%q:\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

func TestParseGeneratorErrors(t *testing.T) {
	cases := []struct{ src, want string }{
		{"k for k in range(3) for m in range(2)", "offset 20: a generator such as 'k for k in range(i-10, i+10)' must have only one 'for'"},
		{"k for k range(3)", "'in' is missing"},
		{"k for k, m in range(3)", "offset 5: the generator must iterate over a single variable name, not 'k, m'"},
		{"k for k in xrange(3)", "offset 11: the iterator must be range(...) or sample(...), not xrange(...)"},
		{"k for k in range", "the iterator must be range(...) or sample(...)"},
		{"k for k in range()", "range takes 1 to 3 positional arguments"},
		{"k for k in range(1, 2, 3, 4)", "range takes 1 to 3 positional arguments"},
		{"k for k in range(3, step=1)", "range takes no keyword arguments"},
		{"k for k in sample(3)", "sample takes one keyword argument, either p"},
		{"k for k in sample(3, q=1)", "not q"},
		{"k for k in sample(3, p=1, p=2)", "given twice"},
		{"k for k in sample(p=0.1, 3)", "a positional argument cannot follow a keyword argument"},
		{"k for k in range(3,)", "offset 19: an argument of range is missing"},
		{"k for k in range(3) if k > 1 if k < 2", "offset 29: a generator such as 'k for k in range(i-10, i+10)' must have at most one 'if'"},
		{"k for k in range(3) if ", "offset 22: an expression is missing here"},
		{"for k in range(3)", "offset 0: an expression is missing here"},
		{"k for k in range(3 +)", "offset 20"},
		{"(k for k in range(3))", ""},
	}
	for _, c := range cases {
		_, err := parseGenerator(c.src)
		if err == nil {
			t.Errorf("%q: no error", c.src)
			continue
		}
		if c.want != "" && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.src, err, c.want)
		}
	}
}

// FuzzParseGenerator: the generator parser never panics, and its errors
// point inside the string.
func FuzzParseGenerator(f *testing.F) {
	for _, s := range []string{
		"k for k in range(i-3, i+4) if k != i", "i", "i+1 if i < N_pre-1",
		"k for k in sample(N_post, p=0.1)", "k for k in sample(0, N_post, 2, size=i//2) if k > (i)",
		"sample(N_post, size=10)", "((k)) for k in range((3), (4)) if (k if", "k for k in range(3,,)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		g, err := parseGenerator(src)
		if err != nil {
			if l, ok := err.(expr.ErrorList); ok {
				for _, e := range l {
					if e.Pos < 0 || int(e.Pos) > len(src) {
						t.Fatalf("%q: error at %d: %v", src, e.Pos, e)
					}
				}
			}
			return
		}
		if g.fn != "range" && g.fn != "sample" || g.high == nil || g.inner == "" {
			t.Fatalf("%q: incomplete generator %+v", src, g)
		}
	})
}

// FuzzConnect: connecting with any generator or condition either works or
// fails with an error; it never panics, and what it makes is in range.
func FuzzConnect(f *testing.F) {
	for _, s := range []string{
		"k for k in range(i-3, i+4) if k != i", "i", "i+1 if i < N_pre-1", "k for k in sample(N_post, p=0.1)",
		"k for k in sample(0, N_post, 2, size=i//2) if k > (i)", "sample(N_post, size=3)",
		"k for k in range(N_post) if y_post > x_pre", "j - i", "k*k for k in range(-5, 5) if k % 2 == 0",
	} {
		f.Add(s, false, true)
		f.Add(s, true, false)
	}
	f.Fuzz(func(t *testing.T, src string, skip, cond bool) {
		net, err := NewNetwork(1e-4, 1)
		if err != nil {
			t.Fatal(err)
		}
		g, _ := net.NewNeuronGroup(NeuronGroupSpec{Name: "G", N: 7, Model: "x : 1"})
		h, _ := net.NewNeuronGroup(NeuronGroupSpec{Name: "H", N: 5, Model: "y : 1"})
		src2, _ := g.Sub(1, 7)
		s, err := net.NewSynapses(SynapsesSpec{Name: "S", Source: src2, Target: All(h), Model: "w : 1"})
		if err != nil {
			t.Fatal(err)
		}
		c := ConnectSpec{JGen: src, SkipIfInvalid: skip}
		if cond {
			c = ConnectSpec{Condition: src}
		}
		if err := s.Connect(c); err != nil {
			return
		}
		for k, i := range s.I() {
			if j := s.J()[k]; i < 0 || i >= 6 || j < 0 || j >= 5 {
				t.Fatalf("%q: synapse %d→%d", src, i, j)
			}
		}
	})
}
