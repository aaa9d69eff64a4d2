package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The build's version is what essec version prints and what every report
// names as the tool's version: SARIF's driver.version (code scanning shows
// it per analysis) and the JSON report's tool.version.
func TestVersionInReports(t *testing.T) {
	t.Parallel()
	code, out, errOut := run(t, nil, "version")
	if code != 0 || !strings.HasPrefix(out, "essec test ") {
		t.Fatalf("essec version: exit %d, %q %q", code, out, errOut)
	}
	dir := t.TempDir()
	sarifFile, jsonFile := filepath.Join(dir, "out.sarif"), filepath.Join(dir, "out.json")
	code, _, errOut = run(t, nil, "audit", "../../testdata/demo/essec.yaml", "--format", "sarif="+sarifFile, "--format", "json="+jsonFile)
	if code != 1 {
		t.Fatalf("audit of the demo: exit %d, stderr %q", code, errOut)
	}
	var sarif struct {
		Runs []struct {
			Tool struct {
				Driver struct{ Name, Version string }
			}
		}
	}
	readJSONFile(t, sarifFile, &sarif)
	if len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Version != "test" {
		t.Errorf("SARIF runs %+v: want driver.version %q", sarif.Runs, "test")
	}
	var report struct {
		Tool struct{ Name, Version string }
	}
	readJSONFile(t, jsonFile, &report)
	if report.Tool.Version != "test" {
		t.Errorf("JSON tool %+v: want version %q", report.Tool, "test")
	}
}

func readJSONFile(t *testing.T, path string, v any) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}
