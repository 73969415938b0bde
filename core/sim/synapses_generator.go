package sim

import (
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
)

// generator is Brian2's generator syntax for Connect's i or j:
//
//	element for inner in range(low, high, step) if condition
//	element for inner in sample(low, high, step, p=p) if condition
//	element for inner in sample(low, high, step, size=n) if condition
//
// range and sample take one to three positional arguments (high; low,
// high; low, high, step) as Python's range does. Without "for", the
// element is one index ("i", "i+1 if i < N_pre-1"), as Brian2 reads it:
// element for _ in range(1) if condition. myelin also reads a lone
// sample(...) or range(...) as k for k in sample(...).
//
// Every expression keeps positions into the source string.
type generator struct {
	src       string
	elem      expr.Expr // nil: the inner variable itself
	inner     string
	fn        string    // "range" or "sample"
	low, high expr.Expr // low may be nil (0)
	step      expr.Expr // nil: 1
	p, size   expr.Expr // sample: one of them
	cond      expr.Expr // nil: always
}

// keyword finds the whole word kw at parenthesis depth 0 in src, from
// offset from; -1 if there is none.
func keyword(src, kw string, from int) int {
	depth := 0
	for i := from; i < len(src); i++ {
		switch c := src[i]; {
		case c == '(' || c == '[':
			depth++
		case c == ')' || c == ']':
			depth--
		case c == '#':
			return -1
		case depth == 0 && strings.HasPrefix(src[i:], kw) &&
			(i == 0 || !isIdentByte(src[i-1])) && (i+len(kw) == len(src) || !isIdentByte(src[i+len(kw)])):
			// not inside a number such as 1e5 followed by a letter: names
			// and numbers both consist of identifier bytes, so a word
			// boundary on both sides is enough
			return i
		}
	}
	return -1
}

func isIdentByte(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '.'
}

// parseAt parses src[lo:hi] as an expression whose positions are offsets
// into src.
func parseAt(src string, lo, hi int) (expr.Expr, error) {
	if strings.TrimSpace(src[lo:hi]) == "" {
		return nil, expr.ErrorList{{Pos: expr.Pos(lo), Msg: "an expression is missing here"}}
	}
	return expr.ParseExpr(strings.Repeat(" ", lo) + src[lo:hi])
}

func genErr(pos int, format string, args ...any) error {
	return expr.ErrorList{{Pos: expr.Pos(pos), Msg: fmt.Sprintf(format, args...)}}
}

const genExample = "a generator such as 'k for k in range(i-10, i+10)'"

// parseGenerator parses Brian2's generator syntax.
func parseGenerator(src string) (*generator, error) {
	g := &generator{src: src}
	forAt := keyword(src, "for", 0)
	if forAt < 0 {
		t := strings.TrimSpace(src)
		if (strings.HasPrefix(t, "sample(") || strings.HasPrefix(t, "range(")) && strings.HasSuffix(t, ")") && keyword(src, "if", 0) < 0 {
			// myelin's shorthand: sample(N_post, p=0.1) is k for k in sample(N_post, p=0.1)
			g.inner = "_k"
			return g, g.iterator(src, strings.Index(src, t), len(src))
		}
		// element [if cond]: one element per outer index
		end := len(src)
		if ifAt := keyword(src, "if", 0); ifAt >= 0 {
			if keyword(src, "if", ifAt+2) >= 0 {
				return nil, genErr(ifAt, "%s must have at most one 'if'", genExample)
			}
			cond, err := parseAt(src, ifAt+2, len(src))
			if err != nil {
				return nil, err
			}
			g.cond, end = cond, ifAt
		}
		x, err := parseAt(src, 0, end)
		if err != nil {
			return nil, err
		}
		g.elem, g.inner, g.fn, g.high = x, "_", "range", &expr.Num{ValuePos: expr.NoPos, Lit: "1", Value: 1, IsInt: true}
		return g, nil
	}
	if keyword(src, "for", forAt+3) >= 0 {
		return nil, genErr(keyword(src, "for", forAt+3), "%s must have only one 'for'", genExample)
	}
	elem, err := parseAt(src, 0, forAt)
	if err != nil {
		return nil, err
	}
	inAt := keyword(src, "in", forAt+3)
	if inAt < 0 {
		return nil, genErr(forAt, "'in' is missing: write %s", genExample)
	}
	v := strings.TrimSpace(src[forAt+3 : inAt])
	if !validIdentifier(v) {
		return nil, genErr(forAt+3, "the generator must iterate over a single variable name, not '%s'", v)
	}
	g.inner = v
	if n, ok := elem.(*expr.Name); ok && n.Name == v {
		elem = nil
	}
	g.elem = elem
	end := len(src)
	if ifAt := keyword(src, "if", inAt+2); ifAt >= 0 {
		if next := keyword(src, "if", ifAt+2); next >= 0 {
			return nil, genErr(next, "%s must have at most one 'if'", genExample)
		}
		cond, err := parseAt(src, ifAt+2, len(src))
		if err != nil {
			return nil, err
		}
		g.cond, end = cond, ifAt
	}
	return g, g.iterator(src, inAt+2, end)
}

// iterator parses range(...) or sample(...) in src[lo:hi].
func (g *generator) iterator(src string, lo, hi int) error {
	for lo < hi && src[lo] == ' ' || lo < hi && src[lo] == '\t' {
		lo++
	}
	for hi > lo && (src[hi-1] == ' ' || src[hi-1] == '\t') {
		hi--
	}
	open := strings.IndexByte(src[lo:hi], '(')
	if open < 0 || src[hi-1] != ')' {
		return genErr(lo, "the iterator must be range(...) or sample(...), not '%s'", src[lo:hi])
	}
	fn := strings.TrimSpace(src[lo : lo+open])
	if fn != "range" && fn != "sample" {
		return genErr(lo, "the iterator must be range(...) or sample(...), not %s(...)", fn)
	}
	g.fn = fn
	// split the arguments at commas of depth 0
	var args []expr.Expr
	kw := map[string]expr.Expr{}
	start := lo + open + 1
	depth := 0
	for i := start; i <= hi-1; i++ {
		c := src[i]
		if i < hi-1 {
			if c == '(' {
				depth++
			} else if c == ')' {
				depth--
			}
			if c != ',' || depth > 0 {
				continue
			}
		}
		// the argument src[start:i]
		a := src[start:i]
		if strings.TrimSpace(a) == "" {
			if i == hi-1 && len(args) == 0 && len(kw) == 0 {
				break // no arguments at all
			}
			return genErr(start, "an argument of %s is missing", fn)
		}
		if eq := strings.IndexByte(a, '='); eq > 0 && (eq+1 >= len(a) || a[eq+1] != '=') && !strings.ContainsAny(a[eq-1:eq], "<>!=") {
			key := strings.TrimSpace(a[:eq])
			if !validIdentifier(key) {
				return genErr(start, "'%s' is not a keyword argument", a[:eq])
			}
			x, err := parseAt(src, start+eq+1, i)
			if err != nil {
				return err
			}
			if _, dup := kw[key]; dup {
				return genErr(start, "the keyword argument %s is given twice", key)
			}
			kw[key] = x
		} else {
			if len(kw) > 0 {
				return genErr(start, "a positional argument cannot follow a keyword argument")
			}
			x, err := parseAt(src, start, i)
			if err != nil {
				return err
			}
			args = append(args, x)
		}
		start = i + 1
	}
	if len(args) == 0 || len(args) > 3 {
		return genErr(lo, "%s takes 1 to 3 positional arguments (high; low, high; or low, high, step), not %d", fn, len(args))
	}
	switch len(args) {
	case 1:
		g.high = args[0]
	case 2:
		g.low, g.high = args[0], args[1]
	case 3:
		g.low, g.high, g.step = args[0], args[1], args[2]
	}
	if fn == "range" {
		for k := range kw {
			return genErr(lo, "range takes no keyword arguments, but has %s=", k)
		}
		return nil
	}
	g.p, g.size = kw["p"], kw["size"]
	for k := range kw {
		if k != "p" && k != "size" {
			return genErr(lo, "sample takes one keyword argument, p or size, not %s", k)
		}
	}
	if (g.p == nil) == (g.size == nil) {
		return genErr(lo, "sample takes one keyword argument, either p (a probability) or size (a number of samples)")
	}
	return nil
}
