package expr

import "strings"

// tokKind is the kind of a lexical token.
type tokKind uint8

const (
	tEOF     tokKind = iota
	tIllegal         // a character the language does not have; the lexer has reported it
	tNewline         // a newline outside parentheses: it ends a statement
	tSemi            // ;
	tNum             // a numeric literal
	tName            // an identifier, including True and False
	tLparen          // (
	tRparen          // )
	tComma           // ,
	tOp              // an operator of expressions; token.op says which
	tAssign          // = += -= *= /=; token.op says which
)

// token is one lexical token. For tOp, op is the binary spelling: the
// parser turns OpSub into OpNeg (and OpAdd into OpPos) in prefix position.
type token struct {
	kind  tokKind
	op    Op
	pos   Pos
	lit   string // the source text of the token
	isInt bool   // for tNum: written without a decimal point or exponent
	value float64
}

// String describes the token for an error message: "end of input",
// "newline", or its source text in quotes.
func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of input"
	case tNewline:
		return "newline"
	}
	return quote(t.lit)
}

// startsOperand reports whether t can begin an expression. Seeing such a
// token where an operator is expected means an operator is missing.
func (t token) startsOperand() bool {
	switch t.kind {
	case tNum, tName, tLparen:
		return true
	case tOp:
		return t.op == OpNot
	}
	return false
}

// maxQuote is the longest source text quoted whole in an error message.
const maxQuote = 40

// quote puts s in single quotes for an error message, shortening it if it is
// long so that the message stays one readable line.
func quote(s string) string {
	if strings.ContainsAny(s, "\n\r\t\f\v") {
		s = strings.Join(strings.Fields(s), " ") // a source excerpt over several lines
	}
	if len(s) > maxQuote {
		cut := maxQuote
		for cut > 0 && s[cut]&0xC0 == 0x80 { // do not split a UTF-8 sequence
			cut--
		}
		s = s[:cut] + "..."
	}
	return "'" + s + "'"
}

// Binding strength of operators, loosest first, as in Python.
const (
	precNone  = iota // not a binary operator
	precOr           // or
	precAnd          // and
	precNot          // not (unary)
	precCmp          // < <= > >= == != (non-associative)
	precAdd          // + -
	precMul          // * / // %
	precUnary        // - + (unary)
	precPow          // ** (right-associative)
	precAtom         // names, numbers, calls, parentheses
)

// binaryPrec returns the precedence of o as a binary operator, or precNone
// if o is not one.
func binaryPrec(o Op) int {
	switch o {
	case OpOr:
		return precOr
	case OpAnd:
		return precAnd
	case OpLt, OpLe, OpGt, OpGe, OpEq, OpNe:
		return precCmp
	case OpAdd, OpSub:
		return precAdd
	case OpMul, OpDiv, OpFloorDiv, OpMod:
		return precMul
	case OpPow:
		return precPow
	}
	return precNone
}

// reserved are Python's keywords other than and, or, not, True and False.
// Brian2 hands code strings to Python's parser, which refuses them as names,
// so myelin refuses them too: a model that works here then works in Brian2.
var reserved = map[string]bool{
	"None": true, "as": true, "assert": true, "async": true, "await": true,
	"break": true, "class": true, "continue": true, "def": true, "del": true,
	"elif": true, "else": true, "except": true, "finally": true, "for": true,
	"from": true, "global": true, "if": true, "import": true, "in": true,
	"is": true, "lambda": true, "nonlocal": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}
