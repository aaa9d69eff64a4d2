package yamlconf

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it returns is
// consistent. Seeds are in testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	env := envOf(map[string]string{"HOSTNAME": "node-1", "ES_HOST": "es01", "N": "HOSTNAME"})
	f.Fuzz(func(t *testing.T, data []byte, kibana bool) {
		d := Elasticsearch
		if kibana {
			d = Kibana
		}
		file, err := Parse("fuzz.yml", data, d, env)
		if err != nil {
			var se *SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("error %T is not a *SyntaxError: %v", err, err)
			}
			if se.Line < 0 {
				t.Fatalf("negative line %d", se.Line)
			}
			return
		}
		for key, e := range file.Entries {
			if e.Key != key {
				t.Fatalf("entry %q has Key %q", key, e.Key)
			}
			if e.Line < 1 {
				t.Fatalf("entry %q has line %d", key, e.Line)
			}
			if e.List == nil {
				t.Fatalf("entry %q has a nil list", key)
			}
			if e.IsList && e.Value != strings.Join(e.List, ",") {
				t.Fatalf("entry %q: value %q is not its list %q joined", key, e.Value, e.List)
			}
			if !e.IsList && (len(e.List) != 1 || e.List[0] != e.Value) {
				t.Fatalf("entry %q: scalar list %q does not match value %q", key, e.List, e.Value)
			}
			if e.Unresolved && !e.Reference {
				t.Fatalf("entry %q unresolved without a reference", key)
			}
		}
		for _, p := range file.Problems {
			if p.Message == "" {
				t.Fatal("empty problem message")
			}
		}
	})
}
