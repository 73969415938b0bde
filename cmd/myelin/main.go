// Command myelin runs, checks, plots and exports myelin models headless.
//
// It never links Ebiten, so it works on servers without a display; `myelin
// view` starts the separate desktop binary.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/myelin-sim/myelin/core/export"
	"github.com/myelin-sim/myelin/core/model"
	"github.com/myelin-sim/myelin/core/sim"
	"github.com/myelin-sim/myelin/internal/version"
	"github.com/myelin-sim/myelin/units"
)

const usage = `myelin %s — Brian2-style spiking neural networks

Usage:
  myelin run MODEL.toml [-o OUT.json] [--duration D] [--seed N] [--set NAME=VALUE]... [--final-state] [--quiet] [--max-memory SIZE] [--threads N]
  myelin check MODEL.toml [--seed N] [--set NAME=VALUE]... [--max-memory SIZE]
  myelin plot MODEL.toml -o FIG.png|FIG.svg [--duration D] [--seed N] [--set NAME=VALUE]... [--width W --height H] [--max-memory SIZE]
  myelin export brian2 MODEL.toml [-o MODEL.py]
  myelin view MODEL.toml [--frames N --screenshot OUT.png]
  myelin version

The model format is described in docs/model-format.md.
`

// Exit codes.
const (
	exitOK    = 0
	exitModel = 1 // the model is wrong, or its run blew up
	exitUsage = 2
)

func main() { os.Exit(safeRun(os.Args[1:], os.Stdout, os.Stderr)) }

// safeRun is run with a last line of defence: no Go panic or stack trace
// reaches a user. A panic is a bug of myelin's, reported in one line.
func safeRun(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "myelin: internal error (please report it with the model file): %s\n",
				strings.ReplaceAll(fmt.Sprint(r), "\n", " "))
			code = exitModel
		}
	}()
	return run(args, stdout, stderr)
}

// run executes the command line args and returns the exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintf(stderr, usage, version.Version)
		return exitUsage
	}
	switch args[0] {
	case "version", "--version", "-version":
		fmt.Fprintln(stdout, "myelin", version.Version)
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprintf(stdout, usage, version.Version)
		return exitOK
	case "run":
		return runModel(args[1:], stdout, stderr)
	case "check":
		return checkModel(args[1:], stdout, stderr)
	case "export":
		return exportModel(args[1:], stdout, stderr)
	case "plot":
		return plotModel(args[1:], stdout, stderr)
	case "view":
		return viewModel(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "myelin: unknown command %q\n\n", args[0])
	fmt.Fprintf(stderr, usage, version.Version)
	return exitUsage
}

// options are the parsed arguments of a verb.
type options struct {
	model      string
	out        string
	duration   string
	seed       string
	sets       []string
	finalState bool
	quiet      bool
	maxMemory  string
	threads    string
}

// parseArgs reads a verb's arguments: one model path and flags anywhere,
// as -o X, --flag X or --flag=X.
func parseArgs(verb string, args []string, allowed string) (*options, error) {
	o := &options{}
	for k := 0; k < len(args); k++ {
		a := args[k]
		if !strings.HasPrefix(a, "-") || a == "-" {
			if o.model != "" {
				return nil, fmt.Errorf("%s takes one model file, but got %q and %q", verb, o.model, a)
			}
			o.model = a
			continue
		}
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.Contains(allowed, " "+name+" ") {
			return nil, fmt.Errorf("%s: unknown flag %s", verb, a)
		}
		takes := name != "final-state" && name != "quiet" && name != "q"
		if takes && !hasValue {
			if k+1 >= len(args) {
				return nil, fmt.Errorf("%s: flag %s needs a value", verb, a)
			}
			k++
			value = args[k]
		}
		switch name {
		case "o", "out":
			o.out = value
		case "duration":
			o.duration = value
		case "seed":
			o.seed = value
		case "set":
			o.sets = append(o.sets, value)
		case "final-state":
			o.finalState = true
		case "quiet", "q":
			o.quiet = true
		case "max-memory":
			o.maxMemory = value
		case "threads":
			o.threads = value
		}
	}
	if o.model == "" {
		return nil, fmt.Errorf("%s needs a model file: myelin %s MODEL.toml", verb, verb)
	}
	return o, nil
}

// printModelError prints every error of a model on its own line.
func printModelError(stderr io.Writer, err error) {
	var list model.ErrorList
	if errors.As(err, &list) {
		for _, e := range list {
			fmt.Fprintln(stderr, e.Error())
		}
		return
	}
	fmt.Fprintln(stderr, strings.ReplaceAll(err.Error(), "\n", " "))
}

// load reads and builds the model with the options' overrides.
func load(o *options, stderr io.Writer) (*model.Built, int) {
	f, opts, code := loadFile(o, stderr)
	if f == nil {
		return nil, code
	}
	return build(f, opts, stderr)
}

// build builds a loaded model.
func build(f *model.File, opts model.Options, stderr io.Writer) (*model.Built, int) {
	b, err := model.BuildWith(f, opts)
	if err != nil {
		printModelError(stderr, err)
		return nil, exitModel
	}
	return b, exitOK
}

// loadFile reads the model with the options' overrides, and the options
// to build it with.
func loadFile(o *options, stderr io.Writer) (*model.File, model.Options, int) {
	var opts model.Options
	f, err := model.LoadFile(o.model)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			fmt.Fprintf(stderr, "myelin: cannot read %s: %v\n", o.model, pe.Err)
			return nil, opts, exitUsage
		}
		printModelError(stderr, err)
		return nil, opts, exitModel
	}
	for _, s := range o.sets {
		if !strings.Contains(s, "=") {
			fmt.Fprintf(stderr, "myelin: --set %s: write NAME=VALUE, as in --set tau=20*ms or --set G.I=0.5*nA\n", s)
			return nil, opts, exitUsage
		}
	}
	if err := f.OverrideAll(o.sets); err != nil {
		printModelError(stderr, err)
		return nil, opts, exitModel
	}
	if len(f.Neurons)+len(f.Poisson)+len(f.SpikeGens)+len(f.Spatial) == 0 {
		what := "has no groups"
		if strings.TrimSpace(f.Src) == "" {
			what = "is empty"
		}
		fmt.Fprintf(stderr, "%s:1:1: the model %s, so there is nothing to simulate: add a [[neurons]], [[poisson]], [[spikegen]] or [[spatial]] table (docs/model-format.md shows a first model)\n", o.model, what)
		return nil, opts, exitModel
	}
	if o.seed != "" {
		n, err := strconv.ParseUint(o.seed, 10, 64)
		if err != nil {
			fmt.Fprintf(stderr, "myelin: --seed %s: the seed is a non-negative integer\n", o.seed)
			return nil, opts, exitUsage
		}
		opts.Seed = &n
	}
	if o.maxMemory != "" {
		limit, err := model.ParseMemory(o.maxMemory)
		if err != nil {
			fmt.Fprintf(stderr, "myelin: --max-memory: %v\n", err)
			return nil, opts, exitUsage
		}
		opts.MaxMemory = limit
	}
	return f, opts, exitOK
}

func runModel(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs("run", args, " o out duration seed set final-state quiet q max-memory threads ")
	if err != nil {
		fmt.Fprintln(stderr, "myelin", err)
		return exitUsage
	}
	threads := 0 // all cores
	if o.threads != "" {
		n, err := strconv.Atoi(o.threads)
		if err != nil || n < 0 {
			fmt.Fprintf(stderr, "myelin: --threads %s: give a number of threads, 0 for all cores or 1 for one\n", o.threads)
			return exitUsage
		}
		threads = n
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
	var w io.Writer = stdout
	if o.out != "" {
		// Open the output first, so a bad path does not waste a run.
		file, err := os.Create(o.out)
		if err != nil {
			fmt.Fprintf(stderr, "myelin: cannot write %s: %v\n", o.out, err)
			return exitUsage
		}
		defer file.Close()
		w = file
	}
	if !o.quiet && isTerminal(stderr) {
		b.Net.Progress = progressBar(stderr)
	}
	// Large groups' state updates and thresholds are spread over threads
	// goroutines; the results are the same bit for bit.
	b.Net.Threads = threads
	wall, runErr := b.Run(duration)
	res := b.Results(wall.Seconds(), o.finalState)
	if runErr != nil {
		res.Error = runErr.Error()
		runErr = b.PlaceRunError(runErr)
	}
	enc := json.NewEncoder(w)
	if err := enc.Encode(res); err != nil {
		fmt.Fprintf(stderr, "myelin: writing the results: %v\n", err)
		if runErr != nil {
			printModelError(stderr, runErr)
		}
		return exitModel
	}
	if runErr != nil {
		printModelError(stderr, runErr)
		return exitModel
	}
	return exitOK
}

func checkModel(args []string, stdout, stderr io.Writer) int {
	o, err := parseArgs("check", args, " set seed max-memory ")
	if err != nil {
		fmt.Fprintln(stderr, "myelin", err)
		return exitUsage
	}
	f, opts, code := loadFile(o, stderr)
	if f == nil {
		return code
	}
	// A model too big for the memory at hand: what it would take, and the
	// refusal that run would give.
	est := f.Estimate()
	if err := est.Check(opts.MaxMemory); err != nil {
		fmt.Fprintf(stdout, "model %s (not built):\n%s", modelName(f), est.Text())
		printModelError(stderr, err)
		return exitModel
	}
	// Connecting is what takes long in a big model: check makes the
	// synapses, and prints their actual numbers, only when that is quick.
	total := 0.0
	for _, s := range est.Synapses {
		total += s.Count
	}
	opts.SkipConnect = total > checkConnectLimit
	b, code := build(f, opts, stderr)
	if b == nil {
		return code
	}
	fmt.Fprint(stdout, b.Summary())
	return exitOK
}

// checkConnectLimit is the number of synapses (estimated) up to which
// myelin check connects them, about a second's work.
const checkConnectLimit = 2e7

// modelName is the model's name, or its file's.
func modelName(f *model.File) string {
	if f.Model.Name.Text != "" {
		return f.Model.Name.Text
	}
	return f.Name
}

// exportModel writes a standalone Brian2 script for the model.
func exportModel(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "brian2" {
		fmt.Fprintln(stderr, "myelin export: the only target is brian2: myelin export brian2 MODEL.toml [-o MODEL.py]")
		return exitUsage
	}
	o, err := parseArgs("export brian2", args[1:], " o out set final-state ")
	if err != nil {
		fmt.Fprintln(stderr, "myelin", err)
		return exitUsage
	}
	f, err := model.LoadFile(o.model)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			fmt.Fprintf(stderr, "myelin: cannot read %s: %v\n", o.model, pe.Err)
			return exitUsage
		}
		printModelError(stderr, err)
		return exitModel
	}
	for _, s := range o.sets {
		if !strings.Contains(s, "=") {
			fmt.Fprintf(stderr, "myelin: --set %s: write NAME=VALUE\n", s)
			return exitUsage
		}
	}
	if err := f.OverrideAll(o.sets); err != nil {
		printModelError(stderr, err)
		return exitModel
	}
	dir := filepath.Dir(o.model)
	opts := export.Options{FinalState: o.finalState, Source: filepath.Base(o.model),
		ReadFile: func(name string) ([]byte, error) {
			if !filepath.IsAbs(name) {
				name = filepath.Join(dir, name)
			}
			return os.ReadFile(name)
		}}
	var buf bytes.Buffer
	if err := opts.Brian2(&buf, f); err != nil {
		printModelError(stderr, err)
		return exitModel
	}
	if o.out == "" || o.out == "-" {
		stdout.Write(buf.Bytes())
		return exitOK
	}
	if err := os.WriteFile(o.out, buf.Bytes(), 0o644); err != nil {
		fmt.Fprintf(stderr, "myelin: cannot write %s: %v\n", o.out, err)
		return exitUsage
	}
	return exitOK
}

// isTerminal reports whether w is a terminal, for the progress bar.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// progressBar draws a one-line bar on a terminal, with the wall time so
// far and an estimate of the time left.
func progressBar(w io.Writer) func(sim.Progress) {
	last := -1
	return func(p sim.Progress) {
		pct := int(p.Fraction * 100)
		if pct == last {
			return
		}
		last = pct
		n := pct / 4
		left := ""
		if p.Fraction > 0 && pct < 100 {
			rest := time.Duration(float64(p.Wall) * (1 - p.Fraction) / p.Fraction)
			left = fmt.Sprintf("  %s left", rest.Round(time.Second))
		}
		fmt.Fprintf(w, "\r[%s%s] %3d%%  t = %s  %s%s\x1b[K", strings.Repeat("#", n), strings.Repeat(".", 25-n), pct,
			units.Q(p.T, units.Second), p.Wall.Round(100*time.Millisecond), left)
		if pct >= 100 {
			fmt.Fprintln(w)
		}
	}
}
