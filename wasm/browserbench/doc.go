// Package browserbench is the harness of the project's benchmarks that
// run in a browser (render/ebitenr/testdata/browserbench,
// app/internal/morphbench/testdata/browserbench): a program built for
// GOOS=js GOARCH=wasm times what it draws inside Ebiten's game loop and
// leaves the results in window.bench, where run.mjs (beside this file)
// reads them from headless Chromium. run.sh builds one such program,
// serves it with index.html and prints the results as JSON.
//
// The harness itself exists only under GOOS=js; natively the package is
// empty.
package browserbench
