//go:build !linux

package morphbench

import "time"

// cpuTime is not measured off Linux: the benchmarks report wall time only.
func cpuTime() (time.Duration, bool) { return 0, false }
