#!/usr/bin/python3
"""Writes testdata/brian2/stats/stdp.json: the outcome of Brian2's
examples/synapses/STDP.py (Song, Miller & Abbott 2000) over several seeds,
for internal/stats' comparison with examples/stdp.toml.

The network is the example's (1000 Poisson inputs at 15 Hz, one LIF
neuron, additive STDP with event-driven traces, w = rand()*gmax), run for
100 s as the example does: long enough for the weights to split into a
bimodal distribution. To fit an hour, one Brian2 run holds REPLICAS
independent copies of it side by side (REPLICAS output neurons, each with
its own 1000 inputs: connect(j='i // 1000') instead of connect(); nothing
couples the copies), so that the per-step overhead of Brian2's runtime is
paid once; each copy is one record of the JSON, as a seed would be. Per
copy: the histogram of the final w/gmax (20 bins), the fractions below 0.1
and at or above 0.9, the mean w/gmax, the output neuron's rate over the
whole run and over its last fifth.

Run:  nice /usr/bin/python3 scripts/brian2/stats/stdp.py [OUTDIR [REPLICAS [DURATION [FILE]]]]
(one seed, 1; about 15 minutes for 6 copies of 100 s on a busy machine)
"""
from brian2 import (PoissonGroup, NeuronGroup, Synapses, SpikeMonitor, Network,
                    ms, mV, Hz, second)

import common


def stdp(replicas, duration):
    N = 1000
    taum = 10 * ms
    taupre = 20 * ms
    taupost = taupre
    Ee = 0 * mV
    vt = -54 * mV
    vr = -60 * mV
    El = -74 * mV
    taue = 5 * ms
    F = 15 * Hz
    gmax = .01
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax
    eqs_neurons = '''
dv/dt = (ge * (Ee-v) + El - v) / taum : volt
dge/dt = -ge / taue : 1
'''
    poisson_input = PoissonGroup(N * replicas, rates=F)
    neurons = NeuronGroup(replicas, eqs_neurons, threshold='v>vt', reset='v = vr',
                          method='euler')
    S = Synapses(poisson_input, neurons,
                 '''w : 1
                    dApre/dt = -Apre / taupre : 1 (event-driven)
                    dApost/dt = -Apost / taupost : 1 (event-driven)''',
                 on_pre='''ge += w
                        Apre += dApre
                        w = clip(w + Apost, 0, gmax)''',
                 on_post='''Apost += dApost
                         w = clip(w + Apre, 0, gmax)''',
                 )
    S.connect(j='i // n_inputs', namespace={'n_inputs': N})
    S.w = 'rand() * gmax'
    out = SpikeMonitor(neurons)
    net = Network(poisson_input, neurons, S, out)
    net.run(duration * second)
    w, j = S.w[:], S.j[:]
    oi, ot = out.i[:], out.t_[:]
    records = []
    for r in range(replicas):
        st = {"replica": r}
        st.update(common.weight_stats(w[j == r], gmax))
        t = ot[oi == r]
        st["out_rate"] = float(len(t) / duration)
        st["out_rate_last"] = float((t >= 0.8 * duration).sum() / (0.2 * duration))
        records.append(st)
    return records


if __name__ == "__main__":
    out, seeds, duration, file = common.args(6, 100.0)
    common.run_replicas("stdp", stdp, len(seeds), duration, out, file)
