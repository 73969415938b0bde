package model

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// expectedErrors reads the lines "# ERROR LINE:COL message" of a test file:
// the errors that loading it must report, exactly.
var errorLine = regexp.MustCompile(`(?m)^# ERROR (\d+):(\d+) (.*)$`)

type wantError struct {
	line, col int
	msg       string
}

func (w wantError) String() string {
	return strconv.Itoa(w.line) + ":" + strconv.Itoa(w.col) + ": " + w.msg
}

func expectedErrors(src string) []wantError {
	var out []wantError
	for _, m := range errorLine.FindAllStringSubmatch(src, -1) {
		line, _ := strconv.Atoi(m[1])
		col, _ := strconv.Atoi(m[2])
		out = append(out, wantError{line, col, m[3]})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].line != out[j].line {
			return out[i].line < out[j].line
		}
		return out[i].col < out[j].col
	})
	return out
}

// TestErrorFiles loads every model of testdata/errors and compares the
// errors with the ones the file states.
func TestErrorFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "errors", "*.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := expectedErrors(string(data))
			if len(want) == 0 {
				t.Fatal("the file states no # ERROR lines")
			}
			name := filepath.Base(path)
			f, err := Load(name, data)
			if err == nil {
				t.Fatalf("loaded without errors; want\n%v", want)
			}
			if f != nil {
				t.Errorf("Load returned a File with errors")
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error is a %T, not an ErrorList: %v", err, err)
			}
			var got []string
			for _, e := range list {
				if e.Pos.File != name {
					t.Errorf("error names file %q, want %q", e.Pos.File, name)
				}
				got = append(got, strconv.Itoa(e.Pos.Line)+":"+strconv.Itoa(e.Pos.Col)+": "+e.Msg)
			}
			var wants []string
			for _, w := range want {
				wants = append(wants, w.String())
			}
			if strings.Join(got, "\n") != strings.Join(wants, "\n") {
				t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wants, "\n"))
			}
			// Every line of Error() is FILE:LINE:COL: message.
			for _, line := range strings.Split(err.Error(), "\n") {
				if !strings.HasPrefix(line, name+":") {
					t.Errorf("error line %q does not start with %s:", line, name)
				}
			}
		})
	}
}
