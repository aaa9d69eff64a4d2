// Package jsonreport writes the JSON report exactly in the shape DESIGN.md
// fixes (schema_version 1); docs/report.schema.json describes it.
package jsonreport

import (
	"encoding/json"
	"io"

	"github.com/essec-dev/essec/internal/finding"
)

// Write encodes the report, indented, with a trailing newline.
func Write(w io.Writer, r *finding.Report) error {
	out := *r
	if out.Findings == nil {
		out.Findings = []finding.Finding{}
	}
	if out.Errors == nil {
		out.Errors = []finding.Error{}
	}
	if out.Deployments == nil {
		out.Deployments = []finding.DeploymentResult{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
