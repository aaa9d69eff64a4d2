package policy

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
	"github.com/essec-dev/essec/policies"
)

// fleetDocument returns the demo deployment grown to n distinct nodes:
// node i is a copy of a demo node with its own name, directory and paths
// (es01 becomes es0042 everywhere in the node), and three Kibana
// instances.
func fleetDocument(tb testing.TB, n int) *inventory.Document {
	tb.Helper()
	demo, err := collect.Deployment(context.Background(), collect.Request{
		Deployment: target.Deployment{Name: "fleet", Version: "8.15.1", Paths: []string{
			"../../testdata/demo/es01", "../../testdata/demo/es02", "../../testdata/demo/es03", "../../testdata/demo/kibana"}},
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("growth")), Seen: &redact.Secrets{},
	})
	if err != nil {
		tb.Fatal(err)
	}
	doc := *demo
	doc.Elasticsearch.Nodes = nil
	for i := range n {
		src := demo.Elasticsearch.Nodes[i%len(demo.Elasticsearch.Nodes)]
		b, err := json.Marshal(src)
		if err != nil {
			tb.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), src.Name, fmt.Sprintf("es%04d", i))
		var node inventory.Node
		if err := json.Unmarshal([]byte(s), &node); err != nil {
			tb.Fatal(err)
		}
		doc.Elasticsearch.Nodes = append(doc.Elasticsearch.Nodes, node)
	}
	doc.Kibana = nil
	for i := range 3 {
		src := demo.Kibana[0]
		b, err := json.Marshal(src)
		if err != nil {
			tb.Fatal(err)
		}
		s := strings.ReplaceAll(string(b), "kibana", fmt.Sprintf("kibana%03d", i))
		var k inventory.Kibana
		if err := json.Unmarshal([]byte(s), &k); err != nil {
			tb.Fatal(err)
		}
		doc.Kibana = append(doc.Kibana, k)
	}
	return &doc
}

// checkTime is the CPU time of one evaluation of a check: the average
// over as many evaluations as fill 20 ms of CPU (at least one), since the
// thread's CPU clock ticks coarsely. The CPU time of the evaluating thread
// is what is measured, so other processes of a loaded machine do not
// count. The garbage collector is off while a check is measured, so that
// none of its work (assists) lands on the measured thread, and runs
// between measurements once the garbage outgrows gcBudget: a collection
// before every measurement would mark the fleets' inputs hundreds of
// times, which cost twice the evaluations themselves.
func checkTime(ctx context.Context, tb testing.TB, q rego.PreparedEvalQuery, input ast.Value) time.Duration {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	collectWhenGrown()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	start := threadCPU()
	runs := 0
	for runs < 1 || threadCPU()-start < 20*time.Millisecond {
		if _, err := q.Eval(ctx, rego.EvalParsedInput(input)); err != nil {
			tb.Fatal(err)
		}
		runs++
	}
	return (threadCPU() - start) / time.Duration(runs)
}

// gcBudget is how much garbage the measurements may leave before a
// collection.
const gcBudget = 512 << 20

// collectWhenGrown collects the garbage when the heap holds gcBudget more
// than what the last collection left.
func collectWhenGrown() {
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 || s[1].Value.Kind() != metrics.KindUint64 ||
		s[1].Value.Uint64() > s[0].Value.Uint64()+gcBudget {
		runtime.GC()
	}
}

// TestChecksGrowLinearly times every check at 100 and 400 distinct nodes
// and fails when one grows worse than linearly: a lookup across nodes
// written so OPA cannot index it (a comprehension inline in count(...))
// makes a check quadratic, and a fleet of 800 nodes then takes minutes.
// This is a test of the growth's shape, not of speed: linear growth is a
// ratio of 4, quadratic 16; the bound of 8 holds on a loaded machine.
func TestChecksGrowLinearly(t *testing.T) {
	if testing.Short() {
		t.Skip("evaluates the catalogue over 500 nodes")
	}
	ctx := context.Background()
	mods, err := ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		t.Fatal(err)
	}
	e, err := NewEngine(ctx, mods, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Two fleets: copies of the demo (keystores, misconfigurations, Kibana
	// findings) and a generated one whose every node has its own
	// certificates, so the certificate checks meet distinct material.
	// The demo copies are measured at 50 and 200 nodes (the same ratio of
	// four, half the test's time); the generated fleet at 100 and 400.
	fleets := []struct {
		name       string
		doc        func(testing.TB, int) *inventory.Document
		small, big int
	}{{"demo copies", fleetDocument, 50, 200}, {"generated", benchFleetDocument, 100, 400}}
	for _, fleet := range fleets {
		small, err := InputValue(fleet.doc(t, fleet.small))
		if err != nil {
			t.Fatal(err)
		}
		large, err := InputValue(fleet.doc(t, fleet.big))
		if err != nil {
			t.Fatal(err)
		}
		for i, chk := range e.Checks() {
			q := e.checkQuery(i)
			t100 := checkTime(ctx, t, q, small)
			t400 := checkTime(ctx, t, q, large)
			ratio := float64(t400) / float64(max(t100, 100*time.Microsecond))
			// A ratio over the bound is measured twice more, keeping each
			// size's fastest time: noise only adds time, quadratic growth
			// stays whatever the retries.
			for retry := 0; retry < 2 && ratio > 8; retry++ {
				t100 = min(t100, checkTime(ctx, t, q, small))
				t400 = min(t400, checkTime(ctx, t, q, large))
				ratio = float64(t400) / float64(max(t100, 100*time.Microsecond))
			}
			t.Logf("%-11s %-9s %d nodes %8.1f ms  %d nodes %8.1f ms  ratio %5.1f", fleet.name, chk.ID, fleet.small, ms(t100), fleet.big, ms(t400), ratio)
			// Below 2 ms at the larger size a check is too fast for its
			// ratio to mean anything.
			if t400 > 2*time.Millisecond && ratio > 8 {
				t.Errorf("%s (%s) grows worse than linearly over the %s fleet: %.1f ms at %d nodes, %.1f ms at %d (ratio %.1f, linear is 4); see docs/policy-authoring.md, Performance",
					chk.ID, chk.File, fleet.name, ms(t100), fleet.small, ms(t400), fleet.big, ratio)
			}
		}
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
