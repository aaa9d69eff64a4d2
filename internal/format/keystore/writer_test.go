package keystore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

func TestWriteElasticsearchSizes(t *testing.T) {
	// keystore-format.md §4: a keystore holding only a 20-character
	// keystore.seed is 207 bytes in v3 and 199 bytes in v4–v7.
	seed := map[string][]byte{"keystore.seed": []byte("abcdefghij0123456789")}
	for version, want := range map[int]int{3: 207, 4: 199, 5: 199, 6: 199, 7: 199} {
		if got := len(writeES(t, version, nil, seed)); got != want {
			t.Errorf("v%d seed-only keystore is %d bytes, want %d", version, got, want)
		}
	}
}

func TestWriteElasticsearchLayout(t *testing.T) {
	data := writeES(t, 0, []byte("pw"), map[string][]byte{"a": []byte("b")})
	head := "3fd76c17" + "16" + "656c61737469637365617263682e6b657973746f7265" + "00000007" + "01"
	if got := bytes.ToLower([]byte(hexString(data[:0x20]))); string(got) != head {
		t.Errorf("header = %s, want %s", got, head)
	}
	if got := binary.LittleEndian.Uint32(data[0x20:]); int(got) != len(data)-52 {
		t.Errorf("v7 dataLen (little-endian) = %d, want %d", got, len(data)-52)
	}
	if got := binary.LittleEndian.Uint32(data[0x24:]); got != 64 {
		t.Errorf("salt length = %d, want 64", got)
	}
	if got := binary.BigEndian.Uint32(data[len(data)-16:]); got != 0xC02893E8 {
		t.Errorf("footer magic = %#x", got)
	}
	if got := binary.BigEndian.Uint32(data[len(data)-12:]); got != 0 {
		t.Errorf("checksum algorithm = %d, want 0", got)
	}
	if again := writeES(t, 0, []byte("pw"), map[string][]byte{"a": []byte("b")}); !bytes.Equal(again, data) {
		t.Error("same random stream gave different files")
	}
}

// hexString is a tiny hex encoder for messages.
func hexString(b []byte) string {
	const digits = "0123456789abcdef"
	out := make([]byte, 0, 2*len(b))
	for _, c := range b {
		out = append(out, digits[c>>4], digits[c&15])
	}
	return string(out)
}

func TestWriteElasticsearchErrors(t *testing.T) {
	tests := []struct {
		name    string
		version int
		entries map[string][]byte
		rand    func() *strings.Reader
		want    string
	}{
		{"version 2", 2, nil, nil, "format version 2 is not supported; versions 3–7 are"},
		{"version 8", 8, nil, nil, "format version 8 is not supported"},
		{"bad name", 5, map[string][]byte{"bad name!": nil}, nil, `invalid setting name "bad name!"`},
		{"empty name", 5, map[string][]byte{"": nil}, nil, `invalid setting name ""`},
		{"short random", 5, nil, func() *strings.Reader { return strings.NewReader("short") }, "read random salt and IV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			var r = detRand(1)
			if tt.rand != nil {
				r = tt.rand()
			}
			err := WriteElasticsearch(&out, tt.version, nil, tt.entries, r)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.want)
			}
			if out.Len() != 0 {
				t.Errorf("%d bytes written despite the error", out.Len())
			}
		})
	}
	failing := errors.New("disk full")
	err := writeElasticsearch(failWriter{failing}, 5, nil, nil, detRand(1), testCost)
	if !errors.Is(err, failing) {
		t.Errorf("writer error = %v, want it to wrap %v", err, failing)
	}
	err = WriteKibana(failWriter{failing}, nil, nil, detRand(1))
	if !errors.Is(err, failing) {
		t.Errorf("kibana writer error = %v, want it to wrap %v", err, failing)
	}
	readErr := errors.New("no entropy")
	err = WriteKibana(&bytes.Buffer{}, nil, nil, iotest.ErrReader(readErr))
	if !errors.Is(err, readErr) {
		t.Errorf("kibana rand error = %v, want it to wrap %v", err, readErr)
	}
}

// failWriter fails every write.
type failWriter struct{ err error }

func (w failWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteKibanaLayout(t *testing.T) {
	data := writeKibana(t, nil, map[string]string{"a": "<b>"})
	raw, err := decodeKibanaFile(data)
	if err != nil {
		t.Fatal(err)
	}
	// salt(64) | IV(12) | tag(16) | ciphertext of `{"a":"<b>"}` (no HTML
	// escaping, no newline, as JSON.stringify).
	if want := 92 + len(`{"a":"<b>"}`); len(raw) != want {
		t.Errorf("decoded length = %d, want %d", len(raw), want)
	}
	if nilEntries := writeKibana(t, nil, nil); len(nilEntries) == 0 {
		t.Error("nil entries wrote nothing")
	} else if info, _, err := ParseKibana(nilEntries, nil); err != nil || len(info.Entries) != 0 {
		t.Errorf("nil entries: %+v, %v; want an empty keystore", info, err)
	}
}

// TestFormatCost is the one round trip at the format's own cost: a version
// 7 keystore written by WriteElasticsearch (210,000 iterations, AES-256)
// opens with ParseElasticsearch and not at the tests' cost, and a keystore
// sealed at the tests' cost does not open at the format's: the count is
// implied by the version, not stored, so the tests' shortcut can never
// pass for a real file.
func TestFormatCost(t *testing.T) {
	entries := map[string][]byte{"keystore.seed": []byte("seed-value")}
	var real bytes.Buffer
	if err := WriteElasticsearch(&real, 7, []byte("pw"), entries, detRand(7)); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(real.Bytes(), writeES(t, 7, []byte("pw"), entries)) {
		t.Fatal("the format's cost and the tests' cost sealed the same bytes")
	}
	info, s, err := ParseElasticsearch(real.Bytes(), []byte("pw"))
	if err != nil || info.FormatVersion != 7 {
		t.Fatalf("version %d, %v", info.FormatVersion, err)
	}
	if v, _ := s.Get("keystore.seed"); string(v) != "seed-value" {
		t.Error("entry reads back wrong")
	}
	if _, _, err := parseES(real.Bytes(), []byte("pw")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("a real keystore read at the tests' cost: %v, want ErrWrongPassword", err)
	}
	if _, _, err := ParseElasticsearch(writeES(t, 7, []byte("pw"), entries), []byte("pw")); !errors.Is(err, ErrWrongPassword) {
		t.Errorf("a test keystore read at the format's cost: %v, want ErrWrongPassword", err)
	}
}
