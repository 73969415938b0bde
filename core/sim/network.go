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

// Slot is a phase of a time step, in Brian2's default schedule.
type Slot int

// The schedule's slots, in the order they run within a step.
const (
	Start Slot = iota
	Groups
	Thresholds
	Synapses
	Resets
	End
)

var slotNames = [...]string{"start", "groups", "thresholds", "synapses", "resets", "end"}

func (s Slot) String() string { return slotNames[s] }

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
	rng   *rand.Rand
	seed  uint64

	runners []runner
	sorted  bool
	objects map[string]any
	groups  []*NeuronGroup
	stop    error // set when a run blew up

	// Progress, when set, is called about every 1% of a run and at its end
	// with the fraction done and the simulated time.
	Progress func(fraction, t float64)
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
		dt:      &kernel.Column{Name: "dt", Data: []float64{dt}, Scalar: true},
		objects: map[string]any{},
	}
	n.Seed(seed)
	return n, nil
}

// Seed resets the random number generator.
func (n *Network) Seed(seed uint64) {
	n.seed = seed
	n.rng = rand.New(rand.NewPCG(seed, 0x6d79656c696e)) // "myelin"
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
	if !n.sorted {
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
	start := time.Now()
	end := n.step + steps
	report := steps / 100
	if report < 1 {
		report = 1
	}
	first := n.step
	for n.step < end {
		s := n.step
		n.t.Data[0] = float64(s) * n.DT
		for i := range n.runners {
			r := &n.runners[i]
			if r.every == 1 || s%r.every == 0 {
				r.run(s)
			}
		}
		n.step++
		if (n.step-first)%checkEvery == 0 || n.step == end {
			if err := n.checkFinite(); err != nil {
				n.stop = err
				return time.Since(start), err
			}
		}
		if n.Progress != nil && ((n.step-first)%report == 0 || n.step == end) {
			n.Progress(float64(n.step-first)/float64(steps), n.T())
		}
	}
	n.t.Data[0] = n.T()
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
	return nil
}
