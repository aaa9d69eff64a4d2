package yamlconf

import (
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
