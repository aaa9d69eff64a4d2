package cli_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/fakees"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/keystore"
)

const (
	fixToken        = "AAEAAWVsYXN0aWMva2liYW5hL2Vzc2VjLXRlc3Q6c2VjcmV0LXRva2VuLXZhbHVl"
	kibanaElasticPW = "El4stic-in-kibana-yml"
	bootstrapPW     = "B00tstrap-pw-left"
)

// kibanaAsElastic writes a Kibana whose kibana.yml logs in as elastic with
// a clear-text password.
func kibanaAsElastic(t *testing.T, root string) string {
	dir := filepath.Join(root, "kibana")
	write(t, filepath.Join(dir, "kibana.yml"), `# Kibana for acme-logs
server.name: kb01
elasticsearch.hosts: ["https://10.1.0.11:9200"]
# the quick setup from the wiki
elasticsearch.username: "elastic"
elasticsearch.password: "`+kibanaElasticPW+`"   # change me
`, 0o640)
	return dir
}

// nodeWithBootstrap writes a node whose keystore still holds bootstrap.password.
func nodeWithBootstrap(t *testing.T, root string) string {
	dir := filepath.Join(root, "es01")
	write(t, filepath.Join(dir, "elasticsearch.yml"), "cluster.name: acme-logs\nnode.name: es01\nxpack.security.enabled: true\n", 0o660)
	var ks bytes.Buffer
	if err := keystore.WriteElasticsearch(&ks, 5, nil, map[string][]byte{"keystore.seed": []byte("abcdefghij0123456789"), "bootstrap.password": []byte(bootstrapPW)}, nil); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(dir, "elasticsearch.keystore"), ks.String(), 0o660)
	return dir
}

func fixAPICluster(t *testing.T, w fakees.Writes) tlsCluster {
	w.TokenValue = fixToken
	return newTLSCluster(t, fakees.WithSecurityWrites(auditorScenario(t), w))
}

// writes lists the requests other than GET and HEAD, "METHOD path body".
func writes(s *fakees.Server) []string {
	var out []string
	for _, r := range s.Requests() {
		if r.Method == "GET" || r.Method == "HEAD" {
			continue
		}
		out = append(out, strings.TrimSpace(r.Method+" "+r.Path+" "+string(r.Body)))
	}
	return out
}

func fixNoSecret(t *testing.T, where string, texts ...string) {
	t.Helper()
	for _, s := range texts {
		for _, secret := range []string{fixToken, kibanaElasticPW, bootstrapPW} {
			if strings.Contains(s, secret) {
				t.Errorf("%s shows a secret (%.6s...)", where, secret)
			}
		}
	}
}

func TestFixAPIKibanaServiceToken(t *testing.T) {
	root := t.TempDir()
	kb := kibanaAsElastic(t, root)
	es := fixAPICluster(t, fakees.Writes{})
	backups := t.TempDir()
	secrets := filepath.Join(t.TempDir(), "secrets.txt")
	args := func(extra ...string) []string {
		return append([]string{"fix", kb, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--level", "minimal", "--backup-dir", backups}, extra...)
	}

	code, out, stderr := run(t, auditorEnv, args()...)
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	if w := writes(es.Server); len(w) != 0 {
		t.Fatalf("the dry run sent writes: %q", w)
	}
	for _, want := range []string{"[kibana-credentials]", "request POST /_security/service/elastic/kibana/credential/token/essec-", "needs manage_service_account", "undo: DELETE"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	fixNoSecret(t, "dry run", out, stderr)

	code, _, stderr = run(t, auditorEnv, args("--apply", "--yes")...)
	if code != cli.ExitUsage || !strings.Contains(stderr, "--secrets-out") {
		t.Fatalf("apply without --secrets-out: exit %d, stderr %s", code, stderr)
	}
	if w := writes(es.Server); len(w) != 0 {
		t.Fatalf("a refused apply sent writes: %q", w)
	}

	code, out, stderr = run(t, auditorEnv, args("--apply", "--yes", "--secrets-out", secrets)...)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	fixNoSecret(t, "apply", out, stderr)
	w := writes(es.Server)
	if len(w) != 1 || !strings.HasPrefix(w[0], "POST /_security/service/elastic/kibana/credential/token/essec-") {
		t.Fatalf("writes = %q, want one token creation", w)
	}
	st, err := os.Stat(secrets)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("secrets file: %v %v", st, err)
	}
	saved, _ := os.ReadFile(secrets)
	if !strings.Contains(string(saved), fixToken) {
		t.Errorf("the secrets file lacks the token")
	}
	yml, _ := os.ReadFile(filepath.Join(kb, "kibana.yml"))
	if strings.Contains(string(yml), "elasticsearch.username") || strings.Contains(string(yml), "elasticsearch.password") {
		t.Errorf("kibana.yml keeps the credentials:\n%s", yml)
	}
	if !strings.Contains(string(yml), "# the quick setup from the wiki") || !strings.Contains(string(yml), "# Kibana for acme-logs") {
		t.Errorf("kibana.yml lost its comments:\n%s", yml)
	}
	data, err := os.ReadFile(filepath.Join(kb, "kibana.keystore"))
	if err != nil {
		t.Fatal(err)
	}
	info, sec, err := keystore.ParseKibana(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := sec.Get("elasticsearch.serviceAccountToken"); !ok || string(v) != fixToken {
		t.Errorf("kibana.keystore token = %q, %v; entries %v", v, ok, info.Entries)
	}
	for _, e := range info.Entries {
		if e == "elasticsearch.password" || e == "elasticsearch.username" {
			t.Errorf("kibana.keystore keeps %s", e)
		}
	}
	lr := auditLive(t, nil, kb, "--level", "minimal")
	for _, id := range []string{"MIN-05", "MIN-06", "MIN-07"} {
		lr.want(t, id, "kibana", finding.StatusPass)
	}
}

func TestFixAPITokenNameConflict(t *testing.T) {
	root := t.TempDir()
	kb := kibanaAsElastic(t, root)
	es := fixAPICluster(t, fakees.Writes{TokenConflicts: 1})
	secrets := filepath.Join(t.TempDir(), "secrets.txt")
	code, out, stderr := run(t, auditorEnv, "fix", kb, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--level", "minimal",
		"--backup-dir", t.TempDir(), "--apply", "--yes", "--secrets-out", secrets)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	w := writes(es.Server)
	if len(w) != 2 || w[0] == w[1] || !strings.HasPrefix(w[1], w[0]+"-2") {
		t.Fatalf("writes = %q, want a second, different name after the 409", w)
	}
}

func TestFixAPIMissingPrivilegeIsManual(t *testing.T) {
	root := t.TempDir()
	kb := kibanaAsElastic(t, root)
	es := fixAPICluster(t, fakees.Writes{Privileges: map[string]bool{"manage_service_account": false, "manage_security": false, "manage": false}})
	code, out, stderr := run(t, auditorEnv, "fix", kb, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--level", "minimal",
		"--backup-dir", t.TempDir(), "--apply", "--yes", "--secrets-out", filepath.Join(t.TempDir(), "s"))
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "lack the cluster privilege manage_service_account") || !strings.Contains(out, "MANUAL") {
		t.Errorf("the step is not shown as manual:\n%s", out)
	}
	if w := writes(es.Server); len(w) != 0 {
		t.Fatalf("a step without privileges was attempted: %q", w)
	}
}

func TestFixAPIFailureRestoresFilesAndRevokesToken(t *testing.T) {
	root := t.TempDir()
	kb := kibanaAsElastic(t, root)
	node := nodeWithBootstrap(t, root)
	es := fixAPICluster(t, fakees.Writes{PasswordStatus: map[string]int{"elastic": 500}})
	original := snapshot(t, root)
	code, out, stderr := run(t, auditorEnv, "fix", node, kb, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--level", "minimal",
		"--backup-dir", t.TempDir(), "--apply", "--yes", "--secrets-out", filepath.Join(t.TempDir(), "s"))
	if code != cli.ExitUsage {
		t.Fatalf("failed apply: exit %d\n%s\n%s", code, out, stderr)
	}
	fixNoSecret(t, "failed apply", out, stderr)
	sameFiles(t, "after the failure", original, snapshot(t, root))
	w := writes(es.Server)
	if len(w) != 3 || !strings.HasPrefix(w[0], "POST /_security/service/elastic/kibana/credential/token/essec-") ||
		!strings.HasPrefix(w[1], "POST /_security/user/elastic/_password {\"password\":") ||
		w[2] != "DELETE "+strings.TrimPrefix(w[0], "POST ") {
		t.Fatalf("writes = %q, want token, password, revoke", maskAll(w))
	}
	for _, want := range []string{"server", "token revoked", "restored every file"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// maskAll hides the password bodies in failure messages.
func maskAll(w []string) []string {
	out := make([]string, len(w))
	for i, s := range w {
		if j := strings.Index(s, "{\"password\":"); j >= 0 {
			s = s[:j] + `{"password":"<secret>"}`
		}
		out[i] = s
	}
	return out
}

func TestFixAPI717BootstrapPlansPasswordVariant(t *testing.T) {
	root := t.TempDir()
	kb := kibanaAsElastic(t, root)
	node := nodeWithBootstrap(t, root)
	sc := fakees.WithSecurityWrites(auditorScenario(t), fakees.Writes{TokenValue: fixToken})
	sc.Routes[fakees.RouteRoot] = fakees.JSON(200, `{"name":"es01","cluster_name":"acme-logs","cluster_uuid":"x","version":{"number":"7.17.22","build_flavor":"default","build_type":"tar","lucene_version":"8.11.3","minimum_wire_compatibility_version":"6.8.0","minimum_index_compatibility_version":"6.0.0-beta1"},"tagline":"You Know, for Search"}`)
	es := newTLSCluster(t, sc)
	code, out, stderr := run(t, auditorEnv, "fix", node, kb, "--url", es.URL, "--user", liveUser, "--ca-cert", es.caFile, "--level", "minimal", "--backup-dir", t.TempDir())
	if code != 0 {
		t.Fatalf("dry run: exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"[builtin-passwords]", "request POST /_security/user/elastic/_password {\"password\":\"<secret>\"}",
		"[kibana-credentials]", "the kibana_system user", "request POST /_security/user/kibana_system/_password", "IRREVERSIBLE"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "credential/token") {
		t.Errorf("a 7.17 plan creates a service token:\n%s", out)
	}
	if w := writes(es.Server); len(w) != 0 {
		t.Fatalf("the dry run sent writes: %q", w)
	}
}
