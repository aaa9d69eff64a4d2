package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/remediations"
)

// TestStepVerdict: a step is fixed only when its checks pass (or no longer
// apply because of it) in the re-audit; a warning left is not fixed.
func TestStepVerdict(t *testing.T) {
	node := func(check string, st finding.Status) finding.Finding {
		return finding.Finding{CheckID: check, Status: st, Resource: finding.Resource{Kind: "node", Name: "es01"}}
	}
	step := &remediations.Step{Title: "Set xpack.security.http.ssl.enabled on node es01", Checks: []string{"HTTPS-01", "HARD-02"},
		Edits: []remediations.FileEdit{{Path: "elasticsearch.yml"}}}
	failing := []finding.Finding{node("HTTPS-01", finding.StatusFail), node("HARD-02", finding.StatusFail)}
	for _, tc := range []struct {
		name          string
		before, after []finding.Finding
		want          string
	}{
		{"both pass", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusPass)}, verdictFixed},
		{"one warns", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusWarn)}, verdictStillWarns},
		{"warn and pass on one check", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusPass), node("HARD-02", finding.StatusWarn)}, verdictStillWarns},
		{"made not applicable", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusNotApplicable)}, verdictFixed},
		{"not applicable before and after", []finding.Finding{node("HTTPS-01", finding.StatusFail), node("HARD-02", finding.StatusNotApplicable)},
			[]finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusNotApplicable)}, verdictUnverified},
		{"unknown", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass), node("HARD-02", finding.StatusUnknown)}, verdictUnverified},
		{"absent", failing, []finding.Finding{node("HTTPS-01", finding.StatusPass)}, verdictUnverified},
		{"warn and fail", failing, []finding.Finding{node("HTTPS-01", finding.StatusFail), node("HARD-02", finding.StatusWarn)}, verdictNotFixed},
		{"other node's pass does not count", failing, []finding.Finding{
			{CheckID: "HTTPS-01", Status: finding.StatusPass, Resource: finding.Resource{Kind: "node", Name: "es02"}},
			node("HARD-02", finding.StatusPass)}, verdictUnverified},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := stepVerdict(step, tc.before, tc.after); got != tc.want {
				t.Errorf("verdict = %q, want %q", got, tc.want)
			}
		})
	}
}

// TestPrintOutcomeWarnIsNotFixed: what the user reads after an apply whose
// re-audit still warns.
func TestPrintOutcomeWarnIsNotFixed(t *testing.T) {
	step := &remediations.Step{Title: "Harden TLS protocols on node es01", Checks: []string{"HARD-02"},
		Edits: []remediations.FileEdit{{Path: "elasticsearch.yml"}}}
	res := finding.Resource{Kind: "node", Name: "es01"}
	before := []finding.Finding{{CheckID: "HARD-02", Status: finding.StatusFail, Resource: res}}
	after := []finding.Finding{{CheckID: "HARD-02", Status: finding.StatusPass, Resource: res}, {CheckID: "HARD-02", Status: finding.StatusWarn, Resource: res}}
	var buf bytes.Buffer
	if err := printOutcome(&buf, []*remediations.Plan{{Steps: []*remediations.Step{step}}}, before, after); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.Contains(out, "HARD-02   fail     -> warn") || !strings.Contains(out, `"Harden TLS protocols on node es01": improved, still warns`) || strings.Contains(out, ": fixed") {
		t.Errorf("outcome:\n%s", out)
	}
}
