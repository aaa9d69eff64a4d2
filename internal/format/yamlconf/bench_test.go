package yamlconf

import (
	"os"
	"testing"
)

// BenchmarkParse parses a 200-line elasticsearch.yml with comments, nested
// and dotted keys, lists, realms and placeholders.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("testdata/bench-elasticsearch.yml")
	if err != nil {
		b.Fatal(err)
	}
	env := envOf(map[string]string{"HOSTNAME": "es01"})
	f, err := Parse("elasticsearch.yml", data, Elasticsearch, env)
	if err != nil {
		b.Fatal(err)
	}
	if len(f.Entries) < 100 || len(f.Problems) != 0 {
		b.Fatalf("entries=%d problems=%+v", len(f.Entries), f.Problems)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := Parse("elasticsearch.yml", data, Elasticsearch, env); err != nil {
			b.Fatal(err)
		}
	}
}
