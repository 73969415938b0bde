package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/myelin-sim/myelin/internal/figure"
	"github.com/myelin-sim/myelin/render"
	"github.com/myelin-sim/myelin/units"
)

// The default size of a plot, in pixels (SVG: user units), and the most a
// user may ask for.
const (
	plotWidth    = 1000
	plotHeight   = 300 // per panel, up to plotMaxAuto
	plotMaxAuto  = 1200
	plotMaxPixel = 16384
)

// plotModel runs a model headless and writes its [[plots]] as one figure:
// myelin plot MODEL.toml -o FIG.png|FIG.svg [--duration D] [--seed N]
// [--set NAME=VALUE]... [--width W --height H].
func plotModel(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs("plot", args, " o out duration seed set width height max-memory ")
	if err != nil {
		fmt.Fprintln(stderr, "myelin", err)
		return exitUsage
	}
	width, height, err := plotSize(args)
	if err != nil {
		fmt.Fprintln(stderr, "myelin plot:", err)
		return exitUsage
	}
	if o.out == "" {
		fmt.Fprintln(stderr, "myelin plot needs an output file: myelin plot MODEL.toml -o FIG.png (or FIG.svg)")
		return exitUsage
	}
	format := strings.ToLower(filepath.Ext(o.out))
	if format != ".png" && format != ".svg" {
		fmt.Fprintf(stderr, "myelin plot: cannot write %s: the output must end in .png or .svg\n", o.out)
		return exitUsage
	}
	duration := 0.0
	if o.duration != "" {
		q, err := units.Parse(o.duration)
		if err != nil || q.Dim != units.DimTime || !(q.Value > 0) {
			fmt.Fprintf(stderr, "myelin: --duration %s: give a positive time, as in --duration 100*ms\n", o.duration)
			return exitUsage
		}
		duration = q.Value
	}
	b, code := load(o, stderr)
	if b == nil {
		return code
	}
	// Open the output before the run, so a bad path does not waste it.
	file, err := os.Create(o.out)
	if err != nil {
		fmt.Fprintf(stderr, "myelin: cannot write %s: %v\n", o.out, err)
		return exitUsage
	}
	ok := false
	defer func() {
		file.Close()
		if !ok {
			os.Remove(o.out)
		}
	}()
	if isTerminal(stderr) {
		b.Net.Progress = progressBar(stderr)
	}
	if _, err := b.Run(duration); err != nil {
		printModelError(stderr, b.PlaceRunError(err))
		return exitModel
	}
	fig, err := figure.Build(b)
	if err != nil {
		printModelError(stderr, err)
		return exitModel
	}
	if height == 0 {
		height = min(plotMaxAuto, max(400, 80+plotHeight*len(fig.Panels)))
	}
	if width == 0 {
		width = plotWidth
	}
	// Lay the figure out at its final size, so a morphology keeps its
	// equal scale at any --width and --height.
	figure.Fit(fig, width, height)
	w := bufio.NewWriter(file)
	if format == ".svg" {
		err = render.WriteSVG(w, fig, width, height)
	} else {
		err = render.WritePNG(w, fig, width, height)
	}
	if err == nil {
		err = w.Flush()
	}
	if err == nil {
		err = file.Close()
	}
	if err != nil {
		fmt.Fprintf(stderr, "myelin: cannot write %s: %v\n", o.out, err)
		return exitUsage
	}
	ok = true
	return exitOK
}

// plotSize reads --width and --height (pixels); zero means the default.
func plotSize(args []string) (width, height int, err error) {
	for k := 0; k < len(args); k++ {
		name, value, has := strings.Cut(strings.TrimLeft(args[k], "-"), "=")
		if !strings.HasPrefix(args[k], "-") || (name != "width" && name != "height") {
			continue
		}
		if !has {
			if k+1 >= len(args) {
				return 0, 0, fmt.Errorf("flag %s needs a value", args[k])
			}
			k++
			value = args[k]
		}
		n, err := strconv.Atoi(value)
		if err != nil || n < 16 || n > plotMaxPixel {
			return 0, 0, errors.New("--" + name + " " + value + ": give a whole number of pixels from 16 to " + strconv.Itoa(plotMaxPixel))
		}
		if name == "width" {
			width = n
		} else {
			height = n
		}
	}
	return width, height, nil
}
