package expr

import "math"

// Equal reports whether a and b are the same tree, ignoring positions,
// parentheses (Paren nodes) and the spelling of numbers: 1e3 equals 1000.
// but not 1000, which is an integer. Use it to compare a tree with one that
// was printed and parsed again, or built by a program.
func Equal(a, b Node) bool { return equal(a, b, false) }

// Identical is like [Equal] but also requires the same Paren nodes and the
// same literal spelling of numbers. A tree from the parser is Identical to
// the parse of its [String].
func Identical(a, b Node) bool { return equal(a, b, true) }

func equal(a, b Node, strict bool) bool {
	if !strict {
		if x, ok := a.(Expr); ok {
			a = unparen(x)
		}
		if y, ok := b.(Expr); ok {
			b = unparen(y)
		}
	}
	if isNil(a) || isNil(b) {
		return isNil(a) && isNil(b)
	}
	switch a := a.(type) {
	case *Num:
		b, ok := b.(*Num)
		return ok && a.IsInt == b.IsInt && sameFloat(a.Value, b.Value) && (!strict || a.Lit == b.Lit)
	case *Name:
		b, ok := b.(*Name)
		return ok && a.Name == b.Name
	case *Unary:
		b, ok := b.(*Unary)
		return ok && a.Op == b.Op && equal(a.X, b.X, strict)
	case *Binary:
		b, ok := b.(*Binary)
		return ok && a.Op == b.Op && equal(a.X, b.X, strict) && equal(a.Y, b.Y, strict)
	case *Call:
		b, ok := b.(*Call)
		if !ok || !equal(a.Fun, b.Fun, strict) || len(a.Args) != len(b.Args) {
			return false
		}
		for i := range a.Args {
			if !equal(a.Args[i], b.Args[i], strict) {
				return false
			}
		}
		return true
	case *Paren:
		b, ok := b.(*Paren)
		return ok && equal(a.X, b.X, strict)
	case *Stmt:
		b, ok := b.(*Stmt)
		return ok && a.Op == b.Op && equal(a.Target, b.Target, strict) && equal(a.Value, b.Value, strict)
	}
	return false
}

// unparen is Unparen, safe for a nil *Paren.
func unparen(x Expr) Expr {
	for {
		p, ok := x.(*Paren)
		if !ok || p == nil {
			return x
		}
		x = p.X
	}
}

// sameFloat reports whether x and y are the same number, NaN included.
func sameFloat(x, y float64) bool {
	return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
}

// isNil reports whether n is nil or a nil pointer of one of the node types.
func isNil(n Node) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *Num:
		return n == nil
	case *Name:
		return n == nil
	case *Unary:
		return n == nil
	case *Binary:
		return n == nil
	case *Call:
		return n == nil
	case *Paren:
		return n == nil
	case *Stmt:
		return n == nil
	}
	return false
}
