package ebitenr

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, in all its threads:
// the GPU driver's too when it is Mesa's llvmpipe, which draws in threads
// of the process. On a machine shared with other work it is a steadier
// measure than the wall clock.
func cpuTime() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
