// Package ecs writes findings as Elastic Common Schema documents shaped like
// Elastic's own cloud security posture findings, one JSON document a line,
// and describes the index template that maps them.
package ecs

import (
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"time"

	"github.com/essec-dev/essec/internal/finding"
)

// Version is the ECS version the documents follow.
const Version = "8.11.0"

// Options tune the ECS output.
type Options struct {
	// Now stamps documents when the report has no generated_at; nil means
	// time.Now.
	Now func() time.Time
}

// Write writes one ECS document per finding to w as NDJSON, converting
// each as it is written.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var b []byte
	for d := range All(r, opts) {
		var ok bool
		if b, ok = appendDocument(b[:0], &d); !ok {
			// encoding/json refuses the document, with its own error.
			if err := enc.Encode(d); err != nil {
				return fmt.Errorf("write ecs document %s: %w", d.ID, err)
			}
			continue
		}
		if _, err := w.Write(append(b, '\n')); err != nil {
			return fmt.Errorf("write ecs document %s: %w", d.ID, err)
		}
	}
	return nil
}

// Documents converts every finding of r, in report order (see All).
func Documents(r *finding.Report, opts Options) []Document {
	docs := make([]Document, 0, len(r.Findings))
	for d := range All(r, opts) {
		docs = append(docs, d)
	}
	return docs
}

// All yields the ECS document of every finding of r, in report order,
// converting each when it is asked for. Each document's ID is
// "<scan id>-<fingerprint>", unique within the scan, so indexing a scan
// twice overwrites rather than duplicates.
func All(r *finding.Report, opts Options) iter.Seq[Document] {
	return func(yield func(Document) bool) {
		ts := timestamp(r, opts)
		rules := finding.RulesByID(r.Rules)
		seen := map[string]int{}
		for _, f := range r.Findings {
			id := r.ScanID + "-" + finding.Fingerprint(f)
			seen[id]++
			if n := seen[id]; n > 1 {
				// Two findings with one identity (a policy reporting a
				// resource twice) must both survive indexing.
				id = fmt.Sprintf("%s-%d", id, n)
			}
			if !yield(document(r, f, rules[f.CheckID], id, ts)) {
				return
			}
		}
	}
}

func timestamp(r *finding.Report, opts Options) string {
	if r.GeneratedAt != "" {
		return r.GeneratedAt
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	return now().UTC().Format(time.RFC3339)
}
