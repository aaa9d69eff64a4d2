package remediations

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// fixture writes two nodes (security on, no TLS) and a Kibana with a
// clear-text password, and returns the matching input document and the
// failing findings an audit gives.
func fixture(t *testing.T) (string, *inventory.Document, []finding.Finding) {
	t.Helper()
	root := t.TempDir()
	// 8.13: the keystores the plans write are format version 5 (10,000
	// key-derivation rounds); 8.14 and later write version 6, whose 210,000
	// rounds cost 0.17 s of CPU per write or read, and the apply tests run
	// these plans dozens of times.
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "acme", Version: "8.13.4"}}
	var found []finding.Finding
	for _, name := range []string{"es01", "es02"} {
		dir := filepath.Join(root, name)
		os.MkdirAll(dir, 0o750)
		yml := filepath.Join(dir, "elasticsearch.yml")
		os.WriteFile(yml, []byte("# node "+name+"\nnode.name: "+name+"\nxpack.security.enabled: true # on\n"), 0o660)
		doc.Elasticsearch.Nodes = append(doc.Elasticsearch.Nodes, inventory.Node{Name: name, ConfigDir: dir, ConfigFile: yml,
			Settings: map[string]inventory.Setting{"node.name": {Value: name, List: []string{name}, Source: "file"}}})
		found = append(found, finding.Finding{CheckID: "HTTPS-01", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "node", Name: name}})
	}
	found = append(found, finding.Finding{CheckID: "BAS-01", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "cluster", Name: "acme"}})
	kdir := filepath.Join(root, "kibana")
	os.MkdirAll(kdir, 0o750)
	kyml := filepath.Join(kdir, "kibana.yml")
	os.WriteFile(kyml, []byte("# kibana\nelasticsearch.hosts: [\"http://es01:9200\"]\nelasticsearch.password: \"pw-in-clear\"\n"), 0o640)
	doc.Kibana = []inventory.Kibana{{Name: "kb", ConfigDir: kdir, ConfigFile: kyml, Settings: map[string]inventory.Setting{
		"elasticsearch.hosts":    {Value: "http://es01:9200", List: []string{"http://es01:9200"}, Source: "file"},
		"elasticsearch.password": {Secret: true, Source: "file"},
	}}}
	found = append(found,
		finding.Finding{CheckID: "MIN-06", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "kibana", Name: "kb"}},
		finding.Finding{CheckID: "HTTPS-04", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "kibana", Name: "kb"}})
	return root, doc, found
}

type state map[string]string

func snap(t *testing.T, root string) state {
	t.Helper()
	out := state{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		st, _ := os.Stat(p)
		if d.IsDir() {
			out[p] = "dir " + st.Mode().Perm().String()
			return nil
		}
		b, _ := os.ReadFile(p)
		out[p] = st.Mode().Perm().String() + " " + hashOf(b)
		return nil
	})
	return out
}

func equalState(a, b state) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func build(t *testing.T, doc *inventory.Document, found []finding.Finding) *Plan {
	t.Helper()
	p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelHTTPS, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if !p.Changes() {
		t.Fatal("the plan changes nothing")
	}
	return p
}

// TestApplyFaultAfterEachFile injects a failure after each file of the
// transaction is replaced: the files must all be as before, and the error
// must say so.
func TestApplyFaultAfterEachFile(t *testing.T) {
	root, doc, found := fixture(t)
	before := snap(t, root)
	p := build(t, doc, found)
	n := len(p.order)
	for i := 0; i < n; i++ {
		backups := t.TempDir()
		_, err := Apply(p, ApplyOptions{BackupDir: backups, Now: time.Now(), AfterCommit: func(j int, _ string) error {
			if j == i {
				return errors.New("injected failure")
			}
			return nil
		}})
		var ae *ApplyError
		if !errors.As(err, &ae) || !ae.AllRestored || !strings.Contains(err.Error(), "every file is as before") {
			t.Fatalf("failure after file %d: err = %v", i, err)
		}
		if got := snap(t, root); !equalState(before, got) {
			t.Fatalf("failure after file %d of %d: files are not all as before", i, n)
		}
		sets, _ := ListBackups(backups)
		if len(sets) != 1 || sets[0].State != StateRolledBack {
			t.Fatalf("failure after file %d: journal state %+v", i, sets)
		}
	}
	// Without a failure the same plan applies completely.
	res, err := Apply(p, ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if res.Set.Committed != n {
		t.Errorf("committed %d of %d", res.Set.Committed, n)
	}
	kyml, _ := os.ReadFile(filepath.Join(root, "kibana", "kibana.yml"))
	if bytes.Contains(kyml, []byte("pw-in-clear")) {
		t.Error("the clear-text password is still in kibana.yml")
	}
}

// TestInterruptedApplyRollsBack simulates a crash in the middle of an apply
// (the journal stays "applying") and rolls the set back.
func TestInterruptedApplyRollsBack(t *testing.T) {
	root, doc, found := fixture(t)
	before := snap(t, root)
	p := build(t, doc, found)
	backups := t.TempDir()
	func() {
		defer func() { recover() }()
		Apply(p, ApplyOptions{BackupDir: backups, Now: time.Now(), AfterCommit: func(j int, _ string) error {
			if j == 2 {
				panic("crash")
			}
			return nil
		}})
	}()
	sets, err := Interrupted(backups)
	if err != nil || len(sets) != 1 {
		t.Fatalf("interrupted sets: %v %v", sets, err)
	}
	if equalState(before, snap(t, root)) {
		t.Fatal("the simulated crash changed nothing; the test proves nothing")
	}
	if _, err := Rollback(backups, sets[0].ID); err != nil {
		t.Fatal(err)
	}
	if !equalState(before, snap(t, root)) {
		t.Error("rollback of an interrupted apply did not restore every file")
	}
}

// TestApplyRefusesStalePlan changes a file after planning.
func TestApplyRefusesStalePlan(t *testing.T) {
	root, doc, found := fixture(t)
	p := build(t, doc, found)
	os.WriteFile(filepath.Join(root, "kibana", "kibana.yml"), []byte("# changed\n"), 0o640)
	if _, err := Apply(p, ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}); !errors.Is(err, ErrStale) {
		t.Fatalf("err = %v, want ErrStale", err)
	}
}

// TestBackupSetIsPrivate checks the modes of the backup set.
func TestBackupSetIsPrivate(t *testing.T) {
	_, doc, found := fixture(t)
	p := build(t, doc, found)
	backups := filepath.Join(t.TempDir(), "b")
	res, err := Apply(p, ApplyOptions{BackupDir: backups, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(res.Set.dir, func(path string, d fs.DirEntry, err error) error {
		st, _ := os.Stat(path)
		want := os.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		}
		if st.Mode().Perm() != want {
			t.Errorf("%s: mode %o, want %o", path, st.Mode().Perm(), want)
		}
		return nil
	})
}

// TestEnableSecurityBringsTransportTLS: switching security on in a
// multi-node cluster plans transport TLS in the same apply.
func TestEnableSecurityBringsTransportTLS(t *testing.T) {
	_, doc, _ := fixture(t)
	var found []finding.Finding
	for _, n := range doc.Elasticsearch.Nodes {
		found = append(found, finding.Finding{CheckID: "MIN-01", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "node", Name: n.Name}})
	}
	p := build(t, doc, found)
	var titles []string
	for _, s := range p.Steps {
		titles = append(titles, s.Title)
	}
	joined := strings.Join(titles, "; ")
	if !strings.Contains(joined, "enable security on node es01") || !strings.Contains(joined, "transport TLS on node es02") {
		t.Errorf("steps: %s", joined)
	}
	if len(p.Restarts) == 0 || !strings.Contains(p.Restarts[0], "full cluster restart") {
		t.Errorf("restarts: %v", p.Restarts)
	}
}

// TestApplyStopsWhenBackupDirCannotBeRestricted: a backup directory that
// cannot be made private (chmod refused, or accepted and ignored) stops the
// apply before any file is written, with a message naming the directory.
func TestApplyStopsWhenBackupDirCannotBeRestricted(t *testing.T) {
	for name, chmod := range map[string]func(string, fs.FileMode) error{
		"chmod refused": func(d string, m fs.FileMode) error {
			if filepath.Base(filepath.Dir(d)) == "b" {
				return fs.ErrPermission
			}
			return os.Chmod(d, m)
		},
		"chmod ignored": func(d string, _ fs.FileMode) error { return os.Chmod(d, 0o755) },
	} {
		t.Run(name, func(t *testing.T) {
			root, doc, found := fixture(t)
			before := snap(t, root)
			p := build(t, doc, found)
			backups := filepath.Join(t.TempDir(), "b")
			_, err := Apply(p, ApplyOptions{BackupDir: backups, Now: time.Now(), chmod: chmod})
			if err == nil || !strings.Contains(err.Error(), "restrict the backup directory "+backups) || !strings.Contains(err.Error(), "nothing was written") {
				t.Fatalf("err = %v, want the backup directory named", err)
			}
			if after := snap(t, root); !equalState(before, after) {
				t.Errorf("files changed although the backup directory was not private")
			}
			if sets, _ := os.ReadDir(backups); len(sets) != 0 {
				t.Errorf("backup set left behind: %v", sets)
			}
		})
	}
}

// TestExistingBackupDirKeepsItsMode: a backup directory the user already
// has is not re-moded (it may be shared); the set inside it is 0700.
func TestExistingBackupDirKeepsItsMode(t *testing.T) {
	_, doc, found := fixture(t)
	p := build(t, doc, found)
	backups := t.TempDir()
	if err := os.Chmod(backups, 0o755); err != nil {
		t.Fatal(err)
	}
	res, err := Apply(p, ApplyOptions{BackupDir: backups, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := os.Stat(backups); st.Mode().Perm() != 0o755 {
		t.Errorf("the existing backup directory became %o", st.Mode().Perm())
	}
	if st, _ := os.Stat(res.Set.dir); st.Mode().Perm() != 0o700 {
		t.Errorf("backup set mode %o, want 700", st.Mode().Perm())
	}
}
