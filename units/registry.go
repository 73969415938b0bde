package units

import (
	"sort"
	"strconv"
	"strings"
)

// prefix is an SI prefix with its power of ten.
type prefix struct {
	name string
	exp  int
}

// prefixes are the SI prefixes Brian2 accepts in unit names.
var prefixes = []prefix{
	{"y", -24}, {"z", -21}, {"a", -18}, {"f", -15}, {"p", -12}, {"n", -9},
	{"u", -6}, {"m", -3}, {"c", -2}, {"d", -1}, {"", 0}, {"da", 1}, {"h", 2},
	{"k", 3}, {"M", 6}, {"G", 9}, {"T", 12}, {"P", 15}, {"E", 18}, {"Z", 21},
	{"Y", 24},
}

// displayPrefix reports whether Brian2 uses prefix p when it chooses a unit
// to print a quantity in: it never picks c, d, da or h (so 1 cm prints as
// "10. mm").
func displayPrefix(p string) bool {
	return p != "c" && p != "d" && p != "da" && p != "h"
}

// stem is a named unit from which Brian2 derives prefixed and powered names.
type stem struct {
	name  string
	disp  string // Brian2's display symbol
	dim   Dim
	scale int  // power of ten of the unprefixed unit in SI base units
	fixed bool // no prefixed names (kilogram, kelvin)
	flat  bool // no squared or cubed names (liter, litre)
	// display marks the stems whose names Brian2 prints quantities in. Of
	// aliases with the same symbol only one is needed, and where two units
	// share a dimension and scale Brian2 prints the later one it registered
	// (Hz, not Bq; Gy, not Sv; cd, not lm).
	display bool
}

var stems = []stem{
	{name: "metre", disp: "m", dim: DimLength, display: true},
	{name: "meter", disp: "m", dim: DimLength},
	{name: "kilogram", disp: "kg", dim: DimMass, fixed: true},
	{name: "kilogramme", disp: "kg", dim: DimMass, fixed: true},
	{name: "gram", disp: "g", dim: DimMass, scale: -3, display: true},
	{name: "gramme", disp: "g", dim: DimMass, scale: -3},
	{name: "second", disp: "s", dim: DimTime, display: true},
	{name: "amp", disp: "A", dim: DimCurrent, display: true},
	{name: "ampere", disp: "A", dim: DimCurrent},
	{name: "kelvin", disp: "K", dim: DimTemperature, fixed: true, display: true},
	{name: "mole", disp: "mol", dim: DimAmount, display: true},
	{name: "mol", disp: "mol", dim: DimAmount},
	{name: "molar", disp: "M", dim: Dim{Length: -6, Amount: 2}, scale: 3, display: true},
	{name: "candle", disp: "cd", dim: DimLuminosity, display: true},
	{name: "radian", disp: "rad", dim: Dimensionless},
	{name: "steradian", disp: "sr", dim: Dimensionless},
	{name: "hertz", disp: "Hz", dim: DimFrequency, display: true},
	{name: "newton", disp: "N", dim: Dim{Length: 2, Mass: 2, Time: -4}, display: true},
	{name: "pascal", disp: "Pa", dim: Dim{Length: -2, Mass: 2, Time: -4}, display: true},
	{name: "joule", disp: "J", dim: Dim{Length: 4, Mass: 2, Time: -4}, display: true},
	{name: "watt", disp: "W", dim: Dim{Length: 4, Mass: 2, Time: -6}, display: true},
	{name: "coulomb", disp: "C", dim: Dim{Time: 2, Current: 2}, display: true},
	{name: "volt", disp: "V", dim: DimVoltage, display: true},
	{name: "farad", disp: "F", dim: DimCapacitance, display: true},
	{name: "ohm", disp: "ohm", dim: DimResistance, display: true},
	{name: "siemens", disp: "S", dim: DimConductance, display: true},
	{name: "weber", disp: "Wb", dim: Dim{Length: 4, Mass: 2, Time: -4, Current: -2}, display: true},
	{name: "tesla", disp: "T", dim: Dim{Mass: 2, Time: -4, Current: -2}, display: true},
	{name: "henry", disp: "H", dim: Dim{Length: 4, Mass: 2, Time: -4, Current: -4}, display: true},
	{name: "lumen", disp: "lm", dim: DimLuminosity},
	{name: "lux", disp: "lx", dim: Dim{Length: -4, Luminosity: 2}, display: true},
	{name: "becquerel", disp: "Bq", dim: DimFrequency},
	{name: "gray", disp: "Gy", dim: Dim{Length: 4, Time: -4}, display: true},
	{name: "sievert", disp: "Sv", dim: Dim{Length: 4, Time: -4}},
	{name: "katal", disp: "kat", dim: Dim{Time: -2, Amount: 2}, display: true},
	{name: "liter", disp: "l", dim: Dim{Length: 6}, scale: -3, flat: true},
	{name: "litre", disp: "l", dim: Dim{Length: 6}, scale: -3, flat: true},
}

// shortNames are Brian2's optional short names (brian2.units.stdunits).
var shortNames = map[string]string{
	"mV": "mvolt", "mA": "mamp", "uA": "uamp", "nA": "namp", "pA": "pamp",
	"pF": "pfarad", "uF": "ufarad", "nF": "nfarad", "nS": "nsiemens",
	"uS": "usiemens", "mS": "msiemens", "ms": "msecond", "us": "usecond",
	"Hz": "hertz", "kHz": "khertz", "MHz": "Mhertz", "cm": "cmetre",
	"cm2": "cmetre2", "cm3": "cmetre3", "mm": "mmetre", "mm2": "mmetre2",
	"mm3": "mmetre3", "um": "umetre", "um2": "umetre2", "um3": "umetre3",
	"mM": "mmolar", "uM": "umolar", "nM": "nmolar",
}

// A displayUnit is a unit Brian2 may print a quantity in.
type displayUnit struct {
	value float64 // in SI base units
	disp  string
}

var (
	// table maps every unit name to its value.
	table = map[string]Quantity{}
	// display holds, per dimension, the units Brian2 chooses among when it
	// prints a quantity, sorted by value.
	display = map[Dim][]displayUnit{}
)

func init() {
	for _, s := range stems {
		for _, p := range prefixes {
			if s.fixed && p.name != "" {
				continue
			}
			for power := 1; power <= 3; power++ {
				if s.flat && power > 1 {
					break
				}
				name, disp := p.name+s.name, p.name+s.disp
				if power > 1 {
					name += string(rune('0' + power))
					disp += "^" + string(rune('0'+power))
				}
				v := pow10((p.exp + s.scale) * power)
				d, _ := s.dim.Pow(float64(power))
				table[name] = Quantity{v, d}
				if s.display && displayPrefix(p.name) && !d.IsDimensionless() {
					display[d] = append(display[d], displayUnit{v, disp})
				}
			}
		}
	}
	// The kilogram is printed as a scaled gram, so "kg" is already there.
	for short, long := range shortNames {
		table[short] = table[long]
	}
	for d := range display {
		units := display[d]
		sort.Slice(units, func(i, j int) bool { return units[i].value < units[j].value })
	}
}

// pow10 returns 10**e correctly rounded, as Brian2's 10.0**scale is for the
// scales of prefixed and powered units.
func pow10(e int) float64 {
	// math.Pow10 divides for negative exponents and is off by an ulp for
	// some; parsing the decimal literal is correctly rounded.
	v, _ := strconv.ParseFloat("1e"+strconv.Itoa(e), 64)
	return v
}

// Lookup returns the value of the unit with the given name, such as "mV",
// "msecond", "cmetre2" or "siemens".
func Lookup(name string) (Quantity, bool) {
	q, ok := table[name]
	return q, ok
}

// Names returns every unit name, sorted.
func Names() []string {
	names := make([]string, 0, len(table))
	for n := range table {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Suggest returns up to three unit names close to name, closest first, for
// "did you mean" hints. Common spellings from other tools map to Brian2's
// (msec → ms, msecond).
func Suggest(name string) []string {
	if alt, ok := aliases[name]; ok {
		return alt
	}
	type cand struct {
		name string
		dist int
	}
	var best []cand
	limit := 2
	if len(name) <= 3 {
		limit = 1
	}
	for n := range table {
		d := EditDistance(name, n)
		if d > limit && strings.EqualFold(name, n) {
			d = limit // a wrong case is a near miss too
		}
		if name != n && d <= limit {
			best = append(best, cand{n, d})
		}
	}
	sort.Slice(best, func(i, j int) bool {
		if best[i].dist != best[j].dist {
			return best[i].dist < best[j].dist
		}
		if len(best[i].name) != len(best[j].name) {
			return len(best[i].name) < len(best[j].name)
		}
		return best[i].name < best[j].name
	})
	var out []string
	for i := 0; i < len(best) && i < 3; i++ {
		out = append(out, best[i].name)
	}
	return out
}

// aliases are names users bring from elsewhere, with Brian2's spelling.
var aliases = map[string][]string{
	"msec": {"msecond", "ms"}, "sec": {"second"}, "s": {"second"},
	"usec": {"usecond", "us"}, "nsec": {"nsecond"}, "mv": {"mV", "mvolt"},
	"V": {"volt"}, "A": {"amp"}, "S": {"siemens"}, "F": {"farad"},
	"m": {"metre", "meter"}, "g": {"gram"}, "K": {"kelvin"},
	"M": {"molar"}, "hz": {"Hz", "hertz"}, "ohms": {"ohm"},
	"Mohms": {"Mohm"}, "kohms": {"kohm"}, "um2": {"um2", "umetre2"},
	"celsius": {"kelvin"}, "candela": {"candle"}, "micron": {"um", "umetre"},
	"l": {"liter", "litre"}, "L": {"liter", "litre"}, "ml": {"mliter"},
	"mL": {"mliter"}, "min": {"60*second"}, "h": {"3600*second"},
}

// EditDistance is the number of single-byte edits that turn a into b:
// insertions, deletions, substitutions and swaps of neighbours ("nmae" is one
// edit from "name"). Every "did you mean" hint of myelin ranks names by it.
// Names longer than 64 bytes are never near anything but themselves.
func EditDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		if a == b {
			return 0
		}
		return 1 << 20
	}
	// Three rows of the dynamic programme: d[i-2], d[i-1] and d[i].
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
