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
	cert := ca.Issue(tb, lo)
	cert.Certificate = append(cert.Certificate, ca.Cert.Raw)
	return &tls.Config{MinVersion: minVersion, Certificates: []tls.Certificate{cert}}
}

// Issue returns a server certificate for loopback signed by the CA, with
// only the leaf in its chain: append certificates to present more.
func (ca *CA) Issue(tb testing.TB, lo LeafOptions) tls.Certificate {
	tb.Helper()
	return issue(tb, lo, ca.Cert, ca.key)
}

// SelfSigned returns a self-signed server certificate for loopback (what a
// man in the middle presents), with only the leaf in its chain.
func SelfSigned(tb testing.TB, lo LeafOptions) tls.Certificate {
	tb.Helper()
	return issue(tb, lo, nil, nil)
}

// issue signs a leaf with parent and parentKey, or self-signs it when
// parent is nil.
func issue(tb testing.TB, lo LeafOptions, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) tls.Certificate {
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
	if parent == nil {
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		tb.Fatalf("fakees: issue certificate: %v", err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatalf("fakees: parse certificate: %v", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}
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
