#!/bin/sh
# make check-brian2-stats: runs the Brian2 models of scripts/brian2/stats
# for all their seeds (about an hour on two cores, STDP's 100 s runs being
# most of it; not part of make test), writes their statistics to a
# temporary directory, says whether they equal the committed copy in
# testdata/brian2/stats, and runs internal/stats' comparison of myelin's
# examples against these fresh statistics.
#
# Brian2 seeds its random numbers, so on this machine the files come out
# identical; elsewhere (another CPU, another numpy) the chaotic networks may
# diverge from the committed ones in the last bits and then in their spikes,
# which is why the verdict is the statistical comparison, not the diff. The
# twins (twins.json: the statistics of fixed synthetic inputs) must be equal.
set -e
cd "$(dirname "$0")/../../.."
GO=${GO:-go}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# run SCRIPT [ARGS]: one Brian2 script, writing into $tmp.
run() {
	s=$1
	shift
	echo "check-brian2-stats: scripts/brian2/stats/$s.py $*"
	nice /usr/bin/python3 "scripts/brian2/stats/$s.py" "$tmp" "$@" 2>"$tmp/$s.log" || {
		cat "$tmp/$s.log" >&2
		echo "scripts/brian2/stats/$s.py failed" >&2
		exit 1
	}
}
for s in twins cuba_exact cuba cobahh brunel_hakim stdp; do
	run $s
done
# COBAHH for the 1 s that Brian2's COBAHH.py runs (TestCOBAHHFull).
run cobahh 6 1.0 cobahh_1s
if ! cmp -s "$tmp/twins.json" testdata/brian2/stats/twins.json; then
	echo "testdata/brian2/stats/twins.json differs from what scripts/brian2/stats/twins.py writes now" >&2
	exit 1
fi
for f in cuba_exact.json.gz cuba.json cobahh.json cobahh_1s.json brunel_hakim.json stdp.json; do
	if cmp -s "$tmp/$f" "testdata/brian2/stats/$f"; then
		echo "check-brian2-stats: $f is identical to the committed copy"
	else
		echo "check-brian2-stats: $f differs from the committed copy (the test below decides)"
	fi
done
MYELIN_BRIAN2_STATS="$tmp" MYELIN_STATS_FULL=1 $GO test -count=1 -v -timeout 60m -run 'Test(Twins|CUBAExact|CUBA|COBAHH|COBAHHFull|BrunelHakim|STDP)$' ./internal/stats
