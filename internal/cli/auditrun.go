package cli

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strings"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/evidence"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
)

// auditRun collects (or loads) the evidence, evaluates it, applies waivers
// and baselines, writes the reports and maps the outcome to an exit code.
func auditRun(ctx context.Context, o *AuditOptions) error {
	log, err := o.Logger()
	if err != nil {
		return err
	}
	cat, engine, selected, err := o.loadSelectedEngine(ctx, o.PolicyDirs, o.Checks, o.SkipChecks, log)
	if err != nil {
		return err
	}
	var docs iter.Seq2[*inventory.Document, error]
	var notAudited []audit.NotAudited
	if o.Input != "" {
		docs = inputDocuments(o.Input, o.IO.In)
	} else {
		progress := newProgress(o.Deps, "collecting evidence")
		var collected []*inventory.Document
		collected, notAudited, err = gather(ctx, o.Deps, gatherOptions{Sources: o.Sources, Conn: o.Conn,
			Log: progress.counting(log), Progress: progress.deployments})
		progress.done()
		if err != nil {
			return err
		}
		docs = handOver(collected)
	}
	r, err := audit.Stream(ctx, engine, docs, audit.Options{
		Tool:        finding.Tool{Name: "essec", Version: o.Build.Version},
		TargetLevel: o.target, FailOn: o.failOn, Now: o.Now(), Selected: selected, Rules: rules(cat.Checks()),
		NotAudited: notAudited, DocumentLevels: !o.levelSet,
	})
	if err != nil {
		return err
	}
	// Each deployment is held to its inventory's level unless --level was
	// given (Evaluate set it).
	required := map[string]finding.Level{}
	for _, d := range r.Deployments {
		required[d.Name] = d.TargetLevel
	}
	markAutomated(r)
	gate, err := applyWaiversAndBaseline(o, cat, r)
	if err != nil {
		return err
	}
	if err := writeReports(o, filterSeverity(r, o.severity), o.specs); err != nil {
		return err
	}
	if o.ExportES != "" {
		if err := exportFindings(ctx, o, r, log); err != nil {
			return err
		}
	}
	switch audit.Gate(gate, required) {
	case audit.OutcomeFailed:
		return silentExit(ExitFindings)
	case audit.OutcomeIncomplete:
		return silentExit(ExitIncomplete)
	}
	return nil
}

// selection validates --checks/--skip-checks against the catalogue.
func selection(e checkLookup, only, skip []string) (func(string) bool, error) {
	if len(only) == 0 && len(skip) == 0 {
		return nil, nil
	}
	norm := func(values []string) (map[string]bool, error) {
		m := map[string]bool{}
		if all, ok := e.(interface{ Checks() []policy.Check }); ok {
			ids, err := expandCheckIDs(all.Checks(), values)
			for _, id := range ids {
				m[id] = true
			}
			return m, err
		}
		for _, id := range values {
			c, ok := e.Check(strings.TrimSpace(id))
			if !ok {
				return nil, usageError(fmt.Errorf("no check with id %q", id), "list the ids with: essec policies list")
			}
			m[c.ID] = true
		}
		return m, nil
	}
	onlySet, err := norm(only)
	if err != nil {
		return nil, err
	}
	skipSet, err := norm(skip)
	if err != nil {
		return nil, err
	}
	return func(id string) bool {
		if len(onlySet) > 0 && !onlySet[id] {
			return false
		}
		return !skipSet[id]
	}, nil
}

// inputDocuments reads --input: a file, a directory, a glob or stdin ("-"),
// one document at a time. A document that cannot be read or is not an
// input document is a usage error: nothing is reported.
func inputDocuments(spec string, stdin io.Reader) iter.Seq2[*inventory.Document, error] {
	return func(yield func(*inventory.Document, error) bool) {
		for d, err := range evidence.Documents(spec, stdin) {
			if err != nil {
				yield(nil, usageError(fmt.Errorf("read --input: %w", err)))
				return
			}
			if !yield(d, nil) {
				return
			}
		}
	}
}

// handOver yields the collected documents in order and forgets each as it
// goes, so a deployment's evidence is freed once it is evaluated.
func handOver(docs []*inventory.Document) iter.Seq2[*inventory.Document, error] {
	return func(yield func(*inventory.Document, error) bool) {
		for i, d := range docs {
			docs[i] = nil
			if !yield(d, nil) {
				return
			}
		}
	}
}
