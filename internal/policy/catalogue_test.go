package policy_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
	"github.com/essec-dev/essec/policies"
)

func embedded(t testing.TB) []policy.Module {
	t.Helper()
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		t.Fatal(err)
	}
	return mods
}

// demoFindings evaluates the shipped demo with e.
func demoFindings(t *testing.T, e *policy.Engine) map[string]finding.Finding {
	t.Helper()
	doc, err := collect.Deployment(context.Background(), collect.Request{
		Deployment: target.Deployment{Name: "demo", Version: "8.15.1", Paths: []string{
			"../../testdata/demo/es01", "../../testdata/demo/es02", "../../testdata/demo/es03", "../../testdata/demo/kibana"}},
		Now: time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC), CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("test")), Seen: &redact.Secrets{},
	})
	if err != nil {
		t.Fatal(err)
	}
	v, err := policy.InputValue(doc)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Evaluate(context.Background(), "demo", v, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]finding.Finding{}
	for _, f := range fs {
		out[f.Fingerprint] = f
	}
	return out
}

// The embedded catalogue compiles without the checking-only stages (types,
// recursion): the findings must be those of a compile with every stage,
// which is what a module from a policy directory gets.
func TestTrustedCompileJudgesLikeFullCompile(t *testing.T) {
	ctx := context.Background()
	mods := embedded(t)
	fast, err := policy.NewEngine(ctx, mods, nil)
	if err != nil {
		t.Fatal(err)
	}
	custom := make([]policy.Module, len(mods))
	copy(custom, mods)
	for i := range custom {
		custom[i].Custom = true
	}
	full, err := policy.NewEngine(ctx, custom, nil)
	if err != nil {
		t.Fatal(err)
	}
	a, b := demoFindings(t, fast), demoFindings(t, full)
	if len(a) < 50 {
		t.Fatalf("only %d findings for the demo", len(a))
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("fast compile gives %d findings, full compile %d, or they differ", len(a), len(b))
	}
}

// Compiling only the selected checks gives the same findings for them as
// the whole catalogue, and nothing for the others.
func TestCompileOnlySelectedChecks(t *testing.T) {
	ctx := context.Background()
	cat, err := policy.ParseCatalogue(embedded(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(cat.Checks()) < 50 {
		t.Fatalf("catalogue has %d checks", len(cat.Checks()))
	}
	want := map[string]bool{"MIN-01": true, "HARD-11": true, "KIB-01": true}
	sel, err := cat.Compile(ctx, func(id string) bool { return want[id] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(sel.Checks()) != len(want) {
		t.Fatalf("engine compiled %d checks, want %d", len(sel.Checks()), len(want))
	}
	all, err := cat.Compile(ctx, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, full := demoFindings(t, sel), demoFindings(t, all)
	n := 0
	for fp, f := range full {
		if !want[f.CheckID] {
			continue
		}
		n++
		if !reflect.DeepEqual(got[fp], f) {
			t.Errorf("%s %s: selected compile gives %+v", f.CheckID, f.Resource.Name, got[fp])
		}
	}
	if n == 0 || len(got) != n {
		t.Errorf("selected compile gives %d findings, the full catalogue %d for those checks", len(got), n)
	}
}

// A policy from a policy directory cannot reach the network or read
// essec's environment: it fails to compile with a clear error, and the
// server it names receives nothing.
func TestCustomPolicyCannotCallNetwork(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	calls := map[string]string{
		"http.send":          `http.send({"method": "POST", "url": "` + srv.URL + `/_security/user/x"}).status_code == 200`,
		"net.lookup_ip_addr": `count(net.lookup_ip_addr("localhost")) > 0`,
		"opa.runtime":        `opa.runtime().env.ESSEC_PASSWORD != ""`,
	}
	for builtin, call := range calls {
		t.Run(builtin, func(t *testing.T) {
			dir := t.TempDir()
			src := `# METADATA
# title: Calls out
# custom:
#   id: CUSTOM-01
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation_text: none
package essec.checks.custom.calls_out

results contains {"status": "pass", "message": "called"} if ` + call + "\n"
			if err := os.WriteFile(filepath.Join(dir, "calls_out.rego"), []byte(src), 0o600); err != nil {
				t.Fatal(err)
			}
			custom, err := policy.ReadDir(dir)
			if err != nil {
				t.Fatal(err)
			}
			// The custom module alone: the embedded catalogue beside it would
			// compile 77 checks with every compiler stage for nothing (the
			// refusal is the custom module's), a second of CPU per call.
			_, err = policy.NewEngine(context.Background(), custom, nil)
			if err == nil {
				t.Fatal("a policy calling " + builtin + " compiled")
			}
			for _, want := range []string{builtin, "read-only", "calls_out.rego"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error does not mention %q: %v", want, err)
				}
			}
		})
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("the server received %d requests", n)
	}
}

// net.cidr_expand and other pure functions stay available.
func TestCustomPolicyMayUsePureNetFunctions(t *testing.T) {
	mod := policy.Module{Name: "cidr.rego", Custom: true, Source: `# METADATA
# title: Pure
# custom:
#   id: CUSTOM-02
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation_text: none
package essec.checks.custom.pure

results contains {"status": "pass", "message": "ok"} if count(net.cidr_expand("10.0.0.0/30")) == 4
`}
	e, err := policy.NewEngine(context.Background(), []policy.Module{mod}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Checks()) != 1 {
		t.Fatalf("%d checks", len(e.Checks()))
	}
}

// The embedded catalogue's metadata, read from the modules' headers only,
// is what the whole modules give.
func TestHeadersGiveTheWholeModulesMetadata(t *testing.T) {
	mods := embedded(t)
	headers, err := policy.ParseCatalogue(mods)
	if err != nil {
		t.Fatal(err)
	}
	whole := make([]policy.Module, len(mods))
	copy(whole, mods)
	for i := range whole {
		whole[i].Custom = true // parsed whole at once
	}
	full, err := policy.ParseCatalogue(whole)
	if err != nil {
		t.Fatal(err)
	}
	if len(headers.Checks()) < 50 || !reflect.DeepEqual(headers.Checks(), full.Checks()) {
		t.Errorf("the headers give %d checks, the whole modules %d, or their metadata differ", len(headers.Checks()), len(full.Checks()))
	}
}
