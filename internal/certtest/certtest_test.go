package certtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"testing"
	"time"
)

func TestSignChainAndPEM(t *testing.T) {
	caKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	leafKey, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	now := time.Now()
	ca := Sign(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: "CA"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign,
	}, caKey, nil, nil)
	leaf := Sign(t, &x509.Certificate{
		Subject: pkix.Name{CommonName: "es01"}, DNSNames: []string{"es01"}, NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour),
	}, leafKey, ca, caKey)
	if ca.SerialNumber.Sign() <= 0 || leaf.SerialNumber.Cmp(ca.SerialNumber) == 0 {
		t.Errorf("serials: CA %v, leaf %v", ca.SerialNumber, leaf.SerialNumber)
	}
	if err := ca.CheckSignatureFrom(ca); err != nil {
		t.Errorf("CA is not self-signed: %v", err)
	}
	if err := leaf.CheckSignatureFrom(ca); err != nil {
		t.Errorf("leaf is not signed by the CA: %v", err)
	}
	rest := CertPEM(leaf, ca)
	for _, want := range []*x509.Certificate{leaf, ca} {
		var b *pem.Block
		b, rest = pem.Decode(rest)
		if b == nil || b.Type != "CERTIFICATE" || string(b.Bytes) != string(want.Raw) {
			t.Fatalf("CertPEM block for %s: %+v", want.Subject.CommonName, b)
		}
	}
	b, _ := pem.Decode(KeyPEM(t, leafKey))
	if b == nil || b.Type != "PRIVATE KEY" {
		t.Fatalf("KeyPEM: %+v", b)
	}
	if k, err := x509.ParsePKCS8PrivateKey(b.Bytes); err != nil || !leafKey.Equal(k) {
		t.Errorf("KeyPEM does not hold the key: %v", err)
	}
}
