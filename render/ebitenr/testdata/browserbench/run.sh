#!/bin/sh
# Runs the browser benchmark of render/ebitenr: builds main.go to
# WebAssembly, serves it and times it in headless Chromium (playwright-core
# from npm, installed into a temporary directory; Chromium from
# $CHROME or /usr/bin/chromium). Prints the results as JSON, and fails
# when the network figure drawn in the browser differs from the native
# golden image (testdata/network.png) beyond TestGolden's tolerance. From
# the module root: sh render/ebitenr/testdata/browserbench/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=${BENCH_TMP:-$(mktemp -d)}
GOOS=js GOARCH=wasm go build -o "$tmp/bench.wasm" "$here"
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$here/index.html" "$here/../network.png" "$tmp/"
if [ ! -d "$tmp/node/node_modules/playwright-core" ]; then
	mkdir -p "$tmp/node"
	npm install --silent --prefix "$tmp/node" playwright-core@1.65.1 >/dev/null
fi
node "$here/run.mjs" "$tmp" "$tmp/node"
