// Package certs issues the certificates essec fix installs, the way
// elasticsearch-certutil and the 8.x automatic setup do: an RSA CA with key
// usage, random 128-bit serials, validity backdated 10 minutes, leaf
// certificates whose authority key id is the CA's subject key id, and
// PKCS#12 stores that Java 12+ and OpenSSL 3 read.
package certs

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"time"

	pkcs12 "software.sslmate.com/src/go-pkcs12"
)

// Backdate is how far before now certificates start (clock skew margin).
const Backdate = 10 * time.Minute

// Pair is a certificate with its private key.
type Pair struct {
	Cert *x509.Certificate
	Key  *rsa.PrivateKey
	DER  []byte
}

// NewCA creates a self-signed CA.
func NewCA(r io.Reader, now time.Time, bits int, cn string, validity time.Duration) (*Pair, error) {
	key, err := rsa.GenerateKey(orRand(r), bits)
	if err != nil {
		return nil, fmt.Errorf("generate CA key: %w", err)
	}
	ski, err := keyID(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	tmpl, err := template(r, now, cn, validity)
	if err != nil {
		return nil, err
	}
	tmpl.IsCA, tmpl.BasicConstraintsValid = true, true
	tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	tmpl.SubjectKeyId, tmpl.AuthorityKeyId = ski, ski
	return sign(tmpl, tmpl, &key.PublicKey, key, key)
}

// LeafOptions describe a node or server certificate.
type LeafOptions struct {
	CN       string
	DNS      []string
	IPs      []net.IP
	Client   bool // add clientAuth (transport: mutual TLS)
	Bits     int
	Validity time.Duration
}

// Issue creates a certificate signed by ca.
func (ca *Pair) Issue(r io.Reader, now time.Time, o LeafOptions) (*Pair, error) {
	key, err := rsa.GenerateKey(orRand(r), o.Bits)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	ski, err := keyID(&key.PublicKey)
	if err != nil {
		return nil, err
	}
	tmpl, err := template(r, now, o.CN, o.Validity)
	if err != nil {
		return nil, err
	}
	tmpl.KeyUsage = x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment
	tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
	if o.Client {
		tmpl.ExtKeyUsage = append(tmpl.ExtKeyUsage, x509.ExtKeyUsageClientAuth)
	}
	tmpl.BasicConstraintsValid = true
	tmpl.DNSNames, tmpl.IPAddresses = o.DNS, o.IPs
	tmpl.SubjectKeyId = ski
	tmpl.AuthorityKeyId = ca.Cert.SubjectKeyId
	return sign(tmpl, ca.Cert, &key.PublicKey, key, ca.Key)
}

func template(r io.Reader, now time.Time, cn string, validity time.Duration) (*x509.Certificate, error) {
	serial, err := rand.Int(orRand(r), new(big.Int).Lsh(big.NewInt(1), 128))
	if err != nil {
		return nil, fmt.Errorf("generate serial: %w", err)
	}
	start := now.Add(-Backdate).UTC().Truncate(time.Second)
	return &x509.Certificate{
		SerialNumber: serial.Add(serial, big.NewInt(1)),
		Subject:      pkix.Name{CommonName: cn},
		NotBefore:    start,
		NotAfter:     start.Add(validity),
	}, nil
}

func sign(tmpl, parent *x509.Certificate, pub crypto.PublicKey, key, signer *rsa.PrivateKey) (*Pair, error) {
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, signer)
	if err != nil {
		return nil, fmt.Errorf("sign certificate %s: %w", tmpl.Subject.CommonName, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Pair{Cert: cert, Key: key, DER: der}, nil
}

// keyID is the SHA-1 of the public key, as RFC 5280 method 1.
func keyID(pub *rsa.PublicKey) ([]byte, error) {
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return nil, err
	}
	h := sha1.Sum(der)
	return h[:], nil
}

func orRand(r io.Reader) io.Reader {
	if r == nil {
		return rand.Reader
	}
	return r
}

// CertPEM is the certificate in PEM.
func (p *Pair) CertPEM() []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.DER})
}

// KeyPEM is the private key as unencrypted PKCS#8 PEM (written 0600).
func (p *Pair) KeyPEM() ([]byte, error) {
	der, err := x509.MarshalPKCS8PrivateKey(p.Key)
	if err != nil {
		return nil, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}), nil
}

// PKCS12 is a key store holding the key with its certificate and the CA
// as chain, encrypted with password (go-pkcs12's Modern encoder: AES-256,
// read by Java 12+ and OpenSSL 1.1.1+). Trust goes through the CA in PEM,
// since a chain certificate is not a Java trusted entry.
func (p *Pair) PKCS12(ca *Pair, password string) ([]byte, error) {
	out, err := pkcs12.Modern.Encode(p.Key, p.Cert, []*x509.Certificate{ca.Cert}, password)
	if err != nil {
		return nil, fmt.Errorf("encode PKCS#12: %w", err)
	}
	return out, nil
}
