package eqs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// The reference data were written by Brian2 2.5.1 itself, with
// scripts/brian2/eqs_corpus.py.

type b2Equation struct {
	Type    string    `json:"type"`
	Name    string    `json:"name"`
	Dim     []float64 `json:"dim"`
	VarType string    `json:"var_type"`
	Flags   []string  `json:"flags"`
	Expr    *string   `json:"expr"`
}

type b2Corpus struct {
	Brian2 string `json:"brian2"`
	Models map[string]struct {
		Owner       string       `json:"owner"`
		Equations   []b2Equation `json:"equations"`
		Identifiers []string     `json:"identifiers"`
		Substituted [][2]any     `json:"substituted"`
		Check       string       `json:"check"`
	} `json:"models"`
	Grammar []struct {
		Src       string       `json:"src"`
		OK        bool         `json:"ok"`
		Equations []b2Equation `json:"equations"`
		Error     string       `json:"error"`
	} `json:"grammar"`
	Units []struct {
		Spec  string    `json:"spec"`
		OK    bool      `json:"ok"`
		Dim   []float64 `json:"dim"`
		Type  string    `json:"type"`
		Error string    `json:"error"`
	} `json:"units"`
	Names []struct {
		Owner string `json:"owner"`
		Name  string `json:"name"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	} `json:"names"`
	Flags []struct {
		Owner string `json:"owner"`
		Kind  string `json:"kind"`
		Flag  string `json:"flag"`
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	} `json:"flags"`
	Reference struct {
		DefaultUnits []string `json:"default_units"`
		Functions    []string `json:"functions"`
		BaseUnits    []string `json:"base_units"`
		Keywords     []string `json:"keywords"`
	} `json:"reference"`
}

var (
	corpusOnce sync.Once
	corpus     *b2Corpus
	corpusErr  error
)

// loadCorpus reads testdata/brian2/eqs_corpus.json, once.
func loadCorpus(t *testing.T) *b2Corpus {
	t.Helper()
	corpusOnce.Do(func() {
		data, err := os.ReadFile(filepath.Join("testdata", "brian2", "eqs_corpus.json"))
		if err != nil {
			corpusErr = err
			return
		}
		corpus = new(b2Corpus)
		corpusErr = json.Unmarshal(data, corpus)
	})
	if corpusErr != nil {
		t.Fatal(corpusErr)
	}
	return corpus
}

func b2Dim(t *testing.T, exps []float64) units.Dim {
	t.Helper()
	for i := range exps {
		exps[i] += 0 // -0 to 0
	}
	return units.NewDim(exps...)
}

func b2Kind(s string) Kind {
	switch s {
	case "differential equation":
		return Differential
	case "subexpression":
		return Subexpression
	}
	return Parameter
}

// sameEquation compares one of our equations with Brian2's.
func sameEquation(t *testing.T, where string, got *Equation, want b2Equation) {
	t.Helper()
	if got.Kind != b2Kind(want.Type) || got.Name != want.Name {
		t.Errorf("%s: got %s %s, Brian2 has %s %s", where, got.Kind, got.Name, want.Type, want.Name)
		return
	}
	if d := b2Dim(t, want.Dim); got.Dim != d {
		t.Errorf("%s: %s is in %s, Brian2 says %s", where, got.Name, got.Dim, d)
	}
	if got.Type.String() != want.VarType {
		t.Errorf("%s: %s has type %s, Brian2 says %s", where, got.Name, got.Type, want.VarType)
	}
	var flags []string
	for _, f := range want.Flags {
		flags = append(flags, strings.TrimRight(f, " "))
	}
	if !slices.Equal(got.Flags, flags) {
		t.Errorf("%s: %s has flags %q, Brian2 %q", where, got.Name, got.Flags, flags)
	}
	switch {
	case want.Expr == nil && got.RHS != nil, want.Expr != nil && got.RHS == nil:
		t.Errorf("%s: %s: right-hand side %v, Brian2 %v", where, got.Name, got.RHS, want.Expr)
	case want.Expr != nil:
		x, err := expr.ParseExpr(*want.Expr)
		if err != nil {
			t.Errorf("%s: Brian2's right-hand side of %s, %q, does not parse: %v", where, got.Name, *want.Expr, err)
		} else if !expr.Equal(x, got.RHS) {
			t.Errorf("%s: right-hand side of %s is %s, Brian2 has %s", where, got.Name, expr.String(got.RHS), *want.Expr)
		}
	}
}

// TestBrian2Models parses and checks every model of testdata/models and
// compares the result with what Brian2 made of it.
func TestBrian2Models(t *testing.T) {
	c := loadCorpus(t)
	for _, path := range modelFiles(t) {
		m := readModel(t, path)
		t.Run(m.name, func(t *testing.T) {
			ref, ok := c.Models[m.name]
			if !ok {
				t.Fatalf("no Brian2 reference for %s: run scripts/brian2/eqs_corpus.py", m.name)
			}
			if ref.Owner != m.owner.String() {
				t.Fatalf("owner %s, Brian2 reference for %s", m.owner, ref.Owner)
			}
			if ref.Check != "ok" {
				t.Fatalf("Brian2 refuses %s: %s", m.name, ref.Check)
			}
			src := m.sections["equations"]
			e, err := Parse(src, m.owner)
			if err != nil {
				t.Fatalf("Parse:\n%s", err.(expr.ErrorList).Format(src))
			}
			if err := e.Check(m.namespace(t).lookup); err != nil {
				t.Fatalf("Check:\n%s", err.(expr.ErrorList).Format(src))
			}
			all := e.All()
			if len(all) != len(ref.Equations) {
				t.Fatalf("%d equations, Brian2 has %d", len(all), len(ref.Equations))
			}
			for i, eq := range all {
				sameEquation(t, m.name, eq, ref.Equations[i])
			}
			// Brian2's identifiers include functions and noise.
			var ids []string
			ids = append(ids, e.Identifiers()...)
			ids = append(ids, e.Functions()...)
			ids = append(ids, e.StochasticVariables()...)
			sort.Strings(ids)
			ids = slices.Compact(ids)
			if !slices.Equal(ids, ref.Identifiers) {
				t.Errorf("identifiers %q, Brian2 %q", ids, ref.Identifiers)
			}
			subst, err := e.Substituted()
			if err != nil {
				t.Fatal(err)
			}
			if len(subst) != len(ref.Substituted) {
				t.Fatalf("%d substituted equations, Brian2 %d", len(subst), len(ref.Substituted))
			}
			// Brian2 substitutes through sympy, which rewrites the
			// expressions; the names they use must agree.
			want := map[string][]string{}
			for _, s := range ref.Substituted {
				var names []string
				for _, n := range s[1].([]any) {
					names = append(names, n.(string))
				}
				want[s[0].(string)] = names
			}
			for _, d := range subst {
				names := append(expr.Names(d.RHS), expr.FuncNames(d.RHS)...)
				sort.Strings(names)
				names = slices.Compact(names)
				if !slices.Equal(names, want[d.Name]) {
					t.Errorf("substituted d%s/dt uses %q, Brian2's %q", d.Name, names, want[d.Name])
				}
			}
		})
	}
}

// TestBrian2Grammar compares the syntax this package accepts with Brian2's.
func TestBrian2Grammar(t *testing.T) {
	c := loadCorpus(t)
	for _, g := range c.Grammar {
		list, errs := parseSyntax(g.Src)
		wantOK := g.OK
		// Brian2 parses right-hand sides only later; myelin at once.
		for _, eq := range g.Equations {
			if eq.Expr != nil {
				if _, err := expr.ParseExpr(*eq.Expr); err != nil {
					wantOK = false
				}
			}
		}
		if ok := len(errs) == 0; ok != wantOK {
			if ok {
				t.Errorf("%q: accepted, but Brian2 refuses it: %s", g.Src, g.Error)
			} else {
				t.Errorf("%q: refused, but Brian2 accepts it:\n%s", g.Src, errs.Format(g.Src))
			}
			continue
		}
		if !wantOK {
			continue
		}
		if len(list) != len(g.Equations) {
			t.Errorf("%q: %d equations, Brian2 %d", g.Src, len(list), len(g.Equations))
			continue
		}
		for i, eq := range list {
			sameEquation(t, strings.ReplaceAll(g.Src, "\n", `\n`), eq, g.Equations[i])
		}
	}
}

// TestBrian2Units compares the unit specifications this package accepts
// with Brian2's.
func TestBrian2Units(t *testing.T) {
	c := loadCorpus(t)
	for _, u := range c.Units {
		spec := strings.TrimSpace(u.Spec)
		d, k, err := parseUnit(spec, 0, "x", true)
		if u.OK != (err == nil) {
			if err == nil {
				t.Errorf("unit %q: accepted, but Brian2 refuses it: %s", u.Spec, u.Error)
			} else if strings.Contains(err.Msg, "multiples of 1/2") {
				t.Logf("unit %q: Brian2 accepts it; myelin has no such dimension: %s", u.Spec, err.Msg)
			} else {
				t.Errorf("unit %q: refused, but Brian2 accepts it: %s", u.Spec, err.Msg)
			}
			continue
		}
		if err != nil {
			continue
		}
		if want := b2Dim(t, u.Dim); d != want || k.String() != u.Type {
			t.Errorf("unit %q: %s %s, Brian2 %s %s", u.Spec, d, k, want, u.Type)
		}
	}
}

// spatialPrefix is what every SpatialNeuron's equations need.
const spatialPrefix = "Im = 0*amp/meter**2 : amp/meter**2\n"

// TestBrian2Names compares the variable names refused in each owner.
func TestBrian2Names(t *testing.T) {
	c := loadCorpus(t)
	for _, n := range c.Names {
		owner, err := parseOwner(n.Owner)
		if err != nil {
			t.Fatal(err)
		}
		src := n.Name + " : 1"
		if owner == SpatialNeuron {
			src = spatialPrefix + src
		}
		_, err = Parse(src, owner)
		if n.Name == "lastspike" && owner != Synapses {
			// A deliberate difference: Brian2 refuses lastspike only when
			// the group is refractory, which the equations do not know.
			if err == nil {
				t.Errorf("%s in a %s: accepted", n.Name, owner)
			}
			continue
		}
		if n.OK != (err == nil) {
			if err == nil {
				t.Errorf("%s in a %s: accepted, but Brian2 refuses it: %s", n.Name, owner, n.Error)
			} else {
				t.Errorf("%s in a %s: refused, but Brian2 accepts it: %v", n.Name, owner, err)
			}
		}
	}
}

// TestBrian2Flags compares the flags each owner allows on each kind.
func TestBrian2Flags(t *testing.T) {
	c := loadCorpus(t)
	templates := map[string]string{
		"differential equation": "dx%s/dt = -x%s/second : amp (%s)",
		"subexpression":         "x%s = 0*amp : amp (%s)",
		"parameter":             "x%s : amp (%s)",
	}
	for _, f := range c.Flags {
		owner, err := parseOwner(f.Owner)
		if err != nil {
			t.Fatal(err)
		}
		s := ""
		if owner == Synapses && f.Flag == "summed" {
			s = "_post"
		}
		src := strings.ReplaceAll(templates[f.Kind], "x%s", "x"+s)
		src = strings.Replace(src, "%s", f.Flag, 1)
		if owner == SpatialNeuron {
			src = spatialPrefix + src
		}
		_, err = Parse(src, owner)
		if f.OK != (err == nil) {
			if err == nil {
				t.Errorf("%q in a %s: accepted, but Brian2 refuses it: %s", src, owner, f.Error)
			} else {
				t.Errorf("%q in a %s: refused, but Brian2 accepts it: %v", src, owner, err)
			}
		}
	}
}

// TestBrian2Reference compares the tables of names with Brian2's.
func TestBrian2Reference(t *testing.T) {
	c := loadCorpus(t)
	var defaults []string
	for _, n := range units.Names() {
		if isDefaultUnit(n) {
			defaults = append(defaults, n)
		}
	}
	if want := c.Reference.DefaultUnits; !slices.Equal(defaults, want) {
		t.Errorf("default units differ from Brian2's: %d names, Brian2 %d", len(defaults), len(want))
	}
	for _, f := range c.Reference.Functions {
		if !expr.IsBuiltin(f) {
			t.Errorf("Brian2's function %s is not a built-in of expr", f)
		}
	}
	var base []string
	for n := range baseUnits {
		base = append(base, n)
	}
	sort.Strings(base)
	if !slices.Equal(base, c.Reference.BaseUnits) {
		t.Errorf("base units %q, Brian2 %q", base, c.Reference.BaseUnits)
	}
	var kw []string
	for k := range pythonKeywords {
		kw = append(kw, k)
	}
	sort.Strings(kw)
	if !slices.Equal(kw, c.Reference.Keywords) {
		t.Errorf("keywords %q, Python %q", kw, c.Reference.Keywords)
	}
}
