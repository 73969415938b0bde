package main

import (
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/myelin-sim/myelin/app"
	"github.com/myelin-sim/myelin/cmd/myelin-desktop/internal/display"
	"github.com/myelin-sim/myelin/render"
)

// Without a display the program says so in one line and exits with 2,
// rather than Ebiten panicking in its init with a stack trace: the display
// package's init must run before Ebiten's. The test binary links the same
// packages as the command, so running it again without DISPLAY shows the
// order (it exits before any test runs).
func TestNoDisplay(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("needs a display for the other tests; run under xvfb-run")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "DISPLAY=") {
			env = append(env, e)
		}
	}
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 {
		t.Fatalf("without DISPLAY: %v, want exit status 2; output:\n%s", err, out)
	}
	if string(out) != display.Message {
		t.Errorf("without DISPLAY it printed %q, want %q", out, display.Message)
	}
}

func TestParseArgs(t *testing.T) {
	for _, tc := range []struct {
		args []string
		err  string
	}{
		{[]string{"m.toml"}, ""},
		{[]string{}, ""},
		{[]string{"m.toml", "--screenshot", "x.png"}, ""},
		{[]string{"m.toml", "--frames=10", "--screenshot=x.png", "--speed", "0"}, ""},
		{[]string{"m.toml", "--frames", "10"}, "--frames goes with --screenshot"},
		{[]string{"m.toml", "--frames", "0", "--screenshot", "x.png"}, "at least 1"},
		{[]string{"m.toml", "n.toml"}, "one model file only"},
		{[]string{"m.toml", "--bogus"}, "unknown option --bogus"},
		{[]string{"m.toml", "--speed"}, "--speed needs a value"},
	} {
		o, err := parseArgs(tc.args)
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.err)
		}
		if err == nil && o.screenshot != "" && o.frames == 0 {
			t.Errorf("%v: no frame count", tc.args)
		}
	}
}

// near counts the pixels within 12 of c in every channel.
func near(img image.Image, c color.NRGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			d := func(a uint32, b uint8) bool {
				v := int(a>>8) - int(b)
				return v >= -12 && v <= 12
			}
			if d(r, c.R) && d(g, c.G) && d(bl, c.B) {
				n++
			}
		}
	}
	return n
}

// The desktop app runs CUBA for 120 frames, as fast as it goes, in a window (under Xvfb: make
// test-gui) and writes a screenshot that shows the raster and the rate in
// the plots' first colour, on the app's frame, not a blank window.
func TestScreenshot(t *testing.T) {
	out := filepath.Join(t.TempDir(), "shot.png")
	model := filepath.Join("..", "..", "examples", "cuba.toml")
	var stderr strings.Builder
	if code := run([]string{model, "--frames", "120", "--screenshot", out, "--speed", "0", "--width", "900", "--height", "600"}, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	if b.Dx() < 900 || b.Dy() < 600 {
		t.Errorf("screenshot of %v, want at least 900 × 600", b.Size())
	}
	colours := map[color.NRGBA]bool{}
	for y := b.Min.Y; y < b.Max.Y; y += 7 {
		for x := b.Min.X; x < b.Max.X; x += 7 {
			colours[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)] = true
		}
	}
	if len(colours) < 8 {
		t.Errorf("a blank screenshot: %d colours", len(colours))
	}
	// The plot card is the left part of the window under the control bar
	// (the sliders take the right 300 pixels and more): only the plots draw
	// in the first colour there, as the buttons and sliders use it too.
	s := float64(b.Dx()) / 900
	plot := image.Rect(int(20*s), int(60*s), int(570*s), int(550*s)).Add(b.Min)
	blue := near(img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(plot), render.OkabeIto[0])
	t.Logf("%d pixels of the first colour in the plots", blue)
	if blue < 500 {
		t.Errorf("%d pixels of the raster's colour %v in the plots: no raster", blue, render.OkabeIto[0])
	}
	white := near(img, color.NRGBA{0xff, 0xff, 0xff, 0xff})
	if white < b.Dx()*b.Dy()/4 {
		t.Errorf("%d white pixels: no plot card", white)
	}
}

// A model dropped with its SWC file finds it; a model dropped alone fails
// to load, and dropping its SWC file afterwards loads it.
func TestDrop(t *testing.T) {
	swc := "1 1 0 0 0 15 -1\n2 3 15 0 0 0.5 1\n3 3 115 0 0 0.5 2\n4 3 215 0 0 0.5 3\n"
	src := "[model]\nname = \"dropped\"\n[run]\nduration = \"1*ms\"\n[[spatial]]\nname = \"cell\"\nswc = \"cell.swc\"\nmodel = \"\"\"\nIm = gL*(-70*mV - v) : amp/meter**2\ngL : siemens/meter**2\n\"\"\"\n[spatial.init]\nv = \"-70*mV\"\ngL = \"1e-4*siemens/cm**2\"\n"
	newDesktop := func() *desktop {
		d := &desktop{}
		d.game = app.New(app.Options{})
		t.Cleanup(d.game.Quit)
		t.Cleanup(func() { os.RemoveAll(d.drops) })
		return d
	}
	d := newDesktop()
	d.drop(fstest.MapFS{"m.toml": {Data: []byte(src)}, "cell.swc": {Data: []byte(swc)}})
	if st := d.game.C.Status(); st.Error != nil || st.Name != "dropped" {
		t.Errorf("model and SWC dropped together: %q, %v", st.Name, st.Error)
	}

	d = newDesktop()
	d.drop(fstest.MapFS{"m.toml": {Data: []byte(src)}})
	if st := d.game.C.Status(); st.Error == nil || !strings.Contains(st.Error.Error(), "cell.swc") {
		t.Fatalf("model dropped without its SWC: error %v", st.Error)
	}
	d.drop(fstest.MapFS{"cell.swc": {Data: []byte(swc)}})
	if st := d.game.C.Status(); st.Error != nil || st.Name != "dropped" {
		t.Errorf("SWC dropped after its model: %q, %v", st.Name, st.Error)
	}
}
