package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/benchfleet"
)

// runIn executes essec in-process with stdin.
func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runWith(t, stdin, nil, args...)
}

// inputFleet writes n small deployments (one or two nodes and a Kibana
// each, no keystore), each with its own inventory as a host would have,
// plus one inventory naming them all. It returns the directory, the
// per-deployment inventories and the whole fleet's inventory.
func inputFleet(t *testing.T, n int) (string, []string, string) {
	t.Helper()
	root := t.TempDir()
	var invs []string
	var all strings.Builder
	all.WriteString("deployments:\n")
	for i := range n {
		name := fmt.Sprintf("dep-%02d", i)
		inv, err := benchfleet.Write(filepath.Join(root, name), benchfleet.Options{Nodes: 1 + i%2, Keystores: -1,
			Now: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(inv)
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(string(data), "name: bench-fleet", "name: "+name, 1)
		if err := os.WriteFile(inv, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		invs = append(invs, inv)
		_, body, _ := strings.Cut(text, "deployments:\n")
		all.WriteString(strings.NewReplacer("- es", "- "+name+"/es", "- kb", "- "+name+"/kb").Replace(body))
	}
	fleet := filepath.Join(root, "fleet.yaml")
	if err := os.WriteFile(fleet, []byte(all.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return root, invs, fleet
}

// reportOf decodes a JSON report without what differs between two runs
// (scan id, time).
func reportOf(t *testing.T, path string) map[string]any {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var r map[string]any
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	delete(r, "scan_id")
	delete(r, "generated_at")
	return r
}

// TestInputFleetMatchesDirectAudit: 50 evidence documents written by essec
// collect, one per host, audited from a directory, give the report of
// auditing the 50 deployments directly (issue 12, acceptance 5); five of
// them as NDJSON on stdin give their deployments' findings.
func TestInputFleetMatchesDirectAudit(t *testing.T) {
	t.Parallel()
	root, invs, fleet := inputFleet(t, 50)
	evidence := filepath.Join(root, "evidence")
	if err := os.Mkdir(evidence, 0o700); err != nil {
		t.Fatal(err)
	}
	var ndjson strings.Builder
	for i, inv := range invs {
		out := filepath.Join(evidence, fmt.Sprintf("dep-%02d.json", i))
		if code, _, stderr := run(t, nil, "collect", inv, "-o", out); code != 0 {
			t.Fatalf("collect %s: exit %d: %s", inv, code, stderr)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		var compact bytes.Buffer
		if err := json.Compact(&compact, data); err != nil {
			t.Fatal(err)
		}
		ndjson.WriteString(compact.String() + "\n")
	}
	direct := filepath.Join(root, "direct.json")
	code, _, stderr := run(t, nil, "audit", fleet, "--format", "json", "-o", direct)
	if code != 1 {
		t.Fatalf("direct audit: exit %d: %s", code, stderr)
	}
	want := reportOf(t, direct)
	if deps, _ := want["deployments"].([]any); len(deps) != 50 {
		t.Fatalf("the direct audit has %d deployments, want 50", len(deps))
	}
	fromDir := filepath.Join(root, "dir.json")
	if code, _, stderr := run(t, nil, "audit", "--input", evidence, "--format", "json", "-o", fromDir); code != 1 {
		t.Fatalf("audit --input %s: exit %d: %s", evidence, code, stderr)
	}
	if got := reportOf(t, fromDir); !reflect.DeepEqual(got, want) {
		for key := range want {
			if !reflect.DeepEqual(got[key], want[key]) {
				t.Errorf("audit --input DIR: %s differ from the direct audit's", key)
			}
		}
	}
	// NDJSON on stdin, five of the documents: their deployments' findings.
	fromStdin := filepath.Join(root, "stdin.json")
	lines := strings.SplitAfter(ndjson.String(), "\n")
	if code, _, stderr := runIn(t, strings.Join(lines[:5], ""), "audit", "--input", "-", "--format", "json", "-o", fromStdin); code != 1 {
		t.Fatalf("audit --input -: exit %d: %s", code, stderr)
	}
	got := reportOf(t, fromStdin)
	if !reflect.DeepEqual(got["findings"], ofDeployments(want["findings"], 5)) || !reflect.DeepEqual(got["deployments"], want["deployments"].([]any)[:5]) {
		t.Errorf("audit --input - over five documents: findings or deployments differ from the direct audit's")
	}
}

// ofDeployments keeps the findings of dep-00 to dep-(n-1).
func ofDeployments(findings any, n int) []any {
	var out []any
	for _, f := range findings.([]any) {
		var i int
		if _, err := fmt.Sscanf(f.(map[string]any)["deployment"].(string), "dep-%d", &i); err == nil && i < n {
			out = append(out, f)
		}
	}
	return out
}

// TestInputErrorsNameTheDocument: a deployment given twice, or a document
// that is not evidence, stops the run with exit 2 and says where.
func TestInputErrorsNameTheDocument(t *testing.T) {
	dir := t.TempDir()
	doc := func(name string, version int) string {
		return fmt.Sprintf(`{"schema_version": %d, "deployment": {"name": %q}}`, version, name)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.json"), []byte(doc("prod", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "b.json"), []byte("["+doc("dev", 1)+",\n"+doc("prod", 1)+"]"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, stdin string
		args        []string
		want        []string
	}{
		{"duplicate", "", []string{"--input", dir}, []string{"b.json:2 (document 2)", `deployment "prod" was already read from`, "a.json:1 (document 1)"}},
		{"schema on stdin", doc("a", 1) + "\n" + doc("b", 7) + "\n", []string{"--input", "-"}, []string{"read --input: stdin:2 (document 2): schema_version 7"}},
		{"not json on stdin", "deployment: yaml\n", []string{"--input", "-"}, []string{"stdin:1 (document 1): not an essec input document"}},
	} {
		code, stdout, stderr := runIn(t, tc.stdin, append([]string{"audit"}, tc.args...)...)
		if code != 2 || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q; want exit 2 and no report", tc.name, code, stdout)
		}
		for _, w := range tc.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%s: stderr %q does not say %q", tc.name, stderr, w)
			}
		}
	}
}
