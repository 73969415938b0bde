#!/usr/bin/python3
"""Writes core/eqs/testdata/brian2/eqs_corpus.json: what Brian2 2.5.1 makes of
model equations, for the tests of the core/eqs package.

- models: every core/eqs/testdata/models/*.eqs file, parsed by Brian2's
  Equations (kinds, names, dimensions, types, flags, right-hand sides, in
  the order written), its
  identifiers, the identifiers of each substituted differential equation, and
  whether the units check and a one-step run pass in the owner (NeuronGroup,
  Synapses or SpatialNeuron).
- grammar: equation strings that probe the grammar (multi-line right-hand
  sides, comments, empty lines, flags), parsed or refused.
- units: unit specifications, accepted (with their dimension and type) or
  refused.
- names: variable names, accepted or refused in each owner.
- flags: every flag on every kind of equation in every owner.
- reference: Brian2's DEFAULT_UNITS names, DEFAULT_FUNCTIONS, base units and
  Python's keywords.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/eqs_corpus.py
The Go tests read the JSON; they need no Python.
"""
import glob
import json
import keyword
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import brian2
from brian2 import (NeuronGroup, Synapses, SpatialNeuron, Soma, Network,
                    Equations, prefs, defaultclock, um, ms)
import brian2.units.allunits
import brian2.units.stdunits
from brian2.core.namespace import DEFAULT_UNITS, DEFAULT_FUNCTIONS
from brian2.equations.equations import (parse_string_equations,
                                        dimensions_and_type_from_string,
                                        extract_constant_subexpressions)
import brian2.equations.equations as equations_module
from brian2.utils.logger import BrianLogger

BrianLogger.suppress_hierarchy("brian2")
prefs.codegen.target = "numpy"

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
MODELS = os.path.join(ROOT, "core", "eqs", "testdata", "models")


def dims(d):
    return [float(x) for x in d._dims]


def message(ex):
    while ex.__cause__ is not None:
        ex = ex.__cause__
    return type(ex).__name__ + ": " + " ".join(str(ex).split())


def describe(parsed):
    out = []
    for eq in parsed.values():
        out.append({
            "type": eq.type,
            "name": eq.varname,
            "dim": dims(eq.dim),
            "var_type": eq.var_type,
            "flags": list(eq.flags),
            "expr": None if eq.expr is None else eq.expr.code,
        })
    return out


def read_model(path):
    """Reads the header (owner, constants) and sections of a model file."""
    owner, consts, sections, current = None, [], {}, None
    with open(path) as f:
        for line in f:
            if line.startswith("--- "):
                current = line[4:].strip()
                sections[current] = ""
            elif current is not None:
                sections[current] += line
            elif line.startswith("owner:"):
                owner = line.split(":", 1)[1].strip()
            elif line.startswith("const "):
                name, value = line[6:].split("=", 1)
                consts.append((name.strip(), value.strip()))
    return owner, consts, sections


def model_entry(path):
    owner, consts, sections = read_model(path)
    ns = {}
    units_ns = dict(vars(brian2))  # as after 'from brian2 import *'
    for name, value in consts:
        ns[name] = eval(value, units_ns, dict(ns))
    src = sections["equations"]
    eqs = Equations(src)
    entry = {
        "owner": owner,
        "equations": describe(eqs._equations),
        "identifiers": sorted(eqs.identifiers),
        # As the state updater sees them: subexpressions that are constant
        # over dt are stored variables, not substituted.
        "substituted": [[name, sorted(expr.identifiers)]
                        for name, expr in extract_constant_subexpressions(eqs)[0]
                        .get_substituted_expressions()],
    }
    try:
        defaultclock.dt = 0.1 * ms
        if owner == "NeuronGroup":
            group = NeuronGroup(2, src, namespace=ns, refractory=1 * ms,
                                method="euler")
            group.equations.check_units(group, run_namespace=ns)
            Network(group).run(defaultclock.dt)
        elif owner == "Synapses":
            target = NeuronGroup(2, sections["group"], namespace=ns,
                                 method="euler")
            group = Synapses(target, target, src, namespace=ns,
                             method="euler")
            group.connect()
            group.equations.check_units(group, run_namespace=ns)
            if group.event_driven is not None:
                group.event_driven.check_units(group, run_namespace=ns)
            Network(target, group).run(defaultclock.dt)
        elif owner == "SpatialNeuron":
            group = SpatialNeuron(Soma(30 * um), src, namespace=ns,
                                  method="exponential_euler")
            Network(group).run(defaultclock.dt)
        else:
            raise ValueError("unknown owner " + str(owner))
        entry["check"] = "ok"
    except Exception as ex:  # the Go test wants to see the failure
        entry["check"] = message(ex)
    return entry


GRAMMAR = [
    "x = a\n  + b : 1", "x = a\n\n  + b : 1", "x = a # c\n  + b : 1",
    "x = a\n# c\n  + b : 1", "x =\n a : 1", "x = # c\n a : 1",
    "x : 1 (constant) y : 1", "x : 1\n(constant)", "x : 1 ( constant)",
    "x\n:\n1", "d v/dt = -v/tau : 1", "dv / dt = -v/tau : 1",
    "x = a : 1 # comment", "x : volt # comment\n y : volt",
    "x : 1 (constant, constant)", "x = (a\n + b) : 1", "x = a:1",
    "x : 1 ()", "x = a\ny = b : 1", "x : 1 (Constant)", "x = a \\\n + b : 1",
    "x = a   \n   + b  : 1", "x : 1\n\n\n", "   ", "", "x:1(constant)",
    "x = a\n + b # c\n + c : 1", "x = a\n   \n + b : 1",
    "x : 1 (constant)(shared)", "x : 1 (constant,)", "x : 1 (constant",
    "x = a : 1 : 1", "x : 1 1", "x : volt*", "x=a\r\n+b:1",
    "x = a\t\n\t+ b : 1", "x : 1 (constant\n, shared)",
    "x : 1 # c\n (constant)", "x : volt  \n", "dv/dt=v:1",
    "dvdt/dt = 1 : 1", "d/dt = 1 : 1", "dv/dt2 = 1 : 1", "x = a\n\t\n + b : 1",
    "x = a \n#c\n + b : 1", "x = a\n  # c\n + b : 1", "x : 1 (3a)",
    "x = a; b : 1", "x = a ## : 1", "x2 : 1", "x : 1\ny : 1 (constant)\n",
    "x = a\n\r\n+ b : 1", "x = \n", "x : \n1", "x :\n volt", "x = a\n: 1",
    "x = a\n\n: 1", "x = a # c\n: 1", "x = a#c : 1\n+b : 1",
    "x =\n\n a : 1", "x = a # c\n\n + b : 1", "x = a\n#c\n\n+b : 1",
    "x =    \n a : 1", "x = a\n \n\n + b : 1", "x = # c\n\n a : 1",
    "x = a\n\n\n : 1", "x = a\n#c\n#d\n+b : 1", "x = a\n#c\n \n+b : 1",
    "x = a\n \n \n+b : 1", "x = \n \n \na : 1", "x = a #\n#\n+ b : 1",
    "x = a\n#\n+b:1", "x =\n#c\na : 1", "x = a\n\n#c\n+b : 1",
    "x\n\n:\n\n1", "x = a\n\n", "dv/dt = -v/tau\ndw/dt = -w/tau : 1",
    "dv/dt = -v/tau", "x = : 1", "x :", "x", "3x : 1", "x y : 1",
    "dv/dt -v/tau : 1", "v/dt = 1 : 1", "x = a == b : boolean",
    "x = (a +\n# comment inside\n b) : 1", "x : 1 (unless refractory)",
    "x : 1 (a, b, c)", "x : 1 (constant over dt)",
    "dv/dt = (I - v)/tau : volt\nI = g*(E - v) : amp\ng : siemens",
    "x : meter**2*kilogram",
]

UNITS = [
    "1", "1 ", "boolean", "integer", "bool", "volt", "amp/meter**2",
    "siemens/meter**2", "siemens/metre**2", "second**-0.5", "second ** -0.5",
    "radian", "steradian", "Hz", "hertz", "becquerel", "mM", "mmolar",
    "kgram", "kilogram", "klitre", "mol", "1/second", "1.0/second",
    "1./second", "2/second", "0/second", "-1/second", "second**-1",
    "1*volt", "volt*1", "volt/1", "volt**1", "volt**0", "volt/volt", "1/1",
    "-volt", "volt-volt", "volt-meter", "volt//volt", "2", "0.5", "1.0", "1.",
    "01", "volt*", "meter**0.5", "meter**1.5", "mV", "ms", "cm2", "metre2",
    "gram", "liter", "mvolt", "foo", "um", "msiemens/cm**2", "celsius",
    "katal", "mS", "ohm*meter", "volt..", "meter ** -2", "second**-2**-1",
    "1/1/second", "radian-1", "volt.dim", "1e0/second", "radian*1",
    "1*radian", "radian**2", "volt**volt", "2**volt", "volt volt", "m volt",
    "Volt", "volt**-1", "amp*second", "coulomb/second", "farad/meter**2",
    "weber", "tesla", "lux", "lumen", "candle", "joule", "watt", "newton",
    "pascal", "gray", "sievert", "henry", "1/volt", "second*hertz",
    "meter*kilogram/second**4/amp", "int", "Boolean",
]

NAMES = [
    "v", "x", "t", "dt", "t_in_timesteps", "xi", "xi_1", "xi_", "i", "j", "N",
    "delay", "lastspike", "lastupdate", "not_refractory", "refractory",
    "refractory_until", "exp", "exprel", "rand", "timestep", "int", "pi",
    "e", "inf", "mV", "volt", "ms", "Hz", "mS", "cmetre", "hsecond",
    "msiemens", "kgram", "cm", "cliter", "_x", "x_", "lambda", "and", "True",
    "None", "x_pre", "x_post", "pre", "post", "area", "length", "Cm", "Ri",
    "Ic", "diameter", "distance", "volume", "r_length_1", "time_constant",
    "space_constant", "Im", "I", "N_incoming", "N_outgoing", "w", "g",
    "kelvin", "meter2", "celsius", "sin", "clip", "poisson",
]

FLAGS = ["unless refractory", "constant", "constant over dt", "shared",
         "linked", "summed", "event-driven", "clock-driven", "point current"]


def build(owner, model, target_model="u_tgt : 1"):
    """Creates an object of the owner with the model (no run)."""
    if owner == "NeuronGroup":
        NeuronGroup(1, model)
    elif owner == "Synapses":
        g = NeuronGroup(1, target_model)
        Synapses(g, g, model)
    else:
        SpatialNeuron(Soma(30 * um), "Im = 0*amp/meter**2 : amp/meter**2\n" + model)


def main(out):
    models = {}
    for path in sorted(glob.glob(os.path.join(MODELS, "*.eqs"))):
        name = os.path.splitext(os.path.basename(path))[0]
        models[name] = model_entry(path)

    grammar = []
    for src in GRAMMAR:
        try:
            grammar.append({"src": src, "ok": True,
                            "equations": describe(parse_string_equations(src))})
        except Exception as ex:
            grammar.append({"src": src, "ok": False, "error": message(ex)})

    units = []
    for spec in UNITS:
        try:
            d, t = dimensions_and_type_from_string(spec)
            units.append({"spec": spec, "ok": True, "dim": dims(d), "type": t})
        except Exception as ex:
            units.append({"spec": spec, "ok": False, "error": message(ex)})

    names = []
    for owner in ("NeuronGroup", "Synapses", "SpatialNeuron"):
        for n in NAMES:
            try:
                build(owner, f"{n} : 1")
                names.append({"owner": owner, "name": n, "ok": True})
            except Exception as ex:
                names.append({"owner": owner, "name": n, "ok": False,
                              "error": message(ex)})

    flags = []
    kinds = {"differential equation": "dx{s}/dt = -x{s}/second : amp ({f})",
             "subexpression": "x{s} = 0*amp : amp ({f})",
             "parameter": "x{s} : amp ({f})"}
    for owner in ("NeuronGroup", "Synapses", "SpatialNeuron"):
        for kind, template in kinds.items():
            for f in FLAGS:
                # A summed variable must be called x_post; others must not.
                s = "_post" if owner == "Synapses" and f == "summed" else ""
                model = template.format(s=s, f=f)
                try:
                    build(owner, model, target_model="x : amp" if s else "u_tgt : 1")
                    flags.append({"owner": owner, "kind": kind, "flag": f, "ok": True})
                except Exception as ex:
                    flags.append({"owner": owner, "kind": kind, "flag": f,
                                  "ok": False, "error": message(ex)})

    dimensions_and_type_from_string("volt")  # fills the base unit table
    data = {
        "brian2": brian2.__version__,
        "models": models,
        "grammar": grammar,
        "units": units,
        "names": names,
        "flags": flags,
        "reference": {
            "default_units": sorted(DEFAULT_UNITS),
            "functions": sorted(DEFAULT_FUNCTIONS),
            "base_units": sorted(k for k in equations_module._base_units
                                 if k != "__builtins__"),
            "keywords": sorted(keyword.kwlist),
        },
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    default = os.path.join(ROOT, "core", "eqs", "testdata", "brian2", "eqs_corpus.json")
    main(sys.argv[1] if len(sys.argv) > 1 else default)
