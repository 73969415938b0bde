#!/usr/bin/python3
"""Writes testdata/brian2/units.json: every unit name Brian2 2.5.1 exposes, its
value in SI base units and its dimension, the standard display register
(which unit Brian2 picks to print a quantity), and a corpus of quantities with
the strings Brian2 prints for them.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/units.py
The units package's tests read the JSON; they need no Python.
"""
import json
import math
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import brian2
import brian2.units.allunits as allunits
import brian2.units.stdunits as stdunits
from brian2.units.fundamentalunits import (Unit, standard_unit_register,
                                           get_unit_for_display)

DIM_ORDER = ["m", "kg", "s", "A", "K", "mol", "cd"]


def dims(q):
    d = q.dim._dims
    return [float(x) for x in d]


def main(out):
    names = {}
    for module in (allunits, stdunits):
        for name in module.__all__:
            u = getattr(module, name, None)
            if isinstance(u, Unit):
                names[name] = {"value": float(u), "dim": dims(u)}
    # The display register: for each dimension, the units Brian2 considers
    # when it prints a quantity in its "best unit", in its own order.
    register = []
    for dim, units in standard_unit_register.units_for_dimensions.items():
        if not units:
            continue
        register.append({
            "dim": [float(x) for x in dim._dims],
            "units": [{"value": v, "disp": str(u)} for v, u in units.items()],
        })
    # A corpus of quantities: a value in SI times a base dimension, and
    # the string Brian2 prints for it (str(q), its "best unit").
    from brian2 import (volt, amp, second, siemens, farad, metre, mole,
                        hertz, ohm, kilogram, kelvin, Quantity)
    corpus_units = {"volt": volt, "amp": amp, "second": second,
                    "siemens": siemens, "farad": farad, "metre": metre,
                    "metre2": metre**2, "metre3": metre**3, "hertz": hertz,
                    "ohm": ohm, "kilogram": kilogram, "kelvin": kelvin,
                    "molar": mole / metre**3, "1": Quantity(1.0)}
    values = [0.0, 1.0, -1.0, 65e-3, -65e-3, 20e-3, 1e-10, 1.23456e-7,
              2.5e-5, 3.3333333333e-4, 0.1, 0.5, 7.0, 12.0, 999.0, 1000.0,
              1e5, 1.5e8, 6.02e23, 1e-30, 4.2e-12, 1e-4, 9.9999e-5, 123456.789,
              1.0 / 3, 2.0 / 3 * 1e-3, 1e9, 1e-9, 0.00123456, 17.5e-3,
              float("inf"), float("-inf"), float("nan")]
    corpus = []
    for uname, u in corpus_units.items():
        for v in values:
            q = Quantity(v, dim=u.dim) if uname != "1" else Quantity(v)
            corpus.append({"value": v if math.isfinite(v) else str(v),
                           "dim": dims(q) if uname != "1" else [0.0] * 7,
                           "str": str(q)})
    data = {
        "brian2": brian2.__version__,
        "dim_order": DIM_ORDER,
        "names": names,
        "register": register,
        "quantities": corpus,
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "testdata", "brian2", "units.json")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
