package cluster

import (
	"compress/gzip"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// hostile serves every path with body, as Elasticsearch would label it, and
// counts the bytes it managed to write.
func hostile(t *testing.T, body func(w http.ResponseWriter, r *http.Request) error) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	written := &atomic.Int64{}
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Elastic-Product", "Elasticsearch")
		w.Header().Set("Content-Type", "application/json")
		cw := &countingWriter{w: w, n: written}
		_ = body(cw, r)
	}))
	t.Cleanup(s.Close)
	return s, written
}

type countingWriter struct {
	w http.ResponseWriter
	n *atomic.Int64
}

func (c *countingWriter) Header() http.Header { return c.w.Header() }
func (c *countingWriter) WriteHeader(s int)   { c.w.WriteHeader(s) }
func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

// sampleHeap records the largest HeapInuse until stop is called (for the
// log: memory is reported, not asserted).
func sampleHeap() (stop func(), peak *atomic.Uint64) {
	peak = &atomic.Uint64{}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(2 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }, peak
}

// bomb is one gzip member of zeros (Go's gzip reader reads concatenated
// members as one stream).
var bomb []byte

func gzipZeros(t *testing.T, n int) []byte {
	t.Helper()
	var buf strings.Builder
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := zw.Write(make([]byte, n)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return []byte(buf.String())
}

// endless writes zeros until the client goes away (or 1 GiB).
func endless(w io.Writer, ctx context.Context) error {
	chunk := make([]byte, 64<<10)
	for i := 0; i < (1<<30)/len(chunk); i++ {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if _, err := w.Write(chunk); err != nil {
			return err
		}
	}
	return nil
}

func TestHostileBodiesAreCutOff(t *testing.T) {
	bomb = gzipZeros(t, 16<<20)
	tests := []struct {
		name      string
		body      func(w http.ResponseWriter, r *http.Request) error
		timeout   time.Duration
		wantClass string
		wantMsg   string
	}{
		{"gzip bomb", func(w http.ResponseWriter, r *http.Request) error {
			// 64 gzip members of 16 MiB of zeros each: 1 GiB from ~1 MiB
			w.Header().Set("Content-Encoding", "gzip")
			for range 64 {
				if _, err := w.Write(bomb); err != nil {
					return err
				}
			}
			return nil
		}, 30 * time.Second, ClassMalformed, "limit"},
		{"endless body", func(w http.ResponseWriter, r *http.Request) error {
			return endless(w, r.Context())
		}, 30 * time.Second, ClassMalformed, "limit"},
		{"announced 1 GiB", func(w http.ResponseWriter, r *http.Request) error {
			w.Header().Set("Content-Length", "1073741824")
			return endless(w, r.Context())
		}, 30 * time.Second, ClassMalformed, "limit"},
		{"slow drip", func(w http.ResponseWriter, r *http.Request) error {
			w.WriteHeader(http.StatusOK)
			for r.Context().Err() == nil {
				if _, err := w.Write([]byte(" ")); err != nil {
					return err
				}
				w.(*countingWriter).w.(http.Flusher).Flush()
				select {
				case <-r.Context().Done():
				case <-time.After(50 * time.Millisecond):
				}
			}
			return nil
		}, 500 * time.Millisecond, ClassTimeout, "no answer in time"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, written := hostile(t, tt.body)
			budget := NewBudget(0, 0)
			opts := withBasic(Options{URLs: []string{s.URL}, Timeout: tt.timeout, Budget: budget})
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			stop, peakHeap := sampleHeap()
			c := collect(t, opts)
			stop()
			for name, call := range c.Calls {
				if call.ErrorClass != tt.wantClass || !strings.Contains(call.Error, tt.wantMsg) {
					t.Errorf("%s: class %q error %q, want %q with %q", name, call.ErrorClass, call.Error, tt.wantClass, tt.wantMsg)
				}
				if _, ok := c.Bodies[name]; ok {
					t.Errorf("%s: a body was kept", name)
				}
			}
			now, peak := budget.InFlight()
			if now != 0 {
				t.Errorf("%d bytes still held after the collection", now)
			}
			if peak > DefaultInFlightLimit {
				t.Errorf("peak %d bytes in flight, over the limit %d", peak, DefaultInFlightLimit)
			}
			t.Logf("%d calls; server wrote %d MiB; peak held %d MiB; peak heap %d MiB over %d MiB before",
				len(c.Calls), written.Load()>>20, peak>>20, peakHeap.Load()>>20, before.HeapInuse>>20)
		})
	}
}

// TestBudgetSharedTotal: the total is shared by every body being read; a
// body that does not fit waits (here: its context is already over), and a
// closed body gives its bytes back.
func TestBudgetSharedTotal(t *testing.T) {
	b := NewBudget(100, 150)
	open := func(ctx context.Context, n int) *budgetBody {
		return &budgetBody{ctx: ctx, rc: io.NopCloser(strings.NewReader(strings.Repeat("x", n))), b: b}
	}
	first := open(context.Background(), 100)
	if data, err := io.ReadAll(first); err != nil || len(data) != 100 {
		t.Fatalf("first body: %d bytes, %v", len(data), err)
	}
	done, cancel := context.WithCancel(context.Background())
	cancel()
	second := open(done, 60)
	if _, err := io.ReadAll(second); !errors.Is(err, context.Canceled) {
		t.Fatalf("second body while the first is held: %v, want it to wait until its context ends", err)
	}
	_ = second.Close()
	_ = first.Close()
	if now, _ := b.InFlight(); now != 0 {
		t.Fatalf("%d bytes held after both closed", now)
	}
	third := open(context.Background(), 60)
	if data, err := io.ReadAll(third); err != nil || len(data) != 60 {
		t.Fatalf("third body after the first closed: %d bytes, %v", len(data), err)
	}
	_ = third.Close()
	var le *BodyLimitError
	tooBig := open(context.Background(), 101)
	if _, err := io.ReadAll(tooBig); !errors.As(err, &le) || le.Shared || le.Limit != 100 {
		t.Fatalf("body over the per-response limit: %v", err)
	}
	_ = tooBig.Close()
	if now, peak := b.InFlight(); now != 0 || peak > 150 {
		t.Fatalf("held %d, peak %d", now, peak)
	}
}

// TestBudgetWaitsForRoom: bodies that together pass the total are read one
// after the other instead of failing.
func TestBudgetWaitsForRoom(t *testing.T) {
	b := NewBudget(100, 150)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			body := &budgetBody{ctx: ctx, rc: io.NopCloser(strings.NewReader(strings.Repeat("x", 90))), b: b}
			_, err := io.ReadAll(body)
			_ = body.Close()
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			var le *BodyLimitError
			if !errors.As(err, &le) || !le.Shared {
				t.Errorf("body failed: %v", err)
			}
		}
	}
	if now, peak := b.InFlight(); now != 0 || peak > 150 {
		t.Errorf("held %d, peak %d", now, peak)
	}
}
