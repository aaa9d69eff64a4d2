package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/redact"
)

// TestEnginePreparedOncePerRun audits two deployments in one run and checks
// the policies were compiled and prepared exactly once.
func TestEnginePreparedOncePerRun(t *testing.T) {
	demo, err := filepath.Abs("../../testdata/demo")
	if err != nil {
		t.Fatal(err)
	}
	inv := filepath.Join(t.TempDir(), "essec.yaml")
	body := `deployments:
  - name: one
    version: 8.15.1
    elasticsearch: {paths: [` + demo + `/es01]}
  - name: two
    version: 8.15.1
    elasticsearch: {paths: [` + demo + `/es02, ` + demo + `/es03]}
`
	if err := os.WriteFile(inv, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	d := &cli.Deps{
		IO:      &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) (string, bool) { return "", false }},
		Now:     time.Now,
		Secrets: &redact.Secrets{},
	}
	code := cli.Execute(context.Background(), d, []string{"audit", inv, "--format", "json"})
	if code != 1 {
		t.Fatalf("exit %d, want 1: %s", code, errOut.String())
	}
	for _, name := range []string{`"name": "one"`, `"name": "two"`} {
		if !strings.Contains(out.String(), name) {
			t.Errorf("report lacks deployment %s", name)
		}
	}
	if n := d.EnginesBuilt(); n != 1 {
		t.Errorf("policies compiled %d times in one run, want 1", n)
	}
}

// testPolicies is the embedded catalogue compiled once for every in-process
// run of this test binary.
var testPolicies = cli.NewPolicies()

// Runs that share a Policies cache compile the embedded catalogue once per
// selection of checks; a run with --checks compiles only those checks.
func TestPoliciesCompiledOncePerProcess(t *testing.T) {
	demo, err := filepath.Abs("../../testdata/demo/essec.yaml")
	if err != nil {
		t.Fatal(err)
	}
	p := cli.NewPolicies()
	runWith := func(args ...string) string {
		var out, errOut bytes.Buffer
		d := &cli.Deps{
			IO:      &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) (string, bool) { return "", false }},
			Now:     time.Now,
			Secrets: &redact.Secrets{}, Policies: p,
		}
		if code := cli.Execute(context.Background(), d, args); code == 2 || code > 3 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut.String())
		}
		return out.String()
	}
	for range 3 {
		runWith("audit", demo, "--format", "json")
	}
	if n := p.Compiles(); n != 1 {
		t.Errorf("three runs compiled the catalogue %d times, want 1", n)
	}
	out := runWith("audit", demo, "--format", "json", "--checks", "MIN-01,HARD-11")
	if n := p.Compiles(); n != 2 {
		t.Errorf("a new selection compiled %d times in all, want 2", n)
	}
	if !strings.Contains(out, `"check_id": "HARD-11"`) || strings.Contains(out, `"check_id": "BAS-01"`) {
		t.Errorf("--checks MIN-01,HARD-11 report holds other checks or lacks HARD-11")
	}
	runWith("policies", "list")
	if n := p.Compiles(); n != 2 {
		t.Errorf("policies list compiled the catalogue")
	}
}
