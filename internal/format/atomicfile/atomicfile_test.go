package atomicfile

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteCreatesWithModeAndLeavesNoTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "ca.key")
	if _, err := Write(p, []byte("key"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %o, want 600", st.Mode().Perm())
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("directory holds %d entries, want only the file", len(ents))
	}
}

func TestWriteKeepsModeOfExistingFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "elasticsearch.yml")
	if err := os.WriteFile(p, []byte("a: 1\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, 0o640); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(p, []byte("a: 2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	got, _ := os.ReadFile(p)
	if st.Mode().Perm() != 0o640 || string(got) != "a: 2\n" {
		t.Errorf("mode %o content %q, want 640 and the new content", st.Mode().Perm(), got)
	}
}

func TestWriteFollowsSymlinkAndKeepsIt(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real.yml")
	link := filepath.Join(dir, "link.yml")
	os.WriteFile(real, []byte("old"), 0o644)
	if err := os.Symlink("real.yml", link); err != nil {
		t.Fatal(err)
	}
	tg, err := Write(link, []byte("new"), 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if !tg.Symlink || tg.Resolved != real {
		t.Errorf("target = %+v, want the link resolved to %s", tg, real)
	}
	lst, _ := os.Lstat(link)
	if lst.Mode()&os.ModeSymlink == 0 {
		t.Error("the symbolic link was replaced by a file")
	}
	if got, _ := os.ReadFile(real); string(got) != "new" {
		t.Errorf("target content %q, want new", got)
	}
}

func TestWriteRefusesHardLinkedFile(t *testing.T) {
	dir := t.TempDir()
	a := filepath.Join(dir, "a")
	os.WriteFile(a, []byte("old"), 0o644)
	if err := os.Link(a, filepath.Join(dir, "b")); err != nil {
		t.Skip("hard links not supported:", err)
	}
	_, err := Write(a, []byte("new"), 0o600)
	if !errors.Is(err, ErrHardLinked) {
		t.Fatalf("err = %v, want ErrHardLinked", err)
	}
	if got, _ := os.ReadFile(a); string(got) != "old" {
		t.Errorf("content changed to %q", got)
	}
}

func TestWriteRefusesDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := Write(dir, []byte("x"), 0o600); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
}

func TestAbortRemovesTemp(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x")
	tg, _ := Resolve(p, 0o600)
	s, err := Stage(tg, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	s.Abort()
	if ents, _ := os.ReadDir(dir); len(ents) != 0 {
		t.Errorf("%d entries left after Abort", len(ents))
	}
}

func TestStageKeepsOwner(t *testing.T) {
	if os.Getuid() != 0 {
		t.Skip("needs root to give a file another owner")
	}
	p := filepath.Join(t.TempDir(), "elasticsearch.keystore")
	os.WriteFile(p, []byte("old"), 0o660)
	if err := os.Chown(p, 1234, 5678); err != nil {
		t.Fatal(err)
	}
	if _, err := Write(p, []byte("new"), 0o600); err != nil {
		t.Fatal(err)
	}
	st, _ := os.Stat(p)
	uid, gid, _ := ownerOf(st)
	if uid != 1234 || gid != 5678 {
		t.Errorf("owner %d:%d, want 1234:5678", uid, gid)
	}
}

func TestCreateCommitsWholeOrNothing(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	if err := os.WriteFile(path, []byte("old"), 0o640); err != nil {
		t.Fatal(err)
	}
	w, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("new "))
	if got, _ := os.ReadFile(path); string(got) != "old" {
		t.Fatalf("before Commit the file reads %q", got)
	}
	_, _ = w.Write([]byte("content"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	st, _ := os.Stat(path)
	if string(got) != "new content" || st.Mode().Perm() != 0o640 {
		t.Fatalf("after Commit: %q mode %v", got, st.Mode().Perm())
	}
	w, err = Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("half"))
	w.Abort()
	entries, _ := os.ReadDir(dir)
	if got, _ := os.ReadFile(path); string(got) != "new content" || len(entries) != 1 {
		t.Fatalf("after Abort: %q, %d files", got, len(entries))
	}
}

// TestCreateWritesDevicesInPlace: -o /dev/null must not replace the device
// with a regular file.
func TestCreateWritesDevicesInPlace(t *testing.T) {
	st, err := os.Stat("/dev/null")
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Skip("no /dev/null character device here")
	}
	w, err := Create("/dev/null", 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("gone"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat("/dev/null"); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		t.Fatalf("/dev/null is no longer a device: %v %v", st.Mode(), err)
	}
}
