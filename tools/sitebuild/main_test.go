package main

import (
	"encoding/json"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPages builds the gallery from the real library and checks that it
// lists every example with its title (escaped: titles are text, never
// markup) and its picture, and that the service worker keeps them all.
func TestPages(t *testing.T) {
	root = filepath.Join("..", "..")
	dist := t.TempDir()
	if err := pages(dist); err != nil {
		t.Fatal(err)
	}
	index, err := os.ReadFile(filepath.Join(dist, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	list, err := examples()
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 10 {
		t.Fatalf("%d examples", len(list))
	}
	var listed []example
	b, err := os.ReadFile(filepath.Join(dist, "examples", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &listed); err != nil || len(listed) != len(list) {
		t.Fatalf("examples/index.json lists %d of %d examples (%v)", len(listed), len(list), err)
	}
	sw, _ := os.ReadFile(filepath.Join(dist, "sw.js"))
	for _, e := range list {
		if e.Name == e.File {
			t.Errorf("%s: no [model] name", e.File)
		}
		stem := strings.TrimSuffix(e.File, ".toml")
		for _, want := range []string{"<h2>" + html.EscapeString(e.Name) + "</h2>", `src="img/` + stem + `.png"`} {
			if !strings.Contains(string(index), want) {
				t.Errorf("index.html lacks %s", want)
			}
		}
		if !strings.Contains(string(sw), `"examples/`+e.File+`"`) {
			t.Errorf("sw.js does not keep examples/%s", e.File)
		}
	}
	if strings.Contains(string(index), "<!-- gallery -->") {
		t.Error("the gallery marker is left in index.html")
	}
}

func TestGuard(t *testing.T) {
	for in, want := range map[string]string{
		`a</script>b`: `a<\/script>b`,
		`a</SCRIPT>b`: `a<\/SCRIPT>b`,
		`x<!--y`:      `x<\!--y`,
		`plain`:       `plain`,
	} {
		if got := guard(in); got != want {
			t.Errorf("guard(%q) = %q, want %q", in, got, want)
		}
	}
}
