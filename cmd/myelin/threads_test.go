package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// --threads N changes how fast a run is, never its results: COBAHH (whose
// HH update splits over the threads) gives the same final state and
// spikes with one thread and with three; a count that is not a number of
// threads is a usage error.
func TestThreads(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join("..", "..", "examples", "cobahh.toml")
	results := func(threads string) map[string]any {
		t.Helper()
		out := filepath.Join(dir, "r"+threads+".json")
		var stderr bytes.Buffer
		args := []string{"run", model, "--duration", "20*ms", "--final-state", "--quiet", "-o", out, "--threads", threads}
		if code := run(args, os.Stdout, &stderr); code != 0 {
			t.Fatalf("--threads %s: exit %d: %s", threads, code, stderr.String())
		}
		raw, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var r map[string]any
		if err := json.Unmarshal(raw, &r); err != nil {
			t.Fatal(err)
		}
		delete(r, "build_seconds")
		delete(r, "wall_seconds")
		return r
	}
	one, three := results("1"), results("3")
	if len(one["monitors"].(map[string]any)) == 0 {
		t.Fatal("no monitors in the results")
	}
	if !reflect.DeepEqual(one, three) {
		t.Error("the results with --threads 3 differ from those with --threads 1")
	}
	for _, bad := range []string{"-1", "two", "1.5"} {
		var stderr bytes.Buffer
		code := run([]string{"run", model, "--threads", bad}, os.Stdout, &stderr)
		if code != exitUsage || !strings.Contains(stderr.String(), "--threads "+bad) || strings.Count(stderr.String(), "\n") != 1 {
			t.Errorf("--threads %s: exit %d, %q; want a one-line usage error", bad, code, stderr.String())
		}
	}
}
