package render

import (
	"bytes"
	"image/color"
	"io"
	"math"
	"strconv"
)

// Recorder is a Canvas that writes down what is drawn on it as text, one
// line per call, for golden tests of geometry without pixels. Coordinates
// are rounded to 1/100 of a logical pixel. The lines read:
//
//	fill #0072b2 R 10 20 12 22 M 1 2 L 3 4 Z
//	stroke 1.5 #d55e00 M 0 0 L 10 10
//	text 12 #222222 center top "time (ms)" 400 580
//	text 13 #222222 center top vertical "v (mV)" 10 200
//	clip 50 10 790 400
//	unclip
//
// Colours are #rrggbb, with a fourth byte when not opaque. In paths, M and
// L are followed by a point, Z closes a subpath, and R is a rectangle given
// by its Min and Max corners.
type Recorder struct {
	buf bytes.Buffer
}

// Bytes returns what was recorded.
func (r *Recorder) Bytes() []byte { return r.buf.Bytes() }

// String returns what was recorded.
func (r *Recorder) String() string { return r.buf.String() }

// WriteTo writes what was recorded to w.
func (r *Recorder) WriteTo(w io.Writer) (int64, error) {
	n, err := w.Write(r.buf.Bytes())
	return int64(n), err
}

// Reset forgets what was recorded.
func (r *Recorder) Reset() { r.buf.Reset() }

// Stroke records a stroked path.
func (r *Recorder) Stroke(p *Path, s LineStyle) {
	b := append(r.buf.AvailableBuffer(), "stroke "...)
	b = appendNum(b, s.Width)
	b = append(b, ' ')
	b = appendColor(b, s.Color)
	b = appendPath(b, p)
	r.buf.Write(append(b, '\n'))
}

// Fill records a filled path.
func (r *Recorder) Fill(p *Path, c color.NRGBA) {
	b := append(r.buf.AvailableBuffer(), "fill "...)
	b = appendColor(b, c)
	b = appendPath(b, p)
	r.buf.Write(append(b, '\n'))
}

var hNames = [...]string{Left: "left", Center: "center", Right: "right"}
var vNames = [...]string{Baseline: "baseline", Top: "top", Middle: "middle", Bottom: "bottom"}

// Text records text.
func (r *Recorder) Text(x, y float64, s string, st TextStyle) {
	b := append(r.buf.AvailableBuffer(), "text "...)
	b = appendNum(b, st.Size)
	b = append(b, ' ')
	b = appendColor(b, st.Color)
	b = append(b, ' ')
	b = append(b, name(hNames[:], int(st.HAlign))...)
	b = append(b, ' ')
	b = append(b, name(vNames[:], int(st.VAlign))...)
	if st.Vertical {
		b = append(b, " vertical"...)
	}
	b = append(b, ' ')
	b = strconv.AppendQuote(b, s)
	b = append(b, ' ')
	b = appendNum(b, x)
	b = append(b, ' ')
	b = appendNum(b, y)
	r.buf.Write(append(b, '\n'))
}

func name(names []string, k int) string {
	if k >= 0 && k < len(names) {
		return names[k]
	}
	return strconv.Itoa(k)
}

// PushClip records a clip rectangle.
func (r *Recorder) PushClip(c Rect) {
	b := append(r.buf.AvailableBuffer(), "clip "...)
	b = appendNum(b, c.Min.X)
	b = append(b, ' ')
	b = appendNum(b, c.Min.Y)
	b = append(b, ' ')
	b = appendNum(b, c.Max.X)
	b = append(b, ' ')
	b = appendNum(b, c.Max.Y)
	r.buf.Write(append(b, '\n'))
}

// PopClip records the end of a clip.
func (r *Recorder) PopClip() { r.buf.WriteString("unclip\n") }

// appendPath writes the commands of p.
func appendPath(b []byte, p *Path) []byte {
	k := 0
	pt := func(b []byte) []byte {
		b = append(b, ' ')
		b = appendNum(b, p.Pts[k].X)
		b = append(b, ' ')
		b = appendNum(b, p.Pts[k].Y)
		k++
		return b
	}
	for _, op := range p.Ops {
		switch op {
		case OpMove:
			b = pt(append(b, " M"...))
		case OpLine:
			b = pt(append(b, " L"...))
		case OpClose:
			b = append(b, " Z"...)
		case OpRect:
			b = pt(pt(append(b, " R"...)))
		}
	}
	return b
}

// appendNum writes v rounded to two decimals, without trailing zeros and
// never as "-0".
func appendNum(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "+Inf"...)
	case math.IsInf(v, -1):
		return append(b, "-Inf"...)
	}
	c := math.Round(v * 100) // hundredths
	if c == 0 {
		return append(b, '0')
	}
	if math.Abs(c) >= 1e15 { // beyond exact integers: let strconv round
		b = strconv.AppendFloat(b, c/100, 'f', 2, 64)
		b = bytes.TrimRight(b, "0")
		return bytes.TrimSuffix(b, []byte("."))
	}
	n := int64(c)
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	if f := n % 100; f != 0 {
		b = append(b, '.', byte('0'+f/10))
		if f%10 != 0 {
			b = append(b, byte('0'+f%10))
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendColor writes c as #rrggbb, or #rrggbbaa when not opaque.
func appendColor(b []byte, c color.NRGBA) []byte {
	b = append(b, '#')
	for _, v := range []uint8{c.R, c.G, c.B} {
		b = append(b, hexDigits[v>>4], hexDigits[v&15])
	}
	if c.A != 0xff {
		b = append(b, hexDigits[c.A>>4], hexDigits[c.A&15])
	}
	return b
}
