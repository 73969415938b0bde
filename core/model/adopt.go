package model

import "fmt"

// AdoptState makes b, just built from the same model file as old with some
// constant changed, continue old's run from where it is: the time step,
// every group's and synapse's variables, the spikes in flight, the
// monitors' recordings, the inputs' positions and the random generator
// all come from old (see [sim.Network.Adopt]), while the equations, with
// their new constants, are b's. This is how a change of a constant takes
// effect in a running simulation: from the moment of adoption on, as if
// the constant had been changed at that time. With no constant changed the
// run continues bit-identically.
//
// Constants set by [[schedule]] steps keep the values the run gave them,
// unless the rebuild changed their value in the file.
//
// If the rebuilt model differs from old in structure (another N, other
// synapses after connect, other monitors) AdoptState returns a one-line
// error and leaves b as it was built.
func (b *Built) AdoptState(old *Built) error {
	if old == nil || old.Net == nil || b.Net == nil {
		return fmt.Errorf("cannot continue the run: there is no running model to take the state from")
	}
	if len(b.Monitors) != len(old.Monitors) {
		return fmt.Errorf("cannot continue the run with the rebuilt model: it has %d monitors instead of %d (restart the run instead)", len(b.Monitors), len(old.Monitors))
	}
	for k, m := range b.Monitors {
		o := old.Monitors[k]
		if m.Name != o.Name || m.Type != o.Type || m.Event != o.Event || m.Source != o.Source {
			return fmt.Errorf("cannot continue the run with the rebuilt model: monitor %s changed (restart the run instead)", m.Name)
		}
	}
	if err := b.Net.Adopt(old.Net); err != nil {
		return err
	}
	// Constants that [[schedule]] steps set are state of the run too: they
	// keep the values the run gave them, except those whose value in the
	// file changed (the constant changed for the rebuild, and those computed
	// from it), which start again from the new value.
	for name, col := range b.live {
		oc := old.live[name]
		if col == nil || oc == nil {
			continue
		}
		c, ok1 := b.File.Constant(name)
		o, ok2 := old.File.Constant(name)
		if ok1 && ok2 && c.Value.Value == o.Value.Value {
			copy(col.Data, oc.Data)
		}
	}
	return nil
}
