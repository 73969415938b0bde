package expr

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is a syntax error in a code string. Pos is a byte offset into the
// string, 0 <= Pos <= len(src); it equals len(src) when the input ended too
// early. Msg is one lower-case line saying what was expected and what was
// found, with a hint where one helps.
type Error struct {
	Pos Pos
	Msg string
}

// Error returns the message with the byte offset, "offset 7: msg". Use
// [Error.Format] to show line and column instead.
func (e *Error) Error() string {
	return fmt.Sprintf("offset %d: %s", e.Pos, e.Msg)
}

// Format returns the error as "line:col: msg", with line and column worked
// out from src, the code string the error was found in (see [LineCol]).
func (e *Error) Format(src string) string {
	line, col := LineCol(src, e.Pos)
	return fmt.Sprintf("%d:%d: %s", line, col, e.Msg)
}

// ErrorList is the errors of one parse, sorted by position. The parsers
// always return their errors as an ErrorList.
type ErrorList []*Error

// Error returns the message of the first error and how many more there are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	case 2:
		return l[0].Error() + " (and 1 more error)"
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Err returns l as an error, or nil if l is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Unwrap returns the errors of l, so that errors.As finds the first *Error.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Format returns every error of l formatted with [Error.Format], one a line.
func (l ErrorList) Format(src string) string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Format(src))
	}
	return b.String()
}

// add appends an error at pos.
func (l *ErrorList) add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// tidy sorts l by position and keeps only the first error reported at each
// position: a later one there is almost always a consequence of the first.
func (l *ErrorList) tidy() {
	sort.SliceStable(*l, func(i, j int) bool { return (*l)[i].Pos < (*l)[j].Pos })
	out := (*l)[:0]
	for i, e := range *l {
		if i == 0 || e.Pos != out[len(out)-1].Pos {
			out = append(out, e)
		}
	}
	*l = out
}

// LineCol returns the 1-based line and column of offset p in src. Lines end
// at '\n'. The column counts runes (so a tab, or a 'µ' of two bytes, is one
// column); for ASCII text it is the byte offset within the line plus one.
// Offsets outside src are clamped to it.
func LineCol(src string, p Pos) (line, col int) {
	n := int(p)
	n = max(0, min(n, len(src)))
	before := src[:n]
	line = 1 + strings.Count(before, "\n")
	start := strings.LastIndexByte(before, '\n') + 1
	col = 1 + utf8.RuneCountInString(before[start:])
	return line, col
}
