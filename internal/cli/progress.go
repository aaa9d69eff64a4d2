package cli

import (
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// progress shows a spinner with what essec is doing and for how long, on
// stderr, only on a terminal and never with --no-progress or --quiet: pipes
// and CI logs get no control sequences. It uses schollz/progressbar.
type progress struct {
	bar  *progressbar.ProgressBar
	stop chan struct{}
	wg   sync.WaitGroup
}

func newProgress(d *Deps, what string) *progress {
	p := &progress{}
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
				_ = p.bar.Add(1)
			}
		}
	}()
	return p
}

// describe changes what the spinner says (a deployment's name, a count).
func (p *progress) describe(what string) {
	if p.bar != nil {
		p.bar.Describe("essec: " + what)
	}
}

// done removes the spinner.
func (p *progress) done() {
	if p.bar == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	_ = p.bar.Finish()
	_ = p.bar.Clear()
}
