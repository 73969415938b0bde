package expr

import (
	"math"
	"testing"
)

func TestStringCanonical(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a+b", "a + b"},
		{"(ge+gi-(v-El))/taum", "(ge + gi - (v - El)) / taum"},
		{"-2**2", "-2 ** 2"},
		{"2**-1", "2 ** -1"},
		{"a or b and not c", "a or b and not c"},
		{"f( x ,y, )", "f(x, y)"},
		{"rand()<0.2", "rand() < 0.2"},
		{"((a))", "((a))"},
		{"1e-3*.5+3.", "1e-3 * .5 + 3."},
		{"not(a)", "not (a)"},
		{"--a", "--a"},
		{"a- -b", "a - -b"},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", tt.src, err)
			continue
		}
		if got := String(x); got != tt.want {
			t.Errorf("String(%q) = %q, want %q", tt.src, got, tt.want)
		}
	}

	stmts, err := ParseStmts("v=Vr;w+=b\n\nx/=2")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := StmtsString(stmts), "v = Vr\nw += b\nx /= 2"; got != want {
		t.Errorf("StmtsString = %q, want %q", got, want)
	}
	if got := stmts[1].String(); got != "w += b" {
		t.Errorf("Stmt.String = %q", got)
	}
}

// TestStringBuilt checks the parentheses String adds to trees that a
// program built without Paren nodes.
func TestStringBuilt(t *testing.T) {
	a, b, c := &Name{Name: "a"}, &Name{Name: "b"}, &Name{Name: "c"}
	bin := func(x Expr, op Op, y Expr) Expr { return &Binary{X: x, Op: op, Y: y} }
	un := func(op Op, x Expr) Expr { return &Unary{Op: op, X: x} }
	num := func(v float64, isInt bool) Expr { return &Num{Value: v, IsInt: isInt} }
	tests := []struct {
		x    Expr
		want string
	}{
		{bin(bin(a, OpAdd, b), OpMul, c), "(a + b) * c"},
		{bin(a, OpSub, bin(b, OpSub, c)), "a - (b - c)"},
		{bin(bin(a, OpSub, b), OpSub, c), "a - b - c"},
		{bin(a, OpDiv, bin(b, OpMul, c)), "a / (b * c)"},
		{bin(bin(a, OpPow, b), OpPow, c), "(a ** b) ** c"},
		{bin(a, OpPow, bin(b, OpPow, c)), "a ** b ** c"},
		{bin(un(OpNeg, a), OpPow, b), "(-a) ** b"},
		{un(OpNeg, bin(a, OpPow, b)), "-a ** b"},
		{bin(a, OpPow, un(OpNeg, b)), "a ** -b"},
		{un(OpNeg, bin(a, OpAdd, b)), "-(a + b)"},
		{bin(bin(a, OpLt, b), OpLt, c), "(a < b) < c"},
		{bin(a, OpEq, bin(b, OpEq, c)), "a == (b == c)"},
		{bin(a, OpAdd, un(OpNot, b)), "a + (not b)"},
		{bin(un(OpNot, a), OpAnd, b), "not a and b"},
		{un(OpNot, bin(a, OpAnd, b)), "not (a and b)"},
		{un(OpNot, bin(a, OpLt, b)), "not a < b"},
		{bin(bin(a, OpOr, b), OpAnd, c), "(a or b) and c"},
		{bin(a, OpOr, bin(b, OpAnd, c)), "a or b and c"},
		{bin(un(OpNeg, a), OpMul, b), "-a * b"},
		{bin(a, OpLt, un(OpNot, b)), "a < (not b)"},
		{&Call{Fun: &Name{Name: "f"}, Args: []Expr{bin(a, OpAdd, b), c}}, "f(a + b, c)"},
		{num(3, true), "3"},
		{num(3, false), "3."},
		{num(0.1, false), "0.1"},
		{num(1e21, false), "1e+21"},
		{num(math.Inf(1), false), "inf"},
		{num(math.NaN(), false), "nan"},
		{bin(num(-2, true), OpPow, num(2, true)), "(-2) ** 2"},
		{bin(a, OpSub, num(-2, true)), "a - -2"},
	}
	for _, tt := range tests {
		got := String(tt.x)
		if got != tt.want {
			t.Errorf("String(%s) = %q, want %q", sexpr(tt.x), got, tt.want)
			continue
		}
		y, err := ParseExpr(got)
		if err != nil {
			t.Errorf("ParseExpr(%q): %v", got, err)
			continue
		}
		if n, ok := tt.x.(*Num); ok && (n.Value < 0 || n.Value != n.Value || math.IsInf(n.Value, 0)) {
			continue // printed as a name or a unary minus
		}
		if !hasNegNum(tt.x) && !Equal(tt.x, y) {
			t.Errorf("ParseExpr(String(%s)) = %s", sexpr(tt.x), sexpr(y))
		}
	}
	if got := String(nil); got != "<nil>" {
		t.Errorf("String(nil) = %q", got)
	}
	if got := String(&Binary{X: a}); got != "(a) ? (<nil>)" {
		t.Errorf("String(broken) = %q", got)
	}
}

func hasNegNum(x Expr) bool {
	found := false
	Inspect(x, func(n Node) bool {
		if n, ok := n.(*Num); ok && n.Value < 0 {
			found = true
		}
		return true
	})
	return found
}

func TestEqual(t *testing.T) {
	parse := func(s string) Expr {
		x, err := ParseExpr(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	tests := []struct {
		a, b             string
		equal, identical bool
	}{
		{"a + b", "a+b", true, true},
		{"a + b", "(a + b)", true, false},
		{"(a) * ((b))", "a * b", true, false},
		{"1e3", "1000.", true, false},
		{"1000", "1000.", false, false},
		{"a + b", "b + a", false, false},
		{"f(a)", "f(a, b)", false, false},
		{"f(a)", "g(a)", false, false},
		{"-a", "+a", false, false},
		{"a < b", "a <= b", false, false},
	}
	for _, tt := range tests {
		a, b := parse(tt.a), parse(tt.b)
		if got := Equal(a, b); got != tt.equal {
			t.Errorf("Equal(%q, %q) = %v", tt.a, tt.b, got)
		}
		if got := Identical(a, b); got != tt.identical {
			t.Errorf("Identical(%q, %q) = %v", tt.a, tt.b, got)
		}
	}
	nan := &Num{Value: math.NaN()}
	if !Equal(nan, &Num{Value: math.NaN()}) || Equal(nan, &Num{}) {
		t.Error("Equal does not treat NaN as a value")
	}
	if !Equal(nil, nil) || Equal(nil, parse("a")) || !Equal((*Name)(nil), nil) {
		t.Error("Equal mishandles nil")
	}
	s1, _ := ParseStmts("v = (a)")
	s2, _ := ParseStmts("v = a")
	if !Equal(s1[0], s2[0]) || Identical(s1[0], s2[0]) {
		t.Error("Equal/Identical of statements")
	}
}
