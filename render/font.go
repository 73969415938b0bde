package render

import "unicode/utf8"

// The vertical metrics of Liberation Sans Regular, in font units
// (unitsPerEm to the em), read from the font (hhea and OS/2 tables) and
// checked against it by TestFontTable.
const (
	unitsPerEm = 2048
	ascent     = 1854 // baseline to the top of the tallest glyphs
	descent    = 434  // baseline to the bottom of the lowest descender
	capHeight  = 1409 // baseline to the top of capitals and digits
)

// notdefAdvance is the advance of the font's .notdef glyph (an empty box),
// which the PNG back-end draws for a character the font lacks.
const notdefAdvance = 1536

// advance returns the advance width of r in font units.
func advance(r rune) int {
	if r >= ' ' && r <= '~' {
		return int(asciiAdvance[r-' '])
	}
	if a, ok := otherAdvance[r]; ok {
		return int(a)
	}
	return notdefAdvance
}

// TextWidth returns the width of s set in Liberation Sans at the given em
// size (logical pixels), without kerning: the width every back-end gives
// it, so that layout is the same on all of them.
func TextWidth(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		w += advance(r)
	}
	return float64(w) * size / unitsPerEm
}

// TextHeight returns the height text of the given size occupies for
// layout: from the top of capitals to the lowest descender.
func TextHeight(size float64) float64 {
	return float64(capHeight+descent) * size / unitsPerEm
}

// TextOrigin returns where the baseline of s starts when s is drawn at the
// anchor (x, y) with style st: back-ends call it to honour the alignment.
// The text runs from the origin to the right, or, when st.Vertical, upwards.
func TextOrigin(x, y float64, s string, st TextStyle) (ox, oy float64) {
	w := TextWidth(s, st.Size)
	var u float64 // along the text, from the anchor to the origin
	switch st.HAlign {
	case Center:
		u = -w / 2
	case Right:
		u = -w
	}
	var v float64 // across the text (down the glyphs), anchor to baseline
	k := st.Size / unitsPerEm
	switch st.VAlign {
	case Top:
		v = float64(capHeight * k)
	case Middle:
		v = float64(capHeight * k / 2)
	case Bottom:
		v = float64(-descent * k)
	}
	if st.Vertical {
		return x + v, y - u
	}
	return x + u, y + v
}

// TextBounds returns the rectangle that text s drawn at (x, y) with style
// st occupies for layout: its advance width by TextHeight, or the same
// turned a quarter when Vertical.
func TextBounds(x, y float64, s string, st TextStyle) Rect {
	ox, oy := TextOrigin(x, y, s, st)
	w := TextWidth(s, st.Size)
	k := st.Size / unitsPerEm
	if st.Vertical {
		return R(ox-float64(capHeight*k), oy, ox+float64(descent*k), oy-w)
	}
	return R(ox, oy-float64(capHeight*k), ox+w, oy+float64(descent*k))
}

// validText reports whether s is worth drawing.
func validText(s string) bool { return s != "" && utf8.ValidString(s) }
