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
	fs       []*finding.Finding // the report's own findings, not copies
}

func groups(fs []finding.Finding) []*group {
	type groupKey struct {
		deployment, check string
		status            finding.Status
		suppressed        bool
	}
	byKey := map[groupKey]*group{}
	var out []*group
	for i := range fs {
		f := &fs[i]
		key := groupKey{f.Deployment, f.CheckID, f.Status, f.Suppressed}
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
// --verbose per passing and not-applicable one); the closing line counts
// the rest.
func (t *writer) checks(fs []finding.Finding) {
	first := true
	for _, g := range groups(fs) {
		quiet := g.status == finding.StatusPass || g.status == finding.StatusNotApplicable
		if quiet && !g.waived && !t.opts.Verbose {
			continue
		}
		if first {
			t.line("")
			first = false
		}
		t.row(g)
	}
}

// indent starts the lines that belong to the row above (fix, waiver).
const indent = "    "

// head is a row's columns: status, severity and check id, aligned when the
// width leaves room, single-spaced in a narrow layout.
func (t *writer) head(status string, g *group) string {
	if t.narrow() {
		return strings.TrimRight(status, " ") + " " + string(g.severity) + " " + g.id + " "
	}
	return fmt.Sprintf("%s %-8s %-9s ", status, g.severity, g.id)
}

// narrow is a width under which aligned columns leave too little room for
// the resources and the reason.
func (t *writer) narrow() bool { return t.opts.Width > 0 && t.opts.Width < 72 }

// nameRoom is the columns the resource names may take after head: half of
// what the line leaves, so that the reason shows too.
func (t *writer) nameRoom(head string) int {
	if t.opts.Width == 0 {
		return 60
	}
	return max(16, (t.opts.Width-visibleWidth(head))/2)
}

// row prints one check. In a pipe it is one line ("FAIL critical BAS-01
// es01, es02, +28: reason", cut only to a $COLUMNS width) and, for a
// failure, its fix on the next; on a terminal the reason gets a line of its
// own so that it can be read at 80 columns. With --verbose every resource
// has its line with the same columns, so grep finds each one.
func (t *writer) row(g *group) {
	status := t.p.status(g.status)
	if g.waived {
		status = "WAIVED "
	}
	head := t.head(status, g)
	fix := ""
	if g.status == finding.StatusFail || t.opts.Verbose {
		// Without --verbose only failures carry their fix, so that a
		// fleet's table stays a page long.
		fix = t.fix(g)
	}
	switch {
	case t.opts.Verbose:
		for _, f := range g.fs {
			label := head + resourceLabel(f.Resource) + ": "
			if t.opts.OneLine {
				t.line(label + safe(f.Message))
				continue
			}
			t.wrapped(label, indent+"  ", safe(f.Message), 0)
		}
	case t.opts.OneLine:
		t.cut(head, names(g.fs, t.nameRoom(head))+": "+safe(g.fs[0].Message))
	default:
		first := head + names(g.fs, t.nameRoom(head))
		if cmd := "  fix: " + fix; strings.HasPrefix(fix, "essec fix ") && visibleWidth(first+cmd) <= t.opts.Width {
			// A fix command fits on the row's line: one line less.
			first, fix = first+cmd, ""
		}
		t.cut(first, "")
		t.cut(indent, safe(g.fs[0].Message))
	}
	if fix != "" {
		t.detail(indent+"fix: ", fix)
	}
	if g.waived && g.fs[0].Waiver != nil {
		t.detail(indent+"waived: ", safe(g.fs[0].Waiver.Reason))
	}
}

// detail prints a line under a row: cut to the width, or with --verbose
// wrapped in full (one line when OneLine).
func (t *writer) detail(label, text string) {
	switch {
	case !t.opts.Verbose:
		t.cut(label, text)
	case t.opts.OneLine:
		t.line(label + text)
	default:
		t.wrapped(label, strings.Repeat(" ", visibleWidth(label)), text, 0)
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

// names lists the resources: all of them up to three, else the first two
// and how many more ("es01, es02, +28"), within width columns.
func names(fs []*finding.Finding, width int) string {
	seen := map[string]bool{}
	var labels []string
	for _, f := range fs {
		l := resourceLabel(f.Resource)
		if !seen[l] {
			seen[l] = true
			labels = append(labels, l)
		}
	}
	show := len(labels)
	if show > 3 {
		show = 2
	}
	for ; show > 0; show-- {
		out := strings.Join(labels[:show], ", ")
		if rest := len(labels) - show; rest > 0 {
			out += fmt.Sprintf(", +%d", rest)
		}
		if runewidth.StringWidth(out) <= width || show == 1 {
			if runewidth.StringWidth(out) > width {
				more := fmt.Sprintf(", +%d", len(labels)-1)
				if len(labels) == 1 {
					more = ""
				}
				return clip(labels[0], max(4, width-len(more))) + more
			}
			return out
		}
	}
	return ""
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
