#!/usr/bin/python3
"""Writes testdata/brian2/synapses/*.json: what Brian2 2.5.1 (numpy target)
does with Synapses, for core/sim's tests to reproduce:

  connect.json      synapse lists of deterministic connect calls (conditions,
                    generator syntax, arrays, n, subgroups), in Brian2's order
  delays.json       spike propagation with heterogeneous and constant delays
  summed.json       gap junctions through a summed variable
  stdp.json         STDP (Song, Miller & Abbott 2000) on deterministic spikes
  random.json       statistics of random connectivity (p, sample)

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/synapses_reference.py [outdir]
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
import logging

import numpy as np
from brian2 import *  # noqa: F401,F403

logging.getLogger("brian2").setLevel(logging.ERROR)
prefs.codegen.target = "numpy"


def write(path, name, data):
    with open(os.path.join(path, name), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


def ints(a):
    return [int(x) for x in a]


def floats(a):
    return [float(x) for x in a]


# Each case: a name, the source and target slices (of a group G of 12
# neurons with x = i*i % 7 and a group H of 10 neurons with y = 3*i % 5),
# and a list of connect calls (keyword arguments).
CONNECT_CASES = [
    ("all", ("G", 0, 4), ("H", 0, 3), [{}]),
    ("not_self", ("G", 0, 6), ("G", 0, 6), [{"condition": "i != j"}]),
    ("band", ("G", 0, 12), ("H", 0, 10), [{"condition": "abs(i - j) <= 2 and i < j"}]),
    ("vars", ("G", 0, 12), ("H", 0, 10), [{"condition": "x_pre < y_post + 1"}]),
    ("unsuffixed", ("G", 0, 12), ("H", 0, 10), [{"condition": "y > 2 and x_pre > 3"}]),
    ("range_if", ("G", 0, 12), ("G", 0, 12),
     [{"j": "k for k in range(i-3, i+4) if k != i", "skip_if_invalid": True}]),
    ("range_if_guard", ("G", 0, 12), ("H", 0, 10),
     [{"j": "k for k in range(i-2, i+3) if k >= 0 and k < N_post"}]),
    ("one_to_one", ("G", 0, 10), ("H", 0, 10), [{"j": "i"}]),
    ("shift", ("G", 0, 10), ("H", 0, 10), [{"j": "i+1 if i < N_pre-1"}]),
    ("neighbours", ("G", 0, 10), ("H", 0, 10), [{"j": "i+(-1)**k for k in range(2) if i>0 and i<N_pre-1"}]),
    ("step", ("G", 0, 5), ("H", 0, 10), [{"j": "k for k in range(i % 2, N_post, 3)"}]),
    ("backwards", ("G", 0, 4), ("H", 0, 10), [{"j": "k for k in range(N_post-1, i, -2)"}]),
    ("upper", ("G", 0, 8), ("G", 0, 8), [{"j": "k for k in range(i+1)"}]),
    ("pre_var_range", ("G", 0, 12), ("H", 0, 10), [{"j": "k for k in range(x_pre) if k != i"}]),
    ("post_var_if", ("G", 0, 12), ("H", 0, 10), [{"j": "k for k in range(N_post) if y_post == x_pre % 5"}]),
    ("arrays", ("G", 0, 12), ("H", 0, 10), [{"i": [2, 0, 1, 0, 7, 2], "j": [0, 1, 2, 3, 3, 0]}]),
    ("arrays_broadcast", ("G", 0, 12), ("H", 0, 10), [{"i": 3, "j": [4, 1, 1]}]),
    ("n", ("G", 0, 6), ("H", 0, 6), [{"j": "i", "n": 2}, {"condition": "j == 0 and i < 3", "n": 3}]),
    ("n_expr", ("G", 0, 6), ("H", 0, 4), [{"condition": "i < j", "n": "1 + i % 2"}]),
    ("two_calls", ("G", 0, 6), ("H", 0, 6), [{"condition": "i == j"}, {"condition": "j == 5 - i"}]),
    ("igen", ("G", 0, 8), ("H", 0, 6), [{"i": "k for k in range(N_pre) if abs(k - j) <= 1 or k == 7 - j"}]),
    ("sub_cond", ("G", 2, 9), ("G", 4, 11), [{"condition": "i == j or j == i + 2"}]),
    ("sub_vars", ("G", 3, 12), ("H", 2, 9), [{"condition": "x_pre > y_post and i != j"}]),
    ("sub_gen", ("G", 1, 7), ("H", 3, 10), [{"j": "k for k in range(i, i+3)", "skip_if_invalid": True}]),
    ("sub_arrays", ("G", 5, 10), ("H", 1, 4), [{"i": [4, 0, 2], "j": [2, 2, 0]}]),
    ("self_sub", ("G", 0, 12), ("G", 0, 12), [{"j": "k for k in range(N_post) if abs(k - i) == 1"}]),
    ("false", ("G", 0, 4), ("H", 0, 4), [{"condition": False}]),
]


def connect_cases(path):
    out = {}
    for name, (sg, s0, s1), (tg, t0, t1), calls in CONNECT_CASES:
        start_scope()
        G = NeuronGroup(12, "x : integer", name="G")
        G.x = "i*i % 7"
        H = NeuronGroup(10, "y : integer", name="H")
        H.y = "3*i % 5"
        groups = {"G": G, "H": H}
        src = groups[sg][s0:s1]
        tgt = groups[tg][t0:t1]
        S = Synapses(src, tgt, "w : 1")
        for kw in calls:
            S.connect(**kw)
        out[name] = {
            "source": [sg, s0, s1], "target": [tg, t0, t1], "calls": calls,
            "i": ints(S.i[:]), "j": ints(S.j[:]),
            "n_incoming": ints(S.N_incoming_post) if len(S) else [],
            "n_outgoing": ints(S.N_outgoing_pre) if len(S) else [],
        }
    write(path, "connect.json", out)


def delays(path):
    """Source neurons spike periodically (v grows at different rates); each
    synapse has its own delay, some zero; a second pathway has a constant
    delay. The targets integrate the input and spike."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    src_model = "dv/dt = rate : 1\nrate : Hz"
    tgt_model = "dv/dt = -v/(10*ms) : 1\ndu/dt = -u/(5*ms) : 1"
    P = NeuronGroup(5, src_model, threshold="v > 1", reset="v = 0", method="euler", name="P")
    P.rate = "(250 + 70*i)*Hz"
    Q = NeuronGroup(4, tgt_model, threshold="v > 1", reset="v = 0", method="exact", name="Q")
    S = Synapses(P, Q, "w : 1", on_pre={"pre": "v_post += w", "slow": "u_post += 0.25*w"},
                 delay={"slow": 1.3 * ms}, name="S")
    S.connect(condition="(i + j) % 3 != 1")
    S.w = "0.2 + 0.1*j + 0.05*i"
    S.delay = "((3*i + 7*j) % 11)*0.2*ms"
    sp = SpikeMonitor(P)
    sq = SpikeMonitor(Q)
    st = StateMonitor(Q, ["v", "u"], record=True)
    run(30 * ms)
    write(path, "delays.json", {
        "src_model": src_model, "tgt_model": tgt_model,
        "i": ints(S.i[:]), "j": ints(S.j[:]), "delay": floats(S.delay[:] / second),
        "pre_i": ints(sp.i), "pre_t": floats(sp.t / second),
        "post_i": ints(sq.i), "post_t": floats(sq.t / second),
        "t": floats(st.t / second),
        "v": [floats(r) for r in st.v], "u": [floats(r) for r in st.u],
    })


def summed(path):
    """Brian2's examples/synapses/gapjunctions.py, with the coupling split
    over two Synapses objects (Brian2 needs a target variable for each;
    myelin sums both into one)."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    N = 10
    tau = 10 * ms
    model = """
dv/dt = (v0 - v + Igap1 + Igap2) / tau : 1
v0 : 1
Igap1 : 1
Igap2 : 1
"""
    G = NeuronGroup(N, model, threshold="v > 1", reset="v = 0", method="exact", name="G")
    G.v = 0
    G.v0 = "1.05 + 0.25*i/N"
    S1 = Synapses(G, G, "w : 1\nIgap1_post = w * (v_pre - v_post) : 1 (summed)", name="S1")
    S1.connect(condition="i < j")
    S1.w = 0.02
    S2 = Synapses(G, G, "w : 1\nIgap2_post = w * (v_pre - v_post) : 1 (summed)", name="S2")
    S2.connect(condition="i > j")
    S2.w = ".02 + 0.001*i"
    sm = SpikeMonitor(G)
    st = StateMonitor(G, ["v", "Igap1", "Igap2"], record=[0, 5, 9])
    run(100 * ms)
    write(path, "summed.json", {
        "spike_i": ints(sm.i), "spike_t": floats(sm.t / second),
        "t": floats(st.t / second), "record": ints(st.record),
        "v": [floats(r) for r in st.v],
        "igap": [floats(a + b) for a, b in zip(st.Igap1, st.Igap2)],
    })


def stdp(path):
    """Brian2's examples/synapses/STDP.py (Song, Miller & Abbott 2000) with
    deterministic periodic inputs instead of Poisson ones: the weights
    change with the relative timing of pre- and postsynaptic spikes, and
    the postsynaptic neurons are driven by the synapses."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    taum = 10 * ms
    taupre = 20 * ms
    taupost = taupre
    Ee = 0 * mV
    vt = -54 * mV
    vr = -60 * mV
    El = -74 * mV
    taue = 5 * ms
    gmax = 0.08
    dApre = .01
    dApost = -dApre * taupre / taupost * 1.05
    dApost *= gmax
    dApre *= gmax
    model = """
dv/dt = (ge * (Ee-v) + El - v) / taum : volt
dge/dt = -ge / taue : 1
"""
    syn = """w : 1
dApre/dt = -Apre / taupre : 1 (event-driven)
dApost/dt = -Apost / taupost : 1 (event-driven)"""
    on_pre = """ge += w
Apre += dApre
w = clip(w + Apost, 0, gmax)"""
    on_post = """Apost += dApost
w = clip(w + Apre, 0, gmax)"""
    inp = NeuronGroup(20, "dx/dt = rate : 1\nrate : Hz", threshold="x > 1", reset="x = 0",
                      method="euler", name="inp")
    inp.rate = "(40 + 7*i)*Hz"
    inp.x = "0.05*i"
    post = NeuronGroup(2, model, threshold="v>vt", reset="v = vr", method="euler", name="post")
    post.v = vr
    S = Synapses(inp, post, syn, on_pre=on_pre, on_post=on_post, name="S")
    S.connect()
    S.w = "(0.2 + 0.03*i + 0.1*j)*gmax"
    sp = SpikeMonitor(inp)
    sq = SpikeMonitor(post)
    st = StateMonitor(post, ["v", "ge"], record=True, dt=1 * ms)
    run(400 * ms)
    write(path, "stdp.json", {
        "model": model, "syn": syn, "on_pre": on_pre, "on_post": on_post,
        "i": ints(S.i[:]), "j": ints(S.j[:]),
        "w": floats(S.w[:]), "Apre": floats(S.Apre[:]), "Apost": floats(S.Apost[:]),
        "lastupdate": floats(S.lastupdate[:] / second),
        "pre_i": ints(sp.i), "pre_t": floats(sp.t / second),
        "post_i": ints(sq.i), "post_t": floats(sq.t / second),
        "t": floats(st.t / second), "v": [floats(r) for r in st.v / volt],
        "ge": [floats(r) for r in st.ge],
    })


def random_stats(path):
    """Random connectivity can't be reproduced draw for draw (myelin has
    another generator): the statistics of CUBA's p = 0.02 over 4000 neurons
    and of sample(size=...)."""
    start_scope()
    seed(11)
    G = NeuronGroup(4000, "v : 1", name="G")
    S = Synapses(G, G)
    S.connect(p=0.02)
    out = np.bincount(S.i[:], minlength=4000)
    inc = np.bincount(S.j[:], minlength=4000)
    S2 = Synapses(G[:300], G[:500])
    S2.connect(j="k for k in sample(N_post, size=25)")
    write(path, "random.json", {
        "n": 4000, "p": 0.02, "count": int(len(S)),
        "out_mean": float(out.mean()), "out_std": float(out.std()),
        "in_mean": float(inc.mean()), "in_std": float(inc.std()),
        "size_count": int(len(S2)),
    })


def main(path):
    os.makedirs(path, exist_ok=True)
    connect_cases(path)
    delays(path)
    summed(path)
    stdp(path)
    random_stats(path)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(here, "..", "..", "testdata", "brian2", "synapses"))
