package html

import (
	"encoding/json"
	"fmt"
	"html/template"
	"iter"
	"sort"
	"strings"

	"github.com/essec-dev/essec/internal/finding"
)

// view is what the template renders.
type view struct {
	Title       string
	Report      *finding.Report
	Errors      []string
	Deployments []deploymentView
	Statuses    []string
	Levels      []string
	Severities  []string
	Total       int
	CSS         template.CSS
	JS          template.JS
	CSP         string
}

type deploymentView struct {
	Name, Version, Anchor, Achieved string
	Blockers                        []string
	// Banner is the one-line verdict; BannerClass met, notmet or unknown.
	Banner, BannerClass string
	// Rows are failing, warning, unknown and waived findings; Quiet the
	// passing and not-applicable ones, collapsed by default.
	Quiet         rows
	Ladder, Other []levelView
	Counts        counts
	Chart         chart
	Rows          rows
}

// rows are findings in table order, each made a row only while the page
// is written: a fleet's page has tens of thousands, and their rows held
// at once were as big again as the findings.
type rows struct {
	fs    []finding.Finding
	order []int
	rules map[string]finding.Rule
}

// Len is the number of rows.
func (rs rows) Len() int { return len(rs.order) }

// All yields the rows in order.
func (rs rows) All() iter.Seq[row] {
	return func(yield func(row) bool) {
		for _, i := range rs.order {
			if !yield(newRow(rs.fs[i], rs.rules[rs.fs[i].CheckID])) {
				return
			}
		}
	}
}

type levelView struct{ Level, Verdict string }

// counts is a severity by status table of one deployment's findings.
type counts struct {
	Columns []string
	Rows    []countRow
	Totals  []int
}

type countRow struct {
	Severity string
	Cells    []int
}

type row struct {
	Status, Severity, Level, CheckID, Title, Deployment string
	Resource, Location, Setting, Message                string
	Waived                                              bool
	Waiver                                              *finding.Waiver
	Evidence                                            [][2]string
	Remediation, FixCommand                             string
	References                                          []string
	ID                                                  string
}

// statusColumns are the statuses in display order; waived is a column of
// its own because a waived finding counts only as waived.
var statusColumns = []string{"fail", "warn", "unknown", "pass", "not_applicable", "waived"}

func build(r *finding.Report, opts Options) view {
	v := view{Title: opts.Title, Report: r, Statuses: statusColumns, Total: len(r.Findings)}
	if v.Title == "" {
		v.Title = "essec security report"
	}
	for _, l := range finding.Levels {
		v.Levels = append(v.Levels, string(l))
	}
	v.Severities = []string{"critical", "high", "medium", "low"}
	for _, e := range r.Errors {
		v.Errors = append(v.Errors, e.Text())
	}
	rules := finding.RulesByID(r.Rules)
	seen := map[string]bool{}
	var order []string
	for _, d := range r.Deployments {
		order = append(order, d.Name)
		seen[d.Name] = true
	}
	for i := range r.Findings {
		if name := r.Findings[i].Deployment; !seen[name] {
			order = append(order, name)
			seen[name] = true
		}
	}
	for i, name := range order {
		v.Deployments = append(v.Deployments, deployment(r, name, finding.OfDeployment(r.Findings, name), rules, i))
	}
	return v
}

func deployment(r *finding.Report, name string, fs []finding.Finding, rules map[string]finding.Rule, i int) deploymentView {
	d := deploymentView{Name: name, Anchor: fmt.Sprintf("deployment-%d", i+1)}
	verdicts := finding.LevelVerdicts(fs)
	d.Achieved = finding.AchievedLevel(verdicts)
	for _, res := range r.Deployments {
		if res.Name == name {
			d.Version, d.Blockers = res.Version, res.Blockers
			if res.Levels != nil {
				verdicts, d.Achieved = res.Levels, res.AchievedLevel
			}
		}
	}
	for _, l := range finding.Levels {
		lv := levelView{Level: string(l), Verdict: string(verdicts[l])}
		if lv.Verdict == "" {
			lv.Verdict = "unknown"
		}
		if l.LadderIndex() >= 0 {
			d.Ladder = append(d.Ladder, lv)
		} else {
			d.Other = append(d.Other, lv)
		}
	}
	d.Counts = countTable(fs)
	d.Chart = buildChart(fs)
	d.Banner, d.BannerClass = banner(r, name, fs)
	d.Rows, d.Quiet = rows{fs: fs, rules: rules}, rows{fs: fs, rules: rules}
	resources := make([]string, len(fs))
	for i, f := range fs {
		resources[i] = resourceText(f)
		if !f.Suppressed && (f.Status == finding.StatusPass || f.Status == finding.StatusNotApplicable) {
			d.Quiet.order = append(d.Quiet.order, i)
			continue
		}
		d.Rows.order = append(d.Rows.order, i)
	}
	for _, rs := range []rows{d.Rows, d.Quiet} {
		sort.SliceStable(rs.order, func(a, b int) bool {
			i, j := rs.order[a], rs.order[b]
			return less(&fs[i], &fs[j], resources[i], resources[j])
		})
	}
	return d
}

// banner is the deployment's verdict in one line: target met or not, the
// achieved level, failures by severity and unknowns.
func banner(r *finding.Report, name string, fs []finding.Finding) (string, string) {
	target := r.TargetLevel
	var res finding.DeploymentResult
	for _, d := range r.Deployments {
		if d.Name == name {
			res = d
		}
	}
	if res.TargetLevel != "" {
		target = res.TargetLevel
	}
	if res.NotAudited != "" {
		return name + ": not audited: " + res.NotAudited, "notmet"
	}
	bySev := map[finding.Severity]int{}
	fail, unknown := 0, 0
	for _, f := range fs {
		switch {
		case f.Suppressed:
		case f.Status == finding.StatusFail:
			fail++
			bySev[f.Severity]++
		case f.Status == finding.StatusUnknown:
			unknown++
		}
	}
	var sev []string
	for _, s := range []finding.Severity{finding.SeverityCritical, finding.SeverityHigh, finding.SeverityMedium, finding.SeverityLow} {
		if bySev[s] > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", bySev[s], s))
		}
	}
	counts := fmt.Sprintf("%d failed", fail)
	if len(sev) > 0 {
		counts += " (" + strings.Join(sev, ", ") + ")"
	}
	counts += fmt.Sprintf(", %d unknown", unknown)
	achieved := res.AchievedLevel
	if achieved == "" {
		achieved = finding.AchievedLevel(finding.LevelVerdicts(fs))
	}
	switch res.Levels[target] {
	case finding.VerdictPass:
		return fmt.Sprintf("%s meets %s (achieved %s); %s", name, target, achieved, counts), "met"
	case finding.VerdictFail:
		return fmt.Sprintf("%s does not meet %s (achieved %s); %s", name, target, achieved, counts), "notmet"
	case finding.VerdictNotApplicable:
		// As the table and the gate: nothing of the level applies (basic's
		// transport TLS on a single node), so nothing blocks it.
		return fmt.Sprintf("%s: %s not applicable (achieved %s); %s", name, target, achieved, counts), "met"
	}
	return fmt.Sprintf("%s: %s unknown, evidence missing (achieved %s); %s", name, target, achieved, counts), "unknown"
}

// column is where a finding counts: its status, or waived.
func column(f finding.Finding) string {
	if f.Suppressed {
		return "waived"
	}
	return string(f.Status)
}

func countTable(fs []finding.Finding) counts {
	c := counts{Columns: statusColumns, Totals: make([]int, len(statusColumns))}
	for _, sev := range []string{"critical", "high", "medium", "low"} {
		cr := countRow{Severity: sev, Cells: make([]int, len(statusColumns))}
		for _, f := range fs {
			if string(f.Severity) != sev {
				continue
			}
			for j, col := range statusColumns {
				if column(f) == col {
					cr.Cells[j]++
					c.Totals[j]++
				}
			}
		}
		c.Rows = append(c.Rows, cr)
	}
	return c
}

func newRow(f finding.Finding, rule finding.Rule) row {
	r := row{
		Status: string(f.Status), Severity: string(f.Severity), Level: string(f.Level), CheckID: f.CheckID,
		Title: f.Title, Deployment: f.Deployment, Setting: f.Setting, Message: f.Message,
		Waived: f.Suppressed, Waiver: f.Waiver, References: f.References, ID: f.Fingerprint,
		Resource: resourceText(f),
	}
	switch {
	case f.Resource.File != "" && f.Resource.Line > 0:
		r.Location = fmt.Sprintf("%s:%d", f.Resource.File, f.Resource.Line)
	case f.Resource.File != "":
		r.Location = f.Resource.File
	default:
		r.Location = f.Resource.Endpoint
	}
	evidence := f.Evidence.Map()
	keys := make([]string, 0, len(evidence))
	for k := range evidence {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		r.Evidence = append(r.Evidence, [2]string{k, evidenceValue(evidence[k])})
	}
	r.Remediation = rule.RemediationText
	if r.Remediation == "" {
		r.Remediation = f.Remediation.Summary
	}
	if f.Remediation.Automated {
		r.FixCommand = "essec fix --checks " + f.CheckID
	}
	if len(r.References) == 0 {
		r.References = rule.References
	}
	return r
}

func evidenceValue(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}

// resourceText is how a row names its resource.
func resourceText(f finding.Finding) string {
	return strings.TrimSpace(f.Resource.Kind + " " + f.Resource.Name)
}

// less orders the table by what needs attention: failures first, waived
// findings after the active ones, then severity, check and resource (the
// rows' resource texts).
func less(a, b *finding.Finding, resA, resB string) bool {
	if a.Suppressed != b.Suppressed {
		return !a.Suppressed
	}
	if ra, rb := statusRank(string(a.Status)), statusRank(string(b.Status)); ra != rb {
		return ra < rb
	}
	if sa, sb := a.Severity.Rank(), b.Severity.Rank(); sa != sb {
		return sa > sb
	}
	if a.CheckID != b.CheckID {
		return a.CheckID < b.CheckID
	}
	return resA < resB
}

func statusRank(s string) int {
	for i, c := range statusColumns {
		if c == s {
			return i
		}
	}
	return len(statusColumns)
}
