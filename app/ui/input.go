package ui

import (
	"math"
	"time"
)

// Key is a keyboard shortcut, already translated from the host's keys.
type Key int

// The shortcuts (docs/app.md lists the keys that give them).
const (
	KeyToggle     Key = iota // space: play or pause
	KeyStep                  // s, →: pause and step
	KeyReset                 // r, Home: back to t = 0
	KeyFaster                // +, ↑
	KeySlower                // -, ↓
	KeyExamples              // o: the examples list
	KeyEscape                // Esc: close the examples list or the help
	KeyHelp                  // H, ?: the list of keys
	KeyProjection            // V: the next projection of a morphology
	KeyResetView             // C: a morphology's view as the file draws it
)

// Key performs a shortcut.
func (v *View) Key(k Key) {
	v.dirty = true
	switch k {
	case KeyToggle:
		v.C.Toggle()
	case KeyStep:
		v.C.Step()
	case KeyReset:
		v.C.Reset()
	case KeyFaster:
		v.C.Faster()
	case KeySlower:
		v.C.Slower()
	case KeyExamples:
		if len(v.Examples) > 0 && v.LoadExample != nil {
			v.examples = !v.examples
			v.scroll = 0
			v.help = false
		}
	case KeyEscape:
		v.examples, v.help = false, false
	case KeyHelp:
		v.help = !v.help
		v.examples = false
	case KeyProjection:
		if k := v.keyPanel(); k >= 0 {
			v.cycleProjection(k)
		}
	case KeyResetView:
		if k := v.keyPanel(); k >= 0 {
			v.resetMorph(k)
		}
	}
}

// Press starts a pointer (a mouse button or a finger, id distinguishes
// fingers) at (x, y), in logical pixels. Buttons act when the pointer is
// released over them (so a finger can slide off to cancel); sliders move
// at once.
func (v *View) Press(id int, x, y float64) {
	v.dirty = true
	if v.press == nil {
		v.press = map[int]target{}
		v.drag = map[int]*sliderDrag{}
	}
	l := &v.lay
	if v.help && !inside(l.Bar, x, y) {
		// Any press outside the bar closes the help.
		v.help = false
		return
	}
	if !l.Examples.Empty() {
		list := v.examplesList(l.Examples)
		switch {
		case inside(list, x, y):
			v.press[id] = target{kind: 5, y0: y, s0: v.scroll, index: int((y - list.Min.Y + v.scroll) / exampleH)}
			return
		case inside(l.Examples, x, y):
			return
		case !inside(l.Bar, x, y):
			v.press[id] = target{kind: 4}
			return
		}
	}
	for _, b := range l.Buttons {
		if inside(b.R, x, y) {
			v.press[id] = target{kind: 1, button: b.ID}
			return
		}
	}
	for k, r := range l.Sliders {
		if inside(r, x, y) {
			v.press[id] = target{kind: 2, index: k}
			sl := v.C.Sliders()
			if k < len(sl) {
				v.drag[id] = &sliderDrag{k: k, value: sl[k].Value, applied: sl[k].Value}
				v.moveSlider(id, x, false)
			}
			return
		}
	}
	if k := v.morphAt(x, y); k >= 0 && inside(l.Plot, x, y) {
		v.pressMorph(id, k, x, y)
	}
}

// Move moves a pressed pointer.
func (v *View) Move(id int, x, y float64) {
	t, ok := v.press[id]
	if !ok {
		return
	}
	v.dirty = true
	switch t.kind {
	case 2:
		v.moveSlider(id, x, false)
	case kindMorph:
		v.moveMorph(id, t, x, y)
	case 5:
		if math.Abs(y-t.y0) > 6 {
			t.index = -1 // a scroll, not a choice
			v.press[id] = t
		}
		v.scroll = math.Max(0, math.Min(v.maxScroll(), t.s0-(y-t.y0)))
	}
}

// Release ends a pointer at (x, y).
func (v *View) Release(id int, x, y float64) {
	t, ok := v.press[id]
	if !ok {
		return
	}
	v.dirty = true
	delete(v.press, id)
	switch t.kind {
	case 1:
		for _, b := range v.lay.Buttons {
			if b.ID == t.button && inside(b.R, x, y) {
				v.click(b.ID)
			}
		}
	case 2:
		v.moveSlider(id, x, true)
		delete(v.drag, id)
	case 4:
		v.examples = false
	case kindMorph:
		v.releaseMorph(t, x, y)
	case 5:
		if t.index >= 0 && t.index < len(v.Examples) {
			v.examples = false
			v.LoadExample(v.Examples[t.index].File)
		}
	}
}

// Wheel scrolls the examples list by dy wheel notches, or zooms the
// morphology panel under the pointer (Hover) about the pointer, dy > 0
// magnifying.
func (v *View) Wheel(dy float64) {
	v.dirty = true
	if !v.lay.Examples.Empty() {
		v.scroll = math.Max(0, math.Min(v.maxScroll(), v.scroll-dy*exampleH/2))
		return
	}
	if !v.hovering || !finite(dy) || v.help {
		return
	}
	if k := v.morphAt(v.hx, v.hy); k >= 0 {
		v.touch(k).Zoom(math.Pow(wheelZoom, dy), v.hx, v.hy)
	}
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// moveSlider follows a dragged slider; the model changes at most every
// ApplyEvery, and always on release (final).
func (v *View) moveSlider(id int, x float64, final bool) {
	d := v.drag[id]
	if d == nil || d.k >= len(v.lay.Sliders) {
		return
	}
	sl := v.C.Sliders()
	if d.k >= len(sl) {
		return
	}
	s := &sl[d.k]
	tr := sliderTrack(v.lay.Sliders[d.k])
	d.value = s.AtFraction((x - tr.Min.X) / tr.Dx())
	if v.applyCost == nil {
		v.applyCost = map[string]time.Duration{}
	}
	// A live constant's change is a write: it follows the pointer. A
	// change that rebuilds a big network (a structural constant of CUBA:
	// its 300 000 synapses connected again) would hold every frame of the
	// drag: such a slider changes the model on release only (DragApply).
	if s.DragApply(d.value, d.applied, final, time.Since(d.at), v.applyCost[s.Param]) {
		start := time.Now()
		v.C.SetSlider(d.k, d.value)
		v.applyCost[s.Param] = time.Since(start)
		d.applied, d.at = d.value, time.Now()
	}
}

func (v *View) click(id ButtonID) {
	switch id {
	case BtnPlay, BtnPause:
		v.C.Toggle()
	case BtnStep:
		v.C.Step()
	case BtnReset:
		v.C.Reset()
	case BtnSlower:
		v.C.Slower()
	case BtnFaster:
		v.C.Faster()
	case BtnSpeed:
		v.C.DefaultSpeed()
	case BtnExamples:
		v.Key(KeyExamples)
	case BtnHelp:
		v.Key(KeyHelp)
	case BtnJSON, BtnCSV, BtnPNG, BtnSVG:
		if v.Export != nil {
			v.Export(map[ButtonID]string{BtnJSON: "json", BtnCSV: "csv", BtnPNG: "png", BtnSVG: "svg"}[id])
		}
	}
}

// PlotSize returns the size of the plot area last drawn, for exporting the
// figure as it is shown (640 × 480 before the first frame).
func (v *View) PlotSize() (w, h int) {
	if v.lay.Plot.Empty() {
		return 640, 480
	}
	return int(v.lay.Plot.Dx()), int(v.lay.Plot.Dy())
}

// InputPending reports whether input arrived since the screen was last
// drawn.
func (v *View) InputPending() bool { return v.dirty }

// Changed reports whether the screen needs drawing again since the last
// call: input arrived, or what the screen shows changed (the time, the
// state, a message, the speed, the sliders). A host that keeps the screen
// between frames draws only then, so a paused model costs nothing.
func (v *View) Changed(w, h float64) bool {
	st := v.C.Status()
	errText := ""
	if st.Error != nil {
		errText = st.Error.Error()
	}
	sig := signature{w: w, h: h, t: st.T, help: v.help, examples: v.examples, state: st.State, speed: st.Speed, spikes: st.Spikes,
		notice: st.Notice, err: errText, name: st.Name, file: st.File}
	for _, s := range v.C.Sliders() {
		sig.sliders += s.Value
	}
	changed := v.dirty || sig != v.sig
	v.dirty, v.sig = false, sig
	return changed
}

// signature is what the screen shows, for Changed.
type signature struct {
	w, h, t, speed, sliders float64
	state                   State
	spikes                  int64
	help, examples          bool
	notice, err, name, file string
}
