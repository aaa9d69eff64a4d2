package collect

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
)

// Collecting the nodes in parallel gives the document of a one-worker run,
// nodes and instances in a stable order whatever order they finish in.
func TestParallelCollectionKeepsOrder(t *testing.T) {
	collectWith := func(w *Workers) []string {
		doc, err := Deployment(context.Background(), Request{
			Deployment: target.Deployment{Name: "demo", Version: "8.15.1", Paths: []string{
				"../../testdata/demo/es03", "../../testdata/demo/es01", "../../testdata/demo/kibana", "../../testdata/demo/es02"}},
			Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), CertWarnDays: 30,
			Redactor: redact.NewWithKey([]byte("order")), Seen: &redact.Secrets{}, Workers: w,
		})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, n := range doc.Elasticsearch.Nodes {
			names = append(names, n.Name+":"+n.Keystore.Path)
		}
		for _, k := range doc.Kibana {
			names = append(names, k.Name)
		}
		return names
	}
	one, many := collectWith(NewWorkers(1)), collectWith(NewWorkers(8))
	if !reflect.DeepEqual(one, many) {
		t.Errorf("one worker: %v\neight workers: %v", one, many)
	}
	if len(one) != 4 || one[0][:4] != "es01" || one[1][:4] != "es02" || one[2][:4] != "es03" || one[3] != "kb01" {
		t.Errorf("nodes not in a stable order: %v", one)
	}
}
