package redact

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestWriterScrubsLikeScrub: a report scrubbed while it streams, cut into
// writes of any size, reads exactly as the whole text scrubbed at once,
// including secrets cut by a write or by the writer's chunk boundary, a
// secret inside a longer word, one holding another, and multi-byte
// characters on either side.
func TestWriterScrubsLikeScrub(t *testing.T) {
	var s Secrets
	secrets := []string{"abcd1234", "abcd1234-longer", "s3cr3t!pass", `pa"ss<wo>rd&'+x`, "ünïcode-9secret"}
	for _, v := range secrets {
		s.Add(v)
	}
	s.Protect("abcd1234-longer") // a protected word is never masked
	pieces := append([]string{" ", "\n", "word", "é", "x", "-", "_", "\"", ":", "9", "日本"}, secrets...)
	pieces = append(pieces, `pa\"ss\u003cwo\u003erd\u0026'+x`, "pa&#34;ss&lt;wo&gt;rd&amp;&#39;&#43;x")
	rng := rand.New(rand.NewPCG(1, 2))
	masked := 0
	for round := 0; round < 300; round++ {
		var b strings.Builder
		for b.Len() < 50+rng.IntN(2000) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		want := s.Scrub(text)
		var got strings.Builder
		w := newWriter(&s, &got, 1+rng.IntN(64))
		for rest := text; rest != ""; {
			n := min(len(rest), 1+rng.IntN(40))
			if _, err := w.Write([]byte(rest[:n])); err != nil {
				t.Fatal(err)
			}
			rest = rest[n:]
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		if got.String() != want {
			t.Fatalf("round %d: the writer gave\n%q\nScrub gave\n%q\nfor\n%q", round, got.String(), want, text)
		}
		if want != text {
			masked++
		}
	}
	if masked < 100 {
		t.Fatalf("only %d of 300 texts had a secret to mask", masked)
	}
}

// TestWriterWithoutSecrets passes text through unchanged.
func TestWriterWithoutSecrets(t *testing.T) {
	var got strings.Builder
	w := (&Secrets{}).Writer(&got)
	_, _ = w.Write([]byte("nothing secret here"))
	if err := w.Close(); err != nil || got.String() != "nothing secret here" {
		t.Fatalf("got %q, %v", got.String(), err)
	}
}
