package table

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
)

// deployment prints one deployment: name and verdict, totals, what was
// read, the levels, then its checks.
func (t *writer) deployment(d finding.DeploymentResult, fs []finding.Finding, run finding.Level) {
	title := "Deployment " + safe(d.Name)
	if d.Version != "" {
		title += " (Elasticsearch " + safe(d.Version) + ")"
	}
	// The verdict on the target level shares the title's line: the first
	// thing read, and one line less per deployment.
	t.wrapped(t.p.bold(title)+": ", "         ", t.targetVerdict(d, targetOf(d, run)), 0)
	label := "Totals:  "
	if t.baseline {
		label = "New:     "
	}
	t.wrapped(label, "         ", shortTotals(fs), 0)
	t.read(d.Read)
	t.levels(d)
	t.checks(fs)
}

// read names the evidence sources: counts by kind, every file with --verbose.
func (t *writer) read(r *finding.Read) {
	if r == nil {
		t.wrapped("Read:    ", "         ", "nothing (no file or endpoint could be read)", 0)
		return
	}
	var parts []string
	if len(r.Files) > 0 {
		parts = append(parts, fileCounts(r.Files))
	}
	for _, e := range r.Endpoints {
		parts = append(parts, safe(e))
	}
	if len(r.Endpoints) == 0 {
		parts = append(parts, "no live endpoint")
	}
	text := strings.Join(parts, "; ")
	t.wrapped("Read:    ", "         ", text, 0)
	if t.opts.Verbose {
		for _, f := range r.Files {
			t.wrapped("         ", "           ", safe(f), 0)
		}
	}
}

// fileCounts summarises files by name: "8 files (3 elasticsearch.yml, ...)".
func fileCounts(files []string) string {
	counts := map[string]int{}
	var order []string
	for _, f := range files {
		b := filepath.Base(f)
		if counts[b] == 0 {
			order = append(order, b)
		}
		counts[b]++
	}
	var parts []string
	for i, b := range order {
		if i == 4 {
			parts = append(parts, fmt.Sprintf("%d more", len(order)-4))
			break
		}
		parts = append(parts, fmt.Sprintf("%d %s", counts[b], safe(b)))
	}
	noun := "files"
	if len(files) == 1 {
		noun = "file"
	}
	return fmt.Sprintf("%d %s (%s)", len(files), noun, strings.Join(parts, ", "))
}

// levels prints the ladder and the other levels on as few lines as fit.
func (t *writer) levels(d finding.DeploymentResult) {
	var parts []string
	for _, l := range finding.Levels {
		v, ok := d.Levels[l]
		if !ok {
			continue
		}
		parts = append(parts, string(l)+" "+t.p.verdict(v))
	}
	t.wrapped("Levels:  ", "         ", strings.Join(parts, ", "), 0)
}
