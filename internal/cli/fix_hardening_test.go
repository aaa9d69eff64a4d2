package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
)

// TestFixHardeningModules plans and applies the hardening and Kibana
// setting modules on a node and a Kibana that weaken TLS, hashing,
// headers and cookies; a new audit must find those checks passing, with
// every comment kept.
func TestFixHardeningModules(t *testing.T) {
	root := t.TempDir()
	es := filepath.Join(root, "es01")
	kb := filepath.Join(root, "kibana")
	write(t, filepath.Join(es, "elasticsearch.yml"), `# acme search node
cluster.name: acme
node.name: es01
discovery.type: single-node
xpack.security.enabled: true
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.keystore.path: certs/http.p12
xpack.security.http.ssl.supported_protocols: [TLSv1.1, TLSv1.2]   # old Java clients
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.keystore.path: certs/transport.p12
xpack.security.transport.ssl.verification_mode: none   # certs lack SANs
xpack.security.authc.password_hashing.algorithm: ssha256   # migration leftover
xpack.security.authc.realms.native.native1.order: 0
xpack.security.authc.realms.native.native1.cache.hash_algo: noop
`, 0o660)
	write(t, filepath.Join(kb, "kibana.yml"), `# Kibana behind the corporate proxy
server.host: "0.0.0.0"
server.publicBaseUrl: "https://kibana.acme.example"   # TLS ends at the proxy
elasticsearch.hosts: ["https://es01:9200"]
elasticsearch.ssl.certificateAuthorities: ["/etc/kibana/certs/ca.crt"]
elasticsearch.ssl.verificationMode: none   # temporary
server.securityResponseHeaders.referrerPolicy: unsafe-url   # partner tracking
server.securityResponseHeaders.xContentTypeOptions: null
`, 0o640)
	checks := []string{"HARD-02", "HARD-04", "HARD-20", "KIB-06", "KIB-10"}
	common := []string{es, kb, "--es-version", "8.15.1", "--checks", strings.Join(checks, ",")}
	audit := func() map[string][]finding.Finding {
		t.Helper()
		report := filepath.Join(t.TempDir(), "report.json")
		run(t, nil, append(append([]string{"audit"}, common...), "--format", "json="+report)...)
		data, err := os.ReadFile(report)
		if err != nil {
			t.Fatal(err)
		}
		var r finding.Report
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		out := map[string][]finding.Finding{}
		for _, f := range r.Findings {
			out[f.CheckID] = append(out[f.CheckID], f)
		}
		return out
	}
	failing := func(fs []finding.Finding) bool {
		return slices.ContainsFunc(fs, func(f finding.Finding) bool { return f.Status == finding.StatusFail })
	}
	before := audit()
	for _, id := range checks {
		if !failing(before[id]) {
			t.Fatalf("%s does not fail on the fixture; the test proves nothing: %+v", id, before[id])
		}
	}
	original := snapshot(t, root)

	code, out, stderr := run(t, nil, append(append([]string{"fix"}, common...), "--backup-dir", t.TempDir(), "--apply", "--yes")...)
	if code != 0 {
		t.Fatalf("apply: exit %d\n%s\n%s", code, out, stderr)
	}
	for _, want := range []string{"[tls-protocols]", "[verification-mode-certificate]", "[password-hashing-default]", "[kibana-header-defaults]", "[kibana-secure-cookies]"} {
		if !strings.Contains(out, want) {
			t.Errorf("apply output lacks %s:\n%s", want, out)
		}
	}
	after := audit()
	for _, id := range checks {
		if failing(after[id]) || len(after[id]) == 0 {
			t.Errorf("after fix %s: %+v", id, after[id])
		}
	}
	applied := snapshot(t, root)
	for p, st := range original {
		now := string(applied[p].data)
		for _, line := range strings.Split(string(st.data), "\n") {
			if i := strings.Index(line, "#"); i >= 0 && !strings.Contains(now, line[i:]) {
				t.Errorf("%s: comment %q lost", p, line[i:])
			}
		}
	}
	esyml := string(applied[filepath.Join(es, "elasticsearch.yml")].data)
	for _, want := range []string{"verification_mode: certificate", "supported_protocols: [TLSv1.3, TLSv1.2]"} {
		if !strings.Contains(esyml, want) {
			t.Errorf("elasticsearch.yml lacks %q:\n%s", want, esyml)
		}
	}
	for _, gone := range []string{"password_hashing", "hash_algo"} {
		if strings.Contains(esyml, gone) {
			t.Errorf("elasticsearch.yml still has %s:\n%s", gone, esyml)
		}
	}
	kyml := string(applied[filepath.Join(kb, "kibana.yml")].data)
	if !strings.Contains(kyml, "xpack.security.secureCookies: true") || strings.Contains(kyml, "unsafe-url") {
		t.Errorf("kibana.yml:\n%s", kyml)
	}
}
