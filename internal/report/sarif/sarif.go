// Package sarif writes a report as SARIF 2.1.0 for GitHub code scanning: one
// run, one rule per catalogue check, one result per failing or warning
// finding stating the problem found, located in the repository relative to
// its root, with the finding's stable fingerprint.
package sarif

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strings"

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
	// BaseDir is the repository root (--sarif-root): files under it get URIs
	// relative to it with uriBaseId %SRCROOT%, as code scanning expects.
	// Files outside it, or every file when BaseDir is empty, get absolute
	// file:// URIs.
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
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Build(r, opts)); err != nil {
		return fmt.Errorf("write sarif: %w", err)
	}
	return nil
}

// Build returns the SARIF log for r without writing it.
func Build(r *finding.Report, opts Options) *Log {
	name := r.Tool.Name
	if name == "" {
		name = "essec"
	}
	run := Run{
		Tool:    Tool{Driver: Driver{Name: name, Version: r.Tool.Version, InformationURI: InformationURI}},
		Results: []Result{},
	}
	index := addRules(&run.Tool.Driver, r, opts)
	for _, f := range r.Findings {
		if !reported(f, opts) {
			continue
		}
		run.Results = append(run.Results, result(f, index, opts))
	}
	for _, res := range run.Results {
		if len(res.Locations) > 0 && res.Locations[0].PhysicalLocation.ArtifactLocation.URIBaseID == SrcRoot {
			run.OriginalURIBaseIDs = map[string]ArtifactLocation{SrcRoot: {URI: dirURI(opts.BaseDir)}}
			break
		}
	}
	run.AutomationDetails = &AutomationDetails{ID: automationID(r, opts)}
	run.Invocations = []Invocation{invocation(r)}
	run.Properties = runProperties(r)
	return &Log{Schema: SchemaURI, Version: Version, Runs: []Run{run}}
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
func invocation(r *finding.Report) Invocation {
	inv := Invocation{ExecutionSuccessful: true}
	for _, e := range r.Errors {
		lvl := LevelWarning
		if e.Source == finding.SourceNotAudited {
			// a whole deployment is missing from the results
			lvl = LevelError
		}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications,
			Notification{Level: lvl, Message: Message{Text: e.Text()}})
	}
	return inv
}

// dirURI is the absolute file URI of a directory, ending with a slash as
// originalUriBaseIds requires.
func dirURI(dir string) string {
	p := filepath.ToSlash(filepath.Clean(dir))
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	if !strings.HasSuffix(p, "/") {
		p += "/"
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// runProperties lists every audited deployment's level verdicts.
func runProperties(r *finding.Report) *RunProperties {
	var ds []DeploymentLevels
	for _, d := range r.Deployments {
		if len(d.Levels) == 0 {
			continue
		}
		dl := DeploymentLevels{Name: d.Name, Levels: map[string]string{}, AchievedLevel: d.AchievedLevel}
		for l, v := range d.Levels {
			dl.Levels[string(l)] = string(v)
		}
		ds = append(ds, dl)
	}
	if len(ds) == 0 {
		return nil
	}
	return &RunProperties{Deployments: ds}
}
