package table

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mattn/go-runewidth"

	"github.com/essec-dev/essec/internal/finding"
)

var statusOrder = map[finding.Status]int{
	finding.StatusFail: 0, finding.StatusWarn: 1, finding.StatusUnknown: 2, finding.StatusPass: 3, finding.StatusNotApplicable: 4,
}

// group is one check with one status (waived findings apart) and the
// resources it concerns, in report order.
type group struct {
	id       string
	status   finding.Status
	severity finding.Severity
	waived   bool
	fs       []finding.Finding
}

func groups(fs []finding.Finding) []*group {
	byKey := map[string]*group{}
	var out []*group
	for _, f := range fs {
		key := fmt.Sprintf("%s\x00%s\x00%t", f.CheckID, f.Status, f.Suppressed)
		g := byKey[key]
		if g == nil {
			g = &group{id: f.CheckID, status: f.Status, severity: f.Severity, waived: f.Suppressed}
			byKey[key] = g
			out = append(out, g)
		}
		g.fs = append(g.fs, f)
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.waived != b.waived {
			return !a.waived
		}
		if statusOrder[a.status] != statusOrder[b.status] {
			return statusOrder[a.status] < statusOrder[b.status]
		}
		if a.severity.Rank() != b.severity.Rank() {
			return a.severity.Rank() > b.severity.Rank()
		}
		return a.id < b.id
	})
	for _, g := range out {
		sort.SliceStable(g.fs, func(i, j int) bool { return g.fs[i].Resource.Name < g.fs[j].Resource.Name })
	}
	return out
}

// checks prints a row per failing, warning or unknown check (and with
// --verbose per passing and not-applicable one); without --verbose the rest
// is counted.
func (t *writer) checks(fs []finding.Finding) {
	hidden := map[finding.Status]int{}
	first := true
	for _, g := range groups(fs) {
		quiet := g.status == finding.StatusPass || g.status == finding.StatusNotApplicable
		if quiet && !g.waived && !t.opts.Verbose {
			hidden[g.status] += len(g.fs)
			continue
		}
		if first {
			t.line("")
			first = false
		}
		t.row(g)
	}
	if hidden[finding.StatusPass]+hidden[finding.StatusNotApplicable] > 0 {
		t.line("")
		t.wrapped("", "", fmt.Sprintf("%d passed and %d not applicable findings are not listed (--verbose lists them).",
			hidden[finding.StatusPass], hidden[finding.StatusNotApplicable]), 0)
	}
}

// row prints one check: a head line that greps ("FAIL critical BAS-01
// es01, es02, +28: reason"), the reason once, and the fix.
func (t *writer) row(g *group) {
	status := t.p.status(g.status)
	if g.waived {
		status = "WAIVED "
	}
	head := fmt.Sprintf("%s %-8s %-9s ", status, g.severity, g.id)
	headW := 7 + 1 + 8 + 1 + 9 + 1
	const indent = "    "
	if t.opts.Verbose {
		t.line(clip(head+fmt.Sprintf("%d %s", len(g.fs), plural(len(g.fs), "resource", "resources")), t.opts.Width))
		for _, f := range g.fs {
			t.wrapped(indent+resourceLabel(f.Resource)+": ", indent+"  ", safe(f.Message), 0)
		}
	} else {
		text := names(g.fs, t.opts.Width-headW) + ": " + safe(g.fs[0].Message)
		t.wrapped(head, indent, text, 2)
	}
	// Without --verbose only failures carry their fix, on one line, so that
	// a fleet's table stays a page long.
	if g.status == finding.StatusFail || t.opts.Verbose {
		if fix := t.fix(g); fix != "" {
			max := 1
			if t.opts.Verbose {
				max = 0
			}
			t.wrapped(indent+"fix: ", indent+"     ", fix, max)
		}
	}
	if g.waived && g.fs[0].Waiver != nil {
		t.wrapped(indent+"waived: ", indent+"  ", safe(g.fs[0].Waiver.Reason), 1)
	}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// fix is the remediation: the essec fix command when a module repairs the
// check, else the catalogue's text.
func (t *writer) fix(g *group) string {
	f := g.fs[0]
	rule, hasRule := t.rules[g.id]
	if f.Remediation.Automated || (hasRule && rule.Automated) {
		return "essec fix --checks " + g.id
	}
	text := f.Remediation.Summary
	if text == "" && hasRule {
		text = rule.RemediationText
	}
	return safe(strings.Join(strings.Fields(text), " "))
}

// names lists the resources that fit in width: "es01, es02, +28".
func names(fs []finding.Finding, width int) string {
	seen := map[string]bool{}
	var labels []string
	for _, f := range fs {
		l := resourceLabel(f.Resource)
		if !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
	}
	out := ""
	for i, l := range labels {
		rest := len(labels) - i - 1
		candidate := l
		if out != "" {
			candidate = out + ", " + l
		}
		more := ""
		if rest > 0 {
			more = fmt.Sprintf(", +%d", rest)
		}
		if i >= 3 || runewidth.StringWidth(candidate+more) > width {
			if out == "" {
				return clip(l, width-len(more)) + more
			}
			return out + fmt.Sprintf(", +%d", len(labels)-i)
		}
		out = candidate
	}
	return out
}

// resourceLabel is a short, escaped name: nodes by name, files by their
// directory and base name (the message and JSON carry the full path).
func resourceLabel(r finding.Resource) string {
	name := safe(r.Name)
	switch r.Kind {
	case "node", "":
		return name
	case "file", "certificate":
		if strings.Contains(r.Name, "/") {
			return filepath.Base(filepath.Dir(name)) + "/" + filepath.Base(name)
		}
	}
	return r.Kind + " " + name
}
