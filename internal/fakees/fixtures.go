package fakees

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/sharedtest"
)

// FixtureDir finds testdata/es-api by walking up from the working directory
// to the module root (the directory holding go.mod).
func FixtureDir() (string, error) {
	root, err := sharedtest.FindRoot()
	if err != nil {
		return "", fmt.Errorf("fakees: %w", err)
	}
	return filepath.Join(root, "testdata", "es-api"), nil
}

// Fixture returns the body stored in testdata/es-api/name, failing the test
// when it is missing.
func Fixture(tb testing.TB, name string) []byte {
	tb.Helper()
	dir, err := FixtureDir()
	if err != nil {
		tb.Fatalf("fakees: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		tb.Fatalf("fakees: read fixture %s: %v", name, err)
	}
	return b
}

// withURI replaces the request URI a fixture's error reason names (the
// fixtures were recorded against one URI) with the URI actually requested.
func withURI(body []byte, recorded, actual string) []byte {
	return []byte(strings.ReplaceAll(string(body), "["+recorded+"]", "["+actual+"]"))
}
