package probe

import (
	"bytes"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// TLSOptions says how essec trusts the servers it connects to. Verification
// is on unless Insecure is set.
type TLSOptions struct {
	// CACert is a PEM bundle; when set, only these certificates are trusted.
	CACert []byte
	// CAFingerprint is a hex SHA-256 (colons, spaces and case ignored) of a
	// certificate the server presents. As Beats' ca_trusted_fingerprint
	// does, a pinned CA certificate becomes the only trust anchor and the
	// presented chain must verify against it, host name included; a pinned
	// leaf must be the leaf the server presents (the handshake proves the
	// server holds its key). A chain that merely contains the pinned
	// certificate is refused.
	CAFingerprint string
	// Insecure turns verification off.
	Insecure bool
}

// HintTLSTrust is what the user should do when a certificate is not trusted.
const HintTLSTrust = "pass --ca-cert with the cluster's CA, or --ca-fingerprint"

// HintNotTLS is what the user should do when an https URL reaches a port that
// does not speak TLS.
const HintNotTLS = "the port does not speak TLS: use an http:// URL"

// HintPlainToTLS is what the user should do when an http URL reaches a port
// that speaks TLS.
const HintPlainToTLS = "the port speaks TLS: use an https:// URL"

// NormalizeFingerprint removes colons and spaces and lower-cases a SHA-256
// fingerprint; it fails unless 64 hex digits remain.
func NormalizeFingerprint(fp string) (string, error) {
	r := strings.NewReplacer(":", "", " ", "", "-", "")
	n := strings.ToLower(r.Replace(strings.TrimSpace(fp)))
	if len(n) != 2*sha256.Size {
		return "", fmt.Errorf("ca fingerprint must be a SHA-256: 64 hex digits (colons allowed), got %d", len(n))
	}
	if _, err := hex.DecodeString(n); err != nil {
		return "", fmt.Errorf("ca fingerprint must be hexadecimal: %w", err)
	}
	return n, nil
}

// FingerprintMismatchError reports that no certificate presented by a server
// has the pinned SHA-256.
type FingerprintMismatchError struct {
	// Want is the normalised pinned fingerprint.
	Want string
	// Got are the fingerprints of the certificates presented.
	Got []string
}

// Error implements error.
func (e *FingerprintMismatchError) Error() string {
	return fmt.Sprintf("certificate fingerprint mismatch: no certificate presented by the server has SHA-256 %s (presented: %s)",
		e.Want, strings.Join(e.Got, ", "))
}

// ClientConfig builds the TLS client configuration for the options.
func (o TLSOptions) ClientConfig() (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	switch {
	case o.Insecure:
		cfg.InsecureSkipVerify = true
	case o.CAFingerprint != "":
		fp, err := NormalizeFingerprint(o.CAFingerprint)
		if err != nil {
			return nil, err
		}
		want, _ := hex.DecodeString(fp)
		// Go's verification against the system roots is replaced by
		// verification against the pinned certificate below.
		cfg.InsecureSkipVerify = true
		cfg.VerifyConnection = func(cs tls.ConnectionState) error {
			return verifyPinned(cs.PeerCertificates, want, fp, cs.ServerName)
		}
	case len(o.CACert) > 0:
		pool, err := CertPool(o.CACert)
		if err != nil {
			return nil, err
		}
		cfg.RootCAs = pool
	}
	return cfg, nil
}

// CertPool parses a PEM bundle into a pool holding only its certificates.
func CertPool(pemData []byte) (*x509.CertPool, error) {
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pemData) {
		return nil, errors.New("ca certificate: no PEM certificate found")
	}
	return pool, nil
}

// verifyPinned accepts a presented chain when the pinned certificate is its
// leaf, or when the pinned certificate is a CA certificate of the chain and
// the leaf verifies against it alone (the other presented certificates as
// intermediates) for host. Appending a public CA certificate to a
// self-signed certificate therefore does not pass.
func verifyPinned(chain []*x509.Certificate, want []byte, wantHex, host string) error {
	if len(chain) == 0 {
		return errors.New("the server presented no certificate")
	}
	got := make([]string, 0, len(chain))
	var anchor *x509.Certificate
	for i, c := range chain {
		sum := sha256.Sum256(c.Raw)
		got = append(got, hex.EncodeToString(sum[:]))
		if anchor != nil || !bytes.Equal(sum[:], want) {
			continue
		}
		if i == 0 {
			// A pinned leaf: the handshake proved the server holds its key.
			return nil
		}
		anchor = c
	}
	if anchor == nil {
		return &FingerprintMismatchError{Want: wantHex, Got: got}
	}
	if !anchor.IsCA || !anchor.BasicConstraintsValid {
		return &PinnedNotCAError{Want: wantHex}
	}
	roots := x509.NewCertPool()
	roots.AddCert(anchor)
	vo := x509.VerifyOptions{DNSName: host, Roots: roots, Intermediates: x509.NewCertPool()}
	for _, c := range chain[1:] {
		if c != anchor {
			vo.Intermediates.AddCert(c)
		}
	}
	if _, err := chain[0].Verify(vo); err != nil {
		return fmt.Errorf("the certificate with the pinned fingerprint is in the chain, but the server's certificate does not verify against it: %w", err)
	}
	return nil
}

// PinnedNotCAError reports that the pinned certificate was presented but
// is neither the server's own certificate nor a CA certificate, so it
// cannot anchor the chain.
type PinnedNotCAError struct {
	// Want is the normalised pinned fingerprint.
	Want string
}

// Error implements error.
func (e *PinnedNotCAError) Error() string {
	return fmt.Sprintf("the certificate with SHA-256 %s is in the server's chain but is neither the server's certificate nor a CA certificate: pin the CA (or the server's own certificate)", e.Want)
}

// verifyChain checks a presented chain the way the options would: against
// the pin, the given CA, or the system roots, including the host name.
func (o TLSOptions) verifyChain(chain []*x509.Certificate, host string) error {
	if len(chain) == 0 {
		return errors.New("the server presented no certificate")
	}
	if o.CAFingerprint != "" {
		fp, err := NormalizeFingerprint(o.CAFingerprint)
		if err != nil {
			return err
		}
		want, _ := hex.DecodeString(fp)
		return verifyPinned(chain, want, fp, host)
	}
	vo := x509.VerifyOptions{DNSName: host, Intermediates: x509.NewCertPool()}
	if len(o.CACert) > 0 {
		pool, err := CertPool(o.CACert)
		if err != nil {
			return err
		}
		vo.Roots = pool
	}
	for _, c := range chain[1:] {
		vo.Intermediates.AddCert(c)
	}
	_, err := chain[0].Verify(vo)
	return err
}
