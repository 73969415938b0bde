package export

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// maxLine is PEP 8's limit on the length of a line of code.
const maxLine = 79

// pyKeywords are Python's hard keywords: never a name.
var pyKeywords = set("False None True and as assert async await break class " +
	"continue def del elif else except finally for from global if import in " +
	"is lambda nonlocal not or pass raise return try while with yield")

// pyBuiltins are Python's built-in names: a group is never given one as its
// variable, so that nothing of Python is hidden.
var pyBuiltins = set("abs aiter all anext any ascii bin bool breakpoint " +
	"bytearray bytes callable chr classmethod compile complex copyright " +
	"credits delattr dict dir divmod enumerate eval exec exit filter float " +
	"format frozenset getattr globals hasattr hash help hex id input int " +
	"isinstance issubclass iter len license list locals map max memoryview " +
	"min next object oct open ord pow print property quit range repr " +
	"reversed round set setattr slice sorted staticmethod str sum super " +
	"tuple type vars zip __name__ __file__ __doc__ __builtins__")

// usedBuiltins are the built-ins that the script itself calls: a constant
// of the model cannot have their names.
var usedBuiltins = set("bool float getattr int isinstance len open str")

// brian2Names are the names of Brian2's Python API that the script uses.
// A constant or timed array of the model that has one of these names hides
// it; the script then writes brian2.NAME instead.
var brian2Names = set("NeuronGroup PoissonGroup SpikeGeneratorGroup " +
	"TimedArray Synapses PoissonInput SpatialNeuron Morphology Soma Cylinder " +
	"Section Quantity Equations SpikeMonitor StateMonitor " +
	"PopulationRateMonitor EventMonitor Network collect defaultclock seed " +
	"set_device device get_device get_unit prefs linked_var second")

// codeNames are names that every code string may use besides the model's
// own: Brian2's constants. Groups never take them as variables, because
// code strings are resolved in the script's namespace.
var codeNames = set("pi e inf True False t dt xi")

// starUnits are the unit names that `from brian2 import *` defines in
// Python (Brian2 2.5.1); the other units of Brian2 (every unit name works
// in code strings) are imported from brian2.units.allunits when a value of
// the script uses them. gray is missing on purpose: pylab's gray() hides it.
var starUnits = set("Gamp Gcoulomb Gfarad Ggram Ggramme Ghertz Gjoule " +
	"Gliter Glitre Gmeter Gmetre Gmolar Gmole Gohm Gpascal Gsecond Gsiemens " +
	"Gvolt Gwatt Hz MHz Mamp Mcoulomb Mfarad Mgram Mgramme Mhertz Mjoule " +
	"Mliter Mlitre Mmeter Mmetre Mmolar Mmole Mohm Mpascal Msecond Msiemens " +
	"Mvolt Mwatt Tamp Tcoulomb Tfarad Tgram Tgramme Thertz Tjoule Tliter " +
	"Tlitre Tmeter Tmetre Tmolar Tmole Tohm Tpascal Tsecond Tsiemens Tvolt " +
	"Twatt amp cm cm2 cm3 cmeter cmetre coulomb farad gram gramme hertz " +
	"joule kHz kamp kcoulomb kelvin kfarad kgram kgramme khertz kilogram " +
	"kjoule kliter klitre kmeter kmetre kmolar kmole kohm kpascal ksecond " +
	"ksiemens kvolt kwatt liter litre mA mM mS mV mamp mcoulomb meter metre " +
	"mfarad mgram mgramme mhertz mjoule mliter mlitre mm mm2 mm3 mmeter " +
	"mmetre mmolar mmole mohm molar mole mpascal ms msecond msiemens mvolt " +
	"mwatt nA nF nM nS namp ncoulomb nfarad ngram ngramme nhertz njoule " +
	"nliter nlitre nmeter nmetre nmolar nmole nohm npascal nsecond nsiemens " +
	"nvolt nwatt ohm pA pF pamp pascal pcoulomb pfarad pgram pgramme phertz " +
	"pjoule pliter plitre pmeter pmetre pmolar pmole pohm ppascal psecond " +
	"psiemens pvolt pwatt second siemens uA uF uM uS uamp ucoulomb ufarad " +
	"ugram ugramme uhertz ujoule uliter ulitre um um2 um3 umeter umetre " +
	"umolar umole uohm upascal us usecond usiemens uvolt uwatt volt watt")

// pyFuncs are the functions of code strings that Python has under the same
// name after `from brian2 import *` (numpy's, Brian2's exprel, and the
// built-ins abs and int), so that a constant expression using them is also
// a Python expression.
var pyFuncs = set("exp log log10 expm1 log1p exprel sin cos tan sinh cosh " +
	"tanh arcsin arccos arctan sqrt abs floor ceil sign int clip")

func set(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// isIdent reports whether s is a Python identifier of ASCII letters,
// digits and underscores (the names of the model format).
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && '0' <= c && c <= '9') {
			return false
		}
	}
	return true
}

// pyName reports whether s can be written as a Python name.
func pyName(s string) bool { return isIdent(s) && !pyKeywords[s] }

// pyStr writes s as a Python string literal on one line, in single quotes
// where it can.
func pyStr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == rune(q):
			b.WriteByte('\\')
			b.WriteByte(q)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteByte(q)
	return b.String()
}

// pyBlock writes code of several lines as a triple-quoted Python string
// that starts and ends with a newline, as Brian2's examples write
// equations. Tabs and the text's own indentation are kept.
func pyBlock(s string) string {
	s = strings.Trim(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	var b strings.Builder
	b.WriteString("'''\n")
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\'':
			b.WriteString(`\'`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r == 0x2028 || r == 0x2029 || r == 0xfeff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	b.WriteString("\n'''")
	return b.String()
}

// multiline reports whether code spans several lines once trimmed.
func multiline(s string) bool {
	return strings.ContainsAny(strings.Trim(s, " \t\r\n"), "\r\n")
}

// pyFloat writes v as a Python float literal that reads back exactly.
func pyFloat(v float64) string {
	switch {
	case math.IsInf(v, 1):
		return "float('inf')"
	case math.IsInf(v, -1):
		return "-float('inf')"
	case math.IsNaN(v):
		return "float('nan')"
	}
	s := strconv.FormatFloat(v, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

// pyNumber writes v as the shortest literal that reads back exactly: an
// integer where v is whole and small, else a float.
func pyNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return pyFloat(v)
}

// pyInts writes integers as a Python list.
func pyInts(xs []int) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = strconv.Itoa(x)
	}
	return out
}

// unitExpr writes a dimension as a product of Brian2 unit names ("volt",
// "amp/meter**2").
func unitExpr(d units.Dim) string { return d.String() }

// compact collapses the whitespace of a one-line expression; an
// expression with comments or line breaks is printed again from its tree.
func compact(src string, x expr.Expr) string {
	if strings.ContainsRune(src, '#') && x != nil {
		return expr.String(x)
	}
	return strings.Join(strings.Fields(src), " ")
}

// wrapCall writes prefix(args...) on one line when it fits in maxLine
// columns after indent, and otherwise with the arguments packed on
// continuation lines indented four more spaces (PEP 8's hanging indent).
func wrapCall(indent, prefix string, args []string) string {
	one := indent + prefix + "(" + strings.Join(args, ", ") + ")"
	if len(one) <= maxLine || len(args) == 0 {
		return one
	}
	return indent + prefix + "(\n" + pack(indent+"    ", args, ")")
}

// wrapList writes prefix[items]suffix, packing the items on continuation
// lines when they do not fit on one.
func wrapList(indent, prefix string, items []string, suffix string) string {
	one := indent + prefix + "[" + strings.Join(items, ", ") + "]" + suffix
	if len(one) <= maxLine || len(items) == 0 {
		return one
	}
	return indent + prefix + "[\n" + pack(indent+"    ", items, "]"+suffix)
}

// pack writes items separated by ", " on lines that start with indent and
// end before maxLine, then closing.
func pack(indent string, items []string, closing string) string {
	var b strings.Builder
	line := indent
	for i, it := range items {
		sep := ", "
		if i == len(items)-1 {
			sep = closing
		}
		if line != indent && len(line)+len(it)+len(strings.TrimRight(sep, " ")) > maxLine {
			b.WriteString(strings.TrimRight(line, " "))
			b.WriteByte('\n')
			line = indent
		}
		line += it + sep
	}
	b.WriteString(line)
	return b.String()
}

// wrapComment writes text as # comments of at most maxLine columns.
func wrapComment(indent, text string) string {
	var b strings.Builder
	for _, para := range strings.Split(text, "\n") {
		line := indent + "#"
		words := strings.Fields(para)
		if len(words) == 0 {
			b.WriteString(line + "\n")
			continue
		}
		for _, w := range words {
			if line != indent+"#" && len(line)+1+len(w) > maxLine {
				b.WriteString(line + "\n")
				line = indent + "#"
			}
			line += " " + w
		}
		b.WriteString(line + "\n")
	}
	return b.String()
}

// namer gives the script's Python names: each at most once, never a
// keyword, and never one of the names to avoid.
type namer struct {
	taken map[string]bool
	avoid map[string]bool
	// avoidFn, when set, tells more names to avoid.
	avoidFn func(string) bool
}

func newNamer() *namer { return &namer{taken: map[string]bool{}, avoid: map[string]bool{}} }

// fix claims name as it is (a constant or timed array, which code strings
// refer to by name).
func (n *namer) fix(name string) { n.taken[name] = true }

// free reports whether name can be claimed.
func (n *namer) free(name string) bool {
	return pyName(name) && !n.taken[name] && !n.avoid[name] && (n.avoidFn == nil || !n.avoidFn(name))
}

// claim returns the first free name of the candidates, or the first one
// with _, _2, _3 ... appended.
func (n *namer) claim(candidates ...string) string {
	for _, c := range candidates {
		if n.free(c) {
			n.taken[c] = true
			return c
		}
	}
	base := candidates[0]
	if !isIdent(base) {
		base = "x"
	}
	for k := 1; ; k++ {
		c := base + "_"
		if k > 1 {
			c = base + "_" + strconv.Itoa(k)
		}
		if n.free(c) {
			n.taken[c] = true
			return c
		}
	}
}
