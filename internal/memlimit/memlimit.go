// Package memlimit sets the garbage collector's policy of an essec process:
// once the heap is large, hold it near what is live, so that a fleet's
// audit neither doubles its live heap (Go's default) nor runs the
// collector continuously (a fixed limit below a larger fleet's live heap).
package memlimit

import (
	"math"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

const (
	// floor is the least soft limit: under it, only GOGC (100) paces the
	// collector.
	floor = 150 << 20
	// headroom is the limit over the live heap once that is over the
	// floor: the heap may grow by half of what was live at the last
	// collection.
	headroom = 1.5
	// large and largeHeadroom: a heap of more than large live bytes (a
	// fleet of thousands of nodes) may double, as GOGC 100 lets it: its
	// collections mark hundreds of megabytes each, and holding it to 1.75
	// times cost 40% more CPU at 4,000 nodes (960 MiB instead of 1.7 GiB).
	large         = 256 << 20
	largeHeadroom = 2
)

// Adapt sets a soft memory limit of the larger of 150 MiB and 1.5 times
// the heap live after the last collection (twice, as GOGC 100, once more
// than 256 MiB is live), updated after every collection, unless the environment sets GOGC or GOMEMLIMIT (the user's
// choice wins). getenv is os.Getenv. The returned function stops the
// updates and restores the previous limit.
func Adapt(getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prevLimit := debug.SetMemoryLimit(floor)
	a := &adapter{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	a.arm()
	return func() {
		a.stopped.Store(true)
		debug.SetMemoryLimit(prevLimit)
	}
}

type adapter struct {
	stopped atomic.Bool
	sample  []metrics.Sample
}

// sentinel is garbage as soon as it is made: its finalizer runs after the
// next collection and arms the next one. It holds a pointer so that it is
// not batched with other tiny allocations (their finalizers would wait for
// all of them).
type sentinel struct{ _ *adapter }

func (a *adapter) arm() {
	runtime.SetFinalizer(&sentinel{}, func(*sentinel) {
		if a.stopped.Load() {
			return
		}
		a.update()
		a.arm()
	})
}

// update sets the limit from the heap live after the last collection.
func (a *adapter) update() {
	metrics.Read(a.sample)
	if a.sample[0].Value.Kind() != metrics.KindUint64 {
		return
	}
	debug.SetMemoryLimit(Limit(a.sample[0].Value.Uint64()))
}

// Limit is the soft memory limit for a heap of live bytes.
func Limit(live uint64) int64 {
	l := headroom * float64(live)
	if live > large {
		l = largeHeadroom * float64(live)
	}
	if l > math.MaxInt64 {
		return math.MaxInt64
	}
	return max(floor, int64(l))
}
