#!/bin/sh
# Regenerates every reference file Brian2 writes and compares it with the
# committed copy, so testdata/brian2 is known to be Brian2's own output.
set -e
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 scripts/brian2/units.py "$tmp/units.json" 2>/dev/null
if ! cmp -s "$tmp/units.json" testdata/brian2/units.json; then
	echo "testdata/brian2/units.json differs from what Brian2 writes now:" >&2
	diff "$tmp/units.json" testdata/brian2/units.json | head -20 >&2
	exit 1
fi
echo "check-brian2: testdata/brian2 matches Brian2 $(/usr/bin/python3 -c "import brian2; print(brian2.__version__)" 2>/dev/null)"
