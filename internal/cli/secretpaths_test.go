package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSecretEqualToPathFragment: a secret that is also the name of the
// directory holding the configuration (and a missing certificate's) leaves
// every path and error location of the reports and of the document intact.
func TestSecretEqualToPathFragment(t *testing.T) {
	const secret = "Vault-7x9q2"
	root := filepath.Join(t.TempDir(), secret)
	if err := os.MkdirAll(root, 0o750); err != nil {
		t.Fatal(err)
	}
	yml := filepath.Join(root, "elasticsearch.yml")
	if err := os.WriteFile(yml, []byte(`cluster.name: logs
node.name: es01
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.certificate: `+secret+`/http.crt
xpack.security.http.ssl.key: `+secret+`/http.key
xpack.security.authc.realms.ldap.ldap1:
  order: 0
  url: "ldaps://ldap.example.com:636"
  bind_dn: "cn=essec,dc=example,dc=com"
  bind_password: '`+secret+`'
`), 0o600); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	report, doc := filepath.Join(out, "r.json"), filepath.Join(out, "doc.json")
	run(t, nil, "audit", "--es-version", "8.15.1", "--format", "json="+report, root)
	if code, _, stderr := run(t, nil, "collect", "--es-version", "8.15.1", "-o", doc, root); code != 0 {
		t.Fatalf("collect: exit %d: %s", code, stderr)
	}
	missing := filepath.Join(root, secret, "http.crt")
	for name, text := range map[string]string{"report": string(mustRead(t, report)), "document": string(mustRead(t, doc))} {
		if !strings.Contains(text, yml) || !strings.Contains(text, missing) {
			t.Errorf("%s lost the paths %s and %s:\n%.2000s", name, yml, missing, text)
		}
		if strings.Contains(text, "[REDACTED]/") || strings.Contains(text, "/[REDACTED]") {
			t.Errorf("%s: a path was scrubbed:\n%.2000s", name, text)
		}
	}
}
