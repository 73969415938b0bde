package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// desktopName is the desktop app's binary, built by `make desktop`.
func desktopName() string {
	if runtime.GOOS == "windows" {
		return "myelin-desktop.exe"
	}
	return "myelin-desktop"
}

// findDesktop returns the path of myelin-desktop: beside this binary
// first, then on PATH.
func findDesktop() (string, error) {
	name := desktopName()
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("myelin view: %s is not installed beside myelin or on PATH (build it with `make desktop`; docs/app.md)", name)
}

// viewModel runs `myelin view MODEL.toml [--frames N --screenshot OUT.png]`:
// the desktop app, a separate binary because Ebiten needs a display and the
// myelin command line must work without one. The arguments go through
// unchanged, and its exit code is view's.
func viewModel(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "myelin view: give a model file, as in `myelin view examples/hh.toml`")
		return exitUsage
	}
	bin, err := findDesktop()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	if err := haveDisplay(); err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	cmd := exec.Command(bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, stdout, stderr
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		fmt.Fprintf(stderr, "myelin view: %v\n", err)
		return exitModel
	}
	return exitOK
}

// haveDisplay checks, on systems where windows go through X11 or Wayland,
// that there is a display to open one on: without it the desktop app
// cannot start (Ebiten stops it before it can say why in one line).
func haveDisplay() error {
	switch runtime.GOOS {
	case "windows", "darwin", "ios", "android", "js":
		return nil
	}
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return errors.New("myelin view: no display (DISPLAY is not set): run it in a desktop session, or under xvfb-run for --screenshot")
	}
	return nil
}
