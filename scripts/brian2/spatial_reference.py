#!/usr/bin/python3
"""Writes testdata/brian2/spatial/*.json: SpatialNeuron runs of Brian2 2.5.1
itself, for the tests of package core/spatial (the cable equation and its
tree solver).

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/spatial_reference.py [outdir]

Four cases, each 50 ms at dt = 0.025 ms (2000 steps), all passive or
passive-like (Brian2's own implicit cable solver does all the work):

  ball_and_stick  soma 30 um + dendrite 1000 um x 1 um in 100 compartments;
                  Im = gL*(EL - v), gL = 1e-4 S/cm2, EL = -70 mV,
                  Cm = 1 uF/cm2, Ri = 150 ohm cm; 0.1 nA into the soma
                  from 5 to 30 ms.
  branched        soma 20 um + dendrite 400 um x 1.5 um (40 compartments)
                  that splits into L (300 um x 1 um, 30) and R (250 um x
                  0.6 um, 25); the same membrane; 0.1 nA into the soma from
                  5 to 30 ms and 0.02 nA into the tip of R from 15 to 40 ms.
  nonuniform      the branched tree with a tapering section (truncated cones)
                  below L, Cm and gL that vary with the compartment, a
                  conductance that decays with time on part of the tree
                  (gs = gsmax*exp(-t/taus), reversal Es = 0 mV, so that gtot
                  changes every step and differs between compartments) and a
                  sinusoidal point current besides the step; it exercises
                  everything the solver takes per compartment and per step.
  zero_length     soma 30 um + a section of three compartments whose middle
                  one has length zero (two equal points; its area, a flat
                  cone between diameters 1 and 2 um, is not zero) + a
                  cylinder; the ball-and-stick's membrane and current.

The membrane current is exactly Im = gL*(EL - v) plus the point currents
(Brian2 adds I/area to Im), and for nonuniform
Im = gL*(EL - v) + gs*(Es - v) + point currents. The JSON holds what a Go
test needs to drive the same solver: the parameters per compartment, the
schedule of the point currents, Brian2's compartment areas (to check the
morphology), and what Brian2 recorded: v and Ic at a few compartments
every 10 steps (0.25 ms), and v of every compartment every 10 ms
(StateMonitor records at the start of a step, so the record at step k is
the state after k steps).

Brian2's numpy target (used for the data) solves the three tridiagonal
systems per section with scipy's solve_banded (LAPACK); its cython target
with the Thomas algorithm, compiled with Brian2's default -O3 -ffast-math.
The script runs both and stores the largest difference between them
("numpy_vs_cython"): the spread of Brian2's own results from one target to
another. (The cython run compiles code on first use, which takes a few
minutes.) Both carry a rounding error of their own, of up to 2e-9 V here:
Brian2's scheme divides the soma's axial conductance 1/Ri (r_length = 1 m)
by the soma's area, which puts 2e8 S/m2 next to Cm/dt = 400 F/m2/s on the
diagonal and loses some six digits; see core/spatial's tests.

The output is the same byte for byte on every run.
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import numpy as np

import brian2
from brian2 import (Cylinder, Network, Section, Soma, SpatialNeuron,
                    StateMonitor, amp, cm, defaultclock, mV, ms, nA, ohm,
                    prefs, siemens, second, uF, um, meter, volt)

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

DT = 0.025 * ms
STEPS = 2000
SNAPSHOT_EVERY = 400  # steps (10 ms)
RECORD_EVERY = 10  # steps (0.25 ms) kept in the JSON

PASSIVE = """
Im = gL*(EL - v) : amp/meter**2
gL : siemens/meter**2
EL : volt
I : amp (point current)
"""

FULL = """
Im = gL*(EL - v) + gs*(Es - v) : amp/meter**2
gs = gsmax*exp(-t/taus) : siemens/meter**2
gL : siemens/meter**2
gsmax : siemens/meter**2
EL : volt
Es : volt
taus : second (shared)
I : amp (point current)
Iac = Iacamp*sin(2*pi*fac*t)*int(i == iac) : amp (point current)
Iacamp : amp (shared)
fac : 1/second (shared)
iac : integer (shared)
"""


def ball_and_stick():
    m = Soma(diameter=30 * um)
    m.dend = Cylinder(n=100, length=1000 * um, diameter=1 * um)
    return m


def branched(taper=False):
    m = Soma(diameter=20 * um)
    m.dend = Cylinder(n=40, length=400 * um, diameter=1.5 * um)
    m.dend.L = Cylinder(n=30, length=300 * um, diameter=1 * um)
    m.dend.R = Cylinder(n=25, length=250 * um, diameter=0.6 * um)
    if taper:
        m.dend.L.cone = Section(n=20, diameter=np.linspace(1.0, 0.3, 21) * um,
                                length=np.full(20, 10.0) * um)
    return m


def zero_length():
    """A section of three compartments, the second of length zero (two
    equal points) between diameters 1 and 2 um, so that its area, the
    lateral surface of a flat cone, is not zero; Brian2 simulates it
    (its r_length terms are infinite, the conductances to its neighbours
    finite)."""
    m = Soma(diameter=30 * um)
    m.dend = Section(n=3, diameter=[1, 1, 2, 2] * um, x=[0, 10, 10, 20] * um,
                     y=[0, 0, 0, 0] * um, z=[0, 0, 0, 0] * um)
    m.dend.tip = Cylinder(n=3, length=30 * um, diameter=1 * um)
    return m


def index(m, path, i):
    sec = m
    for part in path.split("."):
        if part:
            sec = sec[part]
    return int(np.atleast_1d(sec.indices[:])[i])


def case_ball_and_stick():
    m = ball_and_stick()
    return {
        "name": "ball_and_stick", "morpho": m, "model": "passive",
        "Cm": lambda n: np.full(n.N, 1.0) * uF / cm ** 2,
        "Ri": 150 * ohm * cm,
        "gL": lambda n: np.full(n.N, 1e-4) * siemens / cm ** 2,
        "EL": -70 * mV,
        # (steps, {compartment: current})
        "phases": [(200, {}), (1000, {0: 0.1 * nA}), (800, {})],
        "record": [0, 1, 10, 50, 100],
    }


def case_branched():
    m = branched()
    tip = index(m, "dend.R", -1)
    return {
        "name": "branched", "morpho": m, "model": "passive",
        "Cm": lambda n: np.full(n.N, 1.0) * uF / cm ** 2,
        "Ri": 150 * ohm * cm,
        "gL": lambda n: np.full(n.N, 1e-4) * siemens / cm ** 2,
        "EL": -70 * mV,
        "phases": [(200, {}), (400, {0: 0.1 * nA}),
                   (600, {0: 0.1 * nA, tip: 0.02 * nA}),
                   (400, {tip: 0.02 * nA}), (400, {})],
        "record": [0, 1, 40, index(m, "dend.L", 0), index(m, "dend.L", -1),
                   index(m, "dend.R", 0), tip],
    }


def case_nonuniform():
    m = branched(taper=True)
    cone_end = index(m, "dend.L.cone", -1)
    mid = index(m, "dend", 20)

    def cm_(n):
        # 1 uF/cm2, rising to 2 uF/cm2 with the distance from the soma
        return (1.0 + np.minimum(np.asarray(n.distance) / (500e-6), 1.0)) * uF / cm ** 2

    def gl_(n):
        d = np.asarray(n.distance)
        return (1e-4 * (1 + 0.5 * np.cos(d / 100e-6))) * siemens / cm ** 2

    def gs_(n):
        d = np.asarray(n.distance)
        return np.where((d > 150e-6) & (d < 450e-6), 5e-4, 0.0) * siemens / cm ** 2

    return {
        "name": "nonuniform", "morpho": m, "model": "full",
        "Cm": cm_, "Ri": 100 * ohm * cm, "gL": gl_, "gsmax": gs_,
        "EL": -65 * mV, "Es": 0 * mV, "taus": 8 * ms,
        "Iacamp": 0.05 * nA, "fac": 150 / second, "iac": cone_end,
        "phases": [(100, {}), (900, {0: 0.15 * nA, mid: -0.03 * nA}),
                   (1000, {mid: 0.05 * nA})],
        "record": [0, 1, mid, index(m, "dend", -1), index(m, "dend.L", 0),
                   index(m, "dend.L.cone", 0), cone_end, index(m, "dend.R", -1)],
    }


def case_zero_length():
    m = zero_length()
    return {
        "name": "zero_length", "morpho": m, "model": "passive",
        "Cm": lambda n: np.full(n.N, 1.0) * uF / cm ** 2,
        "Ri": 150 * ohm * cm,
        "gL": lambda n: np.full(n.N, 1e-4) * siemens / cm ** 2,
        "EL": -70 * mV,
        "phases": [(200, {}), (1000, {0: 0.1 * nA}), (800, {})],
        "record": [0, 1, 2, 3, 4, 6],
    }


def simulate(case, target):
    prefs.codegen.target = target
    defaultclock.dt = DT
    full = case["model"] == "full"
    n = SpatialNeuron(case["morpho"], FULL if full else PASSIVE,
                      Cm=1 * uF / cm ** 2, Ri=case["Ri"], method="exponential_euler")
    n.Cm = case["Cm"](n)
    n.gL = case["gL"](n)
    n.EL = case["EL"]
    n.v = case["EL"]
    if full:
        n.gsmax = case["gsmax"](n)
        n.Es = case["Es"]
        n.taus = case["taus"]
        n.Iacamp = case["Iacamp"]
        n.fac = case["fac"]
        n.iac = case["iac"]
    mon = StateMonitor(n, ["v", "Ic"], record=case["record"])
    snap = StateMonitor(n, "v", record=True, dt=SNAPSHOT_EVERY * DT)
    net = Network(n, mon, snap)
    for steps, currents in case["phases"]:
        n.I = 0 * amp
        for idx, cur in currents.items():
            n.I[idx] = cur
        net.run(steps * DT)
    assert len(mon.t) == STEPS
    return n, mon, snap


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "testdata", "brian2", "spatial")
    os.makedirs(out, exist_ok=True)
    for make in (case_ball_and_stick, case_branched, case_nonuniform, case_zero_length):
        case = make()
        n, mon, snap = simulate(case, "numpy")
        _, mon_cy, snap_cy = simulate(case, "cython")
        v, vc = np.asarray(mon.v_), np.asarray(mon_cy.v_)
        s, sc = np.asarray(snap.v_), np.asarray(snap_cy.v_)
        # relative to the size of the excursion from rest, which is what the
        # solver computes (v itself is dominated by the constant EL)
        excursion = float(np.max(np.abs(v - float(case["EL"]))))
        diff = float(max(np.max(np.abs(v - vc)), np.max(np.abs(s - sc))))
        full = case["model"] == "full"
        d = {
            "brian2": brian2.__version__,
            "name": case["name"],
            "target": "numpy",
            "model": case["model"],
            "dt": float(DT),
            "steps": STEPS,
            "N": int(n.N),
            "area": [float(a) for a in n.area_],
            "distance": [float(a) for a in n.distance_],
            "Cm": [float(a) for a in n.Cm_],
            "Ri": float(n.Ri_[:]),
            "gL": [float(a) for a in n.gL_],
            "EL": float(case["EL"]),
            "phases": [{"steps": steps,
                        "point": [[int(i), float(c)] for i, c in sorted(cur.items())]}
                       for steps, cur in case["phases"]],
            "record": [int(i) for i in case["record"]],
            "record_every": RECORD_EVERY,
            "v": [[float(x) for x in row[::RECORD_EVERY]] for row in v],
            "Ic": [[float(x) for x in row[::RECORD_EVERY]] for row in np.asarray(mon.Ic_)],
            "snapshot_every": SNAPSHOT_EVERY,
            "snapshots": [[float(x) for x in row] for row in s.T],
            "numpy_vs_cython": {"max_abs_v": diff, "max_excursion": excursion},
        }
        if full:
            d.update({
                "gsmax": [float(a) for a in n.gsmax_],
                "Es": float(case["Es"]),
                "taus": float(case["taus"]),
                "Iacamp": float(case["Iacamp"]),
                "fac": float(case["fac"]),
                "iac": int(case["iac"]),
            })
        with open(os.path.join(out, case["name"] + ".json"), "w") as f:
            json.dump(d, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        print(f"{case['name']}: N={n.N}, numpy vs cython max |dv| = {diff:.3g} V "
              f"(excursion {excursion:.3g} V)")


if __name__ == "__main__":
    main()
