package cli

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows a spinner with what essec is doing and for how long, on
// stderr, only on a terminal and never with --no-progress or --quiet: pipes
// and CI logs get no control sequences. It uses schollz/progressbar. While
// evidence is collected it counts the deployments and the live calls done
// and the failures so far.
type progress struct {
	d    *Deps
	bar  *progressbar.ProgressBar
	stop chan struct{}
	wg   sync.WaitGroup

	mu                       sync.Mutex
	what                     string
	deps, depsTotal, depsBad int
	calls, callsBad          int
}

func newProgress(d *Deps, what string) *progress {
	p := &progress{what: what}
	if !d.IO.ErrTTY || d.NoProgress {
		return p
	}
	p.bar = progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(d.IO.ErrOut),
		progressbar.OptionSetDescription("essec: "+what),
		progressbar.OptionSpinnerType(14),
		progressbar.OptionShowElapsedTimeOnFinish(),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
	)
	p.d = d
	d.progress.Store(p)
	p.stop = make(chan struct{})
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(120 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				p.mu.Lock()
				_ = p.bar.Add(1)
				p.mu.Unlock()
			}
		}
	}()
	return p
}

// describe changes what the spinner says (a deployment's name, a step).
func (p *progress) describe(what string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.what = what
	p.show()
}

// deployments hears how many deployments are collected, of how many, and
// how many failed (gatherOptions.Progress).
func (p *progress) deployments(done, total, failed int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.deps, p.depsTotal, p.depsBad = done, total, failed
	p.show()
}

// call counts one live call or probe done, and whether it failed.
func (p *progress) call(failed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if failed {
		p.callsBad++
	}
	p.show()
}

// text is the line shown: "collecting evidence: 3 of 10 deployments
// (1 failed), 48 calls (2 failed)".
func (p *progress) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.line()
}

func (p *progress) line() string {
	s := p.what
	if p.depsTotal > 0 {
		s += fmt.Sprintf(": %d of %d deployments (%d failed)", p.deps, p.depsTotal, p.depsBad)
	}
	if p.calls > 0 {
		sep := ", "
		if p.depsTotal == 0 {
			sep = ": "
		}
		s += fmt.Sprintf("%s%d calls (%d failed)", sep, p.calls, p.callsBad)
	}
	return s
}

// under runs write (a message, a log record) on the spinner's line cleared,
// with no redraw in between; the next tick draws the spinner again under it.
func (p *progress) under(write func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	write()
}

// show redraws the description; the caller holds mu.
func (p *progress) show() {
	if p.bar != nil {
		p.bar.Describe("essec: " + p.line())
	}
}

// counting returns log with the live calls counted on the way: the cluster
// collector writes a debug record for each call and probe ("elasticsearch
// call", "anonymous probe", "tls probe", with its error if it failed). The
// records still reach log's handler only at the level the user chose.
// Without a spinner log is returned as is: pipes and CI pay nothing.
func (p *progress) counting(log *slog.Logger) *slog.Logger {
	if p.bar == nil {
		return log
	}
	return slog.New(&callCounter{next: log.Handler(), count: p.call, under: p.under})
}

// callMessages are the debug records of one live call each.
var callMessages = map[string]bool{"elasticsearch call": true, "anonymous probe": true, "tls probe": true}

// callCounter is a slog.Handler that counts call records and passes every
// record its next handler is enabled for.
type callCounter struct {
	next  slog.Handler
	count func(failed bool)
	// under writes a record on the spinner's line cleared.
	under func(func())
}

// Enabled lets debug records through to Handle, where calls are counted.
func (h *callCounter) Enabled(ctx context.Context, l slog.Level) bool {
	return l == slog.LevelDebug || h.next.Enabled(ctx, l)
}

// Handle counts the record if it is a call and hands it on if next wants it.
func (h *callCounter) Handle(ctx context.Context, r slog.Record) error {
	if callMessages[r.Message] {
		failed := false
		r.Attrs(func(a slog.Attr) bool {
			if a.Key == "error" && a.Value.String() != "" {
				failed = true
				return false
			}
			return true
		})
		h.count(failed)
	}
	if !h.next.Enabled(ctx, r.Level) {
		return nil
	}
	var err error
	h.under(func() { err = h.next.Handle(ctx, r) })
	return err
}

// WithAttrs implements slog.Handler.
func (h *callCounter) WithAttrs(as []slog.Attr) slog.Handler {
	return &callCounter{next: h.next.WithAttrs(as), count: h.count, under: h.under}
}

// WithGroup implements slog.Handler.
func (h *callCounter) WithGroup(name string) slog.Handler {
	return &callCounter{next: h.next.WithGroup(name), count: h.count, under: h.under}
}

// done removes the spinner.
func (p *progress) done() {
	if p.bar == nil {
		return
	}
	p.d.progress.CompareAndSwap(p, nil)
	close(p.stop)
	p.wg.Wait()
	_ = p.bar.Finish()
	_ = p.bar.Clear()
}
