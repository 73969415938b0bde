//go:build js

package sim

import "time"

// processCPU is not available under js/wasm: the benchmarks report wall
// time only.
func processCPU() (time.Duration, bool) { return 0, false }
