#!/bin/sh
# Installs what `make test` needs and is missing: Node (runs the WebAssembly
# tests) and Debian's Brian2 (the reference simulator that check-brian2 runs;
# NEURON's reference data are committed, its scripts are run by hand). It runs as
# root on Debian in CI; elsewhere it only says what is missing.
set -e
need=""
command -v node >/dev/null 2>&1 || need="$need nodejs"
/usr/bin/python3 -c 'import brian2' >/dev/null 2>&1 || need="$need python3-brian"
[ -z "$need" ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "install-test-deps: missing:$need (install them, or run as root on Debian)" >&2
	exit 1
fi
echo "install-test-deps: installing$need"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $need >/dev/null
