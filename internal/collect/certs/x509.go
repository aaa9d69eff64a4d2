// Package certs reads the TLS material that Elasticsearch and Kibana settings
// name (PEM, PKCS#12, JKS) and describes every certificate and key in it.
package certs

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
)

// Describe turns a parsed certificate into the evidence essec keeps.
func Describe(c *x509.Certificate) inventory.Certificate {
	sum := sha256.Sum256(c.Raw)
	out := inventory.Certificate{
		Subject:            c.Subject.String(),
		Issuer:             c.Issuer.String(),
		Serial:             c.SerialNumber.Text(16),
		DNSNames:           append([]string{}, c.DNSNames...),
		IPAddresses:        []string{},
		NotBefore:          c.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:           c.NotAfter.UTC().Format(time.RFC3339),
		IsCA:               c.IsCA,
		SelfSigned:         isSelfSigned(c),
		SignatureAlgorithm: c.SignatureAlgorithm.String(),
		ExtKeyUsage:        extKeyUsages(c),
		SHA256:             hex.EncodeToString(sum[:]),
	}
	for _, ip := range c.IPAddresses {
		out.IPAddresses = append(out.IPAddresses, ip.String())
	}
	out.KeyAlgorithm, out.KeyBits = keyInfo(c.PublicKey)
	return out
}

func isSelfSigned(c *x509.Certificate) bool {
	if c.Subject.String() != c.Issuer.String() {
		return false
	}
	return c.CheckSignatureFrom(c) == nil || len(c.AuthorityKeyId) == 0 || string(c.AuthorityKeyId) == string(c.SubjectKeyId)
}

func keyInfo(pub any) (string, int) {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return "RSA", k.N.BitLen()
	case *ecdsa.PublicKey:
		return "EC", k.Curve.Params().BitSize
	case ed25519.PublicKey:
		return "Ed25519", 256
	}
	return "unknown", 0
}

var ekuNames = map[x509.ExtKeyUsage]string{
	x509.ExtKeyUsageAny:             "any",
	x509.ExtKeyUsageServerAuth:      "serverAuth",
	x509.ExtKeyUsageClientAuth:      "clientAuth",
	x509.ExtKeyUsageCodeSigning:     "codeSigning",
	x509.ExtKeyUsageEmailProtection: "emailProtection",
	x509.ExtKeyUsageTimeStamping:    "timeStamping",
	x509.ExtKeyUsageOCSPSigning:     "OCSPSigning",
}

func extKeyUsages(c *x509.Certificate) []string {
	out := []string{}
	for _, u := range c.ExtKeyUsage {
		if n, ok := ekuNames[u]; ok {
			out = append(out, n)
		} else {
			out = append(out, "other")
		}
	}
	for range c.UnknownExtKeyUsage {
		out = append(out, "other")
	}
	return out
}
