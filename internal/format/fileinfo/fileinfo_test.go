package fileinfo

import (
	"os"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestStat(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "elasticsearch.keystore")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o640); err != nil {
		t.Fatal(err)
	}
	fi := Stat(path, "keystore")
	if !fi.Exists || fi.Mode != "0640" || fi.Role != "keystore" || fi.Path != path || fi.Error != "" {
		t.Fatalf("Stat = %+v", fi)
	}
	if fi.UID != os.Getuid() || fi.GID != os.Getgid() {
		t.Errorf("uid/gid = %d/%d, want %d/%d", fi.UID, fi.GID, os.Getuid(), os.Getgid())
	}
	want := strconv.Itoa(os.Getuid())
	if u, err := user.LookupId(want); err == nil {
		want = u.Username
	}
	if fi.Owner != want || fi.Group == "" {
		t.Errorf("owner/group = %q/%q, want owner %q", fi.Owner, fi.Group, want)
	}
}

func TestStatModes(t *testing.T) {
	dir := t.TempDir()
	for _, mode := range []os.FileMode{0o600, 0o644, 0o660, 0o777, 0o400} {
		path := filepath.Join(dir, mode.String())
		if err := os.WriteFile(path, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
		if got, want := Stat(path, "config").Mode, "0"+strconv.FormatUint(uint64(mode), 8); got != want {
			t.Errorf("mode %v: got %q, want %q", mode, got, want)
		}
	}
}

func TestStatFollowsLinks(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.yml")
	if err := os.WriteFile(target, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "kibana.yml")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if fi := Stat(link, "config"); fi.Mode != "0600" {
		t.Errorf("link mode = %q, want the target's 0600", fi.Mode)
	}
}

func TestStatMissing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "users")
	fi := Stat(path, "users")
	if fi.Exists || fi.Mode != "" || fi.Owner != "" || !strings.Contains(fi.Error, "no such file") || !strings.Contains(fi.Error, path) {
		t.Fatalf("Stat = %+v", fi)
	}
}

// A symlink loop exists as far as anyone can tell: its mode is unknown, it
// is not "absent" (which would drop it from HARD-11 silently).
func TestStatLoopIsNotAbsent(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.Symlink(b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a, b); err != nil {
		t.Fatal(err)
	}
	fi := Stat(a, "tls")
	if !fi.Exists || fi.Mode != "" || !strings.Contains(fi.Error, "too many levels of symbolic links") {
		t.Fatalf("Stat = %+v", fi)
	}
	if fi := Stat(filepath.Join(dir, "missing"), "tls"); fi.Exists {
		t.Fatalf("missing: %+v", fi)
	}
}
