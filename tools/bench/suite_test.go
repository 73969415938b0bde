//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The wasm runner runs Node on wasm_exec_node.js beside go_js_wasm_exec,
// also when -wasmexec names a link to it; without the loader it says
// where it looked.
func TestWasmExecNode(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "go", "lib", "wasm")
	if err := os.MkdirAll(real, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"go_js_wasm_exec", "wasm_exec_node.js"} {
		if err := os.WriteFile(filepath.Join(real, f), nil, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	link := filepath.Join(dir, "bin", "go_js_wasm_exec")
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(real, "go_js_wasm_exec"), link); err != nil {
		t.Fatal(err)
	}
	want := filepath.Join(real, "wasm_exec_node.js")
	for _, exec := range []string{filepath.Join(real, "go_js_wasm_exec"), link} {
		got, err := wasmExecNode(exec)
		if err != nil || got != want {
			t.Errorf("wasmExecNode(%s) = %q, %v; want %q", exec, got, err, want)
		}
	}
	if _, err := wasmExecNode(filepath.Join(dir, "go_js_wasm_exec")); err == nil || !strings.Contains(err.Error(), "wasm_exec_node.js") {
		t.Errorf("no loader: got %v, want an error naming wasm_exec_node.js", err)
	}
	rs, err := selectRunners("wasm,wasm-tiering")
	if err != nil || len(rs) != 2 || !rs[0].wasm() || !rs[1].wasm() {
		t.Errorf("selectRunners(wasm,wasm-tiering) = %v, %v", rs, err)
	}
}
