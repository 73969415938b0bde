#!/usr/bin/python3
"""Writes testdata/brian2/hh_adopt.json: a constant changed in the middle of
a run, in Brian2 2.5.1 (numpy target), which core/model/adopt_test.go
reproduces with Built.AdoptState.

The Hodgkin-Huxley neuron of examples/hh.toml (its equations, constants,
threshold, refractoriness and method, read from the file), driven by
I = 0.5 nA, runs for 30 ms; then g_na is set to 0 (the TTX experiment, as
the example's slider does) and it runs for 30 ms more. Brian2 reads the
namespace at every run, so the second run uses the new value. The spike
times and v every 0.05 ms (the example's state monitor).

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/hh_adopt.py [out.json]
"""
import json
import logging
import os
import sys
import tomllib
import warnings

warnings.filterwarnings("ignore")

import brian2  # noqa: E402
from brian2 import *  # noqa: F401,F403,E402

logging.getLogger("brian2").setLevel(logging.ERROR)
BrianLogger.log_level_error()
prefs.codegen.target = "numpy"

HERE = os.path.dirname(os.path.abspath(__file__))
T1 = 30 * ms
T2 = 30 * ms


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "testdata", "brian2", "hh_adopt.json")
    with open(os.path.join(HERE, "..", "..", "examples", "hh.toml"), "rb") as f:
        model = tomllib.load(f)
    ns = {}
    scope = dict(vars(brian2))
    for name, src in model["constants"].items():
        ns[name] = eval(str(src), scope, ns)
    neurons = model["neurons"][0]
    start_scope()
    defaultclock.dt = eval(model["run"]["dt"], scope)
    G = NeuronGroup(1, neurons["model"], threshold=neurons["threshold"],
                    refractory=neurons["refractory"], method=neurons["method"], namespace=ns)
    G.v = ns["El"]
    G.I = 0.5 * nA
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, "v", record=[0], dt=0.05 * ms)
    run(T1)
    ns["g_na"] = 0 * siemens
    run(T2)
    data = {
        "brian2": str(brian2.__version__),
        "t1": float(T1),
        "t2": float(T2),
        "I": 0.5e-9,
        "spike_t": [float(x) for x in spikes.t / second],
        "t": [float(x) for x in trace.t / second],
        "v": [float(x) for x in trace.v[0] / volt],
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
