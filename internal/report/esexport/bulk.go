package esexport

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"

	"github.com/elastic/go-elasticsearch/v8/esapi"
	"github.com/elastic/go-elasticsearch/v8/esutil"

	"github.com/essec-dev/essec/internal/report/ecs"
)

// round is the outcome of one pass of the bulk indexer.
type round struct {
	indexed   int
	requests  int
	failures  []Failure
	throttled []ecs.Document
}

// indexRound indexes docs once. Documents rejected with 429 come back in
// throttled for the caller to retry; other rejections are failures.
func indexRound(ctx context.Context, tr esapi.Transport, index string, docs []ecs.Document, opts Options) (round, error) {
	var (
		mu  sync.Mutex
		out round
	)
	byID := make(map[string]ecs.Document, len(docs))
	bi, err := esutil.NewBulkIndexer(esutil.BulkIndexerConfig{
		Client:     tr,
		Index:      index,
		NumWorkers: max(opts.Workers, 1),
		FlushBytes: flushBytes(opts),
	})
	if err != nil {
		return out, fmt.Errorf("start bulk indexer: %w", err)
	}
	onSuccess := func(_ context.Context, _ esutil.BulkIndexerItem, _ esutil.BulkIndexerResponseItem) {
		mu.Lock()
		out.indexed++
		mu.Unlock()
	}
	onFailure := func(_ context.Context, item esutil.BulkIndexerItem, res esutil.BulkIndexerResponseItem, err error) {
		mu.Lock()
		defer mu.Unlock()
		switch {
		case err != nil:
			out.failures = append(out.failures, Failure{ID: item.DocumentID, Reason: err.Error()})
		case res.Status == http.StatusTooManyRequests:
			out.throttled = append(out.throttled, byID[item.DocumentID])
		default:
			out.failures = append(out.failures, Failure{ID: item.DocumentID, Status: res.Status, Reason: reason(res)})
		}
	}
	var addErr error
	for _, d := range docs {
		body, err := json.Marshal(d)
		if err != nil {
			addErr = fmt.Errorf("encode finding %s: %w", d.ID, err)
			break
		}
		byID[d.ID] = d
		item := esutil.BulkIndexerItem{
			Action: "index", DocumentID: d.ID, Body: bytes.NewReader(body),
			OnSuccess: onSuccess, OnFailure: onFailure,
		}
		if err := bi.Add(ctx, item); err != nil {
			addErr = fmt.Errorf("queue finding %s: %w", d.ID, err)
			break
		}
	}
	closeErr := bi.Close(ctx)
	out.requests = int(bi.Stats().NumRequests)
	if addErr != nil {
		return out, addErr
	}
	if closeErr != nil {
		return out, fmt.Errorf("flush bulk indexer: %w", closeErr)
	}
	return out, nil
}

func flushBytes(opts Options) int {
	if opts.FlushBytes > 0 {
		return opts.FlushBytes
	}
	return 1 << 20
}

func reason(res esutil.BulkIndexerResponseItem) string {
	r := res.Error.Type
	if res.Error.Reason != "" {
		r += ": " + res.Error.Reason
	}
	if res.Error.Cause.Reason != "" {
		r += " (caused by " + res.Error.Cause.Type + ": " + res.Error.Cause.Reason + ")"
	}
	if r == "" {
		r = http.StatusText(res.Status)
	}
	return r
}
