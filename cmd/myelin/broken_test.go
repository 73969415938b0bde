package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected errors testdata/broken/*.want")

// brokenDir holds the corpus of broken models: TOML syntax errors, wrong
// units, unknown names, misspelled keys, negative and absurd sizes, a
// synapse to a missing group, cyclic subexpressions, exact on non-linear
// equations, missing and broken SWC files, an empty file, binary junk and
// a model that blows up to NaN.
var brokenDir = filepath.Join("..", "..", "testdata", "broken")

// errorLine is one line of a model error: FILE:LINE:COL: message.
var errorLine = regexp.MustCompile(`^[^:\n]+\.toml:\d+:\d+: \S.*$`)

// TestBrokenModels runs myelin check (myelin run for a model that is valid
// but blows up) on every model of the corpus: each must fail with exit
// code 1 and the errors of its .want file (go test -update rewrites them),
// every one a line FILE:LINE:COL: message, and never a panic.
func TestBrokenModels(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join(brokenDir, "*.toml"))
	if err != nil || len(paths) < 10 {
		t.Fatalf("the corpus of broken models is missing: %v", err)
	}
	runtime := map[string]bool{"nan.toml": true}
	for _, path := range paths {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			verb := "check"
			if runtime[name] {
				verb = "run"
			}
			var stdout, stderr bytes.Buffer
			args := []string{verb, path}
			if runtime[name] {
				args = append(args, "-q", "-o", filepath.Join(t.TempDir(), "out.json"))
			}
			code := safeRun(args, &stdout, &stderr)
			got := strings.ReplaceAll(stderr.String(), brokenDir+string(filepath.Separator), "")
			if code != exitModel {
				t.Errorf("myelin %s %s: exit %d, want %d", verb, name, code, exitModel)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !errorLine.MatchString(line) && !(runtime[name] && strings.HasPrefix(line, "the simulation blew up")) {
					t.Errorf("not an error line FILE:LINE:COL: message: %q", line)
				}
			}
			if strings.Contains(got, "goroutine") || strings.Contains(got, "internal error") {
				t.Errorf("a panic: %s", got)
			}
			want := filepath.Join(brokenDir, strings.TrimSuffix(name, ".toml")+".want")
			if *update {
				if err := os.WriteFile(want, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			data, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (go test -update writes it)", err)
			}
			// The memory available changes from machine to machine.
			mem := regexp.MustCompile(`more than the [0-9.]+ [KMGT]iB of memory available`)
			if mem.ReplaceAllString(got, "X") != mem.ReplaceAllString(string(data), "X") {
				t.Errorf("myelin %s %s printed\n%s\nwant\n%s", verb, name, got, data)
			}
		})
	}
}
