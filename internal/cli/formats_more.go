package cli

import (
	"fmt"
	"io"
	"os"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/ecs"
	"github.com/essec-dev/essec/internal/report/junit"
	"github.com/essec-dev/essec/internal/report/sarif"
)

// renderMore writes the CI and compliance formats.
func renderMore(w io.Writer, o *AuditOptions, r *finding.Report, s formatSpec) error {
	switch s.Format {
	case "sarif":
		base, _ := os.Getwd()
		return sarif.Write(w, r, sarif.Options{BaseDir: base, IncludeWaived: o.IncludeWaived})
	case "junit":
		return junit.Write(w, r, junit.Options{})
	case "ecs":
		return ecs.Write(w, r, ecs.Options{Now: o.Now})
	case "html":
		return renderHTML(w, r)
	}
	return fmt.Errorf("unknown format %q", s.Format)
}
