package policies_test

import (
	"io/fs"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/policies"
)

// TestNoPartialObjectRulesWithVariableKeys fails on a rule such as
// `by_path[p] := v if { ... }` (or `by_path[p] contains v`) in a check or
// the library: OPA checks each key such a rule produces against every key
// before it, so a rule keyed by node, file or certificate grows with the
// square of the fleet (HARD-11's files_by_path took 2.7 s at 1,600 nodes).
// Write the lookup as an object comprehension, `by_path := {p: v | ...}`.
// Rules with constant keys (`forbidden["elastic"] := ...`) are not
// concerned. A timing test at 100 and 400 nodes did not catch it: the
// quadratic part was still a small share of the check there.
func TestNoPartialObjectRulesWithVariableKeys(t *testing.T) {
	checked := 0
	err := fs.WalkDir(policies.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".rego") || strings.HasSuffix(path, "_test.rego") {
			return err
		}
		src, err := fs.ReadFile(policies.FS, path)
		if err != nil {
			return err
		}
		m, err := ast.ParseModuleWithOpts(path, string(src), ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return err
		}
		checked++
		for _, r := range m.Rules {
			ref := r.Head.Ref()
			if len(ref) < 2 || ref.IsGround() { // IsGround skips the head: the key's terms
				continue
			}
			t.Errorf("%s:%d: %s is a partial object rule with a variable key (`p[k] := v` or `p[k] contains v`), quadratic in its keys: write it as an object comprehension (see docs/policy-authoring.md)", path, r.Location.Row, ref)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("checked only %d Rego files", checked)
	}
}
