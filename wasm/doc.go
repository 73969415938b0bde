// Command wasm is myelin compiled to WebAssembly for the browser
// (GOOS=js GOARCH=wasm). It registers the JavaScript API that site/myelin.js
// exposes as window.myelin; it is the only package that uses syscall/js.
//
// Built natively it only says where it belongs, so that `go build ./...`
// and `go vet ./...` cover it on every platform.
package main
