#!/usr/bin/python3
"""Writes testdata/brian2/stats/cobahh.json: statistics of Brian2's
examples/COBAHH.py (Brette et al. 2007, benchmark 3) over several seeds, for
internal/stats' comparison with examples/cobahh.toml.

The network is COBAHH.py's, line by line (4000 Hodgkin-Huxley neurons,
exponential Euler, Ce.connect(p=0.02) from P[:3200], Ci.connect(p=0.02) from
P[3200:], the initial values drawn after connecting). COBAHH.py runs 1 s;
the default duration here is examples/cobahh.toml's 200 ms, so that the Go
test can run the same duration in its time budget. Per seed: mean rate, mean
CV of ISIs, fraction of silent neurons, number of synapses.

Run:  nice /usr/bin/python3 scripts/brian2/stats/cobahh.py [OUTDIR [NSEEDS [DURATION [FILE]]]]
"""
from brian2 import (Equations, NeuronGroup, Synapses, SpikeMonitor, Network,
                    umetre, ufarad, cm, siemens, msiemens, mV, ms, nS, second, exprel)

import common


def cobahh(seed, duration):
    area = 20000 * umetre ** 2
    Cm = (1 * ufarad * cm ** -2) * area
    gl = (5e-5 * siemens * cm ** -2) * area
    El = -60 * mV
    EK = -90 * mV
    ENa = 50 * mV
    g_na = (100 * msiemens * cm ** -2) * area
    g_kd = (30 * msiemens * cm ** -2) * area
    VT = -63 * mV
    taue = 5 * ms
    taui = 10 * ms
    Ee = 0 * mV
    Ei = -80 * mV
    we = 6 * nS
    wi = 67 * nS
    eqs = Equations('''
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-
         g_na*(m*m*m)*h*(v-ENa)-
         g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
''')
    P = NeuronGroup(4000, model=eqs, threshold='v>-20*mV', refractory=3 * ms,
                    method='exponential_euler')
    Pe = P[:3200]
    Pi = P[3200:]
    Ce = Synapses(Pe, P, on_pre='ge+=we')
    Ci = Synapses(Pi, P, on_pre='gi+=wi')
    Ce.connect(p=0.02)
    Ci.connect(p=0.02)
    P.v = 'El + (randn() * 5 - 5)*mV'
    P.ge = '(randn() * 1.5 + 4) * 10.*nS'
    P.gi = '(randn() * 12 + 20) * 10.*nS'
    s_mon = SpikeMonitor(P)
    net = Network(P, Ce, Ci, s_mon)
    net.run(duration * second)
    st = common.spike_stats(s_mon.i[:], s_mon.t_[:], 4000, duration)
    st["synapses"] = int(len(Ce) + len(Ci))
    return st


if __name__ == "__main__":
    out, seeds, duration, file = common.args(10, 0.2)
    common.run("cobahh", cobahh, seeds, duration, out, file=file)
