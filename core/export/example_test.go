package export_test

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/myelin-sim/myelin/core/export"
	"github.com/myelin-sim/myelin/core/model"
)

const lif = `[model]
name = "LIF"

[run]
duration = "100*ms"

[constants]
tau = "10*ms"
N = 100

[[neurons]]
name = "G"
N = "N"
model = """
dv/dt = (1.1 - v)/tau : 1 (unless refractory)
"""
threshold = "v > 1"
reset = "v = 0"
refractory = "2*ms"
[neurons.init]
v = "rand()"

[[monitors]]
name = "spikes"
type = "spike"
source = "G"
`

// Brian2 writes the script; here is its part that builds the model (the
// rest parses the command line, runs the network and writes the results
// JSON).
func Example() {
	f, err := model.Load("lif.toml", []byte(lif))
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := export.Brian2(&b, f); err != nil {
		fmt.Println(err)
		return
	}
	s := b.String()
	fmt.Print(s[strings.Index(s, "# [run]"):strings.Index(s, "\n# The network")])
	// Output:
	// # [run]
	// seed(1)  # myelin's seed when the model gives none
	//
	// # [constants]: the namespace of every string of code below.
	// tau = 10*ms
	// N = 100
	//
	// # [[neurons]] 'G'
	// G_eqs = '''
	// dv/dt = (1.1 - v)/tau : 1 (unless refractory)
	// '''
	// G = NeuronGroup(
	//     N, G_eqs, threshold='v > 1', reset='v = 0', refractory=2*ms, name='G')
	// G.v = 'rand()'
	//
	// # [[monitors]] 'spikes': spike of G
	// spikes = SpikeMonitor(G, name='spikes')
}
