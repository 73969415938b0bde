package units

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"testing"
)

// brian2Units is testdata/brian2/units.json, written by Brian2 2.5.1 itself
// (scripts/brian2/units.py).
type brian2Units struct {
	Version string `json:"brian2"`
	Names   map[string]struct {
		Value float64    `json:"value"`
		Dim   [7]float64 `json:"dim"`
	} `json:"names"`
	Register []struct {
		Dim   [7]float64 `json:"dim"`
		Units []struct {
			Value float64 `json:"value"`
			Disp  string  `json:"disp"`
		} `json:"units"`
	} `json:"register"`
	Quantities []struct {
		Value any        `json:"value"` // a number, or "inf", "-inf", "nan"
		Dim   [7]float64 `json:"dim"`
		Str   string     `json:"str"`
	} `json:"quantities"`
}

func loadBrian2(t *testing.T) *brian2Units {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "brian2", "units.json"))
	if err != nil {
		t.Fatal(err)
	}
	var b brian2Units
	if err := json.Unmarshal(raw, &b); err != nil {
		t.Fatal(err)
	}
	return &b
}

func dimOf(t *testing.T, e [7]float64) Dim {
	t.Helper()
	var d Dim
	for i, x := range e {
		h, ok := halves(x)
		if !ok {
			t.Fatalf("exponent %v in Brian2's data is not a half-integer", x)
		}
		d[i] = h
	}
	return d
}

// TestBrian2Names checks that every unit name Brian2 exposes is known here,
// with Brian2's value and dimension, and that there are no others.
func TestBrian2Names(t *testing.T) {
	b := loadBrian2(t)
	if len(b.Names) < 2000 {
		t.Fatalf("Brian2's list has only %d names; regenerate it", len(b.Names))
	}
	for name, want := range b.Names {
		got, ok := Lookup(name)
		if !ok {
			t.Errorf("Brian2 unit %q is unknown", name)
			continue
		}
		if got.Dim != dimOf(t, want.Dim) {
			t.Errorf("%s: dimension %s, Brian2 has %s", name, got.Dim, dimOf(t, want.Dim))
		}
		if got.Value != want.Value {
			t.Errorf("%s = %v, Brian2 has %v", name, got.Value, want.Value)
		}
		// The parser must agree with the table.
		q, err := Parse("1*" + name)
		if err != nil || q != got {
			t.Errorf("Parse(1*%s) = %v, %v", name, q, err)
		}
	}
	for _, name := range Names() {
		if _, ok := b.Names[name]; !ok {
			t.Errorf("%q is not a Brian2 unit name", name)
		}
	}
}

// TestBrian2Register checks the units quantities are printed in against
// Brian2's standard unit register.
func TestBrian2Register(t *testing.T) {
	b := loadBrian2(t)
	seen := map[Dim]bool{}
	for _, r := range b.Register {
		d := dimOf(t, r.Dim)
		if d.IsDimensionless() {
			continue // Brian2 prints pure numbers without a unit
		}
		seen[d] = true
		var want []string
		for _, u := range r.Units {
			want = append(want, u.Disp+"="+strconv.FormatFloat(u.Value, 'g', 6, 64))
		}
		var got []string
		for _, u := range display[d] {
			got = append(got, u.disp+"="+strconv.FormatFloat(u.value, 'g', 6, 64))
		}
		sort.Strings(want)
		sort.Strings(got)
		if strconv.Quote(joinLines(want)) != strconv.Quote(joinLines(got)) {
			t.Errorf("display units of %s:\n got %v\nwant %v", d, got, want)
		}
	}
	for d := range display {
		if !seen[d] {
			t.Errorf("display units for %s, which Brian2 does not register", d)
		}
	}
}

func joinLines(s []string) string {
	out := ""
	for _, x := range s {
		out += x + "\n"
	}
	return out
}

// TestBrian2Strings checks Quantity.String against what Brian2 prints.
func TestBrian2Strings(t *testing.T) {
	b := loadBrian2(t)
	for _, c := range b.Quantities {
		var v float64
		switch x := c.Value.(type) {
		case float64:
			v = x
		case string:
			if x == "inf" || x == "-inf" {
				continue // documented difference: see Quantity.String
			}
			v = math.NaN()
		}
		q := Quantity{v, dimOf(t, c.Dim)}
		if got := q.String(); got != c.Str {
			t.Errorf("%v in %s: got %q, Brian2 prints %q", v, q.Dim, got, c.Str)
		}
	}
}
