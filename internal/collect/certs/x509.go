// Package certs reads the TLS material that Elasticsearch and Kibana settings
// name (PEM, PKCS#12, JKS) and describes every certificate and key in it.
//
// Evidence never carries a password, a key or a keystore value: only what
// the files prove (certificates, whether a key is present and matches, where
// the password that opened a file came from). Parsed certificates stay in
// memory in a Material so that callers can judge trust across components.
package certs

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"errors"
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

// isSelfSigned reports whether c names itself as issuer and its own key
// signs it. When the signature cannot be checked (an algorithm nobody
// verifies any more), matching key identifiers decide.
func isSelfSigned(c *x509.Certificate) bool {
	if !bytes.Equal(c.RawSubject, c.RawIssuer) {
		return false
	}
	err := signedBy(c, c)
	if err == nil {
		return true
	}
	if _, ok := err.(x509.InsecureAlgorithmError); ok || errors.Is(err, x509.ErrUnsupportedAlgorithm) {
		return len(c.AuthorityKeyId) == 0 || bytes.Equal(c.AuthorityKeyId, c.SubjectKeyId)
	}
	return false
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
