package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFileModesInARepository: the same world-readable configuration fails
// HARD-11 (exit 1 with --fail-on high) on a host, and gives no failure in
// a git work tree (issue 8, acceptance 4).
func TestFileModesInARepository(t *testing.T) {
	dir := t.TempDir()
	body := []byte("cluster.name: shop\nnode.name: es01\nxpack.security.enabled: true\n")
	for _, d := range []string{"repo/deploy/es", "host/es"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, d, "elasticsearch.yml")
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "repo", ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	args := func(p string) []string {
		return []string{"audit", filepath.Join(dir, p), "--checks", "HARD-11", "--fail-on", "high", "--format", "json"}
	}
	code, out, errOut := run(t, nil, args("repo/deploy/es")...)
	if code == 1 || code == 2 || strings.Contains(out, `"status": "fail"`) || !strings.Contains(out, `"status": "not_applicable"`) {
		t.Errorf("repository: exit %d, %s %s", code, out, errOut)
	}
	code, out, _ = run(t, nil, args("host/es")...)
	if code != 1 || !strings.Contains(out, "readable by others") {
		t.Errorf("host: exit %d, want 1 with the mode failure", code)
	}
	code, _, _ = run(t, nil, append(args("repo/deploy/es"), "--host")...)
	if code != 1 {
		t.Errorf("--host in a checkout: exit %d, want 1", code)
	}
}
