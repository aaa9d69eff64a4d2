package certs

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/essec-dev/essec/internal/certtest"
	"github.com/essec-dev/essec/internal/collect/collecttest"
	"github.com/essec-dev/essec/internal/inventory"
)

// TestTransportPEM runs node-certificate shapes through the transport
// context: certificate + key + certificate_authorities, relative paths.
func TestTransportPEM(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	rsaCA := issue(t, nil, certOpts{cn: "RSA CA", isCA: true, rsaBits: 2048})
	otherCA := issue(t, nil, certOpts{cn: "Other CA", isCA: true})
	self := issue(t, nil, certOpts{cn: "es01"})

	type view struct {
		cert  inventory.Certificate
		key   inventory.TLSMaterial
		trust inventory.TrustResult
	}
	tests := []struct {
		name    string
		leaf    issued
		anchor  issued
		keyMode os.FileMode
		check   func(t *testing.T, v view)
	}{
		{name: "ca and leaf pass", leaf: issue(t, &ca, certOpts{}), anchor: ca, check: func(t *testing.T, v view) {
			if !v.trust.Trusted || v.cert.SelfSigned || v.key.KeyMatchesCertificate == nil || !*v.key.KeyMatchesCertificate {
				t.Errorf("want trusted, CA-signed, matching key: %+v %+v", v.trust, v.key)
			}
			if v.key.Mode != "0600" || !v.key.HasPrivateKey || v.key.Error != "" {
				t.Errorf("key evidence: %+v", v.key)
			}
		}},
		{name: "expired", leaf: issue(t, &ca, certOpts{notBefore: testNow.AddDate(-2, 0, 0), notAfter: testNow.Add(-time.Hour)}), anchor: ca,
			check: func(t *testing.T, v view) {
				if !v.trust.Trusted || !strings.Contains(v.trust.Reason, "not valid at 2026-03-01T12:00:00Z") {
					t.Errorf("expired leaf is still signed by the CA, with a note: %+v", v.trust)
				}
				if v.cert.NotAfter != testNow.Add(-time.Hour).Format(time.RFC3339) {
					t.Errorf("not_after = %s", v.cert.NotAfter)
				}
			}},
		{name: "1024-bit RSA", leaf: issue(t, &ca, certOpts{rsaBits: 1024}), anchor: ca, check: func(t *testing.T, v view) {
			if v.cert.KeyAlgorithm != "RSA" || v.cert.KeyBits != 1024 {
				t.Errorf("key = %s/%d", v.cert.KeyAlgorithm, v.cert.KeyBits)
			}
		}},
		{name: "SHA-1 signature", leaf: issue(t, &rsaCA, certOpts{sigAlg: x509.SHA1WithRSA}), anchor: rsaCA, check: func(t *testing.T, v view) {
			if v.cert.SignatureAlgorithm != "SHA1-RSA" {
				t.Errorf("signature_algorithm = %s", v.cert.SignatureAlgorithm)
			}
			if !v.trust.Trusted || !strings.Contains(v.trust.Reason, "SHA-1") {
				t.Errorf("SHA-1 chain should verify directly: %+v", v.trust)
			}
		}},
		{name: "self-signed leaf", leaf: self, anchor: self, check: func(t *testing.T, v view) {
			if !v.cert.SelfSigned || v.cert.IsCA {
				t.Errorf("self_signed=%v is_ca=%v", v.cert.SelfSigned, v.cert.IsCA)
			}
			if !v.trust.Trusted || !strings.Contains(v.trust.Reason, "the leaf itself is a trust anchor") {
				t.Errorf("a self-signed leaf trusted as itself must say so: %+v", v.trust)
			}
		}},
		{name: "wrong CA", leaf: issue(t, &ca, certOpts{}), anchor: otherCA, check: func(t *testing.T, v view) {
			if v.trust.Trusted || !strings.Contains(v.trust.Reason, "not signed by any of the 1 trust anchor") {
				t.Errorf("want untrusted: %+v", v.trust)
			}
		}},
		{name: "missing SAN", leaf: issue(t, &ca, certOpts{noSAN: true}), anchor: ca, check: func(t *testing.T, v view) {
			if v.cert.DNSNames == nil || len(v.cert.DNSNames) != 0 || len(v.cert.IPAddresses) != 0 {
				t.Errorf("SANs = %v %v, want empty lists", v.cert.DNSNames, v.cert.IPAddresses)
			}
		}},
		{name: "EKU serverAuth only", leaf: issue(t, &ca, certOpts{eku: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}), anchor: ca,
			check: func(t *testing.T, v view) {
				if !slices.Equal(v.cert.ExtKeyUsage, []string{"serverAuth"}) {
					t.Errorf("eku = %v", v.cert.ExtKeyUsage)
				}
				if !v.trust.Trusted {
					t.Errorf("trust ignores key usage: %+v", v.trust)
				}
			}},
		{name: "world-readable key", leaf: issue(t, &ca, certOpts{}), anchor: ca, keyMode: 0o644, check: func(t *testing.T, v view) {
			if v.key.Mode != "0644" || v.key.Owner == "" || v.key.Group == "" {
				t.Errorf("mode/owner = %q %q %q", v.key.Mode, v.key.Owner, v.key.Group)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			mode := tt.keyMode
			if mode == 0 {
				mode = 0o600
			}
			collecttest.WriteFile(t, dir, "certs/node.crt", certtest.CertPEM(tt.leaf.cert), 0o644)
			collecttest.WriteFile(t, dir, "certs/node.key", certtest.KeyPEM(t, tt.leaf.key), mode)
			collecttest.WriteFile(t, dir, "certs/ca.crt", certtest.CertPEM(tt.anchor.cert), 0o644)
			req := Request{ConfigDir: dir, Now: testNow, Settings: settings(
				"xpack.security.transport.ssl.certificate", "certs/node.crt",
				"xpack.security.transport.ssl.key", "certs/node.key",
				"xpack.security.transport.ssl.certificate_authorities", "certs/ca.crt",
			)}
			mats, trust, errs := ForElasticsearch(context.Background(), req)
			if len(errs) != 0 || len(mats) != 3 {
				t.Fatalf("errors %v, %d materials", errs, len(mats))
			}
			cert := find(t, mats, "xpack.security.transport.ssl.certificate")
			if cert.Context != ContextTransport || cert.Role != RoleCertificate || cert.Format != FormatPEM || len(cert.Certificates) != 1 {
				t.Fatalf("certificate material: %+v", cert)
			}
			tt.check(t, view{cert: cert.Certificates[0], key: find(t, mats, "xpack.security.transport.ssl.key"), trust: trustFor(t, trust, ContextTransport)})
		})
	}
}

// TestPEMFiles covers file-level outcomes: paths, absence, garbage, keys.
func TestPEMFiles(t *testing.T) {
	ca := issue(t, nil, certOpts{cn: "Test CA", isCA: true})
	leaf := issue(t, &ca, certOpts{})
	rsaLeaf := issue(t, &ca, certOpts{rsaBits: 1024})
	tests := []struct {
		name      string
		files     map[string][]byte
		path      string // value of the certificate setting
		wantErr   string
		wantFmt   string
		wantCerts int
	}{
		{name: "relative path resolves in the config dir", files: map[string][]byte{"certs/a.crt": certtest.CertPEM(leaf.cert, ca.cert)}, path: "certs/a.crt", wantFmt: FormatPEM, wantCerts: 2},
		{name: "missing file", path: "certs/none.crt", wantErr: "not found", wantFmt: FormatUnknown},
		{name: "garbage file", files: map[string][]byte{"junk.crt": []byte("\x00\x01garbage that is no certificate")}, path: "junk.crt", wantErr: "not PEM, PKCS#12 or JKS", wantFmt: FormatUnknown},
		{name: "empty file", files: map[string][]byte{"empty.crt": nil}, path: "empty.crt", wantErr: "empty file", wantFmt: FormatUnknown},
		{name: "DER instead of PEM", files: map[string][]byte{"der.crt": leaf.cert.Raw}, path: "der.crt", wantErr: "not PEM: a DER-encoded certificate", wantFmt: FormatUnknown, wantCerts: 1},
		{name: "key where a certificate is expected", files: map[string][]byte{"k.pem": certtest.KeyPEM(t, leaf.key)}, path: "k.pem", wantErr: "no certificate in file", wantFmt: FormatPEM},
		{name: "CRLF line endings", files: map[string][]byte{"crlf.crt": []byte(strings.ReplaceAll(string(certtest.CertPEM(rsaLeaf.cert)), "\n", "\r\n"))}, path: "crlf.crt", wantFmt: FormatPEM, wantCerts: 1},
		{name: "broken PEM block", files: map[string][]byte{"b.crt": []byte("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n")}, path: "b.crt", wantErr: "not PEM", wantFmt: FormatPEM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			for n, d := range tt.files {
				collecttest.WriteFile(t, dir, n, d, 0o640)
			}
			req := Request{ConfigDir: dir, Now: testNow, Settings: settings("xpack.security.http.ssl.certificate", tt.path)}
			mats, _, _ := ForElasticsearch(context.Background(), req)
			m := find(t, mats, "xpack.security.http.ssl.certificate")
			if m.Path != filepath.Join(dir, tt.path) || !filepath.IsAbs(m.Path) {
				t.Errorf("path = %s", m.Path)
			}
			if tt.wantErr == "" && m.Error != "" || !strings.Contains(m.Error, tt.wantErr) {
				t.Errorf("error = %q, want %q", m.Error, tt.wantErr)
			}
			if m.Format != tt.wantFmt || len(m.Certificates) != tt.wantCerts {
				t.Errorf("format %q certs %d, want %q %d", m.Format, len(m.Certificates), tt.wantFmt, tt.wantCerts)
			}
			if tt.wantErr == "not found" && (m.Exists || m.Readable) {
				t.Errorf("missing file reported as existing: %+v", m)
			}
		})
	}
}
