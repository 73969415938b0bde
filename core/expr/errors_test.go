package expr

import (
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// errorCase is one case of testdata/errors.txt.
type errorCase struct {
	line  int    // line of the file where the case starts
	stmts bool   // parse with ParseStmts rather than ParseExpr
	src   string // the code string
	want  []wantError
}

// wantError is an expected error: its position and its message, matched
// exactly, or as a regular expression if written /like this/.
type wantError struct {
	pos Pos
	msg string
}

func (w wantError) matches(msg string) bool {
	if len(w.msg) >= 2 && strings.HasPrefix(w.msg, "/") && strings.HasSuffix(w.msg, "/") {
		return regexp.MustCompile(w.msg[1 : len(w.msg)-1]).MatchString(msg)
	}
	return msg == w.msg
}

// readErrorCases reads the format described at the top of
// testdata/errors.txt.
func readErrorCases(t *testing.T, file string) []errorCase {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cases []errorCase
	var cur *errorCase
	var lines []string // code lines of the current case
	stmts := false
	flush := func() {
		if cur != nil {
			cur.src = strings.Join(lines, "\n")
			cases = append(cases, *cur)
		}
		cur, lines = nil, nil
	}
	for i, line := range strings.Split(string(data), "\n") {
		n := i + 1
		switch trimmed := strings.TrimLeft(line, " "); {
		case line == "-- expr --" || line == "-- stmts --":
			flush()
			stmts = line == "-- stmts --"
		case strings.TrimSpace(line) == "":
			flush()
		case strings.HasPrefix(line, "#"):
			// A comment of the file.
		case strings.HasPrefix(trimmed, "^"):
			if cur == nil {
				t.Fatalf("%s:%d: '^' line without code above it", file, n)
			}
			code := lines[len(lines)-1]
			col := len(line) - len(trimmed) // in runes of the code line
			start := len(cur.src) - len(code)
			runes := []rune(code)
			if col > len(runes) {
				t.Fatalf("%s:%d: '^' beyond the end of the line", file, n)
			}
			off := len(string(runes[:col]))
			msg := strings.TrimSpace(trimmed[1:])
			cur.want = append(cur.want, wantError{Pos(start + off), msg})
		default:
			if cur == nil {
				cur = &errorCase{line: n, stmts: stmts}
			}
			lines = append(lines, line)
			cur.src = strings.Join(lines, "\n") // so far, for '^' lines
		}
	}
	flush()
	return cases
}

func TestErrorMessages(t *testing.T) {
	const file = "testdata/errors.txt"
	cases := readErrorCases(t, file)
	if len(cases) < 20 {
		t.Fatalf("only %d cases in %s", len(cases), file)
	}
	for _, c := range cases {
		var err error
		if c.stmts {
			_, err = ParseStmts(c.src)
		} else {
			_, err = ParseExpr(c.src)
		}
		var got ErrorList
		if err != nil && !errors.As(err, &got) {
			t.Errorf("%s:%d: error of type %T, want ErrorList", file, c.line, err)
			continue
		}
		// Expectations follow the order of the lines; errors are sorted.
		want := append([]wantError(nil), c.want...)
		sortWant(want)
		ok := len(got) == len(want)
		for i := 0; ok && i < len(got); i++ {
			ok = got[i].Pos == want[i].pos && want[i].matches(got[i].Msg)
		}
		if !ok {
			t.Errorf("%s:%d: %q\ngot errors:\n%s\nwant:\n%s", file, c.line, c.src,
				describe(c.src, got), describeWant(c.src, want))
		}
	}
}

func sortWant(w []wantError) {
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && w[j].pos < w[j-1].pos; j-- {
			w[j], w[j-1] = w[j-1], w[j]
		}
	}
}

func describe(src string, l ErrorList) string {
	if len(l) == 0 {
		return "\t(none)"
	}
	var b strings.Builder
	for _, e := range l {
		fmt.Fprintf(&b, "\t%s\n", e.Format(src))
	}
	return b.String()
}

func describeWant(src string, w []wantError) string {
	l := make(ErrorList, len(w))
	for i, e := range w {
		l[i] = &Error{Pos: e.pos, Msg: e.msg}
	}
	return describe(src, l)
}
