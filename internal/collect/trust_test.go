package collect

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/benchfleet"
	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/certs"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
)

// TestKibanaTrustVerifiesEachChainOnce audits five nodes and three Kibana
// instances that each carry a copy of the same CA file, plus a fourth whose
// CA is another one; every Kibana names the three master-eligible nodes by
// IP in elasticsearch.hosts. The Kibana-to-node trust judges only those
// three nodes, verifies each distinct pair of CA set and node chain once
// (3 + 3, not 4 x 3), and every verdict is the one a direct verification
// gives.
func TestKibanaTrustVerifiesEachChainOnce(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	if _, err := benchfleet.Write(dir, benchfleet.Options{Nodes: 5, Kibanas: 4, Keystores: -1, Now: now}); err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other := certtest.Sign(t, &x509.Certificate{
		SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "Another CA"}, IsCA: true, BasicConstraintsValid: true,
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), KeyUsage: x509.KeyUsageCertSign,
	}, key, nil, nil)
	if err := os.WriteFile(filepath.Join(dir, "kb003", "certs", "ca.crt"), certtest.CertPEM(other), 0o640); err != nil {
		t.Fatal(err)
	}

	b, doc, calls := collectCountingVerifications(t, dir, now)
	if len(doc.Elasticsearch.Nodes) != 5 || len(doc.Kibana) != 4 {
		t.Fatalf("%d nodes and %d Kibana instances, want 5 and 4", len(doc.Elasticsearch.Nodes), len(doc.Kibana))
	}
	if calls != 6 {
		t.Errorf("%d verifications, want 6 (3 named node chains x 2 distinct CA sets)", calls)
	}
	for i, kb := range doc.Kibana {
		var got []inventory.TrustResult
		for _, tr := range kb.Trust {
			if tr.Context == certs.ContextKibanaElasticsearch {
				got = append(got, tr)
			}
		}
		var want []inventory.TrustResult
		for _, nc := range b.nodeCerts[:3] {
			if chain, ok := nc.LeafChain(certs.ContextHTTP); ok {
				want = append(want, certs.Judge(certs.ContextKibanaElasticsearch, b.kibanaCA[i], chain, now))
			}
		}
		if len(want) != 3 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: trust\n got %+v\nwant %+v", kb.Name, got, want)
		}
		if tg := kb.ElasticsearchTargets; tg == nil || tg.Scope != "hosts" || !reflect.DeepEqual(tg.Nodes, []string{"es00000", "es00001", "es00002"}) {
			t.Errorf("%s: targets %+v, want the three nodes elasticsearch.hosts names", kb.Name, tg)
		}
		trusted := kb.Name != "kb003"
		for _, tr := range got {
			if tr.Trusted != trusted {
				t.Errorf("%s: %s trusted %v, want %v (%s)", kb.Name, tr.LeafPath, tr.Trusted, trusted, tr.Reason)
			}
		}
	}
}

// TestKibanaTrustBehindLoadBalancer audits five nodes and four Kibana
// instances that all name a load balancer, so each may reach every node.
// Three Kibanas carry the fleet's CA and one another CA, which also signs
// the fifth node's HTTP certificate. A Kibana's trust keeps every chain its
// CA does not verify and one it does: HTTPS-05 reads the failures by name
// and whether any chain was verified; each CA set's list is judged once.
func TestKibanaTrustBehindLoadBalancer(t *testing.T) {
	now := time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)
	dir := t.TempDir()
	if _, err := benchfleet.Write(dir, benchfleet.Options{Nodes: 5, Kibanas: 4, Keystores: -1, Now: now}); err != nil {
		t.Fatal(err)
	}
	caKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	other := certtest.Sign(t, &x509.Certificate{
		SerialNumber: big.NewInt(9), Subject: pkix.Name{CommonName: "Another CA"}, IsCA: true, BasicConstraintsValid: true,
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), KeyUsage: x509.KeyUsageCertSign,
	}, caKey, nil, nil)
	leafKey, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	leaf := certtest.Sign(t, &x509.Certificate{
		SerialNumber: big.NewInt(10), Subject: pkix.Name{CommonName: "es00004"}, DNSNames: []string{"es00004"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.AddDate(1, 0, 0), ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}, leafKey, other, caKey)
	files := map[string][]byte{
		"kb003/certs/ca.crt":     certtest.CertPEM(other),
		"es00004/certs/http.crt": certtest.CertPEM(leaf),
		"es00004/certs/http.key": certtest.KeyPEM(t, leafKey),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o640); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 {
		p := filepath.Join(dir, fmt.Sprintf("kb%03d", i), "kibana.yml")
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		yml := regexp.MustCompile(`(?m)^elasticsearch\.hosts:.*$`).ReplaceAll(b, []byte(`elasticsearch.hosts: [ "https://es-lb.example.com:9200" ]`))
		if err := os.WriteFile(p, yml, 0o640); err != nil {
			t.Fatal(err)
		}
	}

	_, doc, calls := collectCountingVerifications(t, dir, now)
	if calls != 10 {
		t.Errorf("%d verifications, want 10 (5 node chains x 2 distinct CA sets)", calls)
	}
	for _, kb := range doc.Kibana {
		if tg := kb.ElasticsearchTargets; tg == nil || tg.Scope != "all" || !strings.Contains(tg.Reason, "es-lb.example.com") {
			t.Fatalf("%s: targets %+v, want every node behind the load balancer", kb.Name, tg)
		}
		var got []string
		for _, tr := range kb.Trust {
			if tr.Context == certs.ContextKibanaElasticsearch {
				got = append(got, fmt.Sprintf("%s %v", filepath.Base(filepath.Dir(filepath.Dir(tr.LeafPath))), tr.Trusted))
			}
		}
		want := []string{"es00000 true", "es00004 false"}
		if kb.Name == "kb003" {
			want = []string{"es00000 false", "es00001 false", "es00002 false", "es00003 false", "es00004 true"}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: trust %q, want %q", kb.Name, got, want)
		}
	}
}

// collectCountingVerifications collects the deployment in dir and counts
// the chain verifications its Kibana trust made.
func collectCountingVerifications(t *testing.T, dir string, now time.Time) (*builder, *inventory.Document, int) {
	t.Helper()
	calls := 0
	b := newBuilder(Request{
		Deployment: target.Deployment{Paths: []string{dir}}, Now: now,
		Redactor: redact.NewWithKey([]byte("k")), Seen: &redact.Secrets{},
	})
	b.judge = func(context string, roots []*x509.Certificate, chain certs.LeafChain, at time.Time) inventory.TrustResult {
		calls++
		return certs.Judge(context, roots, chain, at)
	}
	doc, err := b.collect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return b, doc, calls
}
