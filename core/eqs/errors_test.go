package eqs

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// errorCase is a case of testdata/errors.txt.
type errorCase struct {
	title string
	line  int // line of the title in errors.txt
	src   string
}

// wantError is an expected error: its position and a regexp of its message.
type wantError struct {
	line, col int
	re        *regexp.Regexp
}

func readErrorCases(t *testing.T) []errorCase {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "errors.txt"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []errorCase
	for n, line := range strings.SplitAfter(string(data), "\n") {
		if title, ok := strings.CutPrefix(line, "=== "); ok {
			cases = append(cases, errorCase{title: strings.TrimSpace(title), line: n + 1})
			continue
		}
		if len(cases) > 0 {
			cases[len(cases)-1].src += line
		}
	}
	// A blank line separates cases; it is not part of the equations.
	for i := range cases {
		cases[i].src = strings.TrimRight(cases[i].src, "\n") + "\n"
	}
	return cases
}

// directives reads the test directives of a case.
func (c errorCase) directives(t *testing.T) (owner Owner, check bool, ns testNS, want []wantError) {
	t.Helper()
	owner = NeuronGroup
	var consts [][2]string
	var vars [][3]string
	for _, line := range strings.Split(c.src, "\n") {
		d, ok := strings.CutPrefix(line, "# ")
		if !ok {
			continue
		}
		word, rest, _ := strings.Cut(d, " ")
		switch word {
		case "OWNER":
			var err error
			if owner, err = parseOwner(rest); err != nil {
				t.Fatal(err)
			}
		case "CHECK":
			check = true
		case "CONST":
			name, value, _ := strings.Cut(rest, "=")
			consts = append(consts, [2]string{strings.TrimSpace(name), strings.TrimSpace(value)})
		case "VAR", "SHARED":
			name, unit, _ := strings.Cut(rest, " ")
			vars = append(vars, [3]string{word, name, unit})
		case "ERROR":
			pos, re, _ := strings.Cut(rest, " ")
			l, col, _ := strings.Cut(pos, ":")
			line, err1 := strconv.Atoi(l)
			column, err2 := strconv.Atoi(col)
			if err1 != nil || err2 != nil {
				t.Fatalf("bad position in %q", d)
			}
			want = append(want, wantError{line, column, regexp.MustCompile(re)})
		}
	}
	ns = specialNS(owner)
	for _, c := range consts {
		if err := ns.constant(c[0], c[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, v := range vars {
		q, err := units.Parse(v[2])
		if err != nil {
			t.Fatal(err)
		}
		ns.variable(v[1], q.Dim, expr.Float, v[0] == "SHARED")
	}
	return owner, check, ns, want
}

// TestErrors checks the messages and positions of the errors of
// testdata/errors.txt.
func TestErrors(t *testing.T) {
	for _, c := range readErrorCases(t) {
		t.Run(c.title, func(t *testing.T) {
			owner, check, ns, want := c.directives(t)
			e, err := Parse(c.src, owner)
			if err == nil && check {
				err = e.Check(ns.lookup)
			}
			var got expr.ErrorList
			if err != nil {
				l, ok := err.(expr.ErrorList)
				if !ok {
					t.Fatalf("error is a %T, not an expr.ErrorList: %v", err, err)
				}
				got = l
			}
			ok := len(got) == len(want)
			for i := 0; ok && i < len(got); i++ {
				line, col := expr.LineCol(c.src, got[i].Pos)
				ok = line == want[i].line && col == want[i].col && want[i].re.MatchString(got[i].Msg)
			}
			if !ok {
				var w strings.Builder
				for _, x := range want {
					fmt.Fprintf(&w, "\n\t%d:%d %s", x.line, x.col, x.re)
				}
				t.Errorf("errors.txt:%d: got\n\t%s\nwant%s", c.line,
					strings.ReplaceAll(got.Format(c.src), "\n", "\n\t"), w.String())
			}
		})
	}
}

// TestErrorsAreOneLine checks that no message spans lines and every
// position lies within the input.
func TestErrorsAreOneLine(t *testing.T) {
	for _, c := range readErrorCases(t) {
		owner, _, ns, _ := c.directives(t)
		e, err := Parse(c.src, owner)
		if err == nil {
			err = e.Check(ns.lookup)
		}
		if err == nil {
			continue
		}
		for _, x := range err.(expr.ErrorList) {
			if strings.Contains(x.Msg, "\n") || x.Msg == "" {
				t.Errorf("%s: bad message %q", c.title, x.Msg)
			}
			if x.Pos < 0 || int(x.Pos) > len(c.src) {
				t.Errorf("%s: position %d outside the input", c.title, x.Pos)
			}
		}
	}
}
