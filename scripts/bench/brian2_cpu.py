#!/usr/bin/python3
"""Runs a Brian2 script that `myelin export brian2` wrote and measures the
processor time of its simulation loop, for tools/bench (make bench):

    /usr/bin/python3 scripts/bench/brian2_cpu.py CPU.json SCRIPT.py ARGS...

runs SCRIPT.py with ARGS (its results file, device and target) unchanged,
then writes {"loop_cpu_seconds": ...} to CPU.json. On a machine shared with
other work the wall-clock time of a loop measures the load as much as the
simulator; the processor time moves much less.

- runtime device (numpy, cython): the process's processor time from the end
  of Network.before_run (where code is generated and compiled) to the start
  of Network.after_run, the span that Brian2's own run timer
  (_last_run_time) covers.
- cpp_standalone: the processor time of the generated binary (main), read
  from getrusage(RUSAGE_CHILDREN) around the device's run of it. That is
  more than the loop: the binary also creates the synapses, sets the
  initial values and writes the results. It is an upper bound.
"""
import json
import resource
import runpy
import sys
import time

import brian2
from brian2.devices.device import RuntimeDevice
from brian2.devices.cpp_standalone.device import CPPStandaloneDevice

if len(sys.argv) < 3:
    sys.exit('usage: brian2_cpu.py CPU.json SCRIPT.py ARGS...')
cpu_file, script = sys.argv[1], sys.argv[2]
loop_cpu = {'seconds': 0.0, 'start': None}

before_run = brian2.Network.before_run
after_run = brian2.Network.after_run
device_run = CPPStandaloneDevice.run


def timed_before_run(self, *args, **kwargs):
    out = before_run(self, *args, **kwargs)
    if isinstance(brian2.get_device(), RuntimeDevice):
        loop_cpu['start'] = time.process_time()
    return out


def timed_after_run(self, *args, **kwargs):
    if loop_cpu['start'] is not None:
        loop_cpu['seconds'] += time.process_time() - loop_cpu['start']
        loop_cpu['start'] = None
    return after_run(self, *args, **kwargs)


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_device_run(self, *args, **kwargs):
    start = children_cpu()
    try:
        return device_run(self, *args, **kwargs)
    finally:
        loop_cpu['seconds'] += children_cpu() - start


brian2.Network.before_run = timed_before_run
brian2.Network.after_run = timed_after_run
CPPStandaloneDevice.run = timed_device_run

sys.argv = [script] + sys.argv[3:]
runpy.run_path(script, run_name='__main__')
with open(cpu_file, 'w') as out:
    json.dump({'loop_cpu_seconds': loop_cpu['seconds']}, out)
