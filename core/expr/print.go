package expr

import (
	"math"
	"strconv"
	"strings"
)

// String returns n as canonical source: one space around binary operators
// and after commas, none inside parentheses. Paren nodes print as the
// parentheses they stand for; elsewhere String adds the fewest parentheses
// that keep the tree's meaning, so trees built by a program print correctly
// too. Parsing the result gives back a tree that is [Equal] to n; for a tree
// from the parser it is even [Identical].
//
// A Num prints as its Lit; one made by a program with an empty Lit prints
// its Value: with a minus sign if negative (which parses back as a unary
// minus), and infinity and NaN as the names inf and nan.
func String(n Node) string {
	var b strings.Builder
	switch n := n.(type) {
	case *Stmt:
		writeStmt(&b, n)
	case Expr:
		writeExpr(&b, n)
	default:
		b.WriteString("<nil>")
	}
	return b.String()
}

// StmtsString returns the statements as canonical source, one a line.
func StmtsString(stmts []*Stmt) string {
	var b strings.Builder
	for i, s := range stmts {
		if i > 0 {
			b.WriteByte('\n')
		}
		writeStmt(&b, s)
	}
	return b.String()
}

func (n *Num) String() string    { return String(n) }
func (n *Name) String() string   { return String(n) }
func (n *Unary) String() string  { return String(n) }
func (n *Binary) String() string { return String(n) }
func (n *Call) String() string   { return String(n) }
func (n *Paren) String() string  { return String(n) }
func (s *Stmt) String() string   { return String(s) }

func writeStmt(b *strings.Builder, s *Stmt) {
	if s == nil {
		b.WriteString("<nil>")
		return
	}
	writeName(b, s.Target)
	b.WriteByte(' ')
	b.WriteString(s.Op.String())
	b.WriteByte(' ')
	writeExpr(b, s.Value)
}

func writeName(b *strings.Builder, n *Name) {
	if n == nil {
		b.WriteString("<nil>")
		return
	}
	b.WriteString(n.Name)
}

// exprPrec is the binding strength of x as an operand.
func exprPrec(x Expr) int {
	switch x := x.(type) {
	case *Binary:
		return binaryPrec(x.Op) // precNone for a bad operator: always parenthesised
	case *Unary:
		if x.Op == OpNot {
			return precNot
		}
		return precUnary
	case *Num:
		if x != nil && x.Lit == "" && (x.Value < 0 || math.Signbit(x.Value)) {
			return precUnary // printed as -v
		}
	}
	return precAtom
}

func writeExpr(b *strings.Builder, x Expr) {
	switch x := x.(type) {
	case *Num:
		if x == nil {
			break
		}
		b.WriteString(numString(x))
		return
	case *Name:
		if x == nil {
			break
		}
		writeName(b, x)
		return
	case *Paren:
		if x == nil {
			break
		}
		b.WriteByte('(')
		writeExpr(b, x.X)
		b.WriteByte(')')
		return
	case *Call:
		if x == nil {
			break
		}
		writeName(b, x.Fun)
		b.WriteByte('(')
		for i, a := range x.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, a)
		}
		b.WriteByte(')')
		return
	case *Unary:
		if x == nil {
			break
		}
		b.WriteString(x.Op.String())
		prec := precUnary
		if x.Op == OpNot {
			b.WriteByte(' ')
			prec = precNot
		}
		writeOperand(b, x.X, exprPrec(x.X) < prec)
		return
	case *Binary:
		if x == nil {
			break
		}
		prec := binaryPrec(x.Op)
		lp, rp := exprPrec(x.X), exprPrec(x.Y)
		var parenL, parenR bool
		switch prec {
		case precPow: // right-associative; the exponent may be unary
			parenL, parenR = lp <= prec, rp < precUnary
		case precCmp: // non-associative
			parenL, parenR = lp <= prec, rp <= prec
		default: // left-associative
			parenL, parenR = lp < prec, rp <= prec
		}
		writeOperand(b, x.X, parenL || prec == precNone)
		b.WriteByte(' ')
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		writeOperand(b, x.Y, parenR || prec == precNone)
		return
	}
	b.WriteString("<nil>")
}

func writeOperand(b *strings.Builder, x Expr, paren bool) {
	if paren {
		b.WriteByte('(')
	}
	writeExpr(b, x)
	if paren {
		b.WriteByte(')')
	}
}

// numString spells a number: its literal, or its value if it has none.
func numString(n *Num) string {
	if n.Lit != "" {
		return n.Lit
	}
	v := n.Value
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case n.IsInt && v == math.Trunc(v) && math.Abs(v) < 1e21:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += "." // a float literal, as IsInt says
	}
	return s
}
