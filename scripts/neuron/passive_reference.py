#!/usr/bin/python3
"""Writes testdata/neuron/*.json: passive cells run in NEURON 8.2, for the
tests of package core/spatial.

Run with Debian's NEURON (python3-neuron):
    /usr/bin/python3 scripts/neuron/passive_reference.py [outdir]

The cells are those of scripts/brian2/spatial_reference.py, built so that
NEURON's discretisation is Brian2's: one segment per Brian2 compartment
(nseg), a soma of length = diameter (the area of Brian2's sphere), pas with
g_pas = 1e-4 S/cm2 and e_pas = -70 mV, cm = 1 uF/cm2, Ra = 150 ohm cm,
fixed step dt = 0.025 ms with implicit Euler (h.secondorder = 0, CVode off),
IClamp for the point currents (NEURON evaluates them at t + dt/2, so a clamp
from 5 ms is on from the step that starts at 5 ms, as Brian2's current set
at 5 ms).

NEURON and Brian2 place the nodes the same way for cylinders: one at the
centre of each segment (compartment), and a node without membrane at each
section end where children attach. What differs is the soma's own axial
resistance: Brian2 gives the soma r_length = 1 m, i.e. Ri/(1 m) = 1.5 ohm
from its centre to its end, where a NEURON soma of L = diam = 30 um with
Ra = 150 ohm cm has Ra*(L/2)/(pi*diam**2/4) = 32 kohm. The "matched" runs
give the soma the Ra that makes its half resistance 1.5 ohm, so that the
two simulators solve the same equations; the "plain" run keeps Ra = 150 ohm
cm on the soma, as a NEURON user would write it.

Every file holds the potential at a few segments every 10 steps (the state
after k steps, as Brian2's StateMonitor records it) and at every segment
every 400 steps, in volts. The output is the same byte for byte on every
run.
"""
import json
import math
import os
import sys

from neuron import h

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))

DT = 0.025  # ms
STEPS = 2000
RECORD_EVERY = 10
SNAPSHOT_EVERY = 400
RI = 150.0  # ohm cm
BRIAN2_SOMA_HALF_RESISTANCE = (RI * 1e-2) / 1.0  # ohm: Ri/r_length, r_length = 1 m


def soma_ra_matched(diam_um):
    """The Ra (ohm cm) of a soma of L = diam whose half resistance,
    Ra*(L/2)/(pi*(diam/2)**2), is Brian2's 1.5 ohm."""
    d = diam_um * 1e-4  # cm
    return BRIAN2_SOMA_HALF_RESISTANCE * math.pi * (d / 2) ** 2 / (d / 2)


def make_cell(spec, matched):
    """spec: list of (name, parent name or None, L um, diam um, nseg);
    returns the sections in Brian2's order and the compartment index of
    each (section, segment)."""
    secs = []
    byname = {}
    for name, parent, length, diam, nseg in spec:
        s = h.Section(name=name)
        s.L, s.diam, s.nseg = length, diam, nseg
        s.insert("pas")
        s.Ra = RI
        s.cm = 1.0
        for seg in s:
            seg.pas.g = 1e-4
            seg.pas.e = -70.0
        if parent is None:
            if matched:
                s.Ra = soma_ra_matched(diam)
        else:
            s.connect(byname[parent](1), 0)
        byname[name] = s
        secs.append(s)
    segs = [seg for s in secs for seg in s]
    return secs, byname, segs


def run(name, spec, clamps, record, matched):
    secs, byname, segs = make_cell(spec, matched)
    stims = []
    for sec, x, delay, dur, amp in clamps:
        st = h.IClamp(byname[sec](x))
        st.delay, st.dur, st.amp = delay, dur, amp
        stims.append(st)
    h.dt = DT
    h.secondorder = 0
    h.CVode().active(0)
    h.finitialize(-70.0)
    v = [[] for _ in record]
    snaps = []
    for k in range(STEPS):
        if k % RECORD_EVERY == 0:
            for j, i in enumerate(record):
                v[j].append(segs[i].v * 1e-3)
        if k % SNAPSHOT_EVERY == 0:
            snaps.append([seg.v * 1e-3 for seg in segs])
        h.fadvance()
    out = {
        "neuron": h.nrnversion(5),
        "name": name,
        "soma_Ra": secs[0].Ra,
        "matched_soma": matched,
        "dt": DT * 1e-3,
        "steps": STEPS,
        "N": len(segs),
        "area": [seg.area() * 1e-12 for seg in segs],
        "record": record,
        "record_every": RECORD_EVERY,
        "v": v,
        "snapshot_every": SNAPSHOT_EVERY,
        "snapshots": snaps,
    }
    for s in secs:
        h.delete_section(sec=s)
    return out


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, "testdata", "neuron")
    os.makedirs(out, exist_ok=True)
    bas = [("soma", None, 30, 30, 1), ("dend", "soma", 1000, 1, 100)]
    bas_clamps = [("soma", 0.5, 5, 25, 0.1)]
    bas_record = [0, 1, 10, 50, 100]
    br = [("soma", None, 20, 20, 1), ("dend", "soma", 400, 1.5, 40),
          ("L", "dend", 300, 1, 30), ("R", "dend", 250, 0.6, 25)]
    # the tip of R: its last segment, at x = 1 - 0.5/25
    br_clamps = [("soma", 0.5, 5, 25, 0.1), ("R", 1 - 0.5 / 25, 15, 25, 0.02)]
    br_record = [0, 1, 40, 41, 70, 71, 95]
    runs = [
        ("ball_and_stick", bas, bas_clamps, bas_record, True),
        ("ball_and_stick_plain", bas, bas_clamps, bas_record, False),
        ("branched", br, br_clamps, br_record, True),
    ]
    for name, spec, clamps, record, matched in runs:
        d = run(name, spec, clamps, record, matched)
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(d, f, separators=(",", ":"), sort_keys=True)
            f.write("\n")
        print(f"{name}: {d['N']} segments, soma Ra = {d['soma_Ra']:.6g} ohm cm")


if __name__ == "__main__":
    main()
