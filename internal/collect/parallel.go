package collect

import (
	"context"
	"runtime"
	"sync"

	"github.com/essec-dev/essec/internal/collect/compose"
	"github.com/essec-dev/essec/internal/inventory"
)

// Workers bounds the work of collection that runs in parallel (reading a
// node's or Kibana instance's files, opening its keystore, which costs a
// key derivation, and parsing its certificates). Give one to every
// deployment of a run so the whole run uses as many cores as the machine
// has, however many deployments it audits.
type Workers struct{ slots chan struct{} }

// NewWorkers returns a pool of n workers; n <= 0 means one per core.
func NewWorkers(n int) *Workers {
	if n <= 0 {
		n = runtime.GOMAXPROCS(0)
	}
	return &Workers{slots: make(chan struct{}, n)}
}

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
	if len(tasks) <= 1 {
		for _, t := range tasks {
			build(b, ctx, t.path, t.svc)
		}
		return
	}
	pool := b.req.Workers
	if pool == nil {
		pool = NewWorkers(0)
	}
	shards := make([]*builder, len(tasks))
	var wg sync.WaitGroup
	for i, t := range tasks {
		shard := &builder{req: b.req, mountCtx: b.mountCtx, doc: &inventory.Document{}, judge: b.judge, shared: b.shared}
		shards[i] = shard
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case pool.slots <- struct{}{}:
			case <-ctx.Done():
				return
			}
			defer func() { <-pool.slots }()
			build(shard, ctx, t.path, t.svc)
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
