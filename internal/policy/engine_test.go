package policy

import (
	"context"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
)

const meta = `# METADATA
# title: %s
# custom:
#   id: %s
#   level: hardening
#   severity: low
#   component: elasticsearch
#   remediation_text: fix it
`

func module(name, id, body string) Module {
	return Module{Name: name, Source: strings.Replace(strings.Replace(meta, "%s", "T "+id, 1), "%s", id, 1) + body}
}

func evaluate(t *testing.T, mods ...Module) []finding.Finding {
	t.Helper()
	return evaluateGroups(t, 1, mods...)
}

// evaluateGroups evaluates the modules' checks in k concurrent groups.
func evaluateGroups(t *testing.T, k int, mods ...Module) []finding.Finding {
	t.Helper()
	cat, err := ParseCatalogue(mods)
	if err != nil {
		t.Fatal(err)
	}
	e, err := cat.compileGroups(context.Background(), nil, k, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := InputValue(&inventory.Document{Deployment: inventory.Deployment{Name: "d"}})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Evaluate(context.Background(), "d", v, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

func byID(fs []finding.Finding) map[string]finding.Finding {
	m := map[string]finding.Finding{}
	for _, f := range fs {
		m[f.CheckID] = f
	}
	return m
}

// A check that raises an error at evaluation must not take the others
// down, whether they share its group or not; a check whose results are
// undefined does not either.
func TestBrokenCheckIsUnknownOthersStillJudge(t *testing.T) {
	good := module("good.rego", "T-01", `package essec.checks.t.good
results contains {"status": "pass", "message": "fine"} if true
`)
	broken := module("broken.rego", "T-02", `package essec.checks.t.broken
x := 1 if true
x := 2 if true
results contains {"status": "pass", "message": sprintf("%d", [x])} if true
`)
	undefined := module("undefined.rego", "T-05", `package essec.checks.t.undefined
results := [{"status": "pass", "message": "never"}] if false
`)
	other := module("other.rego", "T-06", `package essec.checks.t.other
results := [{"status": "fail", "message": "judged"}]
`)
	for _, k := range []int{1, 2, 4} {
		m := byID(evaluateGroups(t, k, good, broken, undefined, other))
		if m["T-01"].Status != finding.StatusPass {
			t.Errorf("%d groups: good check: %+v", k, m["T-01"])
		}
		if f := m["T-02"]; f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "could not be evaluated") {
			t.Errorf("%d groups: broken check: %+v", k, f)
		}
		if f := m["T-05"]; f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "no Elasticsearch node") {
			t.Errorf("%d groups: undefined check: %+v", k, f)
		}
		if f := m["T-06"]; f.Status != finding.StatusFail || f.Message != "judged" {
			t.Errorf("%d groups: check beside an undefined one: %+v", k, f)
		}
	}
}

// A result is read field by field from OPA's value: every field of the
// contract arrives, evidence as a JSON decoder gives it, and a result that
// breaks the contract is unknown, reported under its check.
func TestResultsAreDecoded(t *testing.T) {
	full := module("full.rego", "T-10", `package essec.checks.t.full
results contains {"status": "fail", "message": "m", "setting": "s.t", "extra": 1,
	"resource": {"kind": "node", "name": "es01", "file": "/e.yml", "line": 12, "endpoint": "/x", "sha256": "ab"},
	"evidence": {"observed": 3, "expected": {"a", "b"}, "ratio": 0.5, "none": null, "list": [true, "x"]}}
`)
	m := byID(evaluate(t, full))
	f := m["T-10"]
	want := finding.Resource{Kind: "node", Name: "es01", File: "/e.yml", Line: 12, Endpoint: "/x", SHA256: "ab"}
	if f.Status != finding.StatusFail || f.Message != "m" || f.Setting != "s.t" || f.Resource != want {
		t.Errorf("decoded %+v", f)
	}
	ev := f.Evidence.Map()
	if ev["observed"] != float64(3) || ev["ratio"] != 0.5 || ev["none"] != nil {
		t.Errorf("evidence %#v", ev)
	}
	if l, ok := ev["expected"].([]any); !ok || len(l) != 2 || l[0] != "a" || l[1] != "b" {
		t.Errorf("a set in evidence is %#v, want the sorted array", ev["expected"])
	}
	if l, ok := ev["list"].([]any); !ok || len(l) != 2 || l[0] != true {
		t.Errorf("an array in evidence is %#v", ev["list"])
	}

	bad := map[string]string{
		"T-20": `{"status": 1, "message": "m"}`,
		"T-21": `{"status": "pass"}`,
		"T-22": `{"status": "pass", "message": "m", "resource": "es01"}`,
		"T-23": `{"status": "pass", "message": "m", "resource": {"line": "12"}}`,
		"T-24": `{"status": "pass", "message": "m", "resource": {"line": 1.5}}`,
		"T-25": `{"status": "pass", "message": "m", "evidence": ["x"]}`,
		"T-26": `"pass"`,
		"T-27": `{"status": "pass", "message": "m", "setting": ["a"]}`,
	}
	var mods []Module
	for id, r := range bad {
		pkg := "c" + strings.ReplaceAll(strings.ToLower(id), "-", "")
		mods = append(mods, module(pkg+".rego", id, "package essec.checks.t."+pkg+"\nresults contains "+r+"\n"))
	}
	m = byID(evaluate(t, mods...))
	for id := range bad {
		if f := m[id]; f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "malformed") || f.CheckID != id {
			t.Errorf("%s %s: %+v", id, bad[id], f)
		}
	}
}

// Silence is never a pass, and malformed results are unknown.
func TestSilentAndMalformedChecksAreUnknown(t *testing.T) {
	silent := module("silent.rego", "T-03", `package essec.checks.t.silent
results contains {"status": "pass", "message": "never"} if false
`)
	malformed := module("malformed.rego", "T-04", `package essec.checks.t.malformed
results contains {"status": "great", "message": "x"} if true
`)
	m := byID(evaluate(t, silent, malformed))
	if m["T-03"].Status != finding.StatusUnknown {
		t.Errorf("silent check: %+v", m["T-03"])
	}
	if f := m["T-04"]; f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "malformed") {
		t.Errorf("malformed check: %+v", f)
	}
}

func TestMetadataIsValidated(t *testing.T) {
	bad := Module{Name: "bad.rego", Source: `# METADATA
# title: x
# custom:
#   id: lower-case
#   level: gold
#   severity: urgent
#   component: logstash
package essec.checks.t.bad
results contains {"status": "pass", "message": "x"} if true
`}
	_, err := NewEngine(context.Background(), []Module{bad}, nil)
	if err == nil {
		t.Fatal("invalid metadata accepted")
	}
	for _, want := range []string{"bad.rego", "custom.id", "custom.level", "custom.severity", "custom.component", "remediation_text"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not mention %s: %v", want, err)
		}
	}
}

// A check about a component the evidence does not hold says so and what to
// give; with the component present, silence keeps the generic reason.
func TestSilentCheckNamesMissingComponent(t *testing.T) {
	silent := module("silent.rego", "T-05", `package essec.checks.t.silent
results contains {"status": "pass", "message": "never"} if false
`)
	f := byID(evaluate(t, silent))["T-05"]
	if f.Status != finding.StatusUnknown || f.Resource.Kind != "cluster" || f.Resource.Name != "d" ||
		!strings.Contains(f.Message, "no Elasticsearch node or live cluster") || !strings.Contains(f.Message, "--url") {
		t.Errorf("no Elasticsearch evidence: %+v", f)
	}
	kib := Module{Name: "k.rego", Source: strings.Replace(strings.Replace(strings.Replace(meta, "%s", "T K", 1), "%s", "T-06", 1),
		"component: elasticsearch", "component: kibana", 1) + `package essec.checks.t.k
results contains {"status": "pass", "message": "never"} if false
`}
	f = byID(evaluate(t, kib))["T-06"]
	if f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "no Kibana instance") {
		t.Errorf("no Kibana evidence: %+v", f)
	}
	cat, err := ParseCatalogue([]Module{silent})
	if err != nil {
		t.Fatal(err)
	}
	e, err := cat.compileGroups(context.Background(), nil, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := InputValue(&inventory.Document{Deployment: inventory.Deployment{Name: "d"},
		Elasticsearch: inventory.Elasticsearch{Nodes: []inventory.Node{{Name: "es01"}}}})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := e.Evaluate(context.Background(), "d", v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Status != finding.StatusUnknown || !strings.Contains(fs[0].Message, "produced no result") {
		t.Errorf("with a node: %+v", fs)
	}
}
