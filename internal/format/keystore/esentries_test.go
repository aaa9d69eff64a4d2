package keystore

import (
	"bytes"
	"encoding/binary"
	"slices"
	"strings"
	"testing"
)

func TestElasticsearchMalformedPlaintext(t *testing.T) {
	const marker = "TOPSECRET-VALUE"
	be := func(parts ...any) []byte {
		var b []byte
		for _, p := range parts {
			switch v := p.(type) {
			case int32:
				b = binary.BigEndian.AppendUint32(b, uint32(v))
			case uint16:
				b = binary.BigEndian.AppendUint16(b, v)
			case string:
				b = append(b, v...)
			}
		}
		return b
	}
	salt, iv := bytes.Repeat([]byte{7}, 64), bytes.Repeat([]byte{9}, 12)
	tests := []struct {
		name    string
		version int
		plain   []byte
		want    string
	}{
		{"negative count", 4, be(int32(-1)), "entry count of -1"},
		{"huge count", 4, be(int32(1<<30), uint16(1), "a", int32(len(marker)), marker), "entry count of 1073741824"},
		{"missing entry", 4, be(int32(2), uint16(1), "a", int32(len(marker)), marker), "entry 2 name length needs 2 bytes"},
		{"name too long", 4, be(int32(1), uint16(200), marker), "entry 1 name needs 200 bytes"},
		{"value too long", 4, be(int32(1), uint16(1), "a", int32(100), marker), "entry 1 value needs 100 bytes"},
		{"negative value length", 4, be(int32(1), uint16(1), "a", int32(-5), marker), "entry 1 value has a negative length"},
		{"trailing bytes", 4, be(int32(1), uint16(1), "a", int32(1), "x", marker), "15 unexpected trailing bytes"},
		{"v3 without type", 3, be(int32(1), uint16(1), "a", int32(len(marker)), marker), "entry 1 value needs"},
		{"empty plaintext", 5, nil, "entry count needs 4 bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := sealElasticsearch(tt.version, nil, salt, iv, tt.plain, testCost)
			if err != nil {
				t.Fatal(err)
			}
			info, secrets, err := parseES(data, nil)
			if secrets != nil || info.Decrypted {
				t.Fatalf("got %+v, want an error", info)
			}
			if reason := formatReason(t, err); !strings.Contains(reason, tt.want) {
				t.Errorf("reason = %q, want it to contain %q", reason, tt.want)
			}
			assertNoLeak(t, err.Error(), marker)
		})
	}
}

func TestElasticsearchEdgeContent(t *testing.T) {
	salt, iv := bytes.Repeat([]byte{1}, 64), bytes.Repeat([]byte{2}, 12)
	t.Run("no entries", func(t *testing.T) {
		data, err := sealElasticsearch(6, nil, salt, iv, []byte{0, 0, 0, 0}, testCost)
		if err != nil {
			t.Fatal(err)
		}
		info, secrets, err := parseES(data, nil)
		if err != nil || !info.Decrypted || info.Entries == nil || len(info.Entries) != 0 || secrets.Count() != 0 {
			t.Fatalf("got %+v, %v; want a decrypted keystore with no entries", info, err)
		}
	})
	t.Run("duplicate names", func(t *testing.T) {
		entries := []entry{{name: "a", value: []byte("first")}, {name: "b"}, {name: "a", value: []byte("second")}}
		data, err := encodeElasticsearch(4, nil, salt, iv, entries, testCost)
		if err != nil {
			t.Fatal(err)
		}
		info, secrets, err := parseES(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		if v, _ := secrets.Get("a"); !slices.Equal(info.Entries, []string{"a", "b"}) || string(v) != "second" {
			t.Errorf("Entries = %v, a = %q; want [a b] and the last value", info.Entries, v)
		}
	})
}
