package units

import (
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in    string
		value float64
		dim   Dim
	}{
		{"10*mV", 0.01, DimVoltage},
		{"-65*mV", -0.065, DimVoltage},
		{"1*uF/cm**2", 1e-6 / 1e-4, NewDim(-4, -1, 4, 2)},
		{"(60*0.27/10)*mV", 60 * 0.27 / 10 * 1e-3, DimVoltage},
		{"5e-5*siemens*cm**-2", 5e-5 / 1e-4, DimConductance.Div(NewDim(2))},
		{"1/(50*ms)", 1 / (50 * 1e-3), DimFrequency},
		{"(1/(50*ms))**2", 1 / (50 * 1e-3) / (50 * 1e-3), NewDim(0, 0, -2)},
		{"2**-1", 0.5, Dimensionless},
		{"-2**2", -4, Dimensionless},
		{"2**3**2", 512, Dimensionless},
		{"second**-0.5", 1, NewDim(0, 0, -0.5)},
		{"(second**-0.5)**2", 1, NewDim(0, 0, -1)},
		{"1e3", 1000, Dimensionless},
		{".5", 0.5, Dimensionless},
		{"3.", 3, Dimensionless},
		{"  7 * kHz ", 7000, DimFrequency},
		{"1*mV + 2*mV - 0.5*mV", 0.0025, DimVoltage},
		{"150*ohm*cm", 1.5, DimResistance.Mul(DimLength)},
		{"0.5*mM", 0.5, NewDim(-3, 0, 0, 0, 0, 1)},
		{"1*metre3", 1, NewDim(3)},
		{"100*um2", 100e-12, NewDim(2)},
		{"1*kgram", 1, DimMass},
	}
	for _, tc := range tests {
		q, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.in, err)
			continue
		}
		if q.Dim != tc.dim || math.Abs(q.Value-tc.value) > 1e-12*math.Abs(tc.value) {
			t.Errorf("Parse(%q) = %v %v, want %v %v", tc.in, q.Value, q.Dim, tc.value, tc.dim)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		col  int
		want string
	}{
		{"10*msec", 4, `unknown unit "msec" — did you mean 'msecond' or 'ms'?`},
		{"10*mvolts", 4, `did you mean 'mvolt'`},
		{"10 mV", 4, "write a product with '*'"},
		{"2^3", 2, "write powers with '**'"},
		{"1*mV + 1*nA", 6, "cannot add volt and amp"},
		{"1*mV - 1", 6, "cannot subtract volt and 1"},
		{"(1*mV", 6, "expected ')' to close the '(' at column 1"},
		{"", 1, "expected a number or a unit, found end of input"},
		{"2**mV", 4, "the exponent must be dimensionless, but it is in volt"},
		{"volt**0.25", 7, "cannot raise volt to the power 0.25"},
		{"1e999", 1, "out of range"},
		{"1..2", 1, "malformed number"},
		{"3*$", 3, `character "$"`},
		{strings.Repeat("(", 500) + "1", 101, "nested too deeply"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a *ParseError", tc.in, err)
			continue
		}
		if pe.Offset+1 != tc.col || !strings.Contains(pe.Msg, tc.want) {
			t.Errorf("Parse(%q) error at column %d: %s\nwant column %d containing %q", tc.in, pe.Offset+1, pe.Msg, tc.col, tc.want)
		}
	}
}

func TestDimString(t *testing.T) {
	tests := []struct {
		d    Dim
		want string
	}{
		{Dimensionless, "1"},
		{DimVoltage, "volt"},
		{DimCurrent.Div(NewDim(2)), "amp/meter**2"},
		{DimConductance.Div(NewDim(2)), "siemens/meter**2"},
		{DimCapacitance.Div(NewDim(2)), "farad/meter**2"},
		{DimResistance.Mul(DimLength), "ohm*meter"},
		{NewDim(0, 0, -0.5), "second**-0.5"},
		{DimVoltage.Div(DimTime), "volt/second"},
		{DimFrequency, "hertz"},
		{NewDim(-3, 0, 0, 0, 0, 1), "mmolar"},
		{NewDim(2), "meter**2"},
		{NewDim(-1), "meter**-1"},
		{NewDim(0, 0, -2), "second**-2"},
		{NewDim(1, 0, 0, 0, 1), "kelvin*meter"},
		{NewDim(1, 0, -1, 0, 1), "meter*kelvin/second"},
		{NewDim(1, 0, -1, -1, 1), "meter*kelvin/(second*amp)"},
	}
	for _, tc := range tests {
		if got := tc.d.String(); got != tc.want {
			t.Errorf("%v.String() = %q, want %q", [7]int8(tc.d), got, tc.want)
		}
		// Every unit expression parses back to its dimension.
		q, err := Parse(tc.want)
		if err != nil || q.Dim != tc.d {
			t.Errorf("Parse(%q) = %v, %v; want dimension %v", tc.want, q.Dim, err, tc.d)
		}
	}
}

func TestDimBasic(t *testing.T) {
	if got := DimVoltage.Basic(); got != "m^2 kg s^-3 A^-1" {
		t.Errorf("volt: %q", got)
	}
	if got := NewDim(0, 0, -0.5).Basic(); got != "s^-0.5" {
		t.Errorf("s^-0.5: %q", got)
	}
}

func TestArithmetic(t *testing.T) {
	mv, na := Q(1, MilliVolt), Q(1, NanoAmp)
	if _, err := mv.Add(na); err == nil || err.Error() != "cannot add volt and amp" {
		t.Errorf("mV + nA: %v", err)
	}
	if _, err := mv.Cmp(Number(0.9)); err == nil || err.Error() != "cannot compare volt and 1" {
		t.Errorf("mV > 0.9: %v", err)
	}
	if _, err := mv.Apply("exp", math.Exp); err == nil || err.Error() != "exp needs a dimensionless argument, but it is in volt" {
		t.Errorf("exp(mV): %v", err)
	}
	r := mv.Div(na)
	if r.Dim != DimResistance || math.Abs(r.Value-1e6) > 1e-6 {
		t.Errorf("mV/nA = %v", r)
	}
	if s := r.String(); s != "1. Mohm" {
		t.Errorf("mV/nA prints %q", s)
	}
	sq, err := Q(4, Hertz).Sqrt()
	if err != nil || sq.Dim != NewDim(0, 0, -0.5) || sq.Value != 2 {
		t.Errorf("sqrt(4 Hz) = %v, %v", sq, err)
	}
	if v, err := Q(65, MilliVolt).In(Volt); err != nil || math.Abs(v-0.065) > 1e-15 {
		t.Errorf("65 mV in volt = %v, %v", v, err)
	}
	if c, err := Q(-70, MilliVolt).Cmp(Q(-50, MilliVolt)); err != nil || c != -1 {
		t.Errorf("-70 mV < -50 mV: %v, %v", c, err)
	}
}

func TestFormatFloat(t *testing.T) {
	tests := map[float64]string{
		0: "0.", -65: "-65.", 0.5: "0.5", 1.0 / 3: "0.33333333", 1e-5: "1.e-05",
		1.5e8: "1.5e+08", 123456.789: "123456.789", 1e-4: "0.0001",
		9.9999e-5: "9.9999e-05", 1.234567891234e-7: "1.23456789e-07",
		math.NaN(): "nan", math.Inf(-1): "-inf",
	}
	for v, want := range tests {
		if got := FormatFloat(v); got != want {
			t.Errorf("FormatFloat(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	for in, want := range map[string]string{"msec": "msecond", "mvolts": "mvolt", "siemen": "siemens", "candela": "candle"} {
		s := Suggest(in)
		if len(s) == 0 || s[0] != want {
			t.Errorf("Suggest(%q) = %v, want %q first", in, s, want)
		}
	}
}

// FuzzParse checks that no input makes Parse panic, that every error carries
// an offset inside the input, and that a parsed quantity prints and parses
// back to the same dimension.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"10*mV", "-65*mV", "1*uF/cm**2", "(60*0.27/10)*mV",
		"5e-5*siemens*cm**-2", "1/(50*ms)", "(1/(50*ms))**2", "second**-0.5",
		"10*msec", "2^3", "((1)", "1e", "1e+", ".", "-", "3*um2/ms", "kHz**0.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T is not a *ParseError", s, err)
			}
			if pe.Offset < 0 || pe.Offset > len(s) {
				t.Fatalf("Parse(%q): offset %d outside the input", s, pe.Offset)
			}
			if !utf8.ValidString(pe.Msg) && utf8.ValidString(s) {
				t.Fatalf("Parse(%q): message is not valid UTF-8", s)
			}
			return
		}
		_ = q.String()
		back, err := Parse("1*" + q.Dim.String())
		if err != nil || back.Dim != q.Dim {
			t.Fatalf("dimension %v of %q prints as %q, which parses to %v, %v", [7]int8(q.Dim), s, q.Dim.String(), back.Dim, err)
		}
	})
}

func TestEditDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"volt", "volt", 0}, {"volt", "vlot", 1}, {"nmae", "name", 1},
		{"treshold", "threshold", 1}, {"msec", "msecond", 3}, {"", "abc", 3}, {"abc", "", 3},
		{"kitten", "sitting", 3},
	} {
		if got := EditDistance(tc.a, tc.b); got != tc.want {
			t.Errorf("EditDistance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}
