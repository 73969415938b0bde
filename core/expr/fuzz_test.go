package expr

import (
	"errors"
	"strings"
	"testing"
)

// fuzzSeeds are realistic code strings from Brian2 models, and a few broken
// ones.
var fuzzSeeds = []string{
	"(ge+gi-(v-El))/taum",
	"-ge/taue",
	"v = Vr",
	"v > Vt",
	"0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-n)",
	"rand() < 0.2",
	"int(i/10)%2 == 0",
	"v = El; w += b",
	"ge_post += w\nApre += dApre\nw = clip(w + Apost, 0, wmax)",
	"(gl*(El-v) + ge*(Ee-v) + gi*(Ei-v) - w + I)/C",
	"g_na*(m*m*m)*h*(ENa-v)",
	"alpha_m*(1-m) - beta_m*m",
	"-v/tau + sigma*sqrt(2/tau)*xi",
	"v > -20*mV and not_refractory",
	"i != j and rand() < p",
	"exp(-(x_pre-x_post)**2/(2*width**2))",
	"1e-3 + .5 - 3. * 2.5E+3 // 7 % 2",
	"not (a < b) or c >= d",
	"-2**2 + 2**-1 + 2**3**2",
	"v = (El +\n     dv)  # comment",
	"lastspike = t; not_refractory = False",
	"a < b < c",
	"f(x,, y",
	"3mV && x ^ 2",
	"v == 0\nw = ",
	strings.Repeat("(", 250) + "x",
}

// FuzzParse checks that no input makes the parsers panic, that every error
// has a position inside the input, and that every tree prints as source
// that parses back to the same tree.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		x, err := ParseExpr(src)
		checkErrors(t, src, err)
		if err == nil {
			checkNodes(t, src, x)
			s := String(x)
			y, err := ParseExpr(s)
			if err != nil {
				t.Fatalf("ParseExpr(%q) ok, but its String %q: %v", src, s, err)
			}
			if !Identical(x, y) || !Equal(x, y) {
				t.Fatalf("ParseExpr(%q) = %s, but its String %q parses to %s", src, sexpr(x), s, sexpr(y))
			}
			if s2 := String(y); s2 != s {
				t.Fatalf("String not stable: %q then %q", s, s2)
			}
		}

		stmts, err := ParseStmts(src)
		checkErrors(t, src, err)
		if err == nil {
			for _, st := range stmts {
				checkNodes(t, src, st)
			}
			s := StmtsString(stmts)
			again, err := ParseStmts(s)
			if err != nil {
				t.Fatalf("ParseStmts(%q) ok, but its String %q: %v", src, s, err)
			}
			if len(again) != len(stmts) {
				t.Fatalf("ParseStmts(%q): %d statements, %d after printing", src, len(stmts), len(again))
			}
			for i := range stmts {
				if !Identical(stmts[i], again[i]) {
					t.Fatalf("ParseStmts(%q)[%d] = %s, printed and parsed %s", src, i, sexpr(stmts[i]), sexpr(again[i]))
				}
			}
		}
	})
}

// checkErrors checks that err is nil or a non-empty ErrorList of one-line
// messages at positions within src, sorted.
func checkErrors(t *testing.T, src string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var list ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		t.Fatalf("%q: error %v is not a non-empty ErrorList", src, err)
	}
	if len(list) > maxErrors {
		t.Fatalf("%q: %d errors", src, len(list))
	}
	for i, e := range list {
		if e.Pos < 0 || int(e.Pos) > len(src) {
			t.Fatalf("%q: error at %d, outside [0, %d]: %s", src, e.Pos, len(src), e.Msg)
		}
		if i > 0 && e.Pos <= list[i-1].Pos {
			t.Fatalf("%q: errors not sorted or repeated: %v", src, list)
		}
		if e.Msg == "" || strings.ContainsAny(e.Msg, "\n\r") {
			t.Fatalf("%q: bad message %q", src, e.Msg)
		}
		_ = e.Format(src)
	}
}

// checkNodes checks that every node lies within src, starts where it ends
// or before, and covers its children.
func checkNodes(t *testing.T, src string, n Node) {
	t.Helper()
	Inspect(n, func(c Node) bool {
		if c.Pos() < 0 || c.Pos() > c.End() || int(c.End()) > len(src) {
			t.Fatalf("%q: %T at [%d, %d)", src, c, c.Pos(), c.End())
		}
		Inspect(c, func(d Node) bool {
			if d.Pos() < c.Pos() || d.End() > c.End() {
				t.Fatalf("%q: %T [%d,%d) not within its parent %T [%d,%d)", src, d, d.Pos(), d.End(), c, c.Pos(), c.End())
			}
			return true
		})
		return true
	})
}
