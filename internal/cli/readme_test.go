package cli_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeCatalogue fails when the catalogue in README.md no longer
// matches the checks' METADATA (regenerate it with make catalogue).
func TestReadmeCatalogue(t *testing.T) {
	code, out, errOut := run(t, nil, "policies", "list", "--format", "markdown")
	if code != 0 {
		t.Fatalf("policies list: exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(data), "<!-- catalogue:begin -->\n")
	if !ok {
		t.Fatal("README.md has no <!-- catalogue:begin --> marker")
	}
	section, _, ok := strings.Cut(rest, "<!-- catalogue:end -->")
	if !ok {
		t.Fatal("README.md has no <!-- catalogue:end --> marker")
	}
	if section != out {
		t.Errorf("the catalogue in README.md is stale: run make catalogue")
	}
}
