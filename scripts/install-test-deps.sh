#!/bin/sh
# Installs what `make test` needs and is missing:
#   - Node and npm: the WebAssembly tests run under Node, and the browser
#     tests drive Chromium with playwright-core (from the npm registry);
#   - Debian's Brian2: the reference simulator that check-brian2 runs (NEURON's
#     reference data are committed, its scripts are run by hand);
#   - Chromium: the site's end-to-end tests;
#   - the X11/GL headers and Xvfb: the Ebiten back-end, the app and the desktop
#     build link GLFW through cgo, and their tests need a display.
# It runs as root on Debian in CI; elsewhere it only says what is missing.
set -e
need=""
command -v node >/dev/null 2>&1 || need="$need nodejs"
command -v npm >/dev/null 2>&1 || need="$need npm"
/usr/bin/python3 -c 'import brian2' >/dev/null 2>&1 || need="$need python3-brian"
command -v chromium >/dev/null 2>&1 || need="$need chromium"
for p in gcc pkg-config xvfb xauth libgl1-mesa-dev libgl1-mesa-dri libx11-dev \
	libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev libxxf86vm-dev; do
	dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"
done
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
