package finding

import "fmt"

// Level is a grade in the catalogue. minimal, basic and https form Elastic's
// cumulative ladder; the others get verdicts of their own.
type Level string

// The levels of the catalogue.
const (
	LevelMinimal   Level = "minimal"
	LevelBasic     Level = "basic"
	LevelHTTPS     Level = "https"
	LevelKibana    Level = "kibana"
	LevelAutoSetup Level = "auto-setup"
	LevelHardening Level = "hardening"
)

// Ladder is Elastic's cumulative ladder, lowest first.
var Ladder = []Level{LevelMinimal, LevelBasic, LevelHTTPS}

// Levels lists every level in report order.
var Levels = []Level{LevelMinimal, LevelBasic, LevelHTTPS, LevelKibana, LevelAutoSetup, LevelHardening}

// Valid reports whether l is a known level.
func (l Level) Valid() bool {
	for _, v := range Levels {
		if l == v {
			return true
		}
	}
	return false
}

// LadderIndex is the position of l on the ladder, or -1 when it is off it.
func (l Level) LadderIndex() int {
	for i, v := range Ladder {
		if l == v {
			return i
		}
	}
	return -1
}

// ParseTargetLevel accepts a ladder level name.
func ParseTargetLevel(s string) (Level, error) {
	l := Level(s)
	if l.LadderIndex() < 0 {
		return "", fmt.Errorf("unknown level %q: choose minimal, basic or https", s)
	}
	return l, nil
}

// Verdict is the outcome of a whole level for one deployment.
type Verdict string

// The verdicts of a level.
const (
	VerdictPass    Verdict = "pass"
	VerdictFail    Verdict = "fail"
	VerdictUnknown Verdict = "unknown"
	// VerdictNotApplicable: every check of the level that judged this
	// deployment said not_applicable (a kibana level without Kibana, basic
	// in development mode). It neither passes nor blocks the ladder.
	VerdictNotApplicable Verdict = "not_applicable"
)

// LevelVerdicts grades one deployment's findings: a ladder level passes when
// every finding of it and of the levels below is pass, warn or not_applicable;
// any fail fails it; otherwise any unknown makes it unknown. Suppressed
// (waived) findings do not count against a level. A level with no finding at
// all (its checks were not selected) is unknown: nothing was judged. A level
// whose unsuppressed findings are all not_applicable is not_applicable
// (never pass); on the ladder it is so only when the levels below pass, and
// it does not change the verdict of the levels above. Off-ladder levels are
// graded on their own.
func LevelVerdicts(fs []Finding) map[Level]Verdict {
	own := map[Level]Verdict{}
	for _, l := range Levels {
		own[l] = VerdictUnknown
	}
	judged := map[Level]bool{} // some unsuppressed finding is not not_applicable
	seen := map[Level]bool{}   // some unsuppressed finding
	for _, f := range fs {
		if f.Level.Valid() {
			own[f.Level] = VerdictPass
			if !f.Suppressed {
				seen[f.Level] = true
				if f.Status != StatusNotApplicable {
					judged[f.Level] = true
				}
			}
		}
	}
	for _, f := range fs {
		if f.Suppressed {
			continue
		}
		switch f.Status {
		case StatusFail:
			own[f.Level] = VerdictFail
		case StatusUnknown:
			if own[f.Level] != VerdictFail {
				own[f.Level] = VerdictUnknown
			}
		}
	}
	for _, l := range Levels {
		if seen[l] && !judged[l] {
			own[l] = VerdictNotApplicable
		}
	}
	out := map[Level]Verdict{}
	for l, v := range own {
		out[l] = v
	}
	acc := VerdictPass
	for _, l := range Ladder {
		if own[l] == VerdictNotApplicable {
			out[l] = acc
			if acc == VerdictPass {
				out[l] = VerdictNotApplicable
			}
			continue
		}
		acc = worse(acc, own[l])
		out[l] = acc
	}
	return out
}

func worse(a, b Verdict) Verdict {
	if a == VerdictFail || b == VerdictFail {
		return VerdictFail
	}
	if a == VerdictUnknown || b == VerdictUnknown {
		return VerdictUnknown
	}
	return VerdictPass
}

// AchievedLevel is the highest ladder level that passes, or "none". A
// not_applicable level is stepped over: it neither counts as achieved nor
// stops the levels above it.
func AchievedLevel(v map[Level]Verdict) string {
	achieved := "none"
	for _, l := range Ladder {
		if v[l] == VerdictNotApplicable {
			continue
		}
		if v[l] != VerdictPass {
			break
		}
		achieved = string(l)
	}
	return achieved
}
