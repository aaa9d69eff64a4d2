// Package reporttest holds what the tests of the report formats share: the
// fixture and demo reports of testdata/report, its golden files (rewritten
// with go test -update) and a report baited with a secret. Only tests
// import it.
package reporttest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/sharedtest"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/report")

// Dir returns testdata/report: the shared fixture and every format's golden
// files.
func Dir(t testing.TB) string {
	t.Helper()
	return filepath.Join(sharedtest.Root(t), "testdata", "report")
}

// Fixture reads the representative report every format is tested with:
// several deployments, every status, file and live findings, waived ones,
// and the catalogue of rules they come from.
func Fixture(t testing.TB) *finding.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(t), "fixture.json"))
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

// Demo reads the JSON report essec wrote for testdata/demo (paths rewritten
// under /repo): a real run's findings, without the catalogue.
func Demo(t testing.TB) *finding.Report {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Dir(t), "demo-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r finding.Report
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("decode demo report: %v", err)
	}
	return &r
}

// Golden returns the content of the named golden file of testdata/report,
// after rewriting it with got when the test runs with -update. The caller
// compares, bytes or decoded as the format allows.
func Golden(t testing.TB, name string, got []byte) []byte {
	t.Helper()
	path := filepath.Join(Dir(t), name)
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

// Canary is the secret SecretBait plants.
const Canary = "canary-S3cr3t-7c1e"

// SecretBait returns the fixture with Canary put where a careless writer
// could pick it up: every file finding points at line 2 of a settings file
// in dir whose line 2 holds it, and ELASTIC_PASSWORD and ESSEC_PASSWORD
// are set to it. An output must hold only what the report itself carries.
func SecretBait(t *testing.T) (r *finding.Report, dir string) {
	t.Helper()
	dir = t.TempDir()
	cfg := filepath.Join(dir, "elasticsearch.yml")
	if err := os.WriteFile(cfg, []byte("xpack.security.enabled: false\nbootstrap.password: "+Canary+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ELASTIC_PASSWORD", Canary)
	t.Setenv("ESSEC_PASSWORD", Canary)
	r = Fixture(t)
	for i := range r.Findings {
		if r.Findings[i].Resource.File != "" {
			r.Findings[i].Resource.File = cfg
			r.Findings[i].Resource.Line = 2
		}
	}
	return r, dir
}

// FillAll sets every field of v, however deep, to a value that is not
// empty, so that encoding/json writes each one: the tests of the writers
// that encode findings field by field use it to catch a field added to a
// type and not to its writer. Evidence holds an object with a string and
// a list. what names the writer to teach in the failure.
func FillAll(t testing.TB, v reflect.Value, what string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString("x\"<")
	case reflect.Int, reflect.Int64:
		v.SetInt(7)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Struct:
		for i := range v.NumField() {
			FillAll(t, v.Field(i), what)
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		FillAll(t, v.Elem(), what)
	case reflect.Slice:
		if v.Type() == reflect.TypeFor[finding.Evidence]() {
			v.Set(reflect.ValueOf(finding.MustEvidence(map[string]any{"observed": "x", "list": []any{1.0, "y"}})))
			return
		}
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			FillAll(t, v.Index(i), what)
		}
	default:
		t.Fatalf("a field of kind %s: teach %s and this filler to write it", v.Kind(), what)
	}
}
