package cluster

import (
	"context"
	"sync"
)

// runner runs tasks concurrently, at most n at a time, and at most as
// many as the run's shared slots allow.
type runner struct {
	ctx    context.Context
	sem    chan struct{}
	shared Slots
	wg     sync.WaitGroup
}

func newRunner(ctx context.Context, n int, shared Slots) *runner {
	return &runner{ctx: ctx, sem: make(chan struct{}, n), shared: shared}
}

// run starts f once a slot is free. When the context ends first, f still
// runs (it fails fast on the dead context and records why).
func (r *runner) run(f func()) {
	r.wg.Go(func() {
		select {
		case r.sem <- struct{}{}:
			defer func() { <-r.sem }()
		case <-r.ctx.Done():
		}
		if r.shared != nil && r.shared.Acquire(r.ctx) == nil {
			defer r.shared.Release()
		}
		f()
	})
}

// wait blocks until every task has finished.
func (r *runner) wait() { r.wg.Wait() }
