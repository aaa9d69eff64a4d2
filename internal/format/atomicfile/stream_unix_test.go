//go:build unix

package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestCreateWritesNamedPipesInPlace: a report written to a named pipe
// reaches its reader, and the pipe stays a pipe.
func TestCreateWritesNamedPipesInPlace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.fifo")
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Skip("no named pipes here:", err)
	}
	got := make(chan string)
	go func() {
		f, err := os.Open(path)
		if err != nil {
			got <- err.Error()
			return
		}
		defer f.Close()
		b, _ := io.ReadAll(f)
		got <- string(b)
	}()
	w, err := Create(path, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("streamed"))
	if err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	if s := <-got; s != "streamed" {
		t.Fatalf("the reader got %q", s)
	}
	if st, err := os.Lstat(path); err != nil || st.Mode()&os.ModeNamedPipe == 0 {
		t.Fatalf("the pipe was replaced: %v %v", st.Mode(), err)
	}
}
