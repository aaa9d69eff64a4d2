package certs

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"strings"

	"github.com/essec-dev/essec/internal/inventory"
)

// parseContent dispatches on the sniffed format. A parser panic on a
// crafted file becomes a problem of that file, never a crash of the run.
func parseContent(data []byte, pw, keyPw *password) (c content) {
	defer func() {
		if r := recover(); r != nil {
			c = content{format: c.format, keyError: KeyErrorUnreadable, problems: []string{fmt.Sprintf("malformed file: parser failed (%v)", r)}}
		}
	}()
	switch f := sniff(data); f {
	case FormatPEM:
		return parsePEM(data, keyPw)
	case FormatPKCS12:
		return openPKCS12(data, pw)
	case FormatJKS:
		return openJKS(data, pw, keyPw)
	case sniffJCEKS:
		return content{format: FormatUnknown, unsupported: true, keyError: KeyErrorUnsupported, problems: []string{"JCEKS keystores are not supported (convert to PKCS#12)"}}
	case sniffEmpty:
		return content{format: FormatUnknown, problems: []string{"empty file"}}
	case sniffDER:
		cert, _ := x509.ParseCertificate(data)
		return content{format: FormatUnknown, certs: []*x509.Certificate{cert},
			problems: []string{"not PEM: a DER-encoded certificate (Elasticsearch and Kibana read PEM)"}}
	default:
		return content{format: FormatUnknown, problems: []string{"not PEM, PKCS#12 or JKS"}}
	}
}

// buildMaterial turns parsed content into a Material: certificates deduplicated
// (keystores repeat a CA as key chain and trusted entry), the one with a key
// first in keystores, each described, keys matched.
func buildMaterial(ev inventory.TLSMaterial, c content, wk *wellKnown) Material {
	certs := dedupe(c.certs)
	if c.keystore {
		certs = keyedFirst(certs, c)
	}
	m := Material{Evidence: ev, Certificates: certs, publicKeys: c.keys}
	m.Evidence.Format = c.format
	m.Evidence.HasPrivateKey = c.hasKey
	m.Evidence.PasswordSource = c.passwordSource
	m.Evidence.Certificates = make([]inventory.Certificate, 0, len(certs))
	for i, cert := range certs {
		d := Describe(cert)
		d.HasPrivateKey = hasKeyFor(cert, c)
		d.WellKnownCA = wk.check(cert, certs)
		if d.HasPrivateKey && (m.Leaf == nil || m.Leaf.IsCA && !cert.IsCA) {
			m.Leaf = certs[i]
		}
		m.Evidence.Certificates = append(m.Evidence.Certificates, d)
	}
	if len(c.keys) > 0 && len(certs) > 0 {
		match := hasKeyFor(certs[0], c)
		m.Evidence.KeyMatchesCertificate = &match
		if !match {
			c.setKeyError(KeyErrorMismatch)
		}
	}
	m.Evidence.KeyError = c.keyError
	if len(c.problems) > 0 {
		m.Evidence.Error = strings.Join(c.problems, "; ")
	}
	return m
}

// hasKeyFor reports whether one of the content's keys belongs to cert.
func hasKeyFor(cert *x509.Certificate, c content) bool {
	for _, k := range c.keys {
		if samePublicKey(k, cert.PublicKey) {
			return true
		}
	}
	return false
}

// dedupe drops repeated certificates, keeping the first occurrence.
func dedupe(certs []*x509.Certificate) []*x509.Certificate {
	out := make([]*x509.Certificate, 0, len(certs))
	for _, c := range certs {
		dup := false
		for _, o := range out {
			if bytes.Equal(o.Raw, c.Raw) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c)
		}
	}
	return out
}

// keyedFirst moves the certificates with a key to the front (non-CA ones
// first), keeping the others in file order.
func keyedFirst(certs []*x509.Certificate, c content) []*x509.Certificate {
	rank := func(x *x509.Certificate) int {
		switch {
		case hasKeyFor(x, c) && !x.IsCA:
			return 0
		case hasKeyFor(x, c):
			return 1
		}
		return 2
	}
	out := make([]*x509.Certificate, 0, len(certs))
	for r := 0; r <= 2; r++ {
		for _, x := range certs {
			if rank(x) == r {
				out = append(out, x)
			}
		}
	}
	return out
}
