//go:build !(js && wasm)

package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "this is the app's WebAssembly build (make wasm); on the desktop run myelin-desktop (make desktop)")
	os.Exit(2)
}
