package cli

import (
	"fmt"
	"io"

	"github.com/essec-dev/essec/internal/finding"
)

// renderMore writes the CI and compliance formats.
func renderMore(w io.Writer, o *AuditOptions, r *finding.Report, s formatSpec) error {
	return fmt.Errorf("format %s is not available in this build", s.Format)
}
