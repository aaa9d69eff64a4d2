package sarif

import (
	"fmt"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/essec-dev/essec/internal/finding"
)

// securitySeverity is GitHub's numeric severity; it must be a string.
func securitySeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical:
		return "9.5"
	case finding.SeverityHigh:
		return "8.0"
	case finding.SeverityMedium:
		return "5.5"
	}
	return "3.0"
}

// level maps a severity to a SARIF level.
func level(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical, finding.SeverityHigh:
		return sarif.LevelError
	case finding.SeverityMedium:
		return sarif.LevelWarning
	}
	return sarif.LevelNote
}

// addRules adds one rule per catalogue entry, then one for each check that
// has findings but no catalogue entry (a user policy without metadata in the
// catalogue), so every result's ruleIndex points at a rule. It returns the
// rule index by check id.
func addRules(run *sarif.Run, r *finding.Report) map[string]int {
	index := map[string]int{}
	add := func(rule finding.Rule) {
		if _, ok := index[rule.ID]; ok {
			return
		}
		index[rule.ID] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.AddRule(descriptor(rule))
	}
	for _, rule := range r.Rules {
		add(rule)
	}
	for _, f := range r.Findings {
		add(ruleFromFinding(f))
	}
	return index
}

func ruleFromFinding(f finding.Finding) finding.Rule {
	return finding.Rule{
		ID: f.CheckID, Title: f.Title, Description: f.Title, Level: f.Level,
		Severity: f.Severity, Component: f.Component, Remediation: f.Remediation.ID,
		RemediationText: f.Remediation.Summary, References: f.References,
	}
}

func descriptor(rule finding.Rule) *sarif.ReportingDescriptor {
	d := sarif.NewRule(rule.ID)
	d.ShortDescription = sarif.NewMultiformatMessageString().WithText(rule.Title)
	desc := rule.Description
	if desc == "" {
		desc = rule.Title
	}
	d.FullDescription = sarif.NewMultiformatMessageString().WithText(desc)
	d.Help = sarif.NewMultiformatMessageString().
		WithText(helpText(rule)).
		WithMarkdown(helpMarkdown(rule))
	if len(rule.References) > 0 {
		d.WithHelpURI(rule.References[0])
	}
	d.DefaultConfiguration = sarif.NewReportingConfiguration().WithLevel(level(rule.Severity))
	props := sarif.NewPropertyBag()
	seen := map[string]bool{}
	// The schema wants unique tags; level and component can both be "kibana".
	for _, tag := range []string{"security", string(rule.Level), rule.Component} {
		if tag != "" && !seen[tag] {
			seen[tag] = true
			props.AddTag(tag)
		}
	}
	props.Add("security-severity", securitySeverity(rule.Severity))
	d.WithProperties(props)
	return d
}

func fixCommand(rule finding.Rule) string {
	if rule.Remediation == "" || !rule.Automated {
		return ""
	}
	return "essec fix --checks " + rule.ID
}

func helpText(rule finding.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s, level %s)\n\n", rule.Title, rule.Severity, rule.Level)
	if rule.Description != "" {
		fmt.Fprintf(&b, "Why it matters: %s\n\n", rule.Description)
	}
	if rule.RemediationText != "" {
		fmt.Fprintf(&b, "How to fix: %s\n\n", rule.RemediationText)
	}
	if cmd := fixCommand(rule); cmd != "" {
		fmt.Fprintf(&b, "Automated fix: %s (remediation module %s)\n\n", cmd, rule.Remediation)
	}
	if len(rule.References) > 0 {
		fmt.Fprintf(&b, "Documentation: %s\n", strings.Join(rule.References, " "))
	}
	return strings.TrimRight(b.String(), "\n")
}

func helpMarkdown(rule finding.Rule) string {
	var b strings.Builder
	fmt.Fprintf(&b, "**%s** (%s, level `%s`)\n\n", rule.Title, rule.Severity, rule.Level)
	if rule.Description != "" {
		fmt.Fprintf(&b, "### Why it matters\n\n%s\n\n", rule.Description)
	}
	if rule.RemediationText != "" {
		fmt.Fprintf(&b, "### How to fix\n\n%s\n\n", rule.RemediationText)
	}
	if cmd := fixCommand(rule); cmd != "" {
		fmt.Fprintf(&b, "essec can apply the fix (remediation module `%s`):\n\n```sh\n%s\n```\n\n", rule.Remediation, cmd)
	}
	if len(rule.References) > 0 {
		b.WriteString("### Documentation\n\n")
		for _, ref := range rule.References {
			fmt.Fprintf(&b, "- <%s>\n", ref)
		}
	}
	return strings.TrimRight(b.String(), "\n")
}
