package keystore

import (
	"bytes"
	"encoding/base64"
	"errors"
	"slices"
	"strings"
	"testing"
)

func kibanaEntries() map[string]string {
	return map[string]string{
		"elasticsearch.password":                    "kibana-system-secret",
		"xpack.security.encryptionKey":              "0123456789abcdef0123456789abcdef-<&>",
		"xpack.encryptedSavedObjects.encryptionKey": "üñïcødé-key-✓",
	}
}

func TestKibanaRoundTrip(t *testing.T) {
	const kspw = "kibana-ks-password"
	tests := []struct {
		name          string
		writePassword []byte
		readPassword  []byte
		protected     bool
	}{
		{"default empty password", nil, nil, false},
		{"explicit empty password", []byte{}, []byte{}, false},
		{"unprotected read with a password", nil, []byte("unused"), false},
		{"protected", []byte(kspw), []byte(kspw), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			entries := kibanaEntries()
			data := writeKibana(t, tt.writePassword, entries)
			if !bytes.HasPrefix(data, []byte("1:")) {
				t.Fatalf("file starts with %q, want \"1:\"", data[:2])
			}
			for _, suffix := range []string{"", "\n", "\r\n \t"} {
				info, secrets, err := ParseKibana(append(slices.Clone(data), suffix...), tt.readPassword)
				if err != nil {
					t.Fatalf("ParseKibana (suffix %q): %v", suffix, err)
				}
				assertInfo(t, info, Info{Kind: KindKibana, FormatVersion: 1, PasswordProtected: tt.protected, Decrypted: true,
					Entries: []string{"elasticsearch.password", "xpack.encryptedSavedObjects.encryptionKey", "xpack.security.encryptionKey"}})
				for name, value := range entries {
					if got, ok := secrets.Get(name); !ok || string(got) != value {
						t.Errorf("Get(%q) does not return the written value", name)
					}
				}
			}
		})
	}
}

func TestKibanaPasswordErrors(t *testing.T) {
	const good = "kibana-good-pw"
	data := writeKibana(t, []byte(good), kibanaEntries())
	tests := []struct {
		name     string
		password []byte
		want     error
	}{
		{"nil password", nil, ErrPasswordRequired},
		{"empty password", []byte{}, ErrWrongPassword},
		{"wrong password", []byte("kibana-bad-pw"), ErrWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, secrets, err := ParseKibana(data, tt.password)
			if !errors.Is(err, tt.want) {
				t.Fatalf("error = %v, want %v", err, tt.want)
			}
			if secrets != nil {
				t.Error("secrets returned with an error")
			}
			assertInfo(t, info, Info{Kind: KindKibana, FormatVersion: 1, PasswordProtected: true})
			vals := []string{good, string(tt.password)}
			for _, v := range kibanaEntries() {
				vals = append(vals, v)
			}
			assertNoLeak(t, err.Error(), vals...)
		})
	}
}

func TestKibanaJSONValues(t *testing.T) {
	salt, iv := bytes.Repeat([]byte{3}, 64), bytes.Repeat([]byte{4}, 12)
	plain := `{"s":"text","n":42,"f":-1.5e3,"b":true,"z":null,"o":{"x": [1, 2]},"e":""}`
	data, err := sealKibana(nil, salt, iv, []byte(plain))
	if err != nil {
		t.Fatal(err)
	}
	info, secrets, err := ParseKibana(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"s": "text", "n": "42", "f": "-1.5e3", "b": "true", "z": "null", "o": `{"x":[1,2]}`, "e": ""}
	if !slices.Equal(info.Entries, []string{"b", "e", "f", "n", "o", "s", "z"}) {
		t.Errorf("Entries = %v", info.Entries)
	}
	for name, w := range want {
		if got, ok := secrets.Get(name); !ok || string(got) != w {
			t.Errorf("Get(%q) = %q, %v; want %q", name, got, ok, w)
		}
	}
}

func TestKibanaFormatErrors(t *testing.T) {
	const marker = "TOPSECRET-KIBANA"
	salt, iv := bytes.Repeat([]byte{5}, 64), bytes.Repeat([]byte{6}, 12)
	sealed := func(plain string) []byte {
		data, err := sealKibana(nil, salt, iv, []byte(plain))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	short := "1:" + base64.StdEncoding.EncodeToString(make([]byte, 91))
	valid := writeKibana(t, nil, map[string]string{"a": "b"})
	flipped := slices.Clone(valid)
	flipped[len(flipped)/2] ^= 0x01 // still base64, breaks the tag
	tests := []struct {
		name string
		data []byte
		want string // substring of the reason; "" means ErrPasswordRequired
	}{
		{"empty", nil, reasonEmpty},
		{"whitespace only", []byte(" \n"), reasonEmpty},
		{"no prefix", []byte("AAAA"), "not a Kibana keystore"},
		{"elasticsearch keystore", writeES(t, 4, nil, nil), "not a Kibana keystore"},
		{"version 2", []byte("2:AAAA"), `Kibana keystore version "2" is not supported; version 1 is`},
		{"bad base64", []byte("1:!!!!"), "not valid base64"},
		{"too short", []byte(short), "truncated"},
		{"not JSON", sealed("name=" + marker), "not a JSON object"},
		{"JSON array", sealed(`["` + marker + `"]`), "not a JSON object"},
		{"JSON null", sealed(`null`), "not a JSON object"},
		{"JSON string", sealed(`"` + marker + `"`), "not a JSON object"},
		{"broken JSON", sealed(`{"a":` + marker + `}`), "not a JSON object"},
		{"trailing JSON", sealed(`{"a":"b"} {"` + marker + `":1}`), "not a JSON object"},
		{"damaged ciphertext", flipped, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info, secrets, err := ParseKibana(tt.data, nil)
			if err == nil || secrets != nil || info.Decrypted {
				t.Fatalf("got %+v, %v; want an error", info, err)
			}
			if tt.want == "" {
				if !errors.Is(err, ErrPasswordRequired) {
					t.Errorf("error = %v, want ErrPasswordRequired", err)
				}
				return
			}
			if reason := formatReason(t, err); !strings.Contains(reason, tt.want) {
				t.Errorf("reason = %q, want it to contain %q", reason, tt.want)
			}
			assertNoLeak(t, err.Error(), marker)
		})
	}
}

func TestKibanaTruncated(t *testing.T) {
	data := writeKibana(t, nil, map[string]string{"elasticsearch.password": "pw"})
	for n := range len(data) {
		info, secrets, err := ParseKibana(slices.Clone(data[:n]), nil)
		if err == nil || secrets != nil || info.Decrypted {
			t.Fatalf("truncated to %d bytes: got %+v, %v; want an error", n, info, err)
		}
	}
}
