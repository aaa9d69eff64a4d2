package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"net"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/inventory"
)

// testNow is the pinned clock of every test.
var testNow = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

// issued is a generated certificate with its key.
type issued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// certOpts shapes a generated certificate; zero values give a 1-year
// ECDSA P-256 server certificate for "es01" with DNS and IP SANs.
type certOpts struct {
	cn        string
	isCA      bool
	rsaBits   int // 0: ECDSA P-256
	sigAlg    x509.SignatureAlgorithm
	notBefore time.Time
	notAfter  time.Time
	noSAN     bool
	eku       []x509.ExtKeyUsage
}

func newKey(t testing.TB, rsaBits int) crypto.Signer {
	t.Helper()
	if rsaBits > 0 {
		k, err := rsa.GenerateKey(rand.Reader, rsaBits)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// issue creates a certificate signed by parent (self-signed when nil).
func issue(t testing.TB, parent *issued, o certOpts) issued {
	t.Helper()
	key := newKey(t, o.rsaBits)
	if o.cn == "" {
		o.cn = "es01"
	}
	if o.notBefore.IsZero() {
		o.notBefore = testNow.Add(-24 * time.Hour)
	}
	if o.notAfter.IsZero() {
		o.notAfter = testNow.Add(365 * 24 * time.Hour)
	}
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: o.cn},
		NotBefore:             o.notBefore,
		NotAfter:              o.notAfter,
		BasicConstraintsValid: true,
		IsCA:                  o.isCA,
		SignatureAlgorithm:    o.sigAlg,
		ExtKeyUsage:           o.eku,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	if o.isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	} else if !o.noSAN {
		tmpl.DNSNames = []string{o.cn, "localhost"}
		tmpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	}
	if parent == nil {
		return issued{cert: certtest.Sign(t, tmpl, key, nil, nil), key: key}
	}
	return issued{cert: certtest.Sign(t, tmpl, key, parent.cert, parent.key), key: key}
}

// settings builds a settings map from name/value pairs; values with a
// comma become lists.
func settings(kv ...string) map[string]inventory.Setting {
	m := map[string]inventory.Setting{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = inventory.Setting{Value: kv[i+1], List: []string{kv[i+1]}, Source: "file"}
	}
	return m
}

// secrets is a SecretFunc over a map; it records what was asked.
type secrets struct {
	values map[string]string
	source string
	asked  []string
}

func (s *secrets) fn(name string) ([]byte, string, bool) {
	s.asked = append(s.asked, name)
	v, ok := s.values[name]
	if !ok {
		return nil, "", false
	}
	src := s.source
	if src == "" {
		src = "keystore"
	}
	return []byte(v), src, true
}

// find returns the material of setting (and path suffix when several).
func find(t testing.TB, ms []inventory.TLSMaterial, setting string) inventory.TLSMaterial {
	t.Helper()
	for _, m := range ms {
		if m.Setting == setting {
			return m
		}
	}
	t.Fatalf("no material for %s in %+v", setting, ms)
	return inventory.TLSMaterial{}
}

func trustFor(t testing.TB, ts []inventory.TrustResult, context string) inventory.TrustResult {
	t.Helper()
	for _, tr := range ts {
		if tr.Context == context {
			return tr
		}
	}
	t.Fatalf("no trust result for %s in %+v", context, ts)
	return inventory.TrustResult{}
}
