//go:build !unix && !js

package main

// processCPU cannot be known here.
func processCPU() float64 { return -1 }

// processStart is not measured here (see cpu_js.go).
func processStart() float64 { return 0 }
