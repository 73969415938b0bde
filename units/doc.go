// Package units is myelin's SI unit system: dimensions, quantities, the
// registry of unit names Brian2 users type, parsing of quantity strings and
// formatting in the style Brian2 prints.
//
// # Dimensions and quantities
//
// A [Dim] holds the exponents of the seven SI base dimensions (metre,
// kilogram, second, ampere, kelvin, mole, candela). Exponents may be halves,
// because white noise xi has the unit second**-0.5. Dim is a comparable value:
// == tests equality and the zero value is dimensionless.
//
// A [Quantity] is a float64 in SI base units together with its Dim. Its
// methods check dimensions the way Brian2 does: adding volts to amps is an
// error that names both ("cannot add volt and amp"), while multiplying,
// dividing and raising to powers combine dimensions.
//
// Simulations check units once, when a model is built, and then run on plain
// float64 values in SI base units; nothing in a simulation's inner loop uses
// this package.
//
// # Names
//
// Every unit name Brian2 2.5.1 exposes is known here, with its prefixes
// (y z a f p n u m c d da h k M G T P E Z Y) and squared and cubed forms
// (umetre2, cmetre3), and Brian2's short names (mV, ms, nA, pF, uF, cm, um,
// mM, Hz, kHz ...). [Lookup] finds one; [Parse] reads an expression such as
// "1*uF/cm**2" or "(60*0.27/10)*mV". The list is checked against one that
// Brian2 itself wrote (scripts/brian2/units.py, testdata/brian2/units.json).
//
// # Formatting
//
// [Quantity.String] prints a quantity as Brian2's str() does: in its best
// display unit ("-65. mV", "20. ms", "100. nA"), with numpy's number format.
// [Dim.String] prints a dimension as a unit expression a user could write in
// an equation ("volt", "amp/meter**2", "second**-0.5").
//
// What it does not do: affine units (Brian2 has no celsius either), or
// non-SI units.
package units
