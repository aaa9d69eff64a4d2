package finding

import "fmt"

// SchemaVersion is the version of the JSON report's shape.
const SchemaVersion = 1

// Rule is a catalogue entry as reports show it (SARIF rules, HTML help).
type Rule struct {
	ID              string   `json:"id"`
	Title           string   `json:"title"`
	Description     string   `json:"description"`
	Level           Level    `json:"level"`
	Severity        Severity `json:"severity"`
	Component       string   `json:"component"`
	Remediation     string   `json:"remediation,omitempty"`
	RemediationText string   `json:"remediation_text"`
	// Automated is true when essec fix has a module for Remediation.
	Automated  bool     `json:"automated"`
	References []string `json:"references,omitempty"`
}

// RulesByID indexes a catalogue by check id, for reports that show each
// finding's catalogue entry.
func RulesByID(rules []Rule) map[string]Rule {
	m := make(map[string]Rule, len(rules))
	for _, rule := range rules {
		m[rule.ID] = rule
	}
	return m
}

// Tool identifies essec in reports.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// DeploymentResult is one deployment's level verdicts.
type DeploymentResult struct {
	Name          string            `json:"name"`
	Version       string            `json:"version,omitempty"`
	Levels        map[Level]Verdict `json:"levels"`
	AchievedLevel string            `json:"achieved_level"`
	// Blockers are the failing or unknown check ids that keep the next ladder
	// level from passing.
	Blockers []string `json:"blockers,omitempty"`
	// TargetLevel is the level this deployment is held to (the inventory's
	// required level, else the run's --level).
	TargetLevel Level `json:"target_level,omitempty"`
	// Read is what essec examined for this deployment, so that a skipped
	// file or node shows: files read and endpoints asked.
	Read *Read `json:"read,omitempty"`
	// NotAudited says why nothing of this deployment could be audited
	// (unreachable, unreadable, missing paths); its levels are then unknown
	// and it counts toward the exit code like any unknown target level.
	NotAudited string `json:"not_audited,omitempty"`
}

// SourceNotAudited is the Error.Source of a deployment that could not be
// audited at all.
const SourceNotAudited = "not-audited"

// Read lists the evidence sources of one deployment.
type Read struct {
	Files     []string `json:"files,omitempty"`
	Endpoints []string `json:"endpoints,omitempty"`
}

// Error is evidence that could not be collected, shown in reports.
type Error struct {
	Source     string `json:"source"`
	Deployment string `json:"deployment,omitempty"`
	File       string `json:"file,omitempty"`
	Line       int    `json:"line,omitempty"`
	Endpoint   string `json:"endpoint,omitempty"`
	Message    string `json:"message"`
}

// Where is the place the error is about: file:line, the file alone, or else
// the endpoint ("" when there is none).
func (e Error) Where() string {
	if e.File == "" {
		return e.Endpoint
	}
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	return e.File
}

// Text is the error on one line: "source (deployment) where: message",
// leaving out the parts that are empty.
func (e Error) Text() string {
	s := e.Source
	if e.Deployment != "" {
		s += " (" + e.Deployment + ")"
	}
	if where := e.Where(); where != "" {
		s += " " + where
	}
	return s + ": " + e.Message
}

// BaselineSummary is what a --baseline comparison found. The levels of the
// report's deployments are judged on every finding, known ones included;
// findings holds the new problems and the checks that pass.
type BaselineSummary struct {
	// Path is the baseline report's file; GeneratedAt its date.
	Path        string `json:"path"`
	GeneratedAt string `json:"generated_at,omitempty"`
	// New counts the fail, warn and unknown findings the baseline did not
	// have; Known those it had (not listed); Fixed its problems gone now.
	New   int `json:"new"`
	Known int `json:"known"`
	Fixed int `json:"fixed"`
}

// Report is the whole result of one audit run: the JSON report's shape
// (DESIGN.md) and the input of every other format.
type Report struct {
	SchemaVersion int                `json:"schema_version"`
	Tool          Tool               `json:"tool"`
	GeneratedAt   string             `json:"generated_at"`
	ScanID        string             `json:"scan_id"`
	TargetLevel   Level              `json:"target_level"`
	FailOn        Severity           `json:"fail_on"`
	Deployments   []DeploymentResult `json:"deployments"`
	Summary       Summary            `json:"summary"`
	Findings      []Finding          `json:"findings"`
	Errors        []Error            `json:"errors"`
	// Fixed are the problems of the --baseline report that are problems no
	// more (passing now, or the resource is gone).
	Fixed []Finding `json:"fixed,omitempty"`
	// Baseline, with --baseline, names the report the run was compared with
	// and counts new, known (left out of findings) and fixed problems.
	Baseline *BaselineSummary `json:"baseline,omitempty"`
	// PartialLevels are the levels some of whose checks a --checks or
	// --skip-checks selection left out: they cannot pass (at best unknown).
	PartialLevels []Level `json:"partial_levels,omitempty"`
	// Rules is the catalogue the run evaluated (not part of the JSON output).
	Rules []Rule `json:"-"`
}

// OfDeployment returns the findings of one deployment. They are one run of
// a report's findings (each deployment's are appended together), so that
// run is returned as it is, not copied: a large fleet's findings would be
// held twice. Findings in any other order are gathered into a copy.
func OfDeployment(all []Finding, name string) []Finding {
	start := 0
	for start < len(all) && all[start].Deployment != name {
		start++
	}
	end := start
	for end < len(all) && all[end].Deployment == name {
		end++
	}
	rest := end
	for rest < len(all) && all[rest].Deployment != name {
		rest++
	}
	if rest == len(all) {
		return all[start:end:end]
	}
	var fs []Finding
	for i := range all {
		if all[i].Deployment == name {
			fs = append(fs, all[i])
		}
	}
	return fs
}
