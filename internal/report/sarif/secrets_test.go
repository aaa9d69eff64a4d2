package sarif

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestNoSecretsBeyondReport puts a secret where a careless writer could
// pick it up (the audited file, the environment) and checks that the output
// holds only what the report itself carries.
func TestNoSecretsBeyondReport(t *testing.T) {
	const canary = "canary-S3cr3t-7c1e"
	dir := t.TempDir()
	cfg := filepath.Join(dir, "elasticsearch.yml")
	if err := os.WriteFile(cfg, []byte("xpack.security.enabled: false\nbootstrap.password: "+canary+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ELASTIC_PASSWORD", canary)
	t.Setenv("ESSEC_PASSWORD", canary)
	r := loadFixture(t)
	for i := range r.Findings {
		if r.Findings[i].Resource.File != "" {
			r.Findings[i].Resource.File = cfg
			r.Findings[i].Resource.Line = 2
		}
	}
	for _, opts := range []Options{{BaseDir: dir}, {IncludeWaived: true}} {
		var buf bytes.Buffer
		if err := Write(&buf, r, opts); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte(canary)) {
			t.Errorf("SARIF output contains a secret that is not in the report")
		}
	}
}
