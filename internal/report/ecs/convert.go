package ecs

import (
	"net"
	"net/url"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
)

// The benchmark essec's checks belong to.
const (
	BenchmarkID   = "essec"
	BenchmarkName = "essec Elastic Stack security levels"
	// BenchmarkVersion changes when check ids change meaning.
	BenchmarkVersion = "v1"
)

func document(r *finding.Report, f finding.Finding, rule finding.Rule, id, ts string) Document {
	d := Document{
		ID:        id,
		Timestamp: ts,
		ECS:       ECSMeta{Version: Version},
		Message:   f.Message,
		Event: Event{
			Kind: "state", Category: []string{"configuration"}, Type: []string{"info"},
			Outcome: outcome(f.Status), ID: id, Dataset: "essec.findings",
		},
		Result: Result{Evaluation: evaluation(f.Status), Evidence: f.Evidence},
		Rule: Rule{
			ID: f.CheckID, Name: firstNonEmpty(f.Title, rule.Title), Description: firstNonEmpty(rule.Description, f.Title),
			Remediation: firstNonEmpty(rule.RemediationText, f.Remediation.Summary),
			Reference:   strings.Join(references(f, rule), "\n"), Section: string(f.Level),
			Benchmark: Benchmark{ID: BenchmarkID, Name: BenchmarkName, Version: BenchmarkVersion, RuleNumber: f.CheckID, PostureType: BenchmarkID},
		},
		Resource:     resource(f),
		Orchestrator: Orchestrator{Cluster: Cluster{ID: f.Deployment, Name: f.Deployment}},
		Service:      Service{Type: serviceType(f)},
		Host:         host(f),
		Essec: Essec{
			Level: string(f.Level), Severity: string(f.Severity), Status: string(f.Status),
			Fingerprint: finding.Fingerprint(f), ScanID: r.ScanID, ToolVersion: r.Tool.Version,
			Component: f.Component, Setting: f.Setting, Suppressed: f.Suppressed,
			Location: Location{File: f.Resource.File, Line: f.Resource.Line, Endpoint: f.Resource.Endpoint},
		},
	}
	if f.Waiver != nil {
		d.Essec.Waiver = &Waiver{Reason: f.Waiver.Reason, Owner: f.Waiver.Owner, Expires: f.Waiver.Expires}
	}
	if f.Remediation.ID != "" {
		d.Essec.Remediation = &Remediation{ID: f.Remediation.ID, Automated: f.Remediation.Automated}
	}
	return d
}

// evaluation uses the posture findings' words.
func evaluation(s finding.Status) string {
	switch s {
	case finding.StatusPass:
		return "passed"
	case finding.StatusFail:
		return "failed"
	case finding.StatusWarn:
		return "warning"
	case finding.StatusNotApplicable:
		return "not_applicable"
	}
	return "unknown"
}

// outcome is success for a check that holds (pass, or warn: it meets its
// level), failure for a fail, unknown when the check could not judge or did
// not apply.
func outcome(s finding.Status) string {
	switch s {
	case finding.StatusPass, finding.StatusWarn:
		return "success"
	case finding.StatusFail:
		return "failure"
	}
	return "unknown"
}

func references(f finding.Finding, rule finding.Rule) []string {
	if len(f.References) > 0 {
		return f.References
	}
	return rule.References
}

func resource(f finding.Finding) Resource {
	kind := firstNonEmpty(f.Resource.Kind, "cluster")
	name := firstNonEmpty(f.Resource.Name, f.Deployment)
	return Resource{
		ID:      f.Deployment + "/" + kind + "/" + name,
		Name:    name,
		Type:    kind,
		SubType: serviceType(f) + " " + kind,
	}
}

func serviceType(f finding.Finding) string {
	if f.Component != "" {
		return f.Component
	}
	if f.Resource.Kind == "kibana" {
		return "kibana"
	}
	return "elasticsearch"
}

// host is the endpoint's host, or the name of a node or Kibana instance.
func host(f finding.Finding) *Host {
	if f.Resource.Endpoint != "" {
		if u, err := url.Parse(f.Resource.Endpoint); err == nil && u.Hostname() != "" {
			return &Host{Name: u.Hostname()}
		}
		if h, _, err := net.SplitHostPort(f.Resource.Endpoint); err == nil && h != "" {
			return &Host{Name: h}
		}
	}
	if (f.Resource.Kind == "node" || f.Resource.Kind == "kibana") && f.Resource.Name != "" {
		return &Host{Name: f.Resource.Name}
	}
	return nil
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
