package audit

import (
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

func TestGate(t *testing.T) {
	dep := func(v finding.Verdict) []finding.DeploymentResult {
		return []finding.DeploymentResult{{Name: "d", Levels: map[finding.Level]finding.Verdict{finding.LevelMinimal: finding.VerdictPass, finding.LevelBasic: v}}}
	}
	fail := func(sev finding.Severity, suppressed bool) []finding.Finding {
		return []finding.Finding{{Deployment: "d", Status: finding.StatusFail, Severity: sev, Level: finding.LevelHardening, Suppressed: suppressed}}
	}
	tests := []struct {
		name   string
		r      finding.Report
		req    map[string]finding.Level
		expect Outcome
	}{
		{"met, nothing failed", finding.Report{TargetLevel: finding.LevelBasic, FailOn: finding.SeverityHigh, Deployments: dep(finding.VerdictPass)}, nil, OutcomeOK},
		{"level not met", finding.Report{TargetLevel: finding.LevelBasic, FailOn: "none", Deployments: dep(finding.VerdictFail)}, nil, OutcomeFailed},
		{"level unknown", finding.Report{TargetLevel: finding.LevelBasic, FailOn: "none", Deployments: dep(finding.VerdictUnknown)}, nil, OutcomeIncomplete},
		{"high failure gates", finding.Report{TargetLevel: finding.LevelMinimal, FailOn: finding.SeverityHigh, Deployments: dep(finding.VerdictFail), Findings: fail(finding.SeverityHigh, false)}, nil, OutcomeFailed},
		{"medium failure below fail-on", finding.Report{TargetLevel: finding.LevelMinimal, FailOn: finding.SeverityHigh, Deployments: dep(finding.VerdictFail), Findings: fail(finding.SeverityMedium, false)}, nil, OutcomeOK},
		{"waived failure does not gate", finding.Report{TargetLevel: finding.LevelMinimal, FailOn: finding.SeverityLow, Deployments: dep(finding.VerdictPass), Findings: fail(finding.SeverityCritical, true)}, nil, OutcomeOK},
		{"inventory level overrides", finding.Report{TargetLevel: finding.LevelMinimal, FailOn: "none", Deployments: dep(finding.VerdictFail)}, map[string]finding.Level{"d": finding.LevelBasic}, OutcomeFailed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Gate(&tt.r, tt.req); got != tt.expect {
				t.Errorf("got %v, want %v", got, tt.expect)
			}
		})
	}
}
