package cli_test

// End-to-end acceptance of the certificate checks: for each case a CA and
// node certificates are generated with crypto/x509 in a temporary config
// directory, essec audit runs in-process on it (clock pinned by run), and
// the JSON report must hold the verdict a reader of that certificate set
// expects from the check that judges it.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	gopkcs12 "software.sslmate.com/src/go-pkcs12"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/cli"
	"github.com/essec-dev/essec/internal/collect"
	"github.com/essec-dev/essec/internal/finding"
	"github.com/essec-dev/essec/internal/inventory"
	"github.com/essec-dev/essec/internal/policy"
	"github.com/essec-dev/essec/internal/redact"
	"github.com/essec-dev/essec/internal/target"
	"github.com/essec-dev/essec/policies"
)

// certsNow is the clock run pins.
var certsNow = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

const (
	certsHost   = "es01.example.internal"   // network.host, named by a good leaf
	certsKBHost = "kibana.example.internal" // Kibana's server.publicBaseUrl host
	certsIP     = "10.0.0.11"
	certsDay    = 24 * time.Hour
)

// certsIssued is a generated certificate with its key.
type certsIssued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

// certsTemplate shapes one generated certificate.
type certsTemplate struct {
	cn        string
	isCA      bool
	sigAlg    x509.SignatureAlgorithm
	notBefore time.Time
	notAfter  time.Time
	dns       []string
	ips       []string
	eku       []x509.ExtKeyUsage
}

// certsKeys caches RSA keys by size: generating them dominates the test's
// time, and which key a certificate carries does not matter to the checks.
var (
	certsKeysMu sync.Mutex
	certsKeys   = map[int][]crypto.Signer{}
)

// certsKey returns the i-th cached RSA key of bits.
func certsKey(t testing.TB, bits, i int) crypto.Signer {
	t.Helper()
	certsKeysMu.Lock()
	defer certsKeysMu.Unlock()
	for len(certsKeys[bits]) <= i {
		k, err := rsa.GenerateKey(rand.Reader, bits)
		if err != nil {
			t.Fatal(err)
		}
		certsKeys[bits] = append(certsKeys[bits], k)
	}
	return certsKeys[bits][i]
}

// certsIssue creates a certificate with key, signed by parent (self-signed
// when parent is nil).
func certsIssue(t testing.TB, parent *certsIssued, key crypto.Signer, o certsTemplate) certsIssued {
	t.Helper()
	tmpl := &x509.Certificate{
		Subject:               pkix.Name{CommonName: o.cn, Organization: []string{"essec test"}},
		NotBefore:             o.notBefore,
		NotAfter:              o.notAfter,
		BasicConstraintsValid: true,
		IsCA:                  o.isCA,
		SignatureAlgorithm:    o.sigAlg,
		ExtKeyUsage:           o.eku,
		DNSNames:              o.dns,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
	}
	for _, ip := range o.ips {
		tmpl.IPAddresses = append(tmpl.IPAddresses, net.ParseIP(ip))
	}
	if o.isCA {
		tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	}
	if parent == nil {
		return certsIssued{cert: certtest.Sign(t, tmpl, key, nil, nil), key: key}
	}
	return certsIssued{cert: certtest.Sign(t, tmpl, key, parent.cert, parent.key), key: key}
}

// certsSpec describes one deployment's certificate set; certsGood is the
// properly issued one that each case changes in one respect.
type certsSpec struct {
	caNotAfter    time.Time
	caBits        int
	caSig         x509.SignatureAlgorithm
	leafNotBefore time.Time
	leafNotAfter  time.Time
	leafBits      int
	leafCurve     elliptic.Curve // an ECDSA leaf key instead of RSA
	leafSig       x509.SignatureAlgorithm
	selfSigned    bool // the leaf signs itself; no CA issues it
	otherCA       bool // another CA than ca.crt issues the leaf
	intermediate  bool // an intermediate CA under ca.crt issues the leaf; node.crt holds both
	keyMismatch   bool // node.key holds a key other than the leaf's
	networkHost   string
	dns           []string
	ips           []string
	eku           []x509.ExtKeyUsage
	keyMode       os.FileMode
	// p12 puts the transport key and certificate in a PKCS#12 keystore
	// (certs/node.p12, no password, holding the CA too) instead of PEM.
	p12 bool
	// kibana adds a Kibana serving https with a CA-issued certificate and
	// reaching the node over https; kibanaOtherCA gives it a CA that did
	// not issue the node's HTTP certificate; kibanaSelfSigned and
	// kibanaDNS change its server certificate.
	kibana           bool
	kibanaOtherCA    bool
	kibanaSelfSigned bool
	kibanaDNS        []string
	kibanaKeyMode    os.FileMode
}

func certsGood() certsSpec {
	return certsSpec{
		caNotAfter:    certsNow.Add(5 * 365 * certsDay),
		caBits:        2048,
		caSig:         x509.SHA256WithRSA,
		leafNotBefore: certsNow.Add(-30 * certsDay),
		leafNotAfter:  certsNow.Add(365 * certsDay),
		leafBits:      2048,
		leafSig:       x509.SHA256WithRSA,
		networkHost:   certsHost,
		dns:           []string{"es01", certsHost, "localhost"},
		ips:           []string{certsIP, "127.0.0.1"},
		eku:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth},
		keyMode:       0o600,
		kibanaDNS:     []string{certsKBHost},
		kibanaKeyMode: 0o600,
	}
}

// certsWrite writes the spec's files under a fresh directory and returns
// the paths to audit: the node's config directory, and Kibana's if any.
func certsWrite(t testing.TB, s certsSpec) []string {
	t.Helper()
	root := t.TempDir()
	esDir := filepath.Join(root, "es01")
	ca := certsIssue(t, nil, certsKey(t, s.caBits, 0), certsTemplate{
		cn: "essec test CA", isCA: true, sigAlg: s.caSig,
		notBefore: certsNow.Add(-400 * certsDay), notAfter: s.caNotAfter,
	})
	other := certsIssue(t, nil, certsKey(t, 2048, 1), certsTemplate{
		cn: "essec other CA", isCA: true, sigAlg: x509.SHA256WithRSA,
		notBefore: certsNow.Add(-400 * certsDay), notAfter: certsNow.Add(5 * 365 * certsDay),
	})
	issuer := &ca
	var sentAlong []*x509.Certificate // intermediates the node sends with its leaf
	switch {
	case s.selfSigned:
		issuer = nil
	case s.otherCA:
		issuer = &other
	case s.intermediate:
		inter := certsIssue(t, &ca, certsKey(t, 2048, 4), certsTemplate{
			cn: "essec test intermediate CA", isCA: true, sigAlg: x509.SHA256WithRSA,
			notBefore: certsNow.Add(-200 * certsDay), notAfter: certsNow.Add(3 * 365 * certsDay),
		})
		issuer, sentAlong = &inter, []*x509.Certificate{inter.cert}
	}
	leafKey := certsKey(t, s.leafBits, 2)
	if s.leafCurve != nil {
		k, err := ecdsa.GenerateKey(s.leafCurve, rand.Reader)
		if err != nil {
			t.Fatal(err)
		}
		leafKey = k
	}
	leaf := certsIssue(t, issuer, leafKey, certsTemplate{
		cn: "es01", sigAlg: s.leafSig, notBefore: s.leafNotBefore, notAfter: s.leafNotAfter,
		dns: s.dns, ips: s.ips, eku: s.eku,
	})
	nodeCrt := certtest.CertPEM(append([]*x509.Certificate{leaf.cert}, sentAlong...)...)
	nodeKey := leaf.key
	if s.keyMismatch {
		nodeKey = certsKey(t, 2048, 5)
	}
	certsFile(t, esDir, "certs/ca.crt", certtest.CertPEM(ca.cert), 0o644)
	certsFile(t, esDir, "certs/node.crt", nodeCrt, 0o644)
	certsFile(t, esDir, "certs/node.key", certtest.KeyPEM(t, nodeKey), s.keyMode)
	transportKey := "xpack.security.transport.ssl.key: certs/node.key\nxpack.security.transport.ssl.certificate: certs/node.crt\n"
	if s.p12 {
		chain := sentAlong
		if issuer != nil && !s.intermediate {
			chain = []*x509.Certificate{issuer.cert}
		}
		p12, err := gopkcs12.Modern.Encode(leaf.key, leaf.cert, chain, "")
		if err != nil {
			t.Fatal(err)
		}
		certsFile(t, esDir, "certs/node.p12", p12, s.keyMode)
		transportKey = "xpack.security.transport.ssl.keystore.path: certs/node.p12\n"
	}
	certsFile(t, esDir, "elasticsearch.yml", []byte(`cluster.name: certs-test
node.name: es01
network.host: `+s.networkHost+`
discovery.seed_hosts: ["`+certsHost+`"]
xpack.security.enabled: true
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.verification_mode: certificate
`+transportKey+`xpack.security.transport.ssl.certificate_authorities: [ "certs/ca.crt" ]
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.certificate_authorities: [ "certs/ca.crt" ]
`), 0o640)
	paths := []string{esDir}
	if !s.kibana {
		return paths
	}
	kbDir := filepath.Join(root, "kibana")
	kbCA := ca
	if s.kibanaOtherCA {
		kbCA = other
	}
	kbIssuer := &ca
	if s.kibanaSelfSigned {
		kbIssuer = nil
	}
	server := certsIssue(t, kbIssuer, certsKey(t, 2048, 3), certsTemplate{
		cn: "kb01", sigAlg: x509.SHA256WithRSA, notBefore: certsNow.Add(-30 * certsDay), notAfter: certsNow.Add(365 * certsDay),
		dns: s.kibanaDNS, eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	})
	certsFile(t, kbDir, "certs/es-ca.crt", certtest.CertPEM(kbCA.cert), 0o644)
	certsFile(t, kbDir, "certs/kibana.crt", certtest.CertPEM(server.cert), 0o644)
	certsFile(t, kbDir, "certs/kibana.key", certtest.KeyPEM(t, server.key), s.kibanaKeyMode)
	// A tarball install: kibana.yml in config/, relative paths resolve
	// against Kibana's home (its working directory), as Kibana does.
	certsFile(t, kbDir, "config/kibana.yml", []byte(`server.name: kb01
server.host: "0.0.0.0"
server.publicBaseUrl: "https://`+certsKBHost+`:5601"
server.ssl.enabled: true
server.ssl.certificate: certs/kibana.crt
server.ssl.key: certs/kibana.key
elasticsearch.hosts: ["https://`+certsHost+`:9200"]
elasticsearch.username: kibana_system
elasticsearch.ssl.certificateAuthorities: [ "certs/es-ca.crt" ]
elasticsearch.ssl.verificationMode: full
`), 0o640)
	return append(paths, filepath.Join(kbDir, "config"))
}

// certsFile writes data with exactly mode (whatever the umask).
func certsFile(t testing.TB, dir, rel string, data []byte, mode os.FileMode) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
}

// certsWant is a verdict a case expects: a finding of check with status
// whose resource name or message contains sub.
type certsWant struct {
	check  string
	status finding.Status
	sub    string
}

// certsChecks are the checks that judge a node's certificates; a properly
// issued set passes every one of them.
var certsChecks = []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08", "HARD-11"}

// TestCertificateSets is the acceptance test of the certificates and
// keystore checks: each case generates a certificate set that is wrong in
// one respect, and the check that judges that respect must say so, while
// the checks in clean stay free of fail, warn and unknown.
func TestCertificateSets(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		spec  func(*certsSpec)
		want  []certsWant
		clean []string
	}{
		{
			name:  "properly issued set",
			spec:  func(*certsSpec) {},
			want:  []certsWant{{"HARD-11", finding.StatusPass, "node.key"}, {"HARD-08", finding.StatusPass, "CN=es01"}},
			clean: certsChecks,
		},
		{
			name:  "properly issued set with Kibana",
			spec:  func(s *certsSpec) { s.kibana = true },
			want:  []certsWant{{"HTTPS-05", finding.StatusPass, "verifies the Elasticsearch HTTP certificate"}, {"HTTPS-07", finding.StatusPass, certsKBHost}},
			clean: append([]string{"HTTPS-05", "HTTPS-07"}, certsChecks...),
		},
		{
			name:  "expired leaf",
			spec:  func(s *certsSpec) { s.leafNotAfter = certsNow.Add(-2 * certsDay) },
			want:  []certsWant{{"HARD-06", finding.StatusFail, `"CN=es01,O=essec test" (node.crt) expired on 2026-11-24`}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-07", "HARD-08"},
		},
		{
			name:  "leaf expiring in 10 days",
			spec:  func(s *certsSpec) { s.leafNotAfter = certsNow.Add(10 * certsDay) },
			want:  []certsWant{{"HARD-06", finding.StatusWarn, "expires on 2026-12-06T12:00:00Z, in 10 days"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-07", "HARD-08"},
		},
		{
			name: "CA expiring before its leaf",
			spec: func(s *certsSpec) { s.caNotAfter = certsNow.Add(100 * certsDay) },
			want: []certsWant{
				{"HARD-06", finding.StatusWarn, `CA certificate "CN=essec test CA,O=essec test" (ca.crt) expires on 2027-03-06T12:00:00Z, before CN=es01`},
				{"HARD-06", finding.StatusPass, `"CN=es01,O=essec test" (node.crt) is valid until`},
			},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-07", "HARD-08"},
		},
		{
			name:  "1024-bit RSA leaf",
			spec:  func(s *certsSpec) { s.leafBits = 1024 },
			want:  []certsWant{{"HARD-07", finding.StatusFail, "RSA key of 1024 bits (expected at least 2048)"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-08"},
		},
		{
			name:  "SHA-1 signature",
			spec:  func(s *certsSpec) { s.leafSig = x509.SHA1WithRSA },
			want:  []certsWant{{"HARD-07", finding.StatusFail, "SHA1-RSA signature (expected SHA-256 or better)"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-08"},
		},
		{
			name: "self-signed leaf",
			spec: func(s *certsSpec) { s.selfSigned = true },
			want: []certsWant{
				{"HARD-08", finding.StatusFail, `"CN=es01,O=essec test" (node.crt) is self-signed`},
				{"BAS-02", finding.StatusFail, "not signed by any of the 1 trust anchor(s)"},
			},
			clean: []string{"BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07"},
		},
		{
			name: "leaf from another CA than certificate_authorities",
			spec: func(s *certsSpec) { s.otherCA, s.kibana = true, true },
			want: []certsWant{
				{"BAS-02", finding.StatusFail, "not signed by any of the 1 trust anchor(s)"},
				{"HTTPS-05", finding.StatusFail, "the configured trust does not verify"},
				{"HARD-08", finding.StatusPass, `is issued by "CN=essec other CA,O=essec test"`},
			},
			clean: []string{"BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "leaf without a SAN for network.host",
			spec:  func(s *certsSpec) { s.dns = []string{"es01", "localhost"} },
			want:  []certsWant{{"HTTPS-03", finding.StatusFail, `does not name ["` + certsHost + `"], configured in network.host (elasticsearch.yml:3)`}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "leaf with EKU serverAuth only",
			spec:  func(s *certsSpec) { s.eku = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth} },
			want:  []certsWant{{"BAS-05", finding.StatusFail, "Extended Key Usage [serverAuth]: mutual TLS needs both clientAuth and serverAuth"}},
			clean: []string{"BAS-02", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "world-readable key",
			spec:  func(s *certsSpec) { s.keyMode = 0o644 },
			want:  []certsWant{{"HARD-11", finding.StatusFail, "node.key (key, keystore or credentials file) is readable by others (mode 0644)"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "properly issued set, transport key in PKCS#12",
			spec:  func(s *certsSpec) { s.p12 = true },
			want:  []certsWant{{"HARD-11", finding.StatusPass, "node.p12"}, {"BAS-02", finding.StatusPass, "keystore.path: certs/node.p12"}},
			clean: certsChecks,
		},
		{
			name:  "PKCS#12 leaf from another CA than certificate_authorities",
			spec:  func(s *certsSpec) { s.p12, s.otherCA = true, true },
			want:  []certsWant{{"BAS-02", finding.StatusFail, "node.p12 is not trusted by the transport's own trust anchors: not signed by any of the 1 trust anchor(s)"}},
			clean: []string{"BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08", "HARD-11"},
		},
		{
			name:  "world-readable PKCS#12 keystore",
			spec:  func(s *certsSpec) { s.p12, s.keyMode = true, 0o644 },
			want:  []certsWant{{"HARD-11", finding.StatusFail, "node.p12 (key, keystore or credentials file) is readable by others (mode 0644)"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "leaf not yet valid",
			spec:  func(s *certsSpec) { s.leafNotBefore = certsNow.Add(3 * certsDay) },
			want:  []certsWant{{"HARD-06", finding.StatusFail, `"CN=es01,O=essec test" (node.crt) is not valid before 2026-11-29`}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-07", "HARD-08"},
		},
		{
			name:  "leaf with EKU clientAuth only",
			spec:  func(s *certsSpec) { s.eku = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth} },
			want:  []certsWant{{"BAS-05", finding.StatusFail, "Extended Key Usage [clientAuth]"}},
			clean: []string{"BAS-02", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08"},
		},
		{
			name:  "SHA-1 self-signed CA root",
			spec:  func(s *certsSpec) { s.caSig = x509.SHA1WithRSA },
			want:  []certsWant{{"HARD-07", finding.StatusPass, "SHA1-RSA signature (self-signed root: its own signature is not relied upon)"}},
			clean: certsChecks,
		},
		{
			name: "1024-bit CA",
			spec: func(s *certsSpec) { s.caBits = 1024 },
			want: []certsWant{
				{"HARD-07", finding.StatusFail, `"CN=essec test CA,O=essec test" (ca.crt): RSA key of 1024 bits`},
				{"HARD-07", finding.StatusPass, `"CN=es01,O=essec test" (node.crt): RSA 2048-bit key`},
			},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-08"},
		},
		{
			name: "self-signed Kibana server certificate",
			spec: func(s *certsSpec) { s.kibana, s.kibanaSelfSigned = true, true },
			want: []certsWant{
				{"HTTPS-07", finding.StatusFail, `is self-signed; expected one issued by a CA browsers trust`},
				{"HARD-08", finding.StatusFail, `"CN=kb01,O=essec test" (kibana.crt) is self-signed`},
			},
			clean: []string{"HTTPS-05", "BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-07", "HARD-11"},
		},
		{
			name:  "Kibana server certificate without the public host",
			spec:  func(s *certsSpec) { s.kibana, s.kibanaDNS = true, []string{"kb01"} },
			want:  []certsWant{{"HTTPS-07", finding.StatusFail, `does not name "` + certsKBHost + `"`}},
			clean: append([]string{"HTTPS-05"}, certsChecks...),
		},
		{
			name: "world-readable Kibana key",
			spec: func(s *certsSpec) { s.kibana, s.kibanaKeyMode = true, 0o644 },
			want: []certsWant{
				{"HARD-11", finding.StatusFail, "kibana.key (key, keystore or credentials file) is readable by others (mode 0644)"},
				{"HARD-11", finding.StatusPass, "node.key (key, keystore or credentials file): mode 0600"},
			},
			clean: []string{"HTTPS-05", "HTTPS-07", "BAS-02", "HARD-08"},
		},
		{
			name:  "properly issued set, network.host an IP the leaf names",
			spec:  func(s *certsSpec) { s.networkHost = certsIP },
			want:  []certsWant{{"HTTPS-03", finding.StatusPass, certsIP}},
			clean: certsChecks,
		},
		{
			name:  "leaf without the IP SAN for network.host",
			spec:  func(s *certsSpec) { s.networkHost, s.ips = certsIP, []string{"127.0.0.1"} },
			want:  []certsWant{{"HTTPS-03", finding.StatusFail, `does not name ["` + certsIP + `"]`}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HARD-06", "HARD-07", "HARD-08", "HARD-11"},
		},
		{
			name: "properly issued set, leaf from an intermediate CA sent along",
			spec: func(s *certsSpec) { s.intermediate, s.kibana = true, true },
			want: []certsWant{
				{"HARD-08", finding.StatusPass, `is issued by "CN=essec test intermediate CA,O=essec test"`},
				{"HTTPS-05", finding.StatusPass, "verifies the Elasticsearch HTTP certificate"},
			},
			clean: append([]string{"HTTPS-05", "HTTPS-07"}, certsChecks...),
		},
		{
			name:  "properly issued set, ECDSA P-256 leaf",
			spec:  func(s *certsSpec) { s.leafCurve = elliptic.P256() },
			want:  []certsWant{{"HARD-07", finding.StatusPass, "256-bit key"}},
			clean: certsChecks,
		},
		{
			name:  "ECDSA P-224 leaf",
			spec:  func(s *certsSpec) { s.leafCurve = elliptic.P224() },
			want:  []certsWant{{"HARD-07", finding.StatusFail, "EC key of 224 bits (expected at least 256)"}},
			clean: []string{"BAS-02", "BAS-05", "HTTPS-02", "HTTPS-03", "HARD-06", "HARD-08", "HARD-11"},
		},
		{
			name: "key that does not belong to the certificate",
			spec: func(s *certsSpec) { s.keyMismatch = true },
			want: []certsWant{
				{"BAS-02", finding.StatusFail, "the private key does not match the certificate"},
				{"HTTPS-02", finding.StatusFail, "does not belong to its certificate"},
			},
			clean: []string{"BAS-05", "HTTPS-03", "HARD-06", "HARD-07", "HARD-08", "HARD-11"},
		},
		{
			name:  "Kibana trusting another CA",
			spec:  func(s *certsSpec) { s.kibana, s.kibanaOtherCA = true, true },
			want:  []certsWant{{"HTTPS-05", finding.StatusFail, "the configured trust does not verify"}},
			clean: certsChecks,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := certsGood()
			tc.spec(&spec)
			paths := certsWrite(t, spec)
			lr := auditLive(t, nil, append(paths, "--es-version", "8.15.1")...)
			if lr.code == 2 {
				t.Fatalf("%s: exit 2, nothing audited: %s", tc.name, lr.stderr)
			}
			for _, w := range tc.want {
				certsExpect(t, tc.name, lr, w)
			}
			for _, check := range tc.clean {
				certsClean(t, tc.name, lr, check)
			}
		})
	}
}

// certsFindings lists the findings of check.
func certsFindings(lr liveRun, check string) []finding.Finding {
	var out []finding.Finding
	for _, f := range lr.report.Findings {
		if f.CheckID == check {
			out = append(out, f)
		}
	}
	return out
}

// certsSaid words what the report said for check, one finding a line.
func certsSaid(lr liveRun, check string) string {
	var lines []string
	for _, f := range certsFindings(lr, check) {
		lines = append(lines, fmt.Sprintf("%s on %s %s: %s", f.Status, f.Resource.Kind, f.Resource.Name, f.Message))
	}
	if len(lines) == 0 {
		return "(no finding)"
	}
	return strings.Join(lines, "\n    ")
}

func certsExpect(t *testing.T, name string, lr liveRun, w certsWant) {
	t.Helper()
	for _, f := range certsFindings(lr, w.check) {
		status := f.Status
		if certsOwnerWarning(f) {
			status = finding.StatusPass
		}
		if status == w.status && (strings.Contains(f.Message, w.sub) || strings.Contains(f.Resource.Name, w.sub)) {
			return
		}
	}
	t.Errorf("case %q: want %s %s mentioning %q; the report said:\n    %s", name, w.check, w.status, w.sub, certsSaid(lr, w.check))
}

// certsOwnerWarning tells HARD-11's warning about a file owner other than
// root or the service account, which every file the test writes gets when
// the test does not run as root: it counts as a pass then.
func certsOwnerWarning(f finding.Finding) bool {
	return f.CheckID == "HARD-11" && f.Status == finding.StatusWarn && os.Geteuid() != 0 && strings.Contains(f.Message, "is owned by")
}

// certsClean asserts that check judged something and found nothing wrong.
func certsClean(t *testing.T, name string, lr liveRun, check string) {
	t.Helper()
	fs := certsFindings(lr, check)
	bad := len(fs) == 0
	for _, f := range fs {
		if f.Status != finding.StatusPass && !certsOwnerWarning(f) {
			bad = true
		}
	}
	if bad {
		t.Errorf("case %q: want %s to pass; the report said:\n    %s", name, check, certsSaid(lr, check))
	}
}

// BenchmarkCertsNode measures one node with a properly issued set
// (transport PKCS#12, HTTP PEM): "audit" is the whole in-process essec
// audit (flags, collection, policy compilation and evaluation, JSON report);
// "collect" the collection of its input document; "evaluate" the policy
// evaluation of that document with a prepared engine.
// BenchmarkNodeCertificates in internal/collect/certs is the certificate
// part of "collect".
func BenchmarkCertsNode(b *testing.B) {
	s := certsGood()
	s.p12 = true
	paths := certsWrite(b, s)
	ctx := context.Background()
	b.Run("audit", func(b *testing.B) {
		args := append([]string{"audit", "--format", "json", "--es-version", "8.15.1"}, paths...)
		for b.Loop() {
			var out, errOut bytes.Buffer
			d := &cli.Deps{
				IO:      &cli.IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut, Getenv: func(string) (string, bool) { return "", false }},
				Build:   cli.BuildInfo{Version: "bench"},
				Now:     func() time.Time { return certsNow },
				Secrets: &redact.Secrets{},
			}
			if code := cli.Execute(ctx, d, args); code == 2 {
				b.Fatalf("exit 2: %s", errOut.String())
			}
		}
	})
	req := collect.Request{
		Deployment: target.Deployment{Name: "certs-test", Version: "8.15.1", Paths: paths},
		Now:        certsNow, CertWarnDays: 30,
		Redactor: redact.NewWithKey([]byte("bench")), Seen: &redact.Secrets{},
	}
	var doc *inventory.Document
	b.Run("collect", func(b *testing.B) {
		for b.Loop() {
			var err error
			if doc, err = collect.Deployment(ctx, req); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("evaluate", func(b *testing.B) {
		mods, err := policy.ReadFS(policies.FS, ".", "policies/")
		if err != nil {
			b.Fatal(err)
		}
		e, err := policy.NewEngine(ctx, mods, nil)
		if err != nil {
			b.Fatal(err)
		}
		if doc == nil {
			b.Skip("collect did not run")
		}
		for b.Loop() {
			v, err := policy.InputValue(doc)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.Evaluate(ctx, "certs-test", v, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
