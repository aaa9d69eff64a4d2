// Package ci holds the CI examples of the documentation; its test keeps
// them valid YAML whose upload steps pick up the files the audit writes.
package ci

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

var formatFile = regexp.MustCompile(`--format (sarif|junit|html|json|gitlab)=(\S+)`)

// written returns the files the example's essec audit command writes, by
// format.
func written(t *testing.T, doc string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, m := range formatFile.FindAllStringSubmatch(doc, -1) {
		files[m[1]] = m[2]
	}
	if files["sarif"] == "" || files["junit"] == "" {
		t.Fatalf("the example writes no SARIF or no JUnit: %v", files)
	}
	return files
}

func load(t *testing.T, name string, v any) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return string(data)
}

func TestGitHubActions(t *testing.T) {
	var wf struct {
		Jobs map[string]struct {
			Permissions map[string]string
			Steps       []struct {
				Name, Uses, Run, If string
				With                map[string]string
			}
		}
	}
	raw := load(t, "github-actions.yml", &wf)
	files := written(t, raw)
	job := wf.Jobs["audit"]
	if job.Permissions["security-events"] != "write" {
		t.Errorf("the job cannot upload SARIF without security-events: write")
	}
	var audit, sarif bool
	for _, s := range job.Steps {
		switch {
		case strings.Contains(s.Run, "essec audit"):
			audit = true
		case strings.HasPrefix(s.Uses, "github/codeql-action/upload-sarif@"):
			sarif = s.With["sarif_file"] == files["sarif"] && s.If != ""
		}
	}
	if !audit || !sarif {
		t.Errorf("want an audit step and an upload-sarif step of %s that runs when the audit fails", files["sarif"])
	}
}

func TestGitLabCI(t *testing.T) {
	var ci struct {
		Essec struct {
			Script       []string
			AllowFailure struct {
				ExitCodes []int `yaml:"exit_codes"`
			} `yaml:"allow_failure"`
			Artifacts struct {
				When    string
				Paths   []string
				Reports map[string]string
			}
		}
	}
	raw := load(t, "gitlab-ci.yml", &ci)
	files := written(t, raw)
	job := ci.Essec
	if !strings.Contains(strings.Join(job.Script, "\n"), "essec audit") {
		t.Errorf("the job does not run essec audit")
	}
	if job.Artifacts.Reports["junit"] != files["junit"] || job.Artifacts.When != "always" {
		t.Errorf("JUnit report %q (when %q), want %s always", job.Artifacts.Reports["junit"], job.Artifacts.When, files["junit"])
	}
	for _, f := range files {
		found := false
		for _, p := range job.Artifacts.Paths {
			found = found || p == f
		}
		if !found {
			t.Errorf("%s is written but not kept as an artifact", f)
		}
	}
}
