// Package finding defines the result contract every report formats: a Finding
// with its Status, Severity and Level, level verdicts and the Summary.
package finding

import "strings"

// Status is the outcome of one check on one resource.
type Status string

// The statuses a check can report.
const (
	StatusPass          Status = "pass"
	StatusFail          Status = "fail"
	StatusWarn          Status = "warn"
	StatusUnknown       Status = "unknown"
	StatusNotApplicable Status = "not_applicable"
)

// Statuses lists every valid status in report order.
var Statuses = []Status{StatusFail, StatusWarn, StatusUnknown, StatusPass, StatusNotApplicable}

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	for _, v := range Statuses {
		if s == v {
			return true
		}
	}
	return false
}

// Severity ranks how bad a failure is.
type Severity string

// The severities of the catalogue.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
)

// Rank orders severities: critical 4 .. low 1, unknown values 0.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 4
	case SeverityHigh:
		return 3
	case SeverityMedium:
		return 2
	case SeverityLow:
		return 1
	}
	return 0
}

// ParseSeverity accepts a severity name, or "none" (rank 5: nothing gates).
func ParseSeverity(s string) (Severity, bool) {
	switch v := Severity(strings.ToLower(s)); v {
	case SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow:
		return v, true
	case "none":
		return "none", true
	}
	return "", false
}

// Resource names what a finding is about.
type Resource struct {
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
	// SHA256 is the certificate's fingerprint when the resource is a
	// certificate (two certificates may share a subject).
	SHA256 string `json:"sha256,omitempty"`
}

// Remediation says how to fix a failing check.
type Remediation struct {
	ID        string `json:"id,omitempty"`
	Summary   string `json:"summary"`
	Automated bool   `json:"automated"`
}

// Waiver marks a finding accepted by the operator for a while.
type Waiver struct {
	Reason  string `json:"reason"`
	Owner   string `json:"owner,omitempty"`
	Expires string `json:"expires,omitempty"`
}

// Finding is the result of one check on one resource of one deployment.
type Finding struct {
	CheckID     string      `json:"check_id"`
	Title       string      `json:"title"`
	Level       Level       `json:"level"`
	Severity    Severity    `json:"severity"`
	Component   string      `json:"component,omitempty"`
	Status      Status      `json:"status"`
	Deployment  string      `json:"deployment"`
	Resource    Resource    `json:"resource"`
	Setting     string      `json:"setting,omitempty"`
	Message     string      `json:"message"`
	Evidence    Evidence    `json:"evidence,omitempty"`
	Remediation Remediation `json:"remediation"`
	References  []string    `json:"references,omitempty"`
	Fingerprint string      `json:"fingerprint"`
	Suppressed  bool        `json:"suppressed,omitempty"`
	Waiver      *Waiver     `json:"waiver,omitempty"`
}

// Counts counts findings by status.
type Counts map[Status]int

// Summary is the report-wide count of findings.
type Summary struct {
	Pass          int `json:"pass"`
	Fail          int `json:"fail"`
	Warn          int `json:"warn"`
	Unknown       int `json:"unknown"`
	NotApplicable int `json:"not_applicable"`
	Suppressed    int `json:"suppressed"`
}

// Summarize counts the findings; suppressed ones count only as suppressed.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		if f.Suppressed {
			s.Suppressed++
			continue
		}
		switch f.Status {
		case StatusPass:
			s.Pass++
		case StatusFail:
			s.Fail++
		case StatusWarn:
			s.Warn++
		case StatusUnknown:
			s.Unknown++
		case StatusNotApplicable:
			s.NotApplicable++
		}
	}
	return s
}
