package model

import (
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
)

// scanned returns a File of src with positions only: the TOML decoded, the
// scanner run and checked, but no model decoded (so any TOML will do).
func scanned(t testing.TB, src string) *File {
	t.Helper()
	f := &File{Name: "t.toml", Src: src, src: newSource("t.toml", src)}
	if _, err := toml.Decode(src, &f.raw); err != nil {
		t.Fatalf("%q: %v", src, err)
	}
	f.nodes = scan(src)
	f.verifyStrings(f.raw, nil)
	return f
}

// TestScanStrings maps offsets inside strings of every kind to the file.
func TestScanStrings(t *testing.T) {
	for _, c := range []struct {
		src       string
		path      []any
		text      string // the decoded string
		k         int    // an offset into it
		line, col int    // where that byte is in src
	}{
		{`a = "xyz"`, []any{"a"}, "xyz", 0, 1, 6},
		{`a = "xyz"`, []any{"a"}, "xyz", 2, 1, 8},
		{`a = "xyz"`, []any{"a"}, "xyz", 3, 1, 9}, // the end: the closing quote
		{`a = "xyz"`, []any{"a"}, "xyz", 99, 1, 9},
		// Escapes: every byte an escape produces maps to its backslash.
		{`a = "\tb\u00e9c"`, []any{"a"}, "\tbéc", 1, 1, 8},
		{`a = "\tb\u00e9c"`, []any{"a"}, "\tbéc", 2, 1, 9},
		{`a = "\tb\u00e9c"`, []any{"a"}, "\tbéc", 3, 1, 9},
		{`a = "\tb\u00e9c"`, []any{"a"}, "\tbéc", 4, 1, 15},
		{`a = "\e[0m\x41"`, []any{"a"}, "\x1b[0mA", 1, 1, 8},
		{`a = "\e[0m\x41"`, []any{"a"}, "\x1b[0mA", 4, 1, 11},
		{`a = "\"q\\"`, []any{"a"}, `"q\`, 1, 1, 8},
		{`a = "\U0001F600!"`, []any{"a"}, "😀!", 4, 1, 16},
		// Columns count runes.
		{`a = "µV"`, []any{"a"}, "µV", 2, 1, 7},
		// Multi-line basic: the newline after the opening quotes is trimmed.
		{"a = \"\"\"\nline1\n  x\"\"\"", []any{"a"}, "line1\n  x", 0, 2, 1},
		{"a = \"\"\"\nline1\n  x\"\"\"", []any{"a"}, "line1\n  x", 8, 3, 3},
		{"a = \"\"\"\r\nab\"\"\"", []any{"a"}, "ab", 1, 2, 2},
		// Line-ending backslashes eat the newline and the blanks after it.
		{"a = \"\"\"\\\n    one \\\n    two\"\"\"", []any{"a"}, "one two", 0, 2, 5},
		{"a = \"\"\"\\\n    one \\\n    two\"\"\"", []any{"a"}, "one two", 4, 3, 5},
		{"a = \"\"\"\\  \n\n  one\"\"\"", []any{"a"}, "one", 0, 3, 3},
		// An escaped backslash before a newline is not line-ending.
		{"a = \"\"\"x\\\\\ny\"\"\"", []any{"a"}, "x\\\ny", 0, 1, 8},
		{"a = \"\"\"x\\\\\ny\"\"\"", []any{"a"}, "x\\\ny", 1, 1, 9},
		{"a = \"\"\"x\\\\\ny\"\"\"", []any{"a"}, "x\\\ny", 2, 1, 11},
		{"a = \"\"\"x\\\\\ny\"\"\"", []any{"a"}, "x\\\ny", 3, 2, 1},
		// Up to two quotes before the closing three belong to the string.
		{`a = """x""""`, []any{"a"}, `x"`, 1, 1, 9},
		{`a = """x"""""`, []any{"a"}, `x""`, 2, 1, 10},
		{`a = """a "quoted" b"""`, []any{"a"}, `a "quoted" b`, 3, 1, 11},
		// Literal strings: no escapes.
		{`a = 'C:\path'`, []any{"a"}, `C:\path`, 2, 1, 8},
		{"a = '''\nx\\ny'''", []any{"a"}, `x\ny`, 2, 2, 3},
		{"a = '''x''''", []any{"a"}, `x'`, 1, 1, 9},
		{"a = '''\r\n  q'''", []any{"a"}, "  q", 2, 2, 3},
		// Inside inline tables and arrays.
		{`t = {a = {b = "zz"}}`, []any{"t", "a", "b"}, "zz", 1, 1, 17},
		{`x = ["a", 'b', """c"""]`, []any{"x", 2}, "c", 0, 1, 19},
		{"t = {\n  a = \"q\", # c\n}", []any{"t", "a"}, "q", 0, 2, 8},
		{`m = [[1, 2], ["x"]]`, []any{"m", 1, 0}, "x", 0, 1, 16},
		{"x = [ # c\n  \"a\",\n  # d\n  'b',\n]", []any{"x", 1}, "b", 0, 4, 4},
		// Dotted and quoted keys.
		{`a."b.c".d = "v"`, []any{"a", "b.c", "d"}, "v", 0, 1, 14},
		{`a . b = "q"`, []any{"a", "b"}, "q", 0, 1, 10},
		{"[ \"q r\" . s ]\nk = \"v\"", []any{"q r", "s", "k"}, "v", 0, 2, 6},
		{`'lit key' = "v"`, []any{"lit key"}, "v", 0, 1, 14},
		{"\"k\\u00e9\" = 'v'", []any{"ké"}, "v", 0, 1, 14},
		// Arrays of tables, nested, with their running index.
		{"[[n]]\ns = \"a\"\n[[n]]\ns = \"b\"\n[n.sub]\nk = \"c\"", []any{"n", 1, "sub", "k"}, "c", 0, 6, 6},
		{"[[n]]\n[[n.m]]\ns = \"a\"\n[[n]]\n[[n.m]]\n[[n.m]]\ns = \"b\"", []any{"n", 1, "m", 1, "s"}, "b", 0, 7, 6},
		{"[[n]]\ns = \"a\"\n[[n]]\ns = \"b\"", []any{"n", 0, "s"}, "a", 0, 2, 6},
		// Comments with quotes do not confuse the scanner.
		{"# a = \"no\"\na = \"yes\" # \"not this\"\n", []any{"a"}, "yes", 0, 2, 6},
		{"a = 1 # '''\nb = 'x'", []any{"b"}, "x", 0, 2, 6},
	} {
		f := scanned(t, c.src)
		s, ok := f.StringAt(c.path...)
		if !ok {
			t.Errorf("%q: no string at %v", c.src, c.path)
			continue
		}
		if s.Text != c.text {
			t.Errorf("%q: text %q, want %q", c.src, s.Text, c.text)
		}
		if s.m == nil {
			t.Errorf("%q: the scanner did not decode %v as the TOML library did", c.src, c.path)
			continue
		}
		if p := s.At(c.k); p.Line != c.line || p.Col != c.col {
			t.Errorf("%q: offset %d of %v is at %d:%d, want %d:%d", c.src, c.k, c.path, p.Line, p.Col, c.line, c.col)
		}
	}
}

// TestScanPositions checks the positions of keys, values and tables.
func TestScanPositions(t *testing.T) {
	src := `# comment
  key = 1 # x
[tab]
a.b = true
[[arr]]
x = 1979-05-27 07:32:00Z
[[arr]]
y = [1, 2,
     3]
[arr.sub]
z = {q = -1.5e3}
`
	f := scanned(t, src)
	for _, c := range []struct {
		got       Position
		line, col int
	}{
		{f.KeyPos("key"), 2, 3},
		{f.Pos("key"), 2, 9},
		{f.Pos("tab"), 3, 1},
		{f.KeyPos("tab"), 3, 2},
		{f.Pos("tab", "a"), 4, 1},
		{f.KeyPos("tab", "a", "b"), 4, 3},
		{f.Pos("tab", "a", "b"), 4, 7},
		{f.Pos("arr"), 5, 1},
		{f.KeyPos("arr"), 5, 3},
		{f.Pos("arr", 0), 5, 1},
		{f.Pos("arr", 0, "x"), 6, 5},
		{f.Pos("arr", 1), 7, 1},
		{f.Pos("arr", 1, "y", 2), 9, 6},
		{f.Pos("arr", 1, "sub"), 10, 1},
		{f.Pos("arr", 1, "sub", "z", "q"), 11, 10},
		{f.KeyPos("arr", 1, "sub", "z", "q"), 11, 6},
		{f.Pos("arr", 5, "nothing"), 5, 1}, // the nearest ancestor: arr
		{f.Pos("nothing"), 1, 1},
	} {
		if c.got.Line != c.line || c.got.Col != c.col {
			t.Errorf("position %v, want %d:%d", c.got, c.line, c.col)
		}
	}
	// Keys keep their order of appearance.
	var d decoder
	d.f = f
	if got := d.sortedKeys(f.raw, nil); len(got) != 3 || got[0] != "key" || got[1] != "tab" || got[2] != "arr" {
		t.Errorf("key order %v", got)
	}
}

// TestScanMismatch: where the scanner and the TOML library disagree about
// a string, positions fall back to the start of the value.
func TestScanMismatch(t *testing.T) {
	f := scanned(t, `a = "xyz"`)
	f.nodes[pathKey([]any{"a"})].str.text = "other"
	f.verifyStrings(f.raw, nil)
	s, _ := f.StringAt("a")
	if p := s.At(2); p.Line != 1 || p.Col != 5 {
		t.Errorf("fallback position %v, want 1:5", p)
	}
	if p := f.PosIn("a", 2); p.Line != 1 || p.Col != 5 {
		t.Errorf("PosIn fallback %v, want 1:5", p)
	}
}

// TestScanGarbage: the scanner never panics or loops, even on text the
// TOML library would reject.
func TestScanGarbage(t *testing.T) {
	for _, src := range []string{
		"", "[", "[[", "[a", "a", "a =", "a = \"", "a = \"\"\"", "a = '''x", "a = [1,",
		"a = {", "a = {b", "a = \"\\u12\"", "a = \"\\", "= 1", "a.=1", "\"a", "a = [}",
		"a = {b = 1,,}", "[a]]", "a = \"\"\"\\", "a = 1\n[[a]]\n[a.b]\n[[a.b]]",
	} {
		scan(src)
	}
}

func TestStringSub(t *testing.T) {
	f := scanned(t, "a = \"\"\"\nab\ncd\"\"\"")
	s, _ := f.StringAt("a")
	sub := s.Sub(3, 5)
	if sub.Text != "cd" {
		t.Fatalf("Sub = %q", sub.Text)
	}
	if p := sub.At(1); p.Line != 3 || p.Col != 2 {
		t.Errorf("Sub At(1) = %v, want 3:2", p)
	}
	if p := sub.Pos; p.Line != 3 || p.Col != 1 {
		t.Errorf("Sub Pos = %v, want 3:1", p)
	}
	if got := s.Sub(-5, 99).Text; got != s.Text {
		t.Errorf("clamped Sub = %q", got)
	}
	e := sub.Errorf(1, "bad %s", "d")
	if e.Error() != "t.toml:3:2: bad d" {
		t.Errorf("Errorf = %v", e)
	}
}

func TestTooDeep(t *testing.T) {
	deep := strings.Repeat("[", 40)
	for _, c := range []struct {
		src  string
		want int
	}{
		{"a = [[1], [2]]", -1},
		{"a = \"" + deep + "\"", -1},
		{"a = '" + deep + "'", -1},
		{"a = \"\"\"\n" + deep + "\n\"\"\"", -1},
		{"a = '''\n" + deep + "'''", -1},
		{"a = \"\\\"" + deep + "\"", -1},
		{"# " + deep + "\na = 1", -1},
		{"a = \"\"\"x\"\"\"\"\nb = [" + deep[:31] + "]", -1},
		{"a = " + deep, 4 + 32},
		{"a = '''x'''\nb = {c = " + deep, 21 + 31},
	} {
		if got := tooDeep(c.src, 32); got != c.want {
			t.Errorf("tooDeep(%q) = %d, want %d", c.src, got, c.want)
		}
	}
}
