package expr

// Pos is a byte offset into the code string a node was parsed from. Line
// and column are worked out only when an error is printed (see [Error]).
type Pos int

// NoPos marks a node that was made by the program rather than parsed.
const NoPos Pos = -1

// Node is any node of the syntax tree.
type Node interface {
	Pos() Pos // offset of the node's first byte
	End() Pos // offset just past the node's last byte
}

// Expr is an expression node: [*Num], [*Name], [*Unary], [*Binary], [*Call]
// or [*Paren].
type Expr interface {
	Node
	exprNode()
}

// Op is an operator of the code-string language.
type Op int

// The operators, in no particular order. Their precedence lives in the
// parser; their spelling in [Op.String].
const (
	OpInvalid Op = iota

	// Arithmetic.
	OpAdd      // +
	OpSub      // -
	OpMul      // *
	OpDiv      // /
	OpFloorDiv // //
	OpMod      // %
	OpPow      // **

	// Comparisons (never chained: a < b < c is a syntax error, as in Brian2).
	OpLt // <
	OpLe // <=
	OpGt // >
	OpGe // >=
	OpEq // ==
	OpNe // !=

	// Logic.
	OpAnd // and
	OpOr  // or
	OpNot // not (unary)

	// Unary arithmetic.
	OpNeg // - (unary)
	OpPos // + (unary)

	// Assignments, used by [Stmt] only.
	OpAssign    // =
	OpAddAssign // +=
	OpSubAssign // -=
	OpMulAssign // *=
	OpDivAssign // /=
)

var opNames = [...]string{
	OpInvalid:   "?",
	OpAdd:       "+",
	OpSub:       "-",
	OpMul:       "*",
	OpDiv:       "/",
	OpFloorDiv:  "//",
	OpMod:       "%",
	OpPow:       "**",
	OpLt:        "<",
	OpLe:        "<=",
	OpGt:        ">",
	OpGe:        ">=",
	OpEq:        "==",
	OpNe:        "!=",
	OpAnd:       "and",
	OpOr:        "or",
	OpNot:       "not",
	OpNeg:       "-",
	OpPos:       "+",
	OpAssign:    "=",
	OpAddAssign: "+=",
	OpSubAssign: "-=",
	OpMulAssign: "*=",
	OpDivAssign: "/=",
}

// String returns the operator as it is written in a code string.
func (o Op) String() string {
	if o < 0 || int(o) >= len(opNames) {
		return "?"
	}
	return opNames[o]
}

// IsComparison reports whether o is one of < <= > >= == !=.
func (o Op) IsComparison() bool { return o >= OpLt && o <= OpNe }

// IsLogical reports whether o is and, or or not.
func (o Op) IsLogical() bool { return o == OpAnd || o == OpOr || o == OpNot }

// Num is a numeric literal. IsInt is true for literals written without a
// decimal point or exponent (3, not 3. or 3e0): Brian2 gives them the
// integer type, which matters for // and % and for int() results.
type Num struct {
	ValuePos Pos
	Lit      string // the literal as written
	Value    float64
	IsInt    bool
}

// Name is an identifier: a variable, constant, unit, function name, or one of
// the keywords True, False that the parser keeps as names.
type Name struct {
	NamePos Pos
	Name    string
}

// Unary is -X, +X or not X.
type Unary struct {
	OpPos Pos
	Op    Op // OpNeg, OpPos or OpNot
	X     Expr
}

// Binary is X Op Y for arithmetic, comparison and the logical and/or.
type Binary struct {
	X     Expr
	OpPos Pos
	Op    Op
	Y     Expr
}

// Call is a function call Fun(Args...).
type Call struct {
	Fun    *Name
	Lparen Pos
	Args   []Expr
	Rparen Pos // offset of the closing parenthesis
}

// Paren is a parenthesised expression. The parser keeps it so that printing
// and error positions follow the source; evaluation sees through it.
type Paren struct {
	Lparen Pos
	X      Expr
	Rparen Pos
}

func (n *Num) Pos() Pos    { return n.ValuePos }
func (n *Num) End() Pos    { return n.ValuePos + Pos(len(n.Lit)) }
func (n *Name) Pos() Pos   { return n.NamePos }
func (n *Name) End() Pos   { return n.NamePos + Pos(len(n.Name)) }
func (n *Unary) Pos() Pos  { return n.OpPos }
func (n *Unary) End() Pos  { return n.X.End() }
func (n *Binary) Pos() Pos { return n.X.Pos() }
func (n *Binary) End() Pos { return n.Y.End() }
func (n *Call) Pos() Pos   { return n.Fun.Pos() }
func (n *Call) End() Pos   { return n.Rparen + 1 }
func (n *Paren) Pos() Pos  { return n.Lparen }
func (n *Paren) End() Pos  { return n.Rparen + 1 }

func (*Num) exprNode()    {}
func (*Name) exprNode()   {}
func (*Unary) exprNode()  {}
func (*Binary) exprNode() {}
func (*Call) exprNode()   {}
func (*Paren) exprNode()  {}

// Stmt is one statement of an abstract-code block: Target Op Value, where
// Op is one of the assignment operators (=, +=, -=, *=, /=).
type Stmt struct {
	Target *Name
	OpPos  Pos
	Op     Op
	Value  Expr
}

func (s *Stmt) Pos() Pos { return s.Target.Pos() }
func (s *Stmt) End() Pos { return s.Value.End() }

// Unparen returns x with any enclosing parentheses removed.
func Unparen(x Expr) Expr {
	for {
		p, ok := x.(*Paren)
		if !ok {
			return x
		}
		x = p.X
	}
}
