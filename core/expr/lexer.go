package expr

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lexer splits a code string into tokens, one at a time, on demand of the
// parser. It reports bad characters to errs and carries on: where the user
// wrote an operator of another language (&&, ||, !, ^) it reports the
// mistake and returns the operator that was meant, so that parsing can go on
// and find further errors.
type lexer struct {
	src   string
	off   int        // offset of the next unread byte
	opens []int      // offsets of the open '(': newlines inside them are whitespace
	nl    int        // offset+1 of the last newline skipped inside parentheses, or 0
	errs  *ErrorList // where errors go
	quiet bool       // drop errors: the parser is skipping a bad statement
}

// newlineInParen reports whether a newline was skipped after the innermost
// '(' that is still open: then a ')' is probably missing.
func (l *lexer) newlineInParen() bool {
	return len(l.opens) > 0 && l.nl > l.opens[len(l.opens)-1]
}

func (l *lexer) errorf(pos int, format string, args ...any) {
	if l.quiet {
		return
	}
	l.errs.add(Pos(pos), format, args...)
}

// peek returns the byte at offset off+i, or 0 past the end.
func (l *lexer) peek(i int) byte {
	if l.off+i < len(l.src) {
		return l.src[l.off+i]
	}
	return 0
}

// skipSpace skips blanks, comments, line continuations, and newlines inside
// parentheses.
func (l *lexer) skipSpace() {
	for l.off < len(l.src) {
		switch c := l.src[l.off]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			l.off++
		case c == '\n' && len(l.opens) > 0:
			l.off++
			l.nl = l.off
		case c == '#':
			if i := strings.IndexByte(l.src[l.off:], '\n'); i >= 0 {
				l.off += i
			} else {
				l.off = len(l.src)
			}
		case c == '\\' && l.peek(1) == '\n':
			l.off += 2
		case c == '\\' && l.peek(1) == '\r' && l.peek(2) == '\n':
			l.off += 3
		default:
			return
		}
	}
}

// next returns the next token; at the end of the input it returns tEOF, as
// often as it is called.
func (l *lexer) next() token {
	l.skipSpace()
	start := l.off
	if start >= len(l.src) {
		return token{kind: tEOF, pos: Pos(len(l.src))}
	}
	c := l.src[start]
	switch {
	case c == '\n':
		l.off++
		return l.tok(tNewline, start)
	case isDigit(c) || c == '.' && isDigit(l.peek(1)):
		return l.number()
	case isLetter(c):
		return l.ident()
	}

	l.off++
	switch c {
	case '(':
		l.opens = append(l.opens, start)
		return l.tok(tLparen, start)
	case ')':
		if len(l.opens) > 0 {
			l.opens = l.opens[:len(l.opens)-1]
		}
		return l.tok(tRparen, start)
	case ',':
		return l.tok(tComma, start)
	case ';':
		return l.tok(tSemi, start)
	case '+':
		return l.opOrAssign(start, OpAdd, OpAddAssign)
	case '-':
		return l.opOrAssign(start, OpSub, OpSubAssign)
	case '*':
		if l.peek(0) == '*' {
			l.off++
			return l.unsupportedAssign(start, OpPow)
		}
		return l.opOrAssign(start, OpMul, OpMulAssign)
	case '/':
		if l.peek(0) == '/' {
			l.off++
			return l.unsupportedAssign(start, OpFloorDiv)
		}
		return l.opOrAssign(start, OpDiv, OpDivAssign)
	case '%':
		return l.unsupportedAssign(start, OpMod)
	case '<':
		return l.opOrAssign(start, OpLt, OpLe)
	case '>':
		return l.opOrAssign(start, OpGt, OpGe)
	case '=':
		if l.peek(0) == '=' {
			l.off++
			return l.op(start, OpEq)
		}
		return l.tokOp(tAssign, OpAssign, start)
	case '!':
		if l.peek(0) == '=' {
			l.off++
			return l.op(start, OpNe)
		}
		l.errorf(start, "'!' is not an operator: write 'not'")
		return l.op(start, OpNot)
	case '&':
		if l.peek(0) == '&' {
			l.off++
		}
		l.errorf(start, "%s is not an operator: write 'and'", quote(l.src[start:l.off]))
		return l.op(start, OpAnd)
	case '|':
		if l.peek(0) == '|' {
			l.off++
		}
		l.errorf(start, "%s is not an operator: write 'or'", quote(l.src[start:l.off]))
		return l.op(start, OpOr)
	case '^':
		l.errorf(start, "'^' is not power: write '**'")
		return l.op(start, OpPow)
	case ':':
		if l.peek(0) == '=' {
			l.off++
			l.errorf(start, "':=' is not an operator: write '='")
			return l.tokOp(tAssign, OpAssign, start)
		}
	case '\\':
		l.errorf(start, "unexpected character '\\': a backslash continues a line only as its last character")
		return l.tok(tIllegal, start)
	}
	return l.illegal(start)
}

// illegal reports the character at start, which no token begins with.
func (l *lexer) illegal(start int) token {
	r, size := utf8.DecodeRuneInString(l.src[start:])
	l.off = start + size
	switch {
	case r == utf8.RuneError && size <= 1:
		l.errorf(start, "unexpected byte 0x%02x: the text is not valid UTF-8", l.src[start])
	case r == 'µ' || r == 'μ':
		l.errorf(start, "unexpected character '%c': write u for micro, as in uF", r)
	case unicode.IsPrint(r):
		l.errorf(start, "unexpected character '%c'", r)
	default:
		l.errorf(start, "unexpected character %U", r)
	}
	return l.tok(tIllegal, start)
}

func (l *lexer) tok(k tokKind, start int) token {
	return token{kind: k, pos: Pos(start), lit: l.src[start:l.off]}
}

func (l *lexer) tokOp(k tokKind, o Op, start int) token {
	t := l.tok(k, start)
	t.op = o
	return t
}

func (l *lexer) op(start int, o Op) token { return l.tokOp(tOp, o, start) }

// opOrAssign returns op, or the assignment (or comparison) withEq if the
// operator is followed by '='.
func (l *lexer) opOrAssign(start int, op, withEq Op) token {
	if l.peek(0) != '=' {
		return l.op(start, op)
	}
	l.off++
	if binaryPrec(withEq) == precCmp {
		return l.op(start, withEq)
	}
	return l.tokOp(tAssign, withEq, start)
}

// unsupportedAssign returns op, or reports an augmented assignment such as
// **= that Brian2 has but myelin does not, and returns a plain assignment.
func (l *lexer) unsupportedAssign(start int, op Op) token {
	if l.peek(0) != '=' {
		return l.op(start, op)
	}
	l.off++
	l.errorf(start, "'%s=' is not supported: write x = x %s ...", op, op)
	return l.tokOp(tAssign, OpAssign, start)
}

// ident reads an identifier or one of the keywords and, or, not.
func (l *lexer) ident() token {
	start := l.off
	for l.off < len(l.src) && isIdent(l.src[l.off]) {
		l.off++
	}
	t := l.tok(tName, start)
	switch t.lit {
	case "and":
		t.kind, t.op = tOp, OpAnd
	case "or":
		t.kind, t.op = tOp, OpOr
	case "not":
		t.kind, t.op = tOp, OpNot
	}
	return t
}

// number reads a numeric literal: digits with an optional fraction and
// exponent, as in 1, 1e-3, .5, 3. and 2.5E+3.
func (l *lexer) number() token {
	start := l.off
	isInt := true
	l.digits()
	if l.peek(0) == '.' {
		isInt = false
		l.off++
		l.digits()
	}
	if c := l.peek(0); c == 'e' || c == 'E' {
		i := 1
		if c := l.peek(1); c == '+' || c == '-' {
			i = 2
		}
		if isDigit(l.peek(i)) {
			isInt = false
			l.off += i
			l.digits()
		} else {
			end := l.off + i
			for end < len(l.src) && isIdent(l.src[end]) {
				end++
			}
			l.errorf(start, "malformed number %s: the exponent has no digits", quote(l.src[start:end]))
			t := l.num(start, isInt)
			l.off = end
			return t
		}
	}
	t := l.num(start, isInt)

	// A letter, digit or underscore straight after a number: 3mV, 0x1F, 1_000.
	end := l.off
	for end < len(l.src) && isIdent(l.src[end]) {
		end++
	}
	if end > l.off {
		whole, suffix := l.src[start:end], l.src[l.off:end]
		switch {
		case t.lit == "0" && strings.ContainsRune("xXoObB", rune(suffix[0])):
			l.errorf(start, "%s: hexadecimal, octal and binary numbers are not supported", quote(whole))
		case suffix[0] == '_':
			l.errorf(start, "%s: underscores in numbers are not supported", quote(whole))
		default:
			l.errorf(start, "%s is not a number: to multiply, write %s*%s", quote(whole), t.lit, suffix)
		}
		l.off = end
		return t
	}
	if isInt && len(t.lit) > 1 && t.lit[0] == '0' && strings.Trim(t.lit, "0") != "" {
		l.errorf(start, "leading zeros are not allowed in integers: write %s", strings.TrimLeft(t.lit, "0"))
	}
	return t
}

// num makes the number token src[start:off] and works out its value.
func (l *lexer) num(start int, isInt bool) token {
	t := l.tok(tNum, start)
	t.isInt = isInt
	v, err := strconv.ParseFloat(t.lit, 64)
	if err != nil && math.IsInf(v, 0) {
		l.errorf(start, "number %s is too large", quote(t.lit))
	}
	t.value = v
	return t
}

func (l *lexer) digits() {
	for l.off < len(l.src) && isDigit(l.src[l.off]) {
		l.off++
	}
}

func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isIdent(c byte) bool  { return isLetter(c) || isDigit(c) }
