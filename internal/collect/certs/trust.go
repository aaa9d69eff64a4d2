package certs

import (
	"bytes"
	"crypto/x509"
	"errors"
	"fmt"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
)

// Trusts checks whether roots sign leafChain (the leaf first, then any
// intermediates), whatever the time: validity periods are judged elsewhere
// (HARD-06), so the chain is verified at an instant inside them. Used for
// Kibana's CAs against the Elasticsearch HTTP certificates and by the live
// probe. The reason says why not, or notes how the chain was checked.
func Trusts(roots []*x509.Certificate, leafChain []*x509.Certificate) (bool, string) {
	if len(leafChain) == 0 {
		return false, "no leaf certificate"
	}
	if len(roots) == 0 {
		return false, "no trust anchors"
	}
	var first error
	for _, t := range verifyInstants(roots, leafChain) {
		ok, reason, err := verifyAt(roots, leafChain, t)
		if ok {
			return true, reason
		}
		if first == nil {
			first = err
		}
	}
	return false, untrustedReason(first, len(roots))
}

// TrustsAt is Trusts at the audit's clock: a chain that verifies only
// outside now (an expired or not yet valid certificate) is still trusted,
// with a reason that says so, since expiry is a finding of its own.
func TrustsAt(roots []*x509.Certificate, leafChain []*x509.Certificate, now time.Time) (bool, string) {
	if len(leafChain) == 0 || len(roots) == 0 {
		return Trusts(roots, leafChain)
	}
	ok, reason, err := verifyAt(roots, leafChain, now)
	if ok {
		return true, reason
	}
	var invalid x509.CertificateInvalidError
	if errors.As(err, &invalid) && invalid.Reason != x509.Expired {
		return false, untrustedReason(err, len(roots))
	}
	if ok, reason := Trusts(roots, leafChain); ok {
		note := "signed by a trust anchor, but the chain is not valid at " + now.UTC().Format(time.RFC3339) + " (a certificate is expired or not yet valid)"
		if reason != "" {
			note += "; " + reason
		}
		return true, note
	}
	return false, untrustedReason(err, len(roots))
}

// Judge is TrustsAt as evidence: whether roots sign chain's leaf at now,
// for context (e.g. "kibana.elasticsearch" with Kibana's CAs and a node's
// HTTP LeafChain).
func Judge(context string, roots []*x509.Certificate, chain LeafChain, now time.Time) inventory.TrustResult {
	res := inventory.TrustResult{Context: context, LeafPath: chain.Path}
	if len(chain.Certificates) > 0 {
		res.LeafSHA256 = Describe(chain.Certificates[0]).SHA256
	}
	res.Trusted, res.Reason = TrustsAt(roots, chain.Certificates, now)
	return res
}

// verifyAt runs crypto/x509 verification at t with any key usage, falling
// back to a direct signature walk when SHA-1 makes crypto/x509 refuse.
func verifyAt(roots, chain []*x509.Certificate, t time.Time) (bool, string, error) {
	opts := x509.VerifyOptions{
		Roots:         x509.NewCertPool(),
		Intermediates: x509.NewCertPool(),
		CurrentTime:   t,
		KeyUsages:     []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
	}
	for _, r := range roots {
		opts.Roots.AddCert(r)
	}
	for _, c := range chain[1:] {
		opts.Intermediates.AddCert(c)
	}
	_, err := chain[0].Verify(opts)
	if err == nil {
		return true, "", nil
	}
	if usesSHA1(chain) || usesSHA1(roots) {
		if signedByAnchor(chain[0], chain[1:], roots, 0) {
			return true, "signed with SHA-1, checked directly (crypto/x509 rejects SHA-1)", nil
		}
	}
	return false, "", err
}

// signedByAnchor walks issuers by name and signature (SHA-1 allowed) until a
// root; depth bounds loops in crafted chains.
func signedByAnchor(c *x509.Certificate, inter, roots []*x509.Certificate, depth int) bool {
	if depth > 8 {
		return false
	}
	for _, r := range roots {
		if bytes.Equal(r.Raw, c.Raw) {
			return true
		}
		if bytes.Equal(c.RawIssuer, r.RawSubject) && signedBy(c, r) == nil {
			return true
		}
	}
	for _, i := range inter {
		if i != c && bytes.Equal(c.RawIssuer, i.RawSubject) && signedBy(c, i) == nil && signedByAnchor(i, inter, roots, depth+1) {
			return true
		}
	}
	return false
}

// verifyInstants lists instants at which every certificate of a good chain
// should be valid: the latest start among leaf chain and each root, and the
// middle of the leaf's life.
func verifyInstants(roots, chain []*x509.Certificate) []time.Time {
	start := chain[0].NotBefore
	for _, c := range chain[1:] {
		if c.NotBefore.After(start) {
			start = c.NotBefore
		}
	}
	out := []time.Time{start, midpoint(chain[0])}
	for _, r := range roots {
		if r.NotBefore.After(start) {
			out = append(out, r.NotBefore)
		}
	}
	return out
}

// untrustedReason words a verification failure for the evidence.
func untrustedReason(err error, anchors int) string {
	var ua x509.UnknownAuthorityError
	var invalid x509.CertificateInvalidError
	var host x509.HostnameError
	switch {
	case err == nil:
		return "not verified"
	case errors.As(err, &ua):
		return fmt.Sprintf("not signed by any of the %d trust anchor(s)", anchors)
	case errors.As(err, &invalid):
		return "chain rejected: " + invalid.Error()
	case errors.As(err, &host):
		return host.Error()
	}
	return "chain rejected: " + err.Error()
}
