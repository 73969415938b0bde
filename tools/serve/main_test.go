package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
)

// TestHandler checks that pre-compressed copies are served in place of a
// file when the browser accepts their encoding, with the original's type.
func TestHandler(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("index.html", "<!doctype html>")
	write("m.wasm", "raw")
	write("m.wasm.gz", "gzip")
	write("m.wasm.br", "brotli")
	write("only.js", "js")
	h := handler(dir)
	tests := []struct {
		path, accept, body, encoding, ctype string
	}{
		{"/m.wasm", "gzip, deflate, br", "brotli", "br", "application/wasm"},
		{"/m.wasm", "gzip", "gzip", "gzip", "application/wasm"},
		{"/m.wasm", "", "raw", "", "application/wasm"},
		{"/only.js", "gzip, br", "js", "", "text/javascript; charset=utf-8"},
	}
	for _, tt := range tests {
		req := httptest.NewRequest(http.MethodGet, tt.path, nil)
		if tt.accept != "" {
			req.Header.Set("Accept-Encoding", tt.accept)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || rec.Body.String() != tt.body {
			t.Errorf("%s (Accept-Encoding %q): %d %q, want %q", tt.path, tt.accept, rec.Code, rec.Body.String(), tt.body)
		}
		if got := rec.Header().Get("Content-Encoding"); got != tt.encoding {
			t.Errorf("%s (Accept-Encoding %q): Content-Encoding %q, want %q", tt.path, tt.accept, got, tt.encoding)
		}
		if got := rec.Header().Get("Content-Type"); got != tt.ctype {
			t.Errorf("%s (Accept-Encoding %q): Content-Type %q, want %q", tt.path, tt.accept, got, tt.ctype)
		}
	}
}
