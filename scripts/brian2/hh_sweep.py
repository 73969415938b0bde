#!/usr/bin/python3
"""Writes testdata/brian2/hh_sweep.json: the current sweep of Hodgkin-Huxley
neurons in Brian2 2.5.1 (numpy target) that core/sim/hh_sweep_test.go
reproduces.

101 neurons with the neuron model and parameters of Brian2's COBAHH example
(Traub-Miles kinetics, El = -60 mV, area 20000 um^2), without the synaptic
conductances, each driven by a constant current I = i*1nA/(N-1), from 0 to
1 nA; method exponential_euler, dt 0.01 ms, threshold and refractory
v > -20*mV, v starting at El and m, n, h at 0; 200 ms. The spike times of
every neuron. Nothing is random.

Run with Debian's Brian2:  /usr/bin/python3 scripts/brian2/hh_sweep.py [out.json]
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")

import brian2  # noqa: E402
from brian2 import *  # noqa: F401,F403,E402

logging.getLogger("brian2").setLevel(logging.ERROR)
BrianLogger.log_level_error()
prefs.codegen.target = "numpy"

N = 101
DURATION = 200 * ms
DT = 0.01 * ms
MODEL = """
dv/dt = (gl*(El-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK)+I)/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
I : amp
"""
# COBAHH's neuron parameters, in SI units
AREA = 20000 * umetre ** 2
PARAMS = {
    "Cm": (1 * ufarad * cm ** -2) * AREA,
    "gl": (5e-5 * siemens * cm ** -2) * AREA,
    "El": -60 * mV,
    "EK": -90 * mV,
    "ENa": 50 * mV,
    "g_na": (100 * msiemens * cm ** -2) * AREA,
    "g_kd": (30 * msiemens * cm ** -2) * AREA,
    "VT": -63 * mV,
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "testdata", "brian2", "hh_sweep.json")
    start_scope()
    defaultclock.dt = DT
    G = NeuronGroup(N, MODEL, threshold="v > -20*mV", refractory="v > -20*mV",
                    method="exponential_euler", namespace=dict(PARAMS))
    G.v = PARAMS["El"]
    G.I = "i*1*nA/(N-1)"
    mon = SpikeMonitor(G)
    run(DURATION)
    trains = mon.spike_trains()
    data = {
        "brian2": str(brian2.__version__),
        "N": N,
        "duration": float(DURATION),
        "dt": float(DT),
        "model": MODEL,
        "params": {k: float(v) for k, v in PARAMS.items()},
        "threshold": "v > -20*mV",
        "refractory": "v > -20*mV",
        "method": "exponential_euler",
        "I": [float(x) for x in G.I[:]],
        "spike_times": [[float(t) for t in trains[k] / second] for k in range(N)],
    }
    with open(out, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
