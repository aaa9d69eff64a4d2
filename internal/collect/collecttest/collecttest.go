// Package collecttest writes the configuration trees the collectors' tests
// read. Only tests import it.
package collecttest

import (
	"os"
	"path/filepath"
	"testing"
)

// WriteFile writes data to dir/name with mode, creating the directories
// between, and returns the path. The mode is set after writing so that the
// umask does not change what a test asserts about it.
func WriteFile(t testing.TB, dir, name string, data []byte, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

// WriteFiles writes each file of files (relative path → content) under
// root with mode.
func WriteFiles(t testing.TB, root string, mode os.FileMode, files map[string]string) {
	t.Helper()
	for name, content := range files {
		WriteFile(t, root, name, []byte(content), mode)
	}
}
