package index

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

var (
	certRoles      = ast.MustParseTerm(`{"keystore", "truststore", "certificate", "certificate_authorities"}`)
	presentedRoles = ast.MustParseTerm(`{"keystore", "certificate"}`)
)

var classes = ast.MustParseTerm(`{"secret_roles": {"keystore", "service-tokens", "users"}, "public_roles": {"certificate", "certificate_authorities", "truststore"}, "key_extensions": [".key", ".p12"]}`)

func at(t *testing.T, v *ast.Term, path ...string) *ast.Term {
	t.Helper()
	for _, k := range path {
		obj, ok := v.Value.(ast.Object)
		if !ok {
			t.Fatalf("%v is no object (looking up %q)", v, k)
		}
		if v = obj.Get(ast.StringTerm(k)); v == nil {
			t.Fatalf("no %q", k)
		}
	}
	return v
}

func length(t *testing.T, v *ast.Term) int {
	t.Helper()
	l, ok := v.Value.(interface{ Len() int })
	if !ok {
		t.Fatalf("%v has no length", v)
	}
	return l.Len()
}

// A certificate read at two paths by two nodes is kept once, at the first
// path in sort order, from the entry that presents it there.
func TestTLSIndexKeepsEachCertificateOnce(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es02", "tls_material": [
			{"role": "keystore", "context": "transport", "setting": "t.keystore", "path": "/b/node.p12", "certificates": [{"subject": "CN=ca", "sha256": "aa", "serial": "1"}]}]}},
		{"kind": "node", "obj": {"name": "es01", "tls_material": [
			{"role": "truststore", "context": "http", "setting": "h.truststore", "path": "/a/node.p12", "certificates": [{"subject": "CN=ca", "sha256": "aa", "serial": "1"}]},
			{"role": "keystore", "context": "transport", "setting": "t.keystore", "path": "/a/node.p12", "certificates": [{"subject": "CN=ca", "sha256": "aa", "serial": "1"}]}]}}
	]`)
	idx := TLSIndex(comps, certRoles)
	if n := length(t, at(t, idx, "certificates")); n != 3 {
		t.Fatalf("certificates: %d, want 3", n)
	}
	unique := UniqueCerts(at(t, idx, "certificates"), presentedRoles).Value.(*ast.Array)
	if unique.Len() != 1 {
		t.Fatalf("unique certificates: %v, want one", unique)
	}
	u := unique.Elem(0)
	for key, want := range map[string]string{
		"path":           `"/a/node.p12"`,
		"role":           `"keystore"`, // presented, though the truststore entry sorts first
		"owner":          `"es01"`,
		"locations":      `["/a/node.p12", "/b/node.p12"]`,
		"owners":         `["es01", "es02"]`,
		"file_name":      `"node.p12"`,
		"presented_leaf": "true",
	} {
		if got := at(t, u, key).String(); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
}

// A certificate is a presented leaf when some entry of it is in a
// presented role and no CA: a CA in a keystore, or a leaf only trusted,
// is not.
func TestUniqueCertsPresentedLeaf(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es01", "tls_material": [
			{"role": "keystore", "path": "/a/node.p12", "certificates": [{"subject": "CN=es01", "sha256": "a1"}, {"subject": "CN=ca", "sha256": "ca", "is_ca": true}]},
			{"role": "truststore", "path": "trust.p12", "certificates": [{"subject": "CN=other", "sha256": "b1", "is_ca": false}]}]}}
	]`)
	unique := UniqueCerts(at(t, TLSIndex(comps, certRoles), "certificates"), presentedRoles).Value.(*ast.Array)
	want := map[string][2]string{`"CN=es01"`: {"true", `"node.p12"`}, `"CN=ca"`: {"false", `"node.p12"`}, `"CN=other"`: {"false", `"trust.p12"`}}
	if unique.Len() != len(want) {
		t.Fatalf("unique certificates: %v", unique)
	}
	unique.Foreach(func(u *ast.Term) {
		w := want[at(t, u, "cert", "subject").String()]
		if got := at(t, u, "presented_leaf").String(); got != w[0] {
			t.Errorf("%v: presented_leaf %s, want %s", u, got, w[0])
		}
		if got := at(t, u, "file_name").String(); got != w[1] {
			t.Errorf("%v: file_name %s, want %s", u, got, w[1])
		}
	})
}

// What Rego leaves undefined is left out: a component without a name, a
// certificate whose key is not text, a material without a path (kept as
// material, its certificates not listed).
func TestTLSIndexLeavesOutWhatRegoCannotDefine(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"tls_material": [{"role": "keystore", "path": "/x.p12", "certificates": [{"subject": "CN=x"}]}]}},
		{"kind": "node", "obj": {"name": "es01", "tls_material": [
			{"role": "keystore", "path": "/a.p12", "certificates": [{"subject": "CN=a", "sha256": 7}]},
			{"role": "certificate", "certificates": [{"subject": "CN=b"}]}]}}
	]`)
	idx := TLSIndex(comps, certRoles)
	if n := length(t, at(t, idx, "materials")); n != 2 {
		t.Errorf("materials: %d, want 2 (es01's)", n)
	}
	if n := length(t, at(t, idx, "certificates")); n != 1 {
		t.Errorf("certificates: %d, want 1 (the one with a path)", n)
	}
	if n := length(t, UniqueCerts(at(t, idx, "certificates"), presentedRoles)); n != 0 {
		t.Errorf("unique certificates: %d, want 0 (its sha256 is no text)", n)
	}
}

// A certificate-bearing file without a certificate is unreadable, once
// per entry; by_path groups the entries of one file.
func TestUnreadableGroupedByPath(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es01", "tls_material": [
			{"role": "keystore", "setting": "t.keystore", "path": "/a.p12", "certificates": null},
			{"role": "keystore", "setting": "h.keystore", "path": "/a.p12", "certificates": []},
			{"role": "key", "setting": "t.key", "path": "/a.key", "certificates": []},
			{"role": "certificate", "setting": "t.cert", "path": "/a.crt", "certificates": [{"subject": "CN=a"}]}]}}
	]`)
	unreadable := at(t, TLSIndex(comps, certRoles), "unreadable")
	if n := length(t, unreadable); n != 2 {
		t.Fatalf("unreadable: %v, want the two keystore entries", unreadable)
	}
	files := ByPath(unreadable).Value.(ast.Set)
	if files.Len() != 1 {
		t.Fatalf("by path: %v, want one file", files)
	}
	f := files.Sorted().Elem(0)
	if got := at(t, f, "settings").String(); got != `["h.keystore", "t.keystore"]` {
		t.Errorf("settings = %s", got)
	}
	// The first entry in sort order: null certificates sort before [].
	if got := at(t, f, "m", "setting").String(); got != `"t.keystore"` {
		t.Errorf("m is that of %s, want t.keystore's", got)
	}
}

func TestFileIndexRanks(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es01", "files": [
			{"path": "/es/elasticsearch.keystore", "role": "keystore", "mode": "0660"},
			{"path": "/es/elasticsearch.yml", "role": "config", "mode": "0660"},
			{"path": "/es/certs/NODE.KEY", "role": "tls", "mode": "0600"},
			{"path": "/es/certs/ca.crt", "role": "tls", "mode": "0644"},
			{"path": "/es/gone.yml", "role": "config", "exists": false}]}}
	]`)
	materials := ast.MustParseTerm(`[
		{"component": "node", "owner": "es01", "m": {"path": "/es/certs/http.p12", "role": "truststore", "has_private_key": true}},
		{"component": "node", "owner": "es01", "m": {"path": "/es/certs/http_ca.crt", "role": "certificate_authorities"}},
		{"component": "node", "owner": "es01", "m": {"path": "/es/certs/x.pem", "role": "other"}}
	]`)
	files := at(t, FileIndex(comps, materials, classes), "files")
	for path, want := range map[string]string{
		"/es/elasticsearch.keystore": "2", "/es/elasticsearch.yml": "1", "/es/certs/NODE.KEY": "2",
		"/es/certs/ca.crt": "0", "/es/certs/http.p12": "2", "/es/certs/http_ca.crt": "0", "/es/certs/x.pem": "2",
	} {
		if got := at(t, files, path, "rank").String(); got != want {
			t.Errorf("%s: rank %s, want %s", path, got, want)
		}
	}
	if files.Value.(ast.Object).Get(ast.StringTerm("/es/gone.yml")) != nil {
		t.Error("a file that does not exist is indexed")
	}
}

// A path named by a node's files and by its TLS settings gives one entry:
// the highest rank, the mode of the entry that has one, compose when any
// entry is of a compose service.
func TestFileIndexMergesAPathNamedTwice(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es01", "files": [{"path": "/es/node.crt", "role": "tls", "mode": "", "owner": "root"}]}},
		{"kind": "kibana", "obj": {"name": "kb", "compose": {"service": "kibana"}, "files": []}}
	]`)
	materials := ast.MustParseTerm(`[
		{"component": "node", "owner": "es01", "m": {"path": "/es/node.crt", "role": "keystore", "mode": "0640", "owner": "elasticsearch"}},
		{"component": "kibana", "owner": "kb", "m": {"path": "/es/node.crt", "role": "certificate", "mode": "0644", "owner": "kibana"}}
	]`)
	idx := FileIndex(comps, materials, classes)
	f := at(t, idx, "files", "/es/node.crt")
	for key, want := range map[string]string{
		"rank": "2", "mode": `"0640"`, "owner": `"elasticsearch"`, "compose": "true", "component": `"es01"`,
	} {
		if got := at(t, f, key).String(); got != want {
			t.Errorf("%s = %s, want %s", key, got, want)
		}
	}
	if got := at(t, idx, "components").String(); got != `{"es01", "kb"}` {
		t.Errorf("components = %s", got)
	}
}

// Each entry names its class in words when classes give them; a rank-0
// path ending in /certs is the certificate directory.
func TestFileIndexClassWords(t *testing.T) {
	comps := ast.MustParseTerm(`[
		{"kind": "node", "obj": {"name": "es01", "files": [
			{"path": "/es/elasticsearch.keystore", "role": "keystore", "mode": "0660"},
			{"path": "/es/elasticsearch.yml", "role": "config", "mode": "0660"},
			{"path": "/es/certs", "role": "tls", "mode": "0750"},
			{"path": "/es/certs/ca.crt", "role": "tls", "mode": "0644"}]}}
	]`)
	withWords := ast.MustParseTerm(`{"secret_roles": {"keystore"}, "public_roles": {"certificate"}, "key_extensions": [".key"],
		"class_words": ["cert", "config", "secret"], "directory_word": "dir"}`)
	files := at(t, FileIndex(comps, ast.ArrayTerm(), withWords), "files")
	for path, want := range map[string]string{
		"/es/elasticsearch.keystore": `"secret"`, "/es/elasticsearch.yml": `"config"`, "/es/certs": `"dir"`, "/es/certs/ca.crt": `"cert"`,
	} {
		if got := at(t, files, path, "class").String(); got != want {
			t.Errorf("%s: class %s, want %s", path, got, want)
		}
	}
	without := at(t, FileIndex(comps, ast.ArrayTerm(), classes), "files", "/es/certs")
	if without.Value.(ast.Object).Get(ast.StringTerm("class")) != nil {
		t.Error("class given without class_words")
	}
}

func TestPerm(t *testing.T) {
	for mode, want := range map[string]string{
		`"0640"`: "[4, 0]", `"755"`: "[5, 5]", `"100644"`: "[4, 4]", `"0608"`: "null",
		`"12"`: "null", `"1234567"`: "null", `""`: "null", `"rw-r--r--"`: "null", `644`: "null",
	} {
		if got := perm(ast.MustParseTerm(mode)).String(); got != want {
			t.Errorf("perm(%s) = %s, want %s", mode, got, want)
		}
	}
}
