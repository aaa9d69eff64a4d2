package finding

import (
	"bytes"
	"encoding/json"
	"testing"
)

// FuzzAppendJSONString: any text is quoted as encoding/json quotes it
// without HTML escaping.
func FuzzAppendJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", `"q" \ /`, "\b\f\n\r\t\x00\x1f\x7f", "<&>'+", "\u2028\u2029", "é日本🔒", "\xff\xe2\x80", "\xed\xa0\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(s); err != nil {
			t.Fatal(err)
		}
		if got := AppendJSONString([]byte("x"), s); !bytes.Equal(got, append([]byte("x"), bytes.TrimSuffix(want.Bytes(), []byte("\n"))...)) {
			t.Fatalf("%q: got %s, want %s", s, got, want.Bytes())
		}
	})
}

// The layouts are encoding/json's: Compact, and Indent with the indent's
// spaces as the prefix of every line after the first.
func TestAppendJSONLayoutsAreEncodingJSONs(t *testing.T) {
	for _, v := range []string{
		`{}`, `[]`, `"a b"`, `12`, `null`,
		`{ "a" : [ 1, 2 , {} ], "b": { "c" : "x \" , : { } [ ]" , "d": [] }, "e": true }`,
		"[\n\t{\"k\\\\\": \"v\\\\\"},\r\n[ [ ] , [ 0 ] ]\n]",
	} {
		var compact bytes.Buffer
		if err := json.Compact(&compact, []byte(v)); err != nil {
			t.Fatal(err)
		}
		if got := string(AppendJSONCompact(nil, []byte(v))); got != compact.String() {
			t.Errorf("AppendJSONCompact(%q) = %q, want %q", v, got, compact.String())
		}
		var indented bytes.Buffer
		if err := json.Indent(&indented, []byte(v), "    ", "  "); err != nil {
			t.Fatal(err)
		}
		if got := string(AppendJSONIndented(nil, []byte(v), "\n    ")); got != indented.String() {
			t.Errorf("AppendJSONIndented(%q) = %q, want %q", v, got, indented.String())
		}
	}
}
