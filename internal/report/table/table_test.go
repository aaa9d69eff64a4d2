package table

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/mattn/go-runewidth"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

func render(t *testing.T, r *finding.Report, opts Options) string {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, r, opts); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"table.golden.txt", Options{Width: 80}},
		{"table-verbose.golden.txt", Options{Width: 80, Verbose: true}},
		// stdout is a pipe: one line per row, nothing cut.
		{"table-piped.golden.txt", Options{OneLine: true}},
		{"table-piped-verbose.golden.txt", Options{OneLine: true, Verbose: true}},
		// A pipe with COLUMNS=80: rows cut to 80 columns, still one line.
		{"table-piped-80.golden.txt", Options{OneLine: true, Width: 80}},
		// A narrow terminal takes the narrow layout.
		{"table-60.golden.txt", Options{Width: 60}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := render(t, reporttest.Fixture(t), tc.opts)
			if want := reporttest.Golden(t, tc.name, []byte(got)); got != string(want) {
				t.Errorf("table differs from %s (run go test -update and review the diff):\n%s", tc.name, got)
			}
		})
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	r := reporttest.Fixture(t)
	plain := render(t, r, Options{})
	colour := render(t, r, Options{Color: true})
	if strings.Contains(plain, "\x1b[") {
		t.Error("plain table contains ANSI escapes")
	}
	if !strings.Contains(colour, "\x1b[31m") {
		t.Error("coloured table has no red")
	}
}

// Every line fits the width, on a terminal and in a pipe with $COLUMNS,
// with and without colour and --verbose, down to the narrowest layout.
func TestFitsWidth(t *testing.T) {
	for _, r := range []*finding.Report{reporttest.Demo(t), reporttest.Fixture(t)} {
		for _, width := range []int{40, 60, 72, 80, 120} {
			for _, opts := range []Options{{Width: width}, {Width: width, Verbose: true}, {Width: width, Color: true},
				{Width: width, OneLine: true}, {Width: width, OneLine: true, Color: true}} {
				out := render(t, r, opts)
				for _, line := range strings.Split(out, "\n") {
					if w := runewidth.StringWidth(ansi.ReplaceAllString(line, "")); w > width {
						t.Errorf("width %d (%+v): line of %d columns:\n%s", width, opts, w, line)
					}
				}
			}
		}
	}
}

// thirtyNodes grows the demo report to 30 nodes: every finding of es03 is
// copied for es04 to es30, as a fleet of identical nodes would give.
func thirtyNodes(t *testing.T) *finding.Report {
	r := reporttest.Demo(t)
	var grown []finding.Finding
	for _, f := range r.Findings {
		grown = append(grown, f)
		if f.Resource.Kind == "node" && f.Resource.Name == "es03" {
			for i := 4; i <= 30; i++ {
				g := f
				g.Resource.Name = fmt.Sprintf("es%02d", i)
				g.Message = strings.ReplaceAll(f.Message, "es03", g.Resource.Name)
				grown = append(grown, g)
			}
		}
	}
	r.Findings = grown
	r.Summary = finding.Summarize(grown)
	return r
}

// A check failing on many nodes is one row: the demo grown to 30 nodes
// prints about as many lines as the 3-node demo, at most about 60 at 80
// columns, on a terminal and in a pipe.
func TestThirtyNodesStayOnePage(t *testing.T) {
	small := strings.Count(render(t, reporttest.Demo(t), Options{Width: 80}), "\n")
	r := thirtyNodes(t)
	for _, opts := range []Options{{Width: 80}, {Width: 80, OneLine: true}, {OneLine: true}} {
		out := render(t, r, opts)
		lines := strings.Count(out, "\n")
		t.Logf("%+v: 3 nodes %d lines, 30 nodes %d lines", opts, small, lines)
		if lines > 60 || lines > small+2 {
			t.Errorf("%+v: 30 nodes print %d lines (3 nodes: %d):\n%s", opts, lines, small, out)
		}
		if !strings.Contains(out, "es01, es02, +28") {
			t.Errorf("%+v: no shortened list of the 30 nodes:\n%s", opts, out)
		}
		// The reason once and the fix once for the 30 nodes.
		if n := strings.Count(out, "xpack.security.transport.ssl.enabl"); n != 1 {
			t.Errorf("%+v: BAS-01's reason printed %d times", opts, n)
		}
		if n := strings.Count(out, "essec fix --checks BAS-01"); n != 1 {
			t.Errorf("%+v: BAS-01's fix printed %d times", opts, n)
		}
	}
	for _, opts := range []Options{{Width: 80, Verbose: true}, {OneLine: true, Verbose: true}} {
		if verbose := render(t, r, opts); !strings.Contains(verbose, " es30: ") {
			t.Errorf("%+v: --verbose does not expand every node", opts)
		}
	}
}

// In a pipe every row is one line: grep gets the status, severity, check,
// resources and the whole reason together; with --verbose each finding is
// one such line.
func TestPipedIsOneLinePerFinding(t *testing.T) {
	r := reporttest.Demo(t)
	out := render(t, r, Options{OneLine: true})
	if strings.Contains(out, "…") {
		t.Errorf("a pipe without a width cuts text:\n%s", out)
	}
	problems := 0
	for _, f := range r.Findings {
		if f.Status == finding.StatusFail || f.Status == finding.StatusWarn || f.Status == finding.StatusUnknown {
			problems++
		}
	}
	for _, f := range r.Findings {
		if f.Status != finding.StatusFail || f.Resource.Name != "es01" {
			continue
		}
		var row string
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "FAIL ") && strings.Contains(l, " "+f.CheckID+" ") {
				row = l
			}
		}
		if !strings.Contains(row, string(f.Severity)) || !strings.Contains(row, "es01") || !strings.Contains(row, f.Message) {
			t.Errorf("%s: no line holds severity, es01 and the whole reason: %q", f.CheckID, row)
		}
	}
	verbose := render(t, r, Options{OneLine: true, Verbose: true})
	rows := 0
	for _, l := range strings.Split(verbose, "\n") {
		for _, s := range []string{"FAIL ", "WARN ", "UNKNOWN "} {
			if strings.HasPrefix(l, s) {
				rows++
			}
		}
	}
	if rows != problems {
		t.Errorf("--verbose in a pipe: %d finding lines for %d fail, warn and unknown findings", rows, problems)
	}
	for _, f := range r.Findings {
		if f.Status == finding.StatusFail && !strings.Contains(verbose, " "+f.CheckID+" ") {
			t.Errorf("%s missing", f.CheckID)
		}
	}
}

func TestPassesCountedUnlessVerbose(t *testing.T) {
	r := reporttest.Fixture(t)
	quiet := render(t, r, Options{})
	verbose := render(t, r, Options{Verbose: true})
	if !strings.Contains(quiet, "(--verbose for all).") {
		t.Error("quiet table does not count the passes")
	}
	if strings.Count(verbose, "PASS") <= strings.Count(quiet, "PASS") {
		t.Error("--verbose shows no more passes")
	}
	for _, d := range r.Deployments {
		if !strings.Contains(quiet, "Deployment "+d.Name) {
			t.Errorf("deployment %s missing", d.Name)
		}
	}
}

// A fleet starts with one line per deployment; each check row is one
// greppable line with status, severity, id and resources.
func TestFleetSummaryAndGreppableRows(t *testing.T) {
	r := reporttest.Fixture(t)
	out := render(t, r, Options{Width: 80})
	lines := strings.Split(out, "\n")
	if !strings.HasPrefix(lines[0], "3 deployments") {
		t.Fatalf("no fleet summary first:\n%s", out)
	}
	head := out[:strings.Index(out, "Deployment ")]
	for _, d := range r.Deployments {
		if !strings.Contains(head, "\n  "+d.Name+": ") {
			t.Errorf("no summary line for %s:\n%s", d.Name, head)
		}
	}
	if !strings.Contains(head, "staging: meets basic") {
		t.Errorf("staging's own target level (basic) is not shown:\n%s", head)
	}
	if !strings.Contains(out, "CRITICAL") {
		t.Error("no severity totals")
	}
	found := false
	for _, l := range lines {
		if strings.HasPrefix(l, "FAIL") && strings.Contains(l, "critical") && strings.Contains(l, "MIN-01") {
			found = true
		}
	}
	if !found {
		t.Errorf("no line holds FAIL, critical and MIN-01 together:\n%s", out)
	}
	if strings.ContainsAny(out, "┌│└─") {
		t.Error("box drawing in the plain table")
	}
}

// What was read shows per deployment: counted, and listed with --verbose.
func TestNamesWhatWasRead(t *testing.T) {
	r := reporttest.Fixture(t)
	out := render(t, r, Options{Width: 100})
	if !strings.Contains(out, "Read:    2 files (1 elasticsearch.keystore, 1 elasticsearch.yml); https://es01.prod.internal:9200") {
		t.Errorf("prod-logs' sources are not named:\n%s", out)
	}
	if !strings.Contains(out, "nothing (no file or endpoint could be read)") {
		t.Error("a deployment without sources does not say so")
	}
	verbose := render(t, r, Options{Width: 100, Verbose: true})
	if !strings.Contains(verbose, "/etc/elasticsearch/elasticsearch.keystore\n") {
		t.Errorf("--verbose does not list every file:\n%s", verbose)
	}
}

// Text from the audited deployment cannot drive the terminal.
func TestEscapesHostileText(t *testing.T) {
	hostile := "x\x1b[2J\rFAKE\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ \u202Egnp.exe"
	r := &finding.Report{
		Deployments: []finding.DeploymentResult{{Name: "prod" + hostile, Version: "8.15.1\x1b[1A",
			Levels: map[finding.Level]finding.Verdict{}, Read: &finding.Read{Files: []string{"/etc/" + hostile}}}},
		Findings: []finding.Finding{{CheckID: "BAS-01", Level: finding.LevelBasic, Severity: finding.SeverityHigh, Status: finding.StatusFail,
			Deployment: "prod" + hostile, Resource: finding.Resource{Kind: "node", Name: "es" + hostile},
			Message: "cluster.name is " + hostile, Remediation: finding.Remediation{Summary: "run " + hostile}}},
		Errors: []finding.Error{{Source: "cluster", Message: "body " + hostile}},
	}
	for _, opts := range []Options{{Width: 80}, {Width: 80, Verbose: true}, {Width: 80, Color: true}} {
		out := ansi.ReplaceAllString(render(t, r, opts), "")
		for _, bad := range []string{"\x1b", "\r", "\x07", "\u202e"} {
			if strings.Contains(out, bad) {
				t.Errorf("verbose %t colour %t: output holds %q:\n%q", opts.Verbose, opts.Color, bad, out)
			}
		}
		if !strings.Contains(out, `\e[2J`) {
			t.Errorf("the escape is not shown escaped:\n%s", out)
		}
	}
}

func TestLongPathsAreNotCutInVerbose(t *testing.T) {
	path := "/work/shared/realworld/Uhuynh__elastic-stack-docker/elasticsearch/config/certs/es01/es01.crt"
	r := &finding.Report{Deployments: []finding.DeploymentResult{{Name: "d", Levels: map[finding.Level]finding.Verdict{}}},
		Findings: []finding.Finding{{CheckID: "BAS-02", Level: finding.LevelBasic, Severity: finding.SeverityHigh, Status: finding.StatusFail,
			Deployment: "d", Resource: finding.Resource{Kind: "node", Name: "es01"}, Message: "certificate: " + path + " does not exist"}}}
	out := render(t, r, Options{Width: 60, Verbose: true})
	var text strings.Builder
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "    ") && !strings.Contains(line, "fix:") {
			text.WriteString(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "es01: ")))
		}
	}
	if !strings.Contains(text.String(), path) {
		t.Errorf("the path was cut:\n%s", out)
	}
}

func TestNotAuditedSaysSo(t *testing.T) {
	r := &finding.Report{TargetLevel: finding.LevelHTTPS, Deployments: []finding.DeploymentResult{
		{Name: "a", Levels: map[finding.Level]finding.Verdict{finding.LevelHTTPS: finding.VerdictPass}},
		{Name: "b", NotAudited: "https://b:9200 is unreachable", Levels: map[finding.Level]finding.Verdict{finding.LevelHTTPS: finding.VerdictUnknown}},
	}}
	out := render(t, r, Options{Width: 80})
	if strings.Count(out, "NOT AUDITED: https://b:9200 is unreachable") != 2 {
		t.Errorf("the deployment that was not audited is not named in the summary and its section:\n%s", out)
	}
}

// An error repeated in many places (an unset variable in every node's
// file) is one line with the first places and the count; --verbose lists
// each.
func TestRepeatedErrorsOnce(t *testing.T) {
	r := &finding.Report{Deployments: []finding.DeploymentResult{{Name: "d", Levels: map[finding.Level]finding.Verdict{}}}}
	for i := 1; i <= 30; i++ {
		r.Errors = append(r.Errors, finding.Error{Source: "esconfig", Deployment: "d", File: fmt.Sprintf("es%02d/elasticsearch.yml", i), Line: 13,
			Message: "setting node.name: ${ES_HOST} is not set by anything essec was given"})
	}
	r.Errors = append(r.Errors, finding.Error{Source: "cluster", Deployment: "d", Message: "403 forbidden", Endpoint: "https://es01:9200/_security/user"})
	for _, opts := range []Options{{Width: 200}, {OneLine: true}} {
		out := render(t, r, opts)
		if n := strings.Count(out, "  ! "); n != 2 {
			t.Errorf("%+v: %d error lines, want 2:\n%s", opts, n, out)
		}
		if !strings.Contains(out, "(30 places: es01/elasticsearch.yml:13, es02/elasticsearch.yml:13, +28)") {
			t.Errorf("%+v: the places are not counted:\n%s", opts, out)
		}
		if !strings.Contains(out, "403 forbidden (https://es01:9200/_security/user)") {
			t.Errorf("%+v: a single error lost its place:\n%s", opts, out)
		}
	}
	if n := strings.Count(render(t, r, Options{OneLine: true, Verbose: true}), "  ! "); n != 31 {
		t.Errorf("--verbose lists %d errors, want 31", n)
	}
}

// A secret in a message is masked before the line is cut or wrapped: cut
// in half, the scrub of the whole output would no longer see it.
func TestScrubBeforeCutting(t *testing.T) {
	const secret = "hunter2-very-long-secret-value-0123456789"
	r := &finding.Report{Deployments: []finding.DeploymentResult{{Name: "d", Levels: map[finding.Level]finding.Verdict{}}},
		Findings: []finding.Finding{{CheckID: "BAS-06", Severity: finding.SeverityHigh, Status: finding.StatusFail, Deployment: "d",
			Resource: finding.Resource{Kind: "node", Name: "es01"},
			Message:  "xpack.security.transport.ssl.keystore.password is set in clear text to " + secret + " (elasticsearch.yml:18)"}}}
	scrub := func(s string) string { return strings.ReplaceAll(s, secret, "[REDACTED]") }
	for _, opts := range []Options{{Width: 80}, {Width: 80, OneLine: true}, {Width: 60, Verbose: true}, {Width: 40, Verbose: true}} {
		opts.Scrub = scrub
		out := render(t, r, opts)
		if strings.Contains(out, "hunter2") {
			t.Errorf("%+v: part of the secret shows:\n%s", opts, out)
		}
	}
}
