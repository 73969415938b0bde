package render

import "image/color"

// The Okabe–Ito colours (Okabe & Ito, "Color Universal Design", 2002/2008),
// a palette that people with the common forms of colour blindness
// (deuteranopia, protanopia, tritanopia) can tell apart.
var (
	Black         = color.NRGBA{0x00, 0x00, 0x00, 0xff}
	Orange        = color.NRGBA{0xe6, 0x9f, 0x00, 0xff}
	SkyBlue       = color.NRGBA{0x56, 0xb4, 0xe9, 0xff}
	BluishGreen   = color.NRGBA{0x00, 0x9e, 0x73, 0xff}
	Yellow        = color.NRGBA{0xf0, 0xe4, 0x42, 0xff}
	Blue          = color.NRGBA{0x00, 0x72, 0xb2, 0xff}
	Vermillion    = color.NRGBA{0xd5, 0x5e, 0x00, 0xff}
	ReddishPurple = color.NRGBA{0xcc, 0x79, 0xa7, 0xff}
)

// OkabeIto is the order in which plots take colours: the Okabe–Ito palette
// arranged so that the first colours contrast most with each other and
// with a white background (blue and vermillion for excitatory and
// inhibitory populations), and yellow, faint on white, comes last.
var OkabeIto = []color.NRGBA{Blue, Vermillion, BluishGreen, ReddishPurple, Orange, SkyBlue, Black, Yellow}

// Theme holds the sizes and colours of a figure's furniture. Sizes are in
// logical pixels; zero sizes take DefaultTheme's.
type Theme struct {
	Background color.NRGBA // behind everything; zero alpha draws none
	Foreground color.NRGBA // axes, ticks and text
	GridColor  color.NRGBA // grid lines, when Grid is set
	Palette    []color.NRGBA

	FontSize      float64 // tick labels and legends
	LabelSize     float64 // axis labels
	TitleSize     float64 // panel titles
	FigTitleSize  float64 // the figure's title
	LineWidth     float64 // traces
	AxisWidth     float64 // axis lines and ticks
	TickLength    float64 // ticks point outwards by this much
	Pad           float64 // the empty border around a figure
	PanelGap      float64 // between panels that share an x axis
	MarkerSize    float64 // the largest raster and scatter marker
	Grid          bool    // draw grid lines at the major ticks
	LegendSwatch  float64 // the length of a legend's line sample
	MinTickGap    float64 // the least room between neighbouring tick labels
	TickSpacingX  float64 // the aimed-at distance between x ticks
	TickSpacingY  float64 // the aimed-at distance between y ticks
	LegendPadding float64
}

// DefaultTheme returns black on white with the Okabe–Ito palette, sized
// for a figure of some 800×600 logical pixels.
func DefaultTheme() Theme {
	return Theme{
		Background:    color.NRGBA{0xff, 0xff, 0xff, 0xff},
		Foreground:    color.NRGBA{0x22, 0x22, 0x22, 0xff},
		GridColor:     color.NRGBA{0xe4, 0xe4, 0xe4, 0xff},
		Palette:       OkabeIto,
		FontSize:      12,
		LabelSize:     13,
		TitleSize:     13,
		FigTitleSize:  15,
		LineWidth:     1.5,
		AxisWidth:     1,
		TickLength:    5,
		Pad:           10,
		PanelGap:      12,
		MarkerSize:    3,
		LegendSwatch:  18,
		MinTickGap:    12,
		TickSpacingX:  90,
		TickSpacingY:  38,
		LegendPadding: 6,
	}
}

// DarkTheme returns light text on a dark background, with the Okabe–Ito
// palette's black swapped for white.
func DarkTheme() Theme {
	t := DefaultTheme()
	t.Background = color.NRGBA{0x1c, 0x1c, 0x1e, 0xff}
	t.Foreground = color.NRGBA{0xe8, 0xe8, 0xe8, 0xff}
	t.GridColor = color.NRGBA{0x3a, 0x3a, 0x3e, 0xff}
	t.Palette = []color.NRGBA{SkyBlue, Vermillion, BluishGreen, ReddishPurple, Orange, Blue, {0xff, 0xff, 0xff, 0xff}, Yellow}
	return t
}

// color returns the palette colour for the k-th plot.
func (t *Theme) color(k int) color.NRGBA {
	if len(t.Palette) == 0 {
		return t.Foreground
	}
	if k < 0 {
		k = -k
	}
	return t.Palette[k%len(t.Palette)]
}

// withDefaults fills the zero sizes, a transparent foreground and an empty
// palette of t from DefaultTheme, so a Theme built field by field (or none
// at all) still lays out. A transparent background stays: nothing is drawn
// behind the figure.
func (t Theme) withDefaults() Theme {
	d := DefaultTheme()
	def := func(v *float64, dv float64) {
		if !(*v > 0) {
			*v = dv
		}
	}
	def(&t.FontSize, d.FontSize)
	def(&t.LabelSize, d.LabelSize)
	def(&t.TitleSize, d.TitleSize)
	def(&t.FigTitleSize, d.FigTitleSize)
	def(&t.LineWidth, d.LineWidth)
	def(&t.AxisWidth, d.AxisWidth)
	def(&t.TickLength, d.TickLength)
	def(&t.Pad, d.Pad)
	def(&t.PanelGap, d.PanelGap)
	def(&t.MarkerSize, d.MarkerSize)
	def(&t.LegendSwatch, d.LegendSwatch)
	def(&t.MinTickGap, d.MinTickGap)
	def(&t.TickSpacingX, d.TickSpacingX)
	def(&t.TickSpacingY, d.TickSpacingY)
	def(&t.LegendPadding, d.LegendPadding)
	if t.Foreground.A == 0 {
		t.Foreground = d.Foreground
	}
	if len(t.Palette) == 0 {
		t.Palette = d.Palette
	}
	return t
}
