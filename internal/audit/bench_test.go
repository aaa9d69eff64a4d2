package audit_test

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/audit"
	"github.com/essec-dev/essec/internal/benchfleet"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/yamlconf"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/report/ecs"
	"github.com/essec-dev/essec/internal/report/html"
	"github.com/essec-dev/essec/internal/report/jsonreport"
	"github.com/essec-dev/essec/internal/report/junit"
	"github.com/essec-dev/essec/internal/report/sarif"
	"github.com/essec-dev/essec/internal/report/table"
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

// BenchmarkStages times each stage of an audit over a synthetic fleet of
// 50 distinct nodes (internal/benchfleet, as make bench writes): reading
// one node's elasticsearch.yml, parsing its certificates, building the
// whole document (collection, keystores included), converting it to an
// OPA value, compiling the catalogue, evaluating it, and rendering each
// report format. Redaction has its own benchmark in internal/redact.
func BenchmarkStages(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	const nodes = 50
	if _, err := benchfleet.Write(dir, benchfleet.Options{Nodes: nodes, Now: now}); err != nil {
		b.Fatal(err)
	}
	var paths []string
	for i := range nodes {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("es%05d", i)))
	}
	paths = append(paths, filepath.Join(dir, "kb000"), filepath.Join(dir, "kb001"))
	node := filepath.Join(dir, "es00000")
	b.Run("read-yaml", func(b *testing.B) {
		data, err := os.ReadFile(filepath.Join(node, "elasticsearch.yml"))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := yamlconf.Parse("elasticsearch.yml", data, yamlconf.Elasticsearch, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("parse-certificates", func(b *testing.B) {
		for b.Loop() {
			for _, f := range []string{"ca.crt", "http.crt", "transport.crt"} {
				if _, err := certs.LoadPEMCertificates(ctx, filepath.Join(node, "certs", f)); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	req := collect.Request{
		Deployment: target.Deployment{Name: "bench-fleet", Version: "8.15.1", Paths: paths},
		Now:        now, CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("bench")), Seen: &redact.Secrets{},
	}
	var doc *inventory.Document
	b.Run("build-document", func(b *testing.B) {
		for b.Loop() {
			var err error
			if doc, err = collect.Deployment(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nodes, "ns/node")
	})
	if doc == nil {
		b.Skip("the document was not built")
	}
	var input ast.Value
	b.Run("to-opa-value", func(b *testing.B) {
		for b.Loop() {
			var err error
			if input, err = policy.InputValue(doc); err != nil {
				b.Fatal(err)
			}
		}
	})
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		b.Fatal(err)
	}
	var e *policy.Engine
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			if e, err = policy.NewEngine(ctx, mods, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		for b.Loop() {
			if _, err := e.Evaluate(ctx, "bench-fleet", input, nil); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/nodes, "ns/node")
	})
	r, err := audit.Evaluate(ctx, e, []*inventory.Document{doc}, audit.Options{TargetLevel: finding.LevelHTTPS, FailOn: finding.SeverityHigh, Now: now})
	if err != nil {
		b.Fatal(err)
	}
	formats := map[string]func(io.Writer) error{
		"json":  func(w io.Writer) error { return jsonreport.Write(w, r) },
		"sarif": func(w io.Writer) error { return sarif.Write(w, r, sarif.Options{}) },
		"table": func(w io.Writer) error { return table.Write(w, r, table.Options{}) },
		"html":  func(w io.Writer) error { return html.Write(w, r, html.Options{}) },
		"junit": func(w io.Writer) error { return junit.Write(w, r, junit.Options{}) },
		"ecs":   func(w io.Writer) error { return ecs.Write(w, r, ecs.Options{}) },
	}
	for _, name := range []string{"json", "sarif", "table", "html", "junit", "ecs"} {
		b.Run("render-"+name, func(b *testing.B) {
			for b.Loop() {
				if err := formats[name](io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
