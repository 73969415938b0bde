// Package expr owns the syntax of code strings: the expressions and
// statements that a Brian2 model is written in, such as the right-hand side
// (ge+gi-(v-El))/taum of an equation, the threshold v > Vt, or the reset
// v = Vr; w += b.
//
// It turns source text into a syntax tree ([ParseExpr], [ParseStmts]), prints
// a tree back as canonical source ([String]), compares trees ([Equal]) and
// walks them ([Inspect], [Names]). Errors carry byte offsets into the code
// string ([Error], [ErrorList]) so that callers can map them into the file
// the string came from ([LineCol], [Error.Format]).
//
// The language is the subset of Python that Brian2 accepts in code strings:
// numbers (3 is an integer literal, 3. and 3e0 are floats), names, calls of
// named functions, the arithmetic operators + - * / // % **, the comparisons
// < <= > >= == != (never chained), and, or, not, and parentheses, with
// Python's precedence. Statements are assignments with = += -= *= /=,
// separated by newlines or semicolons. True and False are parsed as names.
// Comments run from # to the end of the line; newlines inside parentheses
// and after a backslash do not end a statement.
//
// This package knows nothing of units or of what names mean: it only checks
// syntax. Dimensions are checked later, on the trees it produces.
//
// Parsing happens once when a model is built, so the parser favours clear
// messages over speed: it reports as many errors as it reasonably can in one
// pass, each one line saying what was expected and what was found, and it
// never panics, whatever the input.
//
// A short example:
//
//	x, err := expr.ParseExpr("-(v - El)/taum")
//	if err != nil {
//		return err // an ErrorList; each Error has a Pos inside the string
//	}
//	fmt.Println(expr.String(x), expr.Names(x)) // -(v - El) / taum [v El taum]
package expr
