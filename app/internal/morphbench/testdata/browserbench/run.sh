#!/bin/sh
# Runs the browser benchmark of morphology views: builds main.go to
# WebAssembly, serves it, with the largest SWC file of ../shared/morphologies
# copied beside it into a temporary directory (never into the repository),
# and times it in headless Chromium (playwright-core from npm, installed
# into the temporary directory; Chromium from $CHROME or /usr/bin/chromium).
# Prints the results as JSON. From the module root:
#   sh app/internal/morphbench/testdata/browserbench/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../../.." && pwd)
tmp=${BENCH_TMP:-$(mktemp -d)}
GOOS=js GOARCH=wasm go build -o "$tmp/bench.wasm" "$here"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$here/index.html" "$tmp/"
swc=$(ls -S "$root/../shared/morphologies/"*.swc 2>/dev/null | head -1 || true)
if [ -n "$swc" ]; then cp "$swc" "$tmp/morph.swc"; fi
if [ ! -d "$tmp/node/node_modules/playwright-core" ]; then
	mkdir -p "$tmp/node"
	npm install --silent --prefix "$tmp/node" playwright-core@1.65.1 >/dev/null
fi
node "$here/run.mjs" "$tmp" "$tmp/node"
