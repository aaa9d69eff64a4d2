package junit

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// reportDir holds the shared fixture and this package's golden files.
var reportDir = filepath.Join("..", "..", "..", "testdata", "report")

// loadFixture reads the representative report every format is tested with:
// several deployments, every status, file and live findings, waived ones.
func loadFixture(t *testing.T) *finding.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(reportDir, "fixture.json"))
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		Rules  []finding.Rule  `json:"rules"`
		Report *finding.Report `json:"report"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&fx); err != nil {
		t.Fatalf("decode fixture: %v", err)
	}
	fx.Report.Rules = fx.Rules
	return fx.Report
}

// golden compares got with the named golden file, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) []byte {
	t.Helper()
	path := filepath.Join(reportDir, name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	return want
}

// loadDemo reads the JSON report essec wrote for testdata/demo (paths
// rewritten under /repo): a real run's findings, without the catalogue.
func loadDemo(t *testing.T) *finding.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(reportDir, "demo-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r finding.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("decode demo report: %v", err)
	}
	return &r
}
