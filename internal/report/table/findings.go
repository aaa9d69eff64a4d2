package table

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/essec-dev/essec/internal/finding"
)

var statusOrder = map[finding.Status]int{
	finding.StatusFail: 0, finding.StatusWarn: 1, finding.StatusUnknown: 2, finding.StatusPass: 3, finding.StatusNotApplicable: 4,
}

// writeFindings prints one table per level, failures first.
func writeFindings(w io.Writer, p painter, fs []finding.Finding, opts Options) error {
	byLevel := map[finding.Level][]finding.Finding{}
	for _, f := range fs {
		byLevel[f.Level] = append(byLevel[f.Level], f)
	}
	for _, l := range finding.Levels {
		group := byLevel[l]
		if len(group) == 0 {
			continue
		}
		sort.SliceStable(group, func(i, j int) bool {
			a, b := group[i], group[j]
			if statusOrder[a.Status] != statusOrder[b.Status] {
				return statusOrder[a.Status] < statusOrder[b.Status]
			}
			if a.Severity.Rank() != b.Severity.Rank() {
				return a.Severity.Rank() > b.Severity.Rank()
			}
			if a.CheckID != b.CheckID {
				return a.CheckID < b.CheckID
			}
			return a.Resource.Name < b.Resource.Name
		})
		var shown []finding.Finding
		hidden := 0
		for _, f := range group {
			if !opts.Verbose && (f.Status == finding.StatusPass || f.Status == finding.StatusNotApplicable) && !f.Suppressed {
				hidden++
				continue
			}
			shown = append(shown, f)
		}
		fmt.Fprintf(w, "%s\n", p.bold("Level "+string(l)))
		if len(shown) > 0 {
			if err := writeGroup(w, p, shown, opts.Width); err != nil {
				return err
			}
		}
		if hidden > 0 {
			fmt.Fprintf(w, "  %d passed or not applicable (show them with --verbose)\n", hidden)
		}
		fmt.Fprintln(w)
	}
	return nil
}

func writeGroup(w io.Writer, p painter, fs []finding.Finding, width int) error {
	msgWidth := width - 60
	if msgWidth < 40 {
		msgWidth = 40
	}
	t := tablewriter.NewTable(w,
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithRowAutoWrap(tw.WrapNormal),
		tablewriter.WithColumnWidths(tw.NewMapper[int, int]().Set(4, msgWidth)),
	)
	t.Header("Status", "Check", "Severity", "Resource", "Finding")
	for _, f := range fs {
		status := p.status(f.Status)
		if f.Suppressed {
			status += " (waived)"
		}
		if err := t.Append(status, f.CheckID, string(f.Severity), resourceLabel(f.Resource), breakLongWords(f.Message, msgWidth-2)); err != nil {
			return err
		}
	}
	return t.Render()
}

func resourceLabel(r finding.Resource) string {
	switch r.Kind {
	case "node", "":
		return r.Name
	case "file", "certificate":
		// Long paths: the file name and its directory say enough here;
		// the message and the JSON report carry the full path.
		if strings.Count(r.Name, "/") > 1 {
			return r.Kind + " …/" + filepath.Base(filepath.Dir(r.Name)) + "/" + filepath.Base(r.Name)
		}
	}
	return r.Kind + " " + r.Name
}

// breakLongWords splits words longer than width (file paths) into lines of
// width, so word wrapping never cuts them off; other words are left to the
// table's own wrapping.
func breakLongWords(s string, width int) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		if len([]rune(w)) <= width {
			continue
		}
		var b strings.Builder
		r := []rune(w)
		for len(r) > width {
			b.WriteString(string(r[:width]))
			b.WriteString("\n")
			r = r[width:]
		}
		b.WriteString(string(r))
		words[i] = b.String()
	}
	return strings.Join(words, " ")
}
