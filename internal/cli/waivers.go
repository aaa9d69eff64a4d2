package cli

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/essec-dev/essec/internal/finding"
)

// applyWaiversAndBaseline marks waived findings and drops known ones.
func applyWaiversAndBaseline(o *AuditOptions, r *finding.Report) error {
	return nil
}

func exportFindings(ctx context.Context, o *AuditOptions, r *finding.Report, log *slog.Logger) error {
	return fmt.Errorf("--export-es is not available in this build")
}
