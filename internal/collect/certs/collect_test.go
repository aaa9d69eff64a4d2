package certs

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"errors"
	"slices"
	"strings"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestElasticsearchContexts checks which settings are followed, the context
// each gets, and which password settings are asked for.
func TestElasticsearchContexts(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	dir := t.TempDir()
	collecttest.WriteFile(t, dir, "ca.crt", certtest.CertPEM(ca.cert), 0o644)
	collecttest.WriteFile(t, dir, "ca2.crt", certtest.CertPEM(ca.cert), 0o644)
	s := settings(
		"xpack.security.remote_cluster_server.ssl.certificate_authorities", "ca.crt",
		"xpack.security.remote_cluster_client.ssl.certificate_authorities", "ca.crt",
		"transport.profiles.client.xpack.security.ssl.certificate_authorities", "ca.crt",
		"xpack.security.authc.realms.ldap.ldap1.ssl.certificate_authorities", "ca.crt",
		"xpack.security.authc.realms.pki.pki1.certificate_authorities", "ca.crt",
		"xpack.monitoring.exporters.remote.ssl.truststore.path", "ca.crt",
		"reindex.ssl.certificate_authorities", "ca.crt",
		"xpack.security.http.ssl.enabled", "true",
		"xpack.security.http.ssl.keystore.type", "PKCS12",
	)
	s["xpack.security.transport.ssl.certificate_authorities"] = inventory.Setting{Value: "ca.crt,ca2.crt", List: []string{"ca.crt", "ca2.crt"}}
	sec := &secrets{}
	mats, _, errs := ForElasticsearch(context.Background(), Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: s})
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, m := range mats {
		got = append(got, m.Context+" "+m.Role)
	}
	want := []string{
		"transport certificate_authorities", "transport certificate_authorities",
		"remote_cluster_server certificate_authorities", "remote_cluster_client certificate_authorities",
		"monitoring.exporters.remote truststore", "realm.ldap.ldap1 certificate_authorities",
		"realm.pki.pki1 certificate_authorities", "reindex certificate_authorities",
		"transport.profiles.client certificate_authorities",
	}
	if !slices.Equal(got, want) {
		t.Errorf("contexts:\n got %q\nwant %q", got, want)
	}
	if !slices.Contains(sec.asked, "xpack.monitoring.exporters.remote.ssl.truststore.secure_password") ||
		!slices.Contains(sec.asked, "xpack.monitoring.exporters.remote.ssl.truststore.password") {
		t.Errorf("truststore passwords not asked: %v", sec.asked)
	}
	if m := mats[4]; !strings.Contains(m.Error, "a PEM file where a keystore (PKCS#12 or JKS) is expected") {
		t.Errorf("PEM truststore error = %q", m.Error)
	}
}

// TestKibanaAndCrossTrust follows Kibana's settings and judges its
// Elasticsearch CA against a node's HTTP keystore, as the orchestrator does.
func TestKibanaAndCrossTrust(t *testing.T) {
	httpCA := issue(t, nil, certOpts{cn: "HTTP CA", isCA: true})
	otherCA := issue(t, nil, certOpts{cn: "Other CA", isCA: true})
	esLeaf := issue(t, &httpCA, certOpts{cn: "es01"})
	kbLeaf := issue(t, &otherCA, certOpts{cn: "kibana.example.com"})
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(esLeaf.key, esLeaf.cert, []*x509.Certificate{httpCA.cert}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	esDir, kbDir := t.TempDir(), t.TempDir()
	collecttest.WriteFile(t, esDir, "certs/http.p12", p12, 0o660)
	collecttest.WriteFile(t, kbDir, "http_ca.crt", certtest.CertPEM(httpCA.cert), 0o644)
	collecttest.WriteFile(t, kbDir, "other_ca.crt", certtest.CertPEM(otherCA.cert), 0o644)
	collecttest.WriteFile(t, kbDir, "kibana.crt", certtest.CertPEM(kbLeaf.cert), 0o644)
	collecttest.WriteFile(t, kbDir, "kibana.key", certtest.KeyPEM(t, kbLeaf.key), 0o600)

	es := CollectElasticsearch(context.Background(), Request{ConfigDir: esDir, Now: testNow,
		Secret:   (&secrets{values: map[string]string{"xpack.security.http.ssl.keystore.secure_password": "pw"}}).fn,
		Settings: settings("xpack.security.http.ssl.keystore.path", "certs/http.p12")})
	chain, ok := es.LeafChain(ContextHTTP)
	if !ok || chain.Certificates[0].Subject.CommonName != "es01" || len(chain.Certificates) != 2 {
		t.Fatalf("HTTP leaf chain: %v %+v", ok, chain)
	}

	for _, tc := range []struct {
		ca      string
		trusted bool
	}{{"http_ca.crt", true}, {"other_ca.crt", false}} {
		kb := CollectKibana(context.Background(), Request{ConfigDir: kbDir, Now: testNow, Settings: settings(
			"server.ssl.certificate", "kibana.crt", "server.ssl.key", "kibana.key",
			"elasticsearch.ssl.certificateAuthorities", tc.ca)})
		ev := kb.Evidence()
		if m := find(t, ev, "elasticsearch.ssl.certificateAuthorities"); m.Context != ContextKibanaElasticsearch || m.Role != RoleCertificateAuthorities {
			t.Errorf("kibana CA material: %+v", m)
		}
		if k := find(t, ev, "server.ssl.key"); k.Context != ContextKibanaServer || k.KeyMatchesCertificate == nil || !*k.KeyMatchesCertificate {
			t.Errorf("kibana key material: %+v", k)
		}
		for _, tr := range kb.Trust {
			if tr.Context == ContextKibanaElasticsearch {
				t.Errorf("ForKibana must leave kibana.elasticsearch to the caller: %+v", tr)
			}
		}
		res := Judge(ContextKibanaElasticsearch, kb.Anchors(ContextKibanaElasticsearch), chain, testNow)
		if res.Trusted != tc.trusted || res.LeafPath != chain.Path || res.LeafSHA256 != Describe(esLeaf.cert).SHA256 {
			t.Errorf("%s: %+v", tc.ca, res)
		}
	}
}

// TestTrusts covers the time-independent check used by the live probe.
func TestTrusts(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "CA", isCA: true})
	inter := issue(t, &ca, certOpts{cn: "Intermediate", isCA: true})
	leaf := issue(t, &inter, certOpts{})
	expiredCA := issue(t, nil, certOpts{cn: "Old CA", isCA: true, notBefore: testNow.AddDate(-3, 0, 0), notAfter: testNow.AddDate(-1, 0, 0)})
	oldLeaf := issue(t, &expiredCA, certOpts{notBefore: testNow.AddDate(-2, 0, 0), notAfter: testNow.AddDate(-1, 0, -1)})
	tests := []struct {
		name  string
		roots []*x509.Certificate
		chain []*x509.Certificate
		want  bool
		cause string
	}{
		{"with intermediate", []*x509.Certificate{ca.cert}, []*x509.Certificate{leaf.cert, inter.cert}, true, ""},
		{"intermediate missing", []*x509.Certificate{ca.cert}, []*x509.Certificate{leaf.cert}, false, "not signed"},
		{"expired CA and leaf", []*x509.Certificate{expiredCA.cert}, []*x509.Certificate{oldLeaf.cert}, true, ""},
		{"no anchors", nil, []*x509.Certificate{leaf.cert}, false, "no trust anchors"},
		{"no leaf", []*x509.Certificate{ca.cert}, nil, false, "no leaf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, reason := Trusts(tt.roots, tt.chain)
			if ok != tt.want || !strings.Contains(reason, tt.cause) {
				t.Errorf("Trusts = %v %q", ok, reason)
			}
		})
	}
	if ok, reason := TrustsAt([]*x509.Certificate{expiredCA.cert}, []*x509.Certificate{oldLeaf.cert}, testNow); !ok || !strings.Contains(reason, "expired or not yet valid") {
		t.Errorf("TrustsAt with an expired CA = %v %q", ok, reason)
	}
}

// TestInspect covers `essec inspect` and LoadPEMCertificates.
func TestInspect(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "CA", isCA: true})
	leaf := issue(t, &ca, certOpts{})
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, "pw")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := collecttest.WriteFile(t, dir, "x.p12", p12, 0o600)
	bundle := collecttest.WriteFile(t, dir, "bundle.pem", append(certtest.KeyPEM(t, leaf.key), certtest.CertPEM(leaf.cert, ca.cert)...), 0o600)

	m, err := Inspect(context.Background(), p, []byte("pw"))
	if err != nil || m.PasswordSource != "flag" || !m.HasPrivateKey || len(m.Certificates) != 2 {
		t.Errorf("Inspect with password: %v %+v", err, m)
	}
	if _, err := Inspect(context.Background(), p, []byte("bad")); !errors.Is(err, ErrWrongPassword) || !strings.Contains(err.Error(), "the given password does not open it") {
		t.Errorf("Inspect with a wrong password: %v", err)
	}
	if _, err := Inspect(context.Background(), dir+"/none.pem", nil); err == nil || !strings.Contains(err.Error(), "not found") {
		t.Errorf("Inspect of a missing file: %v", err)
	}
	encrypted := collecttest.WriteFile(t, dir, "enc.pem", append(certtest.CertPEM(leaf.cert), encryptPKCS8(t, mustPKCS8(t, leaf), "pp", oidAES256CBC)...), 0o600)
	if m, err := Inspect(context.Background(), encrypted, nil); err != nil || len(m.Certificates) != 1 || !strings.Contains(m.Error, "no passphrase") {
		t.Errorf("Inspect of a bundle with an encrypted key and no passphrase: %v %+v", err, m)
	}
	if m, err := Inspect(context.Background(), bundle, nil); err != nil || !m.Certificates[0].HasPrivateKey || m.Certificates[1].HasPrivateKey {
		t.Errorf("Inspect of a key+chain bundle: %v %+v", err, m)
	}
	certs, err := LoadPEMCertificates(context.Background(), bundle)
	if err != nil || len(certs) != 2 {
		t.Errorf("LoadPEMCertificates: %v, %d certs", err, len(certs))
	}
	if _, err := LoadPEMCertificates(context.Background(), p); err == nil {
		t.Errorf("LoadPEMCertificates of a PKCS#12 file must fail")
	}
}

// TestCancelled stops before reading when the context is done.
func TestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	mats, _, errs := ForElasticsearch(ctx, Request{ConfigDir: t.TempDir(), Settings: settings("xpack.security.http.ssl.certificate", "a.crt")})
	if len(mats) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Message, "context canceled") {
		t.Errorf("mats %v errs %v", mats, errs)
	}
}

func mustPKCS8(t testing.TB, i issued) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(i.key)
	if err != nil {
		t.Fatal(err)
	}
	return der
}
