#!/usr/bin/python3
"""Writes testdata/brian2/ifcurve/ifcurve.json: the I-F curve of Brian2 2.5.1
(numpy target) that core/sim/ifcurve_test.go reproduces: 100 LIF neurons

    dv/dt = (I - v)/tau : 1 (unless refractory)
    I : 1

with I = 2.0*i/(N-1), tau = 10 ms, threshold v > 1, reset v = 0,
refractory 5 ms, run for 1 s at dt = 0.1 ms, with method exact and with
method euler; the spike count of every neuron. Nothing is random.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/ifcurve_reference.py [outdir]
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import brian2  # noqa: E402
from brian2 import *  # noqa: F401,F403,E402

logging.getLogger("brian2").setLevel(logging.ERROR)
BrianLogger.log_level_error()
prefs.codegen.target = "numpy"

N = 100
DURATION = 1 * second
DT = 0.1 * ms
MODEL = """dv/dt = (I - v)/tau : 1 (unless refractory)
I : 1"""


def curve(method):
    start_scope()
    defaultclock.dt = DT
    tau = 10 * ms  # noqa: F841 (used by the equations)
    G = NeuronGroup(N, MODEL, threshold="v > 1", reset="v = 0",
                    refractory=5 * ms, method=method)
    G.I = "2.0*i/(N-1)"
    mon = SpikeMonitor(G)
    run(DURATION)
    return {
        "I": [float(x) for x in G.I[:]],
        "count": [int(c) for c in mon.count[:]],
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata", "brian2", "ifcurve")
    os.makedirs(out, exist_ok=True)
    data = {
        "brian2": str(brian2.__version__),
        "N": N,
        "duration": float(DURATION),
        "dt": float(DT),
        "tau": 0.01,
        "model": MODEL,
        "threshold": "v > 1",
        "reset": "v = 0",
        "refractory": "5*ms",
        "methods": {m: curve(m) for m in ("exact", "euler")},
    }
    with open(os.path.join(out, "ifcurve.json"), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
