package expr

import (
	"fmt"
	"strings"
)

// sexpr writes x fully bracketed, Lisp style, so that tests can state the
// shape of a tree unambiguously: -2**2 is (neg (** 2 2)).
func sexpr(n Node) string {
	switch n := n.(type) {
	case *Num:
		return n.Lit
	case *Name:
		return n.Name
	case *Unary:
		return fmt.Sprintf("(%s %s)", map[Op]string{OpNeg: "neg", OpPos: "pos", OpNot: "not"}[n.Op], sexpr(n.X))
	case *Binary:
		return fmt.Sprintf("(%s %s %s)", n.Op, sexpr(n.X), sexpr(n.Y))
	case *Call:
		var b strings.Builder
		b.WriteString("(call " + n.Fun.Name)
		for _, a := range n.Args {
			b.WriteString(" " + sexpr(a))
		}
		return b.String() + ")"
	case *Paren:
		return "[" + sexpr(n.X) + "]"
	case *Stmt:
		return fmt.Sprintf("(%s %s %s)", n.Op, n.Target.Name, sexpr(n.Value))
	}
	return fmt.Sprintf("?%T", n)
}
