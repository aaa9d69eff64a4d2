package waiver

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
)

func fnd(check, deployment, resource, setting string, status finding.Status) finding.Finding {
	return finding.Finding{
		CheckID: check, Deployment: deployment, Status: status, Setting: setting, Level: finding.LevelMinimal, Severity: finding.SeverityCritical,
		Resource: finding.Resource{Kind: "node", Name: resource},
	}
}

func mustParse(t *testing.T, content string) *Set {
	t.Helper()
	set, err := Parse(DefaultFile, []byte(content), known)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

var march = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

func TestApplyScopes(t *testing.T) {
	set := mustParse(t, `waivers:
  - check: MIN-01
    deployment: prod-*
    resource: es0?
    reason: staged rollout of security
    owner: ops
  - check: BAS-01
    setting: xpack.security.transport.ssl.enabled
    reason: loopback transport
`)
	in := []finding.Finding{
		fnd("MIN-01", "prod-logs", "es01", "", finding.StatusFail),              // waived
		fnd("MIN-01", "staging", "es01", "", finding.StatusFail),                // other deployment
		fnd("MIN-01", "prod-logs", "es10", "", finding.StatusFail),              // resource glob misses
		fnd("MIN-01", "prod-logs", "es02", "", finding.StatusPass),              // passes need no waiver
		fnd("BAS-01", "d", "n", "xpack.security.transport.ssl.enabled", "warn"), // waived
		fnd("BAS-01", "d", "n", "other.setting", finding.StatusFail),            // setting differs
		fnd("MIN-01", "prod-logs", "es03", "", finding.StatusUnknown),           // waived
		fnd("MIN-01", "prod-logs", "es04", "", finding.StatusNotApplicable),     // nothing to waive
	}
	orig := append([]finding.Finding(nil), in...)
	out, expired := set.Apply(in, march)
	want := []bool{true, false, false, false, true, false, true, false}
	for i, f := range out {
		if f.Suppressed != want[i] || (f.Waiver != nil) != want[i] {
			t.Errorf("finding %d (%s %s %s %s): suppressed %v waiver %v, want %v", i, f.CheckID, f.Deployment, f.Resource.Name, f.Status, f.Suppressed, f.Waiver, want[i])
		}
		if f.Status != in[i].Status {
			t.Errorf("finding %d: status changed to %s", i, f.Status)
		}
	}
	if out[0].Waiver.Reason != "staged rollout of security" || out[0].Waiver.Owner != "ops" {
		t.Errorf("waiver %+v", out[0].Waiver)
	}
	if len(expired) != 0 {
		t.Errorf("expired %v", expired)
	}
	if !reflect.DeepEqual(in, orig) {
		t.Errorf("Apply changed its input")
	}
}

func TestExpiredWaiverReactivates(t *testing.T) {
	set := mustParse(t, `waivers:
  - check: KIB-01
    reason: until the migration
    expires: 2025-03-13
    owner: platform-team
  - check: HTTPS-04
    reason: gone already
    expires: 2025-01-31
  - check: MIN-01
    reason: still holds on its last day
    expires: 2025-03-14
`)
	in := []finding.Finding{
		fnd("KIB-01", "prod-logs", "kb01", "", finding.StatusFail),
		fnd("KIB-01", "edge", "kb02", "", finding.StatusFail),
		fnd("MIN-01", "prod-logs", "es01", "", finding.StatusFail),
	}
	out, expired := set.Apply(in, march)
	if out[0].Suppressed || out[1].Suppressed {
		t.Errorf("an expired waiver still applies")
	}
	if !out[2].Suppressed {
		t.Errorf("a waiver expiring today no longer applies")
	}
	if len(expired) != 2 || expired[0].Check != "KIB-01" || expired[0].Reactivated != 2 || expired[1].Check != "HTTPS-04" || expired[1].Reactivated != 0 {
		t.Fatalf("expired %+v", expired)
	}
	if w := expired[0].Warning(); w != "waiver for KIB-01 expired on 2025-03-13, owner platform-team; 2 findings count again: fix them, or renew the waiver" {
		t.Errorf("warning %q", w)
	}
	if w := expired[1].Warning(); !strings.Contains(w, "matches no finding: remove it") {
		t.Errorf("warning %q", w)
	}
	e := expired[0].ReportError()
	if e.Source != "waiver" || e.File != DefaultFile || e.Line != 2 || e.Message != expired[0].Warning() {
		t.Errorf("report error %+v", e)
	}

	// The day after, the last one expires too.
	out, expired = set.Apply(in, time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC))
	if out[2].Suppressed || len(expired) != 3 {
		t.Errorf("after expiry: suppressed %v, %d expired", out[2].Suppressed, len(expired))
	}
}

func TestFirstHoldingWaiverWins(t *testing.T) {
	set := mustParse(t, `waivers:
  - check: MIN-01
    reason: old
    expires: 2024-01-01
  - check: MIN-01
    reason: renewed
    expires: 2026-01-01
  - check: MIN-01
    reason: catch-all
`)
	out, expired := set.Apply([]finding.Finding{fnd("MIN-01", "d", "n", "", finding.StatusFail)}, march)
	if out[0].Waiver == nil || out[0].Waiver.Reason != "renewed" || out[0].Waiver.Expires != "2026-01-01" {
		t.Errorf("waiver %+v", out[0].Waiver)
	}
	if len(expired) != 1 || expired[0].Reactivated != 0 {
		t.Errorf("expired %+v: a finding still covered by a renewal is not reactivated", expired)
	}
}

// A waived failure does not fail CI: it leaves the summary's fail count and
// the level verdicts, which decide the exit code.
func TestWaivedFailureDoesNotGate(t *testing.T) {
	set := mustParse(t, "waivers:\n  - check: MIN-01\n    reason: lab\n")
	in := []finding.Finding{fnd("MIN-01", "d", "n", "", finding.StatusFail), fnd("MIN-02", "d", "n", "", finding.StatusPass)}
	if finding.LevelVerdicts(in)[finding.LevelMinimal] != finding.VerdictFail {
		t.Fatal("precondition: the failure fails minimal")
	}
	out, _ := set.Apply(in, march)
	if s := finding.Summarize(out); s.Fail != 0 || s.Suppressed != 1 {
		t.Errorf("summary %+v", s)
	}
	if v := finding.LevelVerdicts(out)[finding.LevelMinimal]; v != finding.VerdictPass {
		t.Errorf("minimal %s with the failure waived, want pass", v)
	}
	// And when the waiver expires, the failure gates again.
	set = mustParse(t, "waivers:\n  - check: MIN-01\n    reason: lab\n    expires: 2025-01-01\n")
	out, _ = set.Apply(in, march)
	if finding.LevelVerdicts(out)[finding.LevelMinimal] != finding.VerdictFail {
		t.Errorf("an expired waiver still keeps minimal from failing")
	}
}
