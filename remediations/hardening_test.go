package remediations

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestHardeningModulesStayManualWhenUnsafe: where a change could cut
// clients off, the modules plan a manual step with the reason and edit
// nothing for that part.
func TestHardeningModulesStayManualWhenUnsafe(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "elasticsearch.yml")
	os.WriteFile(yml, []byte("node.name: es01\n"), 0o660)
	kyml := filepath.Join(dir, "kibana.yml")
	os.WriteFile(kyml, []byte("server.host: 0.0.0.0\n"), 0o640)
	file := func(v string) inventory.Setting {
		return inventory.Setting{Value: v, List: []string{v}, Source: "file"}
	}
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "acme", Version: "8.15.1"}}
	doc.Elasticsearch.Nodes = []inventory.Node{{Name: "es01", ConfigFile: yml, Settings: map[string]inventory.Setting{
		"node.name": file("es01"),
		// An LDAP realm without a CA: verifying would refuse the server.
		"xpack.security.authc.realms.ldap.ldap1.ssl.verification_mode": file("none"),
	}}}
	doc.Kibana = []inventory.Kibana{{Name: "kb", ConfigFile: kyml, Settings: map[string]inventory.Setting{
		// Plain http, no https public URL: a Secure cookie would break logins.
		"server.host": file("0.0.0.0"),
	}}}
	found := []finding.Finding{
		{CheckID: "HARD-04", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "node", Name: "es01"}},
		{CheckID: "KIB-10", Status: finding.StatusFail, Deployment: "acme", Resource: finding.Resource{Kind: "kibana", Name: "kb"}},
	}
	p, err := Build(context.Background(), doc, found, Options{Level: finding.LevelHTTPS, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if p.Changes() {
		t.Fatal("the plan changes files where it must not")
	}
	want := map[string]string{"verification-mode-certificate": "no certificate_authorities", "kibana-secure-cookies": "plain http"}
	for _, s := range p.Steps {
		if w, ok := want[s.Module]; ok && strings.Contains(s.Reason, w) {
			delete(want, s.Module)
		}
	}
	if len(want) > 0 {
		t.Errorf("missing manual steps %v in %+v", want, p.Steps)
	}
}
