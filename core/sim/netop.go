package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/myelin-sim/myelin/units"
)

// Stop is the error a network operation returns to end the run, as Brian2's
// stop(): the step in progress completes, and Run returns nil.
var Stop = errors.New("stop the run")

// netop is a network operation, as registered under its name.
type netop struct {
	name string
	fn   func(t float64) error
}

// NetworkOperation runs fn every dt seconds (0: every step; a whole multiple
// of the network's dt) in the slot when, with order 0, as Brian2's
// @network_operation(dt=dt, when=when). fn gets the time of the call
// (seconds). When it returns an error, the run ends after the current step:
// Run returns nil for [Stop] (or an error wrapping it) and the error, with
// the operation's name and the time, otherwise. The next Run continues from
// there. An empty name gives "network_operation", "network_operation_1" ...
// It returns the operation's name in the schedule (see [Network.Reschedule]).
func (n *Network) NetworkOperation(name string, dt float64, when Slot, fn func(t float64) error) (string, error) {
	if name == "" {
		name = n.uniqueName("network_operation")
	}
	if fn == nil {
		return "", fmt.Errorf("network operation %s: no function", name)
	}
	if when < 0 || when >= slotCount {
		return "", fmt.Errorf("network operation %s: cannot schedule it in %v", name, when)
	}
	if dt < 0 || math.IsNaN(dt) || math.IsInf(dt, 0) {
		return "", fmt.Errorf("network operation %s: dt must be a positive time, not %v s", name, dt)
	}
	every, err := n.stepsOf(dt, "network operation "+name)
	if err != nil {
		return "", err
	}
	if err := n.register(name, &netop{name, fn}); err != nil {
		return "", err
	}
	n.schedule(when, 0, name, every, func(step int64) {
		if n.halt != nil {
			return // an operation already ended the run: the step completes without the others
		}
		t := n.clockTime(step, every, dt)
		if err := fn(t); err != nil {
			if !errors.Is(err, Stop) {
				err = fmt.Errorf("network operation %s at t = %s: %w", name, units.Q(t, units.Second), err)
			}
			n.halt = err
		}
	})
	return name, nil
}

// halted ends a run that a network operation stopped: nil for Stop, the
// operation's error otherwise.
func (n *Network) halted() error {
	err := n.halt
	n.halt = nil
	n.t.Data[0] = n.T()
	if errors.Is(err, Stop) {
		return nil
	}
	return err
}
