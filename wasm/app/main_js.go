//go:build js && wasm

package main

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app"
	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/internal/session"
	"github.com/myelin-sim/myelin/internal/version"
)

// main starts the app full-window, defines globalThis.myelinApp and calls
// globalThis.onMyelinAppReady when the page defined it.
func main() {
	h := &host{listeners: map[string][]js.Value{}, marks: js.Global().Get("Object").New()}
	h.mark("main")
	h.game = app.New(app.Options{
		Examples:    app.Examples(),
		LoadExample: h.loadExample,
		Export:      h.download,
		AfterUpdate: h.afterUpdate,
		AfterDraw:   h.afterDraw,
		Threaded:    true,
		Yield:       h.yield,
		OnDemand:    true,
		Hint:        "Choose an example, or open a model file",
		// The site's pages load a model as the app starts: the list,
		// the slowest first frame, waits to see whether one comes.
		ExamplesDelay: 1500 * time.Millisecond,
	})
	api := js.Global().Get("Object").New()
	api.Set("version", version.Version)
	api.Set("autoplay", true)
	h.api = api
	h.register()
	js.Global().Set("myelinApp", api)
	ebiten.SetWindowTitle("myelin")
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	go func() {
		if cb := js.Global().Get("onMyelinAppReady"); cb.Type() == js.TypeFunction {
			cb.Invoke()
		}
	}()
	plainContext()
	if err := ebiten.RunGame(h.game); err != nil {
		js.Global().Get("console").Call("error", "myelin app: "+err.Error())
	}
}

// plainContext makes the WebGL2 context of Ebiten's canvas before Ebiten
// does, with its attributes but without antialiasing: Ebiten draws only
// its offscreen image to the screen, an axis-aligned rectangle that
// multisampling leaves unchanged, yet a multisampled screen costs a
// software GPU (SwiftShader) a resolve of every pixel at each frame shown.
// A canvas's second getContext returns the first context, whatever it
// asks for. Where there is no canvas or WebGL2, Ebiten finds out itself.
func plainContext() {
	canvas := js.Global().Get("document").Call("querySelector", "canvas")
	if !canvas.Truthy() {
		return
	}
	attr := js.Global().Get("Object").New()
	attr.Set("alpha", true)
	attr.Set("premultipliedAlpha", true)
	attr.Set("stencil", true)
	attr.Set("antialias", false)
	canvas.Call("getContext", "webgl2", attr)
}

// host connects the game to the page.
type host struct {
	game      *app.Game
	api       js.Value
	listeners map[string][]js.Value
	lastEmit  time.Time
	lastState ui.State
	// marks are the page's clock (performance.now(), ms) at the first
	// time of each step of starting: main, update, draw, loaded (a
	// model), drawnModel (the first frame drawn with one), spike (the
	// first frame drawn with a spike). myelinApp.startup() returns them.
	marks js.Value
	drawn int64 // frames drawn when afterDraw last looked
	// The channel of yield's messages and the end of it that posts.
	yieldPort js.Value
	yielded   chan struct{}
}

// yield returns to the page's event loop until a message posted to
// ourselves comes back: unlike a timer, it is not held back to 4 ms.
func (h *host) yield() {
	if h.yieldPort.IsUndefined() {
		ch := js.Global().Get("MessageChannel").New()
		h.yielded = make(chan struct{}, 1)
		ch.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
			select {
			case h.yielded <- struct{}{}:
			default:
			}
			return nil
		}))
		h.yieldPort = ch.Get("port2")
	}
	h.yieldPort.Call("postMessage", 0)
	<-h.yielded
}

// mark records the page's clock for name the first time it is called.
func (h *host) mark(name string) {
	if h.marks.Get(name).IsUndefined() {
		h.marks.Set(name, js.Global().Get("performance").Call("now"))
	}
}

// afterDraw marks the first frames drawn.
func (h *host) afterDraw(*ebiten.Image) {
	if h.game.Totals.Drawn == h.drawn {
		return // this frame did not draw
	}
	h.drawn = h.game.Totals.Drawn
	h.mark("draw")
	if !h.marks.Get("loaded").IsUndefined() {
		h.mark("drawnModel")
		if h.marks.Get("spike").IsUndefined() && h.game.C.Status().Spikes > 0 {
			h.mark("spike")
		}
	}
}

// export registers f as myelinApp[name]; a Go panic becomes an error
// object rather than reaching JavaScript.
func (h *host) export(name string, f func(args []js.Value) any) {
	h.api.Set(name, js.FuncOf(func(_ js.Value, args []js.Value) (result any) {
		defer func() {
			if p := recover(); p != nil {
				result = errorValue(session.InternalError(p))
			}
		}()
		return f(args)
	}))
}

func (h *host) register() {
	c := h.game.C
	h.export("examples", func([]js.Value) any {
		out := js.Global().Get("Array").New()
		for _, e := range h.game.V.Examples {
			o := js.Global().Get("Object").New()
			o.Set("file", e.File)
			o.Set("name", e.Name)
			o.Set("description", e.Description)
			out.Call("push", o)
		}
		return out
	})
	h.export("example", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return js.Null()
		}
		src, err := app.ReadExample(args[0].String())
		if err != nil {
			return js.Null()
		}
		return string(src)
	})
	h.export("load", func(args []js.Value) any {
		if len(args) < 1 || args[0].Type() != js.TypeString {
			return errorValue(errors.New("load takes the text of a model file"))
		}
		name := "model.toml"
		if len(args) > 1 && args[1].Type() == js.TypeString && args[1].String() != "" {
			name = args[1].String()
		}
		var seed *uint64
		if len(args) > 2 {
			switch args[2].Type() {
			case js.TypeNumber:
				f := args[2].Float()
				if f < 0 || f != math.Trunc(f) || f > 1<<53 {
					return errorValue(errors.New("the seed is a non-negative integer"))
				}
				n := uint64(f)
				seed = &n
			case js.TypeString:
				n, err := strconv.ParseUint(args[2].String(), 10, 64)
				if err != nil {
					return errorValue(errors.New("the seed is a non-negative integer"))
				}
				seed = &n
			}
		}
		return h.load(name, []byte(args[0].String()), seed)
	})
	h.export("play", func([]js.Value) any { c.Play(); return js.Undefined() })
	h.export("pause", func([]js.Value) any { c.Pause(); return js.Undefined() })
	h.export("step", func([]js.Value) any { c.Step(); return js.Undefined() })
	h.export("reset", func([]js.Value) any {
		if err := c.Reset(); err != nil {
			return errorValue(err)
		}
		return js.Null()
	})
	h.export("setSpeed", func(args []js.Value) any {
		if len(args) > 0 && args[0].Type() == js.TypeNumber {
			c.SetSpeed(args[0].Float())
		}
		return js.Undefined()
	})
	h.export("set", func(args []js.Value) any {
		if len(args) < 2 || args[0].Type() != js.TypeString {
			return errorValue(errors.New("set takes a name and a value, as in set('g_na', '0*msiemens')"))
		}
		value := args[1]
		var text string
		switch value.Type() {
		case js.TypeString:
			text = value.String()
		case js.TypeNumber:
			text = strconv.FormatFloat(value.Float(), 'g', -1, 64)
		default:
			return errorValue(errors.New("the value is a string with units, as in '20*ms'"))
		}
		if err := c.Set(args[0].String(), text); err != nil {
			return errorValue(err)
		}
		return js.Null()
	})
	h.export("status", func([]js.Value) any { return h.status() })
	h.export("startup", func([]js.Value) any { return h.marks })
	h.export("resultsJSON", func([]js.Value) any {
		data, err := c.ResultsJSON()
		if err != nil {
			return errorValue(err)
		}
		return string(data)
	})
	h.export("resultsCSV", func([]js.Value) any {
		data, err := c.ResultsCSV()
		if err != nil {
			return errorValue(err)
		}
		return string(data)
	})
	h.export("figureSVG", func([]js.Value) any {
		w, hh := h.game.V.PlotSize()
		data, err := c.FigureSVG(w, hh)
		if err != nil {
			return errorValue(err)
		}
		return string(data)
	})
	h.export("figurePNG", func([]js.Value) any {
		w, hh := h.game.V.PlotSize()
		data, err := c.FigurePNG(w, hh, 2)
		if err != nil {
			return errorValue(err)
		}
		return bytesValue(data)
	})
	h.export("on", func(args []js.Value) any {
		if len(args) == 2 && args[0].Type() == js.TypeString && args[1].Type() == js.TypeFunction {
			h.listeners[args[0].String()] = append(h.listeners[args[0].String()], args[1])
		}
		return js.Undefined()
	})
}

// load builds a model; it plays unless myelinApp.autoplay is false.
func (h *host) load(name string, src []byte, seed *uint64) any {
	play := h.api.Get("autoplay").Type() != js.TypeBoolean || h.api.Get("autoplay").Bool()
	if err := h.game.C.Load(name, src, seed, play); err != nil {
		e := errorValue(err)
		h.emit("error", e)
		return e
	}
	h.lastState = ui.Ready
	h.mark("loaded")
	h.emit("loaded", h.status())
	return js.Null()
}

func (h *host) loadExample(file string) {
	src, err := app.ReadExample(file)
	if err != nil {
		return
	}
	h.load(file, src, nil)
}

// afterUpdate sends the status about four times a second, and an error
// event when the run fails. It runs with the frames: where frames come
// only on demand (a running model whose drawing is slow), as often as
// they do, at least every half second.
func (h *host) afterUpdate() {
	h.mark("update")
	st := h.game.C.Status()
	if st.State == ui.Failed && h.lastState != ui.Failed && st.Error != nil {
		h.emit("error", errorValue(st.Error))
	}
	h.lastState = st.State
	if time.Since(h.lastEmit) >= 250*time.Millisecond && len(h.listeners["status"]) > 0 {
		h.lastEmit = time.Now()
		h.emit("status", h.status())
	}
}

func (h *host) emit(event string, v js.Value) {
	for _, fn := range h.listeners[event] {
		func() {
			defer func() { recover() }()
			fn.Invoke(v)
		}()
	}
}

// status is {t, duration, running, finished, frames, spikes, error} and a
// few more: state, speed, fraction, steps (of the last frame) and simMs
// (its simulation time), updateMs and drawMs (the last Update and Draw),
// and totals since the app started: totalFrames, totalDrawn (frames
// drawn), totalSimMs and totalDrawMs.
func (h *host) status() js.Value {
	st := h.game.C.Status()
	o := js.Global().Get("Object").New()
	o.Set("t", st.T)
	o.Set("duration", st.Duration)
	o.Set("running", st.State == ui.Running)
	o.Set("finished", st.State == ui.Finished)
	o.Set("frames", st.Frames)
	o.Set("spikes", st.Spikes)
	o.Set("state", st.State.String())
	o.Set("speed", st.Speed)
	o.Set("fraction", st.Fraction)
	o.Set("steps", st.Steps)
	o.Set("simMs", st.SimTime.Seconds()*1e3)
	o.Set("stepCostUs", st.StepCost.Seconds()*1e6)
	o.Set("fps", ebiten.ActualFPS())
	o.Set("updateMs", h.game.UpdateTime.Seconds()*1e3)
	o.Set("drawMs", h.game.DrawTime.Seconds()*1e3)
	// Totals since the app started, for where the time of a frame goes.
	tot := h.game.Totals
	o.Set("totalFrames", tot.Frames)
	o.Set("totalDrawn", tot.Drawn)
	o.Set("totalSimMs", tot.Sim.Seconds()*1e3)
	o.Set("totalDrawMs", tot.Draw.Seconds()*1e3)
	if st.Error != nil {
		o.Set("error", errorValue(st.Error))
	} else {
		o.Set("error", js.Null())
	}
	return o
}

// errorValue is {message, line, col, errors: [{message, line, col}]}.
func errorValue(err error) js.Value {
	me := session.AsError(err)
	o := meValue(*me)
	errs := js.Global().Get("Array").New()
	for _, e := range me.Errors {
		errs.Call("push", meValue(e))
	}
	o.Set("errors", errs)
	return o
}

func meValue(e session.Error) js.Value {
	o := js.Global().Get("Object").New()
	o.Set("message", e.Message)
	o.Set("line", e.Line)
	o.Set("col", e.Col)
	return o
}

func bytesValue(data []byte) js.Value {
	u8 := js.Global().Get("Uint8Array").New(len(data))
	js.CopyBytesToJS(u8, data)
	return u8
}

// download offers the results or the figure as a file: a Blob behind a
// link with the download attribute, clicked.
func (h *host) download(kind string) {
	c := h.game.C
	st := c.Status()
	stem := st.File
	if n := len(stem); n > 5 && stem[n-5:] == ".toml" {
		stem = stem[:n-5]
	}
	var data []byte
	var err error
	var mime, name string
	w, hh := h.game.V.PlotSize()
	switch kind {
	case "json":
		data, err = c.ResultsJSON()
		mime, name = "application/json", stem+"-results.json"
	case "csv":
		data, err = c.ResultsCSV()
		mime, name = "text/csv", stem+"-results.csv"
	case "png":
		data, err = c.FigurePNG(w, hh, 2)
		mime, name = "image/png", stem+"-figure.png"
	case "svg":
		data, err = c.FigureSVG(w, hh)
		mime, name = "image/svg+xml", stem+"-figure.svg"
	default:
		return
	}
	if err != nil {
		h.emit("error", errorValue(fmt.Errorf("export: %v", err)))
		return
	}
	parts := js.Global().Get("Array").New()
	parts.Call("push", bytesValue(data))
	opts := js.Global().Get("Object").New()
	opts.Set("type", mime)
	blob := js.Global().Get("Blob").New(parts, opts)
	url := js.Global().Get("URL").Call("createObjectURL", blob)
	doc := js.Global().Get("document")
	a := doc.Call("createElement", "a")
	a.Set("href", url)
	a.Set("download", name)
	doc.Get("body").Call("appendChild", a)
	a.Call("click")
	a.Call("remove")
	var revoke js.Func
	revoke = js.FuncOf(func(js.Value, []js.Value) any {
		js.Global().Get("URL").Call("revokeObjectURL", url)
		revoke.Release()
		return nil
	})
	js.Global().Call("setTimeout", revoke, 10000)
}
