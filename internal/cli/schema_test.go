package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

func compileSchema(t *testing.T, path string) *jsonschema.Schema {
	t.Helper()
	sch, err := jsonschema.NewCompiler().Compile(path)
	if err != nil {
		t.Fatalf("compile %s: %v", path, err)
	}
	return sch
}

// TestReportsValidateAgainstSchemas runs real audits (the demo, a broken
// input, a filtered run) and validates the JSON report against the schema
// the project ships, and the SARIF against the OASIS schema.
func TestReportsValidateAgainstSchemas(t *testing.T) {
	report := compileSchema(t, filepath.Join("..", "..", "docs", "report.schema.json"))
	sarif := compileSchema(t, filepath.Join("..", "..", "testdata", "sarif-schema-2.1.0.json"))
	demo := filepath.Join("..", "..", "testdata", "demo", "essec.yaml")
	node := filepath.Join("..", "..", "testdata", "demo", "es01")
	runs := map[string][]string{
		"demo":             {"audit", demo},
		"demo verbose":     {"audit", demo, "--level", "minimal"},
		"one node":         {"audit", node, "--es-version", "7.17.3"},
		"selected checks":  {"audit", demo, "--checks", "MIN-01,BAS-01"},
		"version unknown":  {"audit", node},
		"skipped hardened": {"audit", demo, "--skip-checks", "HARD-11"},
		"not audited":      {"audit", notAuditedInventory(t)},
	}
	for name, args := range runs {
		t.Run(name, func(t *testing.T) {
			for _, f := range []struct {
				format string
				schema *jsonschema.Schema
			}{{"json", report}, {"sarif", sarif}} {
				code, out, errOut := run(t, nil, append(args, "--format", f.format)...)
				if code == 2 {
					t.Fatalf("%s: exit 2: %s", f.format, errOut)
				}
				inst, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
				if err != nil {
					t.Fatalf("%s: not JSON: %v", f.format, err)
				}
				if err := f.schema.Validate(inst); err != nil {
					t.Errorf("%s report does not validate: %v", f.format, err)
				}
			}
		})
	}
}

// TestReportSchemaRejectsDrift proves the schema can fail: a report missing
// its summary, or with an unknown status, does not validate.
func TestReportSchemaRejectsDrift(t *testing.T) {
	report := compileSchema(t, filepath.Join("..", "..", "docs", "report.schema.json"))
	_, out, _ := run(t, nil, "audit", filepath.Join("..", "..", "testdata", "demo", "essec.yaml"), "--format", "json")
	for name, broken := range map[string]string{
		"no summary":     strings.Replace(out, `"summary"`, `"summery"`, 1),
		"unknown status": strings.Replace(out, `"status": "fail"`, `"status": "failed"`, 1),
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(broken))
		if err != nil {
			t.Fatal(err)
		}
		if report.Validate(inst) == nil {
			t.Errorf("%s: the schema accepted a drifted report", name)
		}
	}
}

// notAuditedInventory is an inventory with one deployment that audits and
// one whose only path does not exist.
func notAuditedInventory(t *testing.T) string {
	t.Helper()
	node, err := filepath.Abs(filepath.Join("..", "..", "testdata", "demo", "es01"))
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "essec.yaml")
	body := "deployments:\n  - name: good\n    elasticsearch:\n      paths: ['" + node + "']\n" +
		"  - name: gone\n    elasticsearch:\n      paths: [does-not-exist]\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
