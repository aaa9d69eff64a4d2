package boundedfile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestReadRegularFile(t *testing.T) {
	p := filepath.Join(t.TempDir(), "elasticsearch.yml")
	if err := os.WriteFile(p, []byte("cluster.name: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := Read(p, Config)
	if err != nil || string(data) != "cluster.name: x\n" {
		t.Fatalf("Read = %q, %v", data, err)
	}
}

func TestReadRefusesFIFOWithoutHanging(t *testing.T) {
	p := filepath.Join(t.TempDir(), "elasticsearch.yml")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, err := Read(p, Config)
	if !errors.Is(err, ErrNotRegular) {
		t.Fatalf("err = %v, want ErrNotRegular", err)
	}
	if want := p + ": is a FIFO, not a regular file"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestReadRefusesDevices(t *testing.T) {
	_, err := Read("/dev/zero", TLS)
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "character device") {
		t.Fatalf("err = %v, want a character device refusal", err)
	}
}

func TestReadRefusesDirectory(t *testing.T) {
	_, err := Read(t.TempDir(), Keystore)
	if !errors.Is(err, ErrNotRegular) || !strings.Contains(err.Error(), "is a directory") {
		t.Fatalf("err = %v", err)
	}
}

func TestReadRefusesHugeSparseFileBeforeReading(t *testing.T) {
	p := filepath.Join(t.TempDir(), "kibana.yml")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := os.Truncate(p, 3_200_000_000); err != nil {
		t.Skipf("truncate: %v", err)
	}
	_, err = Read(p, Config)
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v, want ErrTooLarge", err)
	}
	if want := p + ": 3.2 GB is over the 16 MiB limit for a configuration file"; err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestReadAcceptsExactlyTheLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "password")
	small := Kind{"secret file", 8}
	if err := os.WriteFile(p, []byte("12345678"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p, small); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
	if err := os.WriteFile(p, []byte("123456789"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(p, small); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("over the limit: %v", err)
	}
}

func TestReadMissingAndLoop(t *testing.T) {
	dir := t.TempDir()
	_, err := Read(filepath.Join(dir, "nope"), TLS)
	if !errors.Is(err, fs.ErrNotExist) || Reason(err) != "not found" {
		t.Errorf("missing: %v (%q)", err, Reason(err))
	}
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	if err := os.Symlink(b, a); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(a, b); err != nil {
		t.Fatal(err)
	}
	_, err = Read(a, TLS)
	if errors.Is(err, fs.ErrNotExist) || !strings.Contains(Reason(err), "symlink loop") {
		t.Errorf("loop: %v (%q), want a symlink loop that is not 'not found'", err, Reason(err))
	}
}

func TestReadPermissionDenied(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads a mode 000 directory; TestReasonClassifies covers the wording")
	}
	dir := filepath.Join(t.TempDir(), "certs")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "http.p12")
	if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(dir, 0); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	_, err := Read(p, TLS)
	if !errors.Is(err, fs.ErrPermission) || errors.Is(err, fs.ErrNotExist) || Reason(err) != "permission denied" {
		t.Fatalf("err = %v (%q)", err, Reason(err))
	}
}

func TestReasonClassifies(t *testing.T) {
	pe := func(e error) error { return &fs.PathError{Op: "open", Path: "/x", Err: e} }
	for _, tc := range []struct {
		err  error
		want string
	}{
		{pe(syscall.ENOENT), "not found"},
		{pe(syscall.EACCES), "permission denied"},
		{pe(syscall.EPERM), "permission denied"},
		{pe(syscall.ELOOP), "too many levels of symbolic links (a symlink loop)"},
		{pe(syscall.ENOTDIR), "a component of the path is not a directory"},
		{pe(syscall.EIO), syscall.EIO.Error()},
		{&Error{Path: "/x", Reason: "is a FIFO, not a regular file", Err: ErrNotRegular}, "is a FIFO, not a regular file"},
	} {
		if got := Reason(tc.err); got != tc.want {
			t.Errorf("Reason(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{100: "100 bytes", 64 << 10: "64 KiB", 16 << 20: "16 MiB", 140_000: "140.0 kB", 3_200_000_000: "3.2 GB", 5_500_000: "5.5 MB"} {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
}
