// Package gitlab writes a report as a GitLab security report (the SAST
// report format, schema 15.x) so that failing and warning findings show in
// merge requests and the vulnerability report of GitLab Ultimate, next to
// the JUnit test report every tier shows.
package gitlab

import (
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/finding"
)

// SchemaVersion is the security report schema version written.
const SchemaVersion = "15.0.6"

// Options tune the report.
type Options struct {
	// BaseDir is the repository root: file locations are relative to it.
	BaseDir string
	// Start and End bound the scan (GitLab requires both).
	Start, End time.Time
}

// Report is the top level of a GitLab security report.
type Report struct {
	Version         string          `json:"version"`
	Scan            Scan            `json:"scan"`
	Vulnerabilities []Vulnerability `json:"vulnerabilities"`
}

// Scan describes the scanner and the run.
type Scan struct {
	Analyzer  Component `json:"analyzer"`
	Scanner   Component `json:"scanner"`
	Type      string    `json:"type"`
	StartTime string    `json:"start_time"`
	EndTime   string    `json:"end_time"`
	Status    string    `json:"status"`
	Messages  []Message `json:"messages,omitempty"`
}

// Component is the analyzer or scanner.
type Component struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	URL     string `json:"url,omitempty"`
	Version string `json:"version"`
	Vendor  Vendor `json:"vendor"`
}

// Vendor names who makes the scanner.
type Vendor struct {
	Name string `json:"name"`
}

// Message is a scan message (evidence that could not be collected).
type Message struct {
	Level string `json:"level"`
	Value string `json:"value"`
}

// Vulnerability is one failing or warning finding.
type Vulnerability struct {
	ID          string       `json:"id"`
	Name        string       `json:"name"`
	Description string       `json:"description"`
	Severity    string       `json:"severity"`
	Solution    string       `json:"solution,omitempty"`
	Identifiers []Identifier `json:"identifiers"`
	Links       []Link       `json:"links,omitempty"`
	Location    Location     `json:"location"`
}

// Identifier names the check.
type Identifier struct {
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
	URL   string `json:"url,omitempty"`
}

// Link is a reference.
type Link struct {
	URL string `json:"url"`
}

// Location is the file and line.
type Location struct {
	File      string `json:"file"`
	StartLine int    `json:"start_line,omitempty"`
}

// Write writes r as a GitLab SAST security report.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(Build(r, opts)); err != nil {
		return fmt.Errorf("write gitlab report: %w", err)
	}
	return nil
}

// Build returns the GitLab report for r.
func Build(r *finding.Report, opts Options) *Report {
	version := r.Tool.Version
	if version == "" {
		version = "0.0.0"
	}
	comp := Component{ID: "essec", Name: "essec", URL: "https://github.com/essec-dev/essec", Version: version, Vendor: Vendor{Name: "essec"}}
	end := opts.End
	if end.IsZero() {
		end = opts.Start
	}
	out := &Report{
		Version: SchemaVersion,
		Scan: Scan{Analyzer: comp, Scanner: comp, Type: "sast", Status: "success",
			StartTime: gitlabTime(opts.Start), EndTime: gitlabTime(end)},
		Vulnerabilities: []Vulnerability{},
	}
	for _, e := range r.Errors {
		level := "warn"
		if e.Source == finding.SourceNotAudited {
			level = "fatal"
		}
		out.Scan.Messages = append(out.Scan.Messages, Message{Level: level, Value: e.Text()})
	}
	for _, f := range r.Findings {
		if f.Suppressed || (f.Status != finding.StatusFail && f.Status != finding.StatusWarn) {
			continue
		}
		out.Vulnerabilities = append(out.Vulnerabilities, vulnerability(f, opts.BaseDir))
	}
	return out
}

// gitlabTime is the schema's "yyyy-mm-ddThh:mm:ss" in UTC.
func gitlabTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05") }

func vulnerability(f finding.Finding, base string) Vulnerability {
	v := Vulnerability{
		ID:          uuidFrom(finding.Fingerprint(f)),
		Name:        f.Title,
		Description: f.Message,
		Severity:    severity(f),
		Solution:    f.Remediation.Summary,
		Identifiers: []Identifier{{Type: "essec_check", Name: "essec " + f.CheckID, Value: f.CheckID}},
		Location:    location(f, base),
	}
	if v.Name == "" {
		v.Name = f.CheckID
	}
	for i, ref := range f.References {
		if i == 0 {
			v.Identifiers[0].URL = ref
		}
		v.Links = append(v.Links, Link{URL: ref})
	}
	return v
}

// severity is GitLab's capitalised scale; a warning is one step lower, as in
// SARIF.
func severity(f finding.Finding) string {
	s := f.Severity
	if f.Status == finding.StatusWarn {
		switch s {
		case finding.SeverityCritical:
			s = finding.SeverityHigh
		case finding.SeverityHigh:
			s = finding.SeverityMedium
		case finding.SeverityMedium:
			s = finding.SeverityLow
		}
	}
	switch s {
	case finding.SeverityCritical:
		return "Critical"
	case finding.SeverityHigh:
		return "High"
	case finding.SeverityMedium:
		return "Medium"
	case finding.SeverityLow:
		return "Low"
	}
	return "Unknown"
}

// location is the file relative to the repository root, or for live
// evidence the virtual path SARIF uses too (finding.VirtualPath).
func location(f finding.Finding, base string) Location {
	if f.Resource.File == "" {
		return Location{File: f.VirtualPath(), StartLine: 1}
	}
	file := f.Resource.File
	if base != "" && filepath.IsAbs(file) {
		if rel, err := filepath.Rel(base, file); err == nil && !strings.HasPrefix(rel, "..") {
			file = rel
		}
	}
	line := f.Resource.Line
	if line <= 0 {
		line = 1
	}
	return Location{File: filepath.ToSlash(file), StartLine: line}
}

// uuidFrom formats a hash of the fingerprint as a UUID (version 8 bits
// set), so the same finding keeps its id across pipelines.
func uuidFrom(fp string) string {
	h := sha256.Sum256([]byte("essec-gitlab/" + fp))
	h[6] = (h[6] & 0x0f) | 0x80
	h[8] = (h[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", h[0:4], h[4:6], h[6:8], h[8:10], h[10:16])
}
