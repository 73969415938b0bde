package eqs

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/myelin-sim/myelin/core/expr"
)

// maxErrors bounds the errors one call reports: after that many, the rest
// are mostly consequences of the first.
const maxErrors = 50

// Parse parses an equations string for the given owner and checks everything
// that can be checked without knowing what the external names mean: the
// syntax, the units of the declarations, the names (reserved ones, duplicates,
// clashes with units and functions), the flags the owner allows for each
// kind of equation, the use of the noise symbol xi, random functions in
// subexpressions, and cycles among subexpressions. Units of right-hand sides
// are checked by [Equations.Check].
//
// On failure it returns nil and an [expr.ErrorList] of every error found,
// sorted by position; positions are byte offsets into src.
func Parse(src string, owner Owner) (*Equations, error) {
	list, errs := parseSyntax(src)
	e := &Equations{src: src, owner: owner, list: list, byName: map[string]*Equation{}}
	errs = append(errs, e.semantics(len(errs) > 0)...)
	if len(errs) > 0 {
		return nil, tidy(errs)
	}
	return e, nil
}

// tidy sorts errors by position, drops exact repeats and caps their number.
func tidy(errs expr.ErrorList) expr.ErrorList {
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Pos < errs[j].Pos })
	out := errs[:0]
	for _, e := range errs {
		if n := len(out); n > 0 && out[n-1].Pos == e.Pos && out[n-1].Msg == e.Msg {
			continue
		}
		out = append(out, e)
	}
	if len(out) > maxErrors {
		out = out[:maxErrors]
	}
	return out
}

// parser reads equations with Brian2's grammar (a pyparsing grammar in
// brian2/equations/equations.py): tokens may be separated by any blanks,
// newlines and comments, except inside a right-hand side, which runs to the
// next ':' and ends early at an empty line.
type parser struct {
	src  string
	errs expr.ErrorList
	// unitErrs counts the errors in units: only the first few look for
	// similar names to suggest, which takes time.
	unitErrs int
}

// parseSyntax parses src into equations, without the semantic checks. An
// equation with an error in its unit or right-hand side is kept but marked
// bad; one whose structure could not be read is left out.
func parseSyntax(src string) ([]*Equation, expr.ErrorList) {
	p := &parser{src: src}
	var list []*Equation
	i := 0
	quiet := false // skip a line that does not start an equation, silently
	for len(p.errs) < maxErrors {
		i = p.skip(i)
		if i >= len(src) {
			break
		}
		if quiet {
			quiet = false
			if !isIdentStart(src[i]) {
				i = p.lineEnd(i) + 1
				continue
			}
		}
		nerr := len(p.errs)
		eq, next, fatal := p.equation(i)
		if fatal {
			// Resynchronise at the next line.
			at := int(p.errs[len(p.errs)-1].Pos)
			i = max(p.lineEnd(at)+1, i+1)
			quiet = true
			continue
		}
		if len(p.errs) > nerr {
			// The equation is kept, so that its name and flags are
			// checked too, but marked bad.
			eq.bad = true
			if k := p.skip(next); k < len(src) && !strings.Contains(src[trimBack(src, next):k], "\n") {
				// What follows on the same line is most likely part of
				// the same mistake.
				next = p.lineEnd(k) + 1
			}
		}
		list = append(list, eq)
		i = next
	}
	return list, p.errs
}

// trimBack moves i back over blanks and newlines.
func trimBack(src string, i int) int {
	for i > 0 && isSpace(src[i-1]) {
		i--
	}
	return i
}

func (p *parser) errorf(at int, format string, args ...any) {
	p.errs = append(p.errs, &expr.Error{Pos: expr.Pos(at), Msg: fmt.Sprintf(format, args...)})
}

func isLetter(c byte) bool     { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool      { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool { return isLetter(c) || c == '_' }
func isIdentChar(c byte) bool  { return isLetter(c) || isDigit(c) || c == '_' }
func isSpace(c byte) bool      { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// skip skips blanks, newlines and comments.
func (p *parser) skip(i int) int {
	for i < len(p.src) {
		switch c := p.src[i]; {
		case isSpace(c):
			i++
		case c == '#':
			i = p.lineEnd(i)
		default:
			return i
		}
	}
	return i
}

// skipComments skips comments that follow only blanks and newlines, and
// stays put when no comment follows. (This is how pyparsing's ignored
// expressions behave inside Brian2's right-hand sides.)
func (p *parser) skipComments(i int) int {
	for {
		j := i
		for j < len(p.src) && isSpace(p.src[j]) {
			j++
		}
		if j >= len(p.src) || p.src[j] != '#' {
			return i
		}
		i = p.lineEnd(j)
	}
}

// lineEnd returns the offset of the newline that ends the line of offset i,
// or len(src).
func (p *parser) lineEnd(i int) int {
	if i >= len(p.src) {
		return len(p.src)
	}
	if k := strings.IndexByte(p.src[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(p.src)
}

// ident returns the identifier that starts exactly at i, and its end.
func (p *parser) ident(i int) (string, int) {
	if i >= len(p.src) || !isIdentStart(p.src[i]) {
		return "", i
	}
	j := i + 1
	for j < len(p.src) && isIdentChar(p.src[j]) {
		j++
	}
	return p.src[i:j], j
}

// describe names what is found at offset i, for "but found ..." messages.
func (p *parser) describe(i int) string {
	if i >= len(p.src) {
		return "end of input"
	}
	c := p.src[i]
	switch {
	case c == '\n':
		return "end of line"
	case isIdentChar(c):
		j := i
		for j < len(p.src) && isIdentChar(p.src[j]) && j-i < 40 {
			j++
		}
		return "'" + p.src[i:j] + "'"
	}
	r, size := utf8.DecodeRuneInString(p.src[i:])
	if r == utf8.RuneError && size == 1 {
		return fmt.Sprintf("byte 0x%02x", c)
	}
	return fmt.Sprintf("%q", r) // '+', '\t', 'µ'
}

// equation parses one equation starting at offset start. It returns the
// offset after it; fatal reports a syntax error after which the parser must
// resynchronise.
func (p *parser) equation(start int) (eq *Equation, next int, fatal bool) {
	src := p.src
	name, j := p.ident(start)
	if name == "" {
		p.errorf(start, "expected an equation (dx/dt = ..., x = ... or x : unit) but found %s", p.describe(start))
		return nil, start, true
	}
	eq = &Equation{Name: name, Pos: expr.Pos(start), Start: expr.Pos(start)}
	k := p.skip(j)
	switch {
	case k < len(src) && src[k] == ':':
		eq.Kind = Parameter
		next, fatal = p.unitAndFlags(eq, k+1)
		return eq, next, fatal
	case k < len(src) && src[k] == '=':
		eq.Kind = Subexpression
		next, fatal = p.rhs(eq, k+1)
		return eq, next, fatal
	}
	// A differential equation: 'd' identifier '/' 'dt' '=', with blanks
	// allowed between the parts.
	if src[start] == 'd' {
		m := p.skip(start + 1)
		if v, n := p.ident(m); v != "" {
			if n2 := p.skip(n); n2 < len(src) && src[n2] == '/' {
				n3 := p.skip(n2 + 1)
				if !strings.HasPrefix(src[n3:], "dt") {
					p.errorf(n3, "expected dt in d%s/dt but found %s", v, p.describe(n3))
					return nil, start, true
				}
				n4 := p.skip(n3 + 2)
				if n4 >= len(src) || src[n4] != '=' {
					p.errorf(n4, "expected '=' after d%s/dt but found %s", v, p.describe(n4))
					return nil, start, true
				}
				eq.Kind, eq.Name, eq.Pos = Differential, v, expr.Pos(m)
				next, fatal = p.rhs(eq, n4+1)
				return eq, next, fatal
			}
		}
	}
	switch {
	case k < len(src) && src[k] == '/':
		p.errorf(k, "expected ':' or '=' after '%s' but found '/' (a differential equation is written dx/dt = ...)", name)
	default:
		p.errorf(k, "expected ':' and a unit, or '=', after '%s' but found %s", name, p.describe(k))
	}
	return nil, start, true
}

// rhs parses a right-hand side that starts after the '=' at offset i, then
// the unit and flags. A right-hand side is one or more segments of text
// free of ':', '#' and newlines; a newline (after an optional comment) lets
// it continue on the next line, unless that line is empty.
func (p *parser) rhs(eq *Equation, i int) (next int, fatal bool) {
	src := p.src
	i = p.skip(i)
	var segs [][2]int
	for {
		i = p.skipComments(i)
		a := i
		for i < len(src) && src[i] != ':' && src[i] != '#' && src[i] != '\n' {
			i++
		}
		if i == a {
			break
		}
		segs = append(segs, [2]int{a, i})
		if j := p.skipComments(i); j < len(src) && src[j] == '\n' {
			i = j + 1
		}
	}
	what := eq.Name
	if eq.Kind == Differential {
		what = "d" + eq.Name + "/dt"
	}
	if len(segs) == 0 {
		p.errorf(i, "expected the right-hand side of %s after '=' but found %s", what, p.describe(i))
		return i, true
	}
	colon := p.skip(i)
	haveColon := colon < len(src) && src[colon] == ':'
	// A continuation line that reads like the start of another equation
	// means that this one lacks its ': unit'.
	head := 0
	for k := 1; k < len(segs); k++ {
		if p.looksLikeHead(segs[k], haveColon && k == len(segs)-1) {
			head = k
			break
		}
	}
	missingUnit := func(segs [][2]int) {
		last := segs[len(segs)-1]
		end := last[0] + len(strings.TrimRight(src[last[0]:last[1]], " \t\r\f\v"))
		p.errorf(end, "missing ': unit' after the right-hand side of %s (such as ': volt', or ': 1' if dimensionless)", what)
	}
	if !haveColon {
		if head > 0 {
			missingUnit(segs[:head])
			p.parseRHS(segs[:head])
			return segs[head][0], false
		}
		if colon >= len(src) {
			missingUnit(segs)
			p.parseRHS(segs)
			return len(src), false
		}
		msg := fmt.Sprintf("expected ':' and the unit of %s after its right-hand side but found %s", eq.Name, p.describe(colon))
		if strings.Contains(src[i:colon], "\n") {
			msg += " (an empty line ends the right-hand side)"
		}
		p.errorf(colon, "%s", msg)
		return colon, true
	}
	x, errs := p.exprOf(segs)
	if len(errs) > 0 && head > 0 {
		missingUnit(segs[:head])
		p.parseRHS(segs[:head])
		return segs[head][0], false
	}
	p.errs = append(p.errs, errs...)
	eq.RHS = x
	return p.unitAndFlags(eq, colon+1)
}

// looksLikeHead reports whether the segment seg of a right-hand side starts
// like an equation: "x =" (not "=="), "dx/dt =", or, when it is the last
// segment before the ':', a lone name ("x : unit").
func (p *parser) looksLikeHead(seg [2]int, lastBeforeColon bool) bool {
	i := seg[0]
	for i < seg[1] && (p.src[i] == ' ' || p.src[i] == '\t' || p.src[i] == '\r') {
		i++
	}
	name, j := p.ident(i)
	if name == "" || j > seg[1] {
		return false
	}
	blank := func(k int) int {
		for k < seg[1] && (p.src[k] == ' ' || p.src[k] == '\t' || p.src[k] == '\r') {
			k++
		}
		return k
	}
	k := blank(j)
	if k < seg[1] && p.src[k] == '=' && (k+1 >= len(p.src) || p.src[k+1] != '=') {
		return true
	}
	if k == seg[1] {
		return lastBeforeColon
	}
	if name[0] == 'd' {
		m := blank(i + 1)
		if _, n := p.ident(m); n > m && n <= seg[1] {
			n = blank(n)
			if n < seg[1] && p.src[n] == '/' {
				n = blank(n + 1)
				if strings.HasPrefix(p.src[n:seg[1]], "dt") {
					n = blank(n + 2)
					return n < seg[1] && p.src[n] == '='
				}
			}
		}
	}
	return false
}

// exprOf parses the right-hand side made of segs. The text between the
// segments (newlines, comments) becomes blanks, so that the parser sees one
// line whose offsets are those of the equations string.
func (p *parser) exprOf(segs [][2]int) (expr.Expr, expr.ErrorList) {
	a, b := segs[0][0], segs[len(segs)-1][1]
	buf := []byte(p.src[a:b])
	k := 0
	for i := range buf {
		for k < len(segs) && a+i >= segs[k][1] {
			k++
		}
		if k < len(segs) && a+i < segs[k][0] {
			buf[i] = ' '
		}
	}
	x, err := expr.ParseExpr(string(buf))
	d := expr.Pos(a)
	if err != nil {
		var out expr.ErrorList
		if l, ok := err.(expr.ErrorList); ok {
			for _, e := range l {
				out = append(out, &expr.Error{Pos: e.Pos + d, Msg: e.Msg})
			}
		} else {
			out = append(out, &expr.Error{Pos: d, Msg: err.Error()})
		}
		return nil, out
	}
	shift(x, d)
	return x, nil
}

// parseRHS parses segs as a right-hand side only to report its errors.
func (p *parser) parseRHS(segs [][2]int) {
	_, errs := p.exprOf(segs)
	p.errs = append(p.errs, errs...)
}

// shift moves every position in x by d.
func shift(x expr.Expr, d expr.Pos) {
	expr.Inspect(x, func(n expr.Node) bool {
		switch n := n.(type) {
		case *expr.Num:
			n.ValuePos += d
		case *expr.Name:
			n.NamePos += d
		case *expr.Unary:
			n.OpPos += d
		case *expr.Binary:
			n.OpPos += d
		case *expr.Call:
			n.Lparen += d
			n.Rparen += d
		case *expr.Paren:
			n.Lparen += d
			n.Rparen += d
		}
		return true
	})
}

// unitAndFlags parses the unit that follows the ':' before offset i, and
// the optional flags.
func (p *parser) unitAndFlags(eq *Equation, i int) (next int, fatal bool) {
	src := p.src
	i = p.skip(i)
	a := i
	for i < len(src) && unitChar(src[i]) {
		i++
	}
	if i == a {
		p.errorf(a, "expected the unit of %s after ':' (such as volt, or 1 if dimensionless) but found %s", eq.Name, p.describe(a))
		return a, true
	}
	eq.Unit = strings.TrimRight(src[a:i], " ")
	eq.UnitPos = expr.Pos(a)
	if sp := strings.LastIndexByte(eq.Unit, ' '); sp >= 0 {
		// "x : volt y : volt": two equations on a line.
		if k := p.skip(i); k < len(src) && (src[k] == ':' || src[k] == '=') && !strings.Contains(src[i:k], "\n") {
			last := strings.TrimLeft(eq.Unit[sp:], " ")
			if _, n := p.ident(a + sp + 1); n == a+len(eq.Unit) && isIdentStart(last[0]) {
				p.errorf(a+sp+1, "expected the end of the line after the unit of %s but found '%s' (write one equation per line)", eq.Name, last)
				return k, true
			}
		}
	}
	dim, typ, err := parseUnit(eq.Unit, a, eq.Name, p.unitErrs < 3)
	if err != nil {
		p.errs = append(p.errs, err)
		p.unitErrs++
	}
	eq.Dim, eq.Type = dim, typ
	open := p.skip(i)
	if open >= len(src) || src[open] != '(' {
		return i, false
	}
	k := open + 1
	for {
		k = p.skip(k)
		if k >= len(src) || !isLetter(src[k]) {
			switch {
			case k < len(src) && src[k] == ')' && len(eq.Flags) == 0:
				p.errorf(open, "empty list of flags: name a flag or remove the parentheses")
			case k >= len(src):
				p.errorf(open, "unclosed '(' in the flags of %s", eq.Name)
			default:
				p.errorf(k, "expected a flag but found %s", p.describe(k))
			}
			return k, true
		}
		b := k
		for k < len(src) && (isIdentChar(src[k]) || src[k] == '-' || src[k] == ' ') {
			k++
		}
		eq.Flags = append(eq.Flags, strings.TrimRight(src[b:k], " "))
		eq.FlagPos = append(eq.FlagPos, expr.Pos(b))
		k = p.skip(k)
		switch {
		case k < len(src) && src[k] == ',':
			k++
		case k < len(src) && src[k] == ')':
			return k + 1, false
		case k >= len(src) || strings.Contains(src[open:k], "\n"):
			// Most likely the ')' is missing, rather than a flag that
			// continues on the next line.
			p.errorf(open, "unclosed '(' in the flags of %s", eq.Name)
			return open, true
		default:
			p.errorf(k, "expected ',' or ')' after the flag '%s' but found %s", eq.Flags[len(eq.Flags)-1], p.describe(k))
			return k, true
		}
	}
}
