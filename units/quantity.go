package units

import (
	"fmt"
	"math"
)

// Quantity is a value in SI base units with its dimension: 65 mV is
// Quantity{0.065, DimVoltage}.
type Quantity struct {
	Value float64
	Dim   Dim
}

// Number returns the dimensionless quantity v.
func Number(v float64) Quantity { return Quantity{Value: v} }

// Q returns v times unit u, for building quantities in Go code:
// units.Q(-65, units.MilliVolt).
func Q(v float64, u Quantity) Quantity { return Quantity{v * u.Value, u.Dim} }

// DimensionError is the error of an operation on quantities whose
// dimensions do not fit together.
type DimensionError struct {
	Op   string // "add", "subtract", "compare", or a function name
	A, B Dim    // the dimensions involved (B is unused for functions)
	fn   bool
}

func (e *DimensionError) Error() string {
	if e.fn {
		return fmt.Sprintf("%s needs a dimensionless argument, but it is in %s", e.Op, e.A)
	}
	return fmt.Sprintf("cannot %s %s and %s", e.Op, e.A, e.B)
}

// Add returns q+r; the dimensions must agree.
func (q Quantity) Add(r Quantity) (Quantity, error) {
	if q.Dim != r.Dim {
		return Quantity{}, &DimensionError{Op: "add", A: q.Dim, B: r.Dim}
	}
	return Quantity{q.Value + r.Value, q.Dim}, nil
}

// Sub returns q-r; the dimensions must agree.
func (q Quantity) Sub(r Quantity) (Quantity, error) {
	if q.Dim != r.Dim {
		return Quantity{}, &DimensionError{Op: "subtract", A: q.Dim, B: r.Dim}
	}
	return Quantity{q.Value - r.Value, q.Dim}, nil
}

// Mul returns q*r.
func (q Quantity) Mul(r Quantity) Quantity { return Quantity{q.Value * r.Value, q.Dim.Mul(r.Dim)} }

// Div returns q/r.
func (q Quantity) Div(r Quantity) Quantity { return Quantity{q.Value / r.Value, q.Dim.Div(r.Dim)} }

// Scale returns q multiplied by the number f.
func (q Quantity) Scale(f float64) Quantity { return Quantity{q.Value * f, q.Dim} }

// Neg returns -q.
func (q Quantity) Neg() Quantity { return Quantity{-q.Value, q.Dim} }

// Pow returns q**p for a dimensionless exponent p. The dimension's exponents
// must stay multiples of one half.
func (q Quantity) Pow(p float64) (Quantity, error) {
	d, err := q.Dim.Pow(p)
	if err != nil {
		return Quantity{}, err
	}
	return Quantity{math.Pow(q.Value, p), d}, nil
}

// Sqrt returns the square root of q; the dimension's exponents halve.
func (q Quantity) Sqrt() (Quantity, error) {
	d, err := q.Dim.Pow(0.5)
	if err != nil {
		return Quantity{}, err
	}
	return Quantity{math.Sqrt(q.Value), d}, nil
}

// Cmp compares q and r: -1, 0 or +1 as q is less than, equal to or greater
// than r (0 also when either is NaN). The dimensions must agree.
func (q Quantity) Cmp(r Quantity) (int, error) {
	if q.Dim != r.Dim {
		return 0, &DimensionError{Op: "compare", A: q.Dim, B: r.Dim}
	}
	switch {
	case q.Value < r.Value:
		return -1, nil
	case q.Value > r.Value:
		return 1, nil
	}
	return 0, nil
}

// In returns q in unit u, as a number: units.Q(65, MilliVolt).In(Volt) is
// 0.065. The dimensions must agree.
func (q Quantity) In(u Quantity) (float64, error) {
	if q.Dim != u.Dim {
		return 0, &DimensionError{Op: "convert", A: q.Dim, B: u.Dim}
	}
	return q.Value / u.Value, nil
}

// Dimensionless returns q's value when q is dimensionless, and an error
// that names fn otherwise: functions such as exp, log and sin accept only
// pure numbers.
func (q Quantity) Dimensionless(fn string) (float64, error) {
	if !q.Dim.IsDimensionless() {
		return 0, &DimensionError{Op: fn, A: q.Dim, fn: true}
	}
	return q.Value, nil
}

// Apply applies a function of pure numbers (exp, log, sin ...) to q, which
// must be dimensionless; name is the function's name for the error.
func (q Quantity) Apply(name string, f func(float64) float64) (Quantity, error) {
	v, err := q.Dimensionless(name)
	if err != nil {
		return Quantity{}, err
	}
	return Number(f(v)), nil
}
