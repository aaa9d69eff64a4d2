package ecs

import "github.com/essec-dev/essec/internal/finding"

// Document is one finding in ECS. Fields outside ECS follow Elastic's cloud
// security posture findings (result.*, rule.benchmark.*, resource.*) so the
// documents sit beside them in Kibana; essec.* holds the rest.
type Document struct {
	// ID is the document id to index under; it is not part of the body.
	ID           string       `json:"-"`
	Timestamp    string       `json:"@timestamp"`
	ECS          ECSMeta      `json:"ecs"`
	Message      string       `json:"message,omitempty"`
	Event        Event        `json:"event"`
	Result       Result       `json:"result"`
	Rule         Rule         `json:"rule"`
	Resource     Resource     `json:"resource"`
	Orchestrator Orchestrator `json:"orchestrator"`
	Service      Service      `json:"service"`
	Host         *Host        `json:"host,omitempty"`
	Essec        Essec        `json:"essec"`
}

// ECSMeta names the ECS version.
type ECSMeta struct {
	Version string `json:"version"`
}

// Event classifies the document as the state of a configuration.
type Event struct {
	Kind     string   `json:"kind"`
	Category []string `json:"category"`
	Type     []string `json:"type"`
	Outcome  string   `json:"outcome"`
	ID       string   `json:"id"`
	Dataset  string   `json:"dataset"`
}

// Result is the evaluation and what it was based on.
type Result struct {
	Evaluation string           `json:"evaluation"`
	Evidence   finding.Evidence `json:"evidence,omitempty"`
}

// Rule describes the check.
type Rule struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	Description string    `json:"description,omitempty"`
	Remediation string    `json:"remediation,omitempty"`
	Reference   string    `json:"reference,omitempty"`
	Section     string    `json:"section"`
	Benchmark   Benchmark `json:"benchmark"`
}

// Benchmark places essec's catalogue where Kibana expects a benchmark.
type Benchmark struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Version     string `json:"version"`
	RuleNumber  string `json:"rule_number"`
	PostureType string `json:"posture_type"`
}

// Resource is what the check judged.
type Resource struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	SubType string `json:"sub_type"`
}

// Orchestrator names the deployment as the cluster.
type Orchestrator struct {
	Cluster Cluster `json:"cluster"`
}

// Cluster identifies a deployment.
type Cluster struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Service is the product the check is about.
type Service struct {
	Type string `json:"type"`
}

// Host is the machine a node or Kibana instance runs on, when known.
type Host struct {
	Name string `json:"name"`
}

// Essec carries what ECS has no field for.
type Essec struct {
	Level       string       `json:"level"`
	Severity    string       `json:"severity"`
	Status      string       `json:"status"`
	Fingerprint string       `json:"fingerprint"`
	ScanID      string       `json:"scan_id"`
	ToolVersion string       `json:"tool_version,omitempty"`
	Component   string       `json:"component,omitempty"`
	Setting     string       `json:"setting,omitempty"`
	Suppressed  bool         `json:"suppressed"`
	Waiver      *Waiver      `json:"waiver,omitempty"`
	Location    Location     `json:"location"`
	Remediation *Remediation `json:"remediation,omitempty"`
}

// Waiver is the operator's acceptance of a finding.
type Waiver struct {
	Reason  string `json:"reason"`
	Owner   string `json:"owner,omitempty"`
	Expires string `json:"expires,omitempty"`
}

// Location is where the evidence came from.
type Location struct {
	File     string `json:"file,omitempty"`
	Line     int    `json:"line,omitempty"`
	Endpoint string `json:"endpoint,omitempty"`
}

// Remediation names essec's fix module.
type Remediation struct {
	ID        string `json:"id"`
	Automated bool   `json:"automated"`
}
