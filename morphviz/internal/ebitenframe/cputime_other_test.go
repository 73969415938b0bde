//go:build !linux

package ebitenframe

import "time"

// cpuTime is not measured off Linux: the benchmarks report wall time only.
func cpuTime() (time.Duration, bool) { return 0, false }
