// Package table writes the report for people: a fleet's summary line per
// deployment, then per deployment a verdict line, severity totals, what was
// read and the level ladder, then one row per failing, warning or unknown
// check: status, severity, id, the first resources ("es01, es02, +28") and
// the reason, on one line, and the fix on the next. --verbose expands every
// resource. The layout fits the given width and uses no box drawing; a row
// is never wrapped, so that piped output greps line by line.
package table

import (
	"fmt"
	"io"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/termtext"
)

// Options tune the table.
type Options struct {
	// Color enables ANSI colours (only on a terminal and never with NO_COLOR:
	// the caller decides).
	Color bool
	// Verbose lists every resource of a check, passing and not-applicable
	// checks and every file read; otherwise they are counted.
	Verbose bool
	// Width is the number of columns to fit: rows are cut to it and other
	// text is wrapped. 0 fits no width (a pipe or a file without $COLUMNS):
	// nothing is cut or wrapped.
	Width int
	// OneLine keeps every finding on one line with --verbose too (stdout is
	// not a terminal: grep must see status, check, resource and message
	// together). Without it --verbose wraps messages to the width.
	OneLine bool
	// Scrub, when set, masks secrets in text before it is cut or wrapped
	// to the width: a secret cut or broken over two lines would no longer
	// be recognised by the scrub of the whole output.
	Scrub func(string) string
}

// Write renders the report.
func Write(w io.Writer, r *finding.Report, opts Options) error {
	if opts.Width < 0 {
		opts.Width = 0
	}
	if opts.Width > 0 && opts.Width < 40 {
		opts.Width = 40
	}
	t := &writer{w: w, p: painter{on: opts.Color}, opts: opts, rules: finding.RulesByID(r.Rules), baseline: r.Baseline != nil}
	if b := r.Baseline; b != nil {
		t.wrapped("", "  ", fmt.Sprintf("Baseline %s: %d new %s, %d fixed, %d known (not listed; the levels count them).",
			safe(b.Path), b.New, plural(b.New, "problem", "problems"), b.Fixed, b.Known), 0)
		t.line("")
	}
	if len(r.Deployments) > 1 {
		t.fleetSummary(r)
	}
	for i, d := range r.Deployments {
		if i > 0 || len(r.Deployments) > 1 {
			t.line("")
		}
		t.deployment(d, forDeployment(r.Findings, d.Name), r.TargetLevel)
	}
	t.fixed(r.Fixed)
	t.errors(r.Errors)
	s := r.Summary
	t.line("")
	total := fmt.Sprintf("%d findings: %d fail, %d warn, %d unknown, %d pass, %d n/a",
		s.Pass+s.Fail+s.Warn+s.Unknown+s.NotApplicable, s.Fail, s.Warn, s.Unknown, s.Pass, s.NotApplicable)
	if s.Suppressed > 0 {
		total += fmt.Sprintf(", %d waived", s.Suppressed)
	}
	if !t.opts.Verbose {
		// Passes and not-applicable findings are counted, not listed.
		total += " (--verbose for all)"
	}
	t.wrapped("", "", total+".", 0)
	return t.err
}

// writer carries the output state; the first write error sticks.
type writer struct {
	w     io.Writer
	p     painter
	opts  Options
	rules map[string]finding.Rule
	// baseline is set when findings hold only what is new since a
	// --baseline report.
	baseline bool
	err      error
}

func (t *writer) line(s string) {
	if t.err == nil {
		_, t.err = fmt.Fprintln(t.w, s)
	}
}

// wrapped prints text wrapped to the width: the first line after first, the
// others after indent (max lines, 0 for all). Without a width it is one line.
func (t *writer) wrapped(first, indent, text string, max int) {
	if t.opts.Scrub != nil {
		// Before the text is broken over lines (see Options.Scrub).
		first, text = t.opts.Scrub(first), t.opts.Scrub(text)
	}
	if t.opts.Width == 0 {
		t.line(first + text)
		return
	}
	if visibleWidth(first) > t.opts.Width-20 {
		// A label too wide for the layout gets a line of its own.
		t.line(clip(strings.TrimRight(first, " "), t.opts.Width))
		first = indent
	}
	lines := wrapHanging(text, t.opts.Width-visibleWidth(first), t.opts.Width-visibleWidth(indent), max)
	for i, l := range lines {
		if i == 0 {
			t.line(first + l)
			continue
		}
		t.line(indent + l)
	}
}

// cut prints prefix and text on one line, text cut to what the width leaves.
func (t *writer) cut(prefix, text string) {
	if t.opts.Scrub != nil {
		prefix, text = t.opts.Scrub(prefix), t.opts.Scrub(text)
	}
	if t.opts.Width == 0 {
		t.line(prefix + text)
		return
	}
	room := t.opts.Width - visibleWidth(prefix)
	if room < 10 {
		t.line(clip(prefix+text, t.opts.Width))
		return
	}
	t.line(prefix + clip(text, room))
}

// safe escapes text that came from the audited deployment.
func safe(s string) string { return termtext.Escape(s) }

// errors lists the evidence that could not be collected. Without
// --verbose an error repeated in many places (one unset variable in every
// node's file) is one line with its first places and how many more.
func (t *writer) errors(errs []finding.Error) {
	if len(errs) == 0 {
		return
	}
	t.line("")
	t.line(t.p.bold("Evidence that could not be collected:"))
	if t.opts.Verbose {
		for _, e := range errs {
			t.errorLine(describeError(e, nil))
		}
		return
	}
	type group struct {
		first  finding.Error
		places []string
	}
	byKey := map[string]*group{}
	var order []*group
	for _, e := range errs {
		key := e.Source + "\x00" + e.Deployment + "\x00" + e.Message
		g := byKey[key]
		if g == nil {
			g = &group{first: e}
			byKey[key] = g
			order = append(order, g)
		}
		if w := e.Where(); w != "" {
			g.places = append(g.places, w)
		}
	}
	for _, g := range order {
		t.errorLine(describeError(g.first, g.places))
	}
}

// errorLine prints one error: wrapped on a terminal, one line in a pipe.
func (t *writer) errorLine(text string) {
	if t.opts.OneLine {
		t.cut("  ! ", text)
		return
	}
	t.wrapped("  ! ", "    ", text, 0)
}

// describeError words an error; places, when given, replace its own place:
// "(file1:3)" for one, "(3 places: file1:3, file2:3, +1)" for more.
func describeError(e finding.Error, places []string) string {
	s := safe(e.Source)
	if e.Deployment != "" {
		s += " (" + safe(e.Deployment) + ")"
	}
	s += ": " + safe(e.Message)
	if places == nil {
		if where := e.Where(); where != "" {
			places = []string{where}
		}
	}
	switch {
	case len(places) == 1:
		s += " (" + safe(places[0]) + ")"
	case len(places) > 1:
		shown := []string{safe(places[0]), safe(places[1])}
		if len(places) == 3 {
			shown = append(shown, safe(places[2]))
		} else if len(places) > 3 {
			shown = append(shown, fmt.Sprintf("+%d", len(places)-2))
		}
		s += fmt.Sprintf(" (%d places: %s)", len(places), strings.Join(shown, ", "))
	}
	return s
}

// forDeployment is a deployment's findings: the report's own run of them
// (finding.OfDeployment), which the table only reads.
func forDeployment(all []finding.Finding, name string) []finding.Finding {
	return finding.OfDeployment(all, name)
}

// fleetSummary prints one line per deployment before the details.
func (t *writer) fleetSummary(r *finding.Report) {
	t.line(t.p.bold(fmt.Sprintf("%d deployments", len(r.Deployments))))
	for _, d := range r.Deployments {
		target := targetOf(d, r.TargetLevel)
		fs := forDeployment(r.Findings, d.Name)
		t.cut("  "+safe(d.Name)+": "+t.targetVerdict(d, target)+"; ", shortTotals(fs))
	}
}

func targetOf(d finding.DeploymentResult, run finding.Level) finding.Level {
	if d.TargetLevel != "" {
		return d.TargetLevel
	}
	return run
}

// targetVerdict says in a few words whether the deployment meets its target.
func (t *writer) targetVerdict(d finding.DeploymentResult, target finding.Level) string {
	if d.NotAudited != "" {
		return t.p.red("NOT AUDITED") + ": " + safe(d.NotAudited)
	}
	switch d.Levels[target] {
	case finding.VerdictPass:
		return t.p.green("meets "+string(target)) + " (achieved " + d.AchievedLevel + ")"
	case finding.VerdictFail:
		return t.p.red(string(target)+" NOT MET") + " (achieved " + d.AchievedLevel + ")"
	case finding.VerdictNotApplicable:
		return t.p.green(string(target)+" not applicable") + " (achieved " + d.AchievedLevel + ")"
	}
	return t.p.yellow(string(target)+" UNKNOWN") + " (achieved " + d.AchievedLevel + ")"
}

// shortTotals counts failures by severity (like trivy), warnings, unknowns
// and waived findings; passes and not-applicable ones are counted where
// they are left out of the list, and in the run's closing line.
func shortTotals(fs []finding.Finding) string {
	bySev := map[finding.Severity]int{}
	var fail, warn, unknown, waived int
	for _, f := range fs {
		if f.Suppressed {
			waived++
			continue
		}
		switch f.Status {
		case finding.StatusFail:
			fail++
			bySev[f.Severity]++
		case finding.StatusWarn:
			warn++
		case finding.StatusUnknown:
			unknown++
		}
	}
	var sev []string
	for _, s := range []finding.Severity{finding.SeverityCritical, finding.SeverityHigh, finding.SeverityMedium, finding.SeverityLow} {
		if bySev[s] > 0 {
			sev = append(sev, fmt.Sprintf("%s %d", strings.ToUpper(string(s)), bySev[s]))
		}
	}
	out := fmt.Sprintf("%d fail", fail)
	if len(sev) > 0 {
		out += " (" + strings.Join(sev, ", ") + ")"
	}
	out += fmt.Sprintf(", %d warn, %d unknown", warn, unknown)
	if waived > 0 {
		out += fmt.Sprintf(", %d waived", waived)
	}
	return out
}

// fixed lists the baseline's problems that are fixed now, one line per
// check and deployment, in the columns of the rows.
func (t *writer) fixed(fs []finding.Finding) {
	if len(fs) == 0 {
		return
	}
	t.line("")
	t.line(t.p.bold(fmt.Sprintf("Fixed since the baseline: %d", len(fs))))
	for _, g := range groups(fs) {
		head := t.head(t.p.green("FIXED  "), g)
		t.cut(head, names(g.fs, t.nameRoom(head))+" ["+safe(g.fs[0].Deployment)+"]: "+safe(g.fs[0].Message))
	}
}
