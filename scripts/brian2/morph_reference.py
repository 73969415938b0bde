#!/usr/bin/python3
"""Writes testdata/brian2/morph/*.json: morphologies built and loaded by
Brian2 2.5.1 itself, with the geometry of every compartment as Brian2
computes it, for the tests of package core/morph.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/morph_reference.py [outdir]

It builds a ball-and-stick neuron and a branched neuron in code, loads the two
NeuroMorpho reconstructions from ../shared/morphologies (next to the
repository; MYELIN_MORPHOLOGIES overrides the folder) and three small SWC
files written here (SYNTHETIC: a three-point soma, naming rules, type
changes, a soma made of several points), generates coordinates for some of
them (Morphology.generate_coordinates, deterministic and seeded random), and
answers a few indexing questions (morpho.indices[...]). The output is the
same byte for byte on every run, so it can be regenerated and compared.

Per compartment it records, in SI units and in Brian2's flat order (the order
SpatialNeuron uses): length, area, volume, distance, diameter, start and end
diameter, r_length_1/2 and the start, midpoint and end coordinates. For the
reconstructions, which have hundreds of compartments, it stores the arrays of
the first compartments only, plus for every array its sum, the sum of the
absolute values and a sum weighted by the compartment index (which catches a
reordering); the aggregates (total area, length, volume, numbers of
compartments and sections) and the section table are stored in full.
The Go tests read the JSON; they need no Python.
"""
import json
import math
import os
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

import numpy as np

import brian2
from brian2 import Cylinder, Morphology, Section, Soma, um
from brian2.spatialneuron.spatialneuron import FlatMorphology

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, "..", ".."))
MORPHOLOGIES = os.environ.get(
    "MYELIN_MORPHOLOGIES", os.path.join(REPO, "..", "shared", "morphologies"))

# How many compartments of a reconstruction are stored value by value.
HEAD = 50

ARRAYS = ["length", "area", "volume", "distance", "diameter",
          "start_diameter", "end_diameter", "r_length_1", "r_length_2",
          "start_x", "start_y", "start_z", "x", "y", "z",
          "end_x", "end_y", "end_z"]


def num(v):
    """A float for JSON; NaN (Brian2's coordinate of a section without
    coordinates, or the undefined start diameter of a soma) becomes null."""
    v = float(v)
    return None if math.isnan(v) else v


def sections_preorder(m):
    """The sections in Brian2's flat order, with their named path (as
    Morphology.topology prints it) and the index of their parent section."""
    out = []

    def walk(sec, path, parent):
        idx = len(out)
        out.append((sec, path, parent))
        for child in sec.children:
            name = sec.children.name(child)
            walk(child, f"{path}.{name}", idx)

    walk(m, "", -1)
    return out


def flat_arrays(m):
    fm = FlatMorphology(m)
    arrays = {
        "length": fm.length, "area": fm.area, "volume": fm.volume,
        "distance": fm.distance, "diameter": fm.diameter,
        "r_length_1": fm.r_length_1, "r_length_2": fm.r_length_2,
    }
    # FlatMorphology does not keep the diameters at the ends of the
    # compartments; a Soma does not define them at all (null).
    start_d, end_d = [], []
    for sec, _, _ in sections_preorder(m):
        if isinstance(sec, Soma):
            start_d.append(np.nan)
            end_d.append(np.nan)
        else:
            start_d.extend(np.asarray(sec.start_diameter))
            end_d.extend(np.asarray(sec.end_diameter))
    arrays["start_diameter"] = np.array(start_d)
    arrays["end_diameter"] = np.array(end_d)
    for c in ["start_x", "start_y", "start_z", "x", "y", "z",
              "end_x", "end_y", "end_z"]:
        v = getattr(fm, c)
        arrays[c] = v if v is not None else np.full(fm.n, np.nan)
    return fm, arrays


def describe(m, head=None):
    fm, arrays = flat_arrays(m)
    secs = []
    for sec, path, parent in sections_preorder(m):
        names = []
        if sec.parent is not None:
            names = sorted(k for k, v in sec.parent.children._named_children.items()
                           if v is sec)
        secs.append({
            "path": path,
            "kind": type(sec).__name__,
            "type": sec.type,
            "n": int(sec.n),
            "start": int(np.atleast_1d(sec.indices[:])[0]),
            "parent": parent,
            "names": names,
            "end_distance": num(sec.end_distance),
            "has_coordinates": sec.x is not None,
        })
    n = fm.n
    k = n if head is None else min(head, n)
    comps = {a: [num(v) for v in arrays[a][:k]] for a in ARRAYS}
    sums = {}
    w = np.arange(1, n + 1, dtype=float)
    for a in ARRAYS:
        v = np.asarray(arrays[a], dtype=float)
        if np.all(np.isnan(v)):
            continue
        v = np.where(np.isnan(v), 0.0, v)
        sums[a] = {"sum": float(np.sum(v)), "abs": float(np.sum(np.abs(v))),
                   "weighted": float(np.sum(w * v))}
    return {
        "total_compartments": int(m.total_compartments),
        "total_sections": int(m.total_sections),
        "total_area": float(np.sum(fm.area)),
        "total_length": float(np.sum(fm.length)),
        "total_volume": float(np.sum(fm.volume)),
        "has_coordinates": bool(fm.has_coordinates),
        "topology": str(m.topology()),
        "sections": secs,
        "head": k,
        "compartments": comps,
        "sums": sums,
    }


def ball_and_stick():
    m = Soma(diameter=30 * um)
    m.dend = Cylinder(n=100, length=1000 * um, diameter=1 * um)
    return m


def branched(axon_coordinates=True):
    """A soma with an axon (a cylinder given by its end points), a tapering
    dendrite given by points, and two children of the dendrite: one given by
    points, one by compartment lengths only (no coordinates).

    Brian2 2.5.1 cannot copy a Cylinder with coordinates (copy_section passes
    unitless coordinates to Cylinder), so generate_coordinates without
    overwrite_existing fails on this morphology; axon_coordinates=False gives
    the axon a length instead."""
    m = Soma(diameter=20 * um, x=1 * um, y=-2 * um, z=0.5 * um)
    if axon_coordinates:
        m.axon = Cylinder(n=10, diameter=1 * um, x=[-10, -210] * um,
                          y=[0, 5] * um, type="axon")
    else:
        m.axon = Cylinder(n=10, diameter=1 * um, length=200 * um, type="axon")
    m.dend = Section(n=4, diameter=[3, 2.5, 2, 1.8, 1.5] * um,
                     x=[10, 20, 30, 40, 50] * um, y=[0, 5, 8, 10, 11] * um,
                     z=[0, 1, 1.5, 1.5, 2] * um, type="dend")
    m.dend.branch1 = Section(n=3, diameter=[1.5, 1.2, 1.0, 0.8] * um,
                             x=[0, 10, 15, 22] * um, y=[0, 8, 16, 25] * um,
                             z=[0, 1, 2, 3] * um)
    m.dend.branch2 = Section(n=5, diameter=[1.5, 1.4, 1.3, 1.2, 1.1, 1.0] * um,
                             length=[5, 6, 7, 8, 9] * um)
    m.dend.branch2.tip = Cylinder(n=3, length=30 * um, diameter=0.5 * um)
    return m


def queries(m, spec):
    """Answers morpho.indices[...] questions: ("slice", path, a, b) for
    morpho[a*um:b*um], ("at", path, p) for morpho[p*um], ("index", path, i)
    for morpho.indices[i], ("all", path) for morpho.indices[:]."""
    out = []
    for q in spec:
        sec = m
        path = q[1]
        for part in path.split("."):
            if part:
                sec = sec[part]
        if q[0] == "slice":
            idx = sec.indices[q[2] * um:q[3] * um]
            out.append({"op": "slice", "path": path, "a": q[2] * 1e-6,
                        "b": q[3] * 1e-6, "indices": [int(i) for i in np.atleast_1d(idx)]})
        elif q[0] == "at":
            idx = sec.indices[q[2] * um]
            out.append({"op": "at", "path": path, "a": q[2] * 1e-6,
                        "indices": [int(i) for i in np.atleast_1d(idx)]})
        elif q[0] == "index":
            idx = sec.indices[q[2]]
            out.append({"op": "index", "path": path, "i": q[2],
                        "indices": [int(i) for i in np.atleast_1d(idx)]})
        elif q[0] == "all":
            idx = sec.indices[:]
            out.append({"op": "all", "path": path,
                        "indices": [int(i) for i in np.atleast_1d(idx)]})
    return out


def coordinates(m, head=None):
    """Only the coordinates of a morphology (for generate_coordinates)."""
    d = describe(m, head)
    keep = ["start_x", "start_y", "start_z", "x", "y", "z",
            "end_x", "end_y", "end_z", "length", "area", "r_length_1"]
    return {
        "total_compartments": d["total_compartments"],
        "total_sections": d["total_sections"],
        "total_area": d["total_area"],
        "total_length": d["total_length"],
        "total_volume": d["total_volume"],
        "has_coordinates": d["has_coordinates"],
        "head": d["head"],
        "sections": d["sections"],
        "topology": d["topology"],
        "compartments": {k: d["compartments"][k] for k in keep},
        "sums": {k: d["sums"][k] for k in keep if k in d["sums"]},
    }


# Small SWC files that exercise the conversion rules: a NeuroMorpho
# three-point soma with four children (two of one type: "dend", "dend2"),
# a branch point (L, R), types 2, 3, 4 and an unnamed one (7) with type
# changes along a chain, CRLF line ends; and a soma given as a chain of
# points with a one-point soma section below it (a sphere, or a section
# with a cylindrical soma), read with and without a spherical soma.
SYNTHETIC = {
    "three_point_soma": (True, "\r\n".join([
        "# three-point soma, axon, dendrites, apical with an unnamed piece",
        " 1 1 0 0 0 5 -1",
        " 2 1 0 -5 0 5 1",
        " 3 1 0 5 0 5 1",
        " 4 2 -5 0 0 0.5 1",
        " 5 2 -15 0 0 0.5 4",
        " 6 2 -25 1 0 0.4 5",
        " 7 3 5 0 0 1 1",
        " 8 3 10 3 0 0.9 7",
        " 9 3 15 6 1 0.8 8",
        "10 3 18 10 1 0.6 9",
        "11 3 20 5 2 0.5 9",
        "12 3 25 4 2 0.5 11",
        "",
        "13 4 0 0 5 1.5 1",
        "14 4 0 2 15 1.2 13",
        "15 7 0 3 20 1 14",
        "16 7 0 4 25 0.8 15",
        "17 4 1 5 30 0.7 16",
        "18 3 3 0 0 1 1",
        "19 3 6 -3 0 0.8 18",
    ]) + "\r\n"),
    "soma_chain": (True, "\n".join([
        "1 1 0 0 0 1.5 -1",
        "2 1 0 3 0 2 1",
        "3 1 0 6 0 1.5 2",
        "4 3 0 9 0 0.5 3",
        "5 3 0 19 0 0.5 4",
        "6 3 3 8 0 0.5 3",
        "7 3 8 8 1 0.4 6",
        "8 1 -2 7 0 1 3",
        "9 3 -4 9 0 0.3 8",
    ]) + "\n"),
}
SYNTHETIC["soma_chain_cylindrical"] = (False, SYNTHETIC["soma_chain"][1])


def write(outdir, name, data):
    data = dict(data)
    data["brian2"] = brian2.__version__
    with open(os.path.join(outdir, name), "w") as f:
        json.dump(data, f, indent=None, sort_keys=True, separators=(",", ":"))
        f.write("\n")


def main(outdir):
    os.makedirs(outdir, exist_ok=True)

    bs = ball_and_stick()
    d = describe(bs)
    d["name"] = "ball_and_stick"
    d["queries"] = queries(bs, [
        ("all", ""), ("all", "dend"), ("index", "dend", 0),
        ("index", "dend", 99), ("index", "dend", -1),
        ("slice", "dend", 10, 20), ("slice", "dend", 0, 100),
        ("slice", "dend", 15, 35.5), ("slice", "dend", 995, 1000),
        ("slice", "dend", 0.0, 9.999999999), ("at", "dend", 0),
        ("at", "dend", 10), ("at", "dend", 15), ("at", "dend", 999.99),
        ("at", "", 0), ("at", "", 29.5),
    ])
    write(outdir, "ball_and_stick.json", d)

    br = branched()
    d = describe(br)
    d["name"] = "branched"
    d["queries"] = queries(br, [
        ("all", ""), ("all", "axon"), ("all", "dend"), ("all", "dend.branch1"),
        ("all", "dend.branch2"), ("all", "dend.branch2.tip"), ("all", "1"),
        ("all", "21"), ("all", "22"), ("all", "221"),
        ("index", "dend.branch2", 2), ("slice", "dend", 5, 25),
        ("slice", "dend.branch2", 5, 18), ("slice", "dend.branch2", 11, 11),
        ("at", "dend.branch1", 12.5), ("at", "axon", 200),
    ])
    write(outdir, "branched.json", d)

    # Coordinates generated by Brian2 for the morphologies built in code.
    gen = {}
    gen["ball_and_stick"] = coordinates(bs.generate_coordinates())
    gen["branched_axon_length"] = coordinates(
        branched(axon_coordinates=False).generate_coordinates())
    gen["branched_overwrite"] = coordinates(
        br.generate_coordinates(overwrite_existing=True))
    np.random.seed(7)
    gen["branched_random_seed7"] = coordinates(br.generate_coordinates(
        section_randomness=20, compartment_randomness=10,
        overwrite_existing=True))
    np.random.seed(12345)
    gen["ball_and_stick_random_seed12345"] = coordinates(bs.generate_coordinates(
        section_randomness=0, compartment_randomness=25))

    for fname, key in [("mp_ma_40984_gc2.CNG.swc", "gc2"),
                       ("tc200.CNG.swc", "tc200")]:
        path = os.path.join(MORPHOLOGIES, fname)
        m = Morphology.from_file(path)
        d = describe(m, HEAD)
        d["name"] = key
        d["file"] = fname
        if key == "gc2":
            spec = [("all", "L"), ("all", "R"), ("all", "dend"),
                    ("all", "dend2"), ("all", "RLR"), ("index", "R", -1),
                    ("slice", "R", 3, 20)]
        else:  # the root has three children: 1, 2, 3
            spec = [("all", "1"), ("all", "2"), ("all", "3"), ("all", "soma"),
                    ("all", "soma2"), ("all", "2L"), ("all", "soma.dend"),
                    ("index", "3", -1), ("at", "2L", 3)]
        d["queries"] = queries(m, spec)
        write(outdir, f"{key}.json", d)
        if key == "gc2":
            gen["gc2_overwrite"] = coordinates(
                m.generate_coordinates(overwrite_existing=True), HEAD)
            np.random.seed(2024)
            gen["gc2_random_seed2024"] = coordinates(m.generate_coordinates(
                section_randomness=15, compartment_randomness=5,
                overwrite_existing=True), HEAD)
    write(outdir, "generated.json", gen)

    synthetic = {}
    with tempfile.TemporaryDirectory() as tmp:
        for key, (spherical, text) in SYNTHETIC.items():
            path = os.path.join(tmp, key + ".swc")
            with open(path, "w", newline="") as f:
                f.write(text)
            m = Morphology.from_file(path, spherical_soma=spherical)
            d = describe(m)
            d["name"] = key
            d["swc"] = text
            d["spherical_soma"] = spherical
            synthetic[key] = d
    write(outdir, "synthetic.json", synthetic)


if __name__ == "__main__":
    default = os.path.join(REPO, "testdata", "brian2", "morph")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
