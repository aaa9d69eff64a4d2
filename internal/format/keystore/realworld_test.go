package keystore

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/essec-dev/essec/internal/sharedtest"
)

// realKeystore is what manifest.md records about one keystore file.
type realKeystore struct {
	kind      string
	version   int
	protected bool
	password  []byte   // keystore password, when the manifest records one
	entries   []string // sorted entry names; nil for broken files
	broken    string   // for files that must not parse: expected reason
}

// autoConfPasswords are the PKCS#12 passwords 8.x/9.x security
// auto-configuration stores in the keystore.
func autoConfPasswords() []string {
	return []string{"xpack.security.http.ssl.keystore.secure_password",
		"xpack.security.transport.ssl.keystore.secure_password", "xpack.security.transport.ssl.truststore.secure_password"}
}

// manifestKeystores is the "All keystores at a glance" table of
// /work/shared/realworld/manifest.md (paths relative to realworld/). No
// repository documents a keystore password and every file has hasPassword=0;
// the manifest lists no kibana.keystore.
func manifestKeystores() map[string]realKeystore {
	es := func(v int, names ...string) realKeystore {
		slices.Sort(names)
		return realKeystore{kind: KindElasticsearch, version: v, entries: names}
	}
	seedOnly := []string{"keystore.seed"}
	autoConf := append(autoConfPasswords(), "keystore.seed")
	bootstrap := []string{"bootstrap.password", "keystore.seed"}
	return map[string]realKeystore{
		"adavitsharma__elastic/elasticsearch.keystore":                                         es(4, seedOnly...),
		"adavitsharma__elkgcpw/elasticsearch.keystore":                                         es(4, seedOnly...),
		"Astrahl__elasticsearch/elasticsearch.keystore":                                        es(5, append(slices.Clone(autoConf), "autoconfiguration.password_hash")...),
		"bambsdev__belajar-elasticsearch/config/elasticsearch.keystore":                        es(7, autoConf...),
		"byeongkwan-nam__study-elasticsearch/elasticsearch.keystore":                           es(3, seedOnly...),
		"didu1234__dtassign/elasticsearch.keystore":                                            es(5, autoConf...),
		"echoedinvoker__elastic02/config/elasticsearch.keystore":                               es(5, autoConf...),
		"eric-zaharia__parking-monitoring/config/elasticsearch.keystore":                       es(5, bootstrap...),
		"gem-samreed__TED-North/es01/config/elasticsearch.keystore":                            es(5, autoConf...),
		"jakelandis__es-docker-ldap/elasticsearch.keystore":                                    es(5, append(slices.Clone(bootstrap), "xpack.security.authc.realms.ldap.ldap1.secure_bind_password")...),
		"jakelandis__es-docker-simple/elasticsearch.keystore":                                  es(5, bootstrap...),
		"jakelandis__es-docker-simple/history/53d57abe/config/elasticsearch.keystore":          es(6, bootstrap...),
		"jakelandis__es-docker-with-kibana/elasticsearch.keystore":                             es(7, bootstrap...),
		"jakelandis__es-docker-with-kibana/history/862d9b75/elasticsearch.keystore":            es(5, bootstrap...),
		"jakelandis__health-api-testing/elasticsearch.keystore":                                es(5, "keystore.seed", "s3.client.default.access_key", "s3.client.default.secret_key"),
		"jay0911__es/elasticsearch.keystore":                                                   es(4, seedOnly...),
		"kalislami__elastic-search/config/elasticsearch.keystore":                              es(5, autoConf...),
		"kms199406__test/elasticsearch.keystore":                                               es(5, append(slices.Clone(autoConf), "xpack.security.http.ssl.truststore.secure_password")...),
		"mdamirhasan__certificate/elasticsearch.keystore":                                      es(4, seedOnly...),
		"Nexter-MBW__testblogg/config/elasticsearch.keystore":                                  es(5, autoConf...),
		"ritaseng__oidc/elasticsearch.keystore":                                                es(4, append(slices.Clone(bootstrap), "xpack.security.authc.realms.oidc.oidc1.rp.client_secret")...),
		"sahu01010__elasticsearch/elasticsearch.keystore":                                      es(4, seedOnly...),
		"snakebite-382__punkmade/elasticsearch.keystore":                                       es(6, seedOnly...),
		"Souleiman-h__calculette/config/elasticsearch.keystore":                                es(6, autoConf...),
		"teamSpreadSyntax__shoppingMall/elasticsearch-config/elasticsearch.keystore":           {kind: KindElasticsearch, broken: reasonEmpty},
		"victorhearnyeates__three_node_elasticsearch/config_node_one/elasticsearch.keystore":   es(3, seedOnly...),
		"victorhearnyeates__three_node_elasticsearch/config_node_three/elasticsearch.keystore": es(3, seedOnly...),
		"victorhearnyeates__three_node_elasticsearch/config_node_two/elasticsearch.keystore":   es(3, seedOnly...),
		"victorhearnyeates__three_node_elasticsearch/elasticsearch.keystore":                   es(3, seedOnly...),
		"victorvilladev__elasticsearch-kibana-ldap-sandbox/elasticsearch.keystore":             es(4, "keystore.seed", "xpack.security.authc.realms.ldap.ldap1.secure_bind_password"),
		"yulongbb__knowledge_graph/config/elasticsearch.keystore":                              es(5, autoConf...),
	}
}

// manifestValues are plaintexts the manifest documents (values published in
// the same repositories; public test material only).
func manifestValues() map[string]map[string]string {
	changeme := map[string]string{"bootstrap.password": "changeme"}
	return map[string]map[string]string{
		"eric-zaharia__parking-monitoring/config/elasticsearch.keystore":              changeme,
		"jakelandis__es-docker-simple/elasticsearch.keystore":                         changeme,
		"jakelandis__es-docker-simple/history/53d57abe/config/elasticsearch.keystore": changeme,
		"jakelandis__es-docker-with-kibana/elasticsearch.keystore":                    changeme,
		"jakelandis__es-docker-with-kibana/history/862d9b75/elasticsearch.keystore":   changeme,
		"jakelandis__es-docker-ldap/elasticsearch.keystore": {"bootstrap.password": "changeme",
			"xpack.security.authc.realms.ldap.ldap1.secure_bind_password": "admin"},
		"victorvilladev__elasticsearch-kibana-ldap-sandbox/elasticsearch.keystore": {
			"xpack.security.authc.realms.ldap.ldap1.secure_bind_password": "pass"},
		"jakelandis__health-api-testing/elasticsearch.keystore": {
			"s3.client.default.access_key": "AKIAIOSFODNN7EXAMPLE",
			"s3.client.default.secret_key": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		"kms199406__test/elasticsearch.keystore": {
			"xpack.security.http.ssl.keystore.secure_password":        "Ccenter123456!",
			"xpack.security.http.ssl.truststore.secure_password":      "Ccenter123456!",
			"xpack.security.transport.ssl.keystore.secure_password":   "Ccenter123456!",
			"xpack.security.transport.ssl.truststore.secure_password": "Ccenter123456!"},
	}
}

func TestRealWorldKeystores(t *testing.T) {
	// realworldDir is the shared folder of real keystores, a sibling of the repo.
	realworldDir := sharedtest.Dir(t, "realworld")
	expected := manifestKeystores()
	values := manifestValues()
	seen := map[string]bool{}
	versions := map[int]int{}
	err := filepath.WalkDir(realworldDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".keystore") {
			return err
		}
		rel, err := filepath.Rel(realworldDir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		seen[rel] = true
		want, ok := expected[rel]
		if !ok {
			t.Errorf("%s: keystore not listed in manifest.md", rel)
			return nil
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		passed := t.Run(rel, func(t *testing.T) {
			checkRealKeystore(t, data, want, values[rel])
		})
		if passed && want.broken == "" {
			versions[want.version]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for rel := range expected {
		if !seen[rel] {
			t.Errorf("%s: listed in manifest.md but not found", rel)
		}
	}
	if len(seen) != len(expected) {
		t.Errorf("found %d keystores, manifest lists %d", len(seen), len(expected))
	}
	// The manifest table has 30 readable files plus the empty one.
	// (keystore-format.md §7 says 31 readable, "v4 ×8": the table and the
	// folder hold seven v4 files.)
	if want := map[int]int{3: 5, 4: 7, 5: 13, 6: 3, 7: 2}; fmt.Sprint(versions) != fmt.Sprint(want) {
		t.Errorf("decrypted keystores per version = %v, want %v", versions, want)
	}
}

// checkRealKeystore parses one real file and compares it with the manifest.
// Secret values are compared, never printed.
func checkRealKeystore(t *testing.T, data []byte, want realKeystore, known map[string]string) {
	parse := ParseElasticsearch
	if want.kind == KindKibana {
		parse = ParseKibana
	}
	info, secrets, err := parse(data, want.password)
	if want.broken != "" {
		if err == nil || secrets != nil || info.Decrypted {
			t.Fatalf("got %+v, %v; want a clean error", info, err)
		}
		if reason := formatReason(t, err); reason != want.broken {
			t.Errorf("reason = %q, want %q", reason, want.broken)
		}
		return
	}
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	assertInfo(t, info, Info{Kind: want.kind, FormatVersion: want.version, PasswordProtected: want.protected,
		Decrypted: true, Entries: want.entries, EntryTypes: v3Types(want)})
	for name, value := range known {
		if got, ok := secrets.Get(name); !ok || string(got) != value {
			t.Errorf("%s does not hold the value documented in manifest.md", name)
		}
	}
	checkGeneratedLengths(t, secrets, known)
	if want.kind == KindElasticsearch {
		checkReencode(t, data, want.password)
	}
}

// v3Types returns the EntryTypes a v3 keystore written by Elasticsearch has:
// every real entry is a string setting.
func v3Types(want realKeystore) map[string]string {
	if want.version != 3 {
		return nil
	}
	types := map[string]string{}
	for _, name := range want.entries {
		types[name] = "STRING"
	}
	return types
}

// checkGeneratedLengths checks what keystore-format.md §6 says about values
// Elasticsearch generates: a 20-character seed from a fixed alphabet,
// 22-character auto-configured PKCS#12 passwords (unless the manifest
// documents a hand-set value) and a 60-character $2a$ bcrypt hash.
func checkGeneratedLengths(t *testing.T, s *Secrets, known map[string]string) {
	const seedAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789~!@#$%^&*-_=+?"
	if seed, ok := s.Get("keystore.seed"); !ok || len(seed) != 20 || strings.Trim(string(seed), seedAlphabet) != "" {
		t.Errorf("keystore.seed is not 20 characters from the documented alphabet")
	}
	if hash, ok := s.Get("autoconfiguration.password_hash"); ok && (len(hash) != 60 || !bytes.HasPrefix(hash, []byte("$2a$"))) {
		t.Errorf("autoconfiguration.password_hash is not a 60-character $2a$ bcrypt hash")
	}
	for _, name := range autoConfPasswords() {
		if _, handSet := known[name]; handSet {
			continue
		}
		if n, found := s.Len(name); found && n != 22 {
			t.Errorf("%s is %d characters, want 22", name, n)
		}
	}
}

// checkReencode rebuilds the file from its decrypted entries, in file order,
// with its own salt and IV: the result must be byte-identical, which proves
// the writer's layout matches Elasticsearch's.
func checkReencode(t *testing.T, data, password []byte) {
	f, err := decodeESFile(data)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := f.decrypt(password, formatCost)
	if err != nil {
		t.Fatal(err)
	}
	entries, err := decodeESEntries(plain, f.version, f.encOffset)
	if err != nil {
		t.Fatal(err)
	}
	again, err := encodeElasticsearch(f.version, password, f.salt, f.iv, entries, formatCost)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Errorf("re-encoding the decrypted entries with the file's salt and IV does not reproduce the file (%d vs %d bytes)",
			len(again), len(data))
	}
}
