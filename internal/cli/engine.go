package cli

import (
	"context"
	"log/slog"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/policies"
)

// loadModules reads the embedded catalogue plus the user's policy dirs.
func loadModules(dirs []string) ([]policy.Module, error) {
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		return nil, err
	}
	for _, d := range dirs {
		extra, err := policy.ReadDir(d)
		if err != nil {
			return nil, usageError(err)
		}
		mods = append(mods, extra...)
	}
	return mods, nil
}

// loadEngine compiles the checks and prepares the query: once per run.
func (d *Deps) loadEngine(ctx context.Context, dirs []string, log *slog.Logger) (*policy.Engine, error) {
	d.enginesBuilt++
	mods, err := loadModules(dirs)
	if err != nil {
		return nil, err
	}
	e, err := policy.NewEngine(ctx, mods, log)
	if err != nil {
		return nil, usageError(err)
	}
	return e, nil
}

// rules converts the engine's catalogue for reports.
func rules(e *policy.Engine) []finding.Rule {
	out := make([]finding.Rule, 0, len(e.Checks()))
	for _, c := range e.Checks() {
		out = append(out, finding.Rule{
			ID: c.ID, Title: c.Title, Description: c.Description, Level: c.Level, Severity: c.Severity,
			Component: c.Component, Remediation: c.Remediation, RemediationText: c.RemediationText, References: c.References,
		})
	}
	return out
}
