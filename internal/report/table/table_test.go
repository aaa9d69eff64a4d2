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

// Every line fits the width, with and without colour and --verbose, down to
// the narrowest layout.
func TestFitsWidth(t *testing.T) {
	for _, r := range []*finding.Report{reporttest.Demo(t), reporttest.Fixture(t)} {
		for _, width := range []int{40, 60, 80, 120} {
			for _, opts := range []Options{{Width: width}, {Width: width, Verbose: true}, {Width: width, Color: true}} {
				out := render(t, r, opts)
				for _, line := range strings.Split(out, "\n") {
					if w := runewidth.StringWidth(ansi.ReplaceAllString(line, "")); w > width {
						t.Errorf("width %d (verbose %t, colour %t): line of %d columns:\n%s", width, opts.Verbose, opts.Color, w, line)
					}
				}
			}
		}
	}
}

// A check failing on many nodes is one row: the demo grown to 30 nodes prints
// about as many lines as the 3-node demo.
func TestThirtyNodesStayOnePage(t *testing.T) {
	r := reporttest.Demo(t)
	small := strings.Count(render(t, r, Options{Width: 80}), "\n")
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
	out := render(t, r, Options{Width: 80})
	lines := strings.Count(out, "\n")
	t.Logf("3 nodes: %d lines, 30 nodes: %d lines", small, lines)
	if lines > 80 || lines > small+2 {
		t.Errorf("30 nodes print %d lines (3 nodes: %d):\n%s", lines, small, out)
	}
	if !strings.Contains(out, "es01, es02, es03, +27") {
		t.Errorf("no shortened list of the 30 nodes:\n%s", out)
	}
	verbose := render(t, r, Options{Width: 80, Verbose: true})
	if !strings.Contains(verbose, "es30: ") {
		t.Error("--verbose does not expand every node")
	}
}

func TestPassesCountedUnlessVerbose(t *testing.T) {
	r := reporttest.Fixture(t)
	quiet := render(t, r, Options{})
	verbose := render(t, r, Options{Verbose: true})
	if !strings.Contains(quiet, "not listed (--verbose lists them)") {
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
