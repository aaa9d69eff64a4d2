package keystore

import "testing"

// BenchmarkParseElasticsearchV7 measures a full read of a typical
// auto-configured v7 keystore; the 210,000 PBKDF2-HMAC-SHA512 iterations
// dominate.
func BenchmarkParseElasticsearchV7(b *testing.B) {
	benchmarkParseES(b, 7)
}

// BenchmarkParseElasticsearchV5 is the 10,000-iteration case for comparison.
func BenchmarkParseElasticsearchV5(b *testing.B) {
	benchmarkParseES(b, 5)
}

func benchmarkParseES(b *testing.B, version int) {
	data := writeES(b, version, nil, map[string][]byte{
		"keystore.seed": []byte("abcdefghij0123456789"),
		"xpack.security.http.ssl.keystore.secure_password":        []byte("0123456789abcdefghijkl"),
		"xpack.security.transport.ssl.keystore.secure_password":   []byte("0123456789abcdefghijkl"),
		"xpack.security.transport.ssl.truststore.secure_password": []byte("0123456789abcdefghijkl"),
	})
	for b.Loop() {
		if _, _, err := ParseElasticsearch(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseKibana measures a Kibana keystore read (10,000 iterations).
func BenchmarkParseKibana(b *testing.B) {
	data := writeKibana(b, nil, map[string]string{"elasticsearch.password": "changeme"})
	for b.Loop() {
		if _, _, err := ParseKibana(data, nil); err != nil {
			b.Fatal(err)
		}
	}
}
