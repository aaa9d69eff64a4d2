package policies_test

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/policies"
)

// TestRego runs every _test.rego of the catalogue through OPA's tester,
// once: the inputs the tests evaluate with are recorded on the way and
// checked against the input document's contract.
func TestRego(t *testing.T) {
	mods, err := policy.ReadFS(policies.FS, ".", "policies/")
	if err != nil {
		t.Fatal(err)
	}
	rec := &inputRecorder{seen: map[*ast.Term]string{}}
	results, err := policy.RunTestsTraced(context.Background(), mods, rec)
	if err != nil {
		t.Fatal(err)
	}
	if len(results) == 0 {
		t.Fatal("no rego test ran")
	}
	for _, r := range results {
		if !r.Pass && !r.Skip {
			t.Errorf("%s %s.%s: %s", r.File, r.Package, r.Name, r.Message)
		}
	}
	t.Logf("%d rego tests", len(results))
	t.Run("FixturesFollowTheContract", func(t *testing.T) { fixturesFollowTheContract(t, rec) })
}
