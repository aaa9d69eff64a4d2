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

// TestLoadInventoryRefusesCredentialsInURLs: user:password@ in any URL of
// an inventory is refused, and the password is not echoed.
func TestLoadInventoryRefusesCredentialsInURLs(t *testing.T) {
	for name, body := range map[string]string{
		"elasticsearch": "deployments:\n  - name: a\n    elasticsearch:\n      urls: ['https://elastic:Pw-s3cr3t@es01:9200']\n",
		"kibana":        "deployments:\n  - name: a\n    elasticsearch:\n      paths: [x]\n    kibana:\n      urls: ['https://elastic:Pw-s3cr3t@kb:5601']\n",
		"user only":     "deployments:\n  - name: a\n    kibana:\n      urls: ['https://Pw-s3cr3t@kb:5601']\n",
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "essec.yaml")
			if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			_, err := LoadInventory(p)
			if err == nil || !strings.Contains(err.Error(), "holds credentials") {
				t.Fatalf("error %v, want a refusal of the credentials", err)
			}
			if strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("error echoes the secret: %v", err)
			}
		})
	}
}

func TestCheckURL(t *testing.T) {
	for _, ok := range []string{"https://es01:9200", "http://127.0.0.1:5601/kibana"} {
		if err := CheckURL("--kibana-url", ok, HintKibanaCredentials); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"es01:9200", "ftp://es01", "https://es01:9200/?a=b", "https://u:p@es01", "https://", "://x"} {
		if err := CheckURL("--kibana-url", bad, HintKibanaCredentials); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}
