package finding

import (
	"bytes"
	"encoding/json"
	"testing"
)

// Evidence kept encoded writes the bytes the map of Go values wrote, in
// every encoder setting the reports use.
func TestEvidenceEncodesAsTheMap(t *testing.T) {
	m := map[string]any{
		"observed": "<b>&\u2028</b>", "expected": 3.0, "ratio": 0.5, "big": 1.2345678901234567e+19,
		"none": nil, "list": []any{true, "x", map[string]any{"z": 1.0, "a": "b"}},
	}
	ev := MustEvidence(m)
	for _, html := range []bool{false, true} {
		for _, indent := range []string{"", "  "} {
			encode := func(v any) string {
				var b bytes.Buffer
				enc := json.NewEncoder(&b)
				enc.SetEscapeHTML(html)
				enc.SetIndent("", indent)
				if err := enc.Encode(v); err != nil {
					t.Fatal(err)
				}
				return b.String()
			}
			type withMap struct {
				E map[string]any `json:"evidence,omitempty"`
			}
			type withEvidence struct {
				E Evidence `json:"evidence,omitempty"`
			}
			if got, want := encode(withEvidence{ev}), encode(withMap{m}); got != want {
				t.Errorf("html %v indent %q: got\n%s\nwant\n%s", html, indent, got, want)
			}
			if got, want := encode(withEvidence{}), encode(withMap{}); got != want {
				t.Errorf("no evidence: got %s, want %s", got, want)
			}
		}
	}
}

// Evidence read back from a report is kept as NewEvidence keeps it, so a
// baseline's findings write as the engine's do.
func TestEvidenceReadBackIsCanonical(t *testing.T) {
	var f Finding
	if err := json.Unmarshal([]byte(`{"evidence": {"observed": 2, "expected" : "a<b"}}`), &f); err != nil {
		t.Fatal(err)
	}
	if got, want := string(f.Evidence), `{"expected":"a<b","observed":2}`; got != want {
		t.Errorf("read %s, want %s", got, want)
	}
	if m := f.Evidence.Map(); m["observed"] != 2.0 || m["expected"] != "a<b" {
		t.Errorf("decoded %#v", m)
	}
	if err := json.Unmarshal([]byte(`{"evidence": null}`), &f); err != nil || f.Evidence != nil {
		t.Errorf("null evidence read as %q (%v)", f.Evidence, err)
	}
	if ev, err := NewEvidence(map[string]any{}); err != nil || ev != nil {
		t.Errorf("empty evidence is %q (%v), want none", ev, err)
	}
}
