//go:build unix

package main

import "syscall"

// processCPU is the processor time (user and system) this process has
// used so far, in seconds, or -1 where it cannot be known.
func processCPU() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return -1
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}

// processStart is not measured natively (see cpu_js.go): a Go program
// starts in about a millisecond.
func processStart() float64 { return 0 }
