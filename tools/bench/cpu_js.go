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
