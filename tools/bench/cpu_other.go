//go:build !unix && !js

package main

// processCPU cannot be known here.
func processCPU() float64 { return -1 }
