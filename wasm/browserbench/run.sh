#!/bin/sh
# Runs a browser benchmark: builds the program in DIR (a main package for
# GOOS=js GOARCH=wasm that uses this package) to WebAssembly, serves it
# with index.html and the FILES given (copied beside it into a temporary
# directory, never into the repository), and times it in headless
# Chromium (playwright-core from npm, installed into the temporary
# directory; Chromium from $CHROME or /usr/bin/chromium). Prints the
# results as JSON; fails when the program reports an error or a golden
# comparison that did not pass. BENCH_TMP names a directory to reuse (and
# keep: playwright-core stays installed there); without it a temporary
# one is removed at the end.
#   sh wasm/browserbench/run.sh DIR [FILE=NAME ...]
# where FILE=NAME serves FILE as NAME (FILE alone keeps its name; a FILE
# that does not exist is left out).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=$(cd "$1" && pwd)
shift
if [ -n "${BENCH_TMP:-}" ]; then
	tmp=$BENCH_TMP
else
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
fi
GOOS=js GOARCH=wasm go -C "$dir" build -o "$tmp/bench.wasm" .
cp "$(go env GOROOT)/lib/wasm/wasm_exec.js" "$here/index.html" "$tmp/"
for f in "$@"; do
	src=${f%%=*}
	name=${f#*=}
	[ "$name" = "$f" ] && name=$(basename "$src")
	if [ -f "$src" ]; then cp "$src" "$tmp/$name"; fi
done
if [ ! -d "$tmp/node/node_modules/playwright-core" ]; then
	mkdir -p "$tmp/node"
	npm install --silent --prefix "$tmp/node" playwright-core@1.65.1 >/dev/null
fi
node "$here/run.mjs" "$tmp" "$tmp/node"
