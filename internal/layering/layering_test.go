//go:build !js

// Package layering holds the test that keeps myelin's packages layered as
// DESIGN.md draws them: units ← core ← render, morphviz ← app ← wasm, cmd.
package layering

import (
	"go/build"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const module = "github.com/myelin-sim/myelin"

const ebiten = "github.com/hajimehoshi/ebiten"

// ebitenAllowed are the only packages that may import Ebiten: it panics at
// start-up where there is no display, so everything else, and above all the
// myelin command line, must stay free of it.
var ebitenAllowed = []string{"render/ebitenr", "app", "wasm", "cmd/myelin-desktop"}

// pkg is one of the module's packages with its imports (all build
// configurations: every file's imports, whatever its build tags).
type pkg struct {
	rel     string // path relative to the module root, "units" or "core/expr"
	imports []string
}

func loadPackages(t *testing.T) map[string]pkg {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	ctx := build.Default
	ctx.UseAllFiles = true // read files of every GOOS/GOARCH and tag
	pkgs := map[string]pkg{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "node_modules" || name == "dist") {
			return filepath.SkipDir
		}
		bp, err := ctx.ImportDir(path, build.ImportComment)
		if err != nil {
			if _, ok := err.(*build.NoGoError); ok {
				return nil
			}
			t.Errorf("%s: %v", path, err)
			return nil
		}
		rel, _ := filepath.Rel(root, path)
		rel = filepath.ToSlash(rel)
		imports := append([]string{}, bp.Imports...)
		imports = append(imports, bp.TestImports...)
		imports = append(imports, bp.XTestImports...)
		pkgs[rel] = pkg{rel: rel, imports: imports}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := pkgs["units"]; !ok {
		t.Fatalf("found no units package under %s", root)
	}
	return pkgs
}

func under(rel string, prefixes ...string) bool {
	for _, p := range prefixes {
		if rel == p || strings.HasPrefix(rel, p+"/") {
			return true
		}
	}
	return false
}

func TestLayering(t *testing.T) {
	for _, v := range violations(loadPackages(t)) {
		t.Error(v)
	}
}

// violations lists every import that breaks the layering rules.
func violations(pkgs map[string]pkg) []string {
	var out []string
	for _, p := range pkgs {
		for _, imp := range p.imports {
			local, isLocal := strings.CutPrefix(imp, module+"/")
			switch {
			case strings.HasPrefix(imp, ebiten) && !under(p.rel, ebitenAllowed...):
				out = append(out, p.rel+" imports "+imp+": only "+strings.Join(ebitenAllowed, ", ")+" may import Ebiten")
			case imp == "syscall/js" && !under(p.rel, "wasm", "tools"):
				// tools/ holds harnesses (make bench runs tools/bench under
				// Node) that nothing of myelin imports.
				out = append(out, p.rel+" imports syscall/js: only wasm/ and tools/ may")
			case isLocal && under(p.rel, "units", "core") &&
				under(local, "render", "morphviz", "app", "wasm", "cmd"):
				out = append(out, p.rel+" imports "+imp+": the core must not know how it is drawn or run")
			case isLocal && under(p.rel, "units") && !under(local, "units"):
				out = append(out, p.rel+" imports "+imp+": units depends on nothing of myelin")
			case isLocal && under(p.rel, "render", "morphviz") &&
				under(local, "app", "wasm", "cmd"):
				out = append(out, p.rel+" imports "+imp+": drawing must not depend on the app")
			}
		}
	}
	sort.Strings(out)
	return out
}

// TestRules checks that the rules catch what they are for.
func TestRules(t *testing.T) {
	tests := []struct {
		rel, imp string
		bad      bool
	}{
		{"core/sim", module + "/units", false},
		{"core/sim", module + "/render", true},
		{"core/sim", ebiten + "/v2", true},
		{"core/kernel", "syscall/js", true},
		{"units", module + "/core/expr", true},
		{"render", ebiten + "/v2", true},
		{"render/ebitenr", ebiten + "/v2", false},
		{"app", ebiten + "/v2/vector", false},
		{"wasm", "syscall/js", false},
		{"cmd/myelin", ebiten + "/v2", true},
		{"cmd/myelin-desktop", ebiten + "/v2", false},
		{"morphviz", module + "/app", true},
	}
	for _, tc := range tests {
		v := violations(map[string]pkg{tc.rel: {rel: tc.rel, imports: []string{tc.imp}}})
		if (len(v) > 0) != tc.bad {
			t.Errorf("%s importing %s: violations %v, want bad=%v", tc.rel, tc.imp, v, tc.bad)
		}
	}
}

// TestCLIWithoutEbiten follows the imports of the myelin command line
// through the module's own packages: none of them may bring in Ebiten.
func TestCLIWithoutEbiten(t *testing.T) {
	pkgs := loadPackages(t)
	seen := map[string]bool{}
	var bad []string
	var visit func(rel string, path []string)
	visit = func(rel string, path []string) {
		if seen[rel] {
			return
		}
		seen[rel] = true
		p, ok := pkgs[rel]
		if !ok {
			return
		}
		for _, imp := range p.imports {
			if strings.HasPrefix(imp, ebiten) {
				bad = append(bad, strings.Join(append(path, rel, imp), " → "))
			}
			if local, ok := strings.CutPrefix(imp, module+"/"); ok {
				visit(local, append(path, rel))
			}
		}
	}
	visit("cmd/myelin", nil)
	sort.Strings(bad)
	for _, b := range bad {
		t.Errorf("the myelin CLI links Ebiten: %s", b)
	}
}
