#!/usr/bin/python3
"""Writes testdata/brian2/synapses_linked/linked.json: linked variables of the pre-
and postsynaptic groups read (and written) by synapse code, as Brian2 2.5.1
(numpy target) runs them, for core/sim's TestBrian2SynapsesLinked.

One network per case. K holds the variables linked to: z grows in time at a
different rate per neuron, c is shared. The source P (4 neurons that spike
periodically) has x linked to K.z; the target H has y linked to K.z and ys
linked to K.c, and parameters q and s that the synapses write. Each case
gives the synapse model, the on_pre code and the code that sets w after
connect(condition='(i + j) % 2 == 0'); the output is H.q, H.s and K.z over
time and the final w. The connect cases give the synapses that connect()
makes with conditions and generators that read linked variables.

Brian2 makes a linked variable available to synapse code only when it is
linked without an index to a group of the same size, or to a shared
variable (other links are left out as "non-standard indexing"); these cases
use only those.

Run with Debian's Brian2:
    /usr/bin/python3 scripts/brian2/synapses_linked_reference.py [OUTDIR]
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")
from brian2 import *  # noqa: F401,F403

logging.getLogger("brian2").setLevel(logging.ERROR)
prefs.codegen.target = "numpy"

K_MODEL = "dz/dt = rate_z : 1\nrate_z : Hz\nc : 1 (shared)"
P_MODEL = "x : 1 (linked)\ndv/dt = rate : 1\nrate : Hz"
H_MODEL = "y : 1 (linked)\nys : 1 (linked)\nq : 1\ns : 1"
CONDITION = "(i + j) % 2 == 0"

# name, synapse model, on_pre, code for w
CASES = [
    ("read_post", "w : 1", "q_post += w*y_post", "1 + j"),
    ("read_pre", "w : 1", "q_post += w*x_pre", "0.5 + i"),
    ("unsuffixed", "w : 1", "q += y + ys", "1"),
    ("shared", "w : 1", "q_post += w*ys_post", "2 - 0.5*i"),
    ("write_post", "w : 1", "y_post += w", "0.25 + 0.5*j"),
    ("write_pre", "w : 1", "x_pre -= w\nq_post += x_pre", "1 + i + j"),
    ("summed", "w : 1\ns_post = w*(y_post - x_pre) : 1 (summed)", "q_post += 1", "1 + 0.5*j"),
    ("set", "w : 1", "q_post += w", "y_post + 2*x_pre + ys_post"),
    ("clock", "dw/dt = (y_post - x_pre)/second : 1 (clock-driven)", "q_post += w", "0.1*j"),
]


def floats(a):
    return [float(x) for x in a]


def run_case(name, model, on_pre, w_code):
    start_scope()
    defaultclock.dt = 0.1 * ms
    K = NeuronGroup(4, K_MODEL, method="euler", name="K")
    K.z = "i*10"
    K.rate_z = "(i + 1)*100*Hz"
    K.c = 7
    P = NeuronGroup(4, P_MODEL, threshold="v > 1", reset="v = 0", method="euler", name="P")
    P.rate = "(300 + 90*i)*Hz"
    P.x = linked_var(K, "z")
    H = NeuronGroup(4, H_MODEL, name="H")
    H.y = linked_var(K, "z")
    H.ys = linked_var(K, "c")
    S = Synapses(P, H, model, on_pre=on_pre, method="euler", name="S")
    S.connect(condition=CONDITION)
    S.w = w_code
    mh = StateMonitor(H, ["q", "s"], record=True, dt=0.5*ms)
    mk = StateMonitor(K, "z", record=True, dt=0.5*ms)
    run(20 * ms)
    return {
        "model": model, "on_pre": on_pre, "w": w_code,
        "i": [int(x) for x in S.i[:]], "j": [int(x) for x in S.j[:]],
        "t": floats(mh.t / second),
        "q": [floats(r) for r in mh.q], "s": [floats(r) for r in mh.s],
        "z": [floats(r) for r in mk.z],
        "w_final": floats(S.w[:]),
    }


# Connect calls whose code reads linked variables (x of P, y and ys of H).
CONNECT_CASES = [
    ("condition", {"condition": "x_pre < y_post"}),
    ("condition_shared", {"condition": "x_pre + ys_post > 15"}),
    ("generator", {"j": "k for k in range(N_post) if y_post >= x_pre + 10"}),
    ("generator_pre", {"j": "k for k in range(int(x_pre/10), N_post)"}),
    ("n", {"condition": "y_post > x_pre", "n": 2}),
]


def connect_case(kw):
    start_scope()
    K = NeuronGroup(4, K_MODEL, method="euler", name="K")
    K.z = "i*10"
    K.c = 7
    P = NeuronGroup(4, P_MODEL, threshold="v > 1", reset="v = 0", method="euler", name="P")
    P.x = linked_var(K, "z")
    H = NeuronGroup(4, H_MODEL, name="H")
    H.y = linked_var(K, "z")
    H.ys = linked_var(K, "c")
    S = Synapses(P, H, "w : 1", name="S")
    S.connect(**kw)
    return {"kwargs": kw, "i": [int(x) for x in S.i[:]], "j": [int(x) for x in S.j[:]]}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "testdata", "brian2", "synapses_linked")
    os.makedirs(out, exist_ok=True)
    data = {
        "k_model": K_MODEL, "p_model": P_MODEL, "h_model": H_MODEL, "condition": CONDITION,
        "cases": {name: run_case(name, m, op, w) for name, m, op, w in CASES},
        "connect": {name: connect_case(kw) for name, kw in CONNECT_CASES},
    }
    with open(os.path.join(out, "linked.json"), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
