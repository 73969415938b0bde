package model

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// FuzzLoad loads arbitrary bytes: Load (and the Estimate of what loads)
// never panics, every error is one line at a place inside the file, and
// the position scanner decodes every string exactly as the TOML library
// does.
func FuzzLoad(f *testing.F) {
	for _, pattern := range []string{"testdata/*.toml", "testdata/errors/*.toml"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err == nil {
				f.Add(data)
			}
		}
	}
	f.Add([]byte("a = \"\"\"\\\n  x\\t\\u00e9\"\"\"\nb = '''\r\ny'''"))
	f.Add([]byte("[[neurons]]\nname = \"G\"\nN = \"2**70\"\nmodel = \"v : 1\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Load("fuzz.toml", data)
		text := stripBOM(string(data))
		lines := 1 + strings.Count(text, "\n")
		if err == nil {
			if file == nil {
				t.Fatal("no File and no error")
			}
			// The estimate made before building never fails either.
			if e := file.Estimate(); !(e.Bytes >= 0) {
				t.Errorf("estimate of %g bytes", e.Bytes)
			}
		} else {
			if file != nil {
				t.Fatal("a File with errors")
			}
			var list ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error %T %v is not an ErrorList", err, err)
			}
			for _, e := range list {
				if e.Pos.File != "fuzz.toml" || e.Pos.Line < 1 || e.Pos.Line > lines || e.Pos.Col < 1 {
					t.Errorf("error at %v (the file has %d lines): %s", e.Pos, lines, e.Msg)
				}
				if e.Msg == "" || strings.ContainsAny(e.Msg, "\n\r") {
					t.Errorf("message %q is not one line", e.Msg)
				}
			}
		}
		// The scanner agrees with the TOML library on every string.
		var raw map[string]any
		if _, err := toml.Decode(text, &raw); err != nil {
			return
		}
		nodes := scan(text)
		var walk func(v any, path []any)
		walk = func(v any, path []any) {
			switch v := v.(type) {
			case string:
				n := nodes[pathKey(path)]
				if n == nil || n.str == nil || n.str.text != v || len(n.str.offs) != len(v)+1 {
					t.Errorf("the scanner does not decode the string at %v as %q", path, v)
				}
			case map[string]any:
				for k, x := range v {
					walk(x, append(path[:len(path):len(path)], k))
				}
			case []map[string]any:
				for i, x := range v {
					walk(x, append(path[:len(path):len(path)], i))
				}
			case []any:
				for i, x := range v {
					walk(x, append(path[:len(path):len(path)], i))
				}
			}
		}
		walk(raw, nil)
	})
}
