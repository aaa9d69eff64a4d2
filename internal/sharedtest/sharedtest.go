// Package sharedtest finds, for tests, the repository root and the folders
// of ../shared beside it (the corpus of configuration files, the real-world
// keystores and certificates). ../shared is absent from most checkouts, so
// the tests that need it skip rather than fail.
package sharedtest

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// Root returns the repository root: the nearest directory holding go.mod,
// from the working directory (a test's package directory) up.
func Root(t testing.TB) string {
	t.Helper()
	root, err := FindRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// Dir returns <root>/../shared/<name>, or skips the test when it is absent.
func Dir(t testing.TB, name string) string {
	t.Helper()
	root, err := FindRoot()
	if err != nil {
		t.Skipf("%v: ../shared/%s not looked for", err, name)
	}
	dir := filepath.Join(root, "..", "shared", name)
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("%s is absent (it sits beside the repository in some checkouts only): test skipped", dir)
	}
	return dir
}

// FindRoot is Root for code without a test to fail: it returns an error
// when no directory above the working directory holds go.mod.
func FindRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}
