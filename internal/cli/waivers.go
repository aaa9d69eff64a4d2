package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/baseline"
	"github.com/essec-dev/essec/internal/collect/cluster"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/report/esexport"
	"github.com/essec-dev/essec/internal/waiver"
)

// defaultIgnoreFile is read when --ignore is not given and it exists.
const defaultIgnoreFile = ".essecignore.yaml"

// applyWaiversAndBaseline marks waived findings (an expired waiver stops
// applying and is reported) and, with --baseline, keeps only new findings.
func applyWaiversAndBaseline(o *AuditOptions, e *policy.Engine, r *finding.Report) error {
	path := o.Ignore
	if path == "" && fileExists(defaultIgnoreFile) {
		path = defaultIgnoreFile
	}
	if path != "" {
		set, err := waiver.Load(path, func(id string) bool { _, ok := e.Check(id); return ok })
		if err != nil {
			return usageError(err)
		}
		var expired []waiver.Expired
		r.Findings, expired = set.Apply(r.Findings, o.Now())
		for _, x := range expired {
			r.Errors = append(r.Errors, x.ReportError())
			fmt.Fprintf(o.IO.ErrOut, "essec: warning: %s\n", x.Warning())
		}
	}
	if o.Baseline != "" {
		b, err := baseline.Load(o.Baseline)
		if err != nil {
			return usageError(err)
		}
		r.Findings = b.Filter(r.Findings)
	}
	audit.Regrade(r)
	return nil
}

// exportFindings ships the report to Elasticsearch with the audit's
// connection flags (same credentials and CA).
func exportFindings(ctx context.Context, o *AuditOptions, r *finding.Report, log *slog.Logger) error {
	dep := targetFor(o.Conn, []string{o.ExportES})
	ca, err := readCA(dep.CACert)
	if err != nil {
		return usageError(fmt.Errorf("--export-es: %w", err))
	}
	opts, err := clusterOptions(dep, ca, o.Conn.Timeout, o.Deps)
	if err != nil {
		return usageError(fmt.Errorf("--export-es: %w", err))
	}
	opts.Logger = log
	client, err := cluster.NewClient(*opts)
	if err != nil {
		return fmt.Errorf("--export-es: %w", err)
	}
	res, err := esexport.Export(ctx, client, o.ExportIndex, r, esexport.Options{Now: o.Now})
	if err != nil {
		// The audit ran and its reports are written; the run still fails
		// so that CI notices the fleet view is missing this scan.
		return &ExitError{Code: ExitFindings, Err: fmt.Errorf("export to %s: %w", o.ExportES, err)}
	}
	fmt.Fprintf(o.IO.ErrOut, "essec: exported %d findings to %s (index %s)", res.Indexed, o.ExportES, res.Index)
	if res.TemplateCreated {
		fmt.Fprint(o.IO.ErrOut, ", index template created")
	}
	fmt.Fprintln(o.IO.ErrOut)
	if err := res.Err(); err != nil {
		return &ExitError{Code: ExitFindings, Err: fmt.Errorf("export to %s: %w", o.ExportES, err)}
	}
	return nil
}
