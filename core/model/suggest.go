package model

import (
	"slices"
	"sort"
	"strings"
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
		d := editDistance(name, c)
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

// editDistance is the distance of a and b counted in edits of bytes:
// insertions, deletions, substitutions and swaps of neighbours (nmae for
// name is one edit).
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		// Long names are never typos of short keys; don't spend time on them.
		if a == b {
			return 0
		}
		return 1 << 20
	}
	// d[i][j] is the distance of a[:i] and b[:j].
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
