package cluster

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Limits of the bytes essec reads from live responses. They count the bytes
// after Go's transport has decompressed a gzip answer, so a gzip bomb is
// cut off like any other large body.
const (
	// DefaultResponseLimit caps one response body. The largest answers of
	// an audit (_nodes of a few hundred nodes, thousands of API keys) stay
	// well below it.
	DefaultResponseLimit = 8 << 20
	// DefaultInFlightLimit caps the bytes of every response being read or
	// held undecoded at one time, across all deployments and calls of a run.
	DefaultInFlightLimit = 16 << 20
	// readChunk bounds one Read, so a body overshoots its limit by at most
	// this much before it is refused.
	readChunk = 32 << 10
)

// Budget bounds response bodies: each one to a per-response limit, and all
// the bodies being read at once to a shared total. A body that passes its
// own limit fails with a *BodyLimitError on that call only; a body that
// would pass the shared total waits until others give bytes back, and fails
// only when its request's context ends or when every other body holding
// bytes is waiting too (nobody would give any back). One Budget is shared
// by every deployment of a run; it is safe for concurrent use.
type Budget struct {
	perResponse int64
	total       int64

	mu      sync.Mutex
	used    int64
	peak    int64
	holders int           // bodies holding bytes
	waiters int           // holders waiting for more
	changed chan struct{} // closed and replaced when bytes are given back
}

// NewBudget returns a budget; limits of zero or less take the defaults.
func NewBudget(perResponse, total int64) *Budget {
	if perResponse <= 0 {
		perResponse = DefaultResponseLimit
	}
	if total <= 0 {
		total = DefaultInFlightLimit
	}
	return &Budget{perResponse: perResponse, total: total, changed: make(chan struct{})}
}

// InFlight is the number of bytes currently held against the total, and
// the most ever held at once.
func (b *Budget) InFlight() (now, peak int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.used, b.peak
}

// take reserves n bytes for a body that already holds held bytes.
func (b *Budget) take(ctx context.Context, n, held int64) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used+n > b.total {
		self := 0
		if held > 0 {
			self = 1
		}
		if held+n > b.total || b.holders-self-b.waiters <= 0 {
			return &BodyLimitError{Limit: b.total, Shared: true}
		}
		ch := b.changed
		b.waiters += self
		b.mu.Unlock()
		var err error
		select {
		case <-ch:
		case <-ctx.Done():
			err = ctx.Err()
		}
		b.mu.Lock()
		b.waiters -= self
		if err != nil {
			return fmt.Errorf("waiting for room among the responses being read: %w", err)
		}
	}
	if held == 0 {
		b.holders++
	}
	b.used += n
	b.peak = max(b.peak, b.used)
	return nil
}

// give returns a closed body's bytes.
func (b *Budget) give(held int64) {
	if held == 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.used -= held
	b.holders--
	close(b.changed)
	b.changed = make(chan struct{})
}

// BodyLimitError reports a response body refused for its size.
type BodyLimitError struct {
	// Limit is the limit passed, in bytes.
	Limit int64
	// Shared is true when the run's total was exhausted rather than the
	// per-response limit passed.
	Shared bool
}

// Error implements error.
func (e *BodyLimitError) Error() string {
	if e.Shared {
		return fmt.Sprintf("response refused: the responses being read at once passed essec's limit of %d MiB", e.Limit>>20)
	}
	return fmt.Sprintf("response body larger than essec's limit of %d MiB (decompressed): refused", e.Limit>>20)
}

// Transport wraps rt so that every response body counts against the budget.
func (b *Budget) Transport(rt http.RoundTripper) http.RoundTripper {
	return &budgetTransport{rt: rt, b: b}
}

type budgetTransport struct {
	rt http.RoundTripper
	b  *Budget
}

// RoundTrip implements http.RoundTripper.
func (t *budgetTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := t.rt.RoundTrip(req)
	if err != nil || res.Body == nil {
		return res, err
	}
	res.Body = &budgetBody{rc: res.Body, b: t.b, ctx: req.Context()}
	// The length a server announces is not what will be read any more.
	if res.ContentLength > t.b.perResponse {
		res.ContentLength = -1
	}
	return res, nil
}

// CloseIdleConnections closes the wrapped transport's idle connections.
func (t *budgetTransport) CloseIdleConnections() {
	if c, ok := t.rt.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}

// budgetBody counts what is read and gives it back to the budget on Close.
type budgetBody struct {
	ctx  context.Context
	rc   io.ReadCloser
	b    *Budget
	read int64
	held int64
	err  error
	once sync.Once
}

func (r *budgetBody) Read(p []byte) (int, error) {
	if r.err != nil {
		return 0, r.err
	}
	if len(p) > readChunk {
		p = p[:readChunk]
	}
	n, err := r.rc.Read(p)
	r.read += int64(n)
	if r.read > r.b.perResponse {
		r.err = &BodyLimitError{Limit: r.b.perResponse}
		_ = r.rc.Close()
		return 0, r.err
	}
	if n > 0 {
		if terr := r.b.take(r.ctx, int64(n), r.held); terr != nil {
			r.err = terr
			_ = r.rc.Close()
			return 0, r.err
		}
		r.held += int64(n)
	}
	return n, err
}

func (r *budgetBody) Close() error {
	var err error
	r.once.Do(func() {
		r.b.give(r.held)
		r.held = 0
		err = r.rc.Close()
	})
	return err
}
