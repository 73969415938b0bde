#!/usr/bin/python3
"""Writes testdata/brian2/sim/*.json: point-neuron runs in Brian2 2.5.1 (numpy
target) that core/sim's tests reproduce: spike times of every neuron, and a
few recorded traces.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/sim_reference.py [outdir]
"""
import json
import os
import sys
import warnings

warnings.filterwarnings("ignore")
import logging

from brian2 import *  # noqa: F401,F403

logging.getLogger("brian2").setLevel(logging.ERROR)
prefs.codegen.target = "numpy"


def dump(path, name, model, spikes, state):
    data = {
        "model": model,
        "spike_i": [int(x) for x in spikes.i],
        "spike_t": [float(x) for x in spikes.t / second],
        "t": [float(x) for x in state.t / second],
        "traces": {v: [[float(x) for x in row] for row in getattr(state, v + "_")]
                   for v in state.record_variables},
        "record": [int(x) for x in state.record],
    }
    with open(os.path.join(path, name), "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


def lif(path):
    """A LIF population driven by different constant currents, with
    refractoriness and the (unless refractory) flag; method exact."""
    start_scope()
    defaultclock.dt = 0.1 * ms
    model = """
dv/dt = (El - v + R*I)/tau : volt (unless refractory)
I : amp
"""
    El, R, tau = -70 * mV, 100 * Mohm, 10 * ms
    G = NeuronGroup(20, model, threshold="v > -50*mV", reset="v = -65*mV",
                    refractory=5 * ms, method="exact")
    G.v = El
    G.I = "0.15*nA + i*0.02*nA"
    s = SpikeMonitor(G)
    st = StateMonitor(G, "v", record=[0, 10, 19])
    run(100 * ms)
    dump(path, "lif.json", model, s, st)


def hh(path):
    """Brian2's Hodgkin-Huxley neuron (examples/IF_curve_Hodgkin_Huxley.py)
    with exponential_euler, driven by different currents."""
    start_scope()
    defaultclock.dt = 0.01 * ms
    area = 20000 * umetre ** 2
    Cm = 1 * ufarad * cm ** -2 * area
    gl = 5e-5 * siemens * cm ** -2 * area
    El = -65 * mV
    EK = -90 * mV
    ENa = 50 * mV
    g_na = 100 * msiemens * cm ** -2 * area
    g_kd = 30 * msiemens * cm ** -2 * area
    VT = -63 * mV
    model = """
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)-0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)-.5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
"""
    G = NeuronGroup(5, model, threshold="v > -40*mV", refractory="v > -40*mV",
                    method="exponential_euler")
    G.v = El
    G.I = "0.1*nA + i*0.2*nA"
    s = SpikeMonitor(G)
    st = StateMonitor(G, ["v", "m"], record=[0, 4], dt=0.1 * ms)
    run(50 * ms)
    dump(path, "hh.json", model, s, st)


def main(path):
    os.makedirs(path, exist_ok=True)
    lif(path)
    hh(path)


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    main(sys.argv[1] if len(sys.argv) > 1 else
         os.path.join(here, "..", "..", "testdata", "brian2", "sim"))
