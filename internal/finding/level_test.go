package finding

import "testing"

func TestLevelVerdicts(t *testing.T) {
	f := func(l Level, s Status) Finding { return Finding{Level: l, Status: s} }
	tests := []struct {
		name     string
		findings []Finding
		want     map[Level]Verdict
		achieved string
	}{
		{"no finding in a level: unknown", []Finding{f(LevelMinimal, StatusPass)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelBasic: VerdictUnknown, LevelHTTPS: VerdictUnknown, LevelKibana: VerdictUnknown}, "minimal"},
		{"all pass", []Finding{f(LevelMinimal, StatusPass), f(LevelBasic, StatusNotApplicable), f(LevelBasic, StatusPass), f(LevelHTTPS, StatusWarn)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelBasic: VerdictPass, LevelHTTPS: VerdictPass}, "https"},
		{"basic all not applicable (development mode) is stepped over", []Finding{f(LevelMinimal, StatusPass), f(LevelBasic, StatusNotApplicable), f(LevelBasic, StatusNotApplicable), f(LevelHTTPS, StatusWarn)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelBasic: VerdictNotApplicable, LevelHTTPS: VerdictPass}, "https"},
		{"not applicable above a failure fails", []Finding{f(LevelMinimal, StatusFail), f(LevelBasic, StatusNotApplicable), f(LevelHTTPS, StatusPass)},
			map[Level]Verdict{LevelMinimal: VerdictFail, LevelBasic: VerdictFail, LevelHTTPS: VerdictFail}, "none"},
		{"kibana without Kibana is not applicable, not pass", []Finding{f(LevelMinimal, StatusPass), f(LevelKibana, StatusNotApplicable), f(LevelKibana, StatusNotApplicable)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelKibana: VerdictNotApplicable}, "minimal"},
		{"https not applicable: achieved stops below it", []Finding{f(LevelMinimal, StatusPass), f(LevelBasic, StatusPass), f(LevelHTTPS, StatusNotApplicable)},
			map[Level]Verdict{LevelBasic: VerdictPass, LevelHTTPS: VerdictNotApplicable}, "basic"},
		{"basic fails, https fails too", []Finding{f(LevelMinimal, StatusPass), f(LevelBasic, StatusFail), f(LevelHTTPS, StatusPass)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelBasic: VerdictFail, LevelHTTPS: VerdictFail}, "minimal"},
		{"unknown below makes above unknown", []Finding{f(LevelMinimal, StatusUnknown), f(LevelBasic, StatusPass)},
			map[Level]Verdict{LevelMinimal: VerdictUnknown, LevelBasic: VerdictUnknown, LevelHTTPS: VerdictUnknown}, "none"},
		{"fail beats unknown", []Finding{f(LevelMinimal, StatusUnknown), f(LevelBasic, StatusFail)},
			map[Level]Verdict{LevelMinimal: VerdictUnknown, LevelBasic: VerdictFail, LevelHTTPS: VerdictFail}, "none"},
		{"off-ladder graded alone", []Finding{f(LevelHardening, StatusFail), f(LevelMinimal, StatusPass), f(LevelBasic, StatusPass), f(LevelHTTPS, StatusPass), f(LevelKibana, StatusPass)},
			map[Level]Verdict{LevelMinimal: VerdictPass, LevelHardening: VerdictFail, LevelKibana: VerdictPass}, "https"},
		{"suppressed failure does not count", []Finding{{Level: LevelMinimal, Status: StatusFail, Suppressed: true}},
			map[Level]Verdict{LevelMinimal: VerdictPass}, "minimal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LevelVerdicts(tt.findings)
			for l, want := range tt.want {
				if got[l] != want {
					t.Errorf("level %s: got %s, want %s", l, got[l], want)
				}
			}
			if a := AchievedLevel(got); a != tt.achieved {
				t.Errorf("achieved %s, want %s", a, tt.achieved)
			}
		})
	}
}

func TestFingerprintIgnoresLineAndMessage(t *testing.T) {
	a := ComputeFingerprint("MIN-01", "d", Resource{Kind: "node", Name: "es01", File: "a.yml", Line: 3}, "x")
	b := ComputeFingerprint("MIN-01", "d", Resource{Kind: "node", Name: "es01", File: "a.yml", Line: 9}, "x")
	c := ComputeFingerprint("MIN-01", "d", Resource{Kind: "node", Name: "es02", Line: 3}, "x")
	if a != b {
		t.Error("fingerprint changed with the line")
	}
	if a == c {
		t.Error("fingerprint did not change with the resource")
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize([]Finding{{Status: StatusPass}, {Status: StatusFail}, {Status: StatusFail, Suppressed: true}, {Status: StatusUnknown}, {Status: StatusWarn}, {Status: StatusNotApplicable}})
	want := Summary{Pass: 1, Fail: 1, Warn: 1, Unknown: 1, NotApplicable: 1, Suppressed: 1}
	if s != want {
		t.Errorf("got %+v, want %+v", s, want)
	}
}
