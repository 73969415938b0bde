//go:build !js

package sim

import (
	"syscall"
	"time"
)

// processCPU is the CPU time (user and system) the process has used so far:
// on the shared, loaded machines the benchmarks run on, a benchmark gets a
// fraction of a core, and CPU time says more than wall time.
func processCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
