package model

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
)

// File is a model file, decoded and checked: every table of the format as
// typed Go values, with the positions of all of them.
//
// Code strings and quantities stay strings ([String], with the place of each
// byte of their content); quantities and integers are also evaluated with
// the constants in scope ([Quantity], [Int]). Building a runnable network
// from a File is the job of a later stage; what it finds wrong it reports
// with [String.At], [String.Errors] or [File.Pos].
type File struct {
	// Name is the file name that errors begin with.
	Name string
	// Src is the text of the file (without a byte order mark).
	Src string

	Model         Model
	Run           Run
	Constants     []*Constant // in file order
	Neurons       []*Neurons
	Poisson       []*Poisson
	SpikeGens     []*SpikeGen
	TimedArrays   []*TimedArray
	Synapses      []*Synapses
	PoissonInputs []*PoissonInput
	Spatial       []*Spatial
	Monitors      []*Monitor
	Plots         []*Plot
	Controls      []*Control
	Schedule      []*Step

	// Overrides are the values of group variables set with [File.Override]
	// (--set G.I=0.5*nA), in order, for the builder to apply after the
	// initial values of the file.
	Overrides []Setting

	src   *source
	nodes map[string]*node
	raw   map[string]any
	evals []func(*evaluator) // evaluation of quantities and integers
}

// LoadFile reads and loads the model file at path; errors name the file as
// path.
func LoadFile(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return Load(path, data)
}

// Load decodes, evaluates and checks the model file data; name is the file
// name that errors begin with. On any problem it returns a nil File and an
// [ErrorList] of every problem found, each "NAME:LINE:COL: message".
//
// Load checks what can be checked from the file alone: the keys and types
// of every table, that required keys are there, the constants, the units of
// every quantity, integers, names, and references between tables. The
// equations and other code strings are left to the builder.
func Load(name string, data []byte) (*File, error) {
	text := stripBOM(string(data))
	f := &File{Name: name, Src: text, src: newSource(name, text)}
	// The TOML library takes time quadratic in the depth of nesting: refuse
	// absurd depths, which no model needs, before it sees them.
	if off := tooDeep(text, maxNesting); off >= 0 {
		return nil, ErrorList{Errorf(f.src.position(off), "arrays and tables are nested more than %d deep here", maxNesting)}
	}
	var raw map[string]any
	if _, err := toml.Decode(text, &raw); err != nil {
		return nil, f.syntaxError(err)
	}
	f.raw = raw
	f.nodes = scan(text)
	f.verifyStrings(raw, nil)
	d := &decoder{f: f}
	d.file(raw)
	errs := d.errs
	errs = append(errs, f.resolve()...)
	if len(errs) > 0 {
		return nil, errs.Err()
	}
	return f, nil
}

const maxNesting = 32

// tooDeep returns the offset of the first '[' or '{' of text nested more
// than limit deep outside strings and comments, or -1.
func tooDeep(text string, limit int) int {
	depth := 0
	for i := 0; i < len(text); i++ {
		switch text[i] {
		case '[', '{':
			if depth++; depth > limit {
				return i
			}
		case ']', '}':
			depth = max(depth-1, 0)
		case '#':
			for i+1 < len(text) && text[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			i = stringEnd(text, i)
		}
	}
	return -1
}

// stringEnd returns the offset of the last byte of the TOML string that
// starts at text[i], or of the last byte before the line or text ends.
func stringEnd(text string, i int) int {
	q := text[i]
	triple := string([]byte{q, q, q})
	if strings.HasPrefix(text[i:], triple) {
		for j := i + 3; j < len(text); j++ {
			switch {
			case q == '"' && text[j] == '\\':
				j++
			case strings.HasPrefix(text[j:], triple):
				j += 2
				for n := 0; n < 2 && j+1 < len(text) && text[j+1] == q; n++ {
					j++
				}
				return j
			}
		}
		return len(text) - 1
	}
	for j := i + 1; j < len(text); j++ {
		switch {
		case text[j] == '\n':
			return j - 1
		case q == '"' && text[j] == '\\':
			j++
		case text[j] == q:
			return j
		}
	}
	return len(text) - 1
}

// stripBOM drops a byte order mark, as the TOML library does, so that byte
// offsets agree with its own.
func stripBOM(s string) string {
	switch {
	case strings.HasPrefix(s, "\xff\xfe"), strings.HasPrefix(s, "\xfe\xff"):
		return s[2:]
	case strings.HasPrefix(s, "\xef\xbb\xbf"):
		return s[3:]
	}
	return s
}

// syntaxError turns an error of the TOML library into one line at its
// position.
func (f *File) syntaxError(err error) error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return ErrorList{Errorf(f.src.lineStart(1), "%s", tidyMessage(err.Error()))}
	}
	line := pe.Position.Line
	pos := f.src.lineStart(line)
	if start := pe.Position.Start; start >= 0 && start <= len(f.Src) {
		p := f.src.position(start)
		// The library's start is sometimes the blank before the culprit.
		for start < len(f.Src) && (f.Src[start] == ' ' || f.Src[start] == '\t') {
			start++
		}
		if start < len(f.Src) && f.Src[start] != '\n' && f.Src[start] != '\r' {
			p = f.src.position(start)
		}
		if p.Line == pos.Line {
			pos = p
		}
		// For a bad escape the library points at the string: find the escape.
		if _, esc, ok := strings.Cut(pe.Message, "invalid escape in string '"); ok && strings.HasPrefix(esc, `\`) {
			esc = strings.TrimSuffix(esc, "'")
			if end := strings.IndexByte(f.Src[pos.Offset:], '\n'); end >= 0 {
				if i := strings.Index(f.Src[pos.Offset:pos.Offset+end], esc); i >= 0 {
					pos = f.src.position(pos.Offset + i)
				}
			} else if i := strings.Index(f.Src[pos.Offset:], esc); i >= 0 {
				pos = f.src.position(pos.Offset + i)
			}
		}
	}
	return ErrorList{Errorf(pos, "%s", tidyMessage(pe.Message))}
}

// tidyMessage makes a message of the TOML library look like ours: one line,
// lower case, no full stop.
func tidyMessage(s string) string {
	s = strings.TrimPrefix(oneLine(strings.TrimSpace(s)), "toml: ")
	s = strings.TrimSuffix(s, ".")
	if r, n := utf8.DecodeRuneInString(s); n > 0 && unicode.IsUpper(r) {
		if r2, _ := utf8.DecodeRuneInString(s[n:]); !unicode.IsUpper(r2) {
			s = string(unicode.ToLower(r)) + s[n:]
		}
	}
	return s
}

// verifyStrings compares every string the scanner decoded with what the
// TOML library decoded; where they differ, positions inside that string
// fall back to its start.
func (f *File) verifyStrings(v any, path []any) {
	switch v := v.(type) {
	case string:
		if n := f.nodes[pathKey(path)]; n != nil && n.str != nil && n.str.text != v {
			n.str = nil
		}
	case map[string]any:
		for k, x := range v {
			f.verifyStrings(x, append(path[:len(path):len(path)], k))
		}
	case []map[string]any:
		for i, x := range v {
			f.verifyStrings(x, append(path[:len(path):len(path)], i))
		}
	case []any:
		for i, x := range v {
			f.verifyStrings(x, append(path[:len(path):len(path)], i))
		}
	}
}

// lookup returns the scanner's node for path, or for its nearest ancestor
// that has one.
func (f *File) lookup(path []any) *node {
	for n := len(path); n > 0; n-- {
		if nd := f.nodes[pathKey(path[:n])]; nd != nil {
			return nd
		}
	}
	return nil
}

// Pos returns the position of the value at a key path: keys are strings,
// indices of arrays (of tables too) are ints, as in
// f.Pos("neurons", 0, "model") or f.Pos("constants", "taum"). For a table
// it is the position of its header. A path the file does not have gives the
// position of its nearest ancestor that it has, and the start of the file
// for none.
func (f *File) Pos(path ...any) Position {
	if nd := f.lookup(path); nd != nil {
		return f.src.position(nd.val)
	}
	return f.src.lineStart(1)
}

// KeyPos returns the position of the key of the value at path (the last
// part of a dotted key); for an element of an array, of the element.
func (f *File) KeyPos(path ...any) Position {
	if nd := f.lookup(path); nd != nil {
		return f.src.position(nd.key)
	}
	return f.src.lineStart(1)
}

// PosIn returns the position in the file of byte offset k of the decoded
// string at path, written with dots and brackets as in
// "neurons[0].model", "constants.taum" or `schedule[1].set."G.I"`. For
// values that are not strings, or paths the file does not have, it returns
// what [File.Pos] does.
func (f *File) PosIn(path string, k int) Position {
	p := ParsePath(path)
	if nd := f.nodes[pathKey(p)]; nd != nil && nd.str != nil {
		k = max(0, min(k, len(nd.str.offs)-1))
		return f.src.position(nd.str.offs[k])
	}
	return f.Pos(p...)
}

// StringAt returns the string value at path as a [String] that maps its
// bytes to the file, and false when there is no string there.
func (f *File) StringAt(path ...any) (String, bool) {
	var v any = f.raw
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				return String{}, false
			}
			v = m[p]
		case int:
			switch a := v.(type) {
			case []any:
				if p < 0 || p >= len(a) {
					return String{}, false
				}
				v = a[p]
			case []map[string]any:
				if p < 0 || p >= len(a) {
					return String{}, false
				}
				v = a[p]
			default:
				return String{}, false
			}
		default:
			return String{}, false
		}
	}
	s, ok := v.(string)
	if !ok {
		return String{}, false
	}
	return f.str(path, s), true
}

// str makes the String of value s at path.
func (f *File) str(path []any, s string) String {
	out := String{Text: s, Pos: f.Pos(path...)}
	if nd := f.nodes[pathKey(path)]; nd != nil && nd.str != nil && nd.str.text == s {
		out.m = &stringMap{src: f.src, offs: nd.str.offs}
	}
	return out
}

// ParsePath splits a path such as `neurons[0].init.v` or
// `schedule[1].set."G.I"` into its keys (strings) and indices (ints), as
// [File.Pos] takes them. Quoted keys may hold dots and brackets.
func ParsePath(s string) []any {
	var out []any
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == '.':
			i++
		case c == '[':
			j := strings.IndexByte(s[i:], ']')
			if j < 0 {
				return append(out, s[i:])
			}
			n, err := strconv.Atoi(strings.TrimSpace(s[i+1 : i+j]))
			if err != nil {
				out = append(out, s[i+1:i+j])
			} else {
				out = append(out, n)
			}
			i += j + 1
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(s) && s[j] != c {
				if s[j] == '\\' && c == '"' {
					j++
				}
				j++
			}
			key := s[i+1 : min(j, len(s))]
			if c == '"' {
				if u, err := strconv.Unquote(`"` + key + `"`); err == nil {
					key = u
				}
			}
			out = append(out, key)
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != '.' && s[j] != '[' {
				j++
			}
			out = append(out, s[i:j])
			i = j
		}
	}
	return out
}
