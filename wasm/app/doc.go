// Command app is myelin's application (package app) compiled to
// WebAssembly for the browser: `make wasm` builds it into site/dist/app.wasm,
// which site/app.html loads full-window. Besides drawing and running the
// app, it defines globalThis.myelinApp, the small synchronous API through
// which the page (and a course page around it, by postMessage) loads
// models, drives the run and takes the results and figures; see
// docs/app.md. No function of it throws into JavaScript: errors come back
// as {message, line, col, errors} objects.
//
// Built natively it only says where it belongs, so that `go vet ./...`
// covers it on every platform.
package main
