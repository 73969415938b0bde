package expr

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseExprShape(t *testing.T) {
	tests := []struct{ src, want string }{
		// Precedence and associativity, as in Python.
		{"-2**2", "(neg (** 2 2))"},
		{"2**-1", "(** 2 (neg 1))"},
		{"2**-1*3", "(* (** 2 (neg 1)) 3)"},
		{"2**3**2", "(** 2 (** 3 2))"},
		{"a**-b**c", "(** a (neg (** b c)))"},
		{"(-2)**2", "(** [(neg 2)] 2)"},
		{"a or b and not c", "(or a (and b (not c)))"},
		{"not a and b", "(and (not a) b)"},
		{"not not a", "(not (not a))"},
		{"not a < b", "(not (< a b))"},
		{"a - b - c", "(- (- a b) c)"},
		{"a / b * c", "(* (/ a b) c)"},
		{"a // b % c * d", "(* (% (// a b) c) d)"},
		{"a + b * c", "(+ a (* b c))"},
		{"-a * b", "(* (neg a) b)"},
		{"a * -b", "(* a (neg b))"},
		{"- - a", "(neg (neg a))"},
		{"+a", "(pos a)"},
		{"a + b < c * d", "(< (+ a b) (* c d))"},
		{"a < b and b <= c or d != e", "(or (and (< a b) (<= b c)) (!= d e))"},
		{"(a < b) < c", "(< [(< a b)] c)"},
		{"a == b", "(== a b)"},
		{"a >= b", "(>= a b)"},
		{"a > b", "(> a b)"},
		// Calls.
		{"rand()", "(call rand)"},
		{"f(x, y)", "(call f x y)"},
		{"f(x, y,)", "(call f x y)"},
		{"f(g(x), -y)", "(call f (call g x) (neg y))"},
		{"int(i/10)%2 == 0", "(== (% (call int (/ i 10)) 2) 0)"},
		// Realistic Brian2 strings.
		{"(ge+gi-(v-El))/taum", "(/ [(- (+ ge gi) [(- v El)])] taum)"},
		{"rand() < 0.2", "(< (call rand) 0.2)"},
		{"v > Vt", "(> v Vt)"},
		{"True", "True"},
		{"not False", "(not False)"},
		{"xi_1*sqrt(tau)", "(* xi_1 (call sqrt tau))"},
		// Layout: blanks, comments, newlines.
		{"  \n# comment\n a + b  # trailing\n\n", "(+ a b)"},
		{"(a +\n b)", "[(+ a b)]"},
		{"f(a,\n  # comment\n  b)", "(call f a b)"},
		{"a + \\\n b", "(+ a b)"},
		{"a + \\\r\n b", "(+ a b)"},
		{"a\t+\rb", "(+ a b)"},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.src, err)
			continue
		}
		if got := sexpr(x); got != tt.want {
			t.Errorf("ParseExpr(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestNumbers(t *testing.T) {
	tests := []struct {
		src   string
		value float64
		isInt bool
	}{
		{"1", 1, true},
		{"0", 0, true},
		{"000", 0, true},
		{"42", 42, true},
		{"1e-3", 1e-3, false},
		{"1E3", 1000, false},
		{".5", 0.5, false},
		{"3.", 3, false},
		{"3.e2", 300, false},
		{"2.5E+3", 2500, false},
		{"0.32", 0.32, false},
		{"012.5", 12.5, false},
		{"1e-400", 0, false},
		{"12345678901234567890", 12345678901234567890, true},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.src, err)
			continue
		}
		n, ok := x.(*Num)
		if !ok {
			t.Errorf("ParseExpr(%q) = %T, want *Num", tt.src, x)
			continue
		}
		if n.Lit != tt.src || n.Value != tt.value || n.IsInt != tt.isInt {
			t.Errorf("ParseExpr(%q) = Num{Lit: %q, Value: %g, IsInt: %v}, want {%q, %g, %v}",
				tt.src, n.Lit, n.Value, n.IsInt, tt.src, tt.value, tt.isInt)
		}
	}
}

func TestParseStmts(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"", nil},
		{"\n\n  # only a comment\n;;", nil},
		{"v = Vr", []string{"(= v Vr)"}},
		{"v = Vr; w += b", []string{"(= v Vr)", "(+= w b)"}},
		{"v = Vr\nw += b\n", []string{"(= v Vr)", "(+= w b)"}},
		{"a -= 1;b *= 2 ;c /= 3;", []string{"(-= a 1)", "(*= b 2)", "(/= c 3)"}},
		{"v = El  # reset\n\n# refractory\nlastspike = t", []string{"(= v El)", "(= lastspike t)"}},
		{"v = (El +\n     dv)\nw = 0", []string{"(= v [(+ El dv)])", "(= w 0)"}},
		{"ge_post += w\nApre += dApre; w = clip(w + Apost, 0, wmax)",
			[]string{"(+= ge_post w)", "(+= Apre dApre)", "(= w (call clip (+ w Apost) 0 wmax))"}},
		{"x = a < b", []string{"(= x (< a b))"}},
		{"x = a == b", []string{"(= x (== a b))"}},
		{"v = \\\n  0", []string{"(= v 0)"}},
	}
	for _, tt := range tests {
		stmts, err := ParseStmts(tt.src)
		if err != nil {
			t.Errorf("ParseStmts(%q): %v", tt.src, err)
			continue
		}
		var got []string
		for _, s := range stmts {
			got = append(got, sexpr(s))
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("ParseStmts(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestPositions(t *testing.T) {
	src := "  exp(-(v - El)/tau) ** 2"
	x, err := ParseExpr(src)
	if err != nil {
		t.Fatal(err)
	}
	// Every node's Pos and End must delimit its own source text.
	want := map[string]bool{
		"exp(-(v - El)/tau) ** 2": true,
		"exp(-(v - El)/tau)":      true,
		"exp":                     true,
		"-(v - El)/tau":           true,
		"-(v - El)":               true,
		"(v - El)":                true,
		"v - El":                  true,
		"v":                       true,
		"El":                      true,
		"tau":                     true,
		"2":                       true,
	}
	Inspect(x, func(n Node) bool {
		text := src[n.Pos():n.End()]
		if !want[text] {
			t.Errorf("%T at [%d,%d) covers %q", n, n.Pos(), n.End(), text)
		}
		delete(want, text)
		return true
	})
	if len(want) > 0 {
		t.Errorf("no node covers %v", want)
	}
	b := x.(*Binary)
	if b.OpPos != 21 {
		t.Errorf("** at %d, want 21", b.OpPos)
	}

	stmts, err := ParseStmts("v = 1\n w += 2")
	if err != nil {
		t.Fatal(err)
	}
	if s := stmts[1]; s.Pos() != 7 || s.OpPos != 9 || s.End() != 13 {
		t.Errorf("w += 2: Pos %d, OpPos %d, End %d; want 7, 9, 13", s.Pos(), s.OpPos, s.End())
	}
}

// TestLimits checks that pathological input gives an error, not a stack
// overflow, and that ordinary sizes are accepted.
func TestLimits(t *testing.T) {
	ok := []string{
		strings.Repeat("(", 150) + "x" + strings.Repeat(")", 150),
		strings.Repeat("-", 150) + "x",
		"x" + strings.Repeat(" + x", 900),
		"x" + strings.Repeat("**x", 150),
	}
	for _, src := range ok {
		x, err := ParseExpr(src)
		if err != nil {
			t.Errorf("ParseExpr(%.20q...): %v", src, err)
			continue
		}
		if y, err := ParseExpr(String(x)); err != nil || !Identical(x, y) {
			t.Errorf("round trip of %.20q... failed: %v", src, err)
		}
	}
	bad := []struct{ src, msg string }{
		{strings.Repeat("(", 10000), "expression nested too deeply"},
		{strings.Repeat("(", 300) + "x" + strings.Repeat(")", 300), "expression nested too deeply"},
		{strings.Repeat("not ", 10000) + "x", "expression nested too deeply"},
		{strings.Repeat("-", 100000) + "x", "expression nested too deeply"},
		{"x" + strings.Repeat("**x", 300), "expression nested too deeply"},
		{"f(" + strings.Repeat("g(", 300), "expression nested too deeply"},
		{"x" + strings.Repeat(" + x", 2000), "expression too long"},
	}
	for _, tt := range bad {
		_, err := ParseExpr(tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseExpr(%.20q...) = %v, want %q", tt.src, err, tt.msg)
		}
		_, err = ParseStmts("v = " + tt.src)
		if err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("ParseStmts(v = %.20q...) = %v, want %q", tt.src, err, tt.msg)
		}
	}
}

// TestManyErrors checks that ParseStmts reports one error per bad
// statement, and stops at maxErrors.
func TestManyErrors(t *testing.T) {
	_, err := ParseStmts("a = 1 +\nb = $\nc = (2\nd = 3")
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 3 {
		t.Fatalf("got %v, want 3 errors", err)
	}
	if got, want := err.Error(), "offset 7: expected an expression but found newline"; !strings.HasPrefix(got, want) || !strings.HasSuffix(got, "(and 2 more errors)") {
		t.Errorf("Error() = %q", got)
	}
	var first *Error
	if !errors.As(err, &first) || first.Pos != 7 {
		t.Errorf("errors.As(*Error) = %v", first)
	}

	_, err = ParseStmts(strings.Repeat("x = $\n", 100))
	if !errors.As(err, &list) || len(list) != maxErrors {
		t.Errorf("got %d errors, want %d", len(list), maxErrors)
	}
}

func TestErrorList(t *testing.T) {
	var l ErrorList
	if l.Err() != nil {
		t.Error("empty ErrorList.Err() != nil")
	}
	l.add(3, "first")
	if got := l.Error(); got != "offset 3: first" {
		t.Errorf("Error() = %q", got)
	}
	l.add(1, "second")
	if got := l.Error(); got != "offset 3: first (and 1 more error)" {
		t.Errorf("Error() = %q", got)
	}
	l.add(1, "dup")
	l.tidy()
	if len(l) != 2 || l[0].Msg != "second" || l[1].Msg != "first" {
		t.Errorf("tidy: %v", l)
	}
	if got, want := l.Format("a\nbcd"), "1:2: second\n2:2: first"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}

func TestLineCol(t *testing.T) {
	src := "ab\nµ\tx\n"
	tests := []struct {
		pos       Pos
		line, col int
	}{
		{-5, 1, 1}, {0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1},
		{5, 2, 2}, // after the two-byte µ
		{6, 2, 3}, {7, 2, 4}, {8, 3, 1}, {99, 3, 1},
	}
	for _, tt := range tests {
		if l, c := LineCol(src, tt.pos); l != tt.line || c != tt.col {
			t.Errorf("LineCol(%d) = %d:%d, want %d:%d", tt.pos, l, c, tt.line, tt.col)
		}
	}
	e := &Error{Pos: 7, Msg: "boom"}
	if got := e.Format(src); got != "2:4: boom" {
		t.Errorf("Format = %q", got)
	}
}

func TestEmpty(t *testing.T) {
	_, err := ParseExpr("")
	if err == nil || err.Error() != "offset 0: expected an expression but found end of input" {
		t.Errorf("ParseExpr(\"\") = %v", err)
	}
	stmts, err := ParseStmts("")
	if stmts != nil || err != nil {
		t.Errorf("ParseStmts(\"\") = %v, %v", stmts, err)
	}
}

func TestHugeNumber(t *testing.T) {
	_, err := ParseExpr("1e999")
	if err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("1e999: %v", err)
	}
	x, err := ParseExpr("1e308")
	if err != nil || math.IsInf(x.(*Num).Value, 0) {
		t.Errorf("1e308: %v %v", x, err)
	}
}
