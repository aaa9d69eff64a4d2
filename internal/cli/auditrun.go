package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/boundedfile"
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
	var docs []*inventory.Document
	var notAudited []audit.NotAudited
	if o.Input != "" {
		docs, err = loadDocuments(o.Input)
	} else {
		progress := newProgress(o.Deps, "collecting evidence")
		docs, notAudited, err = gather(ctx, o.Deps, gatherOptions{Sources: o.Sources, Conn: o.Conn, Log: log,
			Progress: func(done, total, failed int) {
				progress.describe(fmt.Sprintf("collecting evidence: %d of %d deployments done, %d failed", done, total, failed))
			}})
		progress.done()
	}
	if err != nil {
		return err
	}
	r, err := audit.Evaluate(ctx, engine, docs, audit.Options{
		Tool:        finding.Tool{Name: "essec", Version: o.Build.Version},
		TargetLevel: o.target, FailOn: o.failOn, Now: o.Now(), Selected: selected, Rules: rules(cat.Checks()),
		NotAudited: notAudited,
	})
	if err != nil {
		return err
	}
	required := map[string]finding.Level{}
	for _, d := range docs {
		if d.Deployment.RequiredLevel != "" && !o.levelSet {
			required[d.Deployment.Name] = finding.Level(d.Deployment.RequiredLevel)
		}
	}
	for _, na := range notAudited {
		if na.TargetLevel != "" && !o.levelSet {
			required[na.Name] = na.TargetLevel
		}
	}
	for i := range r.Deployments {
		if l, ok := required[r.Deployments[i].Name]; ok {
			r.Deployments[i].TargetLevel = l
		}
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

// loadDocuments reads essec collect's output: one document or an array.
func loadDocuments(path string) ([]*inventory.Document, error) {
	data, err := boundedfile.Read(path, boundedfile.Document)
	if err != nil {
		return nil, usageError(fmt.Errorf("read --input: %w", err))
	}
	var docs []*inventory.Document
	trimmed := strings.TrimSpace(string(data))
	if strings.HasPrefix(trimmed, "[") {
		err = json.Unmarshal(data, &docs)
	} else {
		var d inventory.Document
		err = json.Unmarshal(data, &d)
		docs = []*inventory.Document{&d}
	}
	if err != nil {
		return nil, usageError(fmt.Errorf("--input %s is not an essec input document: %w", path, err))
	}
	for _, d := range docs {
		if d.SchemaVersion != inventory.SchemaVersion {
			return nil, usageError(fmt.Errorf("--input %s has schema_version %d; this essec reads %d", path, d.SchemaVersion, inventory.SchemaVersion))
		}
		if d.Deployment.Name == "" {
			return nil, usageError(errors.New("--input document has no deployment.name"))
		}
	}
	return docs, nil
}
