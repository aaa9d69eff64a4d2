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
	// floor: the heap may grow by three quarters of what was live at the
	// last collection. (A limit that also fell after the heap's peak cost
	// 40% more CPU at 4,000 nodes, all of it after the peak: see next.
	// Half, the earlier headroom, made the collector mark the live heap
	// twice per heap allocated: 4,000 nodes took 12x the 400-node time,
	// 38 s of CPU and 640 MiB; three quarters, 10.3x, 33 s and 660-740 MiB;
	// a whole heap, as GOGC=100, no faster and up to 840 MiB.)
	headroom = 1.75
)

// Adapt sets a soft memory limit of the larger of 150 MiB and 1.75 times
// the largest heap live after a collection so far, raised after every
// collection and never lowered, unless the environment sets GOGC or
// GOMEMLIMIT (the user's choice wins). getenv is os.Getenv. The returned function stops the
// updates and restores the previous limit.
func Adapt(getenv func(string) string) (stop func()) {
	if getenv("GOGC") != "" || getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	prevLimit := debug.SetMemoryLimit(floor)
	a := &adapter{sample: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}, limit: floor}
	a.arm()
	return func() {
		a.stopped.Store(true)
		debug.SetMemoryLimit(prevLimit)
	}
}

type adapter struct {
	stopped atomic.Bool
	sample  []metrics.Sample
	limit   int64 // the limit set last; only the finalizers, one at a time, touch it
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
	if l := a.next(a.sample[0].Value.Uint64()); l != a.limit {
		debug.SetMemoryLimit(l)
		a.limit = l
	}
}

// next is the limit after a collection that left live bytes: it rises
// with the live heap and never falls. Once a run's heap has peaked (the
// evaluation), the peak the limit bounds is behind it; a limit lowered
// after it sits under the memory the runtime still holds, and the
// collector then runs without pause while that memory is returned: at
// 4,000 nodes the report phase ran 60 collections in 5 s and spent 8 s of
// CPU in assists, a fifth of the run.
func (a *adapter) next(live uint64) int64 {
	return max(a.limit, Limit(live))
}

// Limit is the soft memory limit for a heap of live bytes.
func Limit(live uint64) int64 {
	l := headroom * float64(live)
	if l > math.MaxInt64 {
		return math.MaxInt64
	}
	return max(floor, int64(l))
}
