package junit

import (
	"fmt"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
)

func testCase(f finding.Finding, name string, rule finding.Rule) TestCase {
	tc := TestCase{Name: name, Classname: "essec." + string(f.Level), Time: "0"}
	switch {
	case f.Suppressed:
		tc.Skipped = &Skipped{Message: waivedMessage(f)}
	case f.Status == finding.StatusFail:
		tc.Failure = &Failure{Message: f.Message, Type: string(f.Severity), Body: cdata(failureBody(f, rule)).Text}
	case f.Status == finding.StatusUnknown:
		tc.Skipped = &Skipped{Message: "unknown: " + f.Message}
	case f.Status == finding.StatusNotApplicable:
		tc.Skipped = &Skipped{Message: "not applicable: " + f.Message}
	case f.Status == finding.StatusWarn:
		tc.SystemOut = cdata("warning: " + f.Message)
	}
	return tc
}

func waivedMessage(f finding.Finding) string {
	msg := "waived (" + string(f.Status) + ")"
	if f.Waiver == nil {
		return msg
	}
	msg += ": " + f.Waiver.Reason
	var extra []string
	if f.Waiver.Owner != "" {
		extra = append(extra, "owner "+f.Waiver.Owner)
	}
	if f.Waiver.Expires != "" {
		extra = append(extra, "expires "+f.Waiver.Expires)
	}
	if len(extra) > 0 {
		msg += " (" + strings.Join(extra, ", ") + ")"
	}
	return msg
}

// failureBody says how to fix the failure and where.
func failureBody(f finding.Finding, rule finding.Rule) string {
	var b strings.Builder
	fix := rule.RemediationText
	if fix == "" {
		fix = f.Remediation.Summary
	}
	if fix != "" {
		b.WriteString(fix + "\n")
	}
	if f.Remediation.Automated {
		fmt.Fprintf(&b, "Automated fix: essec fix --checks %s\n", f.CheckID)
	}
	if loc := location(f); loc != "" {
		b.WriteString("Location: " + loc + "\n")
	}
	refs := f.References
	if len(refs) == 0 {
		refs = rule.References
	}
	for _, ref := range refs {
		b.WriteString("See " + ref + "\n")
	}
	return b.String()
}

func location(f finding.Finding) string {
	switch {
	case f.Resource.File != "" && f.Resource.Line > 0:
		return fmt.Sprintf("%s:%d", f.Resource.File, f.Resource.Line)
	case f.Resource.File != "":
		return f.Resource.File
	}
	return f.Resource.Endpoint
}

// caseNames gives every finding a name unique in the whole document, so
// tools that key test history by class and name (GitLab does) never merge
// two findings. The name is "<check> <resource>"; findings that share it
// get their setting added, then their deployment, then a counter.
func caseNames(fs []finding.Finding) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		res := f.Resource.Name
		if res == "" {
			res = f.Resource.Kind
		}
		names[i] = strings.TrimSpace(f.CheckID + " " + res)
	}
	refine(names, func(i int) string { return fs[i].Setting })
	refine(names, func(i int) string { return "[" + fs[i].Deployment + "]" })
	used := map[string]bool{}
	for _, n := range names {
		used[n] = false
	}
	// next is the counter to try first for a repeated name: names are only
	// ever taken, so the counters below it stay taken, and k findings with
	// one name cost k tries rather than k²/2.
	next := map[string]int{}
	for i, n := range names {
		if !used[n] {
			used[n] = true
			continue
		}
		for c := max(next[n], 2); ; c++ {
			if cand := fmt.Sprintf("%s #%d", n, c); !used[cand] {
				names[i], used[cand] = cand, true
				next[n] = c + 1
				break
			}
		}
	}
	return names
}

// refine appends part(i) to the names of a group of equal names when the
// part tells at least two of them apart.
func refine(names []string, part func(i int) string) {
	groups := map[string][]int{}
	for i, n := range names {
		groups[n] = append(groups[n], i)
	}
	for n, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		parts := map[string]bool{}
		for _, i := range idx {
			parts[part(i)] = true
		}
		if len(parts) < 2 {
			continue
		}
		for _, i := range idx {
			if p := part(i); p != "" && p != "[]" {
				names[i] = n + " " + p
			}
		}
	}
}
