package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/internal/figure"
	"github.com/myelin-sim/myelin/internal/session"
	"github.com/myelin-sim/myelin/render"
)

// ButtonID names a button of the control bar.
type ButtonID int

// The buttons.
const (
	BtnPlay ButtonID = iota
	BtnPause
	BtnStep
	BtnReset
	BtnSlower
	BtnSpeed // the speed readout: a press goes back to the model's speed
	BtnFaster
	BtnExamples
	BtnJSON
	BtnCSV
	BtnPNG
	BtnSVG
	BtnHelp
)

var buttonText = map[ButtonID]string{BtnSpeed: "", BtnExamples: "Examples", BtnHelp: "?",
	BtnJSON: "JSON", BtnCSV: "CSV", BtnPNG: "PNG", BtnSVG: "SVG"}

// Example is a model the examples list offers.
type Example struct {
	File, Name, Description string
}

// View is the app's screen: the control bar, the banner, the figure, the
// sliders and the status line, laid out for any window size and drawn
// through render.Canvas (so the same code draws with Ebiten and, in tests,
// into an image). It turns pointer and key input into Controller calls.
type View struct {
	C *Controller
	// Examples are listed by the Examples button; LoadExample loads one.
	Examples    []Example
	LoadExample func(file string)
	// Export, when set, shows the JSON, CSV, PNG and SVG buttons and is
	// called with "json", "csv", "png" or "svg".
	Export func(kind string)
	// FPS is shown in the status line when positive (the host sets it).
	FPS float64
	// Hint is shown when no model is loaded.
	Hint string
	// Threaded says the simulation runs on its own goroutine: the status
	// line then counts the steps of its last piece, not of a frame.
	Threaded bool
	// ExamplesDelay is how long the view waits for a model before it
	// opens the examples list by itself. A page that loads a model as the
	// app starts (the site's model pages) then never draws the list,
	// whose text was most of the app's first frame in the browser.
	ExamplesDelay time.Duration
	emptyAt       time.Time // when the view was first laid out without a model

	lay      Layout
	pt       painter
	press    map[int]target // pointer id -> what it pressed
	examples bool           // the examples list is open
	scroll   float64        // of the examples list
	drag     map[int]*sliderDrag
	dirty    bool
	sig      signature
	help     bool // the list of keys is open
	// applyCost is how long the last change of each slider's parameter
	// took.
	applyCost map[string]time.Duration

	// The live figure last drawn through a liveDrawer, and its steady
	// y axes.
	live   liveState
	steady steadyAxes

	// The morphology panels (morph.go): their state, the pointer's
	// place (hovering: known) and the compartment under it, and the last
	// click on one (for double clicks).
	morph        []*morphPanel
	hovering     bool
	hx, hy       float64
	hover        *morphHover
	lastClick    time.Time
	lastX, lastY float64
}

// target is what a pointer pressed.
type target struct {
	kind   int // 0 none, 1 button, 2 slider, 3 example, 4 examples backdrop, 5 examples list (scroll), kindMorph
	button ButtonID
	index  int
	y0     float64 // where a scroll began
	s0     float64
	// A press on a morphology panel: where it began (x0, y0), where it
	// was last (lx, ly), and whether it moved beyond a click.
	x0, lx, ly float64
	moved      bool
}

// kindMorph is a press on a morphology panel (index: which).
const kindMorph = 6

// sliderDrag is a slider being dragged: the value shown, and when the
// model last received one.
type sliderDrag struct {
	k       int
	value   float64
	applied float64
	at      time.Time
}

// ApplyEvery is how often a dragged slider changes the model: a constant
// rebuilds the model (a few milliseconds for the examples, much more for a
// big network), so it is not rebuilt at every pointer move. The value
// shown follows the pointer; the last value is applied on release.
const ApplyEvery = 120 * time.Millisecond

// SlowApply is the cost of a change above which a dragged slider changes
// the model only when it is released.
const SlowApply = 50 * time.Millisecond

// Layout is where everything is, in logical pixels.
type Layout struct {
	W, H     float64
	Bar      render.Rect // the control bar (one or two rows)
	Buttons  []ButtonBox
	Time     render.Rect // the time readout and progress bar
	Banner   render.Rect // error or notice; empty when none
	Plot     render.Rect
	Panel    render.Rect // the sliders; empty when none
	Sliders  []render.Rect
	Status   render.Rect
	Examples render.Rect // the examples list when open
}

// ButtonBox is a button and its place.
type ButtonBox struct {
	ID ButtonID
	R  render.Rect
}

// Sizes in logical pixels: buttons of 36 pixels answer a finger as well
// as a mouse.
const (
	pad       = 8.0
	btnH      = 36
	iconW     = 40
	barRowH   = btnH + 2*pad
	bannerH   = 30
	statusH   = 24
	sliderH   = 52
	panelW    = 300
	minPlotW  = 420
	exampleH  = 54
	examplesW = 560
)

// buttons lists the bar's buttons, left group then right group.
func (v *View) buttons(st Status) (left, right []ButtonID) {
	play := BtnPlay
	if st.State == Running {
		play = BtnPause
	}
	left = []ButtonID{play, BtnStep, BtnReset, BtnSlower, BtnSpeed, BtnFaster}
	right = append(right, BtnHelp)
	if len(v.Examples) > 0 && v.LoadExample != nil {
		right = append(right, BtnExamples)
	}
	if v.Export != nil {
		right = append(right, BtnJSON, BtnCSV, BtnPNG, BtnSVG)
	}
	return left, right
}

func buttonWidth(id ButtonID) float64 {
	switch id {
	case BtnPlay, BtnPause, BtnStep, BtnReset, BtnSlower, BtnFaster:
		return iconW
	case BtnSpeed:
		return 64
	}
	return render.TextWidth(buttonText[id], textSize) + 24
}

// Layout lays the screen out for a window of w × h logical pixels.
func (v *View) Layout(w, h float64, st Status, sliders int) Layout {
	l := Layout{W: w, H: h}
	left, right := v.buttons(st)
	x := pad
	y := pad
	for _, id := range left {
		bw := buttonWidth(id)
		l.Buttons = append(l.Buttons, ButtonBox{id, render.R(x, y, x+bw, y+btnH)})
		x += bw + 4
		if id == BtnReset {
			x += 8
		}
	}
	x += 8
	rw := 0.0
	for _, id := range right {
		rw += buttonWidth(id) + 4
	}
	rows := 1
	const timeMin = 150.0
	row := func(r int) float64 { return y + float64(r)*(btnH+pad) }
	rightAt := func(x0, y0 float64) {
		for _, id := range right {
			bw := buttonWidth(id)
			l.Buttons = append(l.Buttons, ButtonBox{id, render.R(x0, y0, x0+bw, y0+btnH)})
			x0 += bw + 4
		}
	}
	switch {
	case w-pad-rw-x >= timeMin:
		l.Time = render.R(x, y, w-pad-rw-4, y+btnH)
		rightAt(w-pad-rw+4, y)
	case w-pad-x >= timeMin:
		// The right group goes to a second row.
		rows = 2
		l.Time = render.R(x, y, w-pad, y+btnH)
		rightAt(pad, row(1))
	default:
		// A phone: the time gets a row of its own under the buttons.
		if len(right) > 0 {
			rows = 2
			rightAt(pad, row(1))
		}
		l.Time = render.R(pad, row(rows), w-pad, row(rows)+btnH)
		rows++
	}
	barH := float64(rows)*barRowH - float64(rows-1)*pad
	l.Bar = render.R(0, 0, w, barH)
	top := barH
	if st.Error != nil || st.Notice != "" {
		l.Banner = render.R(pad, top, w-pad, top+bannerH)
		top += bannerH + pad
	}
	l.Status = render.R(0, h-statusH, w, h)
	bottom := h - statusH
	if sliders > 0 {
		if w >= minPlotW+panelW+3*pad {
			l.Panel = render.R(w-pad-panelW, top, w-pad, bottom-pad)
			l.Plot = render.R(pad, top, w-2*pad-panelW, bottom-pad)
		} else {
			ph := math.Min(float64(sliders)*sliderH+pad, (bottom-top)*0.45)
			l.Panel = render.R(pad, bottom-pad-ph, w-pad, bottom-pad)
			l.Plot = render.R(pad, top, w-pad, bottom-2*pad-ph)
		}
		for k := 0; k < sliders; k++ {
			y0 := l.Panel.Min.Y + pad/2 + float64(k)*sliderH
			if y0+sliderH > l.Panel.Max.Y+1 {
				break // no room: the rest are not shown
			}
			l.Sliders = append(l.Sliders, render.R(l.Panel.Min.X+12, y0, l.Panel.Max.X-12, y0+sliderH))
		}
	} else {
		l.Plot = render.R(pad, top, w-pad, bottom-pad)
	}
	if v.examples || st.State == Empty && len(v.Examples) > 0 && v.waitedForModel() {
		ew := math.Min(examplesW, w-2*pad)
		eh := math.Min(float64(len(v.Examples))*exampleH+2*pad+28, h-l.Bar.Max.Y-statusH-2*pad)
		x0 := (w - ew) / 2
		l.Examples = render.R(x0, l.Bar.Max.Y+pad, x0+ew, l.Bar.Max.Y+pad+eh)
	}
	return l
}

// waitedForModel reports whether ExamplesDelay has passed since the view
// was first laid out without a model.
func (v *View) waitedForModel() bool {
	if v.ExamplesDelay <= 0 {
		return true
	}
	if v.emptyAt.IsZero() {
		v.emptyAt = time.Now()
	}
	return time.Since(v.emptyAt) >= v.ExamplesDelay
}

// Draw draws the whole screen on c, a window of w × h logical pixels.
func (v *View) Draw(c render.Canvas, w, h float64) {
	st := v.C.Status()
	sliders := v.C.Sliders()
	for _, d := range v.drag {
		if d.k < len(sliders) {
			sliders[d.k].Value = d.value
		}
	}
	v.lay = v.Layout(w, h, st, len(sliders))
	l := &v.lay
	v.pt.c = c
	pt := &v.pt
	pt.fillRect(render.R(0, 0, w, h), colFrame)

	// The figure, on a white card.
	pt.fillRound(l.Plot, 6, colWhite)
	pt.strokeRound(l.Plot, 6, 1, colBorder)
	_, ferr := v.drawFigure(c, l.Plot)
	if ferr != nil {
		pt.text((l.Plot.Min.X+l.Plot.Max.X)/2, (l.Plot.Min.Y+l.Plot.Max.Y)/2,
			fit("Cannot plot: "+ferr.Error(), textSize, l.Plot.Dx()-20), textSize, colMuted, render.Center)
	} else if st.State == Empty {
		hint := v.Hint
		if hint == "" {
			hint = "Open a model"
		}
		pt.text((l.Plot.Min.X+l.Plot.Max.X)/2, l.Plot.Max.Y-30, fit(hint, textSize, l.Plot.Dx()-20), textSize, colMuted, render.Center)
	}

	// The bar.
	pt.fillRect(l.Bar, colFrame)
	for _, b := range l.Buttons {
		v.drawButton(b, st)
	}
	v.drawTime(l.Time, st)

	// The banner: the error stays, a notice passes.
	if !l.Banner.Empty() {
		bg, fg, msg := colNoticeBg, colText, st.Notice
		if st.Error != nil {
			bg, fg = colErrorBg, colError
			msg = errorText(st.Error)
		}
		pt.fillRound(l.Banner, 4, bg)
		pt.text(l.Banner.Min.X+10, (l.Banner.Min.Y+l.Banner.Max.Y)/2, fit(msg, textSize, l.Banner.Dx()-20), textSize, fg, render.Left)
	}

	// The sliders.
	if !l.Panel.Empty() {
		pt.fillRound(l.Panel, 6, colWhite)
		pt.strokeRound(l.Panel, 6, 1, colBorder)
		for k, r := range l.Sliders {
			v.drawSlider(r, &sliders[k], v.dragging(k))
		}
	}

	// The status line.
	v.drawStatus(l.Status, st)

	// The compartment under the pointer and the pinned ones.
	if ferr == nil {
		v.drawMorphInfo()
	}

	if !l.Examples.Empty() {
		v.drawExamples(l.Examples)
	}
	if v.help {
		v.drawHelp(l)
	}
}

// helpLines are the shortcuts the help box lists.
var helpLines = [][2]string{
	{"Space, P", "play / pause"},
	{"S, →", "step: pause and run 1 % of the run"},
	{"R, Home", "reset to t = 0 (sliders keep their values)"},
	{"+, ↑", "faster"},
	{"−, ↓", "slower"},
	{"the speed", "a press: back to the model's own speed"},
	{"O, E", "the examples"},
	{"H, ?", "this help"},
	{"Esc", "close"},
	{"V", "morphology: next view (xy, xz, yz, 3-D)"},
	{"C", "morphology: reset the view (or a double click)"},
}

// helpBox is where the help box goes.
func helpBox(l *Layout) render.Rect {
	w := math.Min(460, l.W-2*pad)
	h := float64(len(helpLines))*26 + 60
	x0 := (l.W - w) / 2
	return render.R(x0, l.Bar.Max.Y+pad, x0+w, l.Bar.Max.Y+pad+h)
}

func (v *View) drawHelp(l *Layout) {
	pt := &v.pt
	pt.fillRect(render.R(0, l.Bar.Max.Y, l.W, l.H), colShade)
	r := helpBox(l)
	pt.fillRound(r, 8, colWhite)
	pt.strokeRound(r, 8, 1, colBorder)
	pt.text(r.Min.X+16, r.Min.Y+22, "Keys", textSize+2, colText, render.Left)
	for k, line := range helpLines {
		y := r.Min.Y + 52 + float64(k)*26
		pt.text(r.Min.X+16, y, line[0], textSize, colAccent, render.Left)
		pt.text(r.Min.X+110, y, fit(line[1], textSize, r.Dx()-126), textSize, colText, render.Left)
	}
	pt.text(r.Max.X-16, r.Min.Y+22, "mouse and touch work alike", smallSize, colMuted, render.Right)
}

// drawFigure draws the live figure in r, holding the controller while the
// figure reads the monitors. A panic while drawing, a bug, becomes the
// error shown in place of the plots.
func (v *View) drawFigure(c render.Canvas, r render.Rect) (fig *render.Figure, err error) {
	v.C.Lock()
	clips := 0
	defer func() {
		if p := recover(); p != nil {
			fig, err = nil, session.InternalError(p)
			// A live canvas may keep a half-drawn strip: draw whole next.
			v.live = liveState{}
		}
		for ; clips > 0; clips-- {
			c.PopClip()
		}
		v.C.Unlock()
	}()
	fig, err = v.C.Figure()
	if fig == nil {
		v.morph, v.hover = nil, nil
	}
	if fig != nil && r.Dx() > 60 && r.Dy() > 60 {
		fig.SetNow(v.C.s.T())
		v.syncMorph(fig)
		for k, m := range v.morph {
			m.plot.View.Highlight(v.highlighted(k))
		}
		c.PushClip(r)
		clips++
		fr := render.R(r.Min.X+2, r.Min.Y+2, r.Max.X-2, r.Max.Y-2)
		var trs []render.Transform
		if ld, ok := c.(liveDrawer); ok && len(v.morph) == 0 && timeOnly(fig) {
			since := v.liveSince()
			// Put the axes back even if drawing panics (a bug, recovered above).
			defer v.steady.apply(fig, v.C.Built(), v.C.state == Running)()
			trs = ld.DrawLive(fig, fr, since, v.C.s.T())
		} else {
			v.live.b = nil
			trs = fig.Draw(c, fr)
		}
		v.drawMorph(c, fig, trs)
	}
	return fig, err
}

// liveDrawer is a canvas that keeps a live figure drawn between frames
// and draws again only what changed (ebitenr.Canvas.DrawLive): since is
// the earliest time whose drawing may differ from the last call, -Inf
// for everything; until the latest time with data.
type liveDrawer interface {
	DrawLive(f *render.Figure, r render.Rect, since, until float64) []render.Transform
}

// liveState is what the view remembers of the live figure last drawn: the
// model it showed (a reset, a new model or a rebuilt one is another) and
// the simulated time it showed.
type liveState struct {
	b *model.Built
	t float64
	// from is t, or the time of an earlier sample that the segment to a
	// plotted monitor's next sample starts at (a state monitor with its
	// own dt records less often than the network steps).
	from float64
}

// liveSince returns, for DrawLive, the earliest time whose drawing may
// have changed since the last frame, the caller holding the controller:
// the time then, or the last sample then of a plotted monitor that
// records less often, as the line to its next sample starts there; less
// how far back new data change what is drawn (the smoothing window of a
// population rate, a step of a trace), or -Inf when the data may have
// changed otherwise (another model, a reset, a rebuild).
func (v *View) liveSince() float64 {
	b, now := v.C.Built(), v.C.s.T()
	since := math.Inf(-1)
	if b != nil && b == v.live.b && now >= v.live.t {
		dt := b.Net.DT
		back := 5*math.Max(figure.RateWidth, 2*dt) + 4*dt + b.Duration/500
		since = v.live.from - back
	}
	v.live = liveState{b: b, t: now, from: lastSamples(b, now)}
	return since
}

// lastSamples returns the earliest of now and the last sample of each
// monitor of b that the figure plots (every monitor when the file has no
// [[plots]]): the next sample of a monitor joins its trace from there.
func lastSamples(b *model.Built, now float64) float64 {
	if b == nil {
		return now
	}
	var plotted map[string]bool
	if len(b.File.Plots) > 0 {
		plotted = map[string]bool{}
		for _, p := range b.File.Plots {
			plotted[p.Monitor.Text] = true
		}
	}
	from := now
	for _, m := range b.Monitors {
		if plotted != nil && !plotted[m.Name] {
			continue
		}
		var ts []float64
		switch {
		case m.State != nil:
			ts = m.State.T
		case m.Rate != nil:
			ts = m.Rate.T
		}
		if n := len(ts); n > 0 {
			from = math.Min(from, ts[n-1])
		}
	}
	return from
}

// steadyAxes keeps the automatic y axes of a running model's panels from
// moving at every new extreme (a population rate's peak, a trace's first
// spike): a kept figure is drawn whole again whenever an axis moves. While
// the model runs, an axis that its data outgrow widens to them plus a
// quarter of their span on the side they left; otherwise it stays. Once
// the run stops, the axes fit the data as myelin plot draws them.
type steadyAxes struct {
	b      *model.Built
	lo, hi []float64
	saved  []render.Limits
}

// apply sets fig's automatic y axes to their steady ranges while running
// (the caller holds the controller) and returns what puts them back, so
// the controller's figure (exports read it) keeps its own.
func (s *steadyAxes) apply(fig *render.Figure, b *model.Built, running bool) (restore func()) {
	if !running || b != s.b || len(s.lo) != len(fig.Panels) {
		s.b = b
		s.lo, s.hi = make([]float64, len(fig.Panels)), make([]float64, len(fig.Panels))
		for k := range s.lo {
			s.lo[k], s.hi[k] = math.Inf(1), math.Inf(-1)
		}
	}
	s.saved = s.saved[:0]
	for _, p := range fig.Panels {
		if p == nil {
			s.saved = append(s.saved, render.Limits{})
			continue
		}
		s.saved = append(s.saved, p.Y.Limits)
	}
	restore = func() {
		for k, p := range fig.Panels {
			if p != nil && k < len(s.saved) {
				p.Y.Limits = s.saved[k]
			}
		}
	}
	if !running {
		return restore
	}
	for k, p := range fig.Panels {
		if p == nil || p.Y.Limits.Mode != render.Auto || p.Y.Tight {
			continue
		}
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, pl := range p.Plots {
			if pl != nil {
				d := pl.DataRange()
				lo, hi = math.Min(lo, d.YMin), math.Max(hi, d.YMax)
			}
		}
		if !(lo < hi) || math.IsInf(hi-lo, 0) {
			continue // no data or one value: as render decides
		}
		if lo >= s.lo[k] && hi <= s.hi[k] {
			p.Y.Limits = render.FixedLimits(s.lo[k], s.hi[k])
			continue
		}
		span := hi - lo
		nlo, nhi := s.lo[k], s.hi[k]
		if lo < nlo {
			nlo = lo - span/4
			if lo >= 0 {
				nlo = math.Max(nlo, 0) // a rate stays above zero
			}
		}
		if hi > nhi {
			nhi = hi + span/4
			if hi <= 0 {
				nhi = math.Min(nhi, 0)
			}
		}
		s.lo[k], s.hi[k] = nlo, nhi
		p.Y.Limits = render.FixedLimits(nlo, nhi)
	}
	return restore
}

// timeOnly reports whether every panel of f plots against time, so that a
// growing recording only adds to the right of what is drawn (morphologies
// and curves change everywhere).
func timeOnly(f *render.Figure) bool {
	for _, p := range f.Panels {
		if p != nil && f.SharedX == nil && !p.X.Time {
			return false
		}
	}
	return true
}

// errorText is an error for the banner, with its line and column.
func errorText(err error) string {
	me := session.AsError(err)
	if me.Line > 0 {
		return fmt.Sprintf("line %d, column %d: %s", me.Line, me.Col, me.Message)
	}
	return me.Message
}

func (v *View) pressed(id ButtonID) bool {
	for _, t := range v.press {
		if t.kind == 1 && t.button == id {
			return true
		}
	}
	return false
}

func (v *View) dragging(k int) bool {
	for _, d := range v.drag {
		if d.k == k {
			return true
		}
	}
	return false
}

func (v *View) drawButton(b ButtonBox, st Status) {
	pt := &v.pt
	bg := colButton
	if v.pressed(b.ID) {
		bg = colPressed
	}
	active := (b.ID == BtnExamples && v.examples) || (b.ID == BtnHelp && v.help)
	fg := colText
	if st.State == Empty && b.ID <= BtnFaster {
		fg = colBorder
	}
	if b.ID == BtnPlay || b.ID == BtnPause {
		fg = colAccent
	}
	if active {
		bg = colAccent
		fg = colWhite
	}
	pt.fillRound(b.R, 6, bg)
	pt.strokeRound(b.R, 6, 1, colBorder)
	cy := (b.R.Min.Y + b.R.Max.Y) / 2
	switch b.ID {
	case BtnSpeed:
		pt.text((b.R.Min.X+b.R.Max.X)/2, cy, SpeedText(st.Speed), textSize, fg, render.Center)
	case BtnExamples, BtnJSON, BtnCSV, BtnPNG, BtnSVG, BtnHelp:
		pt.text((b.R.Min.X+b.R.Max.X)/2, cy, buttonText[b.ID], textSize, fg, render.Center)
	default:
		pt.icon(b.ID, b.R, fg)
	}
}

// SpeedText shows a speed: "0.02×", "1×", "max".
func SpeedText(x float64) string {
	if x <= 0 {
		return "max"
	}
	return strconv.FormatFloat(x, 'g', 3, 64) + "×"
}

// TimeText shows t of a run of duration d in ms below 10 s, else in s.
func TimeText(t, d float64) string {
	if d < 10 {
		return fmt.Sprintf("%.1f / %s ms", t*1e3, strconv.FormatFloat(d*1e3, 'g', 6, 64))
	}
	return fmt.Sprintf("%.2f / %s s", t, strconv.FormatFloat(d, 'g', 6, 64))
}

func (v *View) drawTime(r render.Rect, st Status) {
	if r.Empty() || st.State == Empty {
		return
	}
	pt := &v.pt
	cy := r.Min.Y + 12
	label := TimeText(st.T, st.Duration)
	state := st.State.String()
	pt.text(r.Min.X, cy, fit(label, textSize, r.Dx()), textSize, colText, render.Left)
	if r.Dx() > render.TextWidth(label, textSize)+render.TextWidth(state, smallSize)+12 {
		col := colMuted
		if st.State == Failed {
			col = colError
		}
		pt.text(r.Max.X, cy, state, smallSize, col, render.Right)
	}
	bar := render.R(r.Min.X, r.Max.Y-9, r.Max.X, r.Max.Y-4)
	pt.fillRound(bar, 2.5, colTrack)
	f := math.Max(0, math.Min(1, st.Fraction))
	if f > 0 {
		col := colAccent
		if st.State == Failed {
			col = colError
		}
		pt.fillRound(render.R(bar.Min.X, bar.Min.Y, bar.Min.X+f*bar.Dx(), bar.Max.Y), 2.5, col)
	}
}

func (v *View) drawSlider(r render.Rect, s *Slider, active bool) {
	pt := &v.pt
	ty := r.Min.Y + 14
	val := s.Text(s.Value)
	vw := render.TextWidth(val, textSize)
	pt.text(r.Min.X, ty, fit(s.Label, textSize, r.Dx()-vw-12), textSize, colText, render.Left)
	pt.text(r.Max.X, ty, val, textSize, colAccent, render.Right)
	track := sliderTrack(r)
	cy := (track.Min.Y + track.Max.Y) / 2
	pt.fillRound(track, 2, colTrack)
	kx := track.Min.X + s.Fraction()*track.Dx()
	pt.fillRound(render.R(track.Min.X, track.Min.Y, kx, track.Max.Y), 2, colAccent)
	rad := 8.0
	if active {
		rad = 10
	}
	pt.disc(kx, cy, rad+1, colBorder)
	pt.disc(kx, cy, rad, colAccent)
	pt.disc(kx, cy, rad-4, colWhite)
}

// sliderTrack is the track of a slider in its box.
func sliderTrack(r render.Rect) render.Rect {
	y := r.Min.Y + 35
	return render.R(r.Min.X+10, y-2, r.Max.X-10, y+2)
}

func (v *View) drawStatus(r render.Rect, st Status) {
	pt := &v.pt
	cy := (r.Min.Y + r.Max.Y) / 2
	var right []string
	if st.State != Empty {
		right = append(right, fmt.Sprintf("%d spikes", st.Spikes))
		if st.Steps > 0 {
			unit := "frame"
			if v.Threaded {
				unit = "piece"
			}
			right = append(right, fmt.Sprintf("%d steps/%s in %.1f ms", st.Steps, unit, st.SimTime.Seconds()*1e3))
		}
	}
	if v.FPS > 0 {
		right = append(right, fmt.Sprintf("%.0f fps", v.FPS))
	}
	rt := strings.Join(right, " · ")
	rw := render.TextWidth(rt, smallSize)
	pt.text(r.Max.X-pad, cy, rt, smallSize, colMuted, render.Right)
	left := st.Name
	if st.File != "" {
		if left != "" {
			left += " — "
		}
		left += st.File
	}
	pt.text(r.Min.X+pad, cy, fit(left, smallSize, r.Dx()-rw-3*pad), smallSize, colText, render.Left)
}

func (v *View) drawExamples(r render.Rect) {
	pt := &v.pt
	if v.C.Loaded() {
		pt.fillRect(render.R(0, v.lay.Bar.Max.Y, v.lay.W, v.lay.H), colShade)
	}
	pt.fillRound(r, 8, colWhite)
	pt.strokeRound(r, 8, 1, colBorder)
	pt.text(r.Min.X+16, r.Min.Y+20, "Examples", textSize+2, colText, render.Left)
	list := v.examplesList(r)
	v.pt.c.PushClip(list)
	for k, e := range v.Examples {
		y := list.Min.Y + float64(k)*exampleH - v.scroll
		if y+exampleH < list.Min.Y || y > list.Max.Y {
			continue
		}
		if k > 0 {
			pt.line(list.Min.X+8, y, list.Max.X-8, y, 1, colTrack)
		}
		name := e.Name
		if name == "" {
			name = e.File
		}
		pt.text(list.Min.X+8, y+17, fit(name, textSize, list.Dx()-16), textSize, colText, render.Left)
		pt.text(list.Min.X+8, y+37, fit(e.Description, smallSize, list.Dx()-16), smallSize, colMuted, render.Left)
	}
	v.pt.c.PopClip()
}

// examplesList is the scrolled part of the examples box.
func (v *View) examplesList(r render.Rect) render.Rect {
	return render.R(r.Min.X+8, r.Min.Y+36, r.Max.X-8, r.Max.Y-8)
}

func (v *View) maxScroll() float64 {
	list := v.examplesList(v.lay.Examples)
	return math.Max(0, float64(len(v.Examples))*exampleH-list.Dy())
}

func inside(r render.Rect, x, y float64) bool {
	return x >= r.Min.X && x < r.Max.X && y >= r.Min.Y && y < r.Max.Y
}
