package certs

import (
	"crypto/x509"
	"strings"
	"time"
)

// publicCAOrganizations are organisations that run publicly trusted CAs:
// the fallback when the system pool is missing or a chain is incomplete.
var publicCAOrganizations = [...]string{
	"let's encrypt", "internet security research group", "digicert inc", "digicert, inc.",
	"globalsign", "globalsign nv-sa", "sectigo limited", "comodo ca limited", "the usertrust network",
	"entrust, inc.", "entrust", "godaddy.com, inc.", "starfield technologies, inc.", "amazon",
	"google trust services llc", "google trust services", "microsoft corporation", "identrust",
	"buypass as-983163327", "quovadis limited", "ssl corporation", "unizeto technologies s.a.",
	"asseco data systems s.a.", "actalis s.p.a.", "zerossl", "baltimore", "cybertrust, inc",
	"thawte, inc.", "verisign, inc.", "geotrust inc.", "network solutions l.l.c.",
	"trustwave holdings, inc.", "swisssign ag", "t-systems enterprise services gmbh",
	"d-trust gmbh", "hellenic academic and research institutions ca", "certainly",
	"secom trust systems co., ltd.", "certigna", "harica",
}

// wellKnown decides whether a certificate is a public root or issued by one.
type wellKnown struct {
	pool *x509.CertPool // the system roots; nil when unavailable
}

// newWellKnown loads the system roots once for a collection.
func newWellKnown() *wellKnown {
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = nil
	}
	return &wellKnown{pool: pool}
}

// check reports whether cert chains to a system root (with the other
// certificates of its file as intermediates), or names a public CA
// organisation as issuer.
func (w *wellKnown) check(cert *x509.Certificate, others []*x509.Certificate) bool {
	if w == nil {
		return false
	}
	if w.pool != nil {
		inter := x509.NewCertPool()
		for _, o := range others {
			if o != cert && o.IsCA {
				inter.AddCert(o)
			}
		}
		opts := x509.VerifyOptions{
			Roots: w.pool, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny},
			CurrentTime: midpoint(cert),
		}
		if _, err := cert.Verify(opts); err == nil {
			return true
		}
	}
	return publicOrganization(cert)
}

// publicOrganization matches the issuer's organisation against the table.
func publicOrganization(cert *x509.Certificate) bool {
	for _, o := range cert.Issuer.Organization {
		o = strings.ToLower(strings.TrimSpace(o))
		for _, p := range publicCAOrganizations {
			if o == p {
				return true
			}
		}
	}
	return false
}

// midpoint is an instant inside cert's validity, so that expiry does not
// hide where a certificate comes from.
func midpoint(cert *x509.Certificate) time.Time {
	if !cert.NotAfter.After(cert.NotBefore) {
		return cert.NotBefore
	}
	return cert.NotBefore.Add(cert.NotAfter.Sub(cert.NotBefore) / 2)
}
