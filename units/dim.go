package units

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Base indexes the seven SI base dimensions in a [Dim], in Brian2's order.
type Base int

// The SI base dimensions.
const (
	Length Base = iota
	Mass
	Time
	Current
	Temperature
	Amount
	Luminosity
	numBase
)

// Dim is a physical dimension: the exponents of the seven SI base dimensions.
// Each exponent is stored doubled, so that half-integer exponents (white noise
// has second**-0.5) are exact. The zero value is dimensionless, and two Dims
// are equal exactly when == says so.
type Dim [numBase]int8

// Dimensionless is the dimension of pure numbers.
var Dimensionless Dim

// The dimensions of common quantities.
var (
	DimLength      = Dim{Length: 2}
	DimMass        = Dim{Mass: 2}
	DimTime        = Dim{Time: 2}
	DimCurrent     = Dim{Current: 2}
	DimTemperature = Dim{Temperature: 2}
	DimAmount      = Dim{Amount: 2}
	DimLuminosity  = Dim{Luminosity: 2}
	DimVoltage     = Dim{Length: 4, Mass: 2, Time: -6, Current: -2}
	DimConductance = Dim{Length: -4, Mass: -2, Time: 6, Current: 4}
	DimCapacitance = Dim{Length: -4, Mass: -2, Time: 8, Current: 4}
	DimResistance  = Dim{Length: 4, Mass: 2, Time: -6, Current: -4}
	DimFrequency   = Dim{Time: -2}
)

// NewDim returns the dimension with the given exponents of metre, kilogram,
// second, ampere, kelvin, mole and candela. Exponents must be multiples of
// one half within ±63; NewDim panics otherwise (it is for constants in Go
// code; use [Dim.Pow] for computed exponents).
func NewDim(exps ...float64) Dim {
	if len(exps) > int(numBase) {
		panic("units: NewDim takes at most 7 exponents")
	}
	var d Dim
	for i, e := range exps {
		h, ok := halves(e)
		if !ok {
			panic(fmt.Sprintf("units: NewDim exponent %v is not a multiple of 1/2 within ±63", e))
		}
		d[i] = h
	}
	return d
}

// halves returns 2*e as an int8 when e is a multiple of one half that fits.
func halves(e float64) (int8, bool) {
	h := 2 * e
	if h != math.Trunc(h) || h > 127 || h < -127 {
		return 0, false
	}
	return int8(h), true
}

// Exp returns the exponent of base b in d.
func (d Dim) Exp(b Base) float64 { return float64(d[b]) / 2 }

// IsDimensionless reports whether d is the dimension of pure numbers.
func (d Dim) IsDimensionless() bool { return d == Dimensionless }

// Mul returns the dimension of a product.
func (d Dim) Mul(e Dim) Dim {
	for i := range d {
		d[i] += e[i]
	}
	return d
}

// Div returns the dimension of a quotient.
func (d Dim) Div(e Dim) Dim {
	for i := range d {
		d[i] -= e[i]
	}
	return d
}

// Inv returns the dimension of 1/d.
func (d Dim) Inv() Dim {
	for i := range d {
		d[i] = -d[i]
	}
	return d
}

// Pow returns the dimension of d**p. It fails when an exponent of the result
// would not be a multiple of one half, such as volt**0.25.
func (d Dim) Pow(p float64) (Dim, error) {
	var r Dim
	for i, h := range d {
		if h == 0 {
			continue
		}
		e := float64(h) / 2 * p
		v, ok := halves(e)
		if !ok {
			return Dimensionless, fmt.Errorf("cannot raise %s to the power %s: exponents must be multiples of 1/2", d, formatExp(p))
		}
		r[i] = v
	}
	return r, nil
}

// baseNames are the names of the SI base units as they appear in unit
// expressions ("meter" as in Brian2's documentation and equations).
var baseNames = [numBase]string{"meter", "kilogram", "second", "amp", "kelvin", "mole", "candle"}

// baseSymbols are Brian2's symbols for the base units in its plain display
// of dimensions ("m^2 kg s^-3 A^-1").
var baseSymbols = [numBase]string{"m", "kg", "s", "A", "K", "mol", "cd"}

// namedDims are coherent (scale 1) units that name a dimension in unit
// expressions, in order of preference.
var namedDims = []struct {
	name string
	dim  Dim
}{
	{"volt", DimVoltage},
	{"amp", DimCurrent},
	{"second", DimTime},
	{"meter", DimLength},
	{"siemens", DimConductance},
	{"farad", DimCapacitance},
	{"ohm", DimResistance},
	{"hertz", DimFrequency},
	{"coulomb", Dim{Time: 2, Current: 2}},
	{"mmolar", Dim{Length: -6, Amount: 2}},
	{"kilogram", DimMass},
	{"kelvin", DimTemperature},
	{"mole", DimAmount},
	{"candle", DimLuminosity},
	{"newton", Dim{Length: 2, Mass: 2, Time: -4}},
	{"pascal", Dim{Length: -2, Mass: 2, Time: -4}},
	{"joule", Dim{Length: 4, Mass: 2, Time: -4}},
	{"watt", Dim{Length: 4, Mass: 2, Time: -6}},
	{"weber", Dim{Length: 4, Mass: 2, Time: -4, Current: -2}},
	{"tesla", Dim{Mass: 2, Time: -4, Current: -2}},
	{"henry", Dim{Length: 4, Mass: 2, Time: -4, Current: -4}},
	{"katal", Dim{Time: -2, Amount: 2}},
	{"lux", Dim{Length: -4, Luminosity: 2}},
}

// String returns d as a unit expression a user could write in an equation:
// "1" for dimensionless, a named unit where one fits ("volt", "siemens",
// "hertz"), a named unit times or over a power of metre or second
// ("amp/meter**2", "volt/second"), and otherwise a product of base units
// ("meter**2*kilogram/second**3", "second**-0.5").
func (d Dim) String() string {
	if d.IsDimensionless() {
		return "1"
	}
	for _, n := range namedDims {
		if n.dim == d {
			return n.name
		}
	}
	// A named unit combined with one power of metre or second reads best for
	// the densities of cable models (siemens/meter**2) and for rates.
	for _, b := range []Base{Length, Time} {
		for _, n := range namedDims {
			if n.name == "meter" || n.name == "second" || n.name == "hertz" {
				continue
			}
			rest := d.Div(n.dim)
			if e, ok := single(rest); ok && e == b && rest[b]%2 == 0 {
				k := int(rest[b] / 2)
				switch {
				case k == 1:
					return n.name + "*" + baseNames[b]
				case k == -1:
					return n.name + "/" + baseNames[b]
				case k > 1 && k <= 3:
					return n.name + "*" + baseNames[b] + "**" + strconv.Itoa(k)
				case k < -1 && k >= -3:
					return n.name + "/" + baseNames[b] + "**" + strconv.Itoa(-k)
				}
			}
		}
	}
	return d.product()
}

// single reports whether exactly one exponent of d is non-zero, and which.
func single(d Dim) (Base, bool) {
	found := Base(-1)
	for i, h := range d {
		if h != 0 {
			if found >= 0 {
				return 0, false
			}
			found = Base(i)
		}
	}
	return found, found >= 0
}

// product writes d as base units: positive powers joined by '*', then '/' and
// the negative ones. A dimension with only negative exponents is written
// with negative powers ("second**-0.5", "meter**-1").
func (d Dim) product() string {
	var num, den []string
	for i, h := range d {
		if h == 0 {
			continue
		}
		e := float64(h) / 2
		if e > 0 {
			num = append(num, power(baseNames[i], e))
		} else {
			den = append(den, power(baseNames[i], -e))
		}
	}
	if len(num) == 0 {
		parts := make([]string, 0, len(den))
		for i, h := range d {
			if h != 0 {
				parts = append(parts, baseNames[i]+"**"+formatExp(float64(h)/2))
			}
		}
		return strings.Join(parts, "*")
	}
	s := strings.Join(num, "*")
	switch len(den) {
	case 0:
	case 1:
		s += "/" + den[0]
	default:
		s += "/(" + strings.Join(den, "*") + ")"
	}
	return s
}

func power(name string, e float64) string {
	if e == 1 {
		return name
	}
	return name + "**" + formatExp(e)
}

// formatExp writes an exponent as Python would: 2, -3, 0.5, -1.5.
func formatExp(e float64) string {
	return strconv.FormatFloat(e, 'f', -1, 64)
}

// Basic returns d in Brian2's plain display of dimensions, the base symbols
// with their powers: "m^2 kg s^-3 A^-1", "s^-0.5", and "1" when
// dimensionless. Brian2 prints a quantity this way when no registered unit
// has its dimension.
func (d Dim) Basic() string {
	if d.IsDimensionless() {
		return "1"
	}
	parts := make([]string, 0, numBase)
	for i, h := range d {
		if h == 0 {
			continue
		}
		s := baseSymbols[i]
		if h != 2 {
			s += "^" + formatExp(float64(h)/2)
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}
