package app

import (
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

// TestExamples checks that the examples list names and describes every
// example as its model file does, read in full by model.Load.
func TestExamples(t *testing.T) {
	got := Examples()
	names := examples.Names()
	if len(got) != len(names) || len(got) == 0 {
		t.Fatalf("%d examples listed, %d embedded", len(got), len(names))
	}
	for k, e := range got {
		src, err := examples.Read(names[k])
		if err != nil {
			t.Fatal(err)
		}
		f, err := model.Load(names[k], src)
		if err != nil {
			t.Fatalf("%s: %v", names[k], err)
		}
		want := f.Model.Name.Text
		if want == "" {
			want = names[k]
		}
		if e.File != names[k] || e.Name != want || e.Description != f.Model.Description.Text {
			t.Errorf("%s: listed as %q, %q; the file says %q, %q", names[k], e.Name, e.Description, want, f.Model.Description.Text)
		}
	}
}

func BenchmarkExamples(b *testing.B) {
	for b.Loop() {
		Examples()
	}
}

// TestModelTable checks the cut of the [model] table that Examples
// decodes, and that a cut which does not decode is caught.
func TestModelTable(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[model]\nname = \"a\"\n[run]\ndt = \"1*ms\"\n", "[model]\nname = \"a\""},
		{"[run]\n[model]\nname = \"a\"\n", "[model]\nname = \"a\"\n"},
		{"# [model]\n[run]\n", ""},
		{"[run]\n", ""},
	} {
		if got := modelTable(tc.src); got != tc.want {
			t.Errorf("modelTable(%q) = %q, want %q", tc.src, got, tc.want)
		}
	}
	// A description whose text has a line starting with "[": the cut
	// ends inside the string and does not decode, so the whole file is.
	src := "[model]\nname = \"a\"\ndescription = \"\"\"one\n[two]\n\"\"\"\n[run]\n"
	var head struct {
		Model struct{ Name, Description string }
	}
	if _, err := toml.Decode(modelTable(src), &head); err == nil {
		t.Errorf("the cut %q decodes", modelTable(src))
	}
}
