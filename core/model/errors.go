package model

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/myelin-sim/myelin/core/expr"
)

// Position is a place in a model file. Line and Col are 1-based; Col counts
// runes, as [expr.LineCol] does, so a 'µ' or a tab is one column. Offset is
// the byte offset in the file (after a UTF-8 byte order mark, which is
// dropped). The zero Position is "no place": a value that is not in the
// file, such as a key that was left out.
type Position struct {
	File   string
	Offset int
	Line   int
	Col    int
}

// IsValid reports whether p is a place in a file.
func (p Position) IsValid() bool { return p.Line > 0 }

// String returns "FILE:LINE:COL", "LINE:COL" when there is no file name, and
// just the file name when p is not valid.
func (p Position) String() string {
	if !p.IsValid() {
		return p.File
	}
	if p.File == "" {
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is one problem of a model: where it is and what it is, in one
// lower-case line with a hint where one helps.
type Error struct {
	Pos Position
	Msg string
}

// Error returns "FILE:LINE:COL: message".
func (e *Error) Error() string {
	if s := e.Pos.String(); s != "" {
		return s + ": " + e.Msg
	}
	return e.Msg
}

// Errorf returns an error at pos.
func Errorf(pos Position, format string, args ...any) *Error {
	return &Error{Pos: pos, Msg: oneLine(fmt.Sprintf(format, args...))}
}

// oneLine keeps a message on one line, whatever it quotes.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", " ")
	return strings.NewReplacer("\n", " ", "\r", " ").Replace(s)
}

// ErrorList is every problem found in a model, sorted by position. Its Error
// method returns them one a line.
type ErrorList []*Error

// Error returns the errors one a line, in the order of the list.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns nil for an empty list, and the list sorted otherwise.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	l.Sort()
	return l
}

// Unwrap returns the errors of l, for errors.As and errors.Is.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// Sort sorts l by file, line and column, keeping the order of errors at the
// same place, and drops exact repeats.
func (l *ErrorList) Sort() {
	s := *l
	sort.SliceStable(s, func(i, j int) bool {
		a, b := s[i].Pos, s[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
	out := s[:0]
	for i, e := range s {
		if i > 0 && e.Pos == out[len(out)-1].Pos && e.Msg == out[len(out)-1].Msg {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// add appends e, or every error of e when it is a list.
func (l *ErrorList) add(err error) {
	if err == nil {
		return
	}
	var list ErrorList
	if errors.As(err, &list) {
		*l = append(*l, list...)
		return
	}
	var e *Error
	if errors.As(err, &e) {
		*l = append(*l, e)
		return
	}
	*l = append(*l, &Error{Msg: oneLine(err.Error())})
}

// source is the text of a model file, with the start of every line, for
// turning byte offsets into positions.
type source struct {
	name  string
	text  string
	lines []int // byte offset where each line starts
	ascii bool  // the text is ASCII: columns are bytes
}

func newSource(name, text string) *source {
	s := &source{name: name, text: text, lines: []int{0}, ascii: true}
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '\n':
			s.lines = append(s.lines, i+1)
		case c >= utf8.RuneSelf:
			s.ascii = false
		}
	}
	return s
}

// position returns the position of byte offset off, clamped to the text.
func (s *source) position(off int) Position {
	off = max(0, min(off, len(s.text)))
	// The last line starting at or before off.
	l := sort.Search(len(s.lines), func(i int) bool { return s.lines[i] > off }) - 1
	l = max(l, 0)
	col := off - s.lines[l]
	if !s.ascii {
		col = utf8.RuneCountInString(s.text[s.lines[l]:off])
	}
	return Position{File: s.name, Offset: off, Line: l + 1, Col: col + 1}
}

// lineStart returns the position of the first column of line n (1-based),
// clamped to the lines of the file.
func (s *source) lineStart(n int) Position {
	n = max(1, min(n, len(s.lines)))
	return s.position(s.lines[n-1])
}

// exprErrors turns the errors of parsing or checking a code string into
// errors in the file, each at its place inside the string.
func exprErrors(str String, err error) ErrorList {
	if err == nil {
		return nil
	}
	var list expr.ErrorList
	var one *expr.Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = expr.ErrorList{one}
	default:
		return ErrorList{Errorf(str.Pos, "%v", err)}
	}
	out := make(ErrorList, 0, len(list))
	for _, e := range list {
		out = append(out, Errorf(str.At(int(e.Pos)), "%s", e.Msg))
	}
	return out
}
