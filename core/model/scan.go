package model

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// The TOML library reports positions only for syntax errors. For
// everything else, scan walks the text of a file that the library has
// already parsed and records where every key and value is, by key path
// ("neurons", 0, "model"), and for every string value where each byte of
// its decoded content came from, so that an error at offset k inside a code
// string can point at its line and column in the file.
//
// The scanner trusts that the text is valid TOML (the library said so), but
// it never panics and never loops on any input: where it does not understand
// the text it stops, and positions fall back to the nearest recorded
// ancestor.

// node is what the scanner records about one key path.
type node struct {
	key int            // byte offset of the key, or of a table header's '['
	val int            // byte offset of the value's first character
	seq int            // order of appearance in the file
	str *scannedString // for string values
}

// scannedString is a string value decoded by the scanner, with the file
// offset of every byte of the decoded text: offs[k] is where byte k came
// from, and offs[len(text)] is the closing delimiter.
type scannedString struct {
	text    string
	offs    []int
	content int // where the content starts (after the opening delimiter)
}

type scanner struct {
	src    string
	p      int
	nodes  map[string]*node
	arrays map[string]int // arrays of tables: path key → elements so far
	seq    int
}

// scan records the positions of every key and value of src.
func scan(src string) map[string]*node {
	s := &scanner{src: src, nodes: map[string]*node{}, arrays: map[string]int{}}
	s.top()
	return s.nodes
}

// pathKey encodes a key path as a map key. Strings are quoted and indices
// are bare numbers, so that the key "0" and the index 0 differ.
func pathKey(path []any) string {
	var b strings.Builder
	for i, p := range path {
		if i > 0 {
			b.WriteByte('/')
		}
		switch p := p.(type) {
		case string:
			b.WriteString(strconv.Quote(p))
		case int:
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

func (s *scanner) peek(i int) byte {
	if s.p+i < len(s.src) && s.p+i >= 0 {
		return s.src[s.p+i]
	}
	return 0
}

func (s *scanner) eof() bool { return s.p >= len(s.src) }

// record stores n at path, unless something is there already (an implicit
// table defined by a dotted key keeps the place of its first mention).
func (s *scanner) record(path []any, key, val int, str *scannedString) {
	k := pathKey(path)
	if _, ok := s.nodes[k]; ok {
		return
	}
	s.seq++
	s.nodes[k] = &node{key: key, val: val, seq: s.seq, str: str}
}

// skipSpace skips blanks, and with nl newlines and comments too.
func (s *scanner) skipSpace(nl bool) {
	for !s.eof() {
		switch c := s.src[s.p]; {
		case c == ' ' || c == '\t':
			s.p++
		case nl && (c == '\n' || c == '\r'):
			s.p++
		case nl && c == '#':
			s.skipComment()
		default:
			return
		}
	}
}

func (s *scanner) skipComment() {
	if i := strings.IndexByte(s.src[s.p:], '\n'); i >= 0 {
		s.p += i
	} else {
		s.p = len(s.src)
	}
}

func (s *scanner) top() {
	var cur []any
	for {
		s.skipSpace(true)
		if s.eof() {
			return
		}
		start := s.p
		if s.src[s.p] == '[' {
			path, ok := s.header()
			if !ok {
				return
			}
			cur = path
		} else if !s.keyval(cur) {
			return
		}
		if s.p <= start {
			return // no progress: text the scanner does not understand
		}
	}
}

type keyPart struct {
	name string
	off  int
}

// keyParts reads a possibly dotted key: bare, "basic" or 'literal' parts
// separated by dots, with blanks around the dots.
func (s *scanner) keyParts() ([]keyPart, bool) {
	var parts []keyPart
	for {
		s.skipSpace(false)
		off := s.p
		switch s.peek(0) {
		case '"':
			str, ok := s.basicString(false)
			if !ok {
				return nil, false
			}
			parts = append(parts, keyPart{str.text, off})
		case '\'':
			str, ok := s.literalString(false)
			if !ok {
				return nil, false
			}
			parts = append(parts, keyPart{str.text, off})
		default:
			for !s.eof() && isBareKeyChar(s.src[s.p]) {
				s.p++
			}
			if s.p == off {
				return nil, false
			}
			parts = append(parts, keyPart{s.src[off:s.p], off})
		}
		s.skipSpace(false)
		if s.peek(0) != '.' {
			return parts, true
		}
		s.p++
	}
}

func isBareKeyChar(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == '-'
}

// header reads a [table] or [[array.of.tables]] header and returns the path
// of the table it opens, with the index of every array of tables in it.
func (s *scanner) header() ([]any, bool) {
	start := s.p
	double := s.peek(1) == '['
	s.p++
	if double {
		s.p++
	}
	parts, ok := s.keyParts()
	if !ok {
		return nil, false
	}
	s.skipSpace(false)
	if s.peek(0) != ']' || double && s.peek(1) != ']' {
		return nil, false
	}
	s.p++
	if double {
		s.p++
	}
	var path []any
	for i, part := range parts {
		path = append(path, part.name)
		k := pathKey(path)
		last := i == len(parts)-1
		n, isArray := s.arrays[k]
		switch {
		case last && double:
			s.record(path, part.off, start, nil)
			s.arrays[k] = n + 1
			path = append(path, n)
			s.record(path, start, start, nil)
		case isArray:
			path = append(path, n-1)
		case last:
			s.record(path, part.off, start, nil)
		default:
			s.record(path, part.off, part.off, nil)
		}
	}
	return path, true
}

// keyval reads key = value and records it under base.
func (s *scanner) keyval(base []any) bool {
	parts, ok := s.keyParts()
	if !ok || len(parts) == 0 {
		return false
	}
	path := append([]any{}, base...)
	for i, part := range parts {
		path = append(path, part.name)
		if i < len(parts)-1 {
			s.record(path, part.off, part.off, nil)
		}
	}
	s.skipSpace(false)
	if s.peek(0) != '=' {
		return false
	}
	s.p++
	s.skipSpace(false)
	return s.value(path, parts[len(parts)-1].off)
}

// value reads the value at path whose key starts at key (-1 for array
// elements, whose key is the value itself).
func (s *scanner) value(path []any, key int) bool {
	start := s.p
	if key < 0 {
		key = start
	}
	switch s.peek(0) {
	case '"':
		str, ok := s.basicString(true)
		if !ok {
			return false
		}
		s.record(path, key, start, str)
		return true
	case '\'':
		str, ok := s.literalString(true)
		if !ok {
			return false
		}
		s.record(path, key, start, str)
		return true
	case '[':
		s.record(path, key, start, nil)
		return s.array(path)
	case '{':
		s.record(path, key, start, nil)
		return s.inlineTable(path)
	}
	for !s.eof() && !strings.ContainsRune(",]}\r\n#", rune(s.src[s.p])) {
		s.p++
	}
	if s.p == start {
		return false
	}
	s.record(path, key, start, nil)
	return true
}

func (s *scanner) array(path []any) bool {
	s.p++ // [
	for i := 0; ; i++ {
		s.skipSpace(true)
		if s.eof() {
			return false
		}
		if s.src[s.p] == ']' {
			s.p++
			return true
		}
		if !s.value(append(path[:len(path):len(path)], i), -1) {
			return false
		}
		s.skipSpace(true)
		switch s.peek(0) {
		case ',':
			s.p++
		case ']':
		default:
			return false
		}
	}
}

func (s *scanner) inlineTable(path []any) bool {
	s.p++ // {
	for {
		s.skipSpace(true)
		if s.eof() {
			return false
		}
		if s.src[s.p] == '}' {
			s.p++
			return true
		}
		if !s.keyval(path[:len(path):len(path)]) {
			return false
		}
		s.skipSpace(true)
		switch s.peek(0) {
		case ',':
			s.p++
		case '}':
		default:
			return false
		}
	}
}

// basicString reads a "basic" string, or with multi a """multi-line""" one
// when it starts so, decoding escapes as TOML does.
func (s *scanner) basicString(multi bool) (*scannedString, bool) {
	if multi && strings.HasPrefix(s.src[s.p:], `"""`) {
		return s.multiBasic()
	}
	s.p++ // "
	out := &scannedString{content: s.p}
	var b []byte
	for {
		if s.eof() {
			return nil, false
		}
		c := s.src[s.p]
		switch c {
		case '"':
			out.offs = append(out.offs, s.p)
			out.text = string(b)
			s.p++
			return out, true
		case '\\':
			if !s.escape(&b, &out.offs) {
				return nil, false
			}
		case '\n':
			return nil, false
		default:
			b = append(b, c)
			out.offs = append(out.offs, s.p)
			s.p++
		}
	}
}

// escape decodes the escape sequence at s.p, appending its bytes to b and
// their origin (the backslash) to offs.
func (s *scanner) escape(b *[]byte, offs *[]int) bool {
	at := s.p
	var r rune
	n := 2
	switch s.peek(1) {
	case 'b':
		r = '\b'
	case 't':
		r = '\t'
	case 'n':
		r = '\n'
	case 'f':
		r = '\f'
	case 'r':
		r = '\r'
	case 'e':
		r = 0x1b
	case '"':
		r = '"'
	case '\\':
		r = '\\'
	case 'x', 'u', 'U':
		digits := map[byte]int{'x': 2, 'u': 4, 'U': 8}[s.peek(1)]
		if s.p+2+digits > len(s.src) {
			return false
		}
		v, err := strconv.ParseUint(s.src[s.p+2:s.p+2+digits], 16, 32)
		if err != nil || !utf8.ValidRune(rune(v)) {
			return false
		}
		r, n = rune(v), 2+digits
	default:
		return false
	}
	before := len(*b)
	*b = utf8.AppendRune(*b, r)
	for range len(*b) - before {
		*offs = append(*offs, at)
	}
	s.p += n
	return true
}

// trimFirstNewline skips the newline right after the opening delimiter of
// a multi-line string, which TOML trims.
func (s *scanner) trimFirstNewline() {
	switch {
	case s.peek(0) == '\n':
		s.p++
	case s.peek(0) == '\r' && s.peek(1) == '\n':
		s.p += 2
	}
}

// closing reports how many quote characters q start at s.p, when they
// close a multi-line string: three, and up to two more that belong to the
// content.
func (s *scanner) closing(q byte) int {
	n := 0
	for s.peek(n) == q {
		n++
	}
	if n < 3 {
		return 0
	}
	return min(n, 5)
}

func (s *scanner) multiBasic() (*scannedString, bool) {
	s.p += 3
	s.trimFirstNewline()
	out := &scannedString{content: s.p}
	var b []byte
	for {
		if s.eof() {
			return nil, false
		}
		c := s.src[s.p]
		switch {
		case c == '"' && s.closing('"') > 0:
			n := s.closing('"')
			for range n - 3 {
				b = append(b, '"')
				out.offs = append(out.offs, s.p)
				s.p++
			}
			out.offs = append(out.offs, s.p)
			out.text = string(b)
			s.p += 3
			return out, true
		case c == '\\' && s.lineEndingBackslash():
			// skipped: the backslash, blanks and newlines up to the next text
		case c == '\\':
			if !s.escape(&b, &out.offs) {
				return nil, false
			}
		default:
			b = append(b, c)
			out.offs = append(out.offs, s.p)
			s.p++
		}
	}
}

// lineEndingBackslash skips a backslash at s.p that is followed by blanks
// and a newline, and all blanks and newlines after it, and reports whether
// it did.
func (s *scanner) lineEndingBackslash() bool {
	j := s.p + 1
	newline := false
	for j < len(s.src) {
		switch s.src[j] {
		case ' ', '\t', '\r':
		case '\n':
			newline = true
		default:
			goto done
		}
		j++
	}
done:
	if !newline {
		return false
	}
	s.p = j
	return true
}

// literalString reads a 'literal' string, or with multi a ”'multi-line”'
// one when it starts so: no escapes.
func (s *scanner) literalString(multi bool) (*scannedString, bool) {
	if multi && strings.HasPrefix(s.src[s.p:], `'''`) {
		s.p += 3
		s.trimFirstNewline()
		out := &scannedString{content: s.p}
		for {
			if s.eof() {
				return nil, false
			}
			if s.src[s.p] == '\'' {
				if n := s.closing('\''); n > 0 {
					end := s.p + n - 3
					for i := out.content; i <= end; i++ {
						out.offs = append(out.offs, i)
					}
					out.text = s.src[out.content:end]
					s.p = end + 3
					return out, true
				}
			}
			s.p++
		}
	}
	s.p++ // '
	out := &scannedString{content: s.p}
	end := strings.IndexAny(s.src[s.p:], "'\n")
	if end < 0 || s.src[s.p+end] != '\'' {
		return nil, false
	}
	end += s.p
	for i := out.content; i <= end; i++ {
		out.offs = append(out.offs, i)
	}
	out.text = s.src[out.content:end]
	s.p = end + 1
	return out, true
}
