package main

import (
	"embed"
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/examples"
)

//go:embed models/*.toml
var models embed.FS

// A benchCase is one model of the suite: a file (from models/ or from the
// examples) with constants overridden, the same for myelin and, exported,
// for Brian2.
type benchCase struct {
	Name  string
	About string
	file  string            // "models/x.toml" (ours) or "x.toml" (examples)
	set   [][2]string       // --set NAME=VALUE, in order
	quick map[string]string // quick mode: [run] duration
}

// scaled are the sizes of CUBA and COBAHH: 80 synapses per neuron at each.
var scaled = []int{1000, 4000, 16000, 64000}

// allCases lists the suite in the order the table prints it.
func allCases() []benchCase {
	var cs []benchCase
	for _, m := range []struct{ name, about string }{
		{"cuba", "CUBA (Brian2's CUBA.py), 80 synapses per neuron, 1 s"},
		{"cobahh", "COBAHH (Brian2's COBAHH.py), 80 synapses per neuron, 1 s"},
	} {
		for _, n := range scaled {
			// Each --set is checked on its own: the excitatory slice
			// P[:Ne] must fit in N at every step.
			set := [][2]string{{"N", strconv.Itoa(n)}, {"Ne", strconv.Itoa(n * 4 / 5)}}
			if n < 4000 {
				set[0], set[1] = set[1], set[0]
			}
			cs = append(cs, benchCase{
				Name:  fmt.Sprintf("%s-%d", m.name, n),
				About: fmt.Sprintf("%s, N = %d", m.about, n),
				file:  "models/" + m.name + ".toml",
				set:   set,
			})
		}
	}
	cs = append(cs,
		benchCase{Name: "ifcurve", About: "the I-F curve of 1 000 LIF neurons (examples/if_curve_lif.toml), 1 s", file: "if_curve_lif.toml"},
		benchCase{Name: "brunel-hakim", About: "Brunel & Hakim 1999, 5 000 neurons, 5 M synapses with delays (examples/brunel_hakim.toml), 200 ms", file: "brunel_hakim.toml"},
		benchCase{Name: "stdp", About: "STDP, 1 000 Poisson inputs onto one neuron (examples/stdp.toml), 2 s", file: "stdp.toml"},
		benchCase{Name: "hh-axon", About: "the 1 000-compartment HH axon (models/hh_axon.toml), dt 0.01 ms, 28 ms", file: "models/hh_axon.toml"},
	)
	return cs
}

// quickCases is the default selection of quick mode.
var quickCases = []string{"cuba-1000", "cuba-4000", "cobahh-1000", "ifcurve", "stdp", "hh-axon"}

// selectCases returns the cases that match the comma-separated patterns
// (path.Match globs, such as cuba-* or cobahh-4000); "" or "all" selects
// every case.
func selectCases(patterns string) ([]benchCase, error) {
	all := allCases()
	if patterns == "" || patterns == "all" {
		return all, nil
	}
	var out []benchCase
	seen := map[string]bool{}
	for _, p := range strings.Split(patterns, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("bad case pattern %q: %v", p, err)
		}
		found := false
		for _, c := range all {
			if ok, _ := path.Match(p, c.Name); ok {
				found = true
				if !seen[c.Name] {
					seen[c.Name] = true
					out = append(out, c)
				}
			}
		}
		if !found {
			return nil, fmt.Errorf("no case matches %q; the cases are %s", p, caseNames(all))
		}
	}
	return out, nil
}

func caseNames(cs []benchCase) string {
	var names []string
	for _, c := range cs {
		names = append(names, c.Name)
	}
	return strings.Join(names, ", ")
}

func findCase(name string) (benchCase, error) {
	for _, c := range allCases() {
		if c.Name == name {
			return c, nil
		}
	}
	return benchCase{}, fmt.Errorf("unknown case %q; the cases are %s", name, caseNames(allCases()))
}

var durationLine = regexp.MustCompile(`(?m)^duration = "([^"]*)"`)

// text returns the model file of c. In quick mode the simulated time of a
// model without a [[schedule]] is a tenth of the file's.
func (c benchCase) text(quick bool) ([]byte, error) {
	var data []byte
	var err error
	if strings.HasPrefix(c.file, "models/") {
		data, err = models.ReadFile(c.file)
	} else {
		data, err = examples.Read(c.file)
	}
	if err != nil {
		return nil, err
	}
	if quick && !strings.Contains(string(data), "[[schedule]]") {
		m := durationLine.FindSubmatchIndex(data)
		if m == nil {
			return nil, fmt.Errorf("%s: no [run] duration to shorten", c.file)
		}
		short := fmt.Sprintf("duration = \"(%s)/10\"", data[m[2]:m[3]])
		data = append(append(append([]byte{}, data[:m[0]]...), short...), data[m[1]:]...)
	}
	return data, nil
}

// load returns the model file of c, parsed, with its overrides applied.
func (c benchCase) load(quick bool) (*model.File, error) {
	data, err := c.text(quick)
	if err != nil {
		return nil, err
	}
	f, err := model.Load(path.Base(c.file), data)
	if err != nil {
		return nil, err
	}
	for _, s := range c.set {
		if err := f.Override(s[0], s[1]); err != nil {
			return nil, err
		}
	}
	return f, nil
}
