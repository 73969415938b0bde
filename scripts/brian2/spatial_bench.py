#!/usr/bin/python3
"""Times Brian2 2.5.1's own cable solver, the baseline of core/spatial's
BenchmarkStep: a passive SpatialNeuron, an unbranched cable of 1000 or
10000 compartments (1 um x 10 um each, as benchmarkMorphologies), run for
2000 steps of 0.025 ms on the cython target (and numpy with -numpy).
Prints the time per step and per compartment per step. The first run of
each size compiles code and is not timed.

    /usr/bin/python3 scripts/brian2/spatial_bench.py [-numpy]
"""
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from brian2 import (Cylinder, Network, SpatialNeuron, defaultclock, mV, ms,
                    nA, ohm, cm, prefs, siemens, uF, um)

target = "numpy" if "-numpy" in sys.argv else "cython"
prefs.codegen.target = target
defaultclock.dt = 0.025 * ms
STEPS = 2000

for n in (1000, 10000):
    def build():
        m = Cylinder(n=n, length=n * 10 * um, diameter=1 * um)
        nrn = SpatialNeuron(m, """Im = gL*(EL - v) : amp/meter**2
                                  I : amp (point current)
                                  gL : siemens/meter**2
                                  EL : volt""",
                            Cm=1 * uF / cm ** 2, Ri=150 * ohm * cm)
        nrn.gL = 1e-4 * siemens / cm ** 2
        nrn.EL = -70 * mV
        nrn.v = -70 * mV
        nrn.I[0] = 0.1 * nA
        return Network(nrn)
    build().run(10 * defaultclock.dt)  # compile
    net = build()
    net.run(defaultclock.dt)  # before_run
    t0 = time.perf_counter()
    net.run(STEPS * defaultclock.dt)
    wall = time.perf_counter() - t0
    print(f"Brian2 {target}, {n} compartments: {wall / STEPS * 1e6:.1f} us/step, "
          f"{wall / STEPS / n * 1e9:.1f} ns/compartment")
