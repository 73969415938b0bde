package model

import (
	"slices"
	"sort"
	"strings"

	"github.com/myelin-sim/myelin/units"
)

// suggest returns the candidate closest to name by edit distance, when it is
// close enough to be what was meant, or "".
func suggest(name string, candidates []string) string {
	limit := 1
	switch n := len(name); {
	case n >= 9:
		limit = 3
	case n >= 5:
		limit = 2
	}
	if alt, ok := aliases[strings.ToLower(name)]; ok && slices.Contains(candidates, alt) {
		return alt
	}
	best, bestDist := "", limit+1
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		if c == name {
			continue
		}
		d := units.EditDistance(name, c)
		switch {
		case strings.EqualFold(name, c):
			d = 0 // a wrong case is the nearest miss
		case d > limit && len(name) >= 3 && strings.HasPrefix(c, name):
			d = limit // an abbreviation: diam for diameter
		}
		if d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// aliases are names from Brian2's Python API or other simulators, with the
// key of the format that means the same.
var aliases = map[string]string{
	"prob": "p", "probability": "p", "eqs": "model", "equations": "model",
	"pre": "on_pre", "post": "on_post", "on_spike": "on_pre", "size": "N",
	"rate": "rates", "rates": "rate", "var": "variable", "vars": "variables",
	"refractory_period": "refractory", "integration": "method",
	"timestep": "dt", "clock": "dt", "seed_value": "seed", "t_end": "duration",
	"runtime": "duration", "parent_section": "parent", "morphology": "swc",
}

// didYouMean returns " — did you mean 'x'?" for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return " — did you mean '" + s + "'?"
	}
	return ""
}
