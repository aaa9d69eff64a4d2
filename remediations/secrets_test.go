package remediations

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/format/keystore"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestPlainTLSPasswordMovesToKeystore: the secure setting is added and the
// plain YAML line deleted in the same apply (both is a startup error).
func TestPlainTLSPasswordMovesToKeystore(t *testing.T) {
	dir := t.TempDir()
	yml := filepath.Join(dir, "elasticsearch.yml")
	os.WriteFile(yml, []byte("node.name: es01\nxpack.security.transport.ssl.keystore.path: t.p12\nxpack.security.transport.ssl.keystore.password: changeme\n"), 0o660)
	var ks bytes.Buffer
	keystore.WriteElasticsearch(&ks, 4, nil, map[string][]byte{"keystore.seed": []byte("0123456789abcdefghij")}, nil)
	ksPath := filepath.Join(dir, "elasticsearch.keystore")
	os.WriteFile(ksPath, ks.Bytes(), 0o660)
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "d", Version: "7.17.0"}}
	doc.Elasticsearch.Nodes = []inventory.Node{{Name: "es01", ConfigDir: dir, ConfigFile: yml,
		Keystore: &inventory.Keystore{Path: ksPath, Present: true, Readable: true, Decrypted: true, FormatVersion: 4, Entries: []string{"keystore.seed"}},
		Settings: map[string]inventory.Setting{"xpack.security.transport.ssl.keystore.password": {Secret: true, Source: "file"}}}}
	found := []finding.Finding{{CheckID: "BAS-06", Status: finding.StatusFail, Deployment: "d", Setting: "xpack.security.transport.ssl.keystore.password",
		Resource: finding.Resource{Kind: "node", Name: "es01"}}}
	p := build(t, doc, found)
	var text strings.Builder
	p.WriteText(&text)
	if strings.Contains(text.String(), "changeme") {
		t.Errorf("the plan shows the password:\n%s", text.String())
	}
	if _, err := Apply(p, ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(yml)
	if strings.Contains(string(got), "keystore.password") {
		t.Errorf("the plain setting is still in elasticsearch.yml:\n%s", got)
	}
	data, _ := os.ReadFile(ksPath)
	info, s, err := keystore.ParseElasticsearch(data, nil)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.Get("xpack.security.transport.ssl.keystore.secure_password"); string(v) != "changeme" || info.FormatVersion != 4 {
		t.Errorf("keystore: version %d, secure_password moved = %v", info.FormatVersion, string(v) == "changeme")
	}
	if v, _ := s.Get("keystore.seed"); string(v) != "0123456789abcdefghij" {
		t.Error("the other entry changed")
	}
}

// TestKibanaEncryptionKeysSharedAcrossInstances: one generated value per
// key, identical on every instance, 32 characters, in the keystore.
func TestKibanaEncryptionKeysSharedAcrossInstances(t *testing.T) {
	doc := &inventory.Document{Deployment: inventory.Deployment{Name: "d", Version: "8.15.0"}}
	var found []finding.Finding
	for _, name := range []string{"kb1", "kb2"} {
		dir := filepath.Join(t.TempDir(), name)
		os.MkdirAll(dir, 0o750)
		yml := filepath.Join(dir, "kibana.yml")
		os.WriteFile(yml, []byte("server.name: "+name+"\n"), 0o640)
		doc.Kibana = append(doc.Kibana, inventory.Kibana{Name: name, ConfigDir: dir, ConfigFile: yml, Settings: map[string]inventory.Setting{}})
		for _, id := range []string{"KIB-01", "KIB-02"} {
			found = append(found, finding.Finding{CheckID: id, Status: finding.StatusFail, Deployment: "d", Resource: finding.Resource{Kind: "kibana", Name: name}})
		}
	}
	p := build(t, doc, found)
	if _, err := Apply(p, ApplyOptions{BackupDir: t.TempDir(), Now: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var values []string
	for _, kb := range doc.Kibana {
		data, err := os.ReadFile(filepath.Join(kb.ConfigDir, "kibana.keystore"))
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(filepath.Join(kb.ConfigDir, "kibana.keystore"))
		if st.Mode().Perm() != 0o660 {
			t.Errorf("keystore mode %o, want 660", st.Mode().Perm())
		}
		_, s, err := keystore.ParseKibana(data, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, _ := s.Get("xpack.security.encryptionKey")
		b, _ := s.Get("xpack.encryptedSavedObjects.encryptionKey")
		if len(a) < 32 || len(b) < 32 || bytes.Equal(a, b) {
			t.Errorf("%s: keys of length %d and %d (must be 32+ and differ)", kb.Name, len(a), len(b))
		}
		values = append(values, string(a)+"/"+string(b))
	}
	if values[0] != values[1] {
		t.Error("the instances got different keys")
	}
}
