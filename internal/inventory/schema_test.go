package inventory_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/essec-dev/essec/internal/inventory"
)

var update = flag.Bool("update", false, "rewrite docs/input.schema.json from the Go types")

var schemaPath = filepath.Join("..", "..", "docs", "input.schema.json")

// TestInputSchemaUpToDate fails when docs/input.schema.json is not what the
// Go types generate (run go test ./internal/inventory/ -run InputSchema -update).
func TestInputSchemaUpToDate(t *testing.T) {
	want, err := inventory.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaPath, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is stale: run go test ./internal/inventory/ -run InputSchema -update", schemaPath)
	}
}

func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := inventory.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(inventory.SchemaID, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(inventory.SchemaID)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, d any) error {
	t.Helper()
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

// TestInputSchemaAcceptsAndRejects proves the schema can fail: a document the
// Go types build validates; invented origins, sources, call names and
// fields do not.
func TestInputSchemaAcceptsAndRejects(t *testing.T) {
	s := compile(t)
	good := func() map[string]any {
		doc := inventory.Document{SchemaVersion: 1, Deployment: inventory.Deployment{Name: "prod"},
			Elasticsearch: inventory.Elasticsearch{Nodes: []inventory.Node{{Name: "es01", Origin: "config-dir",
				Settings: map[string]inventory.Setting{"xpack.security.enabled": {Value: "true", List: []string{"true"}, Source: "file"}}}}},
			Kibana: []inventory.Kibana{{Name: "kb", Origin: "live"}}}
		b, _ := json.Marshal(doc)
		var m map[string]any
		_ = json.Unmarshal(b, &m)
		return m
	}
	if err := validate(t, s, good()); err != nil {
		t.Fatalf("a document built from the Go types does not validate: %v", err)
	}
	node := func(m map[string]any) map[string]any {
		return m["elasticsearch"].(map[string]any)["nodes"].([]any)[0].(map[string]any)
	}
	bad := map[string]func(map[string]any){
		"kibana origin url": func(m map[string]any) { m["kibana"].([]any)[0].(map[string]any)["origin"] = "url" },
		"setting source keystore": func(m map[string]any) {
			node(m)["settings"].(map[string]any)["xpack.security.enabled"].(map[string]any)["source"] = "keystore"
		},
		"invented node field": func(m map[string]any) { node(m)["security_enabled"] = true },
		"invented call": func(m map[string]any) {
			m["elasticsearch"].(map[string]any)["cluster"] = map[string]any{"reachable": true, "endpoint": "https://x:9200",
				"auth":  map[string]any{"kind": "basic", "insecure": false, "superuser": false, "roles": nil},
				"calls": map[string]any{}, "bodies": map[string]any{"nodes_settings": map[string]any{}}, "anonymous": nil, "tls": nil}
		},
		"missing name": func(m map[string]any) { delete(node(m), "name") },
	}
	for name, mutate := range bad {
		t.Run(name, func(t *testing.T) {
			m := good()
			mutate(m)
			err := validate(t, s, m)
			if err == nil {
				t.Fatalf("validated")
			}
			if !strings.Contains(err.Error(), "jsonschema") && err.Error() == "" {
				t.Fatalf("unexpected error %v", err)
			}
		})
	}
}
