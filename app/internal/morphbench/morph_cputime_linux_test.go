package morphbench

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, in all its threads:
// the GPU driver's too when it is Mesa's llvmpipe, which rasterizes in
// threads of the process (as render/ebitenr's benchmarks measure it).
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
