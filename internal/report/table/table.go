// Package table writes the human-readable terminal report: per deployment the
// level ladder, then the findings grouped by level, failures first.
package table

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/essec-dev/essec/internal/finding"
)

// Options tune the table.
type Options struct {
	// Color enables ANSI colours (only on a terminal and never with NO_COLOR:
	// the caller decides).
	Color bool
	// Verbose lists passing and not-applicable findings too; otherwise they
	// are counted.
	Verbose bool
	// Width is the terminal width used to wrap messages (0: 120).
	Width int
}

// Write renders the report.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	p := painter{on: opts.Color}
	if opts.Width <= 0 {
		opts.Width = 120
	}
	for i, d := range r.Deployments {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fs := forDeployment(r.Findings, d.Name)
		if err := writeDeployment(w, p, d, fs, r.TargetLevel, opts); err != nil {
			return err
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.bold("Evidence that could not be collected:"))
		for _, e := range r.Errors {
			fmt.Fprintf(w, "  %s %s\n", p.yellow("!"), describeError(e))
		}
	}
	s := r.Summary
	fmt.Fprintf(w, "\n%d findings: %s failed, %s warned, %s unknown, %d passed, %d not applicable",
		s.Pass+s.Fail+s.Warn+s.Unknown+s.NotApplicable, p.red(fmt.Sprint(s.Fail)), p.yellow(fmt.Sprint(s.Warn)),
		p.yellow(fmt.Sprint(s.Unknown)), s.Pass, s.NotApplicable)
	if s.Suppressed > 0 {
		fmt.Fprintf(w, ", %d waived", s.Suppressed)
	}
	fmt.Fprintln(w, ".")
	return nil
}

func describeError(e finding.Error) string {
	if where := e.Where(); where != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Source, e.Message, where)
	}
	return fmt.Sprintf("%s: %s", e.Source, e.Message)
}

func forDeployment(all []finding.Finding, name string) []finding.Finding {
	var out []finding.Finding
	for _, f := range all {
		if f.Deployment == name {
			out = append(out, f)
		}
	}
	return out
}

func writeDeployment(w io.Writer, p painter, d finding.DeploymentResult, fs []finding.Finding, target finding.Level, opts Options) error {
	title := "Deployment " + d.Name
	if d.Version != "" {
		title += " (Elasticsearch " + d.Version + ")"
	}
	fmt.Fprintln(w, p.bold(title))
	fmt.Fprintf(w, "Achieved level: %s (target: %s)\n\n", p.bold(d.AchievedLevel), target)
	if err := writeLadder(w, p, d, fs); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return writeFindings(w, p, fs, opts)
}

func writeLadder(w io.Writer, p painter, d finding.DeploymentResult, fs []finding.Finding) error {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithRowAutoWrap(tw.WrapNormal))
	t.Header("Level", "Verdict", "What blocks it")
	for i, l := range finding.Levels {
		v := d.Levels[l]
		why := blockers(fs, l)
		// A ladder level fails or is unknown because of a level below.
		if why == "" && v != finding.VerdictPass && l.LadderIndex() > 0 {
			why = "the level below (" + string(finding.Levels[i-1]) + ") is not met"
		}
		if err := t.Append(string(l), p.verdict(v), why); err != nil {
			return err
		}
	}
	return t.Render()
}

// blockers lists the check ids of one level (not the levels below) that keep
// it from passing: failures, else unknowns.
func blockers(fs []finding.Finding, l finding.Level) string {
	fails, unknowns := map[string]bool{}, map[string]bool{}
	for _, f := range fs {
		if f.Level != l || f.Suppressed {
			continue
		}
		switch f.Status {
		case finding.StatusFail:
			fails[f.CheckID] = true
		case finding.StatusUnknown:
			unknowns[f.CheckID] = true
		}
	}
	switch {
	case len(fails) > 0:
		return "failed: " + joinIDs(fails)
	case len(unknowns) > 0:
		return "unknown: " + joinIDs(unknowns)
	}
	return ""
}

func joinIDs(m map[string]bool) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) > 8 {
		return strings.Join(ids[:8], ", ") + fmt.Sprintf(" and %d more", len(ids)-8)
	}
	return strings.Join(ids, ", ")
}
