package ci

import (
	"encoding/json"
	"fmt"
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

// runnerTemp is the action test's RUNNER_TEMP, kept until every test has
// run: the essec its build step leaves there serves the examples test too,
// which then need not link essec again (5 s of CPU).
var runnerTemp string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "essec-ci-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	runnerTemp = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// actionBuild returns the directory holding the essec the action's build
// step built, or "" when the action test has not run (or its build failed).
func actionBuild() string {
	dir := filepath.Join(runnerTemp, "essec-bin")
	if st, err := os.Stat(filepath.Join(dir, "essec")); err != nil || !st.Mode().IsRegular() {
		return ""
	}
	return dir
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
	work, temp := t.TempDir(), runnerTemp
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
			if step.Name == "Build essec" {
				checkVersion(t, out)
			}
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

// The two copy-paste examples run as written on a plain checkout: a git
// repository holding the demo's es01 and Kibana configuration at the paths
// the examples audit (deploy/elasticsearch, deploy/kibana), files 0644 as
// git checks them out, essec on PATH as their install step leaves it. The
// GitLab job's script and the GitHub workflow's audit step must write every
// report their artifact and upload steps name, and judge the demo (basic
// not met: exit 1) without failing file modes, which describe the deployed
// host, not a checkout.
func TestExamplesRunOnPlainCheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds essec")
	}
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git to make a checkout")
	}
	bin := actionBuild()
	if bin == "" {
		bin = t.TempDir()
		if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "essec"), filepath.Join(root, "cmd", "essec")).CombinedOutput(); err != nil {
			t.Fatalf("go build: %v\n%s", err, out)
		}
	}
	path := []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH")}

	t.Run("gitlab-ci.yml", func(t *testing.T) {
		var ci struct {
			Essec struct {
				Variables    map[string]string
				BeforeScript []string `yaml:"before_script"`
				Script       []string
				Artifacts    struct {
					Paths   []string
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
		work := plainCheckout(t)
		env := append([]string{}, path...)
		for k, v := range job.Variables {
			env = append(env, k+"="+v)
		}
		for _, line := range job.Script {
			if code, out := bash(t, work, env, line); code != 1 {
				t.Errorf("script line exits %d, want 1 (the demo misses basic):\n%s", code, out)
			}
		}
		for _, f := range job.Artifacts.Paths {
			if _, err := os.Stat(filepath.Join(work, f)); err != nil {
				t.Errorf("artifact: %v", err)
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
		noFileModeFailures(t, filepath.Join(work, "essec-report.json"))
	})

	t.Run("github-actions.yml", func(t *testing.T) {
		var wf struct {
			Jobs map[string]struct {
				Steps []struct {
					Name, Uses, Run string
					With            map[string]string
				}
			}
		}
		load(t, "github-actions.yml", &wf)
		work := plainCheckout(t)
		ran := false
		for _, s := range wf.Jobs["audit"].Steps {
			switch {
			case s.Name == "Install essec":
				if !strings.HasPrefix(s.Run, "go install github.com/essec-dev/essec/cmd/essec@") {
					t.Fatalf("the install step does more than install essec: %q", s.Run)
				}
			case strings.Contains(s.Run, "essec audit"):
				ran = true
				if code, out := bash(t, work, path, s.Run); code != 1 {
					t.Errorf("%s: exit %d, want 1 (the demo misses basic):\n%s", s.Name, code, out)
				}
			case s.Uses != "" && ran:
				files := strings.Fields(s.With["path"] + " " + s.With["sarif_file"])
				for _, f := range files {
					if _, err := os.Stat(filepath.Join(work, f)); err != nil {
						t.Errorf("step %q: %v", s.Name, err)
					}
				}
			}
		}
		if !ran {
			t.Fatal("no step runs essec audit")
		}
		noFileModeFailures(t, filepath.Join(work, "essec-report.json"))
	})
}

// plainCheckout is a git work tree with the demo's es01 and Kibana
// configuration at deploy/elasticsearch and deploy/kibana.
func plainCheckout(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for src, dst := range map[string]string{"es01": "deploy/elasticsearch", "kibana": "deploy/kibana"} {
		entries, err := os.ReadDir(filepath.Join(root, "testdata", "demo", src))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Join(dir, dst), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			data, err := os.ReadFile(filepath.Join(root, "testdata", "demo", src, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, dst, e.Name()), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	git := "git init -q && git add . && git -c user.name=essec -c user.email=essec@example.invalid commit -q -m checkout"
	if code, out := bash(t, dir, nil, git); code != 0 {
		t.Fatalf("git: %s", out)
	}
	return dir
}

// noFileModeFailures: the JSON report judged the files and did not fail
// HARD-11 (file modes and owners) on a checkout.
func noFileModeFailures(t *testing.T, report string) {
	t.Helper()
	var r struct {
		Findings []struct {
			CheckID string `json:"check_id"`
			Status  string
		}
	}
	readJSON(t, report, &r)
	judged := 0
	for _, f := range r.Findings {
		judged++
		if f.CheckID == "HARD-11" && f.Status != "not_applicable" {
			t.Errorf("HARD-11 %s on a plain checkout", f.Status)
		}
	}
	if judged == 0 {
		t.Error("the JSON report holds no findings")
	}
}

// checkVersion: the build step's essec version names a real version, never
// dev; in a git clone (.git a directory: Go stamps no VCS information in a
// worktree) without -buildvcs=false, the pseudo-version of the checkout.
func checkVersion(t *testing.T, out string) {
	t.Helper()
	m := regexp.MustCompile(`(?m)^essec (\S+) \(commit (\S+),`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the build step prints no version: %q", out)
	}
	if m[1] == "dev" || strings.Contains(m[1], "dev ") {
		t.Errorf("essec version %q", m[1])
	}
	fi, err := os.Stat(filepath.Join(root, ".git"))
	goflags, _ := exec.Command("go", "env", "GOFLAGS").Output()
	stamped := err == nil && fi.IsDir() && !strings.Contains(string(goflags), "-buildvcs=false")
	if stamped && (m[1] == "0.0.0-unversioned" || !regexp.MustCompile(`^\d+\.\d+\.\d+`).MatchString(m[1])) {
		t.Errorf("go build in a git clone reports version %q, want the checkout's (pseudo-)version", m[1])
	}
	t.Logf("the action's build reports essec %s (commit %s)", m[1], m[2])
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
