// Package app is myelin's interactive application, the same in the
// browser (wasm/app) and on the desktop (cmd/myelin-desktop): an Ebiten
// game that runs a model, plots its [[plots]] live, and offers play,
// pause, step, reset, a speed control, the model's [[controls]] as
// sliders, the examples and the exports. docs/app.md describes it for
// users.
//
// The screen and everything it does are in package app/ui, plain Go drawn
// through render.Canvas and tested without a display; this package only
// connects it to Ebiten: the game loop, the window's size and device
// scale, the mouse, touch and keys, dropped files, and the canvas
// (render/ebitenr).
//
// # Running without freezing
//
// The simulation runs on its own goroutine (Options.Threaded) in pieces
// of about 10 ms, and the window only reads its state to draw. In the
// browser, where Go has one thread, each piece ends by giving the thread
// back to the page (Options.Yield), so frames and input are handled
// between pieces. Without Threaded, Update simulates inside each frame
// instead, for a budget of ui.DefaultLimit, measured as it goes
// (ui.Budget). Where drawing is slow (no GPU), ui.Pacing draws a running
// model a quarter of the time (and, without Threaded, lets the frames
// that do not draw simulate longer). A drawn frame draws the figure again
// only where it changed (ebitenr.Canvas.DrawLive).
package app

import (
	"io/fs"
	"path"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"github.com/myelin-sim/myelin/app/ui"
	"github.com/myelin-sim/myelin/render/ebitenr"
)

// Options configure a Game.
type Options struct {
	// Threaded runs the simulation on its own goroutine, in pieces of
	// about 10 ms, rather than within each frame's budget.
	Threaded bool
	// Yield, with Threaded, is called after each piece of simulation. In
	// the browser, where Go has one thread, it returns to the page's event
	// loop until a zero-delay message comes back, so that the page draws
	// frames and answers input between pieces, as the light view's chunks
	// do; the simulation then no longer waits for the frames.
	Yield func()
	// OnDemand (the browser) runs a frame only when one is asked for,
	// rather than at every vsync: where drawing is slow (ui.Pacing), a
	// running model's frames come only when one is due to draw, since with
	// a software GPU (SwiftShader) every frame shown costs the GPU process
	// tens of milliseconds of the CPU the simulation needs, whether or not
	// it drew anything new (Ebiten shows the last picture again until four
	// frames in a row leave it untouched). Input still makes a frame at
	// once; a model that does not run, or draws fast, gets every frame.
	OnDemand bool
	// Examples are offered by the Examples button (nil: no button);
	// choosing one calls LoadExample, or loads it from the embedded
	// examples when LoadExample is nil.
	Examples    []ui.Example
	LoadExample func(file string)
	// Export, when set, shows the export buttons; it receives "json",
	// "csv", "png" or "svg".
	Export func(kind string)
	// Drop, when set, receives the files dropped on the window.
	Drop func(files fs.FS)
	// AfterUpdate and AfterDraw are called at the end of each Update and
	// Draw (the browser's status events; the desktop's screenshot).
	AfterUpdate func()
	AfterDraw   func(screen *ebiten.Image)
	// Hint is shown while no model is loaded.
	Hint string
	// ExamplesDelay is how long the app waits for a model before it opens
	// the examples list by itself (ui.View.ExamplesDelay).
	ExamplesDelay time.Duration
}

// Game is the application as an ebiten.Game.
type Game struct {
	C *ui.Controller
	V *ui.View

	opts    Options
	canvas  *ebitenr.Canvas
	scale   float64
	touches []ebiten.TouchID
	touchAt map[ebiten.TouchID][2]float64
	mouse   bool // the left button is down
	cursor  [2]int
	hovered bool // cursor holds the last pointer place given to Hover
	quit    atomic.Bool
	// simNanos adds up the wall time the simulation goroutine spent
	// running pieces (Threaded), for Totals.
	simNanos atomic.Int64
	drawn    time.Time // the last frame drawn

	// The pacing of frames where drawing is slow (ui.Pacing, measured in
	// wall time between Updates, so the GPU's share is in it): whether the
	// last frame drew and how long it simulated, and whether the coming
	// frame may draw a running model.
	lastUpdate time.Time
	pace       ui.Pacing
	drew       bool
	lastSim    time.Duration
	mayDraw    bool
	// With OnDemand: whether the coming frame was held back until a draw
	// was due, since when (the end of the last Draw), when the simulation
	// goroutine should ask for it and when it did (Unix ns, 0: not yet).
	// A held frame's wall time less the hold is what the frame before it
	// cost (heldWall).
	held     bool
	heldFrom time.Time
	due      atomic.Int64
	asked    atomic.Int64

	// UpdateTime and DrawTime are the wall time of the last Update (which
	// includes the browser's simulation budget) and Draw (building the
	// figure and sending the triangles; the GPU's work is not counted).
	UpdateTime, DrawTime time.Duration

	// Totals adds up every frame since New, for measuring where a frame's
	// time goes (the browser budgets read it through myelinApp.status).
	Totals Totals
}

// Totals are a Game's counts since it started: frames (Updates), frames
// drawn, and the wall time spent simulating in Update (the browser's
// budget; the desktop simulates elsewhere) and in Draw (building the
// figure and sending it; the GPU's work is not counted).
type Totals struct {
	Frames, Drawn int64
	Sim, Draw     time.Duration
}

// SlowFrame is the frame time above which drawing a running model is
// thinned out to a quarter of the time (ui.Pacing), the other frames
// simulating for longer: 25 ms, so a machine that draws at 40 frames per
// second or more draws every frame.
const SlowFrame = 25 * time.Millisecond

// mouseID is the pointer id of the mouse; touches have their own ids.
const mouseID = -1

// New returns the application with no model loaded.
func New(opts Options) *Game {
	c := ui.NewController()
	g := &Game{C: c, opts: opts, touchAt: map[ebiten.TouchID][2]float64{}, scale: 1, mayDraw: true}
	g.pace.Slow = SlowFrame
	// The screen is kept between frames, and drawn again only when it
	// changes (View.Changed): a paused model costs no drawing.
	ebiten.SetScreenClearedEveryFrame(false)
	if opts.OnDemand {
		ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum) //nolint:staticcheck // ScheduleFrame needs this mode; its replacement, SetScreenClearedEveryFrame(false), still shows every frame
	}
	g.V = &ui.View{C: c, Examples: opts.Examples, Export: opts.Export, Hint: opts.Hint, Threaded: opts.Threaded,
		ExamplesDelay: opts.ExamplesDelay}
	if len(opts.Examples) > 0 {
		g.V.LoadExample = opts.LoadExample
		if g.V.LoadExample == nil {
			g.V.LoadExample = func(file string) { g.LoadExample(file) }
		}
	}
	if opts.Threaded {
		go g.simulate()
	}
	return g
}

// LoadExample loads an embedded example and plays it.
func (g *Game) LoadExample(file string) error {
	src, err := ReadExample(file)
	if err != nil {
		return err
	}
	return g.C.Load(file, src, nil, true)
}

// simulate runs the model on its own goroutine (Options.Threaded), in
// pieces of about 10 ms so that drawing never waits longer than that.
func (g *Game) simulate() {
	idle := 2 * time.Millisecond
	if g.opts.Yield != nil {
		idle = 8 * time.Millisecond // a browser's timers are 4 ms at best
	}
	for !g.quit.Load() {
		t0 := time.Now()
		worked := g.C.Work(10 * time.Millisecond)
		if worked {
			g.simNanos.Add(int64(time.Since(t0)))
		}
		if g.opts.Yield != nil {
			g.opts.Yield()
		}
		if g.opts.OnDemand {
			// A frame held back until a draw is due, or one for a model
			// that stopped running (the last picture, the buttons).
			if d := g.due.Load(); (d != 0 && time.Now().UnixNano() >= d) || (!worked && !g.C.Running()) {
				g.due.Store(0)
				g.asked.Store(time.Now().UnixNano())
				ebiten.ScheduleFrame()
			}
		}
		if !worked {
			time.Sleep(idle)
		}
	}
}

// Quit stops the simulation goroutine and ends the game loop at the next
// Update.
func (g *Game) Quit() { g.quit.Store(true) }

// Update reads input and, in the browser, runs the frame's simulation.
func (g *Game) Update() error {
	if g.quit.Load() {
		return ebiten.Termination
	}
	start := time.Now()
	defer func() { g.UpdateTime = time.Since(start) }()
	// Frames that only waited (nothing ran, nothing drew) say nothing of
	// what a frame costs.
	if !g.lastUpdate.IsZero() && (g.drew || g.lastSim > 0) {
		busy := g.UpdateTime
		if g.drew {
			busy += g.DrawTime
		}
		wall := start.Sub(g.lastUpdate)
		if g.held {
			wall = heldWall(wall, g.heldFrom, g.asked.Load())
		}
		g.pace.Frame(wall, g.lastSim, busy, g.drew)
	}
	g.lastUpdate, g.drew, g.lastSim = start, false, 0
	g.input()
	if files := ebiten.DroppedFiles(); files != nil && g.opts.Drop != nil {
		g.opts.Drop(files)
	}
	g.Totals.Frames++
	draw, limit := g.pace.Plan(time.Since(g.drawn), g.V.InputPending())
	g.mayDraw = draw
	if g.opts.Threaded {
		g.Totals.Sim = time.Duration(g.simNanos.Load())
	} else {
		g.C.SetLimit(limit)
		t0 := time.Now()
		g.C.Tick(t0)
		g.lastSim = time.Since(t0)
		g.Totals.Sim += g.lastSim
	}
	g.C.Frame()
	if g.opts.AfterUpdate != nil {
		g.opts.AfterUpdate()
	}
	return nil
}

// input turns the mouse, touches, the wheel and keys into View calls, in
// logical pixels.
func (g *Game) input() {
	s := g.scale
	mx, my := ebiten.CursorPosition()
	x, y := float64(mx)/s, float64(my)/s
	// The mouse pointer, pressed or not, for the compartment under it in a
	// morphology panel.
	if c := [2]int{mx, my}; !g.hovered || c != g.cursor {
		g.cursor, g.hovered = c, true
		if mx < 0 || my < 0 {
			g.V.Leave()
		} else {
			g.V.Hover(x, y)
		}
	}
	switch {
	case inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft):
		g.mouse = true
		g.V.Press(mouseID, x, y)
	case g.mouse && inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft):
		g.mouse = false
		g.V.Release(mouseID, x, y)
	case g.mouse:
		g.V.Move(mouseID, x, y)
	}
	for _, id := range inpututil.AppendJustPressedTouchIDs(g.touches[:0]) {
		tx, ty := ebiten.TouchPosition(id)
		p := [2]float64{float64(tx) / s, float64(ty) / s}
		g.touchAt[id] = p
		g.V.Press(int(id), p[0], p[1])
	}
	g.touches = ebiten.AppendTouchIDs(g.touches[:0])
	for _, id := range g.touches {
		tx, ty := ebiten.TouchPosition(id)
		p := [2]float64{float64(tx) / s, float64(ty) / s}
		if p != g.touchAt[id] {
			g.touchAt[id] = p
			g.V.Move(int(id), p[0], p[1])
		}
	}
	for id, p := range g.touchAt {
		if inpututil.IsTouchJustReleased(id) {
			g.V.Release(int(id), p[0], p[1])
			delete(g.touchAt, id)
		}
	}
	if _, dy := ebiten.Wheel(); dy != 0 {
		g.V.Wheel(dy)
	}
	for _, k := range keys {
		for _, ek := range k.keys {
			if inpututil.IsKeyJustPressed(ek) {
				g.V.Key(k.key)
				break
			}
		}
	}
}

// keys maps Ebiten's keys to the shortcuts.
var keys = []struct {
	key  ui.Key
	keys []ebiten.Key
}{
	{ui.KeyToggle, []ebiten.Key{ebiten.KeySpace, ebiten.KeyP}},
	{ui.KeyStep, []ebiten.Key{ebiten.KeyS, ebiten.KeyArrowRight}},
	{ui.KeyReset, []ebiten.Key{ebiten.KeyR, ebiten.KeyHome}},
	{ui.KeyFaster, []ebiten.Key{ebiten.KeyEqual, ebiten.KeyNumpadAdd, ebiten.KeyArrowUp, ebiten.KeyBracketRight}},
	{ui.KeySlower, []ebiten.Key{ebiten.KeyMinus, ebiten.KeyNumpadSubtract, ebiten.KeyArrowDown, ebiten.KeyBracketLeft}},
	{ui.KeyExamples, []ebiten.Key{ebiten.KeyO, ebiten.KeyE}},
	{ui.KeyEscape, []ebiten.Key{ebiten.KeyEscape}},
	{ui.KeyHelp, []ebiten.Key{ebiten.KeyH, ebiten.KeySlash, ebiten.KeyF1}},
	{ui.KeyProjection, []ebiten.Key{ebiten.KeyV}},
	{ui.KeyResetView, []ebiten.Key{ebiten.KeyC}},
}

// Draw draws the screen; with OnDemand it then asks for the next frame.
func (g *Game) Draw(screen *ebiten.Image) {
	g.draw(screen)
	if g.opts.OnDemand {
		g.next()
	}
}

// next asks for the next frame (OnDemand): at once, but for a running
// model whose drawing is slow, whose next frame the simulation goroutine
// asks for when a draw is due (ui.Pacing.Interval after the last one).
func (g *Game) next() {
	every, slow := g.pace.Interval()
	if !slow || g.V.InputPending() || !g.C.Running() {
		g.held = false
		g.due.Store(0)
		ebiten.ScheduleFrame()
		return
	}
	g.held, g.heldFrom = true, time.Now()
	g.asked.Store(0)
	g.due.Store(g.drawn.Add(every).UnixNano())
}

// heldWall is what a frame that drew cost when the frame after it was held
// back (OnDemand): the wall time between their Updates less the hold, from
// the end of its Draw (from) to when the simulation goroutine asked for
// the next frame (asked, Unix ns). What the GPU still did after the
// request delays the next frame, so it counts. A frame that came before
// it was asked for (input) tells nothing: 0, which ui.Pacing ignores.
// Without this, one slow frame would keep drawing rare for the rest of a
// run, since held frames were never measured.
func heldWall(wall time.Duration, from time.Time, asked int64) time.Duration {
	if asked == 0 || from.IsZero() {
		return 0
	}
	hold := time.Duration(asked - from.UnixNano())
	if hold < 0 || hold > wall {
		return 0
	}
	return wall - hold
}

func (g *Game) draw(screen *ebiten.Image) {
	b := screen.Bounds()
	w, h := float64(b.Dx())/g.scale, float64(b.Dy())/g.scale
	// Where drawing is slow (a software GPU), a running model's frames are
	// drawn at most a quarter of the time, and the others go to the
	// simulation (ui.Pacing); input still draws at once.
	if !g.mayDraw && !g.V.InputPending() {
		if g.opts.AfterDraw != nil {
			g.opts.AfterDraw(screen)
		}
		return
	}
	// Redraw when something changed, and once a second for the frame rate.
	if !g.V.Changed(w, h) && time.Since(g.drawn) < time.Second {
		if g.opts.AfterDraw != nil {
			g.opts.AfterDraw(screen)
		}
		return
	}
	g.drawn, g.drew = time.Now(), true
	start := time.Now()
	if g.canvas == nil {
		g.canvas = ebitenr.New(screen, g.scale)
	} else {
		g.canvas.Reset(screen, g.scale)
	}
	g.V.FPS = ebiten.ActualFPS()
	g.V.Draw(g.canvas, w, h)
	g.canvas.Flush()
	g.canvas.Reset(nil, 1)
	g.DrawTime = time.Since(start)
	g.Totals.Drawn++
	g.Totals.Draw += g.DrawTime
	if g.opts.AfterDraw != nil {
		g.opts.AfterDraw(screen)
	}
}

// Layout makes the screen as many pixels as the device has, so text and
// lines are sharp on high-density screens: the view works in logical
// pixels and the canvas scales.
func (g *Game) Layout(outsideWidth, outsideHeight int) (int, int) {
	s := ebiten.Monitor().DeviceScaleFactor()
	if !(s > 0) {
		s = 1
	}
	g.scale = s
	return max(1, int(float64(outsideWidth)*s)), max(1, int(float64(outsideHeight)*s))
}

// ReadDropped returns the first model file (.toml) among files dropped on
// the window with its name, and the other files (SWC morphologies) by
// name.
func ReadDropped(files fs.FS) (name string, src []byte, others map[string][]byte, err error) {
	others = map[string][]byte{}
	err = fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		base := path.Base(p)
		if strings.HasSuffix(strings.ToLower(base), ".toml") && src == nil {
			name, src = base, data
		} else {
			others[base] = data
		}
		return nil
	})
	return name, src, others, err
}
