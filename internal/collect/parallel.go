package collect

import (
	"context"
	"runtime"
	"sync"

	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/inventory"
)

// Workers bounds the work of collection that runs in parallel. Give one to
// every deployment of a run so the whole run uses as many cores as the
// machine has, however many deployments it audits, with results in the
// order of the deployments and of their files whatever order the work ends
// in. Two kinds of slot:
//   - CPU slots, one per core, for reading a node's or Kibana instance's
//     files, opening its keystore (a key derivation) and parsing and
//     verifying its certificates;
//   - connection slots for API calls and probes, which mostly wait on the
//     network: 16 per core, at least 64, so that endpoints that never
//     answer hold a few slots each for one timeout while the others go on.
type Workers struct {
	slots chan struct{}
	conns chan struct{}
}

// NewWorkers returns a pool of n CPU workers (n <= 0: one per core) and
// its connection slots.
func NewWorkers(n int) *Workers {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &Workers{slots: make(chan struct{}, n), conns: make(chan struct{}, max(64, 16*n))}
}

// cpu runs f in a CPU slot; false when ctx ended first (f did not run).
func (w *Workers) cpu(ctx context.Context, f func()) bool {
	select {
	case w.slots <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-w.slots }()
	f()
	return true
}

// connSlots are the connection slots as cluster.Slots.
type connSlots struct{ c chan struct{} }

func (s connSlots) Acquire(ctx context.Context) error {
	select {
	case s.c <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s connSlots) Release() { <-s.c }

// Conns returns the run's connection slots.
func (w *Workers) Conns() cluster.Slots { return connSlots{w.conns} }

// collectParallel runs build for every (path, service) pair of eachMount,
// in parallel on the pool, each on its own shard of the builder, and then
// merges the shards in order: the document is the same as a sequential
// run's.
func (b *builder) collectParallel(ctx context.Context, paths []string, mounted map[string][]*compose.Service, build func(*builder, context.Context, string, *compose.Service)) {
	type task struct {
		path string
		svc  *compose.Service
	}
	var tasks []task
	eachMount(paths, mounted, func(p string, s *compose.Service) { tasks = append(tasks, task{p, s}) })
	pool := b.req.Workers
	if len(tasks) <= 1 {
		for _, t := range tasks {
			pool.cpu(ctx, func() { build(b, ctx, t.path, t.svc) })
		}
		return
	}
	shards := make([]*builder, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		shard := &builder{req: b.req, mountCtx: b.mountCtx, doc: &inventory.Document{}, judge: b.judge, shared: b.shared, names: b.names}
		shards[i] = shard
		wg.Add(1)
		go func() {
			defer wg.Done()
			pool.cpu(ctx, func() { build(shard, ctx, t.path, t.svc) })
		}()
	}
	wg.Wait()
	for _, s := range shards {
		b.doc.CollectionErrors = append(b.doc.CollectionErrors, s.doc.CollectionErrors...)
		b.doc.Elasticsearch.Nodes = append(b.doc.Elasticsearch.Nodes, s.doc.Elasticsearch.Nodes...)
		b.doc.Kibana = append(b.doc.Kibana, s.doc.Kibana...)
		b.nodeCerts = append(b.nodeCerts, s.nodeCerts...)
		b.kibanaCA = append(b.kibanaCA, s.kibanaCA...)
		b.setVersion(s.doc.Deployment.Version, s.doc.Deployment.VersionSource)
	}
}
