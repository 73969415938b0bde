package morphviz

import (
	"image/color"
	"math"
)

// Colormap maps a number between 0 and 1 to a colour. Its colours run
// from the lowest value (0) to the highest (1).
type Colormap struct {
	Name   string
	colors [256]color.NRGBA
}

// Viridis and Cividis are matplotlib's perceptually uniform colour maps
// (van der Walt and Smith 2015; Nuñez, Anderton and Renslow 2018): their
// lightness rises steadily from one end to the other, so equal steps of a
// value look like equal steps of colour, and they read the same to people
// with the common kinds of colour blindness and in grey print. Cividis is
// made to look nearly the same to people with and without red–green colour
// blindness. The tables are matplotlib's own (testdata/colormaps.py).
var (
	Viridis = &Colormap{Name: "viridis", colors: viridisTable}
	Cividis = &Colormap{Name: "cividis", colors: cividisTable}
)

// At returns the colour of t, clamped to [0, 1]; NaN gives the lowest
// colour.
func (m *Colormap) At(t float64) color.NRGBA {
	if !(t > 0) {
		return m.colors[0]
	}
	if t >= 1 {
		return m.colors[255]
	}
	return m.colors[int(math.Round(t*255))]
}
