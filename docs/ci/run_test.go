package ci

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The repository root, the action's github.action_path.
var root, _ = filepath.Abs(filepath.Join("..", ".."))

var expr = regexp.MustCompile(`\$\{\{\s*([^}]+?)\s*\}\}`)

// subst replaces the ${{ }} expressions the steps use; any other expression
// fails the test, so a new one is noticed.
func subst(t *testing.T, s string, values map[string]string) string {
	t.Helper()
	return expr.ReplaceAllStringFunc(s, func(m string) string {
		key := expr.FindStringSubmatch(m)[1]
		v, ok := values[key]
		if !ok {
			t.Fatalf("no value for ${{ %s }} in the test", key)
		}
		return v
	})
}

func bash(t *testing.T, dir string, env []string, script string) (int, string) {
	t.Helper()
	cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), string(out)
		}
		t.Fatalf("run %q: %v", script, err)
	}
	return 0, string(out)
}

type actionStep struct {
	Name, ID, Uses, Run, Shell, If string
	WorkingDirectory               string `yaml:"working-directory"`
	Env, With                      map[string]string
}

// The action's own steps run against the demo: the build step builds
// essec, the audit step audits with the inputs substituted, the gate step
// fails with essec's exit code; the upload step points at the SARIF file
// the audit wrote.
func TestActionRunsOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds essec")
	}
	var action struct {
		Inputs map[string]struct{ Default string }
		Runs   struct {
			Using string
			Steps []actionStep
		}
	}
	data, err := os.ReadFile(filepath.Join(root, "action.yml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &action); err != nil {
		t.Fatal(err)
	}
	if action.Runs.Using != "composite" {
		t.Fatalf("runs.using %q", action.Runs.Using)
	}
	for _, in := range []string{"paths", "level", "fail-on", "formats"} {
		if _, ok := action.Inputs[in]; !ok {
			t.Errorf("no input %s", in)
		}
	}
	work, temp := t.TempDir(), t.TempDir()
	output := filepath.Join(temp, "github_output")
	values := map[string]string{"github.action_path": root}
	for name, in := range action.Inputs {
		values["inputs."+name] = in.Default
	}
	values["inputs.paths"] = filepath.Join(root, "testdata", "demo", "essec.yaml")
	values["inputs.formats"] = "junit=essec-junit.xml, gitlab=gl-sast-report.json"
	env := []string{"RUNNER_TEMP=" + temp, "GITHUB_OUTPUT=" + output}
	var uploaded string
	for _, step := range action.Runs.Steps {
		if step.Uses != "" {
			if strings.HasPrefix(step.Uses, "github/codeql-action/upload-sarif@") {
				uploaded = subst(t, step.With["sarif_file"], values)
			}
			continue
		}
		stepEnv := append([]string{}, env...)
		for k, v := range step.Env {
			stepEnv = append(stepEnv, k+"="+subst(t, v, values))
		}
		dir := work
		if step.WorkingDirectory != "" {
			dir = subst(t, step.WorkingDirectory, values)
		}
		code, out := bash(t, dir, stepEnv, subst(t, step.Run, values))
		switch step.ID {
		case "audit":
			outputs, _ := os.ReadFile(output)
			if code != 0 || !strings.Contains(string(outputs), "exit-code=1") {
				t.Fatalf("audit step: exit %d, outputs %q:\n%s", code, outputs, out)
			}
			values["steps.audit.outputs.exit-code"] = "1"
		case "":
			if step.Name == "Gate" && code != 1 {
				t.Errorf("the gate step exits %d, want essec's 1", code)
			} else if step.Name != "Gate" && code != 0 {
				t.Fatalf("step %q: exit %d:\n%s", step.Name, code, out)
			}
		}
	}
	if uploaded != "essec.sarif" {
		t.Errorf("upload-sarif uploads %q", uploaded)
	}
	var sarif struct {
		Runs []struct{ Results []json.RawMessage }
	}
	readJSON(t, filepath.Join(work, "essec.sarif"), &sarif)
	if len(sarif.Runs) != 1 || len(sarif.Runs[0].Results) == 0 {
		t.Errorf("the SARIF holds no results")
	}
	for _, f := range []string{"essec-junit.xml", "gl-sast-report.json"} {
		if _, err := os.Stat(filepath.Join(work, f)); err != nil {
			t.Errorf("formats input: %v", err)
		}
	}
}

// The GitLab job's script runs against the demo with essec on PATH (its
// before_script installs the released essec) and writes the reports its
// artifacts name.
func TestGitLabJobRunsOnDemo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds essec")
	}
	var ci struct {
		Essec struct {
			Variables    map[string]string
			BeforeScript []string `yaml:"before_script"`
			Script       []string
			AllowFailure struct {
				ExitCodes []int `yaml:"exit_codes"`
			} `yaml:"allow_failure"`
			Artifacts struct {
				Reports map[string]string
			}
		}
	}
	load(t, "gitlab-ci.yml", &ci)
	job := ci.Essec
	for _, line := range job.BeforeScript {
		if !strings.Contains(line, "go install github.com/essec-dev/essec/cmd/essec@") {
			t.Fatalf("before_script does more than install essec: %q", line)
		}
	}
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "essec"), filepath.Join(root, "cmd", "essec")).CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	work := t.TempDir()
	env := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}
	for k, v := range job.Variables {
		env = append(env, k+"="+v)
	}
	env = append(env, "ESSEC_PATHS="+filepath.Join(root, "testdata", "demo", "essec.yaml"))
	for _, line := range job.Script {
		code, out := bash(t, work, env, line)
		if code != 1 {
			t.Errorf("script line exits %d, want 1 (the demo misses basic):\n%s", code, out)
		}
	}
	if job.Artifacts.Reports["sast"] == "" || job.Artifacts.Reports["junit"] == "" {
		t.Fatalf("reports %v: want sast and junit", job.Artifacts.Reports)
	}
	var sast struct {
		Version         string
		Vulnerabilities []json.RawMessage
	}
	readJSON(t, filepath.Join(work, job.Artifacts.Reports["sast"]), &sast)
	if !strings.HasPrefix(sast.Version, "15.") || len(sast.Vulnerabilities) == 0 {
		t.Errorf("security report version %q with %d vulnerabilities", sast.Version, len(sast.Vulnerabilities))
	}
	if _, err := os.Stat(filepath.Join(work, job.Artifacts.Reports["junit"])); err != nil {
		t.Error(err)
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
