package render

import (
	"bytes"
	"image/color"
	"io"
	"strconv"
	"unicode/utf8"
)

// SVG is a Canvas that writes an SVG document: small, deterministic text,
// one element per call, coordinates rounded to 1/100 of a pixel. Text
// names Liberation Sans first and falls back to its metric twins Arial and
// Helvetica, so the layout (measured with Liberation Sans) holds wherever
// the file is opened.
type SVG struct {
	buf    bytes.Buffer
	w, h   float64
	clipID int
	depth  int // open clip groups
}

// NewSVG returns an SVG canvas of width × height logical pixels (the
// document's user units, and its size in CSS pixels).
func NewSVG(width, height float64) *SVG {
	return &SVG{w: width, h: height}
}

// WriteTo writes the finished document to w.
func (s *SVG) WriteTo(w io.Writer) (int64, error) {
	var head []byte
	head = append(head, `<svg xmlns="http://www.w3.org/2000/svg" width="`...)
	head = appendNum(head, s.w)
	head = append(head, `" height="`...)
	head = appendNum(head, s.h)
	head = append(head, `" viewBox="0 0 `...)
	head = appendNum(head, s.w)
	head = append(head, ' ')
	head = appendNum(head, s.h)
	head = append(head, `" font-family="'Liberation Sans', Arial, Helvetica, sans-serif" style="font-kerning:none">`+"\n"...)
	var tail []byte
	for k := 0; k < s.depth; k++ {
		tail = append(tail, "</g>\n"...)
	}
	tail = append(tail, "</svg>\n"...)
	var n int64
	for _, b := range [][]byte{head, s.buf.Bytes(), tail} {
		m, err := w.Write(b)
		n += int64(m)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// Stroke writes a path element with a stroke.
func (s *SVG) Stroke(p *Path, st LineStyle) {
	if p.Empty() {
		return
	}
	b := append(s.buf.AvailableBuffer(), `<path d="`...)
	b = appendSVGPath(b, p)
	b = append(b, `" fill="none" stroke="`...)
	b = appendSVGColor(b, st.Color, "stroke")
	b = append(b, ` stroke-width="`...)
	b = appendNum(b, st.Width)
	b = append(b, `" stroke-linejoin="round"/>`+"\n"...)
	s.buf.Write(b)
}

// Fill writes a filled path element.
func (s *SVG) Fill(p *Path, c color.NRGBA) {
	if p.Empty() {
		return
	}
	b := append(s.buf.AvailableBuffer(), `<path d="`...)
	b = appendSVGPath(b, p)
	b = append(b, `" fill="`...)
	b = appendSVGColor(b, c, "fill")
	b = append(b, "/>\n"...)
	s.buf.Write(b)
}

var anchors = [...]string{Left: "start", Center: "middle", Right: "end"}

// Text writes a text element; the alignment across the text is resolved
// here (SVG's own baseline alignment differs between viewers), the one
// along it is left to text-anchor.
func (s *SVG) Text(x, y float64, str string, st TextStyle) {
	if !validText(str) {
		return
	}
	left := st
	left.HAlign = Left
	bx, by := TextOrigin(x, y, "", left)
	b := append(s.buf.AvailableBuffer(), "<text"...)
	if st.Vertical {
		b = append(b, ` transform="translate(`...)
		b = appendNum(b, bx)
		b = append(b, ' ')
		b = appendNum(b, by)
		b = append(b, `) rotate(-90)"`...)
	} else {
		b = append(b, ` x="`...)
		b = appendNum(b, bx)
		b = append(b, `" y="`...)
		b = appendNum(b, by)
		b = append(b, '"')
	}
	b = append(b, ` font-size="`...)
	b = appendNum(b, st.Size)
	b = append(b, `" fill="`...)
	b = appendSVGColor(b, st.Color, "fill")
	if st.HAlign != Left {
		b = append(b, ` text-anchor="`...)
		b = append(b, name(anchors[:], int(st.HAlign))...)
		b = append(b, '"')
	}
	b = append(b, '>')
	b = appendEscaped(b, str)
	b = append(b, "</text>\n"...)
	s.buf.Write(b)
}

// PushClip opens a group clipped to r.
func (s *SVG) PushClip(r Rect) {
	s.clipID++
	id := strconv.Itoa(s.clipID)
	b := append(s.buf.AvailableBuffer(), `<clipPath id="c`...)
	b = append(b, id...)
	b = append(b, `"><rect x="`...)
	b = appendNum(b, r.Min.X)
	b = append(b, `" y="`...)
	b = appendNum(b, r.Min.Y)
	b = append(b, `" width="`...)
	b = appendNum(b, r.Dx())
	b = append(b, `" height="`...)
	b = appendNum(b, r.Dy())
	b = append(b, `"/></clipPath>`+"\n"+`<g clip-path="url(#c`...)
	b = append(b, id...)
	b = append(b, `)">`+"\n"...)
	s.buf.Write(b)
	s.depth++
}

// PopClip closes the last clipped group.
func (s *SVG) PopClip() {
	if s.depth > 0 {
		s.depth--
		s.buf.WriteString("</g>\n")
	}
}

// appendSVGPath writes p as SVG path data.
func appendSVGPath(b []byte, p *Path) []byte {
	k := 0
	pt := func(b []byte, cmd byte) []byte {
		b = append(b, cmd)
		b = appendNum(b, p.Pts[k].X)
		b = append(b, ' ')
		b = appendNum(b, p.Pts[k].Y)
		k++
		return b
	}
	for _, op := range p.Ops {
		switch op {
		case OpMove:
			b = pt(b, 'M')
		case OpLine:
			b = pt(b, 'L')
		case OpClose:
			b = append(b, 'Z')
		case OpRect:
			a, c := p.Pts[k], p.Pts[k+1]
			b = pt(b, 'M')
			k++
			b = append(b, 'h')
			b = appendNum(b, c.X-a.X)
			b = append(b, 'v')
			b = appendNum(b, c.Y-a.Y)
			b = append(b, 'h')
			b = appendNum(b, a.X-c.X)
			b = append(b, 'Z')
		}
	}
	return b
}

// appendSVGColor writes c as a quoted #rrggbb and, when not opaque, an
// opacity attribute for attr ("fill" or "stroke").
func appendSVGColor(b []byte, c color.NRGBA, attr string) []byte {
	a := c.A
	c.A = 0xff
	b = appendColor(b, c)
	b = append(b, '"')
	if a != 0xff {
		b = append(b, ' ')
		b = append(b, attr...)
		b = append(b, `-opacity="`...)
		b = strconv.AppendFloat(b, float64(a)/255, 'f', 3, 64)
		b = append(b, '"')
	}
	return b
}

// appendEscaped writes s with XML's special characters escaped.
func appendEscaped(b []byte, s string) []byte {
	for _, r := range s {
		switch r {
		case '&':
			b = append(b, "&amp;"...)
		case '<':
			b = append(b, "&lt;"...)
		case '>':
			b = append(b, "&gt;"...)
		case '"':
			b = append(b, "&quot;"...)
		default:
			if r < 0x20 && r != '\t' {
				continue // not allowed in XML
			}
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}

// WriteSVG draws fig on a width × height canvas and writes it to w as SVG.
func WriteSVG(w io.Writer, fig *Figure, width, height int) error {
	c := NewSVG(float64(width), float64(height))
	if fig != nil {
		fig.Draw(c, R(0, 0, float64(width), float64(height)))
	}
	_, err := c.WriteTo(w)
	return err
}
