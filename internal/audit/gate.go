package audit

import "github.com/essec-dev/essec/internal/finding"

// Outcome is what the run means for CI.
type Outcome int

// Outcomes, mapped to exit codes by the CLI.
const (
	OutcomeOK         Outcome = iota // target met, no failure at or above fail-on
	OutcomeFailed                    // a gating failure or the target level not met
	OutcomeIncomplete                // target-level checks unknown, none failed
)

// Gate decides the outcome: every deployment must reach its target level
// (its own required level, else the run's), and no unsuppressed finding may
// fail at or above failOn ("none" disables that gate).
func Gate(r *finding.Report, required map[string]finding.Level) Outcome {
	out := OutcomeOK
	failRank := r.FailOn.Rank()
	for _, f := range r.Findings {
		if f.Suppressed || f.Status != finding.StatusFail || failRank == 0 {
			continue
		}
		if f.Severity.Rank() >= failRank {
			return OutcomeFailed
		}
	}
	for _, d := range r.Deployments {
		target := r.TargetLevel
		if l, ok := required[d.Name]; ok && l != "" {
			target = l
		}
		switch d.Levels[target] {
		case finding.VerdictFail:
			return OutcomeFailed
		case finding.VerdictUnknown:
			out = OutcomeIncomplete
		}
	}
	return out
}
