#!/bin/sh
# Regenerates every reference file Brian2 writes and compares it with the
# committed copy, so testdata/brian2 is known to be Brian2's own output.
set -e
# A fixed hash seed: some of Brian2's messages list set elements, whose order
# depends on it.
export PYTHONHASHSEED=0
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
# check NAME SCRIPT: run SCRIPT to write NAME into $tmp, compare with testdata.
check() {
	/usr/bin/python3 "scripts/brian2/$2" "$tmp/$1" >/dev/null 2>&1 || {
		echo "scripts/brian2/$2 failed" >&2
		status=1
		return
	}
	if ! diff -r "$tmp/$1" "testdata/brian2/$1" >/dev/null; then
		echo "testdata/brian2/$1 differs from what Brian2 writes now:" >&2
		diff -r "$tmp/$1" "testdata/brian2/$1" | head -20 >&2
		status=1
	fi
}
check units.json units.py
check smooth_rate.json smooth_rate.py
check integ integ_reference.py
check sim sim_reference.py
check inputs inputs_reference.py
check synapses synapses_reference.py
check ifcurve ifcurve_reference.py
check synapses_linked synapses_linked_reference.py
check multisyn multisyn_reference.py
# Not regenerated here because they take minutes (run them by hand after a
# change that could move them): smooth_pursuit_reference.py, ifnoise.py,
# hh_sweep.py, hh_adopt.py, spatial_*.py and stats/ (make check-brian2-stats).
# The equations corpus lives beside the package that reads it.
/usr/bin/python3 scripts/brian2/eqs_corpus.py "$tmp/eqs_corpus.json" >/dev/null 2>&1 || {
	echo "scripts/brian2/eqs_corpus.py failed" >&2
	status=1
}
if ! cmp -s "$tmp/eqs_corpus.json" core/eqs/testdata/brian2/eqs_corpus.json; then
	echo "core/eqs/testdata/brian2/eqs_corpus.json differs from what Brian2 writes now" >&2
	status=1
fi
if [ -d ../shared/morphologies ] || [ -n "${MYELIN_MORPHOLOGIES:-}" ]; then
	check morph morph_reference.py
else
	echo "check-brian2: skipping morph (no ../shared/morphologies beside the checkout)"
fi
[ "$status" = 0 ] || exit 1
echo "check-brian2: testdata/brian2 matches Brian2 $(/usr/bin/python3 -c "import brian2; print(brian2.__version__)" 2>/dev/null)"
