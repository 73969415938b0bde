package ui

import (
	"image/color"
	"math"

	"github.com/myelin-sim/myelin/render"
)

// The app's colours: a light grey frame around the white figure, the
// Okabe–Ito blue for what is active and vermillion for errors, as the
// plots use them.
var (
	colFrame    = color.NRGBA{0xf3, 0xf4, 0xf6, 0xff}
	colBorder   = color.NRGBA{0xcf, 0xd4, 0xdb, 0xff}
	colButton   = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colPressed  = color.NRGBA{0xdd, 0xe6, 0xef, 0xff}
	colText     = color.NRGBA{0x1f, 0x23, 0x28, 0xff}
	colMuted    = color.NRGBA{0x59, 0x63, 0x6e, 0xff}
	colAccent   = render.Blue
	colTrack    = color.NRGBA{0xd6, 0xdb, 0xe1, 0xff}
	colError    = render.Vermillion
	colErrorBg  = color.NRGBA{0xfd, 0xeb, 0xe0, 0xff}
	colNoticeBg = color.NRGBA{0xe3, 0xf0, 0xf8, 0xff}
	colWhite    = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	colShade    = color.NRGBA{0x1f, 0x23, 0x28, 0x66}
)

// Text sizes in logical pixels.
const (
	textSize  = 14
	smallSize = 12
)

// roundRect adds r with corners of radius rad to p.
func roundRect(p *render.Path, r render.Rect, rad float64) {
	rad = math.Min(rad, math.Min(r.Dx(), r.Dy())/2)
	if rad <= 0.5 {
		p.Rect(r)
		return
	}
	const seg = 6
	corner := func(cx, cy, a0 float64, first bool) {
		for k := 0; k <= seg; k++ {
			a := a0 + float64(k)*math.Pi/2/seg
			x, y := cx+rad*math.Cos(a), cy+rad*math.Sin(a)
			if first && k == 0 {
				p.MoveTo(x, y)
			} else {
				p.LineTo(x, y)
			}
		}
	}
	// Clockwise on screen, as Path.Rect turns.
	corner(r.Min.X+rad, r.Min.Y+rad, math.Pi, true)
	corner(r.Max.X-rad, r.Min.Y+rad, -math.Pi/2, false)
	corner(r.Max.X-rad, r.Max.Y-rad, 0, false)
	corner(r.Min.X+rad, r.Max.Y-rad, math.Pi/2, false)
	p.Close()
}

// painter draws the app's shapes on a canvas with one reused path.
type painter struct {
	c render.Canvas
	p render.Path
}

func (pt *painter) fillRect(r render.Rect, col color.NRGBA) {
	pt.p.Reset()
	pt.p.Rect(r)
	pt.c.Fill(&pt.p, col)
}

func (pt *painter) fillRound(r render.Rect, rad float64, col color.NRGBA) {
	pt.p.Reset()
	roundRect(&pt.p, r, rad)
	pt.c.Fill(&pt.p, col)
}

func (pt *painter) strokeRound(r render.Rect, rad, w float64, col color.NRGBA) {
	pt.p.Reset()
	roundRect(&pt.p, r, rad)
	pt.c.Stroke(&pt.p, render.LineStyle{Width: w, Color: col})
}

func (pt *painter) line(x0, y0, x1, y1, w float64, col color.NRGBA) {
	pt.p.Reset()
	pt.p.MoveTo(x0, y0)
	pt.p.LineTo(x1, y1)
	pt.c.Stroke(&pt.p, render.LineStyle{Width: w, Color: col})
}

func (pt *painter) disc(x, y, r float64, col color.NRGBA) {
	pt.p.Reset()
	const n = 20
	for k := 0; k < n; k++ {
		a := 2 * math.Pi * float64(k) / n
		if k == 0 {
			pt.p.MoveTo(x+r*math.Cos(a), y+r*math.Sin(a))
		} else {
			pt.p.LineTo(x+r*math.Cos(a), y+r*math.Sin(a))
		}
	}
	pt.p.Close()
	pt.c.Fill(&pt.p, col)
}

func (pt *painter) text(x, y float64, s string, size float64, col color.NRGBA, h render.HAlign) {
	pt.c.Text(x, y, s, render.TextStyle{Size: size, Color: col, HAlign: h, VAlign: render.Middle})
}

// fit shortens s with an ellipsis until it is at most w wide at size:
// the longest start of s that fits with "…" after it, found by bisection
// (a long description in a narrow list measured rune by rune was a
// noticeable part of the app's first frame in the browser).
func fit(s string, size, w float64) string {
	if render.TextWidth(s, size) <= w {
		return s
	}
	r := []rune(s)
	// The width grows with the runes kept: find the most that fit.
	lo, hi := 0, len(r) // r[:lo]+"…" fits (or lo = 0); r[:hi+1]+"…" does not
	for lo < hi {
		m := (lo + hi + 1) / 2
		if render.TextWidth(string(r[:m])+"…", size) <= w {
			lo = m
		} else {
			hi = m - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return string(r[:lo]) + "…"
}

// icon draws a button's symbol centred in r.
func (pt *painter) icon(kind ButtonID, r render.Rect, col color.NRGBA) {
	cx, cy := (r.Min.X+r.Max.X)/2, (r.Min.Y+r.Max.Y)/2
	s := 7.0
	pt.p.Reset()
	switch kind {
	case BtnPlay:
		pt.p.MoveTo(cx-s*0.75, cy-s)
		pt.p.LineTo(cx+s, cy)
		pt.p.LineTo(cx-s*0.75, cy+s)
		pt.p.Close()
		pt.c.Fill(&pt.p, col)
	case BtnPause:
		pt.p.Rect(render.R(cx-s*0.8, cy-s, cx-s*0.25, cy+s))
		pt.p.Rect(render.R(cx+s*0.25, cy-s, cx+s*0.8, cy+s))
		pt.c.Fill(&pt.p, col)
	case BtnStep:
		pt.p.MoveTo(cx-s*0.9, cy-s)
		pt.p.LineTo(cx+s*0.5, cy)
		pt.p.LineTo(cx-s*0.9, cy+s)
		pt.p.Close()
		pt.p.Rect(render.R(cx+s*0.5, cy-s, cx+s*0.95, cy+s))
		pt.c.Fill(&pt.p, col)
	case BtnReset:
		// An arrow going round anticlockwise to its start.
		const n = 16
		rr := s * 0.85
		for k := 0; k <= n; k++ {
			a := -math.Pi/2 - 0.25 - float64(k)/n*(2*math.Pi-0.9)
			x, y := cx+rr*math.Cos(a), cy+rr*math.Sin(a)
			if k == 0 {
				pt.p.MoveTo(x, y)
			} else {
				pt.p.LineTo(x, y)
			}
		}
		pt.c.Stroke(&pt.p, render.LineStyle{Width: 2, Color: col})
		pt.p.Reset()
		ax, ay := cx+rr*math.Cos(-math.Pi/2-0.25), cy+rr*math.Sin(-math.Pi/2-0.25)
		pt.p.MoveTo(ax+4.5, ay)
		pt.p.LineTo(ax-2, ay-4.5)
		pt.p.LineTo(ax-2, ay+4.5)
		pt.p.Close()
		pt.c.Fill(&pt.p, col)
	case BtnSlower, BtnFaster:
		pt.p.MoveTo(cx-s*0.7, cy)
		pt.p.LineTo(cx+s*0.7, cy)
		if kind == BtnFaster {
			pt.p.MoveTo(cx, cy-s*0.7)
			pt.p.LineTo(cx, cy+s*0.7)
		}
		pt.c.Stroke(&pt.p, render.LineStyle{Width: 2, Color: col})
	}
}
