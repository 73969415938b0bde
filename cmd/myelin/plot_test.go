package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlotExamples(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		model, out string
		extra      []string
	}{
		{"lif.toml", "lif.png", nil},
		{"lif.toml", "lif.svg", nil},
		{"hh.toml", "hh.png", []string{"--width", "500", "--height=300"}},
		{"hh.toml", "hh.svg", []string{"--seed", "3", "--set", "g_na=20*usiemens"}},
	} {
		t.Run(tc.out, func(t *testing.T) {
			out := filepath.Join(dir, tc.out)
			args := append([]string{"plot", filepath.Join("..", "..", "examples", tc.model), "-o", out, "--duration", "20*ms"}, tc.extra...)
			var stdout, stderr bytes.Buffer
			if code := run(args, &stdout, &stderr); code != exitOK {
				t.Fatalf("exit %d: %s", code, stderr.String())
			}
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if strings.HasSuffix(out, ".png") {
				img, err := png.Decode(f)
				if err != nil {
					t.Fatal(err)
				}
				w, h := plotWidth, 400
				if tc.extra != nil {
					w, h = 500, 300
				}
				if lif := tc.model == "lif.toml"; lif {
					h = 80 + 2*plotHeight
				}
				if s := img.Bounds().Size(); s.X != w || s.Y != h {
					t.Errorf("PNG is %v, want %dx%d", s, w, h)
				}
				return
			}
			d := xml.NewDecoder(f)
			root := ""
			for {
				tok, err := d.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("SVG: %v", err)
				}
				if se, ok := tok.(xml.StartElement); ok && root == "" {
					root = se.Name.Local
				}
			}
			if root != "svg" {
				t.Errorf("root element %q, want svg", root)
			}
		})
	}
}

const morphologyModel = `
[run]
duration = "10*ms"
[[spatial]]
name = "ball"
model = "Im = 1e-4*siemens/cm**2*(-70*mV - v) : amp/meter**2"
[[spatial.sections]]
name = "soma"
type = "soma"
diameter = "30*um"

[[plots]]
type = "morphology"
source = "ball"
variable = "v"
`

func TestPlotErrors(t *testing.T) {
	dir := t.TempDir()
	morph := filepath.Join(dir, "morph.toml")
	os.WriteFile(morph, []byte(morphologyModel), 0o644)
	lif := filepath.Join("..", "..", "examples", "lif.toml")
	for _, tc := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{morph, "-o", filepath.Join(dir, "m.png"), "--duration", "0*ms"}, exitUsage, "--duration 0*ms"},
		{[]string{morph, "-o", filepath.Join(dir, "morph.png")}, exitOK, ""},
		{[]string{lif, "-o", filepath.Join(dir, "x.jpg")}, exitUsage, "must end in .png or .svg"},
		{[]string{lif, "-o", filepath.Join(dir, "x")}, exitUsage, "must end in .png or .svg"},
		{[]string{lif}, exitUsage, "needs an output file"},
		{[]string{"-o", filepath.Join(dir, "x.png")}, exitUsage, "needs a model file"},
		{[]string{lif, "-o", filepath.Join(dir, "x.png"), "--duration", "5*mV"}, exitUsage, "--duration"},
		{[]string{lif, "-o", filepath.Join(dir, "x.png"), "--width", "big"}, exitUsage, "--width big"},
		{[]string{lif, "-o", filepath.Join(dir, "x.png"), "--frames", "3"}, exitUsage, "unknown flag"},
		{[]string{filepath.Join(dir, "missing.toml"), "-o", filepath.Join(dir, "x.png")}, exitUsage, "cannot read"},
		{[]string{lif, "-o", filepath.Join(dir, "no", "such", "x.png"), "--duration", "1*ms"}, exitUsage, "cannot write"},
		{[]string{lif, "-o", filepath.Join(dir, "x.png"), "--set", "nosuch=3"}, exitModel, ""},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"plot"}, tc.args...), &stdout, &stderr)
		if code != tc.code {
			t.Errorf("%v: exit %d, want %d (%s)", tc.args, code, tc.code, stderr.String())
		}
		if !strings.Contains(stderr.String(), tc.msg) {
			t.Errorf("%v: stderr %q, want %q", tc.args, stderr.String(), tc.msg)
		}
		if lines := strings.Count(strings.TrimSpace(stderr.String()), "\n"); lines > 0 {
			t.Errorf("%v: stderr has %d lines, want one: %q", tc.args, lines+1, stderr.String())
		}
		if strings.Contains(stderr.String(), "goroutine") {
			t.Errorf("%v: a panic reached the user", tc.args)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "m.png")); err == nil {
		t.Errorf("a failed plot left its output file behind")
	}
}
