package cli

import (
	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/baseline"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/waiver"
)

// defaultIgnoreFile is read when --ignore is not given and it exists.
const defaultIgnoreFile = ".essecignore.yaml"

// applyWaiversAndBaseline marks waived findings (an expired waiver stops
// applying and is reported) and, with --baseline, keeps only new findings.
func applyWaiversAndBaseline(o *AuditOptions, e checkLookup, r *finding.Report) error {
	path := o.Ignore
	if path == "" && fileExists(defaultIgnoreFile) {
		path = defaultIgnoreFile
	}
	if path != "" {
		set, err := waiver.Load(path, func(id string) bool { _, ok := e.Check(id); return ok })
		if err != nil {
			return usageError(err)
		}
		var expired []waiver.Expired
		r.Findings, expired = set.Apply(r.Findings, o.Now())
		for _, x := range expired {
			r.Errors = append(r.Errors, x.ReportError())
			o.say("warning", x.Warning())
		}
	}
	if o.Baseline != "" {
		b, err := baseline.Load(o.Baseline)
		if err != nil {
			return usageError(err)
		}
		var names []string
		for _, d := range r.Deployments {
			names = append(names, d.Name)
		}
		r.Fixed = b.Fixed(r.Findings, names)
		r.Findings = b.Filter(r.Findings)
	}
	audit.Regrade(r)
	return nil
}
