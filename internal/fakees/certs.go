package fakees

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"
)

// CA is a throw-away certificate authority for TLS fakes.
type CA struct {
	Cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

// NewCA creates a CA valid from an hour ago for a year.
func NewCA(tb testing.TB, name string) *CA {
	tb.Helper()
	key := newKey(tb)
	tmpl := &x509.Certificate{
		SerialNumber:          serial(tb),
		Subject:               pkix.Name{CommonName: name},
		NotBefore:             time.Now().Add(-time.Hour),
		NotAfter:              time.Now().Add(365 * 24 * time.Hour),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatalf("fakees: create CA: %v", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("fakees: parse CA: %v", err)
	}
	return &CA{Cert: cert, key: key}
}

// PEM is the CA certificate in PEM form (what --ca-cert reads).
func (ca *CA) PEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw})
}

// LeafOptions shape a server certificate. Zero times mean "valid now".
type LeafOptions struct {
	NotBefore, NotAfter time.Time
	// DNSNames default to localhost; IP SANs are always 127.0.0.1 and ::1.
	DNSNames []string
}

// ServerTLS issues a server certificate for loopback and returns a server
// configuration presenting it with the CA, accepting TLS versions
// minVersion (0: Go's default) to 1.3.
func (ca *CA) ServerTLS(tb testing.TB, lo LeafOptions, minVersion uint16) *tls.Config {
	tb.Helper()
	if lo.NotBefore.IsZero() {
		lo.NotBefore = time.Now().Add(-time.Hour)
	}
	if lo.NotAfter.IsZero() {
		lo.NotAfter = time.Now().Add(24 * time.Hour)
	}
	if lo.DNSNames == nil {
		lo.DNSNames = []string{"localhost"}
	}
	key := newKey(tb)
	tmpl := &x509.Certificate{
		SerialNumber: serial(tb),
		Subject:      pkix.Name{CommonName: lo.DNSNames[0]},
		NotBefore:    lo.NotBefore,
		NotAfter:     lo.NotAfter,
		DNSNames:     lo.DNSNames,
		IPAddresses:  []net.IP{net.IPv4(127, 0, 0, 1), net.IPv6loopback},
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca.Cert, &key.PublicKey, ca.key)
	if err != nil {
		tb.Fatalf("fakees: issue certificate: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("fakees: parse certificate: %v", err)
	}
	return &tls.Config{
		MinVersion: minVersion,
		Certificates: []tls.Certificate{{
			Certificate: [][]byte{der, ca.Cert.Raw},
			PrivateKey:  key,
			Leaf:        leaf,
		}},
	}
}

func newKey(tb testing.TB) *ecdsa.PrivateKey {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatalf("fakees: generate key: %v", err)
	}
	return key
}

func serial(tb testing.TB) *big.Int {
	n, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 62))
	if err != nil {
		tb.Fatalf("fakees: serial: %v", err)
	}
	return n
}
