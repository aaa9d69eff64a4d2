package cli

import "fmt"

// progress shows one status line on stderr while a slow step runs, only on a
// terminal and never with --no-progress.
type progress struct {
	d  *Deps
	on bool
}

func newProgress(d *Deps, what string) *progress {
	p := &progress{d: d, on: d.IO.ErrTTY && !d.NoProgress}
	if p.on {
		fmt.Fprintf(d.IO.ErrOut, "essec: %s…", what)
	}
	return p
}

func (p *progress) done() {
	if p.on {
		fmt.Fprint(p.d.IO.ErrOut, "\r\x1b[K")
	}
}
