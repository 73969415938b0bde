#!/usr/bin/python3
"""Writes testdata/brian2/stats/cuba_exact.json.gz: one run of Brian2's
examples/CUBA.py (seed 1, numpy target) with everything random in it, the
connectivity of Ce and Ci and the initial potentials, and the spikes of its
first 200 ms. internal/stats' TestCUBAExact loads that connectivity and
those potentials into examples/cuba.toml and expects the same spikes, index
for index and step for step: the statistics tests show that myelin's random
networks are distributed like Brian2's, this one that, given the same
draws, the network does exactly what Brian2's does.

  ce_counts, ci_counts  synapses per presynaptic neuron (of P[:3200], P[3200:])
  ce_dj, ci_dj          their targets, in Brian2's order (by source, and
                        ascending for each source), each source's first as
                        is and the others as the difference from the one
                        before (a smaller file)
  v0                    P.v after 'Vr + rand() * (Vt - Vr)', volts
  spike_i, spike_step   the spikes of the first 200 ms (t / dt)

Run:  /usr/bin/python3 scripts/brian2/stats/cuba_exact.py [OUTDIR]
"""
import gzip
import json
import os
import sys

import numpy as np
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, defaultclock,
                    seed, ms, mV, second)

import common  # noqa: F401  (the target and the logging settings)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata", "brian2", "stats")
    seed(1)
    taum = 20 * ms
    taue = 5 * ms
    taui = 10 * ms
    Vt = -50 * mV
    Vr = -60 * mV
    El = -49 * mV
    eqs = '''
dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)
dge/dt = -ge/taue : volt
dgi/dt = -gi/taui : volt
'''
    P = NeuronGroup(4000, eqs, threshold='v>Vt', reset='v = Vr', refractory=5 * ms,
                    method='exact')
    P.v = 'Vr + rand() * (Vt - Vr)'
    P.ge = 0 * mV
    P.gi = 0 * mV
    we = (60 * 0.27 / 10) * mV
    wi = (-20 * 4.5 / 10) * mV
    Ce = Synapses(P, P, on_pre='ge += we')
    Ci = Synapses(P, P, on_pre='gi += wi')
    Ce.connect('i<3200', p=0.02)
    Ci.connect('i>=3200', p=0.02)
    v0 = P.v_[:].copy()
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, s_mon)
    net.run(200 * ms)
    ei, ej = np.asarray(Ce.i[:]), np.asarray(Ce.j[:])
    ii, ij = np.asarray(Ci.i[:]), np.asarray(Ci.j[:])
    # Brian2 creates the synapses source by source, in order.
    assert np.all(np.diff(ei) >= 0) and np.all(np.diff(ii) >= 0)

    def deltas(i, j):
        d = np.diff(j, prepend=0)
        first = np.concatenate([[True], np.diff(i) != 0])
        d[first] = j[first]
        assert np.all(d[~first] > 0)
        return d.tolist()
    data = {
        "ce_counts": np.bincount(ei, minlength=3200)[:3200].tolist(),
        "ce_dj": deltas(ei, ej),
        "ci_counts": np.bincount(ii - 3200, minlength=800).tolist(),
        "ci_dj": deltas(ii, ij),
        "v0": [float(x) for x in v0],
        "spike_i": [int(x) for x in s_mon.i[:]],
        "spike_step": [int(round(float(x) / float(defaultclock.dt))) for x in s_mon.t_[:]],
    }
    os.makedirs(out, exist_ok=True)
    with gzip.GzipFile(os.path.join(out, "cuba_exact.json.gz"), "wb", mtime=0) as f:
        f.write(json.dumps(data, separators=(",", ":"), sort_keys=True).encode())


if __name__ == "__main__":
    main()
