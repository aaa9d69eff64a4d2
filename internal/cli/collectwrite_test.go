package cli

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
)

// TestCollectWritesDocumentsOneAtATime: one document, several (an array)
// and none are written with the bytes of encoding them at once, and a
// secret in them is still scrubbed.
func TestCollectWritesDocumentsOneAtATime(t *testing.T) {
	doc := func(name string) *inventory.Document {
		d := &inventory.Document{SchemaVersion: 1, Deployment: inventory.Deployment{Name: name, Version: "8.15.1"}}
		d.Elasticsearch.Nodes = []inventory.Node{{Name: "es01", ConfigDir: "/etc/<elasticsearch>"}}
		d.CollectionErrors = []inventory.CollectionError{{Source: "cluster", Message: "401 from server: token Zx9-secret!42 refused"}}
		return d
	}
	secrets := &redact.Secrets{}
	secrets.Add("Zx9-secret!42")
	for name, docs := range map[string][]*inventory.Document{
		"one": {doc("a")}, "several": {doc("a"), doc("b"), doc("c")}, "none": {},
	} {
		var v any = docs
		if len(docs) == 1 {
			v = docs[0]
		}
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		if err := writeDocuments(&got, secrets, docs); err != nil {
			t.Fatal(err)
		}
		if want := secrets.Scrub(whole.String()); got.String() != want {
			t.Errorf("%s: wrote\n%s\nwant\n%s", name, got.String(), want)
		}
		if bytes.Contains(got.Bytes(), []byte("Zx9-secret!42")) {
			t.Errorf("%s: the secret was written", name)
		}
	}
}
