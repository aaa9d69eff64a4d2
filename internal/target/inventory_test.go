package target

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoadInventoryTypeErrorsHideValues: a password written where the
// inventory expects something else must not come back in the error.
func TestLoadInventoryTypeErrorsHideValues(t *testing.T) {
	for name, body := range map[string]string{
		"auth scalar":      "deployments:\n  - name: a\n    elasticsearch:\n      paths: [x]\n      auth: s3cr3t!\n",
		"long auth scalar": "deployments:\n  - name: a\n    elasticsearch:\n      paths: [x]\n      auth: s3cr3t-long-password\n",
		"insecure":         "deployments:\n  - name: a\n    elasticsearch:\n      paths: [x]\n      insecure: s3cr3t!\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "essec.yaml")
			if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadInventory(p)
			if err == nil {
				t.Fatal("want an error")
			}
			if msg := err.Error(); strings.Contains(msg, "s3cr3t") || !strings.Contains(msg, "line 5: cannot unmarshal !!str into") {
				t.Errorf("error %q: want the line and type without the value", msg)
			}
		})
	}
}
