package eqs

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// baseUnits are the names Brian2 accepts in the unit of a declaration: its
// default units whose value is exactly 1 in SI base units, other than the
// squared and cubed forms (metre2). Brian2 2.5.1 builds the same set in
// dimensions_and_type_from_string.
var baseUnits = map[string]bool{
	"Hz": true, "amp": true, "ampere": true, "becquerel": true, "candle": true,
	"coulomb": true, "farad": true, "gray": true, "henry": true, "hertz": true,
	"joule": true, "katal": true, "kelvin": true, "kgram": true, "kgramme": true,
	"kilogram": true, "kilogramme": true, "kliter": true, "klitre": true,
	"lumen": true, "lux": true, "mM": true, "meter": true, "metre": true,
	"mmolar": true, "mol": true, "mole": true, "newton": true, "ohm": true,
	"pascal": true, "radian": true, "second": true, "siemens": true,
	"sievert": true, "steradian": true, "tesla": true, "volt": true, "watt": true,
	"weber": true,
}

// baseUnitList lists the base units with their aliases, as Brian2 does in
// its error message.
const baseUnitList = "amp (ampere), candle (lumen), coulomb, farad, gray (sievert), henry, " +
	"hertz (Hz, becquerel), joule, katal, kelvin, kilogram (kilogramme, kgram, kgramme), " +
	"klitre (kliter), lux, metre (meter), mmolar (mM), mole (mol), newton, ohm, pascal, " +
	"radian (steradian), second, siemens, tesla, volt, watt, weber"

// unitChar reports whether c may appear in the unit of a declaration
// (Brian2's UNIT: letters, digits and * / . - and blanks).
func unitChar(c byte) bool {
	return isLetter(c) || isDigit(c) || c == '*' || c == '/' || c == '.' || c == '-' || c == ' '
}

// parseUnit evaluates the unit of a declaration of name: text as written,
// trimmed, found at offset pos. suggest says whether to look for similar
// unit names when a name is unknown (which takes time). It follows Brian2: "1" is dimensionless,
// "boolean" and "integer" are types, and anything else must evaluate, with
// Python's rules, to a unit made of base units only.
func parseUnit(text string, pos int, name string, suggest bool) (units.Dim, expr.Kind, *expr.Error) {
	fail := func(at int, format string, args ...any) (units.Dim, expr.Kind, *expr.Error) {
		return units.Dimensionless, expr.Float, &expr.Error{Pos: expr.Pos(at), Msg: fmt.Sprintf(format, args...)}
	}
	switch text {
	case "1":
		return units.Dimensionless, expr.Float, nil
	case "boolean":
		return units.Dimensionless, expr.Boolean, nil
	case "integer":
		return units.Dimensionless, expr.Integer, nil
	case "bool":
		return fail(pos, "write 'boolean', not 'bool', for a boolean variable")
	case "int":
		return fail(pos, "write 'integer', not 'int', for an integer variable")
	}
	// Brian2 first checks every identifier (a regular expression's idea of
	// one: letters after a non-word character) against the base units.
	for i := 0; i < len(text); {
		if !isIdentStart(text[i]) || i > 0 && isIdentChar(text[i-1]) {
			i++
			continue
		}
		j := i
		for j < len(text) && isIdentChar(text[j]) {
			j++
		}
		id := text[i:j]
		if !baseUnits[id] {
			return fail(pos+i, "%s", notBaseUnit(text, id, name, suggest))
		}
		i = j
	}
	u := &unitParser{text: text, pos: pos}
	u.next()
	v, err := u.sub()
	if err == nil && u.tok.kind != tokEOF {
		err = u.errorf(u.tok.pos, "unexpected %s", u.tok)
	}
	if err != nil {
		err.Msg = fmt.Sprintf("cannot read '%s' as a unit: %s", text, err.Msg)
		return units.Dimensionless, expr.Float, err
	}
	switch v.kind {
	case valNumber:
		return fail(pos, "'%s' is a number, not a unit: write 1 for a dimensionless variable", text)
	case valQuantity:
		return fail(pos, "'%s' is a quantity, not a unit: write the unit alone, as in '%s'", text, formatUnit(v.dim))
	}
	return v.dim, expr.Float, nil
}

// notBaseUnit explains why id may not appear in the unit of name.
func notBaseUnit(text, id, name string, suggest bool) string {
	if q, ok := units.Lookup(id); ok {
		if whole, err := units.Parse(text); err == nil && whole.Dim != q.Dim {
			return fmt.Sprintf("the unit of %s must be written in base units, and '%s' is not one: declare %s in '%s'",
				name, id, name, formatUnit(whole.Dim))
		}
		return fmt.Sprintf("the unit of %s must be written in base units, and '%s' is not one: use '%s' instead",
			name, id, formatUnit(q.Dim))
	}
	msg := fmt.Sprintf("unknown unit '%s' in the unit of %s", id, name)
	if !suggest {
		return msg
	}
	for _, s := range units.Suggest(id) {
		if q, ok := units.Lookup(s); ok {
			if !baseUnits[s] {
				s = formatUnit(q.Dim)
			}
			return msg + " — did you mean '" + s + "'?"
		}
	}
	return msg + "; the base units are " + baseUnitList
}

// formatUnit writes d as a unit expression in base units that Brian2
// accepts in a declaration (so without parentheses): "volt",
// "amp/meter**2", "second**-0.5", "meter*kilogram/second**4/amp", and "1"
// when dimensionless.
func formatUnit(d units.Dim) string {
	s := d.String()
	if !strings.Contains(s, "(") {
		return s
	}
	var num, den []string
	for b, name := range baseUnitNames {
		e := d.Exp(units.Base(b))
		switch {
		case e > 0:
			num = append(num, power(name, e))
		case e < 0:
			den = append(den, power(name, -e))
		}
	}
	// units.Dim.String only uses parentheses for two or more divisors, and
	// then there is a numerator too.
	return strings.Join(num, "*") + "/" + strings.Join(den, "/")
}

// baseUnitNames are the SI base units in the order of units.Base.
var baseUnitNames = []string{"meter", "kilogram", "second", "amp", "kelvin", "mole", "candle"}

func power(name string, e float64) string {
	if e == 1 {
		return name
	}
	return name + "**" + strconv.FormatFloat(e, 'f', -1, 64)
}

// A unit specification is evaluated as the Python expression it is, with
// Brian2's Unit arithmetic: a product, quotient or power of units is a unit,
// and so is 1/unit; anything that involves another number is a quantity.

type valKind int

const (
	valNumber valKind = iota
	valUnit
	valQuantity
)

type unitVal struct {
	kind valKind
	dim  units.Dim
	num  float64 // the value (1 for a unit)
}

type tokKind int

const (
	tokEOF tokKind = iota
	tokName
	tokNum
	tokOp
)

type unitTok struct {
	kind tokKind
	pos  int // offset in the equations string
	lit  string
	num  float64
}

func (t unitTok) String() string {
	if t.kind == tokEOF {
		return "end of unit"
	}
	return "'" + t.lit + "'"
}

type unitParser struct {
	text  string
	pos   int // offset of text in the equations string
	off   int // next unread byte of text
	tok   unitTok
	depth int
	err   *expr.Error // a lexical error, reported when its token is used
}

func (u *unitParser) errorf(at int, format string, args ...any) *expr.Error {
	return &expr.Error{Pos: expr.Pos(at), Msg: fmt.Sprintf(format, args...)}
}

// next reads the next token, with Python's rules for numbers.
func (u *unitParser) next() {
	for u.off < len(u.text) && u.text[u.off] == ' ' {
		u.off++
	}
	start := u.off
	at := u.pos + start
	if start >= len(u.text) {
		u.tok = unitTok{kind: tokEOF, pos: u.pos + len(u.text)}
		return
	}
	t := u.text
	c := t[start]
	switch {
	case isIdentStart(c):
		end := start
		for end < len(t) && isIdentChar(t[end]) {
			end++
		}
		u.tok = unitTok{kind: tokName, pos: at, lit: t[start:end]}
		u.off = end
	case isDigit(c) || c == '.' && start+1 < len(t) && isDigit(t[start+1]):
		end := start
		for end < len(t) && isDigit(t[end]) {
			end++
		}
		isInt := true
		if end < len(t) && t[end] == '.' {
			isInt = false
			end++
			for end < len(t) && isDigit(t[end]) {
				end++
			}
		}
		if end < len(t) && (t[end] == 'e' || t[end] == 'E') {
			k := end + 1
			if k < len(t) && t[k] == '-' {
				k++
			}
			if k < len(t) && isDigit(t[k]) {
				for k < len(t) && isDigit(t[k]) {
					k++
				}
				end = k
				isInt = false
			}
		}
		lit := t[start:end]
		u.tok = unitTok{kind: tokNum, pos: at, lit: lit}
		u.off = end
		v, err := strconv.ParseFloat(lit, 64)
		switch {
		case end < len(t) && (isIdentChar(t[end]) || t[end] == '.'):
			u.err = u.errorf(u.pos+end, "invalid number '%s'", t[start:end+1])
		case isInt && len(lit) > 1 && lit[0] == '0' && strings.Trim(lit, "0") != "":
			u.err = u.errorf(at, "invalid number '%s' (leading zeros are not allowed)", lit)
		case err != nil:
			u.err = u.errorf(at, "invalid number '%s'", lit)
		}
		u.tok.num = v
	case c == '*' && strings.HasPrefix(t[start:], "**"), c == '/' && strings.HasPrefix(t[start:], "//"):
		u.tok = unitTok{kind: tokOp, pos: at, lit: t[start : start+2]}
		u.off = start + 2
	default: // * / - .
		u.tok = unitTok{kind: tokOp, pos: at, lit: t[start : start+1]}
		u.off = start + 1
	}
}

func (u *unitParser) enter() *expr.Error {
	u.depth++
	if u.depth > 100 {
		return u.errorf(u.tok.pos, "too deeply nested")
	}
	return nil
}

// sub parses term ('-' term)*.
func (u *unitParser) sub() (unitVal, *expr.Error) {
	x, err := u.term()
	for err == nil && u.tok.kind == tokOp && u.tok.lit == "-" {
		at := u.tok.pos
		u.next()
		var y unitVal
		if y, err = u.term(); err != nil {
			break
		}
		if x.dim != y.dim {
			return x, u.errorf(at, "cannot subtract %s and %s", inUnit(x.dim), inUnit(y.dim))
		}
		x = quantity(x.dim, x.num-y.num)
	}
	return x, err
}

// term parses factor (('*' | '/' | '//') factor)*.
func (u *unitParser) term() (unitVal, *expr.Error) {
	x, err := u.factor()
	for err == nil && u.tok.kind == tokOp && (u.tok.lit == "*" || u.tok.lit == "/" || u.tok.lit == "//") {
		op, at := u.tok.lit, u.tok.pos
		u.next()
		var y unitVal
		if y, err = u.factor(); err != nil {
			break
		}
		switch {
		case op == "*" && x.kind == valUnit && y.kind == valUnit:
			x = unitVal{kind: valUnit, dim: x.dim.Mul(y.dim), num: 1}
		case op == "*":
			x = quantity(x.dim.Mul(y.dim), x.num*y.num)
		case op == "/" && x.kind == valUnit && y.kind == valUnit,
			op == "/" && x.kind == valNumber && x.num == 1 && y.kind == valUnit:
			x = unitVal{kind: valUnit, dim: x.dim.Div(y.dim), num: 1}
		case y.num == 0 && y.kind != valUnit:
			return x, u.errorf(at, "division by zero")
		case op == "/":
			x = quantity(x.dim.Div(y.dim), x.num/y.num)
		default: // '//'
			if x.kind == valNumber && y.kind == valNumber {
				x = unitVal{kind: valNumber, num: math.Floor(x.num / y.num)}
			} else {
				x = unitVal{kind: valQuantity, dim: x.dim.Div(y.dim)}
			}
		}
	}
	return x, err
}

// factor parses '-' factor | power.
func (u *unitParser) factor() (unitVal, *expr.Error) {
	if err := u.enter(); err != nil {
		return unitVal{}, err
	}
	defer func() { u.depth-- }()
	if u.tok.kind == tokOp && u.tok.lit == "-" {
		u.next()
		x, err := u.factor()
		if x.kind == valUnit {
			x = unitVal{kind: valQuantity, dim: x.dim, num: -1}
		} else {
			x.num = -x.num
		}
		return x, err
	}
	return u.power()
}

// power parses atom ['**' factor].
func (u *unitParser) power() (unitVal, *expr.Error) {
	x, err := u.atom()
	if err != nil || !(u.tok.kind == tokOp && u.tok.lit == "**") {
		return x, err
	}
	u.next()
	at := u.tok.pos
	y, err := u.factor()
	if err != nil {
		return x, err
	}
	if y.kind != valNumber {
		return x, u.errorf(at, "the exponent must be a number")
	}
	switch x.kind {
	case valNumber:
		if x.num == 0 && y.num < 0 {
			return x, u.errorf(at, "division by zero")
		}
		return unitVal{kind: valNumber, num: math.Pow(x.num, y.num)}, nil
	default:
		d, perr := x.dim.Pow(y.num)
		if perr != nil {
			return x, u.errorf(at, "%v", perr)
		}
		x.dim = d
		if x.kind == valQuantity {
			x.num = math.Pow(x.num, y.num)
		}
		return x, nil
	}
}

func (u *unitParser) atom() (unitVal, *expr.Error) {
	if u.err != nil {
		return unitVal{}, u.err
	}
	t := u.tok
	switch t.kind {
	case tokName:
		u.next()
		q, _ := units.Lookup(t.lit) // a base unit: checked before parsing
		if u.tok.kind == tokOp && u.tok.lit == "." {
			return unitVal{}, u.errorf(u.tok.pos, "unexpected '.'")
		}
		return unitVal{kind: valUnit, dim: q.Dim, num: 1}, nil
	case tokNum:
		u.next()
		return unitVal{kind: valNumber, num: t.num}, nil
	}
	return unitVal{}, u.errorf(t.pos, "expected a unit but found %s", t)
}

// quantity is the result of arithmetic that is not Unit arithmetic: a
// quantity, or a number when it is dimensionless (Brian2 turns those into
// plain floats).
func quantity(d units.Dim, v float64) unitVal {
	if d.IsDimensionless() {
		return unitVal{kind: valNumber, num: v}
	}
	return unitVal{kind: valQuantity, dim: d, num: v}
}

// inUnit describes a dimension for a message: "dimensionless" or "in volt".
func inUnit(d units.Dim) string {
	if d.IsDimensionless() {
		return "dimensionless"
	}
	return "in " + d.String()
}
