//go:build js

package main

import "syscall/js"

// processCPU is the processor time (user and system) of the Node process
// that runs this WebAssembly so far, in seconds (process.cpuUsage(): it
// includes V8's compiler and collector threads), or -1 outside Node.
func processCPU() float64 {
	p := js.Global().Get("process")
	if p.Type() != js.TypeObject || p.Get("cpuUsage").Type() != js.TypeFunction {
		return -1
	}
	u := p.Call("cpuUsage")
	return (u.Get("user").Float() + u.Get("system").Float()) / 1e6
}

// processStart is how long the Node process ran before this program's
// main: Node's start-up and the compilation of the WebAssembly module
// before it was instantiated (all of it under the wasm runner's
// --no-liftoff --no-wasm-lazy-compilation), in seconds, or 0 outside Node.
func processStart() float64 {
	p := js.Global().Get("process")
	if p.Type() != js.TypeObject || p.Get("uptime").Type() != js.TypeFunction {
		return 0
	}
	return p.Call("uptime").Float()
}
