package policies_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/topdown"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// inputRecorder is a tracer that keeps every input document an evaluation
// ran with (each `with input as ...` of a Rego test) and where it was first
// seen.
type inputRecorder struct {
	mu   sync.Mutex
	seen map[*ast.Term]string
}

func (r *inputRecorder) Enabled() bool { return true }

func (r *inputRecorder) Config() topdown.TraceConfig { return topdown.TraceConfig{} }

func (r *inputRecorder) TraceEvent(evt topdown.Event) {
	in := evt.Input()
	if in == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, ok := r.seen[in]; ok {
		return
	}
	loc := ""
	if evt.Location != nil {
		loc = fmt.Sprintf("%s:%d", evt.Location.File, evt.Location.Row)
	}
	r.seen[in] = loc
}

// fixtureSchema is docs/input.schema.json without "required": Rego
// fixtures are partial documents, but every field and value they use must be
// one the collectors write (no invented field, origin or source).
func fixtureSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	b, err := os.ReadFile("../docs/input.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var strip func(any)
	strip = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "required")
			for _, c := range x {
				strip(c)
			}
		case []any:
			for _, c := range x {
				strip(c)
			}
		}
	}
	strip(doc)
	b, _ = json.Marshal(doc)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("fixture.schema.json", inst); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("fixture.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// fixturesFollowTheContract validates each input document a Rego test
// evaluated with (rec saw them in TestRego's run) against the input
// schema: a fixture with a field or value the collectors never emit fails.
func fixturesFollowTheContract(t *testing.T, rec *inputRecorder) {
	schema := fixtureSchema(t)
	bad := map[string]string{} // error -> first location
	checked := map[string]bool{}
	for term, loc := range rec.seen {
		key := term.String()
		if checked[key] {
			continue
		}
		checked[key] = true
		v, err := ast.JSON(term.Value)
		if err != nil {
			continue // a partial input with a non-JSON value: nothing a collector writes
		}
		if err := schema.Validate(v); err != nil {
			msg := strings.ReplaceAll(err.Error(), "\n", " ")
			if prev, ok := bad[msg]; !ok || loc < prev {
				bad[msg] = loc
			}
		}
	}
	var lines []string
	for msg, loc := range bad {
		lines = append(lines, loc+": "+msg)
	}
	sort.Strings(lines)
	for _, l := range lines {
		t.Error(l)
	}
	t.Logf("%d distinct test inputs validated", len(checked))
}
