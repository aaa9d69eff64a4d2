package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// refusedURL is a loopback URL nothing listens on.
func refusedURL(t *testing.T) string { return "http://" + closedPort(t) }

// An unreachable cluster gives one error (or, in a fleet, one warning)
// naming the deployment, with its first failure, how many more there were,
// and the hint once, though every call failed with it; with --log-format
// json the warning and its hint are one JSON record.
func TestUnreachableClusterOneErrorOneHint(t *testing.T) {
	dir := t.TempDir()
	node := filepath.Join(dir, "node")
	if err := os.MkdirAll(node, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(node, "elasticsearch.yml"), []byte("cluster.name: ok\ndiscovery.type: single-node\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	url := refusedURL(t)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	alone := write("alone.yaml", "deployments:\n  - name: prod\n    elasticsearch:\n      urls: ["+url+"]\n")
	fleet := write("fleet.yaml", "deployments:\n  - name: prod\n    elasticsearch:\n      urls: ["+url+"]\n  - name: files\n    elasticsearch:\n      paths: ["+node+"]\n")

	check := func(t *testing.T, errOut, kind string) {
		t.Helper()
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[0], "essec: "+kind+": ") || !strings.HasPrefix(lines[1], "essec: hint: ") {
			t.Fatalf("want one %s line and one hint line, got:\n%s", kind, errOut)
		}
		if !strings.Contains(lines[0], "prod") || !strings.Contains(lines[0], "connection refused") || !strings.Contains(lines[0], "more errors)") {
			t.Errorf("the %s does not name the deployment, the first failure and how many more: %s", kind, lines[0])
		}
		if strings.Contains(lines[0], "hint") || !strings.Contains(lines[1], "listening at --url") {
			t.Errorf("the hint is not on its own line, once: %s", errOut)
		}
	}
	t.Run("alone", func(t *testing.T) {
		code, _, errOut := run(t, nil, "audit", alone)
		if code != 2 {
			t.Errorf("exit %d, want 2", code)
		}
		check(t, errOut, "error")
		if !strings.Contains(errOut, "deployment prod: ") {
			t.Errorf("the deployment is not named: %s", errOut)
		}
	})
	t.Run("fleet", func(t *testing.T) {
		code, _, errOut := run(t, nil, "audit", fleet, "--fail-on", "none", "--level", "minimal")
		if code != 3 && code != 1 {
			t.Errorf("exit %d", code)
		}
		check(t, errOut, "warning")
	})
	t.Run("json", func(t *testing.T) {
		_, _, errOut := run(t, nil, "--log-format", "json", "audit", fleet, "--fail-on", "none")
		lines := strings.Split(strings.TrimSpace(errOut), "\n")
		if len(lines) != 1 {
			t.Fatalf("want one record, got:\n%s", errOut)
		}
		var rec struct {
			Level string   `json:"level"`
			Msg   string   `json:"msg"`
			Hint  []string `json:"hint"`
		}
		if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil || rec.Level != "WARN" || len(rec.Hint) != 1 || !strings.Contains(rec.Msg, "prod") {
			t.Errorf("not one WARN record with its hint (%v): %s", err, lines[0])
		}
	})
}

// With --log-format json every message on stderr is a JSON record: the
// plain-HTTP credentials warning and the unreachable cluster's error too.
func TestJSONLogFormatCoversWarnings(t *testing.T) {
	url := refusedURL(t)
	_, _, errOut := run(t, map[string]string{"ESSEC_PASSWORD": "pw-for-test-only"},
		"--log-format", "json", "audit", "--url", url, "--user", "auditor")
	var levels []string
	for _, l := range strings.Split(strings.TrimSpace(errOut), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("stderr line is not JSON: %q", l)
		}
		levels = append(levels, rec["level"].(string))
	}
	if strings.Join(levels, ",") != "WARN,ERROR" || !strings.Contains(errOut, "is plain HTTP") {
		t.Errorf("want the plain-HTTP warning then the error, as JSON records: %s", errOut)
	}
}
