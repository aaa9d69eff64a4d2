package cli_test

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

// TestNotAuditedDeploymentsStayInEveryFormat (issue 9, item 4): of three
// inventory deployments, one audits, one has broken YAML and one is
// unreachable. Every format names all three, the two that could not be
// audited have unknown levels and their errors, and the run is not a pass.
func TestNotAuditedDeploymentsStayInEveryFormat(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken")
	if err := os.MkdirAll(broken, 0o755); err != nil {
		t.Fatal(err)
	}
	writeAt(t, filepath.Join(broken, "elasticsearch.yml"), []byte("cluster.name: [unclosed\n  x: :\n"))
	var good []string
	for _, n := range []string{"es01", "es02", "es03"} {
		p, err := filepath.Abs(filepath.Join("../../testdata/demo", n))
		if err != nil {
			t.Fatal(err)
		}
		good = append(good, "'"+p+"'")
	}
	inv := filepath.Join(dir, "essec.yaml")
	writeAt(t, inv, []byte("deployments:\n"+
		"  - name: good\n    version: 8.15.1\n    elasticsearch:\n      paths: ["+strings.Join(good, ", ")+"]\n"+
		"  - name: broken\n    elasticsearch:\n      paths: [broken]\n"+
		"  - name: unreachable\n    elasticsearch:\n      urls: ['http://"+closedPort(t)+"']\n"))

	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"otherwise passing run is incomplete", []string{"--level", "minimal", "--fail-on", "none"}, 3},
		{"failures still win", []string{"--level", "https", "--fail-on", "high"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := t.TempDir()
			jsonPath, sarifPath, junitPath := filepath.Join(out, "r.json"), filepath.Join(out, "r.sarif"), filepath.Join(out, "r.xml")
			args := append([]string{"audit", inv, "--format", "json=" + jsonPath, "--format", "sarif=" + sarifPath, "--format", "junit=" + junitPath, "--format", "table"}, tc.args...)
			code, table, errOut := run(t, nil, args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, tc.code, errOut)
			}
			for _, name := range []string{"broken", "unreachable"} {
				if !strings.Contains(errOut, "deployment "+name+" was not audited") {
					t.Errorf("stderr does not warn about %s: %q", name, errOut)
				}
			}

			var r finding.Report
			readJSONFile(t, jsonPath, &r)
			byName := map[string]finding.DeploymentResult{}
			for _, d := range r.Deployments {
				byName[d.Name] = d
			}
			for _, name := range []string{"broken", "unreachable"} {
				d, ok := byName[name]
				if !ok {
					t.Fatalf("JSON lacks deployment %s: %+v", name, r.Deployments)
				}
				if d.NotAudited == "" || d.Levels[finding.LevelMinimal] != finding.VerdictUnknown || d.Levels[finding.LevelHTTPS] != finding.VerdictUnknown {
					t.Errorf("%s: not_audited %q, levels %v", name, d.NotAudited, d.Levels)
				}
				found := false
				for _, e := range r.Errors {
					found = found || (e.Deployment == name && e.Source == finding.SourceNotAudited)
				}
				if !found {
					t.Errorf("JSON errors lack %s: %+v", name, r.Errors)
				}
			}
			if !strings.Contains(byName["broken"].NotAudited, "elasticsearch.yml") || !strings.Contains(byName["unreachable"].NotAudited, "refused") {
				t.Errorf("reasons: broken %q, unreachable %q", byName["broken"].NotAudited, byName["unreachable"].NotAudited)
			}
			if _, ok := byName["good"]; !ok {
				t.Error("JSON lacks the audited deployment")
			}

			sarif, err := os.ReadFile(sarifPath)
			if err != nil {
				t.Fatal(err)
			}
			var junit struct {
				Errors int `xml:"errors,attr"`
				Suites []struct {
					Name string `xml:"name,attr"`
				} `xml:"testsuite"`
			}
			jdata, err := os.ReadFile(junitPath)
			if err != nil {
				t.Fatal(err)
			}
			if err := xml.Unmarshal(jdata, &junit); err != nil {
				t.Fatal(err)
			}
			suites := map[string]bool{}
			for _, s := range junit.Suites {
				suites[s.Name] = true
			}
			for _, name := range []string{"good", "broken", "unreachable"} {
				if !strings.Contains(string(sarif), "("+name+")") && name != "good" {
					t.Errorf("SARIF does not name %s", name)
				}
				if !strings.Contains(table, name) {
					t.Errorf("table does not name %s", name)
				}
			}
			if !suites["broken/deployment"] || !suites["unreachable/deployment"] || junit.Errors < 2 {
				t.Errorf("JUnit suites %v, errors %d", suites, junit.Errors)
			}
		})
	}
}

// TestCommandLinePathMustHoldSomething: a missing path or one that holds
// nothing essec reads is refused, even next to a good one.
func TestCommandLinePathMustHoldSomething(t *testing.T) {
	t.Parallel()
	empty := t.TempDir()
	for _, bad := range []string{filepath.Join(empty, "missing"), empty} {
		code, _, errOut := run(t, nil, "audit", "../../testdata/demo/es01", bad, "--level", "minimal", "--fail-on", "none")
		if code != 2 || !strings.Contains(errOut, bad) {
			t.Errorf("%s: exit %d, stderr %q; want 2 naming the path", bad, code, errOut)
		}
	}
}
