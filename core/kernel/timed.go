package kernel

import (
	"errors"
	"fmt"
	"math"
)

// TimedArray is Brian2's TimedArray: values sampled every Dt, read in code
// as ta(t) (1-D) or ta(t, i) (2-D, time along the rows).
//
// As in Brian2 2.5.1 (brian2/input/timedarray.py), the time grid is
// upsampled by a power of two K chosen from the clock of the group that
// reads it, K = 2**ceil(log2(8*Dt/clockDt)) (at least 1), and the row read at
// time t is int((t/(Dt/K) + 0.5)/K), truncated toward zero as C does and
// clipped to the first and last row. A 2-D lookup whose column is outside
// [0, Cols) is NaN.
type TimedArray struct {
	Name   string
	Values []float64 // Rows×Cols values, row-major: row r holds time r*Dt
	Rows   int
	Cols   int  // 1 for a 1-D array
	TwoD   bool // read as ta(t, i)
	Dt     float64

	k   float64 // Brian2's upsampling factor K
	eps float64 // Dt/K
}

// NewTimedArray makes a 1-D TimedArray of values sampled every dt, read by
// groups whose clock step is clockDt.
func NewTimedArray(name string, values []float64, dt, clockDt float64) (*TimedArray, error) {
	return newTimedArray(name, values, len(values), 1, false, dt, clockDt)
}

// NewTimedArray2D makes a 2-D TimedArray of rows×cols values (row-major,
// one row per time step dt), read by groups whose clock step is clockDt.
func NewTimedArray2D(name string, values []float64, rows, cols int, dt, clockDt float64) (*TimedArray, error) {
	return newTimedArray(name, values, rows, cols, true, dt, clockDt)
}

func newTimedArray(name string, values []float64, rows, cols int, twoD bool, dt, clockDt float64) (*TimedArray, error) {
	switch {
	case rows < 1 || cols < 1:
		return nil, fmt.Errorf("TimedArray %s: needs at least one value", name)
	case len(values) != rows*cols:
		return nil, fmt.Errorf("TimedArray %s: %d values for %d×%d", name, len(values), rows, cols)
	case !(dt > 0) || math.IsInf(dt, 0):
		return nil, fmt.Errorf("TimedArray %s: dt must be positive, not %g", name, dt)
	case !(clockDt > 0) || math.IsInf(clockDt, 0):
		return nil, errors.New("TimedArray " + name + ": the clock's dt must be positive")
	}
	// K is the smallest power of two >= 8*dt/clockDt, evaluated as Brian2
	// writes it (8/group_dt*dt); an exact loop instead of log2 so that every
	// platform picks the same K.
	r := 8 / clockDt * dt
	k := 1.0
	for k < r && k < 1<<62 {
		k *= 2
	}
	return &TimedArray{Name: name, Values: values, Rows: rows, Cols: cols, TwoD: twoD,
		Dt: dt, k: k, eps: dt / k}, nil
}

// row is the row read at time t.
func (ta *TimedArray) row(t float64) int {
	x := (t/ta.eps + 0.5) / ta.k
	switch {
	case x >= float64(ta.Rows):
		return ta.Rows - 1
	case x >= 0:
		return int(x)
	}
	return 0 // negative or NaN
}

// At is ta(t) for a 1-D array (the first column of a 2-D one).
func (ta *TimedArray) At(t float64) float64 {
	return ta.Values[ta.row(t)*ta.Cols]
}

// At2 is ta(t, i) for a 2-D array.
func (ta *TimedArray) At2(t, i float64) float64 {
	return ta.cell(ta.row(t), i)
}

func (ta *TimedArray) cell(row int, i float64) float64 {
	c := fnTrunc(i)
	if !(c >= 0 && c < float64(ta.Cols)) {
		return math.NaN()
	}
	return ta.Values[row*ta.Cols+int(c)]
}
