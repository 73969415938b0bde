package render

import (
	"image/color"
	"math"
	"testing"
)

// contrast returns the WCAG 2 contrast ratio of two colours: (L1 + 0.05)
// / (L2 + 0.05) of their relative luminances, from 1 (the same) to 21
// (black on white).
func contrast(a, b color.NRGBA) float64 {
	lum := func(c color.NRGBA) float64 {
		ch := func(v uint8) float64 {
			x := float64(v) / 255
			if x <= 0.03928 {
				return x / 12.92
			}
			return math.Pow((x+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(c.R) + 0.7152*ch(c.G) + 0.0722*ch(c.B)
	}
	la, lb := lum(a), lum(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

// TestThemeContrast checks the themes against WCAG 2's thresholds: text
// (the foreground) at least 7:1 against the background (level AAA), and
// plot colours at least 3:1, the least for graphics (1.4.11). In the dark
// theme every palette colour passes; in the light one the first four do,
// which is what up to four plots in a panel take (orange, sky blue and
// yellow are too pale on white, and come later).
func TestThemeContrast(t *testing.T) {
	for _, tc := range []struct {
		name  string
		theme Theme
		first int // how many palette colours must pass
	}{
		{"dark", DarkTheme(), len(DarkTheme().Palette)},
		{"default", DefaultTheme(), 4},
	} {
		bg := tc.theme.Background
		if r := contrast(tc.theme.Foreground, bg); r < 7 {
			t.Errorf("%s: text contrast %.2f, want ≥ 7", tc.name, r)
		}
		for k, c := range tc.theme.Palette[:tc.first] {
			if r := contrast(c, bg); r < 3 {
				t.Errorf("%s: palette colour %d (%v) has contrast %.2f against the background, want ≥ 3", tc.name, k, c, r)
			}
		}
	}
	// The formula, on WCAG's own extremes and a known pair.
	if r := contrast(Black, color.NRGBA{255, 255, 255, 255}); math.Abs(r-21) > 1e-9 {
		t.Errorf("black on white: %v, want 21", r)
	}
	if r := contrast(color.NRGBA{0x77, 0x77, 0x77, 255}, color.NRGBA{255, 255, 255, 255}); math.Abs(r-4.48) > 0.01 {
		t.Errorf("#777 on white: %v, want 4.48", r)
	}
}
