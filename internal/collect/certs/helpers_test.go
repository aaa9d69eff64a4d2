package certs

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"testing"
	"time"

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
	sn, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 63))
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          sn,
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
	signer, signerCert := key, tmpl
	if parent != nil {
		signer, signerCert = parent.key, parent.cert
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signer)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return issued{cert: cert, key: key}
}

func certPEM(certs ...*x509.Certificate) []byte {
	var out []byte
	for _, c := range certs {
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return out
}

// keyPEM encodes a key as PKCS#8 ("PRIVATE KEY").
func keyPEM(t testing.TB, k crypto.Signer) []byte {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(k)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})
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
