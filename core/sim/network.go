package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/myelin-sim/myelin/core/expr"
	"github.com/myelin-sim/myelin/core/kernel"
)

// Slot is a phase of a time step, in Brian2's default schedule: the six
// slots start, groups, thresholds, synapses, resets and end, each with a
// before_ and an after_ slot around it (Brian2's when=).
type Slot int

// The schedule's slots, in the order they run within a step.
const (
	BeforeStart Slot = iota
	Start
	AfterStart
	BeforeGroups
	Groups
	AfterGroups
	BeforeThresholds
	Thresholds
	AfterThresholds
	BeforeSynapses
	SynapsesSlot // "synapses" (the name Synapses is the type)
	AfterSynapses
	BeforeResets
	Resets
	AfterResets
	BeforeEnd
	End
	AfterEnd
	slotCount
)

var slotNames = [...]string{
	"before_start", "start", "after_start",
	"before_groups", "groups", "after_groups",
	"before_thresholds", "thresholds", "after_thresholds",
	"before_synapses", "synapses", "after_synapses",
	"before_resets", "resets", "after_resets",
	"before_end", "end", "after_end",
}

// String returns Brian2's name of the slot ("start", "after_thresholds"...).
func (s Slot) String() string {
	if s >= 0 && s < slotCount {
		return slotNames[s]
	}
	return fmt.Sprintf("Slot(%d)", int(s))
}

// ParseSlot returns the slot Brian2 calls name ("thresholds",
// "after_resets", ...).
func ParseSlot(name string) (Slot, error) {
	for s := BeforeStart; s < slotCount; s++ {
		if slotNames[s] == name {
			return s, nil
		}
	}
	return 0, fmt.Errorf("unknown scheduling slot '%s'%s", name, suggest(name, slotNames[:]))
}

// A runner is one scheduled piece of work of an object.
type runner struct {
	slot  Slot
	order int
	name  string
	every int64 // runs on steps that are multiples of every (1: each step)
	run   func(step int64)
}

// Network holds the objects of a simulation and runs them.
type Network struct {
	DT   float64 // the time step, in seconds
	step int64

	t, dt *kernel.Column // the scalar columns every kernel reads
	steps *kernel.Column // t_in_timesteps, the current step as a number
	rng   *rand.Rand
	pcg   *rand.PCG // rng's source, whose state Store saves
	seed  uint64

	runners   []runner
	sorted    bool
	beforeRun []func() error // checks and preparations at the start of every run
	objects   map[string]any
	groups    []*NeuronGroup
	// flush tells the runner now running whether its kernels' range runs
	// check their stores for subnormal numbers: kernel.FlushStep of the
	// step and the runner's period during a step, so that the choice
	// depends on the step alone (a run continued after Restore or
	// AdoptState flushes as one run straight through), and true outside
	// the steps (everything else checks every store).
	flush  bool
	stop   error                // set when a run blew up
	halt   error                // set by a network operation to end the run after this step (Stop or its error)
	stored map[string]*snapshot // Store's snapshots, by name
	finite finiteScan           // the synapses checkFinite scans

	// Progress, when set, is called about every 1% of a run and at its end,
	// for a progress bar: the command line's and the app's.
	Progress func(Progress)

	// Threads is the number of goroutines the state updates and thresholds
	// of large groups (and the state updates of large Synapses) are spread
	// over: 0, the default, means runtime.GOMAXPROCS(0) (all cores) natively
	// and 1 under WebAssembly; 1 runs everything on the calling goroutine.
	// Results are the same bit for bit whatever the number (see
	// parallel.go); it may be changed between runs.
	Threads int
	parMin  int    // the fewest elements per chunk of a split run (0: minChunk); tests lower it
	runGen  uint64 // counts the calls of Run, for what split runs work out once per run
}

// Progress is how far a call of [Network.Run] has come.
type Progress struct {
	Fraction float64       // of the steps of this call done, from 0 to 1
	T        float64       // the simulated time reached, in seconds
	Wall     time.Duration // the wall time since this call began
}

// NewNetwork returns an empty network with time step dt (seconds) whose
// random numbers come from seed.
func NewNetwork(dt float64, seed uint64) (*Network, error) {
	if !(dt > 0) || math.IsInf(dt, 0) {
		return nil, fmt.Errorf("dt must be a positive time, not %v s", dt)
	}
	n := &Network{
		DT:      dt,
		t:       &kernel.Column{Name: "t", Data: []float64{0}, Scalar: true},
		steps:   &kernel.Column{Name: "t_in_timesteps", Data: []float64{0}, Scalar: true},
		dt:      &kernel.Column{Name: "dt", Data: []float64{dt}, Scalar: true},
		objects: map[string]any{},
		flush:   true,
	}
	n.Seed(seed)
	return n, nil
}

// Seed resets the random number generator.
func (n *Network) Seed(seed uint64) {
	n.seed = seed
	n.pcg = rand.NewPCG(seed, 0x6d79656c696e) // "myelin"
	n.rng = rand.New(n.pcg)
}

// RNG returns the network's random number generator, for building objects
// whose initialisation draws random numbers in a reproducible order.
func (n *Network) RNG() *rand.Rand { return n.rng }

// T returns the current time in seconds.
func (n *Network) T() float64 { return float64(n.step) * n.DT }

// Step returns the current time step.
func (n *Network) Step() int64 { return n.step }

// register claims a name for an object.
func (n *Network) register(name string, obj any) error {
	if name == "" {
		return fmt.Errorf("every object needs a name")
	}
	if _, dup := n.objects[name]; dup {
		return fmt.Errorf("the name '%s' is used twice", name)
	}
	n.objects[name] = obj
	return nil
}

// Object returns the object with the given name, or nil.
func (n *Network) Object(name string) any { return n.objects[name] }

// schedule adds a runner. every is a clock period in steps of the network.
func (n *Network) schedule(slot Slot, order int, name string, every int64, run func(step int64)) {
	if every < 1 {
		every = 1
	}
	n.runners = append(n.runners, runner{slot, order, name, every, run})
	n.sorted = false
}

// stepsOf converts a clock period (seconds) into a whole number of network
// steps; Brian2 allows any clock, myelin needs multiples of dt.
func (n *Network) stepsOf(period float64, what string) (int64, error) {
	if period == 0 {
		return 1, nil
	}
	k := math.Round(period / n.DT)
	if k < 1 || math.Abs(k*n.DT-period) > 1e-9*period {
		return 0, fmt.Errorf("%s's dt (%g s) must be a whole multiple of the network's dt (%g s)", what, period, n.DT)
	}
	return int64(k), nil
}

// Reschedule moves the scheduled operation called name (a group's
// "G_stateupdater", "G_spike_thresholder", "G_burst_resetter",
// "G_run_regularly", a monitor's name ...) to another slot and order, as
// setting when= and order= of a Brian2 object does.
func (n *Network) Reschedule(name string, when Slot, order int) error {
	if when < 0 || when >= slotCount {
		return fmt.Errorf("cannot schedule %s in %v", name, when)
	}
	for i := range n.runners {
		if n.runners[i].name == name {
			n.runners[i].slot, n.runners[i].order = when, order
			n.sorted = false
			return nil
		}
	}
	names := make([]string, len(n.runners))
	for i, r := range n.runners {
		names[i] = r.name
	}
	return fmt.Errorf("the network schedules nothing called '%s'%s", name, suggest(name, names))
}

// Schedule lists the scheduled operations in the order they run within a
// step, as "slot, order, name" lines (Brian2's scheduling_summary).
func (n *Network) Schedule() []string {
	n.sortRunners()
	out := make([]string, len(n.runners))
	for i, r := range n.runners {
		every := ""
		if r.every > 1 {
			every = fmt.Sprintf(" every %d steps", r.every)
		}
		out[i] = fmt.Sprintf("%s, %d, %s%s", r.slot, r.order, r.name, every)
	}
	return out
}

func (n *Network) sortRunners() {
	if n.sorted {
		return
	}
	sort.SliceStable(n.runners, func(a, b int) bool {
		ra, rb := n.runners[a], n.runners[b]
		if ra.slot != rb.slot {
			return ra.slot < rb.slot
		}
		if ra.order != rb.order {
			return ra.order < rb.order
		}
		return ra.name < rb.name
	})
	n.sorted = true
}

// uniqueName returns base, or base_1, base_2 ... the first that no object
// or scheduled operation uses (Brian2's find_name).
func (n *Network) uniqueName(base string) string {
	taken := func(s string) bool {
		if _, ok := n.objects[s]; ok {
			return true
		}
		for _, r := range n.runners {
			if r.name == s {
				return true
			}
		}
		return false
	}
	if !taken(base) {
		return base
	}
	for k := 1; ; k++ {
		if s := fmt.Sprintf("%s_%d", base, k); !taken(s) {
			return s
		}
	}
}

// clockTime is Brian2's time of a clock of period every steps of dt at a
// network step that is a multiple of every: its own timestep times its own
// dt (which can differ in the last bit from step*dt).
func (n *Network) clockTime(step, every int64, period float64) float64 {
	if every <= 1 {
		return float64(step) * n.DT
	}
	return float64(step/every) * period
}

// Run simulates duration seconds (rounded to whole steps as Brian2 does)
// and returns the wall-clock time the loop took. A run that produces NaN or
// an infinity stops with an error naming the group, variable, neuron and
// time; what was recorded until then is kept.
func (n *Network) Run(duration float64) (time.Duration, error) {
	if n.stop != nil {
		return 0, n.stop
	}
	if duration < 0 || math.IsNaN(duration) || math.IsInf(duration, 0) {
		return 0, fmt.Errorf("cannot run for %v s", duration)
	}
	steps := int64(expr.Timestep(duration, n.DT))
	n.sortRunners()
	n.runGen++
	for _, f := range n.beforeRun {
		if err := f(); err != nil {
			return 0, err
		}
	}
	start := time.Now()
	end := n.step + steps
	report := steps / 100
	if report < 1 {
		report = 1
	}
	first := n.step
	n.halt = nil
	for n.step < end {
		s := n.step
		n.t.Data[0] = float64(s) * n.DT
		n.steps.Data[0] = float64(s)
		for i := range n.runners {
			r := &n.runners[i]
			if r.every == 1 || s%r.every == 0 {
				n.flush = kernel.FlushStep(s, r.every)
				r.run(s)
			}
		}
		n.flush = true
		n.step++
		if (n.step-first)%checkEvery == 0 || n.step == end {
			if err := n.checkFinite(); err != nil {
				n.stop = err
				return time.Since(start), err
			}
		}
		if n.Progress != nil && ((n.step-first)%report == 0 || n.step == end) {
			n.Progress(Progress{Fraction: float64(n.step-first) / float64(steps), T: n.T(), Wall: time.Since(start)})
		}
		if n.halt != nil {
			return time.Since(start), n.halted()
		}
	}
	n.t.Data[0] = n.T()
	n.steps.Data[0] = float64(n.step)
	return time.Since(start), nil
}

// checkEvery is how often (in steps) state variables are scanned for NaN
// and infinities: often enough to stop a blown-up run promptly, rarely
// enough to cost nothing.
const checkEvery = 64

func (n *Network) checkFinite() error {
	for _, g := range n.groups {
		if err := g.checkFinite(n.T()); err != nil {
			return err
		}
	}
	for _, s := range n.scannedSynapses() {
		if err := s.checkFinite(n.T()); err != nil {
			return err
		}
	}
	return nil
}
