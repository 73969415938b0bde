package sim

import "fmt"

// NewSynapseStateMonitor records variables of the synapses record (indices
// in the order Synapses.Values lists them; nil records every synapse
// existing now) every period seconds (0: every step), in the start slot as
// a StateMonitor of neurons. It is Brian2's StateMonitor(S, 'w',
// record=...). Subexpressions and shared variables of the synapses can be
// recorded too.
func (n *Network) NewSynapseStateMonitor(name string, s *Synapses, variables []string, record []int, period float64) (*StateMonitor, error) {
	every, err := n.stepsOf(period, "state monitor "+name)
	if err != nil {
		return nil, err
	}
	count := s.Count()
	if record == nil {
		record = make([]int, count)
		for i := range record {
			record[i] = i
		}
	}
	for _, r := range record {
		if r < 0 || r >= count {
			return nil, fmt.Errorf("state monitor %s: cannot record synapse %d of %s, which has %d", name, r, s.name, count)
		}
	}
	m := &StateMonitor{Name: name, Variables: variables, Record: record}
	for _, v := range variables {
		d, ok := s.Dim(v)
		if !ok {
			return nil, fmt.Errorf("state monitor %s: %s has no variable '%s'%s", name, s.name, v, suggest(v, s.VariableNames()))
		}
		if _, err := s.Values(v); err != nil {
			return nil, fmt.Errorf("state monitor %s: %v", name, err)
		}
		m.Units = append(m.Units, d)
		m.Values = append(m.Values, make([][]float64, len(record)))
	}
	if err := n.register(name, m); err != nil {
		return nil, err
	}
	n.schedule(Start, 0, name, every, func(step int64) {
		m.T = append(m.T, n.clockTime(step, every, period))
		for vi, v := range m.Variables {
			data, _ := s.Values(v)
			rows := m.Values[vi]
			for r, i := range m.Record {
				if len(data) == 1 { // a shared variable
					i = 0
				}
				rows[r] = append(rows[r], data[i])
			}
		}
	})
	return m, nil
}
