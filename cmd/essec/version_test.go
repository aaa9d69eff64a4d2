package main

import (
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// A plain go build (no -ldflags) reports a real version, never "dev".
func TestPlainBuildReportsVersion(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := filepath.Join(t.TempDir(), "essec")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(string(out))
	if !regexp.MustCompile(`^essec \d+\.\d+\.\d+\S* \(commit \S+, built \S+, go`).MatchString(got) || strings.Contains(got, " dev ") {
		t.Errorf("version output %q", got)
	}
}
