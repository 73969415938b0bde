#!/usr/bin/python3
"""Writes testdata/brian2/stats/twins.json: what the statistics of common.py
give for fixed synthetic inputs, so that internal/stats' TestTwins can hold
its Go twins to the same definitions (no Brian2 simulation involved).

  spikes       50 neurons, random spike trains on a 0.1 ms grid over 1 s
               (some neurons silent, some with one or two spikes): the
               inputs and spike_stats' result
  oscillation  a rate defined by a formula (Go computes the same one): a
               147 Hz sine plus a 60 Hz one and a deterministic saw-tooth
               "noise", and oscillation's result
  weights      1000 weights by a formula, with exact 0 and gmax among them

Run:  /usr/bin/python3 scripts/brian2/stats/twins.py [OUTDIR]
"""
import json
import os
import sys

import numpy as np

import common


def rate_formula(steps, dt):
    k = np.arange(steps)
    return (100 + 40 * np.sin(2 * np.pi * 147 * k * dt) + 25 * np.sin(2 * np.pi * 60 * k * dt)
            + ((k * 7919) % 101 - 50) * 0.8)


def weights_formula(n, gmax):
    k = np.arange(n)
    return gmax * np.clip(((k * 37) % 113) / 100.0 - 0.05, 0, 1)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata", "brian2", "stats")
    rng = np.random.RandomState(7)
    n, dt, duration = 50, 1e-4, 1.0
    counts = rng.poisson(rng.uniform(0, 12, n))
    counts[:5] = [0, 1, 2, 3, 0]
    i, t = [], []
    for k, c in enumerate(counts):
        steps = rng.choice(int(duration / dt), size=c, replace=False)
        i.extend([k] * c)
        t.extend(list(steps * dt))
    perm = rng.permutation(len(i))
    i = [int(i[p]) for p in perm]
    t = [float(t[p]) for p in perm]
    spec = {"t0": 0.1, "segment": 0.2, "fmin": 50.0, "fmax": 1000.0}
    rate = rate_formula(int(round(duration / dt)), dt)
    freq, peak = common.oscillation(rate, dt, **spec)
    rate2 = common.population_rate(t, n, dt, duration)
    gmax = 0.01
    data = {
        "spikes": {"n": n, "duration": duration, "i": i, "t": t,
                   "stats": common.spike_stats(i, t, n, duration),
                   "rate_sum": float(rate2.sum()), "rate_max": float(rate2.max())},
        "oscillation": {"dt": dt, "duration": duration, "spectrum": spec, "freq": freq, "peak": peak},
        "weights": {"n": 1000, "gmax": gmax, "stats": common.weight_stats(weights_formula(1000, gmax), gmax)},
    }
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "twins.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
