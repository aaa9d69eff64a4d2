package sarif

import (
	"fmt"
	"strings"

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
		return LevelError
	case finding.SeverityMedium:
		return LevelWarning
	}
	return LevelNote
}

// addRules adds one rule per check that has a result, from the catalogue
// when it has the check, else from the finding (a user policy), so every
// result's ruleIndex points at a rule. Rules without results are left out:
// they made most of the file's size and GitHub shows only rules with
// alerts. It returns the rule index by check id.
func addRules(d *Driver, r *finding.Report, opts Options) map[string]int {
	catalogue := finding.RulesByID(r.Rules)
	index := map[string]int{}
	for _, f := range r.Findings {
		if _, ok := index[f.CheckID]; ok || !reported(f, opts) {
			continue
		}
		rule, ok := catalogue[f.CheckID]
		if !ok {
			rule = ruleFromFinding(f)
		}
		index[f.CheckID] = len(d.Rules)
		d.Rules = append(d.Rules, descriptor(rule))
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

// MaxDescription is GitHub's limit for a rule's fullDescription (longer
// text is cut by code scanning); the whole text goes to help.
const MaxDescription = 1024

func descriptor(rule finding.Rule) Rule {
	title := rule.Title
	if title == "" {
		title = rule.ID
	}
	desc := rule.Description
	if desc == "" {
		desc = title
	}
	d := Rule{
		ID:                   rule.ID,
		Name:                 ruleName(title),
		ShortDescription:     &Message{Text: shorten(title, MaxDescription)},
		FullDescription:      &Message{Text: shorten(oneParagraph(desc), MaxDescription)},
		Help:                 &Message{Text: helpText(rule), Markdown: helpMarkdown(rule)},
		DefaultConfiguration: &Configuration{Level: level(rule.Severity)},
		Properties: &RuleProperties{
			Precision:        precision(rule),
			SecuritySeverity: securitySeverity(rule.Severity),
			ProblemSeverity:  problemSeverity(rule.Severity),
		},
	}
	if len(rule.References) > 0 {
		d.HelpURI = rule.References[0]
	}
	seen := map[string]bool{}
	// The schema wants unique tags; level and component can both be "kibana".
	for _, tag := range []string{"security", string(rule.Level), rule.Component} {
		if tag != "" && !seen[tag] {
			seen[tag] = true
			d.Properties.Tags = append(d.Properties.Tags, tag)
		}
	}
	return d
}

// ruleName is the title as an identifier: "Transport TLS enabled on every
// node" becomes "TransportTLSEnabledOnEveryNode".
func ruleName(title string) string {
	var b strings.Builder
	for _, w := range strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

// precision is how often a result of the check is a true problem: checks
// read settings and files, not heuristics, so "very-high" for the level
// ladder and "high" for advice whose judgement depends on the deployment.
func precision(rule finding.Rule) string {
	if rule.Level.LadderIndex() >= 0 {
		return "very-high"
	}
	return "high"
}

// problemSeverity is the non-security severity GitHub also reads.
func problemSeverity(s finding.Severity) string {
	switch s {
	case finding.SeverityCritical, finding.SeverityHigh:
		return "error"
	case finding.SeverityMedium:
		return "warning"
	}
	return "recommendation"
}

// oneParagraph joins the hard-wrapped lines of catalogue text.
func oneParagraph(s string) string { return strings.Join(strings.Fields(s), " ") }

// shorten keeps s within max characters, cut after the last whole sentence
// that fits (or the last word, with "…").
func shorten(s string, max int) string {
	if len([]rune(s)) <= max {
		return s
	}
	r := []rune(s)[:max]
	cut := string(r)
	if i := strings.LastIndex(cut, ". "); i > max/2 {
		return cut[:i+1]
	}
	r = r[:max-1]
	cut = string(r)
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return cut + "…"
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
