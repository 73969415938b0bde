package fmath

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// TestNoFusableProducts checks the rule that keeps the compiler from fusing
// a multiplication and an addition into one FMA instruction, which rounds
// once instead of twice and so changes results on arm64, ppc64, s390x,
// riscv64, loong64 and amd64 with GOAMD64=v3: in the sources of the
// package, every floating-point product whose value is not a constant must
// be the operand of another multiplication or of a division, the operand of
// a comparison, or be converted explicitly (float64(x*y)), which the Go
// specification says rounds it and prevents fusion. A product assigned to a
// variable, returned or passed to a function must be converted too, since
// the compiler may fuse across statements and inlined calls.
func TestNoFusableProducts(t *testing.T) {
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the Go sources of math")
	}
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	if _, err := conf.Check("fmath", fset, files, info); err != nil {
		t.Fatal(err)
	}
	isFloat := func(e ast.Expr) bool {
		b, ok := info.TypeOf(e).Underlying().(*types.Basic)
		return ok && b.Info()&types.IsFloat != 0
	}
	n := 0
	for _, f := range files {
		var stack []ast.Node
		ast.Inspect(f, func(node ast.Node) bool {
			if node == nil {
				stack = stack[:len(stack)-1]
				return true
			}
			defer func() { stack = append(stack, node) }()
			if as, ok := node.(*ast.AssignStmt); ok && as.Tok == token.MUL_ASSIGN && isFloat(as.Lhs[0]) {
				t.Errorf("%s: x *= y of floats: write x = float64(x * y)", fset.Position(as.Pos()))
				return true
			}
			e, ok := node.(*ast.BinaryExpr)
			if !ok || e.Op != token.MUL || !isFloat(e) || info.Types[e].Value != nil {
				return true
			}
			n++
			// Find the parent, skipping parentheses.
			i := len(stack) - 1
			for i >= 0 {
				if _, ok := stack[i].(*ast.ParenExpr); !ok {
					break
				}
				i--
			}
			switch p := stack[i].(type) {
			case *ast.BinaryExpr:
				switch p.Op {
				case token.MUL, token.QUO, token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
					return true
				}
			case *ast.CallExpr:
				if info.Types[p.Fun].IsType() && isFloat(p) {
					// A conversion to float64. A conversion to an integer
					// type is not enough: float to uint64 conversion
					// subtracts 2**63 on some architectures, and that
					// subtraction has been seen fused.
					return true
				}
			}
			t.Errorf("%s: product %s may be fused with an addition: wrap it in float64(...)",
				fset.Position(e.Pos()), types.ExprString(e))
			return true
		})
	}
	if n == 0 {
		t.Fatal("found no products at all")
	}
}

// TestNoFMAInstructions compiles the package for the architectures whose
// compilers fuse multiply-adds and checks that the generated code has no
// fused multiply-add instruction. It needs the go command, and is skipped
// with -short.
func TestNoFMAInstructions(t *testing.T) {
	if testing.Short() {
		t.Skip("compiles the package for six architectures")
	}
	if runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skip("needs the go command")
	}
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		if goCmd, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	var srcs []string
	paths, _ := filepath.Glob("*.go")
	for _, p := range paths {
		if !strings.HasSuffix(p, "_test.go") {
			srcs = append(srcs, p)
		}
	}
	// VFMADD231SD (amd64), FMADDD (arm64, loong64, riscv64), FMADD (ppc64,
	// s390x), and their FMSUB, FNMADD, FNMSUB variants.
	fma := regexp.MustCompile(`\bV?FN?M(ADD|SUB)[A-Z0-9]*\b`)
	text := regexp.MustCompile(`^\S*fmath\.\S+ STEXT`)
	for _, target := range []struct{ goarch, env string }{
		{"amd64", "GOAMD64=v3"},
		{"arm64", ""},
		{"ppc64le", ""},
		{"s390x", ""},
		{"riscv64", ""},
		{"loong64", ""},
	} {
		t.Run(target.goarch, func(t *testing.T) {
			t.Parallel()
			env := append(os.Environ(), "GOOS=linux", "GOARCH="+target.goarch, "CGO_ENABLED=0", "GOFLAGS=")
			if target.env != "" {
				env = append(env, target.env)
			}
			run := func(args ...string) []byte {
				cmd := exec.Command(args[0], args[1:]...)
				cmd.Env = env
				out, err := cmd.Output()
				if err != nil {
					if ee, ok := err.(*exec.ExitError); ok {
						out = append(out, ee.Stderr...)
					}
					t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
				}
				return out
			}
			// Compile the package alone with go tool compile -S: go build
			// -gcflags=-S prints nothing when the build cache has the package.
			dir := t.TempDir()
			cfg := run(goCmd, "list", "-export", "-deps",
				"-f", "{{if .Export}}packagefile {{.ImportPath}}={{.Export}}{{end}}", ".")
			if err := os.WriteFile(filepath.Join(dir, "importcfg"), cfg, 0o666); err != nil {
				t.Fatal(err)
			}
			args := []string{goCmd, "tool", "compile", "-S", "-p", "github.com/myelin-sim/myelin/core/fmath",
				"-importcfg", filepath.Join(dir, "importcfg"), "-o", filepath.Join(dir, "fmath.o")}
			out := run(append(args, srcs...)...)
			fn, nfn := "", 0
			for _, line := range strings.Split(string(out), "\n") {
				if text.MatchString(line) {
					fn = strings.Fields(line)[0]
					nfn++
					continue
				}
				if m := fma.FindString(line); m != "" && fn != "" {
					t.Errorf("%s: %s has a fused multiply-add: %s", target.goarch, fn, strings.TrimSpace(line))
				}
			}
			if nfn == 0 {
				t.Fatalf("no assembly listing in the output of go tool compile -S:\n%s", out)
			}
		})
	}
}
