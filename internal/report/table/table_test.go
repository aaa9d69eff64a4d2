package table

import (
	"bytes"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/report/reporttest"
)

func TestGolden(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts Options
	}{
		{"table.golden.txt", Options{Width: 120}},
		{"table-verbose.golden.txt", Options{Width: 120, Verbose: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, reporttest.Fixture(t), tc.opts); err != nil {
				t.Fatal(err)
			}
			if want := reporttest.Golden(t, tc.name, buf.Bytes()); buf.String() != string(want) {
				t.Errorf("table differs from %s (run go test -update and review the diff):\n%s", tc.name, buf.String())
			}
		})
	}
}

func TestColourOnlyWhenAsked(t *testing.T) {
	r := reporttest.Fixture(t)
	var plain, colour bytes.Buffer
	if err := Write(&plain, r, Options{}); err != nil {
		t.Fatal(err)
	}
	if err := Write(&colour, r, Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain table contains ANSI escapes")
	}
	if !strings.Contains(colour.String(), "\x1b[31m") {
		t.Error("coloured table has no red")
	}
}

func TestPassesCountedUnlessVerbose(t *testing.T) {
	r := reporttest.Fixture(t)
	var quiet, verbose bytes.Buffer
	_ = Write(&quiet, r, Options{})
	_ = Write(&verbose, r, Options{Verbose: true})
	if !strings.Contains(quiet.String(), "passed or not applicable (show them with --verbose)") {
		t.Error("quiet table does not count the passes")
	}
	if strings.Count(verbose.String(), "PASS") <= strings.Count(quiet.String(), "PASS") {
		t.Error("--verbose shows no more passes")
	}
	for _, d := range r.Deployments {
		if !strings.Contains(quiet.String(), "Deployment "+d.Name) {
			t.Errorf("deployment %s missing", d.Name)
		}
	}
}

func TestLongPathsAreNotCut(t *testing.T) {
	path := "/work/shared/realworld/Uhuynh__elastic-stack-docker/elasticsearch/config/certs/es01/es01.crt"
	r := &finding.Report{Deployments: []finding.DeploymentResult{{Name: "d", Levels: map[finding.Level]finding.Verdict{}}},
		Findings: []finding.Finding{{CheckID: "BAS-02", Level: finding.LevelBasic, Severity: finding.SeverityHigh, Status: finding.StatusFail,
			Deployment: "d", Resource: finding.Resource{Kind: "node", Name: "es01"}, Message: "certificate: " + path + " does not exist"}}}
	var buf bytes.Buffer
	if err := Write(&buf, r, Options{Width: 100}); err != nil {
		t.Fatal(err)
	}
	var text strings.Builder
	for _, line := range strings.Split(buf.String(), "\n") {
		cells := strings.Split(line, "│")
		if len(cells) > 5 {
			text.WriteString(strings.TrimSpace(cells[5]))
		}
	}
	if !strings.Contains(text.String(), path) {
		t.Errorf("the path was cut:\n%s", buf.String())
	}
}
