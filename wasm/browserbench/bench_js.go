//go:build js

package browserbench

import (
	"fmt"
	"image/color"
	"io"
	"net/http"
	"slices"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/render"
)

// Frames is how many timed runs Report makes, after two warm-up runs.
const Frames = 30

// Bench holds the results, in window.bench: one object per reported
// name with its median and fastest time in milliseconds, any values set,
// and ready once the benchmark is done (error if it failed).
type Bench struct {
	out js.Value
}

// Report runs fn two times to warm up and then Frames times, and records
// the median and the fastest time under name.
func (b *Bench) Report(name string, fn func()) {
	fn()
	fn()
	ts := make([]float64, 0, Frames)
	for range Frames {
		t0 := time.Now()
		fn()
		ts = append(ts, float64(time.Since(t0).Nanoseconds())/1e6)
	}
	slices.Sort(ts)
	o := js.Global().Get("Object").New()
	o.Set("median", ts[len(ts)/2])
	o.Set("best", ts[0])
	b.out.Set(name, o)
}

// Set records a value (a number, string or bool, or a js.Value) under name.
func (b *Bench) Set(name string, v any) { b.out.Set(name, v) }

// Object records a new, empty object under name and returns it.
func (b *Bench) Object(name string) js.Value {
	o := js.Global().Get("Object").New()
	b.out.Set(name, o)
	return o
}

// Fetch returns a file served beside the page (run.sh copies it there).
func Fetch(name string) ([]byte, error) {
	url := js.Global().Get("location").Get("href").String()
	resp, err := http.Get(url[:len(url)-len("index.html")] + name)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: %s", name, resp.Status)
	}
	return io.ReadAll(resp.Body)
}

// NullCanvas discards everything drawn on it: what a figure costs
// without any drawing (render's geometry alone).
type NullCanvas struct{}

func (NullCanvas) Stroke(*render.Path, render.LineStyle)           {}
func (NullCanvas) Fill(*render.Path, color.NRGBA)                  {}
func (NullCanvas) Text(float64, float64, string, render.TextStyle) {}
func (NullCanvas) PushClip(render.Rect)                            {}
func (NullCanvas) PopClip()                                        {}

// Run opens a w × h Ebiten game whose first Update runs bench, which
// returns the image to show afterwards (or nil); then window.bench.ready
// is true. An error of the game ends up in window.bench.error.
func Run(w, h int, bench func(*Bench) *ebiten.Image) {
	ebiten.SetWindowSize(w, h)
	g := &game{w: w, h: h, bench: bench, b: &Bench{out: js.Global().Get("bench")}}
	if err := ebiten.RunGame(g); err != nil {
		g.b.out.Set("error", err.Error())
	}
}

type game struct {
	w, h  int
	bench func(*Bench) *ebiten.Image
	b     *Bench
	done  bool
	img   *ebiten.Image
}

func (g *game) Update() error {
	if g.done {
		return nil
	}
	g.done = true
	g.img = g.bench(g.b)
	g.b.out.Set("ready", true)
	return nil
}

func (g *game) Draw(screen *ebiten.Image) {
	if g.img != nil {
		screen.DrawImage(g.img, nil)
	}
}

func (g *game) Layout(int, int) (int, int) { return g.w, g.h }
