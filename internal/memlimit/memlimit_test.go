package memlimit

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

func TestLimit(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int64
	}{{0, floor}, {80 << 20, floor}, {100 << 20, 175 << 20}, {200 << 20, 350 << 20}, {400 << 20, 700 << 20}, {2 << 30, 3584 << 20}} {
		if got := Limit(tc.live); got != tc.want {
			t.Errorf("Limit(%d MiB) = %d MiB, want %d MiB", tc.live>>20, got>>20, tc.want>>20)
		}
	}
}

// The user's GOGC or GOMEMLIMIT wins: Adapt changes nothing.
func TestAdaptLeavesTheUsersSettings(t *testing.T) {
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		before := debug.SetMemoryLimit(-1)
		stop := Adapt(func(k string) string {
			if k == env {
				return "200"
			}
			return ""
		})
		if got := debug.SetMemoryLimit(-1); got != before {
			t.Errorf("with %s set, the limit became %d", env, got)
		}
		stop()
	}
}

// Once the live heap is over the floor, the limit follows it after a
// collection, and stop restores the previous limit.
func TestAdaptFollowsTheLiveHeap(t *testing.T) {
	before := debug.SetMemoryLimit(-1)
	stop := Adapt(func(string) string { return "" })
	if got := debug.SetMemoryLimit(-1); got != floor {
		t.Errorf("limit at start %d, want the floor %d", got, floor)
	}
	live := make([]byte, 160<<20)
	want := int64(headroom * float64(len(live)))
	deadline := time.Now().Add(5 * time.Second)
	for debug.SetMemoryLimit(-1) < want && time.Now().Before(deadline) {
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	if got := debug.SetMemoryLimit(-1); got < want {
		t.Errorf("with %d MiB live the limit is %d MiB, want at least %d MiB", len(live)>>20, got>>20, want>>20)
	}
	runtime.KeepAlive(live)
	stop()
	if got := debug.SetMemoryLimit(-1); got != before {
		t.Errorf("after stop the limit is %d, want %d", got, before)
	}
}

// The limit rises with the live heap and does not fall when the heap
// shrinks after its peak (the runtime still holds the peak's memory).
func TestLimitNeverFalls(t *testing.T) {
	a := &adapter{limit: floor}
	for _, step := range []struct {
		live uint64
		want int64
	}{{50 << 20, floor}, {200 << 20, 350 << 20}, {400 << 20, 700 << 20}, {160 << 20, 700 << 20}, {500 << 20, 875 << 20}} {
		a.limit = a.next(step.live)
		if a.limit != step.want {
			t.Errorf("after %d MiB live the limit is %d MiB, want %d MiB", step.live>>20, a.limit>>20, step.want>>20)
		}
	}
}
