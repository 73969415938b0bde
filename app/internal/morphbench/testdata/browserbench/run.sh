#!/bin/sh
# Runs the browser benchmark of morphology views (main.go) in headless
# Chromium through wasm/browserbench/run.sh, with the largest SWC file
# of ../shared/morphologies served beside it as morph.swc (copied into a
# temporary directory, never into the repository). Prints the results as
# JSON. From the module root:
#   sh app/internal/morphbench/testdata/browserbench/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
swc=$(ls -S "$root/../shared/morphologies/"*.swc 2>/dev/null | head -1 || true)
exec sh "$root/wasm/browserbench/run.sh" "$here" ${swc:+"$swc=morph.swc"}
