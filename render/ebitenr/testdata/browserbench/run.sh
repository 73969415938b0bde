#!/bin/sh
# Runs the browser benchmark of render/ebitenr (main.go) in headless
# Chromium through wasm/browserbench/run.sh, with the native golden
# image (testdata/network.png) served beside it: prints the results as
# JSON and fails when the network figure drawn in the browser differs
# from it beyond TestGolden's tolerance. From the module root:
#   sh render/ebitenr/testdata/browserbench/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
exec sh "$root/wasm/browserbench/run.sh" "$here" "$here/../network.png"
