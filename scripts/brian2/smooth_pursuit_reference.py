#!/usr/bin/python3
"""Writes testdata/brian2/smooth_pursuit/reference.json: the smooth pursuit
eye-movement model of Stimberg, Brette & Goodman (2019, eLife, "Brian 2, an
intuitive and efficient neural simulator", the second case study) run in
Brian2 2.5.1 over several seeds, for the test of examples/smooth_pursuit.toml
(core/sim's TestSmoothPursuitAgainstBrian2).

The model: a visual object moves as an Ornstein-Uhlenbeck process (xi
noise); 20 retinal neurons with Gaussian receptive fields read the object's
position relative to the eye through linked variables; each hemifield
drives one of two motoneurons (connect(j='int(x_neuron_pre > 0)')), whose
spikes pull the eye's equilibrium position left or right; the eye is a
damped spring. The eye follows the object: the statistics per seed are the
correlation of eye and object position (sampled every millisecond), their
standard deviations, and the mean firing rates of the retina and the
motoneurons.

Run with Debian's Brian2:
    /usr/bin/python3 scripts/brian2/smooth_pursuit_reference.py [OUTDIR]

It takes a few minutes (ten runs of 10 s of biological time).
"""
import json
import logging
import os
import sys
import warnings

warnings.filterwarnings("ignore")
import numpy as np
from brian2 import *  # noqa: F401,F403

logging.getLogger("brian2").setLevel(logging.ERROR)
prefs.codegen.target = "cython"

SEEDS = list(range(1, 11))
DURATION = 10 * second
DT = 0.1 * ms
RECORD_DT = 1 * ms

# Parameters as in examples/smooth_pursuit.toml.
alpha = (1 / (50 * ms)) ** 2  # the eye relaxes in about 50 ms
beta = 1 / (50 * ms)          # friction
tau_muscle = 20 * ms          # relaxation of a muscle contraction
tau_object = 500 * ms         # time constant of the object's movement
taum = 20 * ms
N = 20
width = 2.0 / N               # width of a receptive field
gain = 4.0


def run_seed(s):
    start_scope()
    defaultclock.dt = DT
    seed(s)
    eye = NeuronGroup(1, """
dx/dt = velocity : 1
dvelocity/dt = alpha*(x0 - x) - beta*velocity : 1/second
dx0/dt = -x0/tau_muscle : 1
dx_object/dt = (noise - x_object)/tau_object : 1
dnoise/dt = -noise/tau_object + tau_object**-0.5*xi : 1
""", method="euler", name="eye")
    motoneurons = NeuronGroup(2, "dv/dt = -v/taum : 1", threshold="v > 1", reset="v = 0",
                              refractory=5 * ms, method="exact", name="motoneurons")
    motosynapses = Synapses(motoneurons, eye, "w : 1", on_pre="x0 += w", name="motosynapses")
    motosynapses.connect()
    motosynapses.w = "-0.5 + i"  # the left motoneuron pulls left, the right one right
    retina = NeuronGroup(N, """
I = gain*exp(-((x_object - x_eye - x_neuron)/width)**2) : 1
x_neuron : 1 (constant)
x_object : 1 (linked)
x_eye : 1 (linked)
dv/dt = (I - (1 + gs)*v)/taum : 1
gs : 1
""", threshold="v > 1", reset="v = 0", method="exact", name="retina")
    retina.v = "rand()"
    retina.x_neuron = "-1.0 + 2.0*i/(N - 1)"
    retina.x_eye = linked_var(eye, "x")
    retina.x_object = linked_var(eye, "x_object")
    sensorimotor = Synapses(retina, motoneurons, "w : 1 (constant)", on_pre="v += w", name="sensorimotor")
    sensorimotor.connect(j="int(x_neuron_pre > 0)")
    sensorimotor.w = "20*abs(x_neuron_pre)/N_pre"
    m = StateMonitor(eye, ["x", "x_object"], record=0, dt=RECORD_DT)
    s_ret = SpikeMonitor(retina)
    s_mot = SpikeMonitor(motoneurons)
    run(DURATION)
    x, xo = m.x[0], m.x_object[0]
    return {
        "seed": s,
        "corr": float(np.corrcoef(x, xo)[0, 1]),
        "std_eye": float(np.std(x)),
        "std_object": float(np.std(xo)),
        "rate_retina": float(s_ret.num_spikes / N / (DURATION / second)),
        "rate_motoneurons": float(s_mot.num_spikes / 2 / (DURATION / second)),
        "synapses": int(len(sensorimotor)),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "testdata", "brian2", "smooth_pursuit")
    os.makedirs(out, exist_ok=True)
    runs = [run_seed(s) for s in SEEDS]
    data = {"brian2": "2.5.1", "duration": float(DURATION / second), "dt": float(DT / second),
            "record_dt": float(RECORD_DT / second), "runs": runs}
    with open(os.path.join(out, "reference.json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
