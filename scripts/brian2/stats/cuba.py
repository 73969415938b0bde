#!/usr/bin/python3
"""Writes testdata/brian2/stats/cuba.json: statistics of Brian2's
examples/CUBA.py (Vogels & Abbott 2005; Brette et al. 2007, benchmark 2)
over several seeds, for internal/stats' comparison with examples/cuba.toml.

The network is CUBA.py's, line by line (4000 LIF neurons, exact integration,
connect('i<3200', p=0.02) and connect('i>=3200', p=0.02), 1 s). Per seed:
mean rate, mean CV of ISIs, fraction of silent neurons, number of synapses.

Run:  nice /usr/bin/python3 scripts/brian2/stats/cuba.py [OUTDIR [NSEEDS [DURATION [FILE]]]]
(about 12 s a seed with the numpy target; BRIAN2_TARGET=cython to change).
"""
from brian2 import (NeuronGroup, Synapses, SpikeMonitor, Network, ms, mV, second)

import common


def cuba(seed, duration):
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
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, s_mon)
    net.run(duration * second)
    st = common.spike_stats(s_mon.i[:], s_mon.t_[:], 4000, duration)
    st["synapses"] = int(len(Ce) + len(Ci))
    return st


if __name__ == "__main__":
    out, seeds, duration, file = common.args(10, 1.0)
    common.run("cuba", cuba, seeds, duration, out, file=file)
