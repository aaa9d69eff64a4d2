//go:build !linux

package policy

import "time"

var processStart = time.Now()

// threadCPU falls back to the wall clock where the thread's CPU time is
// not available.
func threadCPU() time.Duration { return time.Since(processStart) }

// processCPU falls back to the wall clock where CPU time is not available.
func processCPU() time.Duration { return time.Since(processStart) }
