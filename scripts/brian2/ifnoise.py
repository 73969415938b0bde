#!/usr/bin/python3
"""Writes testdata/brian2/ifnoise.json: the I-F curve of noisy LIF neurons in
Brian2 2.5.1 (numpy target) over 20 seeds, which core/sim/ifnoise_test.go
compares with myelin's over its own seeds.

41 neurons

    dv/dt = (I - v)/tau + sigma*xi*tau**-0.5 : 1 (unless refractory)
    I : 1

with I = 2.0*i/(N-1), tau = 10 ms, sigma = 0.3, threshold v > 1, reset
v = 0, refractory 5 ms, method euler, run for 1 s at dt = 0.1 ms, once for
each of the seeds 1 ... 20 (brian2.seed); the spike count of every neuron
in every run. The noise comes from Brian2's generator, so myelin can only
match the statistics: the mean count of each neuron and its spread.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/ifnoise.py [out.json]
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

N = 41
SEEDS = list(range(1, 21))
DURATION = 1 * second
DT = 0.1 * ms
MODEL = """dv/dt = (I - v)/tau + sigma*xi*tau**-0.5 : 1 (unless refractory)
I : 1"""


def counts(s):
    start_scope()
    seed(s)
    defaultclock.dt = DT
    tau = 10 * ms  # noqa: F841 (used by the equations)
    sigma = 0.3  # noqa: F841
    G = NeuronGroup(N, MODEL, threshold="v > 1", reset="v = 0",
                    refractory=5 * ms, method="euler")
    G.I = "2.0*i/(N-1)"
    mon = SpikeMonitor(G)
    run(DURATION)
    return [float(x) for x in G.I[:]], [int(c) for c in mon.count[:]]


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata", "brian2", "ifnoise.json")
    runs = []
    I = None
    for s in SEEDS:
        I, c = counts(s)
        runs.append(c)
    data = {
        "brian2": str(brian2.__version__),
        "N": N,
        "duration": float(DURATION),
        "dt": float(DT),
        "tau": 0.01,
        "sigma": 0.3,
        "model": MODEL,
        "threshold": "v > 1",
        "reset": "v = 0",
        "refractory": "5*ms",
        "method": "euler",
        "seeds": SEEDS,
        "I": I,
        "counts": runs,
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
