package keystore

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// testEntries covers ASCII, multi-byte UTF-8, binary (a FILE setting) and
// empty values.
func testEntries() map[string][]byte {
	return map[string][]byte{
		"keystore.seed":      []byte("SEEDVALUE-0123456789"),
		"bootstrap.password": []byte("pässwörd-ünïcode-✓"),
		"xpack.some.file":    {0xff, 0x00, 0xfe, 'F', 'I', 'L', 'E'},
		"empty.value":        {},
	}
}

// testValues lists the values of testEntries that must never be printed.
func testValues() []string {
	return []string{"SEEDVALUE-0123456789", "pässwörd-ünïcode-✓", "\xff\x00\xfeFILE"}
}

func TestElasticsearchRoundTrip(t *testing.T) {
	const kspw = "hunter2-keystore-pw"
	for version := MinElasticsearchVersion; version <= MaxElasticsearchVersion; version++ {
		for _, password := range [][]byte{nil, []byte(kspw)} {
			protected := password != nil
			t.Run(fmt.Sprintf("v%d/protected=%v", version, protected), func(t *testing.T) {
				t.Parallel()
				entries := testEntries()
				data := writeES(t, version, password, entries)

				// Layout per keystore-format.md §1.
				if got := binary.BigEndian.Uint32(data[0x1B:]); got != uint32(version) {
					t.Errorf("version field = %d, want %d", got, version)
				}
				if want := map[bool]byte{false: 0, true: 1}[protected]; data[0x1F] != want {
					t.Errorf("hasPassword = %d, want %d", data[0x1F], want)
				}
				if got := int(esDataOrder(version).Uint32(data[0x20:])); got != len(data)-52 {
					t.Errorf("dataLen = %d, want file size - 52 = %d", got, len(data)-52)
				}

				info, secrets, err := parseES(data, password)
				if err != nil {
					t.Fatalf("ParseElasticsearch: %v", err)
				}
				want := Info{Kind: KindElasticsearch, FormatVersion: version, PasswordProtected: protected, Decrypted: true,
					Entries: []string{"bootstrap.password", "empty.value", "keystore.seed", "xpack.some.file"}}
				if version == 3 {
					want.EntryTypes = map[string]string{"bootstrap.password": "STRING", "empty.value": "STRING",
						"keystore.seed": "STRING", "xpack.some.file": "FILE"}
				}
				assertInfo(t, info, want)
				for name, value := range entries {
					got, ok := secrets.Get(name)
					if !ok || !bytes.Equal(got, value) {
						t.Errorf("Get(%q) does not return the written value (found=%v)", name, ok)
					}
				}
				if n, ok := secrets.Len("bootstrap.password"); !ok || n != 18 {
					t.Errorf("Len(bootstrap.password) = %d, %v; want 18 runes", n, ok)
				}
			})
		}
	}
}

// assertInfo compares two Infos field by field.
func assertInfo(t *testing.T, got, want Info) {
	t.Helper()
	if got.Kind != want.Kind || got.FormatVersion != want.FormatVersion ||
		got.PasswordProtected != want.PasswordProtected || got.Decrypted != want.Decrypted {
		t.Errorf("Info = %+v, want %+v", got, want)
	}
	if !slices.Equal(got.Entries, want.Entries) || (got.Entries == nil) != (want.Entries == nil) {
		t.Errorf("Entries = %#v, want %#v", got.Entries, want.Entries)
	}
	if fmt.Sprint(got.EntryTypes) != fmt.Sprint(want.EntryTypes) || (got.EntryTypes == nil) != (want.EntryTypes == nil) {
		t.Errorf("EntryTypes = %#v, want %#v", got.EntryTypes, want.EntryTypes)
	}
}

func TestElasticsearchUnprotectedIgnoresPassword(t *testing.T) {
	data := writeES(t, 4, nil, testEntries())
	info, _, err := parseES(data, []byte("some password"))
	if err != nil || !info.Decrypted || info.PasswordProtected {
		t.Fatalf("got %+v, %v; want an unprotected, decrypted keystore", info, err)
	}
}

func TestElasticsearchPasswordErrors(t *testing.T) {
	const good = "correct-horse-battery"
	for version := MinElasticsearchVersion; version <= MaxElasticsearchVersion; version++ {
		data := writeES(t, version, []byte(good), testEntries())
		tests := []struct {
			name     string
			password []byte
			want     error
		}{
			{"nil password", nil, ErrPasswordRequired},
			{"wrong password", []byte("Correct-horse-battery"), ErrWrongPassword},
			{"empty password", []byte{}, ErrWrongPassword},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("v%d/%s", version, tt.name), func(t *testing.T) {
				t.Parallel()
				info, secrets, err := parseES(data, tt.password)
				if !errors.Is(err, tt.want) {
					t.Fatalf("error = %v, want %v", err, tt.want)
				}
				if secrets != nil {
					t.Error("secrets returned with an error")
				}
				assertInfo(t, info, Info{Kind: KindElasticsearch, FormatVersion: version, PasswordProtected: true})
				assertNoLeak(t, err.Error(), append(testValues(), good, string(tt.password))...)
			})
		}
	}
	if got := ErrWrongPassword.Error(); got != "wrong keystore password (or the file is damaged)" {
		t.Errorf("ErrWrongPassword says %q", got)
	}
}

func TestElasticsearchTruncated(t *testing.T) {
	for version := MinElasticsearchVersion; version <= MaxElasticsearchVersion; version++ {
		for _, password := range [][]byte{nil, []byte("pw")} {
			data := writeES(t, version, password, testEntries())
			for n := range len(data) {
				info, secrets, err := parseES(slices.Clone(data[:n]), password)
				if err == nil || secrets != nil || info.Decrypted {
					t.Fatalf("v%d truncated to %d bytes: got %+v, %v; want an error", version, n, info, err)
				}
				reason := formatReason(t, err)
				want := "truncated"
				if n == 0 {
					want = reasonEmpty
				}
				if !strings.Contains(reason, want) {
					t.Errorf("v%d truncated to %d bytes: reason %q, want it to say %q", version, n, reason, want)
				}
			}
		}
	}
}

func TestElasticsearchFlippedBytes(t *testing.T) {
	for version := MinElasticsearchVersion; version <= MaxElasticsearchVersion; version++ {
		data := writeES(t, version, nil, testEntries())
		for i := range data {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				bad := slices.Clone(data)
				bad[i] ^= mask
				_, secrets, err := parseES(bad, nil)
				if err == nil || secrets != nil {
					t.Fatalf("v%d byte %d ^ %#x: no error", version, i, mask)
				}
				reason := formatReason(t, err)
				// Everything between the length field and the footer magic, and
				// the checksum itself, is only guarded by the CRC.
				inBody := i >= 0x24 && i < len(data)-16 || i >= len(data)-8
				if inBody && reason != reasonChecksum {
					t.Errorf("v%d byte %d ^ %#x: reason %q, want %q", version, i, mask, reason, reasonChecksum)
				}
			}
		}
	}
}

func TestElasticsearchFormatErrors(t *testing.T) {
	valid := writeES(t, 5, nil, map[string][]byte{"keystore.seed": []byte("abc")})
	patch := func(off int, b ...byte) []byte {
		out := slices.Clone(valid)
		copy(out[off:], b)
		return out
	}
	withVersion := func(v uint32) []byte { return patch(0x1B, binary.BigEndian.AppendUint32(nil, v)...) }
	tests := []struct {
		name string
		data []byte
		want string // exact reason, or a substring when it starts with "~"
	}{
		{"empty", nil, "the file is empty"},
		{"text", []byte("hello world, not a keystore"), "not an Elasticsearch keystore (bad magic)"},
		{"two bytes", []byte("PK"), "not an Elasticsearch keystore (bad magic)"},
		{"kibana keystore", []byte("1:AAAA"), "not an Elasticsearch keystore (bad magic)"},
		{"magic prefix", valid[:2], "~truncated"},
		{"codec name", patch(5, 'E'), "~wrong codec name \"Elasticsearch.keystore\""},
		{"codec name length", patch(4, 21), "~wrong codec name length 21"},
		{"v1", withVersion(1), "format version 1 is from Elasticsearch 5.x–6.2 and is not supported; versions 3–7 are"},
		{"v2", withVersion(2), "format version 2 is from Elasticsearch 5.x–6.2 and is not supported; versions 3–7 are"},
		{"v0", withVersion(0), "format version 0 is not supported; versions 3–7 are"},
		{"v8", withVersion(8), "~format version 8 is newer than this tool knows"},
		{"negative version", withVersion(0xffffffff), "format version -1 is not supported; versions 3–7 are"},
		{"password flag", patch(0x1F, 2), "~invalid password flag 2"},
		{"trailing newline", append(slices.Clone(valid), '\n'), "~1 unexpected bytes after the keystore footer"},
		{"negative data length", patch(0x20, 0xff, 0xff, 0xff, 0xff), "~data length is negative"},
		{"huge data length", patch(0x20, 0xff, 0xff, 0xff, 0x7f), "~truncated"},
		{"footer magic", patch(len(valid)-16, 0), "~bad footer magic"},
		{"checksum algorithm", patch(len(valid)-9, 1), "~unknown checksum algorithm 1"},
		{"checksum high bits", patch(len(valid)-8, 1), reasonChecksum},
		{"salt length", fixCRC(patch(0x24, 0xff, 0xff, 0xff, 0xff)), "~the salt has a negative length"},
		{"salt too long", fixCRC(patch(0x24, 0xff, 0xff, 0xff, 0x7f)), "~the data block is truncated"},
		{"iv length", fixCRC(patch(0x24+4+64, 16)), "~IV length"},
		{"encrypted shorter than tag", fixCRC(patch(0x24+4+64+4+12, 1)), "~shorter than its 16-byte authentication tag"},
		{"data block trailing bytes", fixCRC(patch(0x24+4+64+4+12, valid[0x24+4+64+4+12]-1)), "~1 unexpected trailing bytes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, secrets, err := parseES(tt.data, nil)
			if secrets != nil || info.Decrypted || info.Entries != nil || info.Kind != KindElasticsearch {
				t.Errorf("got %+v with an error", info)
			}
			if want := map[string]int{"v1": 1, "v2": 2, "v8": 8, "password flag": 5}[tt.name]; want != 0 && info.FormatVersion != want {
				t.Errorf("FormatVersion = %d, want %d", info.FormatVersion, want)
			}
			reason := formatReason(t, err)
			if sub, ok := strings.CutPrefix(tt.want, "~"); ok {
				if !strings.Contains(reason, sub) {
					t.Errorf("reason = %q, want it to contain %q", reason, sub)
				}
			} else if reason != tt.want {
				t.Errorf("reason = %q, want %q", reason, tt.want)
			}
		})
	}
}
