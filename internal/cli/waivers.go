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
// applying and is reported) and judges the levels. With --baseline it then
// keeps only the new problems (and the passes) in the report, lists the
// baseline's problems fixed since, and returns the view to gate on: the
// same report with levels judged on the new problems alone, so that a
// known problem does not fail the run while the report's levels, judged on
// every finding, stay true.
func applyWaiversAndBaseline(o *AuditOptions, e checkLookup, r *finding.Report) (gate *finding.Report, err error) {
	path := o.Ignore
	if path == "" && fileExists(defaultIgnoreFile) {
		path = defaultIgnoreFile
	}
	if path != "" {
		set, err := waiver.Load(path, func(id string) bool { _, ok := e.Check(id); return ok })
		if err != nil {
			return nil, usageError(err)
		}
		var expired []waiver.Expired
		r.Findings, expired = set.Apply(r.Findings, o.Now())
		for _, x := range expired {
			r.Errors = append(r.Errors, x.ReportError())
			o.say("warning", x.Warning())
		}
	}
	audit.Regrade(r)
	if o.Baseline == "" {
		return r, nil
	}
	b, err := baseline.Load(o.Baseline)
	if err != nil {
		return nil, usageError(err)
	}
	var names []string
	for _, d := range r.Deployments {
		names = append(names, d.Name)
	}
	kept, known := b.Split(r.Findings)
	r.Fixed = b.Fixed(r.Findings, names)
	r.Baseline = &finding.BaselineSummary{Path: o.Baseline, GeneratedAt: b.GeneratedAt,
		New: problems(kept), Known: len(known), Fixed: len(r.Fixed)}
	r.Findings = kept
	r.Summary = finding.Summarize(kept)
	view := *r
	view.Deployments = append([]finding.DeploymentResult(nil), r.Deployments...)
	audit.Regrade(&view)
	return &view, nil
}

// problems counts the fail, warn and unknown findings.
func problems(fs []finding.Finding) int {
	n := 0
	for _, f := range fs {
		switch f.Status {
		case finding.StatusFail, finding.StatusWarn, finding.StatusUnknown:
			n++
		}
	}
	return n
}
