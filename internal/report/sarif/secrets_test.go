package sarif

import (
	"bytes"
	"testing"

	"github.com/essec-dev/essec/internal/report/reporttest"
)

// TestNoSecretsBeyondReport puts a secret where a careless writer could
// pick it up (the audited file, the environment) and checks that the output
// holds only what the report itself carries.
func TestNoSecretsBeyondReport(t *testing.T) {
	r, dir := reporttest.SecretBait(t)
	for _, opts := range []Options{{BaseDir: dir}, {IncludeWaived: true}} {
		var buf bytes.Buffer
		if err := Write(&buf, r, opts); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte(reporttest.Canary)) {
			t.Errorf("SARIF output contains a secret that is not in the report")
		}
	}
}
