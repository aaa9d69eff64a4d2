// Package esexport ships findings to Elasticsearch as ECS documents with the
// bulk indexer, so one central cluster can watch the posture of a fleet.
package esexport

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/elastic/go-elasticsearch/v8"
	"github.com/elastic/go-elasticsearch/v8/esapi"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/ecs"
)

// DefaultMaxRetries is how often a throttled (429) bulk request or document
// is retried when Options.MaxRetries is 0.
const DefaultMaxRetries = 3

// Options tune an export. The zero value is ready to use.
type Options struct {
	// FlushBytes is the size at which a bulk request is sent; 0 means 1 MiB.
	FlushBytes int
	// Workers is the number of concurrent bulk requests; 0 means 1.
	Workers int
	// MaxRetries bounds the retries of a request or document Elasticsearch
	// throttled with 429; 0 means DefaultMaxRetries, negative means none.
	MaxRetries int
	// Backoff is the wait before retry n (1, 2, ...); nil means 500ms
	// doubling up to 10s.
	Backoff func(attempt int) time.Duration
	// SkipTemplate leaves the index template alone.
	SkipTemplate bool
	// Now stamps documents when the report has no generated_at.
	Now func() time.Time
}

// Failure is a document Elasticsearch did not index.
type Failure struct {
	ID string `json:"id"`
	// Status is the document's status, or 0 when the whole bulk request
	// failed (the reason then carries the HTTP error).
	Status int    `json:"status"`
	Reason string `json:"reason"`
}

// Result says what an export did.
type Result struct {
	Index           string    `json:"index"`
	TemplateCreated bool      `json:"template_created"`
	Indexed         int       `json:"indexed"`
	Failed          int       `json:"failed"`
	Failures        []Failure `json:"failures,omitempty"`
	// Requests counts the bulk requests sent, retries included.
	Requests int `json:"requests"`
}

// Err summarises the failures, or returns nil when every document was
// indexed.
func (r Result) Err() error {
	if r.Failed == 0 {
		return nil
	}
	var parts []string
	for i, f := range r.Failures {
		if i == 3 {
			parts = append(parts, fmt.Sprintf("and %d more", len(r.Failures)-3))
			break
		}
		parts = append(parts, fmt.Sprintf("%s: %d %s", f.ID, f.Status, f.Reason))
	}
	return fmt.Errorf("%d of %d findings not exported to %s: %s", r.Failed, r.Failed+r.Indexed, r.Index, strings.Join(parts, "; "))
}

// Export indexes one ECS document per finding of r into index (empty means
// ecs.DefaultIndex), creating the index template first when it is missing.
// Document ids are "<scan id>-<fingerprint>", so exporting a scan again
// overwrites instead of duplicating. Documents Elasticsearch rejects are
// listed in the result; the error is for an export that could not run
// (template, connection, cancellation).
func Export(ctx context.Context, client *elasticsearch.Client, index string, r *finding.Report, opts Options) (Result, error) {
	if client == nil {
		return Result{}, errors.New("export findings: no Elasticsearch client")
	}
	if index == "" {
		index = ecs.DefaultIndex
	}
	res := Result{Index: index}
	tr := newRetrying(client, opts)
	if !opts.SkipTemplate {
		created, err := ensureTemplate(ctx, tr, index)
		if err != nil {
			return res, fmt.Errorf("export findings: %w", err)
		}
		res.TemplateCreated = created
	}
	// Findings are converted and indexed a chunk at a time, so a fleet's
	// report never sits in memory a second time as documents.
	chunk := make([]ecs.Document, 0, exportChunk)
	for d := range ecs.All(r, ecs.Options{Now: opts.Now}) {
		chunk = append(chunk, d)
		if len(chunk) == exportChunk {
			if err := indexWithRetries(ctx, tr, index, chunk, opts, &res); err != nil {
				return finish(res), err
			}
			chunk = make([]ecs.Document, 0, exportChunk)
		}
	}
	if len(chunk) > 0 {
		if err := indexWithRetries(ctx, tr, index, chunk, opts, &res); err != nil {
			return finish(res), err
		}
	}
	return finish(res), nil
}

// exportChunk is how many documents are converted and indexed at a time.
const exportChunk = 5000

// indexWithRetries indexes pending, retrying the documents Elasticsearch
// throttled (429) with a backoff, and adds the outcome to res.
func indexWithRetries(ctx context.Context, tr esapi.Transport, index string, pending []ecs.Document, opts Options, res *Result) error {
	for attempt := 0; len(pending) > 0; attempt++ {
		out, err := indexRound(ctx, tr, index, pending, opts)
		res.Requests += out.requests
		res.Indexed += out.indexed
		res.Failures = append(res.Failures, out.failures...)
		if err != nil {
			return fmt.Errorf("export findings: %w", err)
		}
		pending = out.throttled
		if len(pending) == 0 {
			break
		}
		if attempt >= maxRetries(opts) {
			for _, d := range pending {
				res.Failures = append(res.Failures, Failure{ID: d.ID, Status: 429, Reason: "rejected: too many requests, retries exhausted"})
			}
			break
		}
		if err := sleep(ctx, backoff(opts, attempt+1)); err != nil {
			return fmt.Errorf("export findings: %w", err)
		}
	}
	return nil
}

func finish(res Result) Result {
	sort.Slice(res.Failures, func(i, j int) bool { return res.Failures[i].ID < res.Failures[j].ID })
	res.Failed = len(res.Failures)
	return res
}

func maxRetries(opts Options) int {
	switch {
	case opts.MaxRetries < 0:
		return 0
	case opts.MaxRetries == 0:
		return DefaultMaxRetries
	}
	return opts.MaxRetries
}

func backoff(opts Options, attempt int) time.Duration {
	if opts.Backoff != nil {
		return opts.Backoff(attempt)
	}
	d := 500 * time.Millisecond << (attempt - 1)
	if d > 10*time.Second || d <= 0 {
		d = 10 * time.Second
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
