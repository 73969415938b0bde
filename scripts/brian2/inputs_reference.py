#!/usr/bin/python3
"""Writes testdata/brian2/inputs/*.json: runs of Brian2 2.5.1 (numpy target)
that core/sim's tests reproduce (core/sim/inputs_brian2_test.go): spike
generators, run_regularly, custom events with run_on_event and
EventMonitor, linked variables, TimedArrays in code, subgroups, initial
values and shared variables, and the statistics of PoissonInput and
PoissonGroup (which use other random numbers, so only their statistics can
agree).

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/inputs_reference.py [outdir]
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
BrianLogger.log_level_error()
prefs.codegen.target = "numpy"


def floats(q, unit=None):
    """A quantity or array as a list of floats (SI, or in unit)."""
    a = np.asarray(q / unit if unit is not None else q, dtype=float)
    return [float(x) for x in a.ravel()]


def spikes(mon, variables=()):
    out = {"i": [int(x) for x in mon.i], "t": floats(mon.t_)}
    for v in variables:
        out[v] = floats(getattr(mon, v + "_"))
    return out


def states(mon, variables):
    return {
        "t": floats(mon.t_),
        "record": [int(x) for x in mon.record],
        "values": {v: [floats(row) for row in getattr(mon, v + "_")] for v in variables},
    }


def write(path, name, data):
    with open(os.path.join(path, name), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


def error(f):
    """Brian2's error message for f(), or None."""
    try:
        f()
    except Exception as e:  # noqa: BLE001
        while e.__cause__ is not None:  # the original error, not Brian2's wrapper
            e = e.__cause__
        return f"{type(e).__name__}: {e}"
    return None


def spikegen(path):
    """SpikeGeneratorGroup: times on, a hair below and a hair above
    multiples of dt, given unsorted; two runs; set_spikes with spikes in
    the past; a periodic generator."""
    cases = []
    start_scope()
    defaultclock.dt = 0.1 * ms
    indices = [3, 0, 1, 2, 4, 0, 1, 2, 3, 4, 0, 2]
    times = np.array([0.3, 0.0, 0.1, 0.2999999, 0.30001, 0.15, 1.05, 0.0999, 2.5, 2.55, 4.2, 4.95]) * ms
    G = SpikeGeneratorGroup(5, indices, times)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(3 * ms)
    first = spikes(mon)
    # Brian2 skips the spikes before the start of the next run.
    new_i = [0, 1, 2, 3]
    new_t = np.array([1.0, 3.2, 3.25, 4.0]) * ms
    G.set_spikes(new_i, new_t)
    net.run(2 * ms)
    cases.append({"name": "runs", "n": 5, "indices": indices, "times": floats(times),
                  "period": 0.0, "durations": [3e-3, 2e-3],
                  "set_indices": new_i, "set_times": floats(new_t),
                  "first": first, "spikes": spikes(mon)})

    start_scope()
    defaultclock.dt = 0.1 * ms
    indices = [0, 1, 2, 1]
    times = np.array([0.1, 0.5, 0.95, 1.9]) * ms
    G = SpikeGeneratorGroup(3, indices, times, period=2 * ms)
    mon = SpikeMonitor(G)
    net = Network(G, mon)
    net.run(7 * ms)
    cases.append({"name": "period", "n": 3, "indices": indices, "times": floats(times),
                  "period": float(2 * ms), "durations": [7e-3], "spikes": spikes(mon)})

    def twice():
        start_scope()
        defaultclock.dt = 0.1 * ms
        G = SpikeGeneratorGroup(2, [0, 0], [0.01, 0.05] * ms)
        run(1 * ms)

    def period_not_multiple():
        start_scope()
        defaultclock.dt = 0.1 * ms
        G = SpikeGeneratorGroup(2, [0], [0.01] * ms, period=0.25 * ms)
        run(1 * ms)

    errors = {"twice": error(twice), "period_not_multiple": error(period_not_multiple)}
    write(path, "spikegen.json", {"cases": cases, "errors": errors})


def run_regularly(path):
    """run_regularly with its own clock (and t and dt in its code), at the
    group's clock in the end slot, against a StateMonitor in start."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    model = """
dv/dt = -v/(10*ms) : volt
x : volt
c : 1
tt : second
dd : second
"""
    G = NeuronGroup(4, model, method="exact", name="neurongroup")
    G.run_regularly("v += (1 + i)*mV\nc += 1", dt=0.3 * ms)
    G.run_regularly("tt = t\ndd = dt", dt=0.5 * ms)
    G.run_regularly("x = v", when="end")
    mon = StateMonitor(G, ["v", "x", "c", "tt", "dd"], record=True, name="statemonitor")
    run(3 * ms)
    write(path, "run_regularly.json", {"model": model, "state": states(mon, ["v", "x", "c", "tt", "dd"])})


def events(path):
    """Custom events with run_on_event, an EventMonitor with variables, a
    SpikeMonitor with variables, and an event moved with
    set_event_schedule and its code with when=."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    model = """
dv/dt = (I - v)/(10*ms) : volt (unless refractory)
I : volt
nb : 1
ns : 1
nu : 1
"""
    G = NeuronGroup(3, model, threshold="v > 20*mV", reset="v = 0*mV\nns += 1",
                    refractory=2 * ms, method="exact", name="neurongroup",
                    events={"burst": "v > 15*mV and not_refractory", "up": "v > 10*mV"})
    G.run_on_event("burst", "nb += 1\nv += 0.5*mV")
    G.set_event_schedule("up", "before_resets")
    G.run_on_event("up", "nu += 1", when="before_end")
    G.I = "(25 + 5*i)*mV"
    em = EventMonitor(G, "burst", variables=["v", "nb"], name="eventmonitor")
    um = EventMonitor(G, "up", name="eventmonitor_1")
    sm = SpikeMonitor(G, variables=["v", "ns"], name="spikemonitor")
    st = StateMonitor(G, ["v", "nb", "nu"], record=True, name="statemonitor")
    run(30 * ms)
    errors = {
        "unknown": error(lambda: G.run_on_event("bursts", "nb += 1")),
        "twice": error(lambda: G.run_on_event("burst", "nb += 1")),
    }
    write(path, "events.json", {
        "model": model,
        "burst": spikes(em, ["v", "nb"]), "up": spikes(um), "spike": spikes(sm, ["v", "ns"]),
        "state": states(st, ["v", "nb", "nu"]), "errors": errors,
    })


def linked(path):
    """Linked variables: same size, through an index, to a subgroup and to
    a shared variable."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    H = NeuronGroup(3, "dy/dt = (k - y)/(5*ms) : volt\nk : volt\ns : volt (shared)", method="exact", name="H")
    H.k = "(i + 1)*10*mV"
    H.run_regularly("s += 1*mV")
    model = "dz/dt = (x - z)/(3*ms) : volt\nx : volt (linked)"
    G = NeuronGroup(3, model, method="exact", name="G")
    G.x = linked_var(H, "y")
    G2 = NeuronGroup(6, model, method="exact", name="G2")
    G2.x = linked_var(H, "y", index=[0, 0, 1, 1, 2, 2])
    G3 = NeuronGroup(2, model, method="exact", name="G3")
    H1 = H[1:]  # keep a reference: Brian2 holds subgroups weakly
    G3.x = linked_var(H1, "y")
    G4 = NeuronGroup(2, model, method="exact", name="G4")
    G4.x = linked_var(H, "s")
    mons = {name: StateMonitor(g, ["z", "x"], record=True, name="statemonitor_" + name)
            for name, g in [("G", G), ("G2", G2), ("G3", G3), ("G4", G4)]}
    Network(H, G, G2, G3, G4, *mons.values()).run(5 * ms)
    errors = {
        "size": error(lambda: setattr(NeuronGroup(2, model), "x", linked_var(H, "y"))),
        "set": error(lambda: setattr(G, "x", 3 * mV)),
    }
    write(path, "linked.json", {"model": model,
                                "states": {k: states(m, ["z", "x"]) for k, m in mons.items()},
                                "errors": errors})


def timedarray(path):
    """TimedArrays in code: f(t) in an equation, g(t, i) in a
    subexpression, and past the end of the arrays."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    ta = TimedArray([0, 1, 3, 2, 5] * mV, dt=0.5 * ms)
    vals = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9], [2, 0, 1]]) * mV
    tb = TimedArray(vals, dt=0.3 * ms)
    model = """
dv/dt = (ta(t) + u - v)/(2*ms) : volt
u = tb(t, i) : volt
w : volt
"""
    G = NeuronGroup(3, model, method="euler", name="neurongroup")
    G.run_regularly("w = ta(t)*2 + tb(t, 2)", when="end")
    mon = StateMonitor(G, ["v", "u", "w"], record=True, name="statemonitor")
    run(3 * ms)
    write(path, "timedarray.json", {
        "model": model, "ta": floats(ta.values), "ta_dt": float(0.5 * ms),
        "tb": floats(tb.values), "tb_shape": list(vals.shape), "tb_dt": float(0.3 * ms),
        "state": states(mon, ["v", "u", "w"]),
    })


def subgroups(path):
    """Subgroups: values set on them with i relative to them, run_regularly
    on one, and monitors of them."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    model = "dv/dt = (I - v)/(10*ms) : volt\nI : volt\nw : 1\ny : 1\nu = w*2 + i : 1\nm = N*100.0 : 1"
    P = NeuronGroup(10, model, threshold="v > 10*mV", reset="v = 0*mV", method="exact", name="neurongroup")
    Pa = P[:4]
    Pb = P[4:]
    Pa.I = "(15 + i)*mV"
    Pb.I = "(12 + 2*i)*mV"
    P.w = "i"
    Pb.w = "N + i*10 + w"
    Pb.y = "u + i + m + N"  # i and N are Pb's, but those inside u and m are P's
    Pb.run_regularly("w += i", dt=1 * ms)
    sm = SpikeMonitor(Pb, name="spikemonitor")
    sa = StateMonitor(Pa, ["v", "w"], record=True, name="statemonitor")
    sb = StateMonitor(Pb, ["w", "u", "y"], record=[0, 5], name="statemonitor_1")
    rm = PopulationRateMonitor(Pb, name="ratemonitor")
    run(20 * ms)
    write(path, "subgroups.json", {
        "model": model, "spikes": spikes(sm),
        "a": states(sa, ["v", "w"]), "b": states(sb, ["w", "u", "y"]),
        "rate": floats(rm.rate_), "rate_t": floats(rm.t_),
    })


def initial(path):
    """Initial values from expressions of i and N, integer and boolean
    variables, and a shared variable used in code and recorded."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    model = """
a : volt
b : 1
c : integer
d : boolean
s : volt (shared)
q = a*b + s : volt
"""
    G = NeuronGroup(7, model, name="neurongroup")
    G.a = "-70*mV + i*N*0.5*mV"
    G.b = "i % 3 + 0.5"
    G.c = "int(i/2)*3 - N"
    G.d = "i > N/2"
    G.s = "3*mV"
    G.b = "b*2 + i**2"
    init = {v: floats(getattr(G, v + "_")) for v in ["a", "b", "c", "d", "s", "q"]}
    G.run_regularly("s += 1*mV")
    G.run_regularly("a += s", when="end")
    mon = StateMonitor(G, ["a", "s", "q"], record=[0, 3], name="statemonitor")
    run(1 * ms)
    write(path, "initial.json", {"model": model, "init": init, "state": states(mon, ["a", "s", "q"])})


def poisson(path):
    """Statistics: the increments of PoissonInput (small n*p: Brian2 draws
    binomial numbers; large: a normal approximation), and the spike counts
    of PoissonGroups with rates given as values and as an expression of t
    and i."""
    out = {}
    for name, n, rate, weight in [("small", 50, 20 * Hz, 0.1 * mV), ("large", 10000, 100 * Hz, 0.01 * mV)]:
        start_scope()
        seed(2024)
        defaultclock.dt = 0.1 * ms
        G = NeuronGroup(2000, "v : volt")
        inp = PoissonInput(G, "v", N=n, rate=rate, weight=weight)
        steps = 20
        incs = []
        net = Network(G, inp)
        for _ in range(steps):
            before = np.array(G.v_)
            net.run(defaultclock.dt)
            incs.append(np.array(G.v_) - before)
        incs = np.concatenate(incs) / float(weight)
        p = float(rate * defaultclock.dt)
        out[name] = {"n": n, "rate": float(rate), "weight": float(weight), "neurons": 2000, "steps": steps,
                     "mean": float(incs.mean()), "var": float(incs.var()),
                     "theory_mean": n * p, "theory_var": n * p * (1 - p)}
    start_scope()
    seed(2024)
    defaultclock.dt = 0.1 * ms
    rates = "(10 + 20*i/N)*Hz*(1 + 0.5*sin(2*pi*20*Hz*t))"
    P = PoissonGroup(500, rates=rates)
    Q = PoissonGroup(500, rates=np.linspace(5, 50, 500) * Hz)
    mp, mq = SpikeMonitor(P), SpikeMonitor(Q)
    run(1 * second)
    out["group_expr"] = {"n": 500, "rates": rates, "duration": 1.0, "total": int(mp.num_spikes),
                         "first_half": int(np.sum(mp.i < 250)), "second_half": int(np.sum(mp.i >= 250))}
    out["group_values"] = {"n": 500, "duration": 1.0, "total": int(mq.num_spikes)}
    write(path, "poisson.json", out)


def main(path):
    os.makedirs(path, exist_ok=True)
    spikegen(path)
    run_regularly(path)
    events(path)
    linked(path)
    timedarray(path)
    subgroups(path)
    initial(path)
    poisson(path)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "testdata", "brian2", "inputs")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
