package keystore

import (
	"encoding/binary"
	"errors"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// detRand returns a deterministic random stream, so written files are
// reproducible.
func detRand(seed byte) io.Reader {
	var s [32]byte
	s[0] = seed
	return rand.NewChaCha8(s)
}

// testCost is the PBKDF2 iteration count of the synthetic keystores the
// tests write and read: the format's 210,000 (version 6 and later) costs
// about 0.17 s of CPU per key derivation, which tests paid hundreds of times.
// Layout, sizes and errors do not depend on it; TestFormatCost keeps one
// round trip at the format's own count, and the real-world tests read real
// files at theirs.
const testCost kdfCost = 64

// parseES is ParseElasticsearch for keystores written at testCost.
func parseES(data, password []byte) (Info, *Secrets, error) {
	return parseElasticsearch(data, password, testCost)
}

// writeES writes a keystore at testCost or fails the test.
func writeES(t testing.TB, version int, password []byte, entries map[string][]byte) []byte {
	t.Helper()
	var b strings.Builder
	if err := writeElasticsearch(&b, version, password, entries, detRand(byte(version)), testCost); err != nil {
		t.Fatalf("WriteElasticsearch(v%d): %v", version, err)
	}
	return []byte(b.String())
}

// writeKibana writes a Kibana keystore or fails the test.
func writeKibana(t testing.TB, password []byte, entries map[string]string) []byte {
	t.Helper()
	var b strings.Builder
	if err := WriteKibana(&b, password, entries, detRand(42)); err != nil {
		t.Fatalf("WriteKibana: %v", err)
	}
	return []byte(b.String())
}

// fixCRC recomputes the footer checksum after a test patched the file.
func fixCRC(data []byte) []byte {
	data = slices.Clone(data)
	n := len(data) - 8
	binary.BigEndian.PutUint64(data[n:], uint64(crc32.ChecksumIEEE(data[:n])))
	return data
}

// formatReason returns the reason of a *FormatError, failing otherwise.
func formatReason(t *testing.T, err error) string {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error = %v (%T), want a *FormatError", err, err)
	}
	return fe.Reason
}

// assertNoLeak fails when text contains any of the secrets.
func assertNoLeak(t *testing.T, text string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(text, s) {
			t.Errorf("output leaks a secret value: %q contains it", text)
		}
	}
}
