package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/keystore"
)

// fixFixture writes three 8.x nodes with security on and no TLS, and a
// Kibana reaching them over http with a clear-text password.
func fixFixture(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	for i := 1; i <= 3; i++ {
		dir := filepath.Join(root, fmt.Sprintf("es0%d", i))
		write(t, filepath.Join(dir, "elasticsearch.yml"), fmt.Sprintf(`# ======================== Elasticsearch Configuration =========================
cluster.name: acme-logs
node.name: es0%[1]d

# ---------------------------------- Network -----------------------------------
network.host: 10.1.0.1%[1]d
http.port: 9200
discovery.seed_hosts: ["10.1.0.11", "10.1.0.12", "10.1.0.13"]
cluster.initial_master_nodes: ["es01", "es02", "es03"]

# ---------------------------------- Security ----------------------------------
xpack.security.enabled: true   # turned on last spring
# TLS comes next
`, i), 0o660)
		var ks bytes.Buffer
		if err := keystore.WriteElasticsearch(&ks, 5, nil, map[string][]byte{"keystore.seed": []byte("abcdefghij0123456789")}, nil); err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(dir, "elasticsearch.keystore"), ks.String(), 0o660)
	}
	write(t, filepath.Join(root, "kibana", "kibana.yml"), `# Kibana for acme-logs
server.host: "0.0.0.0"
server.name: kb01

elasticsearch.hosts: ["http://10.1.0.11:9200"]
elasticsearch.username: "kibana_system"
elasticsearch.password: "Kib4na-cl34r-t3xt"   # TODO move to the keystore
`, 0o640)
	return root
}

func write(t *testing.T, path, content string, mode os.FileMode) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	os.Chmod(path, mode)
}

type fileState struct {
	data []byte
	mode fs.FileMode
}

func snapshot(t *testing.T, root string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		st, _ := os.Stat(p)
		out[p] = fileState{b, st.Mode().Perm()}
		return nil
	})
	return out
}

func sameFiles(t *testing.T, what string, want, got map[string]fileState) {
	t.Helper()
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			t.Errorf("%s: %s is gone", what, p)
		case !bytes.Equal(g.data, w.data):
			t.Errorf("%s: %s changed", what, p)
		case g.mode != w.mode:
			t.Errorf("%s: %s mode %o, want %o", what, p, g.mode, w.mode)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			t.Errorf("%s: %s was created", what, p)
		}
	}
}

// apiOnly are the checks of the ladder that files cannot settle: they
// need the live API (built-in passwords, the service account token) or a
// certificate from the organisation's own CA.
var apiOnly = []string{"MIN-03", "MIN-05", "MIN-07", "HTTPS-07"}

// TestFixAcceptance is issue 10's acceptance round trip.
func TestFixAcceptance(t *testing.T) {
	t.Parallel()
	root := fixFixture(t)
	backups := t.TempDir()
	paths := []string{filepath.Join(root, "es01"), filepath.Join(root, "es02"), filepath.Join(root, "es03"), filepath.Join(root, "kibana")}
	args := func(extra ...string) []string {
		return append(append(append([]string{"fix"}, paths...), "--es-version", "8.15.1", "--backup-dir", backups), extra...)
	}
	original := snapshot(t, root)

	code, out, stderr := run(t, nil, args("--level", "https")...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	sameFiles(t, "dry run", original, snapshot(t, root))
	for _, want := range []string{"transport TLS on node es01", "full cluster restart", "@@", "essec-transport.p12"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "Kib4na-cl34r-t3xt") || strings.Contains(stderr, "Kib4na-cl34r-t3xt") {
		t.Error("the plan shows the Kibana password")
	}

	code, _, stderr = run(t, nil, args("--level", "https", "--apply")...)
	if code != cli.ExitUsage || !strings.Contains(stderr, "--yes") {
		t.Errorf("apply without a terminal and --yes: exit %d, stderr %q", code, stderr)
	}

	code, out, stderr = run(t, nil, args("--level", "https", "--apply", "--yes")...)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "fixed") {
		t.Errorf("apply output has no per-step verdicts:\n%s", out)
	}
	applied := snapshot(t, root)

	// A new audit: no ladder check the files decide still fails.
	report := filepath.Join(t.TempDir(), "report.json")
	run(t, nil, append(append([]string{"audit"}, paths...), "--es-version", "8.15.1", "--level", "https", "--format", "json="+report)...)
	var r finding.Report
	data, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	for _, f := range r.Findings {
		if f.Status == finding.StatusFail && f.Level.LadderIndex() >= 0 && !slices.Contains(apiOnly, f.CheckID) {
			t.Errorf("after fix: %s fails on %s %s: %s", f.CheckID, f.Resource.Kind, f.Resource.Name, f.Message)
		}
	}
	// Every comment survives; the clear-text password moved to the keystore.
	for p, st := range original {
		if !strings.HasSuffix(p, ".yml") {
			continue
		}
		now := string(applied[p].data)
		for _, line := range strings.Split(string(st.data), "\n") {
			if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(now, line[i:]) {
				t.Errorf("%s: comment %q lost", p, line[i:])
			}
		}
	}
	kyml := string(applied[filepath.Join(root, "kibana", "kibana.yml")].data)
	if strings.Contains(kyml, "Kib4na-cl34r-t3xt") || strings.Contains(kyml, "elasticsearch.password") {
		t.Errorf("kibana.yml still holds the password:\n%s", kyml)
	}
	_, secrets, err := keystore.ParseKibana(applied[filepath.Join(root, "kibana", "kibana.keystore")].data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := secrets.Get("elasticsearch.password"); string(v) != "Kib4na-cl34r-t3xt" {
		t.Error("kibana.keystore does not hold the moved password")
	}
	if st := applied[filepath.Join(root, "es01", "certs", "essec-transport.p12")]; st.mode != 0o600 {
		t.Errorf("transport store mode %o, want 600", st.mode)
	}

	// A second apply changes nothing.
	code, out, stderr = run(t, nil, args("--level", "https", "--apply", "--yes")...)
	if code != 0 || !strings.Contains(out, "Nothing to apply") {
		t.Errorf("second apply: exit %d\n%s\n%s", code, out, stderr)
	}
	sameFiles(t, "second apply", applied, snapshot(t, root))

	// Rollback restores every byte and mode and removes what was created.
	code, out, stderr = run(t, nil, "fix", "--rollback", "--backup-dir", backups)
	if code != 0 {
		t.Fatalf("rollback: exit %d\n%s\n%s", code, out, stderr)
	}
	sameFiles(t, "rollback", original, snapshot(t, root))
	if _, err := os.Stat(filepath.Join(root, "es01", "certs")); err == nil {
		t.Error("rollback left the certs directory it created")
	}
}

// TestFixSavedPlanRefusedWhenStale saves a plan, changes an input and
// checks that --apply FILE refuses.
func TestFixSavedPlanRefusedWhenStale(t *testing.T) {
	root := fixFixture(t)
	backups := t.TempDir()
	plan := filepath.Join(t.TempDir(), "plan.json")
	kdir := filepath.Join(root, "kibana")
	code, _, stderr := run(t, nil, "fix", kdir, "--es-version", "8.15.1", "--backup-dir", backups, "--out", plan, "--format", "json")
	if code != 0 {
		t.Fatalf("plan: exit %d %s", code, stderr)
	}
	f, _ := os.OpenFile(filepath.Join(kdir, "kibana.yml"), os.O_APPEND|os.O_WRONLY, 0)
	f.WriteString("# edited after planning\n")
	f.Close()
	before := snapshot(t, root)
	code, _, stderr = run(t, nil, "fix", kdir, "--es-version", "8.15.1", "--backup-dir", backups, "--apply", plan, "--yes")
	if code != cli.ExitUsage || !strings.Contains(stderr, "changed since the plan was saved") {
		t.Errorf("stale plan: exit %d, stderr %q", code, stderr)
	}
	sameFiles(t, "stale plan", before, snapshot(t, root))
}

// copyTree copies a directory (regular files and directories only).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		if !d.Type().IsRegular() {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		st, _ := d.Info()
		return os.WriteFile(target, b, st.Mode().Perm())
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFixRoundTripCompatibility applies essec fix to a copy of the demo
// and of every real-world set, applies again (nothing changes) and rolls
// back (every byte and mode as before, created files gone).
func TestFixRoundTripCompatibility(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("long compatibility test")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	sets := map[string]string{"demo": filepath.Join(root, "testdata", "demo")}
	rw := filepath.Join(root, "..", "shared", "realworld")
	if entries, err := os.ReadDir(rw); err == nil {
		for _, e := range entries {
			if e.IsDir() {
				sets[e.Name()] = filepath.Join(rw, e.Name())
			}
		}
	}
	applied := 0
	for name, src := range sets {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), name)
			copyTree(t, src, dir)
			backups := t.TempDir()
			args := []string{"fix", dir, "--backup-dir", backups}
			if name == "demo" {
				args = []string{"fix", filepath.Join(dir, "essec.yaml"), "--backup-dir", backups}
			}
			original := snapshot(t, dir)
			code, out, stderr := run(t, nil, append(args, "--apply", "--yes")...)
			if code == cli.ExitUsage && !strings.Contains(out, "Applied") {
				t.Logf("not fixed: %s", strings.TrimSpace(stderr))
				sameFiles(t, "refused apply", original, snapshot(t, dir))
				return
			}
			if code != 0 {
				t.Fatalf("apply: exit %d\n%s", code, stderr)
			}
			if !strings.Contains(out, "Applied") {
				return // nothing essec can change
			}
			applied++
			after := snapshot(t, dir)
			if code, out, _ := run(t, nil, append(args, "--apply", "--yes")...); code != 0 || !strings.Contains(out, "Nothing to apply") {
				t.Errorf("second apply: exit %d, plans again:\n%s", code, out)
			}
			sameFiles(t, "second apply", after, snapshot(t, dir))
			if code, _, stderr := run(t, nil, "fix", "--rollback", "--backup-dir", backups); code != 0 {
				t.Fatalf("rollback: exit %d %s", code, stderr)
			}
			sameFiles(t, "rollback", original, snapshot(t, dir))
		})
	}
}
