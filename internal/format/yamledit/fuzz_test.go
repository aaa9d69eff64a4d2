package yamledit

import (
	"testing"

	"github.com/essec-dev/essec/internal/format/yamlconf"
)

// FuzzApply checks that any input either is refused or gives a file whose
// settings differ exactly by the change (Apply proves it); it must never
// panic.
func FuzzApply(f *testing.F) {
	for _, s := range []string{
		"a.b: 1\n", "xpack:\n  security:\n    enabled: false # c\n", "a: \"x\" # y\r\nb: [1, 2]\r\n",
		"k: |\n  text\n", "a: {b: c}\n", "- a\n", "x: ${V}\n", "n: 'it''s'\n", "a:\n  b:\n    c: 1\n  d: 2\n",
	} {
		f.Add(s, "a.b", "v", false)
	}
	f.Fuzz(func(t *testing.T, in, key, value string, remove bool) {
		if len(in) > 4096 || key == "" {
			return
		}
		c := Set(key, String(value))
		if remove {
			c = Remove(key)
		}
		out, err := Apply("f.yml", []byte(in), yamlconf.Elasticsearch, []Change{c})
		if err != nil {
			return
		}
		if _, err := yamlconf.Parse("f.yml", out, yamlconf.Elasticsearch, nil); err != nil {
			t.Fatalf("edited file does not parse: %v", err)
		}
	})
}
