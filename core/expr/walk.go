package expr

// Inspect traverses the tree n in source order (depth first, operands left
// to right). It calls f(n) and, if f returns true, inspects n's children:
// the operand of a Unary or Paren, both operands of a Binary, the function
// name and then the arguments of a Call, the target and then the value of
// a Stmt. Unlike go/ast.Inspect it does not call f(nil) after the children.
func Inspect(n Node, f func(Node) bool) {
	if isNil(n) || !f(n) {
		return
	}
	switch n := n.(type) {
	case *Unary:
		Inspect(n.X, f)
	case *Binary:
		Inspect(n.X, f)
		Inspect(n.Y, f)
	case *Call:
		Inspect(n.Fun, f)
		for _, a := range n.Args {
			Inspect(a, f)
		}
	case *Paren:
		Inspect(n.X, f)
	case *Stmt:
		Inspect(n.Target, f)
		Inspect(n.Value, f)
	}
}

// Names returns the distinct names that x uses as values, in order of first
// use. Names of called functions are left out (in exp(-t/tau) the names are
// t and tau), unless the same name is also used as a value. True and False
// are names to the parser and are included.
func Names(x Expr) []string {
	var names []string
	seen := make(map[string]bool)
	var visit func(Node) bool
	visit = func(n Node) bool {
		switch n := n.(type) {
		case *Name:
			if !seen[n.Name] {
				seen[n.Name] = true
				names = append(names, n.Name)
			}
		case *Call:
			for _, a := range n.Args {
				Inspect(a, visit)
			}
			return false
		}
		return true
	}
	Inspect(x, visit)
	return names
}

// FuncNames returns the distinct names of the functions that x calls, in
// order of first call.
func FuncNames(x Expr) []string {
	var names []string
	seen := make(map[string]bool)
	Inspect(x, func(n Node) bool {
		if c, ok := n.(*Call); ok && c.Fun != nil && !seen[c.Fun.Name] {
			seen[c.Fun.Name] = true
			names = append(names, c.Fun.Name)
		}
		return true
	})
	return names
}
