package keystore

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
)

// fuzzPassword is tried on inputs that say they are protected; the seed
// corpus has protected keystores written with it.
const fuzzPassword = "fuzz-pw"

// FuzzParseElasticsearch checks that no input panics, that every error is one
// of the typed kinds, and that whatever parses survives a write/read round
// trip. Seeds live in testdata/fuzz/FuzzParseElasticsearch.
func FuzzParseElasticsearch(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) >= 52 {
			// Repair the checksum so mutations reach the data block parser
			// (structure only: no key derivation, to keep the fuzzer fast).
			_, err := decodeESFile(fixCRC(data))
			var fe *FormatError
			if err != nil && !errors.As(err, &fe) {
				t.Fatalf("untyped error %T: %v", err, err)
			}
		}
		password := []byte(nil)
		info, secrets, err := ParseElasticsearch(data, nil)
		if errors.Is(err, ErrPasswordRequired) {
			password = []byte(fuzzPassword)
			info, secrets, err = ParseElasticsearch(data, password)
		}
		checkParseResult(t, info, secrets, err)
		if err != nil {
			return
		}
		if info.FormatVersion < MinElasticsearchVersion || info.FormatVersion > MaxElasticsearchVersion {
			t.Fatalf("parsed an unsupported version %d", info.FormatVersion)
		}
		if (info.FormatVersion == 3) != (info.EntryTypes != nil) {
			t.Fatalf("EntryTypes = %v for version %d", info.EntryTypes, info.FormatVersion)
		}
		entries := map[string][]byte{}
		for _, name := range info.Entries {
			if !validSettingName(name) {
				return // the writer refuses names Elasticsearch would refuse
			}
			entries[name], _ = secrets.Get(name)
		}
		var out bytes.Buffer
		// The seeds are real files read at the format's cost; the round
		// trip through essec's own writer is checked at the tests' cost.
		if err := writeElasticsearch(&out, info.FormatVersion, password, entries, detRand(0), testCost); err != nil {
			t.Fatalf("rewrite: %v", err)
		}
		again, secrets2, err := parseES(out.Bytes(), password)
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		checkSameContent(t, info, secrets, again, secrets2)
	})
}

// FuzzParseKibana is FuzzParseElasticsearch for kibana.keystore. Seeds live
// in testdata/fuzz/FuzzParseKibana.
func FuzzParseKibana(f *testing.F) {
	f.Fuzz(func(t *testing.T, data []byte) {
		password := []byte(nil)
		info, secrets, err := ParseKibana(data, nil)
		if errors.Is(err, ErrPasswordRequired) {
			password = []byte(fuzzPassword)
			info, secrets, err = ParseKibana(data, password)
		}
		checkParseResult(t, info, secrets, err)
		if err != nil {
			return
		}
		entries := map[string]string{}
		for _, name := range info.Entries {
			v, _ := secrets.Get(name)
			entries[name] = string(v)
		}
		var out bytes.Buffer
		if err := WriteKibana(&out, password, entries, detRand(0)); err != nil {
			t.Fatalf("rewrite: %v", err)
		}
		again, secrets2, err := ParseKibana(out.Bytes(), password)
		if err != nil {
			t.Fatalf("reparse: %v", err)
		}
		checkSameContent(t, info, secrets, again, secrets2)
	})
}

// checkParseResult checks the invariants of any parse result.
func checkParseResult(t *testing.T, info Info, secrets *Secrets, err error) {
	t.Helper()
	if err != nil {
		var fe *FormatError
		if !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrPasswordRequired) && !errors.As(err, &fe) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if secrets != nil || info.Decrypted || info.Entries != nil {
			t.Fatalf("error %v came with content: %+v", err, info)
		}
		if strings.Contains(err.Error(), fuzzPassword) {
			t.Fatalf("error message contains the password")
		}
		return
	}
	if !info.Decrypted || info.Entries == nil || !slices.IsSorted(info.Entries) || secrets.Count() != len(info.Entries) {
		t.Fatalf("inconsistent result: %+v, %d secrets", info, secrets.Count())
	}
	for _, name := range info.Entries {
		if _, ok := secrets.Get(name); !ok {
			t.Fatalf("entry %q listed but has no value", name)
		}
	}
}

// checkSameContent compares two parse results, values included.
func checkSameContent(t *testing.T, a Info, as *Secrets, b Info, bs *Secrets) {
	t.Helper()
	if !slices.Equal(a.Entries, b.Entries) || a.PasswordProtected != b.PasswordProtected {
		t.Fatalf("round trip changed the keystore: %+v became %+v", a, b)
	}
	for _, name := range a.Entries {
		va, _ := as.Get(name)
		vb, _ := bs.Get(name)
		if !bytes.Equal(va, vb) {
			t.Fatalf("round trip changed the value of %q", name)
		}
	}
}

// FuzzDecodeEntries fuzzes the decrypted-content parsers directly: anyone
// can craft an unprotected keystore whose plaintext is hostile, but random
// mutations of a whole file never get past its checksum and GCM tag.
func FuzzDecodeEntries(f *testing.F) {
	for _, version := range []int{3, 4} {
		plain, err := encodeESEntries(version, []entry{{name: "keystore.seed", typ: "STRING", value: []byte("x")}, {name: "b"}})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(plain, version == 3)
	}
	f.Add([]byte(`{"a":"b","n":1,"o":{"x":[true,null]}}`), false)
	f.Fuzz(func(t *testing.T, plain []byte, v3 bool) {
		version := 4
		if v3 {
			version = 3
		}
		entries, err := decodeESEntries(plain, version, 0)
		var fe *FormatError
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("untyped error %T: %v", err, err)
		}
		if err == nil {
			again, err := encodeESEntries(version, entries)
			if err != nil || !bytes.Equal(again, plain) {
				t.Fatalf("entries do not re-encode to the same plaintext (%v)", err)
			}
		}
		values, err := decodeKibanaEntries(plain)
		if err != nil && !errors.As(err, &fe) {
			t.Fatalf("untyped kibana error %T: %v", err, err)
		}
		if err == nil && values == nil {
			t.Fatal("nil values without an error")
		}
	})
}
