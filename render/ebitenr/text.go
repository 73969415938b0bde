package ebitenr

import (
	"bytes"
	"image"
	"image/color"
	"math"
	"slices"
	"sync"

	"codeberg.org/go-fonts/liberation/liberationsansregular"
	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"

	"github.com/myelin-sim/myelin/render"
)

// maxTextSize is the largest text drawn, in image pixels: a glyph of it
// is a megapixel image.
const maxTextSize = 1024

// pendingText is a Text call waiting for Flush.
type pendingText struct {
	s        string
	x, y     float64 // the baseline origin, in image pixels, whole
	face     *sizedFace
	col      color.NRGBA
	vertical bool
	clip     image.Rectangle
	bounds   image.Rectangle // what it may cover, for beforeShape
}

// Text draws s in Liberation Sans at the anchor (x, y), aligned as st
// says, at the advance widths render.TextWidth measures. The baseline's
// start is rounded to a whole image pixel, so glyphs are sharp. Text under
// half a pixel or over maxTextSize image pixels high is not drawn: Ebiten
// would rasterise each glyph whole, however large.
func (c *Canvas) Text(x, y float64, s string, st render.TextStyle) {
	if c.dst == nil || s == "" || st.Color.A == 0 {
		return
	}
	size := st.Size * c.scale
	if !(size >= 0.5 && size <= maxTextSize) {
		return
	}
	face := faceFor(size)
	if face == nil {
		return
	}
	clip := c.currentClip()
	sc := c.scale
	b := render.TextBounds(x, y, s, st)
	// Accents and brackets reach above the cap height: widen by an em.
	m := st.Size * sc
	r := image.Rect(
		int(math.Floor(devClamp(b.Min.X*sc-m))), int(math.Floor(devClamp(b.Min.Y*sc-m))),
		int(math.Ceil(devClamp(b.Max.X*sc+m))), int(math.Ceil(devClamp(b.Max.Y*sc+m))),
	).Intersect(clip)
	if r.Empty() {
		return
	}
	ox, oy := render.TextOrigin(x, y, s, st)
	c.pending = append(c.pending, pendingText{
		s: s, x: math.Round(devClamp(ox * sc)), y: math.Round(devClamp(oy * sc)),
		face: face, col: st.Color, vertical: st.Vertical, clip: clip, bounds: r,
	})
}

// flushText draws the pending text.
func (c *Canvas) flushText() {
	for k := range c.pending {
		t := &c.pending[k]
		dst := c.dst
		if t.clip != c.bounds {
			dst = c.subImage(c.dst, t.clip)
		}
		c.glyphs = text.AppendGlyphs(c.glyphs[:0], t.s, t.face.face, nil)
		op := &c.drawOpts
		for _, g := range c.glyphs {
			if g.Image == nil {
				continue
			}
			*op = ebiten.DrawImageOptions{}
			// AppendGlyphs puts the top of the line at 0: move the baseline
			// to 0, turn if vertical, then move to the origin.
			op.GeoM.Translate(g.X, g.Y-t.face.ascent)
			if t.vertical {
				op.GeoM.Rotate(-math.Pi / 2)
			}
			op.GeoM.Translate(t.x, t.y)
			op.ColorScale.ScaleWithColor(t.col)
			dst.DrawImage(g.Image, op)
		}
	}
	c.pending = c.pending[:0]
	// Drop references to the strings and faces of this frame.
	clear(c.glyphs[:cap(c.glyphs)])
}

// sizedFace is Liberation Sans at one size, with what layout needs.
type sizedFace struct {
	face   *text.GoTextFace
	ascent float64 // baseline to the top of the line, in pixels
}

var (
	fontOnce   sync.Once
	fontSource *text.GoTextFaceSource
	facesMu    sync.Mutex
	faces      = map[float64]*sizedFace{}
)

// faceFor returns Liberation Sans at size pixels, with kerning and
// ligatures off (render lays text out without them); nil if the font
// cannot be read, which does not happen with the embedded font.
func faceFor(size float64) *sizedFace {
	fontOnce.Do(func() {
		src, err := text.NewGoTextFaceSource(bytes.NewReader(withoutTables(liberationsansregular.TTF, "GPOS", "GSUB", "GDEF", "kern")))
		if err == nil {
			fontSource = src
		}
	})
	if fontSource == nil {
		return nil
	}
	facesMu.Lock()
	defer facesMu.Unlock()
	if f, ok := faces[size]; ok {
		return f
	}
	if len(faces) > 64 { // sizes change only with the theme or the scale
		clear(faces)
	}
	f := &text.GoTextFace{Source: fontSource, Size: size}
	for _, tag := range []string{"kern", "liga", "clig"} {
		f.SetFeature(text.MustParseTag(tag), 0)
	}
	sf := &sizedFace{face: f, ascent: f.Metrics().HAscent}
	faces[size] = sf
	return sf
}

// withoutTables returns a copy of the TrueType font ttf whose table
// directory leaves out the named tables (their bytes stay, unlisted). The
// app sets text without kerning and ligatures, as render lays it out, so
// the positioning and substitution tables change nothing drawn; parsing
// them was half of the font's start-up in the browser. A font it cannot
// read is returned as it is.
func withoutTables(ttf []byte, drop ...string) []byte {
	if len(ttf) < 12 {
		return ttf
	}
	n := int(ttf[4])<<8 | int(ttf[5])
	if len(ttf) < 12+16*n {
		return ttf
	}
	out := append([]byte(nil), ttf...)
	kept := 0
	for k := 0; k < n; k++ {
		rec := ttf[12+16*k : 12+16*k+16]
		tag := string(rec[:4])
		if slices.Contains(drop, tag) {
			continue
		}
		copy(out[12+16*kept:], rec)
		kept++
	}
	// The binary-search fields of the offset table, for kept tables.
	sr, es := 1, 0
	for sr*2 <= kept {
		sr *= 2
		es++
	}
	sr *= 16
	put := func(at, v int) { out[at], out[at+1] = byte(v>>8), byte(v) }
	put(4, kept)
	put(6, sr)
	put(8, es)
	put(10, kept*16-sr)
	clear(out[12+16*kept : 12+16*n])
	return out
}
