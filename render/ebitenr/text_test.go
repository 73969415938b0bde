package ebitenr

import (
	"bytes"
	"testing"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
)

// TestFontWithoutTables checks that the font without its positioning
// and substitution tables sets text exactly as the whole font does with
// kerning and ligatures off (as the app sets it): the same glyphs at the
// same places, for the text a figure and the app show.
func TestFontWithoutTables(t *testing.T) {
	face := func(ttf []byte) *text.GoTextFace {
		src, err := text.NewGoTextFaceSource(bytes.NewReader(ttf))
		if err != nil {
			t.Fatal(err)
		}
		f := &text.GoTextFace{Source: src, Size: 14}
		for _, tag := range []string{"kern", "liga", "clig"} {
			f.SetFeature(text.MustParseTag(tag), 0)
		}
		return f
	}
	whole := face(liberationsansregular.TTF)
	lean := face(withoutTables(liberationsansregular.TTF, "GPOS", "GSUB", "GDEF", "kern"))
	for _, s := range []string{
		"AVAST Wave To fi ffi fl office Tj Yo", "time (ms)", "v (mV) −70 −65.5 0.001", "neuron index",
		"Hodgkin-Huxley neuron — hh.toml", "g_na 20.0 µS · 5 spikes · 1664 steps/frame in 2.1 ms · 60 fps",
		"population rate (Hz) ≥ ≤ × ° Ω µ", "Leaky integrate-and-fire neurons driven by increasing constant currents",
	} {
		a := text.AppendGlyphs(nil, s, whole, nil)
		b := text.AppendGlyphs(nil, s, lean, nil)
		if len(a) != len(b) {
			t.Errorf("%q: %d glyphs, %d without the tables", s, len(a), len(b))
			continue
		}
		for k := range a {
			if a[k].GID != b[k].GID || a[k].X != b[k].X || a[k].Y != b[k].Y {
				t.Errorf("%q: glyph %d is %d at (%g, %g), without the tables %d at (%g, %g)", s, k, a[k].GID, a[k].X, a[k].Y, b[k].GID, b[k].X, b[k].Y)
				break
			}
		}
		if text.Advance(s, whole) != text.Advance(s, lean) {
			t.Errorf("%q: advance %g, without the tables %g", s, text.Advance(s, whole), text.Advance(s, lean))
		}
	}
	if n := len(withoutTables([]byte("short"), "GPOS")); n != 5 {
		t.Errorf("a font too short to read changed length: %d", n)
	}
}
