package yamlconf

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// envOf returns an env lookup over a fixed map.
func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) {
		v, ok := m[k]
		return v, ok
	}
}

// mustParse parses src or fails the test.
func mustParse(t *testing.T, src string, d Dialect, env map[string]string) *File {
	t.Helper()
	f, err := Parse("test.yml", []byte(src), d, envOf(env))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return f
}

// problemsContain reports whether some problem's message contains sub.
func problemsContain(f *File, sub string) bool {
	for _, p := range f.Problems {
		if strings.Contains(p.Message, sub) {
			return true
		}
	}
	return false
}

// sharedDir returns ../shared/<name> next to the repository root, or skips.
func sharedDir(t testing.TB, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s not present", p)
	}
	return p
}
