package policy

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/essec-dev/essec/internal/inventory"
)

// The one-pass reader gives exactly the value OPA's own JSON reader gives,
// for fleets' documents and for the corners of JSON.
func TestInputValueIsOPAsValue(t *testing.T) {
	docs := map[string]*inventory.Document{"fleet": fleetDocument(t, 5), "bench-fleet": benchFleetDocument(t, 4)}
	texts := map[string][]byte{
		"escapes":  []byte(`{"a\"b": "x\\y\/z\u00e9\ud83d\ude00\n<&>", "": "", "k": "\u003cscript\u003e"}`),
		"numbers":  []byte(`[0, -1, 1.5, 1e3, -2.5E-3, 12345678901234567890, 3.0]`),
		"literals": []byte(` { "t" : true , "f" : false , "n" : null , "e" : [ ] , "o" : { } , "s" : [ [ ] , { } ] } `),
		"unicode":  []byte(`["é", "日本", "\ufffd"]`),
	}
	for name, doc := range docs {
		b, err := json.Marshal(doc)
		if err != nil {
			t.Fatal(err)
		}
		texts[name] = b
	}
	for name, b := range texts {
		want, err := ast.ValueFromReader(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		got, err := jsonValue(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if ast.Compare(got, want) != 0 || got.Hash() != want.Hash() {
			t.Errorf("%s: read %v\nOPA reads %v", name, got, want)
		}
	}
	for _, bad := range []string{``, `{`, `[1,`, `{"a" 1}`, `{"a": 1,}`, `[1 2]`, `"abc`, `tru`, `{1: 2}`, `[1] x`} {
		if v, err := jsonValue([]byte(bad)); err == nil {
			t.Errorf("%q read as %v", bad, v)
		}
	}
}

// BenchmarkInputValue converts a generated fleet's document of 400
// distinct nodes.
func BenchmarkInputValue(b *testing.B) {
	doc := benchFleetDocument(b, 400)
	for b.Loop() {
		if _, err := InputValue(doc); err != nil {
			b.Fatal(err)
		}
	}
}
