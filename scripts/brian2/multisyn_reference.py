#!/usr/bin/python3
"""Writes testdata/brian2/multisyn/multisyn.json: Brian2 2.5.1's
multisynaptic_index (Synapses(..., multisynaptic_index='k')), which numbers
the synapses between the same pair of neurons, for core/sim's
TestBrian2MultisynapticIndex.

Each case is a list of connect calls between a SpikeGeneratorGroup G (5
neurons, every one spiking at 1 ms and 4 ms) and a group H (4 neurons, q : 1);
the synapses have delay = '(k+1)*ms' and on_pre 'q_post += w*(k+1)' with
w = '1 + i + 10*j', so H.q over time shows which synapse arrives when.
The output is i, j and k of every synapse in Brian2's order, and H.q.

Run with Debian's Brian2:
    /usr/bin/python3 scripts/brian2/multisyn_reference.py [OUTDIR]
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: F401,F403

logging.getLogger("brian2").setLevel(logging.ERROR)
# Cython: the numpy target of Brian2 2.5.1 fails on connect(j=..., n=<expression>)
# with an IndexError (a bug of its generator template), the Cython one does not.
prefs.codegen.target = "cython"

CASES = [
    ("one_to_one", [{"j": "i", "n": 3, "skip_if_invalid": True}]),
    ("two_calls", [{"j": "i % 4", "n": 2}, {"condition": "j == 0", "n": 2}, {"i": [4, 0], "j": [0, 0]}]),
    ("n_expr", [{"j": "k for k in range(i % 2, 4)", "n": "1 + (i + j) % 3"}]),
    ("n_condition", [{"condition": "i <= j + 1", "n": "1 + (i + j) % 3"}]),
    ("arrays", [{"i": [2, 0, 2, 1, 2], "j": [1, 1, 1, 0, 1], "n": 2}]),
    ("generator", [{"j": "k for k in range(i % 3, 4, 2)", "n": 2}]),
]


def floats(a):
    return [float(x) for x in a]


def run_case(calls):
    start_scope()
    defaultclock.dt = 0.1 * ms
    G = SpikeGeneratorGroup(5, list(range(5)) * 2, [1 * ms] * 5 + [4 * ms] * 5, name="G")
    H = NeuronGroup(4, "q : 1", name="H")
    S = Synapses(G, H, "w : 1", on_pre="q_post += w*(k+1)", multisynaptic_index="k", name="S")
    for kw in calls:
        S.connect(**kw)
    S.w = "1 + i + 10*j"
    S.delay = "(k+1)*ms"
    m = StateMonitor(H, "q", record=True)
    run(10 * ms)
    return {
        "calls": calls,
        "i": [int(x) for x in S.i[:]], "j": [int(x) for x in S.j[:]], "k": [int(x) for x in S.k[:]],
        "t": floats(m.t / second), "q": [floats(r) for r in m.q],
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "testdata", "brian2", "multisyn")
    os.makedirs(out, exist_ok=True)
    data = {name: run_case(calls) for name, calls in CASES}
    with open(os.path.join(out, "multisyn.json"), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
