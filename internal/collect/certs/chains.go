package certs

import (
	"crypto/x509"
	"strings"
	"time"

	"github.com/essec-dev/essec/internal/inventory"
)

// LeafChain is the certificate a TLS context presents (first) with the
// certificates sent along with it, and the file they came from.
type LeafChain struct {
	Path         string
	Certificates []*x509.Certificate
}

// LeafChain returns the chain a context presents: the keystore's keyed
// certificate with the keystore's other certificates, else the certificate
// file's certificates in file order (the first is what the server sends as
// its own). ok is false when the context has no readable key material.
func (c Collection) LeafChain(context string) (LeafChain, bool) {
	for _, m := range c.Materials {
		if m.Evidence.Context == context && m.Evidence.Role == RoleKeystore && m.Leaf != nil {
			chain := []*x509.Certificate{m.Leaf}
			for _, x := range m.Certificates {
				if x != m.Leaf {
					chain = append(chain, x)
				}
			}
			return LeafChain{Path: m.Evidence.Path, Certificates: chain}, true
		}
	}
	for _, m := range c.Materials {
		if m.Evidence.Context == context && m.Evidence.Role == RoleCertificate && len(m.Certificates) > 0 {
			return LeafChain{Path: m.Evidence.Path, Certificates: m.Certificates}, true
		}
	}
	return LeafChain{}, false
}

// Anchors returns a context's trust anchors: every certificate of its
// truststore and certificate_authorities files; when neither gives any,
// the certificates of its keystore other than the leaf (auto-configured
// keystores carry their CA, and Elasticsearch then trusts it).
func (c Collection) Anchors(context string) []*x509.Certificate {
	anchors, _ := c.anchors(context)
	return anchors
}

// anchors also says where the anchors came from. The keystore stands in
// only when the context configures no truststore or certificate_authorities
// at all: an unreadable truststore leaves a context without anchors, as it
// leaves Elasticsearch.
func (c Collection) anchors(context string) ([]*x509.Certificate, string) {
	var out []*x509.Certificate
	configured := false
	for _, m := range c.Materials {
		if m.Evidence.Context == context && (m.Evidence.Role == RoleTruststore || m.Evidence.Role == RoleCertificateAuthorities) {
			configured = true
			out = append(out, m.Certificates...)
		}
	}
	if configured {
		return dedupe(out), "truststore/certificate_authorities"
	}
	for _, m := range c.Materials {
		if m.Evidence.Context == context && m.Evidence.Role == RoleKeystore && m.Leaf != nil {
			for _, x := range m.Certificates {
				if x != m.Leaf {
					out = append(out, x)
				}
			}
		}
	}
	return out, "CA certificates inside the keystore"
}

// trustResults judges, per context with both a leaf and anchors, whether
// the anchors sign the leaf at now. kibana.elasticsearch is left out: its
// anchors are judged against the Elasticsearch nodes by the caller (Judge).
func trustResults(ms []Material, now time.Time) []inventory.TrustResult {
	c := Collection{Materials: ms}
	var out []inventory.TrustResult
	seen := map[string]bool{}
	for _, m := range ms {
		ctx := m.Evidence.Context
		if seen[ctx] || ctx == ContextKibanaElasticsearch {
			continue
		}
		seen[ctx] = true
		chain, ok := c.LeafChain(ctx)
		if !ok {
			continue
		}
		roots, from := c.anchors(ctx)
		if len(roots) == 0 {
			continue
		}
		res := judgeContext(ctx, roots, chain, now)
		if res.Reason == "" {
			res.Reason = "anchors: " + from
		} else {
			res.Reason += " (anchors: " + from + ")"
		}
		out = append(out, res)
	}
	return out
}

// judgeContext is Judge, first without the leaf among the anchors (a truststore
// that is also the keystore holds it): the question is whether a CA signs
// it. When only the leaf itself anchors it, it is still trusted, as Java
// trusts the certificates of a truststore's key entries, and the reason
// says so.
func judgeContext(context string, roots []*x509.Certificate, chain LeafChain, now time.Time) inventory.TrustResult {
	others := make([]*x509.Certificate, 0, len(roots))
	for _, r := range roots {
		if !r.Equal(chain.Certificates[0]) {
			others = append(others, r)
		}
	}
	if len(others) == len(roots) {
		return Judge(context, roots, chain, now)
	}
	if res := Judge(context, others, chain, now); res.Trusted {
		return res
	}
	res := Judge(context, roots, chain, now)
	if res.Trusted {
		res.Reason = strings.TrimPrefix(res.Reason+"; the leaf itself is a trust anchor", "; ")
	}
	return res
}
