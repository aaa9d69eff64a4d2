package audit

import (
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

// TestSelectionCannotAchieveALevel (issue 9): with --checks MIN-01 the
// minimal level was reported achieved although its other checks never ran.
func TestSelectionCannotAchieveALevel(t *testing.T) {
	rules := []finding.Rule{{ID: "MIN-01", Level: finding.LevelMinimal}, {ID: "MIN-02", Level: finding.LevelMinimal}, {ID: "KIB-01", Level: finding.LevelKibana}}
	only := func(ids ...string) func(string) bool {
		return func(id string) bool {
			for _, x := range ids {
				if x == id {
					return true
				}
			}
			return false
		}
	}
	pass := func(id string, l finding.Level) finding.Finding {
		return finding.Finding{CheckID: id, Level: l, Status: finding.StatusPass, Deployment: "d"}
	}
	for _, tc := range []struct {
		name     string
		selected func(string) bool
		findings []finding.Finding
		minimal  finding.Verdict
		achieved string
	}{
		{"all checks", nil, []finding.Finding{pass("MIN-01", finding.LevelMinimal), pass("MIN-02", finding.LevelMinimal)}, finding.VerdictPass, "minimal"},
		{"MIN-01 only", only("MIN-01"), []finding.Finding{pass("MIN-01", finding.LevelMinimal)}, finding.VerdictUnknown, "none"},
		{"every minimal check", only("MIN-01", "MIN-02"), []finding.Finding{pass("MIN-01", finding.LevelMinimal), pass("MIN-02", finding.LevelMinimal)}, finding.VerdictPass, "minimal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &finding.Report{Deployments: []finding.DeploymentResult{{Name: "d"}}, Findings: tc.findings}
			r.PartialLevels = partialLevels(Options{Selected: tc.selected, Rules: rules})
			Regrade(r)
			d := r.Deployments[0]
			if d.Levels[finding.LevelMinimal] != tc.minimal || d.AchievedLevel != tc.achieved {
				t.Errorf("minimal %s, achieved %s; want %s, %s", d.Levels[finding.LevelMinimal], d.AchievedLevel, tc.minimal, tc.achieved)
			}
			if d.Levels[finding.LevelBasic] == finding.VerdictPass || d.Levels[finding.LevelHTTPS] == finding.VerdictPass {
				t.Errorf("a higher ladder level passes: %v", d.Levels)
			}
			if got := Gate(r, map[string]finding.Level{"d": finding.LevelMinimal}); (got == OutcomeOK) != (tc.minimal == finding.VerdictPass) {
				t.Errorf("gate %v with minimal %s", got, tc.minimal)
			}
		})
	}
}
