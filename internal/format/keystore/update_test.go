package keystore

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/sharedtest"
)

// TestUpdateRealWorld adds an entry to a real keystore of each format
// version in the shared folder, reads it back and checks that the format
// version, the password flag and every other entry are unchanged; then
// removes the entry again. One file per version, 6 left out (it differs
// from 5 only by the iteration count and from 7 only by the key length):
// the round trip costs seven key derivations at the real count (about 1.2 s
// of CPU for a version 6 or 7 file), and TestRealWorldKeystores already
// re-encodes every file byte for byte.
func TestUpdateRealWorld(t *testing.T) {
	dir := sharedtest.Dir(t, "realworld")
	n := 0
	updated := map[int]bool{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".keystore") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		kibana := strings.HasSuffix(path, "kibana.keystore")
		if kibana {
			return nil // none in the folder
		}
		before, old, err := ParseElasticsearch(data, nil)
		if err != nil || updated[before.FormatVersion] || before.FormatVersion == 6 {
			return nil // broken files are the reader's tests
		}
		updated[before.FormatVersion] = true
		n++
		out, err := UpdateElasticsearch(data, nil, map[string][]byte{"xpack.security.transport.ssl.keystore.secure_password": []byte("s3cret")}, nil, nil)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		after, got, err := ParseElasticsearch(out, nil)
		if err != nil {
			t.Fatalf("%s: updated keystore does not read back: %v", path, err)
		}
		if after.FormatVersion != before.FormatVersion || after.PasswordProtected != before.PasswordProtected {
			t.Errorf("%s: version %d→%d", path, before.FormatVersion, after.FormatVersion)
		}
		for _, name := range before.Entries {
			a, _ := old.Get(name)
			b, ok := got.Get(name)
			if name == "xpack.security.transport.ssl.keystore.secure_password" {
				continue
			}
			if !ok || !bytes.Equal(a, b) {
				t.Errorf("%s: entry %s changed", path, name)
			}
		}
		if v, _ := got.Get("xpack.security.transport.ssl.keystore.secure_password"); string(v) != "s3cret" {
			t.Errorf("%s: the new entry reads back wrong", path)
		}
		back, err := UpdateElasticsearch(out, nil, nil, []string{"xpack.security.transport.ssl.keystore.secure_password"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		again, _, _ := ParseElasticsearch(back, nil)
		if strings.Join(again.Entries, ",") != strings.Join(before.Entries, ",") && !strings.Contains(strings.Join(before.Entries, ","), "transport.ssl.keystore.secure_password") {
			t.Errorf("%s: after removal entries %v, want %v", path, again.Entries, before.Entries)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Skip("no real keystores found")
	}
	if len(updated) != 4 {
		t.Errorf("updated real keystores of versions %v, want 3, 4, 5 and 7", updated)
	}
	t.Logf("%d real keystores updated and read back", n)
}

func TestUpdateKibanaKeepsOthersAndStoresStrings(t *testing.T) {
	var orig bytes.Buffer
	if err := WriteKibana(&orig, nil, map[string]string{"elasticsearch.username": "kibana_system"}, nil); err != nil {
		t.Fatal(err)
	}
	out, err := UpdateKibana(orig.Bytes(), nil, map[string]string{"xpack.security.encryptionKey": "12345678901234567890123456789012"}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, s, err := ParseKibana(out, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("elasticsearch.username"); string(v) != "kibana_system" {
		t.Errorf("other entry lost")
	}
	if v, _ := s.Get("xpack.security.encryptionKey"); string(v) != "12345678901234567890123456789012" {
		t.Errorf("new entry = %q", v)
	}
}

func TestElasticsearchVersionFor(t *testing.T) {
	for rel, want := range map[string]int{"9.1.0": 7, "8.15.1": 6, "8.13.4": 5, "8.0.0": 5, "7.17.9": 4, "6.8.0": 4, "6.5.0": 3, "": 5} {
		if got := ElasticsearchVersionFor(rel); got != want {
			t.Errorf("%q: %d, want %d", rel, got, want)
		}
	}
}
