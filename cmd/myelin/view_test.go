package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// view runs myelin-desktop from PATH with the arguments unchanged and
// returns its exit code; without it, one line says how to build it.
func TestView(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in desktop app is a shell script")
	}
	dir := t.TempDir()
	t.Setenv("PATH", dir)
	t.Setenv("DISPLAY", ":0")
	var out, errb bytes.Buffer
	if code := run([]string{"view", "m.toml"}, &out, &errb); code != exitUsage {
		t.Errorf("exit %d without myelin-desktop", code)
	}
	if msg := errb.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "make desktop") {
		t.Errorf("message %q", msg)
	}
	sh, err := os.ReadFile("/bin/sh")
	if err != nil || len(sh) == 0 {
		t.Skip("no /bin/sh")
	}
	script := "#!/bin/sh\necho \"args: $*\"\nexit 3\n"
	if err := os.WriteFile(filepath.Join(dir, "myelin-desktop"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	errb.Reset()
	code := run([]string{"view", "m.toml", "--frames", "5", "--screenshot", "x.png"}, &out, &errb)
	if code != 3 || out.String() != "args: m.toml --frames 5 --screenshot x.png\n" {
		t.Errorf("exit %d, output %q %q", code, out.String(), errb.String())
	}
	if runtime.GOOS == "darwin" {
		return
	}
	// Without a display, one line says so instead of the app's crash.
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	errb.Reset()
	if code := run([]string{"view", "m.toml"}, &out, &errb); code != exitUsage || strings.Count(errb.String(), "\n") != 1 || !strings.Contains(errb.String(), "no display") {
		t.Errorf("without a display: exit %d, %q", code, errb.String())
	}
}
