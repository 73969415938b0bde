package units

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseError is an error in a quantity string, at byte Offset (0-based).
type ParseError struct {
	Offset int
	Msg    string
}

// Error returns the message with its 1-based column: "column 4: unknown unit ...".
func (e *ParseError) Error() string { return fmt.Sprintf("column %d: %s", e.Offset+1, e.Msg) }

// Parse reads a quantity written as in Brian2 code: numbers and unit names
// combined with + - * / ** and parentheses, such as "10*mV", "-65*mV",
// "1*uF/cm**2", "(60*0.27/10)*mV", "5e-5*siemens*cm**-2" or "1/(50*ms)".
// A bare number is dimensionless. Errors are *ParseError values that carry
// the column.
func Parse(s string) (Quantity, error) { return ParseIn(s, nil) }

// ParseIn is [Parse] with extra names: lookup, when not nil, is asked first
// for every identifier (model constants, say) before the unit table.
func ParseIn(s string, lookup func(name string) (Quantity, bool)) (Quantity, error) {
	p := &parser{src: s, lookup: lookup}
	p.next()
	q, err := p.expr(0)
	if err != nil {
		return Quantity{}, err
	}
	if p.tok != tEOF {
		if p.tok == tNum || p.tok == tName {
			return Quantity{}, p.errorf(p.pos, "expected an operator before %q: write a product with '*', as in 10*mV", p.lit)
		}
		return Quantity{}, p.errorf(p.pos, "unexpected %s", p.describe())
	}
	return q, nil
}

// MustParse is [Parse] for constants in Go code; it panics on error.
func MustParse(s string) Quantity {
	q, err := Parse(s)
	if err != nil {
		panic("units: MustParse(" + strconv.Quote(s) + "): " + err.Error())
	}
	return q
}

type token int

const (
	tEOF token = iota
	tNum
	tName
	tOp // + - * / ** ( )
	tBad
)

// maxDepth bounds nesting so that no input can exhaust the stack.
const maxDepth = 100

type parser struct {
	src    string
	lookup func(string) (Quantity, bool)
	off    int // offset of the next unread byte
	tok    token
	pos    int    // offset of the current token
	lit    string // text of the current token
	depth  int
}

// next reads the next token into p.tok, p.pos and p.lit.
func (p *parser) next() {
	for p.off < len(p.src) && (p.src[p.off] == ' ' || p.src[p.off] == '\t') {
		p.off++
	}
	p.pos = p.off
	if p.off >= len(p.src) {
		p.tok, p.lit = tEOF, ""
		return
	}
	c := p.src[p.off]
	switch {
	case isDigit(c) || c == '.':
		end := p.off
		for end < len(p.src) && (isDigit(p.src[end]) || p.src[end] == '.') {
			end++
		}
		if end < len(p.src) && (p.src[end] == 'e' || p.src[end] == 'E') {
			k := end + 1
			if k < len(p.src) && (p.src[k] == '+' || p.src[k] == '-') {
				k++
			}
			if k < len(p.src) && isDigit(p.src[k]) {
				for k < len(p.src) && isDigit(p.src[k]) {
					k++
				}
				end = k
			}
		}
		p.tok, p.lit, p.off = tNum, p.src[p.off:end], end
	case isLetter(c):
		end := p.off
		for end < len(p.src) && (isLetter(p.src[end]) || isDigit(p.src[end])) {
			end++
		}
		p.tok, p.lit, p.off = tName, p.src[p.off:end], end
	case c == '*' && strings.HasPrefix(p.src[p.off:], "**"):
		p.tok, p.lit, p.off = tOp, "**", p.off+2
	case strings.IndexByte("+-*/()", c) >= 0:
		p.tok, p.lit, p.off = tOp, string(c), p.off+1
	default:
		r := []rune(p.src[p.off:])[0]
		p.tok, p.lit = tBad, string(r)
		p.off += len(p.lit)
	}
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func (p *parser) errorf(off int, format string, args ...any) error {
	return &ParseError{Offset: off, Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) describe() string {
	switch p.tok {
	case tEOF:
		return "end of input"
	case tBad:
		if p.lit == "^" {
			return "'^': write powers with '**', as in cm**2"
		}
		return fmt.Sprintf("character %q", p.lit)
	}
	return fmt.Sprintf("%q", p.lit)
}

// Binary operator precedence: + - bind loosest, then * and /.
func precedence(op string) int {
	switch op {
	case "+", "-":
		return 1
	case "*", "/":
		return 2
	}
	return 0
}

// expr parses a chain of binary operators of at least the given precedence.
func (p *parser) expr(minPrec int) (Quantity, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return Quantity{}, p.errorf(p.pos, "expression nested too deeply")
	}
	x, err := p.unary()
	if err != nil {
		return x, err
	}
	for p.tok == tOp && precedence(p.lit) > minPrec {
		op, opPos := p.lit, p.pos
		p.next()
		y, err := p.expr(precedence(op))
		if err != nil {
			return y, err
		}
		switch op {
		case "+":
			x, err = x.Add(y)
		case "-":
			x, err = x.Sub(y)
		case "*":
			x = x.Mul(y)
		case "/":
			x = x.Div(y)
		}
		if err != nil {
			return x, &ParseError{Offset: opPos, Msg: err.Error()}
		}
	}
	return x, nil
}

// unary parses a signed power: -x binds looser than ** (-2**2 is -4).
func (p *parser) unary() (Quantity, error) {
	if p.tok == tOp && (p.lit == "-" || p.lit == "+") {
		neg := p.lit == "-"
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return Quantity{}, p.errorf(p.pos, "expression nested too deeply")
		}
		x, err := p.unary()
		if neg {
			x = x.Neg()
		}
		return x, err
	}
	return p.power()
}

func (p *parser) power() (Quantity, error) {
	x, err := p.atom()
	if err != nil || !(p.tok == tOp && p.lit == "**") {
		return x, err
	}
	p.next()
	expPos := p.pos
	e, err := p.unary()
	if err != nil {
		return e, err
	}
	if !e.Dim.IsDimensionless() {
		return Quantity{}, p.errorf(expPos, "the exponent must be dimensionless, but it is in %s", e.Dim)
	}
	r, err := x.Pow(e.Value)
	if err != nil {
		return r, &ParseError{Offset: expPos, Msg: err.Error()}
	}
	return r, nil
}

func (p *parser) atom() (Quantity, error) {
	switch p.tok {
	case tNum:
		v, err := strconv.ParseFloat(p.lit, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return Quantity{}, p.errorf(p.pos, "number %s is out of range", p.lit)
			}
			return Quantity{}, p.errorf(p.pos, "malformed number %q", p.lit)
		}
		p.next()
		return Number(v), nil
	case tName:
		name, pos := p.lit, p.pos
		p.next()
		if p.lookup != nil {
			if q, ok := p.lookup(name); ok {
				return q, nil
			}
		}
		if q, ok := Lookup(name); ok {
			return q, nil
		}
		msg := fmt.Sprintf("unknown unit %q", name)
		if s := Suggest(name); len(s) > 0 {
			msg += " — did you mean " + orList(s) + "?"
		}
		return Quantity{}, &ParseError{Offset: pos, Msg: msg}
	case tOp:
		if p.lit == "(" {
			open := p.pos
			p.next()
			x, err := p.expr(0)
			if err != nil {
				return x, err
			}
			if !(p.tok == tOp && p.lit == ")") {
				return Quantity{}, p.errorf(p.pos, "expected ')' to close the '(' at column %d, found %s", open+1, p.describe())
			}
			p.next()
			return x, nil
		}
	}
	return Quantity{}, p.errorf(p.pos, "expected a number or a unit, found %s", p.describe())
}

// orList quotes names and joins them: 'a', 'b' or 'c'.
func orList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}
