package policy

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/benchfleet"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
	"github.com/essec-dev/essec/policies"
)

// benchFleetDocument collects a fleet written by internal/benchfleet
// (distinct nodes with their own names, addresses and certificates, no
// keystore), as make bench audits it.
func benchFleetDocument(tb testing.TB, nodes int) *inventory.Document {
	tb.Helper()
	dir := tb.TempDir()
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	if _, err := benchfleet.Write(dir, benchfleet.Options{Nodes: nodes, Kibanas: 2, Keystores: -1, Now: now}); err != nil {
		tb.Fatal(err)
	}
	var paths []string
	for i := range nodes {
		paths = append(paths, filepath.Join(dir, fmt.Sprintf("es%05d", i)))
	}
	paths = append(paths, filepath.Join(dir, "kb000"), filepath.Join(dir, "kb001"))
	doc, err := collect.Deployment(context.Background(), collect.Request{
		Deployment: target.Deployment{Name: "bench-fleet", Version: "8.15.1", Paths: paths},
		Now:        now, CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("groups")), Seen: &redact.Secrets{},
	})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func embeddedCatalogue(tb testing.TB) *Catalogue {
	tb.Helper()
	mods, err := ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		tb.Fatal(err)
	}
	cat, err := ParseCatalogue(mods)
	if err != nil {
		tb.Fatal(err)
	}
	return cat
}

// Evaluating the checks in concurrent groups gives the same findings, in
// the same order, as one query over them all.
func TestGroupsJudgeLikeOneQuery(t *testing.T) {
	ctx := context.Background()
	cat := embeddedCatalogue(t)
	engines := map[int]*Engine{}
	for _, k := range []int{1, 2, 4, 7} {
		e, err := cat.compileGroups(ctx, nil, k, nil)
		if err != nil {
			t.Fatal(err)
		}
		if e.Groups() != k {
			t.Fatalf("%d groups, want %d", e.Groups(), k)
		}
		engines[k] = e
	}
	demo, err := collect.Deployment(ctx, collect.Request{
		Deployment: target.Deployment{Name: "demo", Version: "8.15.1", Paths: []string{
			"../../testdata/demo/es01", "../../testdata/demo/es02", "../../testdata/demo/es03", "../../testdata/demo/kibana"}},
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("groups")), Seen: &redact.Secrets{},
	})
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string]*inventory.Document{"demo": demo, "fleet": benchFleetDocument(t, 20)}
	for name, doc := range docs {
		input, err := InputValue(doc)
		if err != nil {
			t.Fatal(err)
		}
		var want []finding.Finding
		for _, k := range []int{1, 2, 4, 7} {
			fs, err := engines[k].Evaluate(ctx, name, input, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(fs) < len(cat.Checks()) {
				t.Fatalf("%s: %d findings for %d checks", name, len(fs), len(cat.Checks()))
			}
			if k == 1 {
				want = fs
				continue
			}
			if !reflect.DeepEqual(fs, want) {
				t.Errorf("%s: %d groups judge differently from one query", name, k)
			}
		}
	}
}

// The groups share the cost: no group holds much more than its share.
func TestPartitionBalancesCost(t *testing.T) {
	cost := []int{50, 40, 30, 20, 10, 10, 10, 10, 5, 5}
	groups := partition(cost, 3)
	seen := map[int]bool{}
	for _, g := range groups {
		sum := 0
		for i, c := range g {
			if i > 0 && g[i-1] >= c {
				t.Errorf("group %v is not in catalogue order", g)
			}
			seen[c] = true
			sum += cost[c]
		}
		if sum > 70 {
			t.Errorf("group %v costs %d of 200", g, sum)
		}
	}
	if len(seen) != len(cost) {
		t.Errorf("groups %v do not hold each check once", groups)
	}
	if n := len(partition(cost, 40)); n != len(cost) {
		t.Errorf("%d groups for %d checks", n, len(cost))
	}
}

// BenchmarkEvaluateGroups evaluates the catalogue over a generated fleet
// of 400 distinct nodes with one query and with one group per core,
// reporting the process's CPU time beside the wall time.
func BenchmarkEvaluateGroups(b *testing.B) {
	ctx := context.Background()
	cat := embeddedCatalogue(b)
	input, err := InputValue(benchFleetDocument(b, 400))
	if err != nil {
		b.Fatal(err)
	}
	for _, k := range []int{1, 2, 4} {
		g, err := cat.compileGroups(ctx, nil, k, nil)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("groups=%d", k), func(b *testing.B) {
			evalGroups(ctx, b, g, input)
		})
	}
}

func evalGroups(ctx context.Context, b *testing.B, e *Engine, input ast.Value) {
	cpu := processCPU()
	for b.Loop() {
		if _, err := e.Evaluate(ctx, "bench-fleet", input, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
}

// No embedded check reads another check's package (or iterates over the
// checks): each group's compiler holds only the library and its own
// checks, so such a read would silently be undefined.
func TestChecksReadNoOtherCheck(t *testing.T) {
	cat := embeddedCatalogue(t)
	e, err := cat.compileGroups(context.Background(), nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	root := ast.MustParseRef("data." + ChecksRoot)
	checked := 0
	for _, m := range e.groups[0].compiler.Modules {
		own := m.Package.Path
		if !own.HasPrefix(root) {
			continue
		}
		checked++
		ast.WalkRefs(m, func(r ast.Ref) bool {
			if !r[0].Equal(ast.DefaultRootDocument) {
				return false
			}
			ground := r.GroundPrefix()
			reaches := ground.HasPrefix(root) || (len(ground) < len(r) && root.HasPrefix(ground))
			if reaches && !ground.HasPrefix(own) {
				t.Errorf("%s (%s) reads %s: checks must read only the input and the library", m.Package.Location.File, own, r)
			}
			return false
		})
	}
	if checked < len(cat.Checks()) {
		t.Errorf("walked %d check modules for %d checks", checked, len(cat.Checks()))
	}
}

// An engine compiled in the background lists its checks at once and
// judges like one compiled before; the run's cancellation does not stop
// the compile of an engine other runs may share.
func TestCompileInBackgroundJudgesLikeCompile(t *testing.T) {
	ctx := context.Background()
	cat := embeddedCatalogue(t)
	want := map[string]bool{"MIN-01": true, "HARD-11": true, "KIB-01": true, "DRIFT-01": true}
	sel := func(id string) bool { return want[id] }
	done, err := cat.Compile(ctx, sel, nil)
	if err != nil {
		t.Fatal(err)
	}
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	bg := cat.CompileInBackground(cancelled, sel, nil)
	if len(bg.Checks()) != len(want) {
		t.Fatalf("the background engine lists %d checks, want %d", len(bg.Checks()), len(want))
	}
	input, err := InputValue(fleetDocument(t, 3))
	if err != nil {
		t.Fatal(err)
	}
	a, err := done.Evaluate(ctx, "fleet", input, nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bg.Evaluate(ctx, "fleet", input, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) < len(want) || !reflect.DeepEqual(a, b) {
		t.Errorf("the background engine gives %d findings, the compiled one %d, or they differ", len(b), len(a))
	}
}

// trustedCompileResults finds a rule the skipped stages would compile
// differently (a body OPA must reorder) and nothing in rules written in
// order. The embedded catalogue's own sweep is go test ./policies/'s
// (RunTests), not repeated here: it compiles the catalogue twice with
// every stage.
func TestTrustedCompileChangesNothing(t *testing.T) {
	mods := []Module{
		{Name: "policies/t/good.rego", Source: "package essec.checks.t.good\n\nx if {\n\txs = [1]\n\tcount(xs) > 0\n\tys := [y | some y in xs; y == 1]\n\tcount(ys) == 1\n}\n"},
		{Name: "policies/t/order.rego", Source: "package essec.checks.t.order\n\nx if {\n\tcount(xs) > 0\n\txs = [1]\n}\n"},
	}
	parsed, err := parse(mods, false, parserCapabilities())
	if err != nil {
		t.Fatal(err)
	}
	rs := trustedCompileResults(mods, parsed)
	if len(rs) != 1 || rs[0].File != mods[1].Name || !strings.Contains(rs[0].Message, "order") {
		t.Errorf("a body OPA must reorder, and one in order, give %+v", rs)
	}
	delete(parsed, mods[1].Name)
	if rs := trustedCompileResults(mods[:1], parsed); len(rs) != 0 {
		t.Errorf("a body in order gives %+v", rs)
	}
}
