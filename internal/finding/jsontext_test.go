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
