package fakees

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FixtureDir finds testdata/es-api by walking up from the working directory
// to the module root (the directory holding go.mod).
func FixtureDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "testdata", "es-api"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("fakees: no go.mod above the working directory")
		}
		dir = parent
	}
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
