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
	e, err := NewEngine(context.Background(), mods, nil)
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

// A check that raises an error at evaluation must not take the others down.
func TestBrokenCheckIsUnknownOthersStillJudge(t *testing.T) {
	good := module("good.rego", "T-01", `package essec.checks.t.good
results contains {"status": "pass", "message": "fine"} if true
`)
	broken := module("broken.rego", "T-02", `package essec.checks.t.broken
x := 1 if true
x := 2 if true
results contains {"status": "pass", "message": sprintf("%d", [x])} if true
`)
	m := byID(evaluate(t, good, broken))
	if m["T-01"].Status != finding.StatusPass {
		t.Errorf("good check: %+v", m["T-01"])
	}
	if f := m["T-02"]; f.Status != finding.StatusUnknown || !strings.Contains(f.Message, "could not be evaluated") {
		t.Errorf("broken check: %+v", f)
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
