#!/usr/bin/python3
"""Writes testdata/brian2/smooth_rate.json: population rates recorded by
Brian2 2.5.1's PopulationRateMonitor and what its smooth_rate() returns for
them, with 'flat' and 'gaussian' windows of several widths, including widths
that are not whole steps (the rounding rules) and a recording shorter than
the window (numpy's 'same' mode then returns the window's length).

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/smooth_rate.py
render's tests read the JSON (render/smooth_test.go); they need no Python.
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import brian2
from brian2 import (NeuronGroup, PoissonGroup, PopulationRateMonitor, Network,
                    defaultclock, prefs, seed, ms, Hz, second)

prefs.codegen.target = "numpy"
brian2.BrianLogger.log_level_error()


def record(n, rate, duration, dt, seed_value):
    """Runs a PoissonGroup of n neurons and returns its rate monitor."""
    seed(seed_value)
    defaultclock.dt = dt
    group = PoissonGroup(n, rates=rate)
    mon = PopulationRateMonitor(group)
    net = Network(group, mon)
    net.run(duration)
    return mon


def cases(mon, windows):
    out = []
    for window, width in windows:
        smooth = mon.smooth_rate(window=window, width=width)
        out.append({
            "window": window,
            "width": float(width / second),
            "smooth": [float(x) for x in smooth / Hz],
        })
    return out


def main(path):
    mon = record(50, 20 * Hz, 100 * ms, 0.1 * ms, 4321)
    long_cases = cases(mon, [
        ("flat", 5 * ms),        # 51 steps
        ("flat", 2.05 * ms),     # not a whole number of steps: 21
        ("flat", 0.1 * ms),      # one step: the rate itself
        ("flat", 0.15 * ms),     # int(0.75)*2+1: still one step
        ("gaussian", 1 * ms),    # 2*20+1 = 41 points
        ("gaussian", 2.5 * ms),  # 101 points
        ("gaussian", 0.025 * ms),  # round(0.5) = 0 (half to even): 1 point
        ("gaussian", 0.075 * ms),  # round(1.4999999999999998) = 1: 3 points
        ("gaussian", 0.33 * ms),   # round(6.6) = 7: 15 points
    ])
    short = record(50, 40 * Hz, 3 * ms, 0.1 * ms, 1234)
    short_cases = cases(short, [
        ("gaussian", 2 * ms),  # 81 points, longer than the 30 samples
        ("flat", 5 * ms),      # 51 points
        ("flat", 2 * ms),      # 21 points, shorter than the recording
    ])
    data = {
        "brian2": brian2.__version__,
        "recordings": [
            {"dt": float(mon.clock.dt_), "rate": [float(x) for x in mon.rate / Hz],
             "cases": long_cases},
            {"dt": float(short.clock.dt_), "rate": [float(x) for x in short.rate / Hz],
             "cases": short_cases},
        ],
    }
    with open(path, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "testdata", "brian2",
                           "smooth_rate.json")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
