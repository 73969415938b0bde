"""Statistics shared by the scripts in scripts/brian2/stats/.

Every function here has a twin in internal/stats (Go) that computes the same
number from myelin's recordings; the definitions must stay identical:

  spike_stats   mean rate, mean CV of inter-spike intervals, fraction of
                silent neurons (internal/stats.Spikes)
  oscillation   frequency of the population rate's spectral peak
                (internal/stats.Oscillation)
  weight_stats  histogram of final weights / gmax and its tails
                (internal/stats.Weights)

The runner (run) seeds Brian2, builds and runs one model per seed and writes
one JSON file with one record per seed.
"""
import json
import os
import sys
import time
import warnings

warnings.filterwarnings("ignore")
import logging

import numpy as np

import brian2

logging.getLogger("brian2").setLevel(logging.ERROR)
brian2.BrianLogger.log_level_error()

# The runtime target: numpy, which was faster here than Cython (with Cython,
# each fresh scope cost about 30 s more per seed in compilation and loading).
TARGET = os.environ.get("BRIAN2_TARGET", "numpy")
brian2.prefs.codegen.target = TARGET

# CV_MIN_SPIKES: a neuron contributes a CV of its ISIs only with at least
# this many spikes (two intervals).
CV_MIN_SPIKES = 3


def spike_stats(i, t, n, duration):
    """Mean rate (Hz), mean CV of ISIs and fraction of silent neurons.

    i, t: the spike monitor's indices and times (seconds); n neurons;
    duration in seconds. The CV of a neuron is the population standard
    deviation (ddof=0) of its ISIs over their mean; the mean CV averages it
    over the neurons with at least CV_MIN_SPIKES spikes.
    """
    i = np.asarray(i, dtype=np.int64)
    t = np.asarray(t, dtype=np.float64)
    counts = np.bincount(i, minlength=n)
    order = np.lexsort((t, i))
    i, t = i[order], t[order]
    cvs = []
    starts = np.concatenate([[0], np.cumsum(counts)])
    for k in range(n):
        if counts[k] < CV_MIN_SPIKES:
            continue
        isi = np.diff(t[starts[k]:starts[k + 1]])
        cvs.append(float(np.std(isi) / np.mean(isi)))
    return {
        "rate": float(len(i) / (n * duration)),
        "cv": float(np.mean(cvs)) if cvs else 0.0,
        "cv_neurons": len(cvs),
        "silent": float(np.mean(counts == 0)),
    }


def population_rate(t, n, dt, duration):
    """The population rate (Hz) per time step, from spike times, as
    PopulationRateMonitor records it."""
    steps = int(round(duration / dt))
    idx = np.round(np.asarray(t) / dt).astype(np.int64)
    counts = np.bincount(idx, minlength=steps)[:steps]
    return counts / (n * dt)


def oscillation(rate, dt, t0, segment, fmin, fmax):
    """Frequency (Hz) of the spectral peak of a population rate.

    Welch's method: the rate from t0 on is cut into segments of `segment`
    seconds overlapping by half; each segment has its mean removed and is
    multiplied by a symmetric Hann window (numpy.hanning); the squared
    magnitudes of their DFTs are summed. The peak is the largest bin with
    fmin <= f <= fmax, refined by a parabola through it and its neighbours.
    Returns the peak frequency and its power relative to the band's mean.
    """
    x = np.asarray(rate, dtype=np.float64)[int(round(t0 / dt)):]
    L = int(round(segment / dt))
    hop = L // 2
    w = np.hanning(L)
    psd = np.zeros(L // 2 + 1)
    for start in range(0, len(x) - L + 1, hop):
        s = x[start:start + L]
        s = s - s.mean()
        psd += np.abs(np.fft.rfft(s * w)) ** 2
    df = 1.0 / (L * dt)
    lo = int(np.ceil(fmin / df - 1e-9))
    hi = int(np.floor(fmax / df + 1e-9))
    k = lo + int(np.argmax(psd[lo:hi + 1]))
    a, b, c = psd[k - 1], psd[k], psd[k + 1]
    den = a - 2 * b + c
    delta = 0.5 * (a - c) / den if den != 0 else 0.0
    return float((k + delta) * df), float(b / psd[lo:hi + 1].mean())


# Weights: HIST_BINS equal bins of w/gmax over [0, 1]; "low" is the fraction
# below LOW, "high" the fraction at or above HIGH.
HIST_BINS = 20
LOW = 0.1
HIGH = 0.9


def weight_stats(w, gmax):
    x = np.asarray(w, dtype=np.float64) / gmax
    hist, _ = np.histogram(x, bins=HIST_BINS, range=(0.0, 1.0))
    return {
        "hist": [float(h) / len(x) for h in hist],
        "low": float(np.mean(x < LOW)),
        "high": float(np.mean(x >= HIGH)),
        "mean_w": float(np.mean(x)),
    }


def run(name, model, seeds, duration, out, extra=None, file=None):
    """Runs model(seed, duration) -> dict of statistics for every seed and
    writes out/<file or name>.json."""
    records = []
    for s in seeds:
        start = time.time()
        brian2.start_scope()
        brian2.seed(s)
        rec = {"seed": s}
        rec.update(model(s, duration))
        records.append(rec)
        print("%s seed %d: %s (%.1f s)" % (name, s, {k: v for k, v in rec.items() if k != "hist"},
                                            time.time() - start), file=sys.stderr)
    data = {
        "model": name,
        "brian2": brian2.__version__,
        "target": TARGET,
        "duration": duration,
        "seeds": records,
    }
    if extra:
        data.update(extra)
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, (file or name) + ".json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def run_replicas(name, model, replicas, duration, out, file=None):
    """Runs model(replicas, duration) -> one dict of statistics per copy
    once, with seed 1, and writes out/<name>.json with one record per copy."""
    start = time.time()
    brian2.start_scope()
    brian2.seed(1)
    records = model(replicas, duration)
    for rec in records:
        rec["seed"] = 1
        print("%s copy %d: %s" % (name, rec["replica"], {k: v for k, v in rec.items() if k != "hist"}),
              file=sys.stderr)
    print("%s: %.1f s" % (name, time.time() - start), file=sys.stderr)
    data = {
        "model": name,
        "brian2": brian2.__version__,
        "target": TARGET,
        "duration": duration,
        "seeds": records,
    }
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, (file or name) + ".json"), "w") as f:
        json.dump(data, f, indent=1, sort_keys=True)
        f.write("\n")


def args(default_seeds, default_duration):
    """Command line: [OUTDIR [NSEEDS [DURATION_SECONDS [FILE]]]]; FILE, the
    output's name without .json, is returned last (None: the model's)."""
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "testdata", "brian2", "stats")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else default_seeds
    d = float(sys.argv[3]) if len(sys.argv) > 3 else default_duration
    file = sys.argv[4] if len(sys.argv) > 4 else None
    return out, list(range(1, n + 1)), d, file
