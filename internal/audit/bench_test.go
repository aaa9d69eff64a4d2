package audit_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
	"github.com/essec-dev/essec/policies"
)

func engine(tb testing.TB) *policy.Engine {
	tb.Helper()
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		tb.Fatal(err)
	}
	e, err := policy.NewEngine(context.Background(), mods, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return e
}

// demoDoc collects the shipped demo (three nodes and one Kibana).
func demoDoc(tb testing.TB) *inventory.Document {
	tb.Helper()
	doc, err := collect.Deployment(context.Background(), collect.Request{
		Deployment: target.Deployment{Name: "demo", Version: "8.15.1", Paths: []string{
			"../../testdata/demo/es01", "../../testdata/demo/es02", "../../testdata/demo/es03", "../../testdata/demo/kibana"}},
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("bench")), Seen: &redact.Secrets{},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

// withNodes returns a copy of doc with n nodes (copies of its first node).
func withNodes(doc *inventory.Document, n int) *inventory.Document {
	d := *doc
	d.Elasticsearch.Nodes = nil
	for i := 0; i < n; i++ {
		node := doc.Elasticsearch.Nodes[i%len(doc.Elasticsearch.Nodes)]
		node.Name = fmt.Sprintf("es%03d", i)
		d.Elasticsearch.Nodes = append(d.Elasticsearch.Nodes, node)
	}
	return &d
}

// BenchmarkEvaluateDeployment measures one evaluation of the whole
// catalogue against the demo deployment (input conversion included).
func BenchmarkEvaluateDeployment(b *testing.B) {
	e, doc := engine(b), demoDoc(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v, err := policy.InputValue(doc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.Evaluate(ctx, "demo", v, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluatePerNode reports the evaluation cost per node for
// deployments of growing size.
func BenchmarkEvaluatePerNode(b *testing.B) {
	e, base := engine(b), demoDoc(b)
	ctx := context.Background()
	for _, n := range []int{1, 10, 50} {
		doc := withNodes(base, n)
		b.Run(fmt.Sprintf("nodes=%d", n), func(b *testing.B) {
			v, err := policy.InputValue(doc)
			if err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := e.Evaluate(ctx, "demo", v, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/node")
		})
	}
}

// TestEvaluateManyDocumentsOneEngine evaluates several deployments with one
// prepared engine, concurrently, and checks each got its own findings.
func TestEvaluateManyDocumentsOneEngine(t *testing.T) {
	e, base := engine(t), demoDoc(t)
	var docs []*inventory.Document
	for i := 0; i < 3; i++ {
		d := withNodes(base, i+1)
		d.Deployment.Name = fmt.Sprintf("dep%d", i)
		docs = append(docs, d)
	}
	r, err := audit.Evaluate(context.Background(), e, docs, audit.Options{TargetLevel: finding.LevelHTTPS, FailOn: finding.SeverityHigh, Now: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Deployments) != 3 {
		t.Fatalf("got %d deployments", len(r.Deployments))
	}
	per := map[string]int{}
	for _, f := range r.Findings {
		per[f.Deployment]++
	}
	for _, d := range docs {
		if per[d.Deployment.Name] < 25 {
			t.Errorf("%s: only %d findings", d.Deployment.Name, per[d.Deployment.Name])
		}
	}
	if per["dep2"] <= per["dep0"] {
		t.Errorf("three nodes should give more findings than one: %v", per)
	}
}
