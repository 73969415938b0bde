#!/usr/bin/python3
"""Measures the CPU time of core/sim's BenchmarkSpatialHH and
BenchmarkSpatialHHPoint natively and under WebAssembly (Node), for
docs/performance.md: on the shared machines a benchmark gets a fraction of a
core and wall times say little. Each benchmark binary is run with 2 and with
5 rounds; the difference of the two runs' CPU time (user + system of the
process and its threads, Node's compiler and GC included) over 3 rounds of
1 000 steps of 1 000 compartments is the CPU time per compartment per step,
start-up and compilation excluded. (Not Brian2: it sits beside
spatial_hh_bench.py, which times Brian2 on the same model.)

    cd repo && go test -c -o /tmp/sim.test ./core/sim/ &&
      GOOS=js GOARCH=wasm go test -c -o /tmp/sim.test.wasm ./core/sim/ &&
      nice python3 scripts/brian2/spatial_hh_cpu.py /tmp/sim.test /tmp/sim.test.wasm
"""
import os
import resource
import subprocess
import sys

native, wasm = sys.argv[1], sys.argv[2]
goroot = subprocess.check_output(["go", "env", "GOROOT"]).decode().strip()
simdir = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "core", "sim")


def cpu(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=True, cwd=simdir)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


for bench in ["^BenchmarkSpatialHH$", "^BenchmarkSpatialHHPoint$"]:
    for name, base in [("native", [native]),
                       ("wasm", [os.path.join(goroot, "lib", "wasm", "go_js_wasm_exec"), wasm])]:
        def args(n):
            return base + ["-test.run", "XXX", "-test.bench", bench, "-test.benchtime", f"{n}x"]
        c2, c5 = cpu(args(2)), cpu(args(5))
        per = (c5 - c2) / 3 / 1000 / 1000 * 1e9
        print(f"{bench} {name}: {per:.0f} cpu-ns/compartment "
              f"(CPU {c2:.1f} s for 2 rounds, {c5:.1f} s for 5)", flush=True)
