package certs

import (
	"crypto/rand"
	"crypto/x509"
	"testing"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/certtest"
)

// FuzzParseContent feeds arbitrary bytes to the parsers without the panic
// guard: whatever a file holds, reading it must not crash a run.
func FuzzParseContent(f *testing.F) {
	ca := issue(f, nil, certOpts{cn: "CA", isCA: true})
	leaf := issue(f, &ca, certOpts{})
	p12, err := gopkcs12.Modern.WithRand(rand.Reader).Encode(leaf.key, leaf.cert, []*x509.Certificate{ca.cert}, "")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(append(certtest.KeyPEM(f, leaf.key), certtest.CertPEM(leaf.cert, ca.cert)...))
	f.Add(p12)
	f.Add(buildJKS(f, leaf, ca, "", ""))
	f.Add(leaf.cert.Raw)
	f.Add([]byte{0xFE, 0xED, 0xFE, 0xED, 0, 0, 0, 2, 0xFF, 0xFF, 0xFF, 0xFF})
	f.Fuzz(func(t *testing.T, data []byte) {
		sniff(data)
		parseContentNoRecover(data, &password{source: "none"})
	})
}
