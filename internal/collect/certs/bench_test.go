package certs

import (
	"context"
	"crypto/rand"
	"crypto/x509"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
)

// BenchmarkParsePEMChain parses a key and a three-certificate chain.
func BenchmarkParsePEMChain(b *testing.B) {
	root := issue(b, nil, certOpts{cn: "Root", isCA: true})
	inter := issue(b, &root, certOpts{cn: "Intermediate", isCA: true})
	leaf := issue(b, &inter, certOpts{})
	data := append(certtest.KeyPEM(b, leaf.key), certtest.CertPEM(leaf.cert, inter.cert, root.cert)...)
	b.ReportAllocs()
	for b.Loop() {
		if c := parsePEM(data, nil); len(c.certs) != 3 || len(c.keys) != 1 {
			b.Fatal("parse failed")
		}
	}
}

// BenchmarkPKCS12 opens a modern (PBES2, PBKDF2-SHA256 2048 rounds) PKCS#12
// keystore with a key, its certificate and a CA, password from settings.
func BenchmarkPKCS12(b *testing.B) {
	ca := issue(b, nil, certOpts{cn: "CA", isCA: true, rsaBits: 2048})
	leaf := issue(b, &ca, certOpts{rsaBits: 2048})
	data, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, "pw")
	if err != nil {
		b.Fatal(err)
	}
	pw := &password{value: []byte("pw"), source: "keystore"}
	b.ReportAllocs()
	for b.Loop() {
		if c := openPKCS12(data, pw); len(c.certs) != 2 || len(c.keys) != 1 {
			b.Fatal("open failed")
		}
	}
}

// BenchmarkNodeCertificates is the certificate work of one node's audit as
// an auto-configured 8.x node lays it out: the transport key in a PKCS#12
// keystore (password from elasticsearch.keystore) with a PEM CA, the HTTP
// key, certificate and CA in PEM, all RSA 2048; every file is read, parsed,
// described, the keys paired and trust judged for both contexts.
func BenchmarkNodeCertificates(b *testing.B) {
	dir := b.TempDir()
	ca := issue(b, nil, certOpts{cn: "CA", isCA: true, rsaBits: 2048})
	transport := issue(b, &ca, certOpts{rsaBits: 2048})
	http := issue(b, &ca, certOpts{rsaBits: 2048})
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(transport.key, transport.cert, []*x509.Certificate{ca.cert}, "pw")
	if err != nil {
		b.Fatal(err)
	}
	collecttest.WriteFile(b, dir, "certs/transport.p12", p12, 0o600)
	collecttest.WriteFile(b, dir, "certs/ca.crt", certtest.CertPEM(ca.cert), 0o644)
	collecttest.WriteFile(b, dir, "certs/http.crt", certtest.CertPEM(http.cert, ca.cert), 0o644)
	collecttest.WriteFile(b, dir, "certs/http.key", certtest.KeyPEM(b, http.key), 0o600)
	sec := &secrets{values: map[string]string{"xpack.security.transport.ssl.keystore.secure_password": "pw"}}
	req := Request{ConfigDir: dir, Now: testNow, Secret: sec.fn, Settings: settings(
		"xpack.security.transport.ssl.keystore.path", "certs/transport.p12",
		"xpack.security.transport.ssl.certificate_authorities", "certs/ca.crt",
		"xpack.security.http.ssl.key", "certs/http.key",
		"xpack.security.http.ssl.certificate", "certs/http.crt",
		"xpack.security.http.ssl.certificate_authorities", "certs/ca.crt",
	)}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		sec.asked = sec.asked[:0]
		c := CollectElasticsearch(ctx, req)
		if len(c.Materials) != 5 || len(c.Trust) != 2 || len(c.Errors) != 0 || !c.Trust[0].Trusted || !c.Trust[1].Trusted {
			b.Fatalf("collection: %d materials, trust %+v, errors %v", len(c.Materials), c.Trust, c.Errors)
		}
	}
}
