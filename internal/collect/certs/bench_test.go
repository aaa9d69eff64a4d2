package certs

import (
	"crypto/rand"
	"crypto/x509"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"
)

// BenchmarkParsePEMChain parses a key and a three-certificate chain.
func BenchmarkParsePEMChain(b *testing.B) {
	root := issue(b, nil, certOpts{cn: "Root", isCA: true})
	inter := issue(b, &root, certOpts{cn: "Intermediate", isCA: true})
	leaf := issue(b, &inter, certOpts{})
	data := append(keyPEM(b, leaf.key), certPEM(leaf.cert, inter.cert, root.cert)...)
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
