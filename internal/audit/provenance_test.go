package audit

import (
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

// A certificate check's finding on a node whose TLS file was read from the
// audited copy says so; other checks and other nodes are left alone.
func TestNoteResolvedPaths(t *testing.T) {
	doc := &inventory.Document{}
	doc.Elasticsearch.Nodes = []inventory.Node{
		{Name: "es01", TLSMaterial: []inventory.TLSMaterial{{Path: "/copy/certs/http.p12", ResolvedFrom: "/etc/elasticsearch/certs/http.p12",
			Note: "/etc/elasticsearch/certs/http.p12 read from the audited copy /copy/certs/http.p12"}}},
		{Name: "es02", TLSMaterial: []inventory.TLSMaterial{{Path: "/etc/x.p12"}}},
	}
	fs := []finding.Finding{
		{CheckID: "HTTPS-02", Resource: finding.Resource{Kind: "node", Name: "es01"}, Message: "loads"},
		{CheckID: "MIN-01", Resource: finding.Resource{Kind: "node", Name: "es01"}, Message: "on"},
		{CheckID: "HTTPS-02", Resource: finding.Resource{Kind: "node", Name: "es02"}, Message: "loads"},
	}
	noteResolvedPaths(fs, tlsNotes(doc), func(id string) bool { return id == "HTTPS-02" })
	if !strings.Contains(fs[0].Message, "read from the audited copy /copy/certs/http.p12") {
		t.Errorf("HTTPS-02 on es01: %q does not say the file came from the audited copy", fs[0].Message)
	}
	if fs[1].Message != "on" || fs[2].Message != "loads" {
		t.Errorf("other findings changed: %q, %q", fs[1].Message, fs[2].Message)
	}
}
