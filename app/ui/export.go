package ui

import (
	"bytes"
	"errors"
	"image"
	"image/png"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/render"
)

// ResultsJSON returns the results so far exactly as `myelin run` writes
// them (without the final state of the groups).
func (c *Controller) ResultsJSON() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil {
		return nil, errors.New("no model is loaded")
	}
	return c.s.ResultsJSON(false)
}

// ResultsCSV returns what the monitors recorded so far as one CSV table in
// long form, one row per value, with the header
//
//	monitor,type,variable,index,t,value
//
// Times and values are in SI base units (seconds, volts, hertz ...). A
// spike (or event) monitor gives a row per spike with the neuron's index,
// its time and an empty variable and value; a state monitor a row per
// variable (by name), recorded neuron and time; a rate monitor a row per
// time with variable "rate" and an empty index. Monitors come in the
// file's order. Numbers are written as JavaScript writes them (CSVNumber),
// so that the light view's CSV (site/lite.js) of the same results is the
// same text, byte for byte.
func (c *Controller) ResultsCSV() ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.s == nil {
		return nil, errors.New("no model is loaded")
	}
	var buf bytes.Buffer
	buf.WriteString("monitor,type,variable,index,t,value\n")
	num := func(x float64) { buf.WriteString(CSVNumber(x)) }
	for _, m := range c.s.Built().Monitors {
		name := csvField(m.Name)
		switch {
		case m.Spike != nil:
			for k, i := range m.Spike.I {
				buf.WriteString(name + "," + csvField(m.Type) + ",," + strconv.Itoa(int(i)) + ",")
				num(m.Spike.T[k])
				buf.WriteString(",\n")
			}
		case m.State != nil:
			st := m.State
			order := make([]int, len(st.Variables))
			for v := range order {
				order[v] = v
			}
			sort.SliceStable(order, func(a, b int) bool { return st.Variables[order[a]] < st.Variables[order[b]] })
			for _, v := range order {
				vname := st.Variables[v]
				for r, idx := range st.Record {
					row := st.Values[v][r]
					for k, t := range st.T[:min(len(st.T), len(row))] {
						buf.WriteString(name + ",state," + csvField(vname) + "," + strconv.Itoa(idx) + ",")
						num(t)
						buf.WriteByte(',')
						num(row[k])
						buf.WriteByte('\n')
					}
				}
			}
		case m.Rate != nil:
			for k, t := range m.Rate.T[:min(len(m.Rate.T), len(m.Rate.Rate))] {
				buf.WriteString(name + ",rate,rate,,")
				num(t)
				buf.WriteByte(',')
				num(m.Rate.Rate[k])
				buf.WriteByte('\n')
			}
		}
	}
	return buf.Bytes(), nil
}

// CSVNumber writes x as JavaScript's String(x) does: the shortest digits
// that read back as x, in plain decimal notation from 1e-6 up to 1e21 and
// with an exponent outside ("1.5e-7", "1e+21"); NaN, Infinity and
// -Infinity by those names. Plain decimals are what spreadsheets read best,
// and the light view of the site writes its CSV with JavaScript.
func CSVNumber(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NaN"
	case math.IsInf(x, 1):
		return "Infinity"
	case math.IsInf(x, -1):
		return "-Infinity"
	case x == 0:
		return "0" // also -0, as JavaScript
	}
	e := strconv.FormatFloat(x, 'e', -1, 64) // "-1.5e-07"
	mant, exp, _ := strings.Cut(e, "e")
	n, _ := strconv.Atoi(exp)
	if n >= -6 && n < 21 {
		return strconv.FormatFloat(x, 'f', -1, 64)
	}
	sign := "+"
	if n < 0 {
		sign, n = "-", -n
	}
	return mant + "e" + sign + strconv.Itoa(n)
}

// csvField quotes s when it holds a comma, a quote or a line break, as
// RFC 4180 does: in double quotes, a quote doubled.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// FigurePNG returns the figure as drawn, w × h logical pixels at scale
// pixels each, as PNG.
func (c *Controller) FigurePNG(w, h int, scale float64) ([]byte, error) {
	return c.exportFigure(func(f *render.Figure, buf *bytes.Buffer) error {
		img := render.RenderImage(f, w, h, scale)
		return encodePNG(buf, img)
	})
}

// FigureSVG returns the figure as drawn, w × h logical pixels, as SVG.
func (c *Controller) FigureSVG(w, h int) ([]byte, error) {
	return c.exportFigure(func(f *render.Figure, buf *bytes.Buffer) error {
		return render.WriteSVG(buf, f, w, h)
	})
}

func (c *Controller) exportFigure(write func(*render.Figure, *bytes.Buffer) error) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	fig, err := c.Figure()
	if err != nil {
		return nil, err
	}
	if fig == nil {
		return nil, errors.New("no model is loaded")
	}
	fig.SetNow(c.s.T())
	name := c.s.Built().File.Model.Name.Text
	saved := fig.Title
	fig.Title = name // an exported figure carries the model's name
	defer func() { fig.Title = saved }()
	var buf bytes.Buffer
	if err := write(fig, &buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func encodePNG(buf *bytes.Buffer, img image.Image) error { return png.Encode(buf, img) }
