package render

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"strings"
	"testing"

	"github.com/myelin-sim/myelin/units"
)

// canvases returns one canvas of each back-end, and a function that says
// the back-end finished without error.
func canvases() map[string]Canvas {
	return map[string]Canvas{
		"recorder": &Recorder{},
		"svg":      NewSVG(300, 200),
		"image":    NewImageCanvas(image.NewRGBA(image.Rect(0, 0, 300, 200)), 1),
	}
}

// TestOddInput draws figures with nothing, little or bad data on every
// back-end: none may panic, and all must still draw their axes.
func TestOddInput(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	figs := map[string]func() *Figure{
		"no panels": func() *Figure { return NewFigure() },
		"nil panel": func() *Figure { return NewFigure(nil, RasterPanel()) },
		"zero theme": func() *Figure {
			return &Figure{Panels: []*Panel{RasterPanel(&Raster{Spikes: Spikes{I: []int{1}, T: []float64{0.01}}})}}
		},
		"empty plots": func() *Figure {
			return NewTimeFigure(
				RasterPanel(&Raster{}, &Raster{Spikes: Spikes{}}),
				TracePanel("v", units.DimVoltage, &Line{}, &Line{Data: XY{}}, &Line{Data: Sampled{}}),
				NewPanel(Axis{}, Axis{}, &Bars{}, Histogram(nil, 10), nil),
			)
		},
		"single point": func() *Figure {
			return NewFigure(
				RasterPanel(&Raster{Spikes: Spikes{I: []int{0}, T: []float64{0}}}),
				TracePanel("v", units.DimVoltage, &Line{Data: XY{X: []float64{0.01}, Y: []float64{-0.065}}, Markers: true}),
				NewPanel(Axis{}, Axis{}, Histogram([]float64{3}, 5), &Bars{Data: XY{X: []float64{1}, Y: []float64{2}}}),
			)
		},
		"NaN and Inf only": func() *Figure {
			return NewFigure(
				TracePanel("v", units.DimVoltage, &Line{Data: XY{X: []float64{nan, 0, inf}, Y: []float64{0, nan, -inf}}}),
				RasterPanel(&Raster{Spikes: Spikes{I: []int{0, 1}, T: []float64{nan, nan}}}),
				NewPanel(Axis{}, Axis{}, Histogram([]float64{nan, inf}, 3)),
			)
		},
		"huge and tiny values": func() *Figure {
			return NewFigure(
				NewPanel(Axis{Label: "x"}, Axis{Label: "y"}, &Line{Data: XY{X: []float64{-1e300, 1e300}, Y: []float64{1e-300, 2e-300}}}),
				NewPanel(Axis{Label: "x"}, Axis{Label: "y"}, &Line{Data: XY{X: []float64{-math.MaxFloat64, math.MaxFloat64}, Y: []float64{0, 1}}}),
				TracePanel("I", units.DimCurrent, &Line{Data: XY{X: []float64{0, 1}, Y: []float64{1e-30, 1e30}}}),
			)
		},
		"bad limits": func() *Figure {
			p := TracePanel("v", units.DimVoltage, &Line{Data: XY{X: []float64{0, 1}, Y: []float64{0, 1}}})
			p.X.Limits = Limits{Mode: Scroll, Window: nan, Now: inf}
			p.Y.Limits = FixedLimits(nan, 3)
			q := TracePanel("v", units.DimVoltage)
			q.X.Limits = Limits{Mode: Grow, Min: -inf, Now: nan}
			q.Y.Limits = FixedLimits(2, 2)
			return NewFigure(p, q)
		},
		"spikes beyond the axis": func() *Figure {
			r := &Raster{Spikes: Spikes{I: []int{-5, 3, 1000}, T: []float64{0.1, 0.2, 0.3}}, N: 10}
			p := RasterPanel(r)
			p.X.Limits = FixedLimits(0.15, 0.25)
			return NewFigure(p)
		},
	}
	rects := []Rect{R(0, 0, 300, 200), R(0, 0, 40, 30), R(0, 0, 0, 0), R(10, 10, 5, 5)}
	for name, mk := range figs {
		for cname, c := range canvases() {
			for _, r := range rects {
				func() {
					defer func() {
						if p := recover(); p != nil {
							t.Errorf("%s on %s in %v: panic: %v", name, cname, r, p)
						}
					}()
					tr := mk().Draw(c, r)
					for _, x := range tr {
						if !finite(x.XMin) || !finite(x.XMax) || !(x.XMax > x.XMin) || !(x.YMax > x.YMin) {
							t.Errorf("%s on %s: bad transform %+v", name, cname, x)
						}
					}
				}()
			}
		}
		// The whole-file writers too.
		if err := WriteSVG(&bytes.Buffer{}, mk(), 200, 150); err != nil {
			t.Errorf("%s: WriteSVG: %v", name, err)
		}
		if err := WritePNG(&bytes.Buffer{}, mk(), 200, 150); err != nil {
			t.Errorf("%s: WritePNG: %v", name, err)
		}
	}
	if err := WriteSVG(&bytes.Buffer{}, nil, 10, 10); err != nil {
		t.Errorf("WriteSVG(nil): %v", err)
	}
	if err := WritePNG(&bytes.Buffer{}, nil, 10, 10); err != nil {
		t.Errorf("WritePNG(nil): %v", err)
	}
}

// TestEmptyFigureDrawsAxes checks that a panel without data still has its
// axes, ticks and labels.
func TestEmptyFigureDrawsAxes(t *testing.T) {
	var r Recorder
	NewTimeFigure(TracePanel("v", units.DimVoltage)).Draw(&r, R(0, 0, 400, 300))
	out := r.String()
	for _, want := range []string{`"v (V)"`, `"time (ms)"`, "stroke 1 "} {
		if !strings.Contains(out, want) {
			t.Errorf("empty panel lacks %s:\n%s", want, out)
		}
	}
}

// countingCanvas counts calls.
type countingCanvas struct {
	fills, strokes, texts, rects int
}

func (c *countingCanvas) Stroke(p *Path, s LineStyle) { c.strokes++ }
func (c *countingCanvas) Fill(p *Path, col color.NRGBA) {
	c.fills++
	for _, op := range p.Ops {
		if op == OpRect {
			c.rects++
		}
	}
}
func (c *countingCanvas) Text(x, y float64, s string, st TextStyle) { c.texts++ }
func (c *countingCanvas) PushClip(r Rect)                           {}
func (c *countingCanvas) PopClip()                                  {}

// TestLineThinning checks that a trace of many more points than pixels is
// drawn with a few points per pixel column and keeps its extremes.
func TestLineThinning(t *testing.T) {
	n := 100000
	y := make([]float64, n)
	for k := range y {
		y[k] = float64(k % 7) // a saw from 0 to 6
	}
	y[n/2] = 100 // one outlier must survive
	l := &Line{Data: Sampled{Step: 1, Y: y}}
	p := NewPanel(Axis{}, Axis{}, l)
	var tr []Transform
	c := &countingCanvas{}
	tr = NewFigure(p).Draw(c, R(0, 0, 500, 300))
	pts := len(l.path.Pts)
	if pts > 4*int(tr[0].Area.Dx())+8 {
		t.Errorf("%d points drawn for %v pixel columns", pts, tr[0].Area.Dx())
	}
	top := math.Inf(1)
	for _, q := range l.path.Pts {
		top = math.Min(top, q.Y)
	}
	if want := tr[0].Y(100); math.Abs(top-want) > 1e-9 {
		t.Errorf("the outlier was lost: highest point at y=%v, want %v", top, want)
	}
}

func TestClipSegment(t *testing.T) {
	r := R(0, 0, 10, 10)
	tests := []struct {
		a, b, wa, wb Point
		ok           bool
	}{
		{Point{1, 1}, Point{9, 9}, Point{1, 1}, Point{9, 9}, true},
		{Point{-10, 5}, Point{20, 5}, Point{0, 5}, Point{10, 5}, true},
		{Point{-10, -10}, Point{-1, 20}, Point{}, Point{}, false},
		{Point{5, -5}, Point{5, 5}, Point{5, 0}, Point{5, 5}, true},
		{Point{-1e300, 5}, Point{1e300, 5}, Point{0, 5}, Point{10, 5}, true},
	}
	for _, tc := range tests {
		a, b, ok := clipSegment(r, tc.a, tc.b)
		if ok != tc.ok || ok && (a != tc.wa || b != tc.wb) {
			t.Errorf("clipSegment(%v, %v) = %v %v %v", tc.a, tc.b, a, b, ok)
		}
	}
}

func TestPath(t *testing.T) {
	var p Path
	p.LineTo(1, 2) // no current point: a MoveTo
	p.LineTo(3, 4)
	p.Close()
	p.LineTo(5, 6) // after Close: a new subpath
	p.Rect(R(0, 0, 1, 1))
	p.LineTo(7, 8)
	var got []string
	p.Subpaths(func(pts []Point, closed bool) {
		s := ""
		for _, q := range pts {
			s += string(appendNum(appendNum(nil, q.X), q.Y)) + ";"
		}
		if closed {
			s += "Z"
		}
		got = append(got, s)
	})
	want := []string{"12;34;Z", "56;", "00;10;11;01;Z", "78;"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("subpaths %q, want %q", got, want)
	}
	p.Reset()
	if !p.Empty() {
		t.Error("Reset left commands")
	}
}

func TestRecorderNumbers(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0"}, {-0.001, "0"}, {1.5, "1.5"}, {2, "2"}, {-3.14159, "-3.14"},
		{1e6, "1000000"}, {math.NaN(), "NaN"}, {math.Inf(-1), "-Inf"}, {0.005, "0.01"},
	}
	for _, tc := range tests {
		if got := string(appendNum(nil, tc.v)); got != tc.want {
			t.Errorf("appendNum(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func TestSVGEscapes(t *testing.T) {
	s := NewSVG(10, 10)
	s.Text(1, 1, `a<b & "c"`+"\x01", TextStyle{Size: 10})
	s.PushClip(R(0, 0, 5, 5))
	var buf bytes.Buffer
	s.WriteTo(&buf)
	out := buf.String()
	if !strings.Contains(out, "a&lt;b &amp; &quot;c&quot;</text>") {
		t.Errorf("text not escaped:\n%s", out)
	}
	if strings.Count(out, "<g ") != strings.Count(out, "</g>") {
		t.Errorf("unbalanced groups:\n%s", out)
	}
}

// BenchmarkLiveTrace redraws a trace of 100 000 samples, as a live view
// does every frame.
func BenchmarkLiveTrace(b *testing.B) {
	y := make([]float64, 100000)
	for k := range y {
		y[k] = -0.07 + 0.01*float64(k%97)/97
	}
	f := NewTimeFigure(TracePanel("v", units.DimVoltage, &Line{Data: Sampled{Step: 1e-4, Y: y}}))
	c := &countingCanvas{}
	b.ReportAllocs()
	for b.Loop() {
		f.Draw(c, R(0, 0, 800, 300))
	}
}
