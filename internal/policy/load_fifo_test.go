//go:build unix

package policy

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/essec-dev/essec/internal/boundedfile"
)

// A FIFO named like a policy in a user's directory is refused at once,
// never read (it would block the audit forever).
func TestReadDirRefusesFIFO(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "ok.rego"), []byte("package x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "trap.rego"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	_, err := ReadDir(dir)
	if !errors.Is(err, boundedfile.ErrNotRegular) {
		t.Fatalf("ReadDir over a FIFO: got %v, want a not-a-regular-file error", err)
	}
}
