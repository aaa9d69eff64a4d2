package policy

import (
	"math"
	"runtime/debug"
	"testing"
)

// gcPercent reads GOGC without changing it.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Under a soft memory limit, compiles leave the heap to the limit with a
// GOGC that never waits for a collection under way (not -1), and the last
// compile to finish restores the GOGC before them; without a limit, GOGC
// is 400 while they run.
func TestLessGCLeavesTheHeapToTheLimit(t *testing.T) {
	prevLimit := debug.SetMemoryLimit(1 << 30)
	defer debug.SetMemoryLimit(prevLimit)
	prev := debug.SetGCPercent(150)
	defer debug.SetGCPercent(prev)

	first, second := lessGC(), lessGC()
	if got := gcPercent(); got != gcOff || got < 0 {
		t.Errorf("GOGC during two compiles under a limit = %d, want %d (never negative: that waits for a collection)", got, gcOff)
	}
	first()
	if got := gcPercent(); got != gcOff {
		t.Errorf("GOGC while one compile still runs = %d, want %d", got, gcOff)
	}
	second()
	if got := gcPercent(); got != 150 {
		t.Errorf("GOGC after the compiles = %d, want the previous 150", got)
	}

	debug.SetMemoryLimit(math.MaxInt64)
	restore := lessGC()
	got := gcPercent()
	restore()
	if got != 400 {
		t.Errorf("GOGC during a compile without a limit = %d, want 400", got)
	}
	if got := gcPercent(); got != 150 {
		t.Errorf("GOGC after a compile without a limit = %d, want 150", got)
	}
}
