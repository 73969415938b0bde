// Package examples is myelin's library of example models, embedded so the
// browser app, the desktop app and the tests all see the same files.
package examples

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.toml
var files embed.FS

// Names returns the file names of the example models, sorted.
func Names() []string {
	entries, _ := fs.ReadDir(files, ".")
	var names []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".toml") {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	return names
}

// Read returns the text of the example model called name.
func Read(name string) ([]byte, error) { return files.ReadFile(name) }
