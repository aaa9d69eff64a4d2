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
