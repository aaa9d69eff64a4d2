package redact

import (
	"fmt"
	"strings"
	"testing"
)

// benchReport builds a report-like text of about size bytes (finding lines
// as the JSON report writes them) in which a few of the secrets appear.
func benchReport(size int, secrets []string) string {
	var b strings.Builder
	b.Grow(size + 512)
	for i := 0; b.Len() < size; i++ {
		fmt.Fprintf(&b, `{"check_id":"ES-HARD-%02d","status":"pass","deployment":"fleet","resource":{"kind":"node","name":"es-%05d","file":"/etc/elasticsearch/elasticsearch.yml"},"message":"xpack.security.enabled is \"true\" (elasticsearch.yml:%d); expected \"true\""}`+"\n", i%30, i, i%200)
		if i%5000 == 0 {
			fmt.Fprintf(&b, `{"error":"echoed %s"}`+"\n", secrets[i%len(secrets)])
		}
	}
	return b.String()
}

// BenchmarkScrub measures the last-resort scrub at fleet scale: 1,600
// remembered secrets (400 nodes with four each) over a 19 MB report.
func BenchmarkScrub(b *testing.B) {
	secrets := make([]string, 1600)
	var s Secrets
	for i := range secrets {
		secrets[i] = fmt.Sprintf("Sx%04d-%08x-secret", i, uint32(i)*2654435761)
		s.Add(secrets[i])
	}
	report := benchReport(19<<20, secrets)
	b.SetBytes(int64(len(report)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if out := s.Scrub(report); !strings.Contains(out, Mask) {
			b.Fatal("nothing scrubbed")
		}
	}
}

// BenchmarkWriter measures the scrubbing writer a report goes through, at
// fleet scale (1,600 secrets), in the 64 KB writes of the report's buffered
// writer; its allocations should not grow with the report.
func BenchmarkWriter(b *testing.B) {
	secrets := make([]string, 1600)
	var s Secrets
	for i := range secrets {
		secrets[i] = fmt.Sprintf("Sx%04d-%08x-secret", i, uint32(i)*2654435761)
		s.Add(secrets[i])
	}
	report := []byte(benchReport(4<<20, secrets))
	// The automaton is built once per report; what is measured is the scrub.
	s.Writer(&countingWriter{}).Close()
	b.SetBytes(int64(len(report)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		var out countingWriter
		w := s.Writer(&out)
		for rest := report; len(rest) > 0; {
			n := min(len(rest), 64<<10)
			if _, err := w.Write(rest[:n]); err != nil {
				b.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Close(); err != nil {
			b.Fatal(err)
		}
		if out.n < len(report)-len(report)/100 {
			b.Fatalf("wrote %d of %d bytes", out.n, len(report))
		}
	}
}

// countingWriter counts what it is given and keeps none of it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) {
	c.n += len(p)
	return len(p), nil
}
