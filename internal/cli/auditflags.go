package cli

import (
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/essec-dev/essec/internal/finding"
)

// Enumerated flag values: validated where they are parsed, and offered by
// shell completion.
var (
	colorModes = []string{"auto", "always", "never"}
	logFormats = []string{"text", "json"}
	logLevels  = []string{"debug", "info", "warn", "error"}
	levels     = []string{"minimal", "basic", "https"}
	failOns    = []string{"critical", "high", "medium", "low", "none"}
	severities = []string{"critical", "high", "medium", "low"}
)

func fixed(values ...string) cobra.CompletionFunc {
	return cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp)
}

// registerAuditCompletions completes audit's enumerated flags and check ids.
func registerAuditCompletions(cmd *cobra.Command, d *Deps) {
	_ = cmd.RegisterFlagCompletionFunc("level", fixed(levels...))
	_ = cmd.RegisterFlagCompletionFunc("fail-on", fixed(failOns...))
	_ = cmd.RegisterFlagCompletionFunc("severity", fixed(severities...))
	_ = cmd.RegisterFlagCompletionFunc("format", func(_ *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
		return knownFormats, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	})
	ids := func(_ *cobra.Command, _ []string, prefix string) ([]string, cobra.ShellCompDirective) {
		return checkIDCompletions(d, prefix), cobra.ShellCompDirectiveNoFileComp
	}
	_ = cmd.RegisterFlagCompletionFunc("checks", ids)
	_ = cmd.RegisterFlagCompletionFunc("skip-checks", ids)
}

// checkIDCompletions lists the catalogue's ids with their titles; after a
// comma it completes the next id of the list.
func checkIDCompletions(d *Deps, prefix string) []string {
	cat, err := d.loadCatalogue(nil)
	if err != nil {
		return nil
	}
	done, last := "", prefix
	if i := strings.LastIndex(prefix, ","); i >= 0 {
		done, last = prefix[:i+1], prefix[i+1:]
	}
	var out []string
	for _, c := range cat.Checks() {
		if strings.HasPrefix(c.ID, strings.ToUpper(last)) {
			out = append(out, done+c.ID+"\t"+c.Title)
		}
	}
	return out
}

// formatForFile picks the format of -o FILE from its extension.
func formatForFile(file string) string {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".json":
		if strings.Contains(strings.ToLower(filepath.Base(file)), "sast") {
			return "gitlab"
		}
		return "json"
	case ".sarif":
		return "sarif"
	case ".xml":
		return "junit"
	case ".html", ".htm":
		return "html"
	case ".ndjson":
		return "ecs"
	}
	return "table"
}

// quietFormats drops the table on stdout.
func quietFormats(formats []string) []string {
	var out []string
	for _, f := range formats {
		if strings.EqualFold(strings.TrimSpace(f), "table") {
			continue
		}
		out = append(out, f)
	}
	return out
}

// filterSeverity is the report as --severity shows it: the findings below
// the threshold are left out and the summary counts what is shown; levels,
// blockers and the gate keep counting every finding.
func filterSeverity(r *finding.Report, min finding.Severity) *finding.Report {
	if min == "" {
		return r
	}
	view := *r
	view.Findings = nil
	for _, f := range r.Findings {
		if f.Severity.Rank() >= min.Rank() {
			view.Findings = append(view.Findings, f)
		}
	}
	if view.Findings == nil {
		view.Findings = []finding.Finding{}
	}
	view.Summary = finding.Summarize(view.Findings)
	return &view
}
