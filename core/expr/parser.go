package expr

import (
	"fmt"
	"strings"
)

// Limits that keep the parser, and every later pass that recurses over a
// tree, far from exhausting the stack, whatever the input.
const (
	maxDepth  = 200  // nesting of parentheses, unary operators and '**'
	maxHeight = 1000 // height of a tree, e.g. the length of a chain a+b+c+...
	maxErrors = 10   // a parse stops after this many errors
)

// ParseExpr parses src as exactly one expression. Blanks, newlines and
// comments may surround it. On failure it returns a nil Expr and an
// [ErrorList].
func ParseExpr(src string) (Expr, error) {
	p := newParser(src)
	var x Expr
	p.run(func() {
		x = p.wholeExpr()
	})
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return x, nil
}

// ParseStmts parses src as zero or more assignments (v = e, v += e, v -= e,
// v *= e, v /= e) separated by newlines or semicolons; blank lines and empty
// statements are allowed. After an error it carries on with the next
// statement, so that one call reports as many errors as it can (up to ten).
// On failure it returns nil and an [ErrorList].
func ParseStmts(src string) ([]*Stmt, error) {
	p := newParser(src)
	p.stmts = true
	var stmts []*Stmt
	p.run(func() {
		for {
			for p.tok.kind == tNewline || p.tok.kind == tSemi {
				p.next()
			}
			if p.tok.kind == tEOF {
				return
			}
			if s := p.stmtOrSkip(); s != nil {
				stmts = append(stmts, s)
			}
		}
	})
	if err := p.errs.Err(); err != nil {
		return nil, err
	}
	return stmts, nil
}

// parser is a precedence-climbing parser over the tokens of a lexer, with
// one token of lookahead.
type parser struct {
	lex   lexer
	src   string
	tok   token // the current token
	prev  token // the token before it, for hints
	errs  ErrorList
	depth int  // current nesting, see maxDepth
	stmts bool // parsing statements, not one expression
}

// bailout abandons the current statement (or the whole expression) after
// an error has been recorded; tooMany abandons the whole parse.
type (
	bailout struct{}
	tooMany struct{}
)

func newParser(src string) *parser {
	p := &parser{src: src}
	p.lex = lexer{src: src, errs: &p.errs}
	return p
}

// run calls f, which may bail out, and tidies the errors.
func (p *parser) run(f func()) {
	defer p.errs.tidy()
	defer func() {
		switch r := recover().(type) {
		case nil, bailout, tooMany:
		default:
			panic(r)
		}
	}()
	p.next()
	f()
}

// next advances to the next token.
func (p *parser) next() {
	p.prev = p.tok
	p.tok = p.lex.next()
	if len(p.errs) >= maxErrors {
		panic(tooMany{})
	}
}

// errorf records an error at pos.
func (p *parser) errorf(pos Pos, format string, args ...any) {
	p.errs.add(pos, format, args...)
	if len(p.errs) >= maxErrors {
		panic(tooMany{})
	}
}

// fail records an error at pos and bails out.
func (p *parser) fail(pos Pos, format string, args ...any) {
	p.errorf(pos, format, args...)
	panic(bailout{})
}

// failTok reports that the current token is not what was expected. An
// illegal token has been reported by the lexer already, so then it only
// bails out.
func (p *parser) failTok(format string, args ...any) {
	if p.tok.kind == tIllegal {
		panic(bailout{})
	}
	p.fail(p.tok.pos, format, args...)
}

// wholeExpr parses the input of ParseExpr.
func (p *parser) wholeExpr() Expr {
	p.skipNewlines()
	x := p.expr()
	if p.skipNewlines() && p.tok.startsOperand() {
		p.failTok("expected end of input but found %s (outside parentheses an expression must fit on one line)", p.tok)
	}
	if p.tok.kind != tEOF {
		p.afterOperand("end of input")
	}
	return x
}

// skipNewlines skips newline tokens and reports whether there were any.
func (p *parser) skipNewlines() bool {
	skipped := false
	for p.tok.kind == tNewline {
		p.next()
		skipped = true
	}
	return skipped
}

// afterOperand reports the current token, which follows a complete
// expression where want (or an operator) was expected.
func (p *parser) afterOperand(want string) {
	t := p.tok
	switch {
	case t.kind == tRparen:
		// Parentheses and calls take their own ')', so this one is extra.
		p.failTok("unmatched ')'")
	case t.kind == tAssign && t.op == OpAssign && p.openParenHint() == "":
		p.failTok("expected %s but found '=' (to compare, write '==')", want)
	case t.kind == tAssign && p.openParenHint() == "":
		p.failTok("expected %s but found %s (assignments are statements, not expressions)", want, t)
	case t.startsOperand():
		hint := p.openParenHint()
		if p.prev.kind == tNum && t.kind == tName {
			hint = fmt.Sprintf(" (to multiply, write %s*%s)", p.prev.lit, t.lit)
		}
		sep := " or "
		if strings.Contains(want, " or ") {
			sep = ", "
		}
		p.failTok("expected an operator%s%s but found %s%s", sep, want, t, hint)
	}
	p.failTok("expected %s but found %s%s", want, t, p.openParenHint())
}

// openParenHint explains, when a line break was skipped inside a '(' that
// is still open, why it did not end the statement: most likely a ')' is
// missing.
func (p *parser) openParenHint() string {
	if !p.stmts || !p.lex.newlineInParen() {
		return ""
	}
	return " (a '(' is still open, so the line break did not end the statement)"
}

// expr parses a whole expression.
func (p *parser) expr() Expr {
	x, _ := p.binary(precOr)
	return x
}

// binary parses an expression whose binary operators bind at least as
// tightly as prec, and returns it with its height.
func (p *parser) binary(prec int) (Expr, int) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		p.failTok("expression nested too deeply (more than %d levels)", maxDepth)
	}
	x, h := p.unary(prec)
	lastCmp := false // x is a comparison made in this loop
	for p.tok.kind == tOp {
		opPrec := binaryPrec(p.tok.op)
		if opPrec == precNone || opPrec < prec {
			break
		}
		op := p.tok
		if opPrec == precCmp && lastCmp {
			p.fail(op.pos, "chained comparisons like a < b < c are not supported; write (a < b) and (b < c)")
		}
		p.next()
		var y Expr
		var hy int
		switch opPrec {
		case precPow:
			// Right-associative, and the exponent may carry a sign: 2**-1.
			y, hy = p.binary(precUnary)
		default:
			y, hy = p.binary(opPrec + 1)
		}
		x = &Binary{X: x, OpPos: op.pos, Op: op.op, Y: y}
		h = p.height(max(h, hy)+1, op.pos)
		lastCmp = opPrec == precCmp
	}
	return x, h
}

// height checks the height h of a new node at pos against maxHeight.
func (p *parser) height(h int, pos Pos) int {
	if h > maxHeight {
		p.fail(pos, "expression too long (more than %d nested operations): split it up", maxHeight)
	}
	return h
}

// unary parses a prefix operator and its operand, or an atom.
func (p *parser) unary(prec int) (Expr, int) {
	t := p.tok
	if t.kind == tOp {
		switch t.op {
		case OpNot:
			if prec > precNot {
				p.failTok("expected an expression but found 'not' (put it in parentheses: (not x))")
			}
			p.next()
			x, h := p.binary(precNot)
			return &Unary{OpPos: t.pos, Op: OpNot, X: x}, p.height(h+1, t.pos)
		case OpSub, OpAdd:
			p.next()
			x, h := p.binary(precUnary)
			op := OpNeg
			if t.op == OpAdd {
				op = OpPos
			}
			return &Unary{OpPos: t.pos, Op: op, X: x}, p.height(h+1, t.pos)
		}
	}
	return p.atom()
}

// atom parses a number, a name, a call or a parenthesised expression.
func (p *parser) atom() (Expr, int) {
	t := p.tok
	switch t.kind {
	case tNum:
		p.next()
		return &Num{ValuePos: t.pos, Lit: t.lit, Value: t.value, IsInt: t.isInt}, 1
	case tName:
		if reserved[t.lit] {
			p.failTok("%s is a reserved word and cannot be used as a name", t)
		}
		p.next()
		name := &Name{NamePos: t.pos, Name: t.lit}
		if p.tok.kind == tLparen {
			return p.call(name)
		}
		return name, 1
	case tLparen:
		p.next()
		x, h := p.binary(precOr)
		if p.tok.kind != tRparen {
			p.afterOperand("')'")
		}
		rp := p.tok.pos
		p.next()
		return &Paren{Lparen: t.pos, X: x, Rparen: rp}, p.height(h+1, t.pos)
	case tNewline:
		p.failTok("expected an expression but found newline (to continue a line, use parentheses or end it with '\\')")
	}
	p.failTok("expected an expression but found %s", t)
	panic("unreachable")
}

// call parses the arguments of a call of fun; the current token is '('.
func (p *parser) call(fun *Name) (Expr, int) {
	lp := p.tok.pos
	p.next()
	var args []Expr
	h := 0
	for p.tok.kind != tRparen {
		x, hx := p.binary(precOr)
		args = append(args, x)
		h = max(h, hx)
		if p.tok.kind != tComma {
			break
		}
		p.next()
	}
	if p.tok.kind != tRparen {
		p.afterOperand("',' or ')'")
	}
	rp := p.tok.pos
	p.next()
	return &Call{Fun: fun, Lparen: lp, Args: args, Rparen: rp}, p.height(h+1, fun.NamePos)
}

// stmtOrSkip parses one statement. After an error it skips to the end of
// the statement and returns nil.
func (p *parser) stmtOrSkip() (s *Stmt) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(bailout); !ok {
				panic(r)
			}
			// Resynchronise: newlines count again even if a '(' was left
			// open, so that one missing ')' does not swallow the rest.
			// The rest of a bad statement is skipped quietly: its errors
			// would mostly be echoes of the first.
			p.lex.opens = p.lex.opens[:0]
			p.lex.quiet = true
			for p.tok.kind != tNewline && p.tok.kind != tSemi && p.tok.kind != tEOF {
				p.next()
			}
			p.lex.quiet = false
			s = nil
		}
	}()
	return p.stmt()
}

// stmt parses one assignment.
func (p *parser) stmt() *Stmt {
	lhs := p.expr()
	switch p.tok.kind {
	case tAssign:
	case tNewline, tSemi, tEOF:
		if b, ok := lhs.(*Binary); ok && b.Op == OpEq {
			if _, ok := b.X.(*Name); ok {
				p.fail(b.OpPos, "'==' compares: to assign, write '='")
			}
		}
		p.fail(lhs.Pos(), "expected an assignment such as v = 0 but found %s", quote(p.src[lhs.Pos():lhs.End()]))
	default:
		p.afterOperand("'='")
	}

	op := p.tok
	target, ok := lhs.(*Name)
	switch {
	case !ok:
		p.errorf(lhs.Pos(), "cannot assign to %s: the left-hand side must be a variable name", quote(p.src[lhs.Pos():lhs.End()]))
	case target.Name == "True" || target.Name == "False":
		p.errorf(lhs.Pos(), "cannot assign to %s", quote(target.Name))
	}
	p.next()
	rhs := p.expr()
	if k := p.tok.kind; k != tNewline && k != tSemi && k != tEOF {
		p.afterOperand("end of statement")
	}
	if !ok {
		panic(bailout{})
	}
	return &Stmt{Target: target, OpPos: op.pos, Op: op.op, Value: rhs}
}
