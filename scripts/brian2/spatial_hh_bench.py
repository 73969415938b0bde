#!/usr/bin/python3
"""Times Brian2 2.5.1 on the model of core/sim's BenchmarkSpatialHH: the
1 000-compartment HH axon of examples/compartmental/hh_with_spikes.py
(exponential Euler, dt = 0.01 ms, threshold m > 0.5, refractory m > 0.4, a
SpikeMonitor), run in rounds of 1 000 steps: 300 with 1 uA into compartment
0, 700 without. Prints the time per compartment per step, compartment
updates per second and the CPU time per compartment per step (the
machines are shared: CPU time is the steadier number). A first round
(which compiles code on the cython target) is not timed.

    nice /usr/bin/python3 scripts/brian2/spatial_hh_bench.py [numpy|cython] [rounds]
"""
import sys
import time
import warnings

warnings.filterwarnings("ignore")

from brian2 import (Cylinder, Network, SpatialNeuron, SpikeMonitor, amp, cm,
                    mV, ms, ohm, prefs, siemens, uA, uF, um)

target = sys.argv[1] if len(sys.argv) > 1 else "numpy"
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
prefs.codegen.target = target

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
dt = 0.01 * ms
morpho = Cylinder(length=10 * cm, diameter=2 * 238 * um, n=1000, type="axon")
ns = dict(El=10.613 * mV, ENa=115 * mV, EK=-12 * mV,
          gl=0.3e-3 * siemens / cm ** 2, gK=36e-3 * siemens / cm ** 2)
nrn = SpatialNeuron(morphology=morpho, model=HH, method="exponential_euler",
                    refractory="m > 0.4", threshold="m > 0.5",
                    Cm=1 * uF / cm ** 2, Ri=35.4 * ohm * cm, namespace=ns, dt=dt)
nrn.v = 0 * mV
nrn.h = 0.6
nrn.m = 0.05
nrn.n = 0.32
nrn.gNa = 120e-3 * siemens / cm ** 2
S = SpikeMonitor(nrn)
net = Network(nrn, S)


def one_round():
    nrn.I[0] = 1 * uA
    net.run(300 * dt)
    nrn.I = 0 * amp
    net.run(700 * dt)


one_round()
t0, c0 = time.perf_counter(), time.process_time()
for _ in range(rounds):
    one_round()
wall = (time.perf_counter() - t0) / rounds
cpu = (time.process_time() - c0) / rounds
per = wall / 1000 / 1000
print(f"Brian2 {target}: {wall:.3f} s per 1000 steps, {per * 1e9:.0f} ns/compartment, "
      f"{1 / per:.3g} compartments/s; CPU time {cpu * 1e6 / 1000:.0f} cpu-ns/compartment")
