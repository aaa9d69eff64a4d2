package finding

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestFingerprintsDoNotCollide: the collisions seen in real reports each
// give two fingerprints.
func TestFingerprintsDoNotCollide(t *testing.T) {
	p12 := "/etc/elasticsearch/certs/transport.p12"
	tests := []struct {
		name string
		a, b Finding
	}{
		{"one file named by keystore and truststore settings",
			Finding{CheckID: "HARD-11", Deployment: "d", Resource: Resource{Kind: "file", Name: p12, File: p12}, Setting: "xpack.security.transport.ssl.keystore.path"},
			Finding{CheckID: "HARD-11", Deployment: "d", Resource: Resource{Kind: "file", Name: p12, File: p12}, Setting: "xpack.security.transport.ssl.truststore.path"}},
		{"a node and a Kibana with one name",
			Finding{CheckID: "HARD-12", Deployment: "d", Resource: Resource{Kind: "node", Name: "elk"}},
			Finding{CheckID: "HARD-12", Deployment: "d", Resource: Resource{Kind: "kibana", Name: "elk"}}},
		{"the keystores of a node and a Kibana with one name",
			Finding{CheckID: "HARD-12", Deployment: "d", Resource: Resource{Kind: "keystore", Name: "elk", File: "/etc/elasticsearch/elasticsearch.keystore"}},
			Finding{CheckID: "HARD-12", Deployment: "d", Resource: Resource{Kind: "keystore", Name: "elk", File: "/etc/kibana/kibana.keystore"}}},
		{"two certificates with one subject in one file",
			Finding{CheckID: "HARD-06", Deployment: "d", Resource: Resource{Kind: "certificate", Name: "CN=es01", File: p12, SHA256: "AA11"}},
			Finding{CheckID: "HARD-06", Deployment: "d", Resource: Resource{Kind: "certificate", Name: "CN=es01", File: p12, SHA256: "BB22"}}},
		{"one file of two nodes",
			Finding{CheckID: "HARD-11", Deployment: "d", Resource: Resource{Kind: "file", Name: "/r/es01/certs/http.p12", File: "/r/es01/certs/http.p12"}},
			Finding{CheckID: "HARD-11", Deployment: "d", Resource: Resource{Kind: "file", Name: "/r/es02/certs/http.p12", File: "/r/es02/certs/http.p12"}}},
	}
	for _, tt := range tests {
		fs := []Finding{tt.a, tt.b}
		Refingerprint(fs, "/r")
		if fs[0].Fingerprint == fs[1].Fingerprint {
			t.Errorf("%s: both %s", tt.name, fs[0].Fingerprint)
		}
		if Fingerprint(tt.a) == Fingerprint(tt.b) {
			t.Errorf("%s: ComputeFingerprint collides", tt.name)
		}
	}
}

// TestFingerprintStableAcrossMachines: the same deployment checked out in
// two places, with a setting moved to another line, keeps its fingerprints;
// a file outside the deployment keeps its absolute path.
func TestFingerprintStableAcrossMachines(t *testing.T) {
	at := func(root string, line int) Finding {
		p := filepath.Join(root, "es01", "certs", "http.p12")
		fs := []Finding{{CheckID: "HTTPS-02", Deployment: "prod", Resource: Resource{Kind: "file", Name: p, File: p, Line: line}, Setting: "xpack.security.http.ssl.keystore.path"}}
		Refingerprint(fs, CommonDir([]string{filepath.Join(root, "es01"), filepath.Join(root, "kibana")}))
		return fs[0]
	}
	a, b := at("/home/alice/src/deploy", 12), at("/builds/ci/deploy", 40)
	if a.Fingerprint != b.Fingerprint {
		t.Errorf("fingerprints differ across machines: %s %s", a.Fingerprint, b.Fingerprint)
	}
	if a.Resource.File != "/home/alice/src/deploy/es01/certs/http.p12" {
		t.Errorf("the report's file changed: %s", a.Resource.File)
	}
	if got := RelativeTo("/home/alice/src/deploy", "/etc/ssl/certs/ca.pem"); got != "/etc/ssl/certs/ca.pem" {
		t.Errorf("a file outside the deployment became %s", got)
	}
	if got := RelativeTo("/srv/es", "/srv/es-other/x"); got != "/srv/es-other/x" {
		t.Errorf("a sibling directory became %s", got)
	}
}

func TestCommonDir(t *testing.T) {
	for _, tt := range []struct {
		in   []string
		want string
	}{
		{[]string{"/etc/elasticsearch", "/etc/kibana"}, "/etc"},
		{[]string{"/a/b/es01", "/a/b/es02", "relative"}, "/a/b"},
		{[]string{"/srv/es", "/srv/es-other"}, "/srv"},
		{[]string{"/only"}, "/only"},
		{nil, ""},
	} {
		if got := CommonDir(tt.in); got != tt.want {
			t.Errorf("CommonDir(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSortByFingerprintIsAStableSort(t *testing.T) {
	var fs []Finding
	for i := range 200 {
		// Few distinct fingerprints, so that many are equal and stability shows.
		fs = append(fs, Finding{Fingerprint: fmt.Sprintf("%02d", (i*37)%11), Message: fmt.Sprint(i)})
	}
	want := slices.Clone(fs)
	slices.SortStableFunc(want, func(a, b Finding) int { return strings.Compare(a.Fingerprint, b.Fingerprint) })
	SortByFingerprint(fs)
	for i := range fs {
		if fs[i].Fingerprint != want[i].Fingerprint || fs[i].Message != want[i].Message {
			t.Fatalf("position %d: got %s/%s, want %s/%s", i, fs[i].Fingerprint, fs[i].Message, want[i].Fingerprint, want[i].Message)
		}
	}
}
