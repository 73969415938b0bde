#!/usr/bin/python3
"""Writes testdata/brian2/spatial/active_*.json: SpatialNeurons with active
or non-linear membranes and with synapses onto compartments, run by Brian2
2.5.1 itself, for core/sim's TestSpatialActiveBrian2.

Run by hand (not part of scripts/brian2/check.sh: it takes a minute or two):

    nice /usr/bin/python3 scripts/brian2/spatial_active.py [outdir]

The numpy target is used (Brian2's cable solver with scipy's
solve_banded). Four cases:

  hh_axon     Brian2's examples/compartmental/hh_with_spikes.py: the 10 cm
              axon of diameter 476 um in 1000 compartments, its HH channels,
              Cm = 1 uF/cm2, Ri = 35.4 ohm cm, exponential Euler,
              threshold m > 0.5, refractory m > 0.4, dt = 0.01 ms; the
              example's 50 ms of settling shortened to 10 ms, then 1 uA into
              compartment 0 for 3 ms, then 15 ms more. v at compartments
              0, 250, 500, 750, 999 every 10 steps; every spike; and the
              conduction velocity as the example computes it (a linear
              regression of the distance of the spiking compartment on the
              spike time).
  nonlinear   soma 30 um + dendrite 500 um x 1 um in 25 compartments with a
              membrane current that is not linear in v, so that Brian2 splits
              it with sympy (gtot = -dIm/dv, I0 = Im + gtot*v, both at the
              current v): a leak plus a persistent sodium current whose
              activation is instantaneous,
              Im = gL*(EL - v) + gNaP*(ENa - v)/(1 + exp(-(v - Vh)/k)).
              A 0.08 nA step into the soma from 5 to 35 ms; 50 ms at
              dt = 0.025 ms; v at the soma, compartment 10 and the tip every
              4 steps.
  synapse     the ball-and-stick of spatial_reference.py's ball_and_stick
              (soma 30 um, dendrite 1000 um x 1 um in 100 compartments,
              gL = 1e-4 S/cm2, EL = -70 mV, Cm = 1 uF/cm2, Ri = 150 ohm cm)
              with two kinds of synapse from a SpikeGeneratorGroup: a
              conductance per compartment (gs, decaying with taus = 2 ms,
              Es = 0 mV, Is = gs*(Es - v) a point current) increased by
              on_pre "gs_post += w" onto compartment 60 (distance ~585 um),
              and a current (dIe/dt = -Ie/taue, a point current) increased by
              "Ie_post += we" onto compartment 20. 60 ms at dt = 0.025 ms;
              v at the soma, 20 and 60 every 4 steps.
  constdt     soma 30 um + dendrite 300 um x 1 um in 10 compartments whose
              Im uses a subexpression flagged "constant over dt" (a
              conductance gx driven by a slow variable w of v), which Brian2
              takes out of Im before it differentiates and computes at the
              start of each step; 0.1 nA into the soma from 5 to 25 ms, 40 ms
              at dt = 0.025 ms; v at 0, 5 and 10 every 4 steps.
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import numpy as np
from brian2 import (Cylinder, Network, SpatialNeuron, SpikeGeneratorGroup,
                    SpikeMonitor, StateMonitor, Synapses, Soma, amp, cm,
                    defaultclock, mV, ms, nA, nS, ohm, prefs, second, siemens,
                    uA, uF, um, __version__)

prefs.codegen.target = "numpy"
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), "..", "..", "testdata", "brian2", "spatial")


def dump(name, d):
    d["brian2"] = __version__
    d["target"] = "numpy"
    with open(os.path.join(OUT, f"active_{name}.json"), "w") as f:
        json.dump(d, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print("wrote", name)


HH = """
Im = gl * (El-v) + gNa * m**3 * h * (ENa-v) + gK * n**4 * (EK-v) : amp/meter**2
I : amp (point current)
dm/dt = alpham * (1-m) - betam * m : 1
dn/dt = alphan * (1-n) - betan * n : 1
dh/dt = alphah * (1-h) - betah * h : 1
alpham = (0.1/mV) * 10*mV/exprel((-v+25*mV)/(10*mV))/ms : Hz
betam = 4 * exp(-v/(18*mV))/ms : Hz
alphah = 0.07 * exp(-v/(20*mV))/ms : Hz
betah = 1/(exp((-v+30*mV) / (10*mV)) + 1)/ms : Hz
alphan = (0.01/mV) * 10*mV/exprel((-v+10*mV)/(10*mV))/ms : Hz
betan = 0.125*exp(-v/(80*mV))/ms : Hz
gNa : siemens/meter**2
"""


def hh_axon():
    dt = 0.01 * ms
    morpho = Cylinder(length=10 * cm, diameter=2 * 238 * um, n=1000, type="axon")
    ns = dict(El=10.613 * mV, ENa=115 * mV, EK=-12 * mV,
              gl=0.3e-3 * siemens / cm ** 2, gK=36e-3 * siemens / cm ** 2)
    nrn = SpatialNeuron(morphology=morpho, model=HH, method="exponential_euler",
                        refractory="m > 0.4", threshold="m > 0.5",
                        Cm=1 * uF / cm ** 2, Ri=35.4 * ohm * cm,
                        namespace=ns, dt=dt)
    nrn.v = 0 * mV
    nrn.h = 1
    nrn.m = 0
    nrn.n = .5
    nrn.I = 0 * amp
    nrn.gNa = 120e-3 * siemens / cm ** 2
    rec = [0, 250, 500, 750, 999]
    M = StateMonitor(nrn, "v", record=rec, dt=10 * dt)
    S = SpikeMonitor(nrn)
    net = Network(nrn, M, S)
    net.run(10 * ms)
    nrn.I[0] = 1 * uA
    net.run(3 * ms)
    nrn.I = 0 * amp
    net.run(15 * ms)
    ts = np.asarray(S.t / second)
    x = np.asarray(nrn.distance[S.i] / cm) * 1e-2
    slope = np.polyfit(ts, x, 1)[0]
    print(f"hh_axon: {len(ts)} spikes, velocity {slope:.3f} m/s")
    dump("hh_axon", dict(
        dt=float(dt), phases=[[0.01, 0], [0.003, 1e-6], [0.015, 0]],
        N=1000, length=0.1, diameter=2 * 238e-6, Cm=0.01, Ri=0.354,
        record=rec, record_every=10, v=np.asarray(M.v / mV).tolist(),
        spike_i=np.asarray(S.i).tolist(), spike_t=ts.tolist(),
        velocity=float(slope), model=HH))


NONLINEAR = """
Im = gL*(EL - v) + gNaP*(ENa - v)/(1 + exp(-(v - Vh)/k)) : amp/meter**2
I : amp (point current)
gL : siemens/meter**2
gNaP : siemens/meter**2
"""


def nonlinear():
    dt = 0.025 * ms
    morpho = Soma(30 * um)
    morpho.dend = Cylinder(n=25, length=500 * um, diameter=1 * um)
    ns = dict(EL=-70 * mV, ENa=50 * mV, Vh=-50 * mV, k=5 * mV)
    nrn = SpatialNeuron(morpho, NONLINEAR, Cm=1 * uF / cm ** 2,
                        Ri=150 * ohm * cm, namespace=ns, dt=dt)
    nrn.gL = 1e-4 * siemens / cm ** 2
    nrn.gNaP = 1.5e-4 * siemens / cm ** 2
    nrn.v = -70 * mV
    rec = [0, 10, 25]
    M = StateMonitor(nrn, "v", record=rec, dt=4 * dt)
    net = Network(nrn, M)
    net.run(5 * ms)
    nrn.I[0] = 0.08 * nA
    net.run(30 * ms)
    nrn.I[0] = 0 * amp
    net.run(15 * ms)
    v = np.asarray(M.v / mV)
    print(f"nonlinear: soma peak {v[0].max():.3f} mV")
    dump("nonlinear", dict(
        dt=float(dt), phases=[[0.005, 0], [0.03, 0.08e-9], [0.015, 0]],
        record=rec, record_every=4, v=v.tolist(), model=NONLINEAR,
        EL=-70e-3, ENa=50e-3, Vh=-50e-3, k=5e-3, gL=1.0, gNaP=1.5))


SYN = """
Im = gL*(EL - v) : amp/meter**2
Is = gs*(Es - v) : amp (point current)
dgs/dt = -gs/taus : siemens
dIe/dt = -Ie/taue : amp (point current)
gL : siemens/meter**2
"""


def synapse():
    dt = 0.025 * ms
    morpho = Soma(30 * um)
    morpho.dend = Cylinder(n=100, length=1000 * um, diameter=1 * um)
    ns = dict(EL=-70 * mV, Es=0 * mV, taus=2 * ms, taue=5 * ms)
    nrn = SpatialNeuron(morpho, SYN, Cm=1 * uF / cm ** 2, Ri=150 * ohm * cm,
                        namespace=ns, dt=dt)
    nrn.gL = 1e-4 * siemens / cm ** 2
    nrn.v = -70 * mV
    times = [5, 8, 20, 21, 22, 40]
    gen = SpikeGeneratorGroup(1, [0] * len(times), times * ms, dt=dt)
    syn_g = Synapses(gen, nrn, "w : siemens", on_pre="gs_post += w", dt=dt)
    syn_g.connect(i=0, j=60)
    syn_g.w = 2 * nS
    syn_i = Synapses(gen, nrn, "we : amp", on_pre="Ie_post += we", dt=dt)
    syn_i.connect(i=0, j=20)
    syn_i.we = 0.05 * nA
    rec = [0, 20, 60]
    M = StateMonitor(nrn, "v", record=rec, dt=4 * dt)
    net = Network(nrn, gen, syn_g, syn_i, M)
    net.run(60 * ms)
    v = np.asarray(M.v / mV)
    print(f"synapse: soma peak {v[0].max():.3f} mV, at 60: {v[2].max():.3f} mV")
    dump("synapse", dict(
        dt=float(dt), duration=0.06, spike_times=[t * 1e-3 for t in times],
        syn_g_j=60, w=2e-9, syn_i_j=20, we=0.05e-9,
        record=rec, record_every=4, v=v.tolist(), model=SYN))


CONSTDT = """
Im = gL*(EL - v) + gx*(Ex - v) : amp/meter**2
gx = gxmax/(1 + exp(-(w - 5*mV)/(2*mV))) : siemens/meter**2 (constant over dt)
dw/dt = (v - EL - w)/tauw : volt
I : amp (point current)
gL : siemens/meter**2
"""


def constdt():
    dt = 0.025 * ms
    morpho = Soma(30 * um)
    morpho.dend = Cylinder(n=10, length=300 * um, diameter=1 * um)
    ns = dict(EL=-70 * mV, Ex=-90 * mV, tauw=3 * ms,
              gxmax=2e-4 * siemens / cm ** 2)
    nrn = SpatialNeuron(morpho, CONSTDT, Cm=1 * uF / cm ** 2,
                        Ri=150 * ohm * cm, namespace=ns, dt=dt)
    nrn.gL = 1e-4 * siemens / cm ** 2
    nrn.v = -70 * mV
    rec = [0, 5, 10]
    M = StateMonitor(nrn, "v", record=rec, dt=4 * dt)
    net = Network(nrn, M)
    net.run(5 * ms)
    nrn.I[0] = 0.1 * nA
    net.run(20 * ms)
    nrn.I[0] = 0 * amp
    net.run(15 * ms)
    v = np.asarray(M.v / mV)
    print(f"constdt: soma peak {v[0].max():.3f} mV")
    dump("constdt", dict(
        dt=float(dt), phases=[[0.005, 0], [0.02, 0.1e-9], [0.015, 0]],
        record=rec, record_every=4, v=v.tolist(), model=CONSTDT))


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    which = sys.argv[2:] or ["nonlinear", "synapse", "constdt", "hh_axon"]
    for w in which:
        globals()[w]()
