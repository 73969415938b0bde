package expr

import (
	"strings"
	"testing"
)

// lexAll returns the tokens of src, each as its text (or NL, EOF, or the
// operator with a kind mark), and the errors.
func lexAll(src string) (string, ErrorList) {
	var errs ErrorList
	l := lexer{src: src, errs: &errs}
	var out []string
	for {
		t := l.next()
		switch t.kind {
		case tEOF:
			out = append(out, "EOF")
			return strings.Join(out, " "), errs
		case tNewline:
			out = append(out, "NL")
		case tNum:
			if t.isInt {
				out = append(out, "int:"+t.lit)
			} else {
				out = append(out, "float:"+t.lit)
			}
		case tOp:
			out = append(out, "op:"+t.op.String())
		case tAssign:
			out = append(out, "set:"+t.op.String())
		case tIllegal:
			out = append(out, "ILLEGAL")
		default:
			out = append(out, t.lit)
		}
	}
}

func TestLexer(t *testing.T) {
	tests := []struct{ src, want string }{
		{"", "EOF"},
		{"v_pre xi_1 _x True", "v_pre xi_1 _x True EOF"},
		{"1 1e-3 .5 3. 2.5E+3 1.e5", "int:1 float:1e-3 float:.5 float:3. float:2.5E+3 float:1.e5 EOF"},
		{"+ - * / // % **", "op:+ op:- op:* op:/ op:// op:% op:** EOF"},
		{"< <= > >= == !=", "op:< op:<= op:> op:>= op:== op:!= EOF"},
		{"= += -= *= /=", "set:= set:+= set:-= set:*= set:/= EOF"},
		{"( ) , ;", "( ) , ; EOF"},
		{"and or not andy", "op:and op:or op:not andy EOF"},
		{"a # comment ( \n b", "a NL b EOF"},
		{"(a \n b) \n c", "( a b ) NL c EOF"},
		{"((\n)\n)\n", "( ( ) ) NL EOF"},
		{")\n(", ") NL ( EOF"},
		{"a \\\n b", "a b EOF"},
		{"a**-1", "a op:** op:- int:1 EOF"},
		{"a--b", "a op:- op:- b EOF"},
		{"x.y", "x ILLEGAL y EOF"},
	}
	for _, tt := range tests {
		got, errs := lexAll(tt.src)
		if got != tt.want {
			t.Errorf("lex(%q) = %s, want %s", tt.src, got, tt.want)
		}
		if tt.src != "x.y" && len(errs) > 0 {
			t.Errorf("lex(%q): %v", tt.src, errs)
		}
	}
}

// TestLexerSubstitutes checks that operators of other languages are
// reported and replaced by the operator meant, so parsing can go on.
func TestLexerSubstitutes(t *testing.T) {
	tests := []struct{ src, want, msg string }{
		{"a && b", "a op:and b EOF", "'&&' is not an operator: write 'and'"},
		{"a & b", "a op:and b EOF", "'&' is not an operator: write 'and'"},
		{"a || b", "a op:or b EOF", "'||' is not an operator: write 'or'"},
		{"!a", "op:not a EOF", "'!' is not an operator: write 'not'"},
		{"a ^ 2", "a op:** int:2 EOF", "'^' is not power: write '**'"},
		{"a := 2", "a set:= int:2 EOF", "':=' is not an operator: write '='"},
		{"a **= 2", "a set:= int:2 EOF", "'**=' is not supported: write x = x ** ..."},
		{"a //= 2", "a set:= int:2 EOF", "'//=' is not supported: write x = x // ..."},
		{"a %= 2", "a set:= int:2 EOF", "'%=' is not supported: write x = x % ..."},
		{"3mV", "int:3 EOF", "'3mV' is not a number: to multiply, write 3*mV"},
		{"2.5e3ms", "float:2.5e3 EOF", "'2.5e3ms' is not a number: to multiply, write 2.5e3*ms"},
		{"1e+x", "int:1 EOF", "malformed number '1e+x': the exponent has no digits"},
		{"0x1F", "int:0 EOF", "'0x1F': hexadecimal, octal and binary numbers are not supported"},
		{"1_000", "int:1 EOF", "'1_000': underscores in numbers are not supported"},
		{"0123", "int:0123 EOF", "leading zeros are not allowed in integers: write 123"},
		{"$", "ILLEGAL EOF", "unexpected character '$'"},
		{"5 µF", "int:5 ILLEGAL F EOF", "unexpected character 'µ': write u for micro, as in uF"},
		{"\x00", "ILLEGAL EOF", "unexpected character U+0000"},
		{"\xff", "ILLEGAL EOF", "unexpected byte 0xff: the text is not valid UTF-8"},
		{"a \\ b", "a ILLEGAL b EOF", "unexpected character '\\': a backslash continues a line only as its last character"},
	}
	for _, tt := range tests {
		got, errs := lexAll(tt.src)
		if got != tt.want {
			t.Errorf("lex(%q) = %s, want %s", tt.src, got, tt.want)
		}
		if len(errs) != 1 || errs[0].Msg != tt.msg {
			t.Errorf("lex(%q): errors %v, want %q", tt.src, errs, tt.msg)
		}
	}
}
