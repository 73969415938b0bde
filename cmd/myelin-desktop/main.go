// Command myelin-desktop is myelin's application (package app) in a
// native window: `myelin view MODEL.toml` starts it, `make desktop` builds
// it. It opens the model given as argument (or none: the examples list
// shows), takes .toml and .swc files dropped on the window, saves results
// and figures next to the model, and runs the simulation on its own
// goroutine so that the window keeps 60 frames per second.
//
//	myelin-desktop [MODEL.toml] [--frames N --screenshot OUT.png] [--speed X] [--width W --height H] [--stats]
//
// With --screenshot it runs N frames (300 by default), writes the window
// to OUT.png and exits: for tests, and for scripting figures as the app
// shows them. --stats prints, at the end, the frames drawn per second and
// the simulated seconds per wall second.
package main

import (
	"errors"
	"fmt"
	"image"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/myelin-sim/myelin/app"
	_ "github.com/myelin-sim/myelin/cmd/myelin-desktop/internal/display" // one line, not Ebiten's panic, without a display
	"github.com/myelin-sim/myelin/internal/session"
)

const usage = "usage: myelin-desktop [MODEL.toml] [--frames N --screenshot OUT.png] [--speed X] [--width W --height H] [--stats]"

// options are the command line's.
type options struct {
	model         string
	frames        int
	screenshot    string
	speed         float64
	speedSet      bool
	stats         bool
	width, height int
}

func parseArgs(args []string) (options, error) {
	o := options{width: 1200, height: 760}
	for k := 0; k < len(args); k++ {
		a := args[k]
		if !strings.HasPrefix(a, "-") {
			if o.model != "" {
				return o, fmt.Errorf("one model file only (%s and %s)", o.model, a)
			}
			o.model = a
			continue
		}
		name, val, has := strings.Cut(strings.TrimLeft(a, "-"), "=")
		switch name {
		case "frames", "screenshot", "speed", "width", "height":
		case "stats":
			o.stats = true
			continue
		case "h", "help":
			return o, errors.New(usage)
		default:
			return o, fmt.Errorf("unknown option %s; %s", a, usage)
		}
		if !has {
			if k+1 >= len(args) {
				return o, fmt.Errorf("%s needs a value", a)
			}
			k++
			val = args[k]
		}
		var err error
		switch name {
		case "frames":
			o.frames, err = strconv.Atoi(val)
			if err == nil && o.frames < 1 {
				err = errors.New("at least 1")
			}
		case "screenshot":
			o.screenshot = val
		case "speed":
			o.speed, err = strconv.ParseFloat(val, 64)
			o.speedSet = true
		case "width":
			o.width, err = strconv.Atoi(val)
		case "height":
			o.height, err = strconv.Atoi(val)
		}
		if err != nil {
			return o, fmt.Errorf("%s %s: %v", a, val, err)
		}
	}
	if o.screenshot != "" && o.frames == 0 {
		o.frames = 300
	}
	if o.frames > 0 && o.screenshot == "" {
		return o, errors.New("--frames goes with --screenshot OUT.png")
	}
	if o.width < 200 || o.height < 150 {
		return o, errors.New("the window is at least 200 × 150")
	}
	return o, nil
}

func main() {
	os.Exit(run(os.Args[1:], os.Stderr))
}

// desktop is the state of the window beyond the app's.
type desktop struct {
	game   *app.Game
	path   string // the model file; "" for an example
	drops  string // a directory for dropped files, made on the first drop
	frames int
	opts   options
	shot   error // the screenshot's error
	done   bool
}

func run(args []string, stderr io.Writer) (code int) {
	defer func() {
		if p := recover(); p != nil {
			fmt.Fprintf(stderr, "myelin-desktop: %v\n", session.InternalError(p))
			code = 1
		}
	}()
	o, err := parseArgs(args)
	if err != nil {
		fmt.Fprintf(stderr, "myelin-desktop: %v\n", err)
		return 2
	}
	d := &desktop{opts: o}
	d.game = app.New(app.Options{
		Threaded:  true,
		Examples:  app.Examples(),
		Export:    d.export,
		Drop:      d.drop,
		AfterDraw: d.afterDraw,
		Hint:      "Drop a .toml model on the window, or choose an example",
	})
	title := "myelin"
	if o.model != "" {
		src, err := os.ReadFile(o.model)
		if err != nil {
			fmt.Fprintf(stderr, "myelin-desktop: %v\n", oneLine(err))
			return 1
		}
		if err := d.game.C.Load(o.model, src, nil, true); err != nil {
			// The error shows in the window too, but a script wants it here.
			me := session.AsError(err)
			fmt.Fprintf(stderr, "%s:%d:%d: %s\n", o.model, me.Line, me.Col, me.Message)
			if o.screenshot != "" {
				return 1
			}
		}
		d.path = o.model
		title = "myelin — " + filepath.Base(o.model)
	}
	if o.speedSet {
		d.game.C.SetSpeed(o.speed)
	}
	ebiten.SetWindowTitle(title)
	ebiten.SetWindowSize(o.width, o.height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	start := time.Now()
	err = ebiten.RunGameWithOptions(d.game, &ebiten.RunGameOptions{InitUnfocused: o.screenshot != ""})
	d.game.Quit()
	if o.stats {
		wall := time.Since(start).Seconds()
		st := d.game.C.Status()
		fmt.Fprintf(stderr, "myelin-desktop: %d frames in %.2f s (%.1f per second), %.4g s simulated (%.3g s per wall second), %s\n",
			d.frames, wall, float64(d.frames)/wall, st.T, st.T/wall, st.State)
	}
	if err != nil {
		fmt.Fprintf(stderr, "myelin-desktop: %v\n", oneLine(err))
		return 1
	}
	if d.shot != nil {
		fmt.Fprintf(stderr, "myelin-desktop: %v\n", oneLine(d.shot))
		return 1
	}
	return 0
}

// afterDraw counts frames and, in capture mode, writes the window at
// frame N and ends the game.
func (d *desktop) afterDraw(screen *ebiten.Image) {
	d.frames++
	if d.opts.screenshot == "" || d.done || d.frames < d.opts.frames {
		return
	}
	d.done = true
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	d.shot = writePNG(d.opts.screenshot, img)
	d.game.Quit()
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// export saves the results or the figure next to the model file (in the
// working directory for an example or a dropped file), as
// MODEL-results.json, MODEL-results.csv, MODEL-figure.png or .svg.
func (d *desktop) export(kind string) {
	c := d.game.C
	st := c.Status()
	dir := "."
	if d.path != "" && st.File == d.path {
		dir = filepath.Dir(d.path)
	}
	stem := strings.TrimSuffix(filepath.Base(st.File), filepath.Ext(st.File))
	w, h := d.game.V.PlotSize()
	var data []byte
	var err error
	var name string
	switch kind {
	case "json":
		data, err = c.ResultsJSON()
		name = stem + "-results.json"
	case "csv":
		data, err = c.ResultsCSV()
		name = stem + "-results.csv"
	case "png":
		data, err = c.FigurePNG(w, h, 2)
		name = stem + "-figure.png"
	case "svg":
		data, err = c.FigureSVG(w, h)
		name = stem + "-figure.svg"
	default:
		return
	}
	p := filepath.Join(dir, name)
	if err == nil {
		err = os.WriteFile(p, data, 0o644)
	}
	if err != nil {
		c.Notify("could not save " + p + ": " + oneLine(err))
		return
	}
	if abs, err := filepath.Abs(p); err == nil {
		p = abs
	}
	c.Notify("saved " + p)
}

// drop loads a dropped model. Dropped files are copied into a directory
// of their own, so that a model finds the SWC files dropped with it (or
// after it: dropping an SWC reloads the dropped model).
func (d *desktop) drop(files fs.FS) {
	c := d.game.C
	name, src, others, err := app.ReadDropped(files)
	if err != nil {
		c.Notify("could not read the dropped files: " + oneLine(err))
		return
	}
	if d.drops == "" {
		if d.drops, err = os.MkdirTemp("", "myelin-dropped-"); err != nil {
			c.Notify("could not keep the dropped files: " + oneLine(err))
			return
		}
	}
	for n, data := range others {
		os.WriteFile(filepath.Join(d.drops, filepath.Base(n)), data, 0o644)
	}
	if src == nil {
		// Only SWC files: reload a dropped model that may need them.
		if d.path != "" && filepath.Dir(d.path) == d.drops {
			if src, err := os.ReadFile(d.path); err == nil {
				c.Load(d.path, src, nil, true)
				return
			}
		}
		c.Notify("kept " + strings.Join(keys(others), ", ") + ": now drop the model that uses it")
		return
	}
	p := filepath.Join(d.drops, filepath.Base(name))
	if err := os.WriteFile(p, src, 0o644); err != nil {
		c.Notify("could not keep the dropped model: " + oneLine(err))
		return
	}
	// The model is remembered even when it fails to load: it may need an
	// SWC file dropped next.
	d.path = p
	if err := c.Load(p, src, nil, true); err == nil {
		ebiten.SetWindowTitle("myelin — " + name)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", " ") }
