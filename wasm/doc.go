// Command wasm is myelin compiled to WebAssembly for the browser
// (GOOS=js GOARCH=wasm). It registers the core functions on
// globalThis.__myelin that site/myelin.js wraps into the documented
// window.myelin API (docs/javascript-api.md); it is the only package that
// uses syscall/js.
//
// The API's semantics (running a model's program in chunks of whole steps
// that give the results of one unsplit run, set of constants and group
// variables, reset, the results moved as typed arrays) are in package
// internal/session, plain Go that `go test ./internal/session` checks
// natively against the command line's code path and that the app (app/)
// shares; api_js.go only converts values. site/test/api_test.js
// (make test-js) tests the whole API under Node.
//
// Built natively it only says where it belongs, so that `go build ./...`
// and `go vet ./...` cover it on every platform.
package main
