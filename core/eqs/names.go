package eqs

import (
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/units"
)

// pythonKeywords are Python's keywords (keyword.kwlist), which Brian2
// refuses as variable names.
var pythonKeywords = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true,
	"assert": true, "async": true, "await": true, "break": true, "class": true,
	"continue": true, "def": true, "del": true, "elif": true, "else": true,
	"except": true, "finally": true, "for": true, "from": true, "global": true,
	"if": true, "import": true, "in": true, "is": true, "lambda": true,
	"nonlocal": true, "not": true, "or": true, "pass": true, "raise": true,
	"return": true, "try": true, "while": true, "with": true, "yield": true,
}

// specialNames have a meaning in every group's equations (Brian2's
// check_identifier_reserved).
var specialNames = map[string]bool{"t": true, "dt": true, "t_in_timesteps": true, "xi": true, "i": true, "N": true}

// constantNames are Brian2's DEFAULT_CONSTANTS.
var constantNames = map[string]bool{"pi": true, "e": true, "inf": true}

// refractoryNames are used by the refractory mechanism (Brian2's
// check_identifier_refractory).
var refractoryNames = map[string]bool{"not_refractory": true, "refractory": true, "refractory_until": true}

// spatialNames are the variables every SpatialNeuron defines itself, so a
// model cannot define them again. (x, y and z are only defined for a
// morphology with coordinates; the spatial package checks them.)
var spatialNames = map[string]bool{
	"v": true, "length": true, "distance": true, "area": true, "volume": true,
	"Ic": true, "diameter": true, "Cm": true, "Ri": true, "r_length_1": true,
	"r_length_2": true, "time_constant": true, "space_constant": true,
	"gtot__private": true, "I0__private": true,
}

// synapseNames are reserved in Synapses.
var synapseNames = map[string]string{
	"j":          "'j' is a reserved name in synapses and cannot be a variable name",
	"delay":      "'delay' is a reserved name in synapses and cannot be a variable name",
	"N_incoming": "'N_incoming' is a variable of every Synapses object and cannot be defined again",
	"N_outgoing": "'N_outgoing' is a variable of every Synapses object and cannot be defined again",
}

// unitStems are the unit names from which Brian2 derives prefixed names.
var unitStems = map[string]bool{
	"metre": true, "meter": true, "kilogram": true, "kilogramme": true,
	"gram": true, "gramme": true, "second": true, "amp": true, "ampere": true,
	"kelvin": true, "mole": true, "mol": true, "molar": true, "candle": true,
	"radian": true, "steradian": true, "hertz": true, "newton": true,
	"pascal": true, "joule": true, "watt": true, "coulomb": true, "volt": true,
	"farad": true, "ohm": true, "siemens": true, "weber": true, "tesla": true,
	"henry": true, "lumen": true, "lux": true, "becquerel": true, "gray": true,
	"sievert": true, "katal": true,
}

// isDefaultUnit reports whether name is one of Brian2's DEFAULT_UNITS, the
// unit names a variable may not take. That is every unit name of the units
// package except those with the prefixes c, d, da and h (other than of
// litre), which Brian2 does not register, and mS, which its stdunits omit.
func isDefaultUnit(name string) bool {
	if _, ok := units.Lookup(name); !ok || name == "mS" {
		return false
	}
	for _, p := range []string{"da", "c", "d", "h"} {
		rest, ok := strings.CutPrefix(name, p)
		if !ok {
			continue
		}
		rest = strings.TrimRight(rest, "23")
		if unitStems[rest] {
			return false
		}
	}
	return true
}

// checkName returns why name cannot be the name of eq's variable in
// equations of the owner, or "". hasEventDriven says whether the equations
// have event-driven equations (Brian2 then adds lastupdate).
func checkName(eq *Equation, owner Owner, hasEventDriven bool) string {
	name := eq.Name
	switch {
	case pythonKeywords[name]:
		return fmt.Sprintf("'%s' is a Python keyword and cannot be a variable name", name)
	case strings.HasPrefix(name, "_"):
		return fmt.Sprintf("'%s' starts with an underscore: such names are kept for internal variables", name)
	case specialNames[name] || isNoise(name):
		return fmt.Sprintf("'%s' has a special meaning in equations and cannot be a variable name", name)
	case expr.IsBuiltin(name):
		return fmt.Sprintf("'%s' is the name of a function and cannot be a variable name", name)
	case constantNames[name]:
		return fmt.Sprintf("'%s' is the name of a constant and cannot be a variable name", name)
	case isDefaultUnit(name):
		return fmt.Sprintf("'%s' is the name of a unit and cannot be a variable name", name)
	case refractoryNames[name]:
		return fmt.Sprintf("'%s' is used by the refractory mechanism and cannot be a variable name", name)
	}
	prePost := strings.HasSuffix(name, "_pre") || strings.HasSuffix(name, "_post")
	switch owner {
	case NeuronGroup, SpatialNeuron:
		if name == "lastspike" {
			return "'lastspike' is used by the refractory mechanism and cannot be a variable name"
		}
		if owner == SpatialNeuron && spatialNames[name] {
			return fmt.Sprintf("'%s' is a variable of every SpatialNeuron and cannot be defined again", name)
		}
		if prePost {
			return prePostMsg(name)
		}
	case Synapses:
		if msg, ok := synapseNames[name]; ok {
			return msg
		}
		if name == "lastupdate" && hasEventDriven {
			return "'lastupdate' is used by event-driven equations and cannot be a variable name"
		}
		if eq.Has(FlagSummed) {
			if !prePost {
				return fmt.Sprintf("the summed variable '%s' must end in _pre or _post: it sets the variable of that name in the pre- or postsynaptic group", name)
			}
		} else if prePost {
			return prePostMsg(name)
		}
	}
	return ""
}

func prePostMsg(name string) string {
	return fmt.Sprintf("'%s' cannot be a variable name: the suffixes _pre and _post refer to the variables of pre- and postsynaptic groups in synapses", name)
}
