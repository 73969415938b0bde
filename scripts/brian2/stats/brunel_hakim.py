#!/usr/bin/python3
"""Writes testdata/brian2/stats/brunel_hakim.json: statistics of Brian2's
examples/frompapers/Brunel_Hakim_1999.py over several seeds, for
internal/stats' comparison with examples/brunel_hakim.toml.

The network is the example's, line by line (5000 inhibitory LIF neurons with
white noise, Euler-Maruyama, connect(p=C/N) with 2 ms delays), run for 1 s
instead of the example's 100 ms so that the spectrum resolves the fast
oscillation. Per seed: mean rate, mean CV of ISIs, and the frequency of the
spectral peak of the population rate (common.oscillation: Welch's method on
the rate from 200 ms on, 200 ms Hann segments, peak between 50 and 1000 Hz)
with its power relative to the band's mean.

Run:  nice /usr/bin/python3 scripts/brian2/stats/brunel_hakim.py [OUTDIR [NSEEDS [DURATION [FILE]]]]
"""
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                    mV, ms, second)

import common

# The spectral analysis: shared with internal/stats through the JSON.
SPECTRUM = {"t0": 0.2, "segment": 0.2, "fmin": 50.0, "fmax": 1000.0}


def brunel_hakim(seed, duration):
    N = 5000
    Vr = 10 * mV
    theta = 20 * mV
    tau = 20 * ms
    delta = 2 * ms
    taurefr = 2 * ms
    C = 1000
    sparseness = float(C) / N
    J = .1 * mV
    muext = 25 * mV
    sigmaext = 1 * mV
    eqs = """
dV/dt = (-V+muext + sigmaext * sqrt(tau) * xi)/tau : volt
"""
    group = NeuronGroup(N, eqs, threshold='V>theta',
                        reset='V=Vr', refractory=taurefr, method='euler')
    group.V = Vr
    conn = Synapses(group, group, on_pre='V += -J', delay=delta)
    conn.connect(p=sparseness)
    M = SpikeMonitor(group)
    net = Network(group, conn, M)
    net.run(duration * second)
    i, t = M.i[:], M.t_[:]
    st = common.spike_stats(i, t, N, duration)
    dt = float(defaultclock.dt)
    rate = common.population_rate(t, N, dt, duration)
    st["freq"], st["peak"] = common.oscillation(rate, dt, **SPECTRUM)
    st["synapses"] = int(len(conn))
    return st


if __name__ == "__main__":
    out, seeds, duration, file = common.args(10, 1.0)
    common.run("brunel_hakim", brunel_hakim, seeds, duration, out, {"spectrum": SPECTRUM}, file)
