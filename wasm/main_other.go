//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "this is myelin's WebAssembly build: make site, then make serve")
	os.Exit(2)
}
