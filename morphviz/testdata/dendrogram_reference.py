"""Writes dendrogram_reference.json: where brian2tools' plot_dendrogram puts
each section of some morphologies, to check morphviz's dendrogram layout.

Run from morphviz/: /usr/bin/python3 testdata/dendrogram_reference.py
(Brian2 2.5.1; brian2tools is not installed here, so this follows the rule
its plot_dendrogram documents and implements, in its own code: terminal
sections one unit apart, ordered by strings that say, for every section
taken in order of its distance from the root at its end, whether the
terminal lies below it ("A") or not ("B"); every other section at the middle
of the outermost terminals below it. Sorts are stable where brian2tools'
are not: with ties in distance, brian2tools' order is numpy's choice.)

The SWC files come from ../../shared/morphologies (not copied here); the
small tree below is also in dendrogram_test.go.
"""
import json
import os
import sys

import numpy as np
from brian2 import Morphology
from brian2.spatialneuron.spatialneuron import FlatMorphology

SMALL = """# a soma, and a tree whose branches end at different distances
1 1 0 0 0 5 -1
2 3 10 0 0 1 1
3 3 30 0 0 1 2
4 3 40 10 0 1 3
5 3 60 30 0 1 4
6 3 45 -10 0 1 3
7 3 55 -12 0 1 6
8 3 65 -30 0 1 7
9 3 70 -5 0 1 7
10 3 90 0 0 1 9
11 2 -10 0 0 1 1
12 2 -20 -5 0 1 11
13 2 -40 -5 0 1 12
14 2 -50 5 0 1 12
"""


def layout(morpho):
    flat = FlatMorphology(morpho)
    n = flat.sections
    maxc = len(flat.morph_children) // (n + 1)
    children = []
    for s in range(n):
        k = flat.morph_children_num[s + 1]
        start = (s + 1) * maxc
        children.append([int(c) - 1 for c in flat.morph_children[start:start + k]])
    # The terminals below each section.
    below = [None] * n
    order = sorted(range(n), key=lambda s: -int(flat.depth[flat.starts[s]]))
    terminals = []
    for s in order:
        if not children[s]:
            below[s] = {len(terminals)}
            terminals.append(s)
        else:
            below[s] = set().union(*[below[c] for c in children[s]])
    dist = np.asarray(flat.end_distance)
    keys = []
    for t in range(len(terminals)):
        keys.append("".join("A" if t in below[s] else "B" for s in np.argsort(dist, kind="stable")))
    pos = {t: p for p, t in enumerate(sorted(range(len(terminals)), key=lambda t: keys[t]))}
    x = [(min(pos[t] for t in below[s]) + max(pos[t] for t in below[s])) / 2 for s in range(n)]
    return {"terminals": len(terminals), "x": x}


def main():
    out = {}
    small = os.path.join(os.environ.get("TMPDIR", "/tmp"), "morphviz_small.swc")
    with open(small, "w") as f:
        f.write(SMALL)
    out["small"] = layout(Morphology.from_file(small))
    shared = os.path.join("..", "..", "shared", "morphologies")
    for name in sorted(os.listdir(shared)):
        if name.endswith(".swc"):
            out[name] = layout(Morphology.from_file(os.path.join(shared, name)))
    with open(os.path.join("testdata", "dendrogram_reference.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    sys.exit(main())
