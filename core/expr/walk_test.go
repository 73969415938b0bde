package expr

import (
	"fmt"
	"slices"
	"testing"
)

func TestNames(t *testing.T) {
	tests := []struct {
		src          string
		names, funcs []string
	}{
		{"(ge+gi-(v-El))/taum", []string{"ge", "gi", "v", "El", "taum"}, nil},
		{"exp(-t/tau) * exp(t)", []string{"t", "tau"}, []string{"exp"}},
		{"rand() < p and v > v", []string{"p", "v"}, []string{"rand"}},
		{"f(f) + g(h(x))", []string{"f", "x"}, []string{"f", "g", "h"}},
		{"True or 1", []string{"True"}, nil},
		{"3", nil, nil},
	}
	for _, tt := range tests {
		x, err := ParseExpr(tt.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := Names(x); !slices.Equal(got, tt.names) {
			t.Errorf("Names(%q) = %q, want %q", tt.src, got, tt.names)
		}
		if got := FuncNames(x); !slices.Equal(got, tt.funcs) {
			t.Errorf("FuncNames(%q) = %q, want %q", tt.src, got, tt.funcs)
		}
	}
}

func TestInspect(t *testing.T) {
	stmts, err := ParseStmts("v += -f(a, (b)) * 2")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	Inspect(stmts[0], func(n Node) bool {
		got = append(got, fmt.Sprintf("%T", n))
		return true
	})
	want := []string{"*expr.Stmt", "*expr.Name", "*expr.Binary", "*expr.Unary", "*expr.Call",
		"*expr.Name", "*expr.Name", "*expr.Paren", "*expr.Name", "*expr.Num"}
	if !slices.Equal(got, want) {
		t.Errorf("Inspect order = %q\nwant %q", got, want)
	}

	// Returning false prunes the subtree.
	got = got[:0]
	Inspect(stmts[0], func(n Node) bool {
		got = append(got, fmt.Sprintf("%T", n))
		_, isUnary := n.(*Unary)
		return !isUnary
	})
	want = []string{"*expr.Stmt", "*expr.Name", "*expr.Binary", "*expr.Unary", "*expr.Num"}
	if !slices.Equal(got, want) {
		t.Errorf("pruned Inspect order = %q\nwant %q", got, want)
	}
}
