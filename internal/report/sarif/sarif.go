// Package sarif writes a report as SARIF 2.1.0 for GitHub code scanning: one
// run, one rule per catalogue check, one result per failing or warning
// finding with a stable partial fingerprint.
package sarif

import (
	"fmt"
	"io"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/essec-dev/essec/internal/finding"
)

// InformationURI is the tool's home page in tool.driver.
const InformationURI = "https://github.com/essec-dev/essec"

// FingerprintKey names essec's entry in result.partialFingerprints. The
// version suffix lets the hash change later without GitHub merging old and
// new alerts (v2: the hash names the resource's file, relative to the
// deployment, and the certificate's sha256).
const FingerprintKey = "essecFingerprint/v2"

// DefaultCategory is the category part of runAutomationDetails.id.
const DefaultCategory = "essec"

// Options tune the SARIF output.
type Options struct {
	// BaseDir is the directory artifact URIs are made relative to, usually
	// the repository root the CI job runs in. Files outside it, or every
	// file when BaseDir is empty, get absolute file:// URIs.
	BaseDir string
	// IncludeWaived keeps waived findings as results carrying a suppression.
	// GitHub does not honour suppressions, so they are left out by default.
	IncludeWaived bool
	// Category is the analysis category GitHub keeps alerts apart by
	// (runAutomationDetails.id is "<category>/<scan id>"). Runs that audit
	// different deployments from one repository need different categories.
	// Empty means DefaultCategory.
	Category string
}

// Write writes r to w as one SARIF log with one run.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	log := Build(r, opts)
	if err := log.PrettyWrite(w); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

// Build returns the SARIF log for r without writing it.
func Build(r *finding.Report, opts Options) *sarif.Report {
	run := sarif.NewRunWithInformationURI(r.Tool.Name, InformationURI)
	if r.Tool.Name == "" {
		run.Tool.Driver.WithName("essec")
	}
	if r.Tool.Version != "" {
		run.Tool.Driver.WithVersion(r.Tool.Version)
	}
	index := addRules(run, r)
	for _, f := range r.Findings {
		if !reported(f, opts) {
			continue
		}
		run.AddResult(result(f, index, opts))
	}
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID(automationID(r, opts)))
	run.AddInvocation(invocation(r))

	log := sarif.NewReport()
	log.AddRun(run)
	return log
}

// reported says whether a finding becomes a result: only failures and
// warnings are alerts; waived ones only when asked for.
func reported(f finding.Finding, opts Options) bool {
	if f.Status != finding.StatusFail && f.Status != finding.StatusWarn {
		return false
	}
	return !f.Suppressed || opts.IncludeWaived
}

// automationID is "<category>/<scan id>": GitHub takes everything up to the
// last slash as the category and ignores the run id after it, so alerts of
// successive scans are matched against each other instead of piling up in a
// new category per scan.
func automationID(r *finding.Report, opts Options) string {
	cat := opts.Category
	if cat == "" {
		cat = DefaultCategory
	}
	return cat + "/" + r.ScanID
}

// invocation records that the audit ran, and the evidence it could not
// collect as tool execution notifications.
func invocation(r *finding.Report) *sarif.Invocation {
	inv := sarif.NewInvocation()
	ok := true
	inv.ExecutionSuccessful = &ok
	for _, e := range r.Errors {
		n := sarif.NewNotification()
		n.Level = sarif.LevelWarning
		if e.Source == finding.SourceNotAudited {
			// a whole deployment is missing from the results
			n.Level = sarif.LevelError
		}
		n.Message = sarif.NewTextMessage(e.Text())
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	return inv
}
