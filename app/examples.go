package app

import (
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/examples"
)

// Examples lists the embedded example models with the name and
// description of their [model] tables, in file order. Only that table is
// read (a whole model.Load of every example cost a noticeable part of the
// app's start in the browser); an example that does not decode is listed
// by its file name.
func Examples() []ui.Example {
	var out []ui.Example
	for _, n := range examples.Names() {
		e := ui.Example{File: n, Name: n}
		if src, err := examples.Read(n); err == nil {
			var head struct {
				Model struct{ Name, Description string }
			}
			ok := false
			if t := modelTable(string(src)); t != "" {
				_, err := toml.Decode(t, &head)
				ok = err == nil
			}
			if !ok {
				head.Model.Name, head.Model.Description = "", ""
				_, err = toml.Decode(string(src), &head)
			}
			if err == nil {
				if head.Model.Name != "" {
					e.Name = head.Model.Name
				}
				e.Description = head.Model.Description
			}
		}
		out = append(out, e)
	}
	return out
}

// modelTable returns the [model] table of a model file's text: from its
// header to the next table's (a line that starts with "["). A cut that
// falls inside a multi-line string does not decode, and then the whole
// file is decoded instead.
func modelTable(src string) string {
	start := strings.Index(src, "[model]")
	if start < 0 || (start > 0 && src[start-1] != '\n') {
		return ""
	}
	rest := src[start+len("[model]"):]
	if end := strings.Index(rest, "\n["); end >= 0 {
		rest = rest[:end]
	}
	return "[model]" + rest
}

// ReadExample returns the text of an embedded example.
func ReadExample(file string) ([]byte, error) { return examples.Read(file) }
